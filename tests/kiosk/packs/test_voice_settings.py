"""A pack's settings.yaml may choose the kiosk's read-aloud voice and rate, checked like the
admin's settings form."""

from __future__ import annotations

import pytest

from kiosk.packs.check import load
from kiosk.problems import PackError
from tests.helpers.packbuilder import write_pack

SETTINGS = "hamlet: Thôn Thử\ncommune: Xã Thử\nprovince: Tỉnh Thử\n"


def test_voice_and_rate_are_read(tmp_path):
    pack = write_pack(tmp_path / "p", extra={
        "settings.yaml": (SETTINGS + "voice_region: trung\nspeech_rate: 80\n").encode()})
    settings = load(pack).settings
    assert (settings["voice_region"], settings["speech_rate"]) == ("trung", 80)


@pytest.mark.parametrize(("line", "message"), [
    ("voice_region: hue", "settings.yaml:4: voice_region: phải là bac, trung hoặc nam"),
    ("speech_rate: 400", "settings.yaml:4: speech_rate: phải là số nguyên từ 50 đến 150")])
def test_a_wrong_voice_names_file_line_and_field(tmp_path, line, message):
    pack = write_pack(tmp_path / "p", extra={"settings.yaml": (SETTINGS + line + "\n").encode()})
    with pytest.raises(PackError) as caught:
        load(pack)
    assert message in [str(p) for p in caught.value.problems]
