"""kiosk.ops.screen: the doctor's screen line from a (stand-in) /sys/class/drm, the launcher's
scale rule on the same panels as tests/system/test_deploy_screen.py, Windows voices."""

from __future__ import annotations

import pytest

from kiosk.ops.checks import OK, WARN
from kiosk.ops.screen import check_screen, check_windows_voice, device_scale, edid_size_mm, read_screen


def edid(width_mm: int, height_mm: int) -> bytes:
    data = bytearray(128)
    data[66], data[67] = width_mm & 0xFF, height_mm & 0xFF
    data[68] = (width_mm >> 8) << 4 | height_mm >> 8
    return bytes(data)


@pytest.mark.parametrize(("screen", "expected"), [
    ((800, 480, 154, 86), 1.0), ((720, 1280, 88, 155), 1.25), ((1920, 1080, 527, 296), 1.0),
    ((3840, 2160, 1210, 680), 2.0), ((1024, 600, 154, 90), 1.0)])
def test_device_scale_matches_the_launcher(screen, expected):
    assert device_scale(*screen) == expected


def test_edid_size_in_mm_including_the_high_bits():
    assert edid_size_mm(edid(1210, 680)) == (1210, 680)
    assert edid_size_mm(b"short") is None


def test_read_screen_takes_the_connected_output(tmp_path):
    for name, status in (("card1-HDMI-A-1", "disconnected"), ("card1-DSI-1", "connected")):
        out = tmp_path / name
        out.mkdir()
        (out / "status").write_text(status + "\n")
        (out / "modes").write_text("720x1280\n")
        (out / "edid").write_bytes(edid(88, 155))
    assert read_screen(tmp_path) == (720, 1280, 88, 155)


def test_screen_line_says_size_density_and_scale():
    check = check_screen((720, 1280, 88, 155))
    assert (check.level, check.message) == (
        OK, "720×1280, 7.0 inch, 209 ppi: kiosk tự chọn tỉ lệ 1.25 (trang rộng 576×1024 điểm CSS)")
    assert check_screen(None) is None
    assert check_screen((640, 400, 300, 190)).level == WARN


def test_windows_voice():
    assert check_windows_voice(["409", "42A"]).level == OK
    missing = check_windows_voice(["409;41D"])
    assert (missing.level, "Giọng nói" in missing.fix) == (WARN, True)
