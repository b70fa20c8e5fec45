"""`langso doctor` on a Pi: has the systemd service been restarting, and with what error?

A start-up error that persists (a full card, a broken update) makes systemd restart the server
again and again (backing off to every 5 minutes); the kiosk screen then only says it waits.
This check names the last error line so the team can read it out on the phone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

from kiosk.ops.checks import OK, WARN, Check

UNIT = "langso.service"
# Lines of the server's own output that say what went wrong (Python or run_kiosk.py's words).
_ERROR_LINE = re.compile(r"(Error|Exception|Lỗi|lỗi:|error:)")

Runner = Callable[[list[str]], str]


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    return result.stdout


def check_service(run: Runner | None = None) -> Check | None:
    """None where there is no langso.service (Windows, a development machine)."""
    if run is None:
        if shutil.which("systemctl") is None:
            return None
        run = _run
    try:
        shown = run(["systemctl", "show", UNIT, "-p", "LoadState", "-p", "ActiveState",
                     "-p", "NRestarts"])
    except (OSError, subprocess.SubprocessError):
        return None
    props = dict(line.partition("=")[::2] for line in shown.splitlines() if "=" in line)
    if props.get("LoadState") != "loaded":
        return None
    name = "Dịch vụ langso"
    restarts = int(props.get("NRestarts", "0") or 0) if props.get("NRestarts", "").isdigit() else 0
    state = props.get("ActiveState", "")
    if restarts == 0 and state == "active":
        return Check(name, OK, "đang chạy, chưa phải khởi động lại lần nào")
    try:
        log = run(["journalctl", "-u", UNIT, "-b", "-n", "200", "-o", "cat", "--no-pager"])
    except (OSError, subprocess.SubprocessError):
        log = ""
    errors = [line.strip() for line in log.splitlines() if _ERROR_LINE.search(line)]
    last = f"; lỗi gần nhất: {errors[-1][:300]}" if errors else ""
    return Check(name, WARN, f"trạng thái {state or '?'}, đã khởi động lại {restarts} lần{last}",
                 "xem: journalctl -u langso -b -n 50 (sudo); thẻ nhớ đầy thì xem "
                 "docs/deploy.md › Thẻ nhớ đầy")
