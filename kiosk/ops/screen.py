"""What `langso doctor` can tell about the kiosk's screen and read-aloud voices.

The screen comes from the kernel (/sys/class/drm: the connected output's mode and its EDID's size
in millimetres), so it works without a desktop session, as the service account. The scale is the
rule deploy/pi/kiosk-browser.sh applies (the same panels are tested on both sides). Windows
voices come from the registry; on Linux the voices are speech-dispatcher's and are not checked.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from pathlib import Path

from kiosk.ops.checks import OK, WARN, Check

DRM = Path("/sys/class/drm")
VIETNAMESE_LCID = "42a"  # Windows' language id for Vietnamese (Vietnam)


def device_scale(width: int, height: int, width_mm: int, height_mm: int) -> float:
    """The Chromium device scale factor the launcher picks: 1 up to 165 ppi, then quarter
    steps; a screen wider than 1920 px is shown as 1920 CSS px wide."""
    ppi = math.hypot(width, height) / (math.hypot(width_mm, height_mm) / 25.4)
    scale = math.floor(ppi / 165 * 4 + 0.5) / 4
    scale = max(scale, math.floor(max(width, height) / 1920 * 4) / 4)
    return min(max(scale, 1.0), 3.0)


def edid_size_mm(edid: bytes) -> tuple[int, int] | None:
    """(width, height) in mm from an EDID's first detailed timing, else its cm fields."""
    if len(edid) < 128:
        return None
    width = edid[66] | (edid[68] & 0xF0) << 4
    height = edid[67] | (edid[68] & 0x0F) << 8
    if width and height:
        return width, height
    if edid[21] and edid[22]:
        return edid[21] * 10, edid[22] * 10
    return None


def read_screen(drm: Path = DRM) -> tuple[int, int, int, int] | None:
    """(width, height, width_mm, height_mm) of the first connected output that says its size."""
    for output in sorted(drm.glob("card*-*")):
        try:
            if (output / "status").read_text().strip() != "connected":
                continue
            modes = (output / "modes").read_text().split()
            size = edid_size_mm((output / "edid").read_bytes())
        except OSError:
            continue
        if modes and size and "x" in modes[0]:
            width, height = (int(n) for n in modes[0].split("x")[:2])
            return width, height, *size
    return None


def check_screen(screen: tuple[int, int, int, int] | None) -> Check | None:
    """The screen line, or None where the screen cannot be read (no panel, not Linux)."""
    if screen is None:
        return None
    width, height, width_mm, height_mm = screen
    inches = math.hypot(width_mm, height_mm) / 25.4
    scale = device_scale(*screen)
    css = f"{round(width / scale)}×{round(height / scale)}"
    text = (f"{width}×{height}, {inches:.1f} inch, {math.hypot(width, height) / inches:.0f} ppi: "
            f"kiosk tự chọn tỉ lệ {scale:g} (trang rộng {css} điểm CSS)")
    if min(width, height) / scale < 480:
        return Check("Màn hình", WARN, text, "màn hình quá nhỏ cho kiosk: cần ít nhất 800×480")
    return Check("Màn hình", OK, text)


def windows_voice_languages() -> list[str]:
    """The language ids of the installed Windows voices (both speech stacks Edge reads)."""
    import winreg  # Windows only

    found = []
    for key in (r"SOFTWARE\Microsoft\Speech_OneCore\Voices\Tokens",
                r"SOFTWARE\Microsoft\Speech\Voices\Tokens"):
        try:
            tokens = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key)
        except OSError:
            continue
        with tokens:
            for i in range(winreg.QueryInfoKey(tokens)[0]):
                try:
                    with winreg.OpenKey(tokens, winreg.EnumKey(tokens, i) + r"\Attributes") as a:
                        found.append(str(winreg.QueryValueEx(a, "Language")[0]))
                except OSError:
                    continue
    return found


def check_windows_voice(languages: Iterable[str]) -> Check:
    """Whether Windows has an offline Vietnamese voice for read-aloud in Edge."""
    ids = {part.strip().lower() for value in languages for part in value.split(";")}
    if VIETNAMESE_LCID in ids:
        return Check("Giọng đọc", OK, "Windows có giọng tiếng Việt (Microsoft An)")
    return Check("Giọng đọc", WARN, "Windows chưa có giọng đọc tiếng Việt: nút “Đọc to” chỉ "
                 "hiện ở bước có bản ghi âm",
                 "Cài đặt › Thời gian và ngôn ngữ › Giọng nói › Thêm giọng nói › Tiếng Việt")


def screen_checks() -> list[Check]:
    """The screen and voice lines for this machine (empty where nothing can be told)."""
    checks = []
    if sys.platform.startswith("linux"):
        screen = check_screen(read_screen())
        if screen:
            checks.append(screen)
    elif sys.platform == "win32":
        checks.append(check_windows_voice(windows_voice_languages()))
    return checks
