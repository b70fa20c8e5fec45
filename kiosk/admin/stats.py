"""Admin: usage charts, the team's activity log form, the monthly report and CSV downloads."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from flask_login import current_user

from kiosk import printing, users
from kiosk.admin import bp, hamlet_today, report_bundle
from kiosk.admin.forms import require_csrf
from kiosk.db import get_db, transaction
from kiosk.problems import Problem
from kiosk.reporting import activity, charts, usage, usage_totals
from kiosk.store import activity as activity_store
from kiosk.store import guides as guide_store
from kiosk.web.i18n import problem_text
from printables import FontError, LayoutError
from printables.report import monthly_report_pdf


def _month_arg() -> tuple[str, date, date]:
    """The month asked for (?month=, or the report form's field), or this month when missing or
    malformed."""
    text = (request.form if request.method == "POST" else request.args).get("month", "")
    try:
        first, last = activity.check_month(text)
    except ValueError:
        first, last = activity.check_month(hamlet_today().isoformat()[:7])
    return first.isoformat()[:7], first, last


def _drop_off(db, first: str, last: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per guide: (step label, visits that stopped there) from the give-up counts."""
    by_guide: dict[str, dict[int, int]] = {}
    for subject, n in usage_totals.top_subjects(db, usage.GIVE_UP, first, last, limit=5000):
        slug, _sep, step = subject.rpartition("/")
        if step.isdigit():
            by_guide.setdefault(slug, {})[int(step)] = n
    out = []
    for slug in sorted(by_guide, key=lambda s: -sum(by_guide[s].values())):
        steps = by_guide[slug]
        # Step 0 is the guide's first page (its overview), not the kiosk's Home button.
        out.append((slug, [(pgettext("drop-off", "Trang đầu") if k == 0 else _("Bước %(n)s", n=k),
                            steps[k])
                           for k in sorted(steps)]))
    return out


@bp.get("/stats")
def stats():
    usage.get_recorder().flush()  # show what was counted up to this second
    db = get_db()
    today = hamlet_today()
    first30 = today - timedelta(days=29)
    days = usage_totals.daily_totals(db, usage.SESSION, first30, 30)
    months = usage_totals.monthly_totals(db, usage.SESSION, today.isoformat()[:7], 12)
    span = (first30.isoformat(), today.isoformat())
    opens = dict(usage_totals.top_subjects(db, usage.GUIDE_OPEN, *span))
    done = dict(usage_totals.top_subjects(db, usage.GUIDE_DONE, *span))
    titles = {g.slug: g.title.get("vi", g.slug)
              for g in guide_store.list_guides(db, published_only=False)}
    top_guides = [(titles.get(slug, slug), n, done.get(slug, 0)) for slug, n in opens.items()][:15]
    practice_done = dict(usage_totals.top_subjects(db, usage.PRACTICE_DONE, *span))
    practices = [(titles.get(slug, slug), n, practice_done.get(slug, 0))
                 for slug, n in usage_totals.top_subjects(db, usage.PRACTICE_START, *span)]
    return render_template(
        "admin/stats.html",
        chart_days=charts.bar_chart([(d[8:], n) for d, n in days], _("Lượt dùng máy 30 ngày qua"),
                                    label_every=5, empty=_("Chưa có số liệu")),
        chart_months=charts.bar_chart([(m[5:] + "/" + m[2:4], n) for m, n in months],
                                      _("Lượt dùng máy 12 tháng qua"), empty=_("Chưa có số liệu")),
        total_days=sum(n for _day, n in days), top_guides=top_guides,
        drop_off=[(titles.get(s, s), rows) for s, rows in _drop_off(db, *span)],
        sites=activity.site_scans(db, first30, today),
        shops=usage_totals.top_subjects(db, usage.SHOP_VIEW, *span, limit=15),
        practices=practices, quiz_misses=usage_totals.quiz_misses(db, *span),
        month=today.isoformat()[:7], last_month=(today.replace(day=1) - timedelta(days=1))
        .isoformat()[:7], fingerprint=report_bundle.fingerprint(),
    )


@bp.get("/stats/usage.csv")
def stats_csv():
    usage.get_recorder().flush()
    return Response(activity.stats_csv(get_db()), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="so-lieu-su-dung.csv"'})


def _activity_page(values: dict, errors: dict, status: int = 200):
    month, first, last = _month_arg()
    db = get_db()
    return render_template(
        "admin/activity.html", skills=activity.SKILLS, labels=activity.SKILL_LABELS,
        values=values, errors=errors, month=month, entries=activity.list_entries(db, first, last),
        totals=activity.totals_by_skill(db, first, last), today=hamlet_today().isoformat(),
    ), status


@bp.get("/activity")
def activity_log():
    return _activity_page({}, {})


@bp.post("/activity")
def add_activity():
    form = request.form
    entry, errors = activity.check_entry(form, current_user.name, hamlet_today())
    if entry is None:
        flash(_("Chưa lưu được: %(why)s", why=_why(errors)), "error")
        return _activity_page({k: form.get(k, "") for k in form if k != "csrf_token"}, errors, 400)
    db = get_db()
    with transaction(db):
        activity.add_entry(db, entry)
        users.record(db, current_user.name, "ghi hoạt động", entry.skill,
                     f"{entry.day}: {entry.people} người, {entry.households} hộ")
    flash(ngettext("Đã ghi: %(skill)s, %(num)s người.", "Đã ghi: %(skill)s, %(num)s người.",
                   entry.people, skill=_(activity.SKILL_LABELS[entry.skill])), "info")
    return redirect(url_for("admin.activity_log"))


def _why(errors: dict[str, Problem]) -> str:
    """Every refused field of the activity form, in the admin's language."""
    return " ".join(problem_text(p) for p in errors.values())


def _entry_text(day: str, skill: str, people: int, households: int) -> str:
    return f"{day}: {activity.SKILL_LABELS.get(skill, skill)}, {people} người, {households} hộ"


@bp.route("/activity/<int:entry_id>", methods=["GET", "POST"])
def edit_activity(entry_id: int):
    """Correct or remove one entry; any team member may, as they may add one. Audited with the
    values before and after."""
    db = get_db()
    old = activity_store.get_entry(db, entry_id)
    if old is None:
        abort(404)
    page = partial(render_template, "admin/activity_edit.html", entry=old,
                   skills=activity.SKILLS, today=hamlet_today().isoformat())
    if request.method == "GET":
        return page(values=dict(old), errors={})
    require_csrf()
    before = _entry_text(old["day"], old["skill"], old["people"], old["households"])
    if request.form.get("action") == "delete":
        with transaction(db):
            activity_store.delete_entry(db, entry_id)
            users.record(db, current_user.name, "xóa hoạt động", f"lần ghi {entry_id}", before)
        flash(_("Đã xóa lần ghi %(entry)s.", entry=before), "info")
        return redirect(url_for("admin.activity_log", month=old["day"][:7]))
    entry, errors = activity.check_entry(request.form, old["member"], hamlet_today())
    if entry is None:
        flash(_("Chưa lưu được: %(why)s", why=_why(errors)), "error")
        return page(values={k: v for k, v in request.form.items() if k != "csrf_token"},
                    errors=errors), 400
    after = _entry_text(entry.day, entry.skill, entry.people, entry.households)
    with transaction(db):
        activity_store.update_entry(db, entry_id, entry.day, entry.skill, entry.people,
                                    entry.households, entry.note)
        users.record(db, current_user.name, "sửa hoạt động", f"lần ghi {entry_id}",
                     f"{before} → {after}")
    flash(_("Đã sửa: %(entry)s.", entry=after), "info")
    return redirect(url_for("admin.activity_log", month=entry.day[:7]))


@bp.get("/activity.csv")
def activity_csv():
    month, first, last = _month_arg()
    return Response(activity.activity_csv(get_db(), first, last), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="hoat-dong-{month}.csv"'})


@bp.route("/report.pdf", methods=["GET", "POST"])
def report_pdf():
    usage.get_recorder().flush()
    month = _month_arg()[0]
    db = get_db()
    try:
        pdf = monthly_report_pdf(activity.report_spec(db, month),
                                 printing.fonts_for(current_app.config))
    except (LayoutError, FontError) as exc:
        flash(_("Chưa in được: %(why)s", why=str(exc)), "error")
        return redirect(url_for("admin.activity_log", month=month))
    if request.method == "POST":  # a GET (a link, a prefetch) must not write: audit the form only
        with transaction(db):
            users.record(db, current_user.name, "in", f"báo cáo tháng {month}")
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="bao-cao-{month}.pdf"'})
