"""bp "admin": the team's pages. One guard for all of them: login, network, role."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kiosk import auth, store, users
from kiosk.db import get_db
from kiosk.store import settings as setting_store
from kiosk.timekeeping import localtime
from kiosk.web import security
from kiosk.web.templating import site_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Pages only the admin role may open; members edit content and print.
ADMIN_ONLY = frozenset({"admin.settings", "admin.accounts", "admin.new_account",
                        "admin.account_action", "admin.backups", "admin.new_backup",
                        "admin.download_backup", "admin.restore", "admin.guide_update",
                        "admin.guide_update_preview", "admin.guide_update_apply", "admin.set_clock",
                        "admin.demo_content", "admin.remove_demo", "admin.save_public_address"})
# Pages every member may read, but only the admin may change (any method but GET and HEAD).
ADMIN_ONLY_CHANGES = frozenset({"admin.languages_page"})
# Audit rows written before the log was all Vietnamese ("login", a role in English), and the role
# words rows store now, shown in the reader's language (the rows themselves stay as written).
AUDIT_WORDS = {"login": _l("đăng nhập"), "logout": _l("đăng xuất"),
               **{role: _l(label) for role, label in users.ROLE_LABELS.items()},
               **{label: _l(label) for label in users.ROLE_LABELS.values()}}


def admin_only(endpoint: str | None, method: str) -> bool:
    """Whether this request is one only the admin role may make."""
    return endpoint in ADMIN_ONLY or (endpoint in ADMIN_ONLY_CHANGES
                                        and method not in ("GET", "HEAD"))


@bp.before_request
def guard():
    """Every admin request passes here: logged in, from an allowed network, with the right role."""
    response = auth.require_login()
    if response is not None:
        return response
    if admin_only(request.endpoint, request.method) and not current_user.is_admin:
        abort(403)
    return None


@bp.context_processor
def kept_form() -> dict:
    """A form kept across a login (kiosk.admin.kept_forms), for _base.html to fill in again."""
    return {"kept": auth.kept_form_for_page()}


@bp.after_request
def no_store(response):
    # Admin pages hold names and account numbers: never keep them in a shared browser's cache.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Permissions-Policy"] = security.ADMIN_PERMISSIONS  # microphone: narration
    return response


def hamlet_today() -> date:
    """Today in the hamlet (the `timezone` setting): what "this month" and "today" mean here."""
    return localtime.local_today(localtime.zone_of(site_settings()))


@bp.app_template_filter("local_time")
def local_time(value) -> str:
    """A stored UTC moment in the hamlet's time with its offset: "2026-12-01 06:30 (+07:00)"."""
    return localtime.format_local(value, localtime.zone_of(site_settings()))


@bp.get("/")
def dashboard():
    db = get_db()
    return render_template("admin/dashboard.html", counts=store.counts(db),
                           changes=users.recent_changes(db), settings=setting_store.get_settings(db),
                           audit_words=AUDIT_WORDS)


@bp.get("/keep-alive")
def keep_alive():
    """Pinged by admin-base.js while someone is typing: the guard has counted it as activity, so
    a long text being written does not end the session."""
    return "", 204


def register_views() -> None:
    """Import the view modules, which add their routes to bp."""
    from kiosk.admin import (  # noqa: F401
        accounts,
        backups,
        clock,
        commune,
        demo,
        guide_update,
        guides,
        languages,
        narration,
        print_centre,
        public_address,
        qr_downloads,
        quiz,
        report_bundle,
        review,
        settings,
        shop_import,
        shops,
        sites,
        stats,
        steps,
    )
