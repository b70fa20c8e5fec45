"""deploy/: the systemd unit, the Pi installer (run twice under --root), the kiosk launcher
(with a stand-in Chromium), the screen schedule, and the Windows scripts' encodings and settings."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers.deploy import PI, ROOT, directive, install, parse_unit, posix_only, render_unit

WINDOWS = ROOT / "deploy" / "windows"
SHELL_SCRIPTS = sorted(PI.glob("*.sh"))



# --- shell scripts -------------------------------------------------------------------------------

def test_there_are_scripts_to_check():
    assert {p.name for p in SHELL_SCRIPTS} >= {"install.sh", "kiosk-browser.sh",
                                               "screen-schedule.sh", "langso-cli.sh"}


@posix_only
@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_syntax(script):
    shell = "sh" if script.read_text().startswith("#!/bin/sh") else "bash"
    result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shellcheck_is_clean(script):
    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck not installed (apt-get install shellcheck)")
    result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_scripts_are_executable_and_stop_on_errors(script):
    assert script.stat().st_mode & stat.S_IXUSR
    assert re.search(r"^set -eu$", script.read_text(), re.MULTILINE)


# --- the systemd unit ----------------------------------------------------------------------------

UNIT = parse_unit((PI / "langso.service").read_text(encoding="utf-8"))


def test_unit_has_no_comment_after_a_directive():
    for values in UNIT.values():
        for key, value in values:
            assert "#" not in value and ";" not in value, key


def test_unit_restarts_forever_and_starts_without_network():
    assert directive(UNIT, "Service", "Restart") == "always"
    assert int(directive(UNIT, "Service", "RestartSec")) >= 1
    assert directive(UNIT, "Unit", "StartLimitIntervalSec") == "0"
    after = directive(UNIT, "Unit", "After").split()
    assert "network.target" in after and "network-online.target" not in after
    assert all(k not in ("Wants", "Requires") for k, _ in UNIT["Unit"])
    assert directive(UNIT, "Install", "WantedBy") == "multi-user.target"


def test_unit_runs_the_server_as_its_own_user_writing_only_the_data_dir():
    assert directive(UNIT, "Service", "User") == "@USER@"
    assert directive(UNIT, "Service", "ProtectSystem") == "strict"
    assert directive(UNIT, "Service", "ReadWritePaths") == "@DATA_DIR@"
    assert directive(UNIT, "Service", "NoNewPrivileges") == "yes"
    assert directive(UNIT, "Service", "PrivateTmp") == "yes"
    assert directive(UNIT, "Service", "WorkingDirectory") == "@APP_DIR@"


def test_unit_command_line_is_one_run_kiosk_accepts():
    sys.path.insert(0, str(ROOT))
    try:
        import run_kiosk
    finally:
        sys.path.remove(str(ROOT))
    command = directive(UNIT, "Service", "ExecStart").replace("@PORT@", "8080").split()
    assert command[:2] == ["@VENV@/bin/python", "run_kiosk.py"]
    args = run_kiosk.parse_args(command[2:])
    assert args.host == "0.0.0.0"
    assert str(args.data) == directive(UNIT, "Service", "ReadWritePaths")


def systemd_major() -> int:
    out = subprocess.run(["systemd-analyze", "--version"], capture_output=True, text=True).stdout
    return int(re.match(r"systemd (\d+)", out).group(1))


@posix_only
@pytest.mark.parametrize("name", ["langso.service", "langso-clock.path", "langso-clock.service",
                                  "langso-healthz.service", "langso-healthz.timer"])
def test_rendered_units_pass_systemd_analyze_verify(tmp_path, name):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed")
    unit = render_unit(tmp_path, name, systemd_major())
    if name.endswith((".path", ".timer")):  # and the service it starts
        render_unit(tmp_path, name.rsplit(".", 1)[0] + ".service", systemd_major())
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_chromium_policy_turns_translation_off():
    policy = json.loads((PI / "chromium-policy.json").read_text(encoding="utf-8"))
    assert policy["TranslateEnabled"] is False


def test_chromium_hides_the_unsupported_flag_bar_and_caps_its_cache(tmp_path):
    # --enable-speech-dispatcher (read-aloud) would show "unsupported command-line flag".
    policy = json.loads((PI / "chromium-policy.json").read_text(encoding="utf-8"))
    assert policy["CommandLineFlagSecurityWarningsEnabled"] is False
    flags = launcher_flags(tmp_path, WAYLAND_DISPLAY="wayland-0")
    assert "--enable-speech-dispatcher" in flags
    cache = int(next(f for f in flags if f.startswith("--disk-cache-size=")).split("=")[1])
    assert cache <= 64 * 1024 * 1024 and policy["DiskCacheSize"] == cache


# --- install.sh ----------------------------------------------------------------------------------

def tree(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(root)): (stat.S_IMODE(p.stat().st_mode), p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


@posix_only
def test_install_twice_gives_the_same_tree_and_says_so(checkout, target):
    first = install(checkout, target, "--screen-off", "22:00", "--screen-on", "06:00")
    assert first.returncode == 0, first.stderr
    assert "Xong:" in first.stdout
    after_first = tree(target)
    second = install(checkout, target, "--screen-off", "22:00", "--screen-on", "06:00")
    assert second.returncode == 0, second.stderr
    assert tree(target) == after_first
    assert "Không có gì thay đổi" in second.stdout
    assert " ghi " not in second.stdout


@posix_only
def test_install_writes_the_unit_the_launcher_config_and_the_cli(checkout, target):
    result = install(checkout, target, "--port", "8090")
    assert result.returncode == 0, result.stderr
    unit = (target / "etc/systemd/system/langso.service").read_text(encoding="utf-8")
    assert re.findall(r"@[A-Z_]+@", unit) == []
    sections = parse_unit(unit)
    assert directive(sections, "Service", "ExecStart") == (
        "/opt/langso-venv/bin/python run_kiosk.py --host 0.0.0.0 --port 8090 --data /var/lib/langso")
    assert directive(sections, "Service", "User") == "langso"
    assert "PORT=8090\n" in (target / "etc/langso/kiosk.conf").read_text()
    cli = target / "usr/local/bin/langso"
    assert cli.stat().st_mode & stat.S_IXOTH
    assert "LANGSO_DATA=/var/lib/langso" in cli.read_text()
    assert json.loads((target / "etc/chromium/policies/managed/langso.json").read_text())
    assert "sudo langso create-user" in result.stdout
    assert (target / "var/lib/langso").is_dir()


@posix_only
def test_install_copies_the_app_and_follows_the_source(checkout, target):
    assert install(checkout, target).returncode == 0
    app = target / "opt/langso"
    assert (app / "run_kiosk.py").read_bytes() == (checkout / "run_kiosk.py").read_bytes()
    assert (app / "deploy/pi/kiosk-browser.sh").stat().st_mode & stat.S_IXOTH
    (checkout / "kiosk" / "old.py").unlink()
    (checkout / "run_kiosk.py").write_text("print('server v2')\n")
    again = install(checkout, target)
    assert again.returncode == 0, again.stderr
    assert "chép 1 tệp, xóa 1 tệp cũ" in again.stdout
    assert not (app / "kiosk/old.py").exists()
    assert (app / "run_kiosk.py").read_text() == "print('server v2')\n"


@posix_only
def test_install_adds_the_autostart_once_and_keeps_the_users_lines(checkout, target):
    for _ in range(2):
        assert install(checkout, target).returncode == 0
    launcher = "/opt/langso/deploy/pi/kiosk-browser.sh"
    labwc = (target / "home/pi/.config/labwc/autostart").read_text()
    assert labwc.startswith("swayidle -w &\n")
    assert labwc.count(f"{launcher} &") == 1
    wayfire = (target / "home/pi/.config/wayfire.ini").read_text().splitlines()
    line = f"langso-kiosk = {launcher}"
    assert wayfire.count(line) == 1
    section = max(i for i, x in enumerate(wayfire[:wayfire.index(line)]) if x.startswith("["))
    assert wayfire[section] == "[autostart]"
    assert "panel = wf-panel-pi" in wayfire
    desktop = (target / "home/pi/.config/autostart/langso-kiosk.desktop").read_text()
    assert f"Exec={launcher}\n" in desktop


@posix_only
def test_new_labwc_autostart_holds_only_our_line(checkout, tmp_path):
    # Pi OS merges the system autostart with the user's: a copy would start the panel twice.
    root = tmp_path / "fresh"
    (root / "etc/xdg/labwc").mkdir(parents=True)
    (root / "etc/xdg/labwc/autostart").write_text("/usr/bin/lwrespawn /usr/bin/wf-panel-pi &\n")
    assert install(checkout, root).returncode == 0
    labwc = (root / "home/pi/.config/labwc/autostart").read_text()
    assert "wf-panel-pi" not in labwc
    assert [x for x in labwc.splitlines() if not x.startswith("#")] == [
        "/opt/langso/deploy/pi/kiosk-browser.sh &"]


@posix_only
@pytest.mark.parametrize(("args", "message"), [
    (["--app-dir", "/home/pi/langso"], "/home"),
    (["--screen-off", "22:00"], "--screen-on"),
    (["--screen-off", "25:00", "--screen-on", "06:00"], "HH:MM"),
    (["--port", "web"], "--port"),
    (["--bogus"], "--bogus"),
])
def test_install_refuses_bad_arguments(checkout, target, args, message):
    result = install(checkout, target, *args)
    assert result.returncode != 0
    assert result.stderr.startswith("Lỗi:") or "Lỗi:" in result.stderr
    assert message in result.stderr
    assert not (target / "etc").exists()


@posix_only
def test_install_refuses_a_system_that_is_not_debian(checkout, target, tmp_path):
    release = tmp_path / "os-release"
    release.write_text('ID=fedora\nID_LIKE="rhel centos"\n')
    result = install(checkout, target, env={"LANGSO_OS_RELEASE": str(release)})
    assert result.returncode == 1
    assert "Raspberry Pi OS hoặc Debian" in result.stderr
    assert not (target / "etc").exists()


@posix_only
def test_install_accepts_raspberry_pi_os(checkout, target, tmp_path):
    release = tmp_path / "os-release"
    release.write_text('ID=raspbian\nID_LIKE=debian\n')
    assert install(checkout, target, env={"LANGSO_OS_RELEASE": str(release)}).returncode == 0


# --- the kiosk launcher --------------------------------------------------------------------------

def launcher_flags(tmp_path: Path, **env: str) -> list[str]:
    conf = tmp_path / "kiosk.conf"
    conf.write_text("PORT=9090\nPAGE=/attract\n")
    clean = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    result = subprocess.run(
        ["bash", str(PI / "kiosk-browser.sh"), "--print-flags"], capture_output=True, text=True,
        env={**clean, "LANGSO_KIOSK_CONF": str(conf), "XDG_RUNTIME_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@posix_only
def test_launcher_flags_make_a_locked_down_kiosk(tmp_path):
    flags = launcher_flags(tmp_path, WAYLAND_DISPLAY="wayland-0")
    for flag in ("--kiosk", "--app=http://127.0.0.1:9090/attract", "--noerrdialogs",
                 "--disable-infobars", "--disable-session-crashed-bubble", "--no-first-run",
                 "--disable-pinch", "--overscroll-history-navigation=0",
                 "--check-for-update-interval=31536000", "--disable-component-update",
                 "--disable-background-networking", "--start-maximized",
                 f"--user-data-dir={tmp_path}/langso-kiosk-profile", "--ozone-platform=wayland"):
        assert flag in flags
    assert all(f.startswith("--") for f in flags)


@posix_only
def test_launcher_on_x11_does_not_ask_for_wayland(tmp_path):
    flags = launcher_flags(tmp_path, DISPLAY=":0")
    assert "--kiosk" in flags
    assert not any(f.startswith("--ozone-platform") for f in flags)


class Health(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — http.server's name
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


FAKE_CHROMIUM = """#!/bin/sh
for arg in "$@"; do
  case "$arg" in --user-data-dir=*) profile=${arg#--user-data-dir=} ;; esac
done
# What was left in the profile from the last run (must be nothing), then leave something.
left=$(ls -A "$profile" 2>/dev/null | wc -l)
mkdir -p "$profile" && touch "$profile/Cookies"
echo "start left=$left $*" >> "$LOG"
sleep 0.3
"""


@posix_only
def test_launcher_waits_for_the_server_then_restarts_chromium_with_a_fresh_profile(tmp_path):
    if not shutil.which("curl") or not shutil.which("flock"):
        pytest.skip("curl and flock are needed")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    port = server.server_address[1]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "chromium").write_text(FAKE_CHROMIUM)
    (bin_dir / "chromium").chmod(0o755)
    log = tmp_path / "launches.log"
    conf = tmp_path / "kiosk.conf"
    conf.write_text(f"PORT={port}\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(log),
           "LANGSO_KIOSK_CONF": str(conf), "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ""}
    env.pop("WAYLAND_DISPLAY", None)
    launcher = subprocess.Popen(["bash", str(PI / "kiosk-browser.sh")], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
    try:
        time.sleep(1.5)
        assert not log.exists()  # no server yet: Chromium must not start on an error page
        threading.Thread(target=server.serve_forever, daemon=True).start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not log.exists()
                                               or len(log.read_text().splitlines()) < 2):
            time.sleep(0.2)
        second = subprocess.run(["bash", str(PI / "kiosk-browser.sh")], env=env,
                                capture_output=True, text=True, timeout=10)
    finally:
        os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait(timeout=10)
        server.shutdown()
        server.server_close()
    launches = log.read_text().splitlines()
    assert len(launches) >= 2
    assert all(line.startswith("start left=0 ") for line in launches)
    assert f"--app=http://127.0.0.1:{port}/attract" in launches[0]
    assert second.returncode == 0 and "đã chạy rồi" in second.stderr


# --- the screen schedule -------------------------------------------------------------------------

@posix_only
@pytest.mark.parametrize(("now", "off", "on", "state"), [
    ("23:15", "22:00", "06:00", "off"),
    ("00:00", "22:00", "06:00", "off"),
    ("05:59", "22:00", "06:00", "off"),
    ("06:00", "22:00", "06:00", "on"),
    ("21:59", "22:00", "06:00", "on"),
    ("22:00", "22:00", "06:00", "off"),
    ("12:59", "13:00", "14:30", "on"),
    ("13:30", "13:00", "14:30", "off"),
    ("14:30", "13:00", "14:30", "on"),
    ("08:00", "07:00", "07:00", "on"),
])
def test_screen_schedule_state(now, off, on, state):
    result = subprocess.run(["bash", str(PI / "screen-schedule.sh"), "--state-at", now, off, on],
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, state)


@posix_only
@pytest.mark.parametrize("bad", ["24:00", "7:00", "07:60", "noon"])
def test_screen_schedule_refuses_bad_times(bad):
    result = subprocess.run(["bash", str(PI / "screen-schedule.sh"), "--state-at", "12:00", bad,
                             "06:00"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "HH:MM" in result.stderr


@posix_only
def test_screen_schedule_uses_wlopm_on_wayland(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "wlopm").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/wlopm.log\n')
    (bin_dir / "wlopm").chmod(0o755)
    # A window that holds all day but one minute: whatever the clock says now, it is "off"
    # unless now is that minute, so compute the expectation the same way.
    now = time.strftime("%H:%M")
    off = "00:00" if now != "00:00" else "00:01"
    on = "23:59" if now != "23:59" else "23:58"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "WAYLAND_DISPLAY": "wayland-0"}
    proc = subprocess.Popen(["bash", str(PI / "screen-schedule.sh"), off, on], env=env,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (tmp_path / "wlopm.log").exists():
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    assert (tmp_path / "wlopm.log").read_text().split() in (["--off", "*"], ["--on", "*"])


# --- Windows -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["install.ps1", "start-kiosk.ps1"])
def test_powershell_scripts_have_a_utf8_bom(name):
    # Windows PowerShell 5.1 reads a script without a BOM as ANSI and garbles Vietnamese.
    raw = (WINDOWS / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    raw[3:].decode("utf-8")


def test_batch_file_is_ascii_with_crlf():
    raw = (WINDOWS / "start-server.cmd").read_bytes()
    raw.decode("ascii")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 0


def test_batch_file_runs_the_server_in_utf8_mode_forever():
    text = (WINDOWS / "start-server.cmd").read_text(encoding="ascii")
    assert 'set "PYTHONUTF8=1"' in text
    assert re.search(r"run_kiosk\.py\" --host 0\.0\.0\.0 --port %PORT% --data \"%DATA%\"", text)
    assert text.rstrip().endswith("goto loop")


def test_windows_server_task_restarts_and_never_times_out():
    text = (WINDOWS / "install.ps1").read_text(encoding="utf-8-sig")
    settings = re.search(r"New-ScheduledTaskSettingsSet(.*?)\n\s*\$old", text, re.S).group(1)
    assert re.search(r"-RestartCount \d+", settings)
    assert "-RestartInterval (New-TimeSpan" in settings
    assert "-ExecutionTimeLimit ([TimeSpan]::Zero)" in settings
    assert "New-ScheduledTaskTrigger -AtStartup" in text
    assert "New-ScheduledTaskTrigger -AtLogOn" in text


def test_windows_kiosk_flags():
    text = (WINDOWS / "start-kiosk.ps1").read_text(encoding="utf-8-sig")
    block = re.search(r"\$flags = @\((.*?)\n\)", text, re.S).group(1)
    flags = re.findall(r"['\"](--[^'\"`]+)", block)
    for flag in ("--kiosk", "--edge-kiosk-type=fullscreen", "--no-first-run", "--user-data-dir="):
        assert flag in flags
    assert "\"$base$Page\"" in block


FAKE_WLR_RANDR = """#!/bin/sh
cat "$OUTPUTS" 2>/dev/null
"""
SCREEN_ON = 'HDMI-A-1 "Samsung TV"\n  Enabled: yes\n  Modes:\n    1920x1080 px, 60.000000 Hz (current)\n'


@posix_only
def test_launcher_reopens_chromium_full_screen_after_the_tv_was_off(tmp_path):
    if not shutil.which("curl") or not shutil.which("flock"):
        pytest.skip("curl and flock are needed")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "chromium").write_text('#!/bin/sh\necho start >> "$LOG"\nexec sleep 60\n')
    (bin_dir / "wlr-randr").write_text(FAKE_WLR_RANDR)
    for name in ("chromium", "wlr-randr"):
        (bin_dir / name).chmod(0o755)
    log, outputs = tmp_path / "launches.log", tmp_path / "outputs"
    outputs.write_text(SCREEN_ON)
    conf = tmp_path / "kiosk.conf"
    conf.write_text(f"PORT={server.server_address[1]}\nSCALE=1\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(log),
           "OUTPUTS": str(outputs), "LANGSO_KIOSK_CONF": str(conf), "XDG_RUNTIME_DIR": str(tmp_path),
           "WAYLAND_DISPLAY": "wayland-0", "WATCH_SECONDS": "0.2"}

    def launches() -> int:
        return len(log.read_text().splitlines()) if log.exists() else 0

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and launches() < count:
            time.sleep(0.1)

    launcher = subprocess.Popen(["bash", str(PI / "kiosk-browser.sh")], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
    try:
        wait_for(1)
        assert launches() == 1
        outputs.write_text("")  # the TV is switched off: Chromium keeps running meanwhile
        time.sleep(1.5)
        assert launches() == 1
        outputs.write_text(SCREEN_ON)  # and on again
        wait_for(2)
        assert launches() == 2
    finally:
        os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait(timeout=10)
        server.shutdown()
        server.server_close()
