"""Adversarial tests of the commune exchange: hostile hamlets, tampering couriers, careless
officers. Each test is one attack that once worked (issue 20 review)."""

from __future__ import annotations

import json

import pytest
from nacl.signing import SigningKey

from kiosk.commune import bundle
from tests.kiosk.commune.test_inbox import payload


def test_a_lone_surrogate_in_a_name_is_refused_not_a_crash():
    # JSON may spell "\ud800", which Python reads as a lone surrogate that UTF-8 cannot encode:
    # once the signature check raised UnicodeEncodeError and the whole upload failed (500).
    key = SigningKey.generate()
    document = {"payload": payload(key, "Thôn Đông", "2026-11", 3, "2026-12-01T08:00:00Z"),
                "signature": "A" * 88}
    data = json.dumps(document).replace("Th\\u00f4n \\u0110\\u00f4ng", "\\ud800").encode()
    assert b"\\ud800" in data
    with pytest.raises(bundle.BundleError, match="hamlet.name"):
        bundle.read_bundle(data)
