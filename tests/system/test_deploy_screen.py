"""The Pi kiosk launcher on different panels: the device scale factor it chooses from what
wlr-randr or xrandr report (stand-ins on PATH), --scale, and read-aloud through speech-dispatcher."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PI = Path(__file__).resolve().parents[2] / "deploy" / "pi"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bash launcher")

WLR_RANDR = """DSI-2 "(null) (null) (DSI-2)"
  Physical size: {mm} mm
  Enabled: yes
  Modes:
    {px} px, 60.000000 Hz (preferred, current)
  Position: 0,0
  Transform: normal
"""
XRANDR = """Screen 0: minimum 320 x 200, current {px}, maximum 8192 x 8192
HDMI-1 connected primary {px}+0+0 (normal left inverted right x axis y axis) {mm}
   {px}     60.00*+
HDMI-2 disconnected (normal left inverted right x axis y axis)
"""


def flags(tmp_path: Path, *args: str, session: str = "wayland", randr: str = "",
          conf: str = "") -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if randr:
        name = "wlr-randr" if session == "wayland" else "xrandr"
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\ncat <<'END'\n{randr}END\n")
        tool.chmod(0o755)
    (tmp_path / "kiosk.conf").write_text("PORT=9090\n" + conf)
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    env.update(LANGSO_KIOSK_CONF=str(tmp_path / "kiosk.conf"), XDG_RUNTIME_DIR=str(tmp_path),
               PATH=f"{bin_dir}:/usr/bin:/bin")
    if session == "wayland":
        env["WAYLAND_DISPLAY"] = "wayland-0"
    else:
        env["DISPLAY"] = ":0"
    return subprocess.run(["bash", str(PI / "kiosk-browser.sh"), *args, "--print-flags"],
                          capture_output=True, text=True, env=env)


def scale_flag(result: subprocess.CompletedProcess) -> str | None:
    assert result.returncode == 0, result.stderr
    found = [f for f in result.stdout.splitlines() if f.startswith("--force-device-scale-factor")]
    return found[0].split("=")[1] if found else None


@pytest.mark.parametrize(("session", "randr", "expected"), [
    # Raspberry Pi 7" panel, 800x480 at 133 ppi: the size the layout is tested at.
    ("wayland", WLR_RANDR.format(px="800x480", mm="154x86"), None),
    # Touch Display 2: 720x1280 on a 7" panel, ~210 ppi.
    ("wayland", WLR_RANDR.format(px="720x1280", mm="88x155"), "1.25"),
    # A 24" 1920x1080 monitor and a 55" 4K TV on X11.
    ("x11", XRANDR.format(px="1920x1080", mm="527mm x 296mm"), None),
    ("x11", XRANDR.format(px="3840x2160", mm="1210mm x 680mm"), "2"),
])
def test_the_scale_follows_the_panel(tmp_path, session, randr, expected):
    assert scale_flag(flags(tmp_path, session=session, randr=randr)) == expected


def test_no_scale_when_the_screen_cannot_be_read(tmp_path):
    assert scale_flag(flags(tmp_path)) is None


def test_scale_given_on_the_command_line_or_in_the_config_wins(tmp_path):
    randr = WLR_RANDR.format(px="720x1280", mm="88x155")
    assert scale_flag(flags(tmp_path, "--scale", "1.5", randr=randr)) == "1.5"
    assert scale_flag(flags(tmp_path, randr=randr, conf="SCALE=1.75\n")) == "1.75"


def test_a_bad_scale_is_refused(tmp_path):
    result = flags(tmp_path, "--scale", "to")
    assert (result.returncode, "SCALE phải là auto" in result.stderr) == (2, True)


def test_chromium_gets_the_speech_dispatcher_voices(tmp_path):
    assert "--enable-speech-dispatcher" in flags(tmp_path).stdout.splitlines()


def test_the_installer_installs_the_vietnamese_voices_and_writes_the_scale():
    text = (PI / "install.sh").read_text(encoding="utf-8")
    assert "speech-dispatcher-espeak-ng" in text and 'say "SCALE=$SCALE"' in text
