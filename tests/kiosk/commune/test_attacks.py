"""Adversarial tests of the commune exchange: hostile hamlets, tampering couriers, careless
officers. Each test is one attack that once worked (issue 20 review)."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from kiosk import db
from kiosk.commune import bundle, identity, inbox, signed_pack
from kiosk.store import commune as commune_store
from kiosk.store import guides as guide_store
from tests.helpers.commune import COMMUNE_KEY, commune_pack, fp, payload, rewrite_zip, signed

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


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


def test_a_bundle_dated_in_the_future_cannot_lock_out_the_hamlets_corrections(conn):
    # A hamlet machine whose clock ran ten years ahead signed a bundle; stored, it would have
    # been "newer" than every correction made after the clock was fixed.
    key = SigningKey.generate()
    future = bundle.sign_bundle(payload(key, "Thôn Đông", "2026-11", 3, "2036-12-01T08:00:00Z"),
                                key)
    [outcome] = inbox.import_bundles(conn, [("f.json", future)], "xa", frozenset({fp(key)}),
                                     now=NOW)
    assert outcome.status == inbox.REFUSED and "tương lai" in outcome.message
    fixed = bundle.sign_bundle(payload(key, "Thôn Đông", "2026-11", 4, "2026-12-02T08:00:00Z"),
                               key)
    [outcome] = inbox.import_bundles(conn, [("g.json", fixed)], "xa", frozenset({fp(key)}),
                                     now=NOW)
    assert outcome.status == inbox.NEW


@pytest.mark.parametrize(("field", "value"), [("month", "２０２６-11"),
                                              ("created_at", "２０２６-12-01T08:00:00Z")])
def test_months_and_times_take_ascii_digits_only(field, value):
    # "\\d" also matches fullwidth digits, which sort after every real date.
    key = SigningKey.generate()
    data = payload(key, "Thôn Đông", "2026-11", 3, "2026-12-01T08:00:00Z")
    data[field] = value
    with pytest.raises(bundle.BundleError, match=field):
        bundle.read_bundle(bundle.sign_bundle(data, key))


def _hamlet_names(conn) -> list[str]:
    return [h.name for h in commune_store.list_hamlets(conn)]


def test_a_new_key_claiming_a_registered_hamlets_name_warns_the_officer(conn):
    real, impostor = SigningKey.generate(), SigningKey.generate()
    inbox.import_bundles(conn, [("a.json", signed(real, "Thôn Đông", "2026-11", 3,
                                                  "2026-12-01T08:00:00Z"))],
                         "xa", frozenset({fp(real)}), now=NOW)
    [held] = inbox.import_bundles(conn, [("b.json", signed(impostor, "Thôn Đông", "2026-11", 90,
                                                           "2026-12-01T09:00:00Z"))],
                                  "xa", now=NOW)
    assert held.status == inbox.UNKNOWN
    assert "đã đăng ký" in held.message and fp(real) in held.message


def test_a_replayed_old_bundle_does_not_rename_the_hamlet(conn):
    # "Nothing changes" for an older file: its names must not overwrite the newer ones either.
    key = SigningKey.generate()
    old = signed(key, "Thôn Đông", "2026-11", 3, "2026-12-01T08:00:00Z")
    new = signed(key, "Thôn Đông Mới", "2026-11", 4, "2026-12-02T08:00:00Z")
    october = signed(key, "Thôn Đông", "2026-10", 2, "2026-11-01T08:00:00Z")
    inbox.import_bundles(conn, [("new.json", new)], "xa", frozenset({fp(key)}), now=NOW)
    [replay, late] = inbox.import_bundles(conn, [("old.json", old), ("oct.json", october)], "xa",
                                          now=NOW)
    assert (replay.status, late.status) == (inbox.OLDER, inbox.NEW)
    assert _hamlet_names(conn) == ["Thôn Đông Mới"]


def _head(change):
    def edit(files):
        head = json.loads(files["signature.json"])
        change(head)
        files["signature.json"] = json.dumps(head).encode()  # ASCII: "\ud800" stays escaped
    return edit


@pytest.mark.parametrize("change", [
    lambda head: head.update(signer="\ud800"),
    lambda head: head["files"].update({"\ud800": "0" * 64}),
])
def test_a_lone_surrogate_in_signature_json_is_refused_not_a_crash(tmp_path, change):
    with pytest.raises(signed_pack.SignedPackError, match="signature.json"):
        signed_pack.read_signed_pack(rewrite_zip(commune_pack(tmp_path), _head(change)))


@pytest.fixture
def hamlet(app):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    yield conn, Path(app.config["DATA"])
    conn.close()


def test_an_older_signed_pack_cannot_roll_the_communes_guides_back(hamlet, tmp_path):
    # A courier keeps last year's pack (signed, unchanged) and delivers it after this year's:
    # every corrected guide would go back to the old text.
    conn, data = hamlet
    trust = identity.fingerprint(COMMUNE_KEY.verify_key)
    old = signed_pack.read_signed_pack(commune_pack(tmp_path, "Học Zalo cũ", name="old.zip",
                                                    now=datetime(2025, 11, 1, tzinfo=UTC)))
    new = signed_pack.read_signed_pack(commune_pack(tmp_path, "Học Zalo mới", name="new.zip",
                                                    now=datetime(2026, 11, 1, tzinfo=UTC)))
    signed_pack.apply_update(conn, data, new, "lan", confirm=trust)
    with pytest.raises(signed_pack.SignedPackError, match="cũ hơn"):
        signed_pack.apply_update(conn, data, old, "lan")
    assert guide_store.get_guide(conn, "hoc-zalo").title["vi"] == "Học Zalo mới"
    signed_pack.apply_update(conn, data, new, "lan")  # the same pack again changes nothing


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_key_file_others_can_read_is_closed_again_on_load(tmp_path):
    # Copied by hand from a USB stick (cp without -p), the key arrives world-readable: anyone
    # with a login on the Pi could then sign the hamlet's figures.
    key = identity.load_or_create(tmp_path)
    path = identity.key_path(tmp_path)
    path.chmod(0o644)
    assert bytes(identity.load_or_create(tmp_path)) == bytes(key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("lookalike", ["Thôn\u00a0Đông", "THÔN  ĐÔNG ", "Thôn Đông\u200b",
                                       "Thôn \u202eĐông"])
def test_a_lookalike_of_a_registered_name_still_warns(conn, lookalike):
    # A no-break space, case and spacing, or an invisible format character (zero-width space,
    # bidi override) makes a name that looks the same on the page but compared different.
    real, impostor = SigningKey.generate(), SigningKey.generate()
    inbox.import_bundles(conn, [("a.json", signed(real, "Thôn Đông", "2026-11", 3,
                                                  "2026-12-01T08:00:00Z"))],
                         "xa", frozenset({fp(real)}), now=NOW)
    [held] = inbox.import_bundles(conn, [("b.json", signed(impostor, lookalike, "2026-11", 90,
                                                           "2026-12-01T09:00:00Z"))],
                                  "xa", now=NOW)
    if held.status == inbox.REFUSED:  # invisible characters are not part of a name
        assert "hamlet.name" in held.message
    else:
        assert held.status == inbox.UNKNOWN and fp(real) in held.message
