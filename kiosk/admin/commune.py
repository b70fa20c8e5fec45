"""Admin "Xã" (commune machine only): the hamlets × months table, taking in the hamlets' signed
monthly files, registering a new hamlet after comparing its fingerprint, CSV and PDF for the
province. The rules live in kiosk.commune; this module only maps requests to them."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import printing
from kiosk.admin import bp, hamlet_today
from kiosk.commune import dashboard, inbox
from kiosk.commune.bundle import MAX_BYTES
from kiosk.db import get_db
from kiosk.reporting import charts
from kiosk.reporting.activity import check_month
from kiosk.store import settings as setting_store
from kiosk.timekeeping import localtime
from kiosk.web.templating import site_settings
from printables import FontError, LayoutError
from printables.commune_report import commune_report_pdf

MAX_UPLOAD_FILES = 100  # one upload; the CLI takes a whole folder


@bp.before_request
def commune_only():
    if (request.endpoint or "").startswith("admin.commune") and \
            not current_app.config.get("COMMUNE_MODE"):
        abort(404)


def _month() -> str:
    text = (request.form if request.method == "POST" else request.args).get("month", "")[:20]
    try:
        return check_month(text)[0].isoformat()[:7]
    except ValueError:
        return hamlet_today().isoformat()[:7]


@bp.get("/commune")
def commune():
    view = dashboard.overview(get_db(), _month())
    chart = charts.bar_chart([(m[5:] + "/" + m[2:4], view.month_total(m)) for m in view.months],
                             _("Số hộ được hướng dẫn, cả xã, 12 tháng"),
                             empty=_("Chưa có số liệu"))
    return render_template("admin/commune.html", view=view, chart=chart, form=FlaskForm())


@bp.post("/commune/import")
def commune_import():
    if not FlaskForm().validate_on_submit():
        abort(400)
    uploads = [f for f in request.files.getlist("bundle") if f.filename][:MAX_UPLOAD_FILES + 1]
    if not uploads:
        flash(_("Chưa chọn tệp nào."), "error")
        return redirect(url_for("admin.commune"))
    if len(uploads) > MAX_UPLOAD_FILES:
        flash(_("Mỗi lần tải lên tối đa %(max)s tệp.", max=MAX_UPLOAD_FILES), "error")
        return redirect(url_for("admin.commune"))
    files = [(f.filename[:120], f.stream.read(MAX_BYTES + 1)) for f in uploads]
    outcomes = inbox.import_bundles(get_db(), files, current_user.name)
    return _outcome_page(outcomes, files)


@bp.post("/commune/register")
def commune_register():
    """Take the files again with the fingerprints the officer ticked; admin role only."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not current_user.is_admin:
        abort(403)
    documents = request.form.getlist("document")[:MAX_UPLOAD_FILES]
    names = request.form.getlist("name")[:MAX_UPLOAD_FILES]
    confirmed = frozenset(request.form.getlist("confirm")[:MAX_UPLOAD_FILES])
    files = [(name[:120], doc.encode()[:MAX_BYTES + 1]) for name, doc in zip(names, documents,
                                                                              strict=False)]
    outcomes = inbox.import_bundles(get_db(), files, current_user.name, confirmed)
    return _outcome_page(outcomes, files)


def _outcome_page(outcomes: list[inbox.Outcome], files: list[tuple[str, bytes]]):
    # A bundle from an unknown hamlet goes back in the page (it is signed: a changed copy would
    # fail again), so the officer confirms without choosing the file a second time.
    held = [(o, data.decode("utf-8", "replace"))
            for o, (_name, data) in zip(outcomes, files, strict=True) if o.status == inbox.UNKNOWN]
    taken = sum(o.status in inbox.ACCEPTED for o in outcomes)
    return render_template("admin/commune_import.html", outcomes=outcomes, held=held, taken=taken,
                           form=FlaskForm())


@bp.get("/commune/report.csv")
def commune_csv():
    month = _month()
    zone = localtime.zone_of(site_settings())
    return Response(dashboard.overview_csv(dashboard.overview(get_db(), month), zone),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="xa-{month}.csv"'})


@bp.post("/commune/report.pdf")
def commune_pdf():
    if not FlaskForm().validate_on_submit():
        abort(400)
    db = get_db()
    month = _month()
    place = setting_store.get_settings(db)
    spec = dashboard.report_spec(dashboard.overview(db, month), place["commune"], place["province"])
    try:
        pdf = commune_report_pdf(spec, printing.fonts_for(current_app.config))
    except (LayoutError, FontError) as exc:
        flash(_("Chưa in được: %(why)s", why=str(exc)), "error")
        return redirect(url_for("admin.commune", month=month))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="bao-cao-xa-{month}.pdf"'})
