"""Admin: the signed monthly file for the commune (the same file as `langso report --bundle`)."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import __version__, users
from kiosk.admin import bp
from kiosk.commune import bundle, identity
from kiosk.db import get_db, transaction
from kiosk.problems import Explained
from kiosk.reporting import activity, usage
from kiosk.web.i18n import problem_text


def fingerprint() -> str | None:
    """This hamlet's fingerprint for the stats page (None if the key file is damaged)."""
    try:
        return identity.fingerprint(identity.load_or_create(Path(current_app.config["DATA"]))
                                    .verify_key)
    except (identity.IdentityError, OSError):
        return None


@bp.post("/report/bundle")
def report_bundle():
    if not FlaskForm().validate_on_submit():
        abort(400)
    usage.get_recorder().flush()
    month = request.form.get("month", "")[:20]
    try:
        activity.check_month(month)
        key = identity.load_or_create(Path(current_app.config["DATA"]))
    except (ValueError, OSError) as exc:  # a bad month; a damaged or unwritable key file
        why = problem_text(exc) if isinstance(exc, Explained) else str(exc)
        flash(_("Chưa tạo được tệp báo cáo: %(why)s", why=why), "error")
        return redirect(url_for("admin.stats"))
    db = get_db()
    payload = bundle.build_payload(db, month, key, __version__)
    with transaction(db):
        users.record(db, current_user.name, "xuất", f"báo cáo gửi xã tháng {payload['month']}")
    return Response(bundle.sign_bundle(payload, key), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{bundle.file_name(payload)}"'})
