"""Admin: set the server's clock from a phone's (issue 19). A Pi with no clock battery boots at
the last saved time, hours behind; every admin page sends the phone's Date.now() (static/js/
clock.js), and when the phone is more than ten minutes ahead the page offers to set the clock.

The server account may not set the time. On a Pi it writes the wanted time to DATA/clock-request;
a root systemd path unit installed by deploy/pi/install.sh (langso-clock.path) runs
deploy/pi/langso-set-clock.sh, which checks the value and sets the clock forward only.
Windows: set the time by hand. Tests inject CLOCK_SETTER instead of changing the machine's clock.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from flask import current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import atomic, users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.timekeeping import clock

REQUEST_FILE = "clock-request"
HELPER_UNIT = Path("/etc/systemd/system/langso-clock.path")


class ClockError(Exception):
    """The clock cannot be set from here; the message says what to do instead."""


class SetClockForm(FlaskForm):
    """Only CSRF; phone_ms is read and checked by kiosk.timekeeping.clock.phone_ahead."""


def request_system_clock(data_dir: Path, epoch: int) -> str:
    """Ask the root helper to set the clock to `epoch` (seconds, UTC); returns what to tell the user.

    Raises:
        ClockError: no helper on this machine (Windows, or installed without install.sh).
    """
    if sys.platform == "win32":
        raise ClockError(_("Trên Windows hãy đặt giờ bằng tay: Cài đặt › Thời gian và ngôn ngữ ›"
                           " Ngày và giờ."))
    if not HELPER_UNIT.exists():
        raise ClockError(_("Máy này chưa có bộ đặt giờ: chạy lại %(install)s, hoặc đặt bằng tay:"
                           " %(by_hand)s.", install="sudo bash deploy/pi/install.sh",
                           by_hand="sudo date -s 'YYYY-MM-DD HH:MM'"))
    atomic.write_text(Path(data_dir) / REQUEST_FILE, f"{epoch}\n", mode=0o640)
    return _("Đã gửi giờ mới cho máy chủ; tải lại trang sau vài giây.")


def _setter() -> Callable[[Path, int], str]:
    return current_app.config.get("CLOCK_SETTER") or request_system_clock


def _ahead() -> float | None:
    return clock.phone_ahead((request.form.get("phone_ms") or "")[:20])


@bp.post("/clock/report")
def clock_report():
    """The phone's time, sent with each admin page: how far ahead of the server it is."""
    ahead = _ahead()
    if ahead is None:
        return jsonify(error=_("phone_ms phải là Date.now() của điện thoại")), 400
    return jsonify(ahead=round(ahead), slow=ahead > clock.PHONE_AHEAD_SECONDS,
                   can_set=current_user.is_admin)


@bp.post("/clock/set")
def set_clock():
    """Set the server's clock to the phone's time (admin role; ADMIN_ONLY)."""
    form = SetClockForm()
    back = url_for("admin.dashboard")
    if not form.validate_on_submit():
        flash(_("Biểu mẫu đã hết hạn, hãy thử lại."), "error")
        return redirect(back)
    ahead = _ahead()
    if ahead is None:
        flash(_("Giờ của điện thoại không hợp lệ (trường phone_ms)."), "error")
        return redirect(back)
    if ahead <= clock.PHONE_AHEAD_SECONDS:
        flash(_("Đồng hồ máy chủ không chậm hơn điện thoại này quá 10 phút: không cần đặt."), "info")
        return redirect(back)
    epoch = int(request.form["phone_ms"][:20]) // 1000
    try:
        message = _setter()(Path(current_app.config["DATA"]), epoch)
    except ClockError as exc:
        flash(str(exc), "error")
        return redirect(back)
    with transaction(get_db()):
        users.record(get_db(), current_user.name, "đặt giờ máy chủ",
                     detail=f"chậm {round(ahead / 60)} phút")
    flash(message, "info")
    return redirect(back)
