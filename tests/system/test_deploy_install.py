"""deploy/pi/install.sh against what a real cultural house does to it (issue 19): a copy from a
FAT USB stick (no execute bits), a copy that fails half-way (full SD card), updates switching
versions, the time zone, the touch override, the clock helper and the pinned packages."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.helpers.deploy import PI, ROOT, directive, install, parse_unit, posix_only, render_unit

pytestmark = posix_only


def strip_execute_bits(folder: Path) -> None:
    """What a FAT USB stick mounted without `exec`/`fmask` shows: no file is executable."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)


def test_install_from_a_copy_without_execute_bits(checkout, target):
    strip_execute_bits(checkout)
    result = subprocess.run(["bash", str(checkout / "deploy/pi/install.sh"), "--root", str(target),
                             "--user", "pi", "--screen-off", "22:00", "--screen-on", "06:00"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    app = target / "opt/langso"
    for script in ("deploy/pi/kiosk-browser.sh", "deploy/pi/screen-schedule.sh",
                   "deploy/pi/install.sh"):
        assert stat.S_IMODE((app / script).stat().st_mode) == 0o755, script
    assert stat.S_IMODE((app / "run_kiosk.py").stat().st_mode) == 0o644
    for program in ("usr/local/bin/langso", "usr/local/sbin/langso-set-clock",
                    "opt/langso-venv/bin/langso"):
        assert stat.S_IMODE((target / program).stat().st_mode) == 0o755, program
    for folder in (p for p in app.resolve().rglob("*") if p.is_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder


FAILING_INSTALL = """#!/bin/sh
# install(1), except that copying run_kiosk.py fails like a full SD card.
for arg in "$@"; do
  case "$arg" in
    */src/run_kiosk.py) echo "install: error writing: No space left on device" >&2; exit 1 ;;
  esac
done
exec /usr/bin/install "$@"
"""


def test_a_failed_copy_stops_the_installer_and_leaves_the_old_app(checkout, target, tmp_path):
    assert install(checkout, target).returncode == 0
    app = target / "opt/langso"
    before = os.readlink(app)
    (checkout / "run_kiosk.py").write_text("print('server v2')\n")
    (checkout / "kiosk" / "new.py").write_text("# new\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "install").write_text(FAILING_INSTALL)
    (bin_dir / "install").chmod(0o755)
    result = install(checkout, target, env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert result.returncode != 0
    assert "Lỗi: không chép được run_kiosk.py" in result.stderr
    assert "chương trình cũ vẫn chạy" in result.stderr
    assert os.readlink(app) == before
    assert (app / "run_kiosk.py").read_text() == "print('server')\n"
    assert not (app / "kiosk/new.py").exists()
    assert not list((target / "opt/langso-releases").glob(".tmp-*"))  # no half copy left
    again = install(checkout, target)  # the card has room again
    assert again.returncode == 0, again.stderr
    assert (app / "run_kiosk.py").read_text() == "print('server v2')\n"


def test_each_update_is_a_new_folder_and_the_previous_one_is_kept(checkout, target):
    releases = target / "opt/langso-releases"
    assert install(checkout, target).returncode == 0
    assert os.readlink(target / "opt/langso") == "langso-releases/r0000"
    for version in (2, 3):
        (checkout / "run_kiosk.py").write_text(f"print('server v{version}')\n")
        result = install(checkout, target)
        assert result.returncode == 0, result.stderr
        assert f"r{version - 1:04d}: chép 1 tệp, xóa 0 tệp cũ" in result.stdout
    assert sorted(p.name for p in releases.iterdir()) == ["r0001", "r0002"]
    assert os.readlink(target / "opt/langso") == "langso-releases/r0002"
    assert (releases / "r0001/run_kiosk.py").read_text() == "print('server v2')\n"


def test_an_app_folder_from_the_old_installer_becomes_the_first_version(checkout, target):
    old = target / "opt/langso"
    (old / "kiosk").mkdir(parents=True)
    (old / "run_kiosk.py").write_text("print('old')\n")
    result = install(checkout, target)
    assert result.returncode == 0, result.stderr
    assert (target / "opt/langso").is_symlink()
    assert (target / "opt/langso/run_kiosk.py").read_text() == "print('server')\n"
    assert (target / "opt/langso-releases/r0000/run_kiosk.py").read_text() == "print('old')\n"


def test_the_time_zone_is_vietnams(checkout, target):
    result = install(checkout, target)
    assert result.returncode == 0, result.stderr
    assert os.readlink(target / "etc/localtime") == "/usr/share/zoneinfo/Asia/Ho_Chi_Minh"
    assert (target / "etc/timezone").read_text() == "Asia/Ho_Chi_Minh\n"


def test_touch_screens_scroll_instead_of_acting_as_a_mouse(checkout, target):
    rc = target / "home/pi/.config/labwc/rc.xml"
    rc.write_text('<?xml version="1.0"?>\n<openbox_config xmlns="http://openbox.org/3.4/rc">\n'
                  '  <keyboard><default /></keyboard>\n</openbox_config>\n')
    for _ in range(2):
        assert install(checkout, target).returncode == 0
    text = rc.read_text()
    assert text.count('<touch deviceName="" mouseEmulation="no" />') == 1
    assert "<keyboard><default /></keyboard>" in text
    assert text.rstrip().endswith("</openbox_config>")


def test_a_new_rc_xml_holds_only_the_touch_override(checkout, tmp_path):
    root = tmp_path / "fresh"
    assert install(checkout, root).returncode == 0
    text = (root / "home/pi/.config/labwc/rc.xml").read_text()
    assert re.fullmatch(r'<\?xml version="1.0"\?>\n<openbox_config [^>]+>\n(  .*\n){3}'
                        r'</openbox_config>\n', text), text


@pytest.mark.parametrize(("version", "steps"), [("252", False), ("257", True)])
def test_restart_back_off_where_systemd_knows_it(checkout, target, version, steps):
    result = install(checkout, target, env={"LANGSO_SYSTEMD_VERSION": version})
    assert result.returncode == 0, result.stderr
    unit = parse_unit((target / "etc/systemd/system/langso.service").read_text())
    keys = {k for k, _ in unit["Service"]}
    assert ("RestartSteps" in keys) is steps and ("RestartMaxDelaySec" in keys) is steps
    assert directive(unit, "Service", "RestartSec") == ("3" if steps else "15")
    assert directive(unit, "Service", "Restart") == "always"


def test_the_journal_is_capped_and_the_clock_helper_installed(checkout, target):
    assert install(checkout, target).returncode == 0
    journal = (target / "etc/systemd/journald.conf.d/langso.conf").read_text()
    assert re.search(r"(?m)^SystemMaxUse=\d+M$", journal)
    path_unit = parse_unit((target / "etc/systemd/system/langso-clock.path").read_text())
    assert directive(path_unit, "Path", "PathExists") == "/var/lib/langso/clock-request"
    helper = parse_unit((target / "etc/systemd/system/langso-clock.service").read_text())
    assert directive(helper, "Service", "ExecStart") == (
        "/usr/local/sbin/langso-set-clock /var/lib/langso/clock-request")
    assert directive(helper, "Service", "CapabilityBoundingSet").split()[0] == "CAP_SYS_TIME"


def test_the_unit_exposure_stays_low(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed")
    unit = render_unit(tmp_path)
    result = subprocess.run(["systemd-analyze", "security", "--offline=true", "--threshold=20",
                             str(unit)], capture_output=True, text=True)
    level = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout).group(1))
    assert level <= 2.0, result.stdout  # docs/deploy.md records the figure (1.4, was 7.3)


# --- the clock helper ------------------------------------------------------------------------

FAKE_DATE = """#!/bin/sh
# date(1), except that setting the clock is only written down.
if [ "$1" = -u ] && [ "$2" = -s ]; then echo "$3" >> "$LOG"; exit 0; fi
exec /bin/date "$@"
"""


def run_helper(tmp_path: Path, request: str | None):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "date").write_text(FAKE_DATE)
    (bin_dir / "date").chmod(0o755)
    path = tmp_path / "clock-request"
    if request is not None:
        path.write_text(request)
    log = tmp_path / "set.log"
    result = subprocess.run(["bash", str(PI / "langso-set-clock.sh"), str(path)],
                            capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin", "LOG": str(log)})
    assert not path.exists()  # a request is used once, whatever it held
    return result, (log.read_text().split() if log.exists() else [])


def test_the_helper_sets_the_clock_forward(tmp_path):
    import time

    wanted = int(time.time()) + 14 * 3600
    result, calls = run_helper(tmp_path, f"{wanted}\n")
    assert result.returncode == 0, result.stderr
    assert calls == [f"@{wanted}"]


@pytest.mark.parametrize("request_text", ["", "abc", "1800000000; rm -rf /", "-5", "99999999999",
                                          "1000000000"])
def test_the_helper_refuses_what_is_not_a_plausible_time(tmp_path, request_text):
    result, calls = run_helper(tmp_path, request_text)
    assert result.returncode == 1 and calls == []


def test_the_helper_never_turns_the_clock_back(tmp_path):
    import time

    result, calls = run_helper(tmp_path, str(int(time.time()) - 3600))
    assert result.returncode == 0 and calls == []
    assert "không đổi" in result.stdout


def test_the_helper_does_nothing_without_a_request(tmp_path):
    result, calls = run_helper(tmp_path, None)
    assert result.returncode == 0 and calls == []


# --- the lock file ---------------------------------------------------------------------------

def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / "deploy/requirements.lock").read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=[a-z])", text.split("\n", 3)[3].strip()):
        head = block.split()[0]
        name, _, version = head.partition("==")
        entries[normalize(name)] = (version, re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


def test_the_lock_pins_every_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {normalize(re.match(r"[A-Za-z0-9_.-]+", dep).group(0)) for dep in project["dependencies"]}
    entries = lock_entries()
    assert wanted <= set(entries), wanted - set(entries)
    for name, (version, hashes) in entries.items():
        assert re.fullmatch(r"\d+(\.\d+)*", version), (name, version)  # exact, no pre-release
        assert hashes, name


def test_the_lock_matches_what_is_installed_here():
    """The test environment runs the locked versions: what is tested is what a hamlet installs."""
    from importlib import metadata

    for name in ("flask", "waitress", "reportlab", "svglib", "flask-limiter", "pillow"):
        assert lock_entries()[name][0] == metadata.version(name), name


# --- the app without pip install ---------------------------------------------------------------

def test_the_langso_launcher_runs_the_cli(checkout, target):
    import sys

    assert install(checkout, target).returncode == 0
    launcher = target / "opt/langso-venv/bin/langso"
    assert launcher.read_text().startswith("#!/opt/langso-venv/bin/python\n")
    pth = next((target / "opt/langso-venv/lib").rglob("langso-app.pth"))
    assert pth.read_text() == "/opt/langso\n"  # the link, not a version folder
    result = subprocess.run([sys.executable, str(launcher), "--help"], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "doctor" in result.stdout


def test_the_version_comes_from_pyproject_without_pip_install():
    import kiosk

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert kiosk._source_version() == project["version"]


# --- the /healthz watchdog -------------------------------------------------------------------

def run_healthz(tmp_path: Path, active: bool, answers: bool) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    (bin_dir / "systemctl").write_text(
        f'#!/bin/sh\necho "systemctl $*" >> {log}\n'
        f'[ "$1" = is-active ] && {{ echo {"active" if active else "activating"}; '
        f'exit {0 if active else 3}; }}\nexit 0\n')
    (bin_dir / "curl").write_text(f"#!/bin/sh\nexit {0 if answers else 7}\n")
    for name in ("systemctl", "curl"):
        (bin_dir / name).chmod(0o755)
    result = subprocess.run(["bash", str(PI / "langso-healthz.sh"), "8080", str(tmp_path / "fails")],
                            capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return [x for x in (log.read_text().splitlines() if log.exists() else [])
            if "is-active" not in x]


def test_a_hung_server_is_restarted_after_three_failed_checks(tmp_path):
    assert run_healthz(tmp_path, active=True, answers=False) == []
    assert run_healthz(tmp_path, active=True, answers=False) == []
    assert run_healthz(tmp_path, active=True, answers=False) == ["systemctl restart langso.service"]
    assert not (tmp_path / "fails").exists()


def test_an_answer_resets_the_count(tmp_path):
    run_healthz(tmp_path, active=True, answers=False)
    run_healthz(tmp_path, active=True, answers=False)
    assert run_healthz(tmp_path, active=True, answers=True) == []
    assert not (tmp_path / "fails").exists()
    assert run_healthz(tmp_path, active=True, answers=False) == []


def test_a_starting_server_is_left_to_systemd(tmp_path):
    for _ in range(4):
        assert run_healthz(tmp_path, active=False, answers=False) == []


# --- screen blanking -------------------------------------------------------------------------

SWAYIDLE = "swayidle -w timeout 600 'wlopm --off \\*' resume 'wlopm --on \\*' &"


def test_blanking_in_the_kiosk_users_autostart_is_turned_off_and_checked(checkout, target):
    autostart = target / "home/pi/.config/labwc/autostart"
    autostart.write_text(f"{SWAYIDLE}\n/usr/bin/my-own-thing &\n")
    result = install(checkout, target)
    assert result.returncode == 0, result.stderr
    lines = autostart.read_text().splitlines()
    assert lines[0] == f"# langso: màn hình không tự tắt: {SWAYIDLE}"
    assert lines[1] == "/usr/bin/my-own-thing &"
    assert "  đã tắt (không còn hẹn giờ tắt màn hình" in result.stdout
    again = install(checkout, target)
    assert "Không có gì thay đổi" in again.stdout


def test_blanking_left_in_the_system_autostart_is_reported_not_hidden(checkout, target):
    system = target / "etc/xdg/labwc/autostart"
    system.parent.mkdir(parents=True)
    system.write_text(f"{SWAYIDLE}\n")
    result = install(checkout, target)
    assert result.returncode == 0, result.stderr
    assert "CẢNH BÁO: màn hình vẫn có thể tự tắt, do: /etc/xdg/labwc/autostart" in result.stdout
    assert "đã tắt" not in result.stdout.split("Tắt chế độ tự tắt màn hình")[1].split("Dịch vụ")[0]
    assert system.read_text() == f"{SWAYIDLE}\n"  # the system's file is not ours to edit
