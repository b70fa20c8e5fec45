"""Admin: guides — per-language texts, needs, order, publish, and the kiosk preview of a step.

Every text goes through the same checks a content pack's guide.yaml meets (packs.check_i18n, via
admin.forms), so an edited guide always exports as a pack that imports again. Steps: admin.steps.
"""

from __future__ import annotations

import dataclasses

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp, listing
from kiosk.admin.forms import (
    EditForm,
    Errors,
    check_integer,
    check_texts,
    form_texts,
    lang_codes,
    require_csrf,
)
from kiosk.codes import SLUG
from kiosk.db import get_db, transaction
from kiosk.models import CATEGORIES, Guide, Step
from kiosk.packs.shapes import MAX_STEPS, TEXT_LIMITS
from kiosk.store import guides as store
from kiosk.web.guides import step_view
from kiosk.web.templating import current_lang


def guide_or_404(slug: str) -> Guide:
    """The guide with its steps, published or not (404 when there is none)."""
    guide = store.get_guide(get_db(), slug, published_only=False)
    if guide is None:
        abort(404)
    return guide


# -- guides ----------------------------------------------------------------------------------

@bp.get("/guides")
def guides():
    page = store.page_of_guides(get_db(), listing.query_text(request.args),
                                listing.page_number(request.args))
    return render_template("admin/guides.html", page=page, links=listing.page_links(page),
                           query=listing.query_text(request.args))


def _guide_values(guide: Guide | None, langs: list[str]) -> dict[str, str]:
    values = {"slug": "", "category": CATEGORIES[0], "position": "0"}
    for name in ("title", "summary", "needs", "step_title", "step_text"):
        values.update({f"{name}.{lang}": "" for lang in langs})
    if guide is not None:
        values.update(slug=guide.slug, category=guide.category, position=str(guide.position))
        for lang in langs:
            values[f"title.{lang}"] = guide.title.get(lang, "")
            values[f"summary.{lang}"] = guide.summary.get(lang, "")
            values[f"needs.{lang}"] = "\n".join(n.get(lang, "") for n in guide.needs).rstrip("\n")
    return values


def _check_needs(langs: list[str], errors: Errors) -> list[dict[str, str]]:
    """One need a line, line i in every language being the same need."""
    lines = {lang: request.form.get(f"needs.{lang}", "").replace("\r\n", "\n").rstrip().split("\n")
             for lang in langs}
    needs = []
    for i in range(max((len(v) for v in lines.values() if v != [""]), default=0)):
        raw = {lang: lines[lang][i].strip() if i < len(lines[lang]) else "" for lang in langs}
        if not any(raw.values()):
            continue
        found: Errors = {}
        needs.append(check_texts(raw, "needs", langs, found, limit=TEXT_LIMITS["need"]))
        for key, messages in found.items():
            errors.setdefault(key, []).extend(_("dòng %(n)s: %(problem)s", n=i + 1, problem=m)
                                              for m in messages)
    return needs


def _check_guide(langs: list[str], errors: Errors) -> dict:
    category = request.form.get("category", "")
    if category not in CATEGORIES:
        errors.setdefault("category", []).append(_("hãy chọn một nhóm trong danh sách"))
    return {
        "category": category,
        "position": check_integer(request.form.get("position", ""), "position", errors, 0, 10_000),
        "title": check_texts(form_texts("title", langs), "title", langs, errors,
                             limit=TEXT_LIMITS["title"], need_en=True),
        "summary": check_texts(form_texts("summary", langs), "summary", langs, errors,
                               limit=TEXT_LIMITS["summary"], need_en=True),
        "needs": _check_needs(langs, errors),
    }


@bp.route("/guides/new", methods=["GET", "POST"])
def new_guide():
    db = get_db()
    langs = lang_codes(db)
    values, errors = _guide_values(None, langs), {}
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        slug = values["slug"] = values.get("slug", "").strip().lower()
        if not SLUG.match(slug) or slug == "new":  # /admin/guides/new is the form itself
            errors["slug"] = [_("chỉ chữ thường không dấu, số và gạch nối, ví dụ kich-hoat-vneid")]
        elif store.exists(db, slug):
            errors["slug"] = [_("đã có hướng dẫn dùng đường dẫn %(slug)s", slug=slug)]
        guide = _check_guide(langs, errors)
        step = {"title": check_texts(form_texts("step_title", langs), "step_title", langs, errors,
                                     limit=TEXT_LIMITS["title"]),
                "body": check_texts(form_texts("step_text", langs), "step_text", langs, errors,
                                    limit=TEXT_LIMITS["text"])}
        if not errors:
            with transaction(db):
                # Asked again under the write lock: save_guide would overwrite a guide that another
                # member added with the same address since the check above.
                taken = store.exists(db, slug)
                if not taken:
                    # New guides start hidden: the team publishes once the steps are written.
                    store.save_guide(db, Guide(slug=slug, published=False, **guide))
                    store.save_step(db, slug, Step(position=1, **step))
                    users.record(db, current_user.name, "thêm hướng dẫn", slug, guide["title"]["vi"])
            if taken:
                errors["slug"] = [_("đã có hướng dẫn dùng đường dẫn %(slug)s", slug=slug)]
            else:
                flash(_("Đã thêm hướng dẫn %(title)s (chưa đăng lên kiosk).",
                        title=guide["title"]["vi"]), "info")
                return redirect(url_for("admin.edit_guide", slug=slug))
    return render_template("admin/guide_new.html", form=EditForm(), values=values, errors=errors,
                           langs=langs, categories=CATEGORIES), 400 if errors else 200


@bp.route("/guides/<slug>", methods=["GET", "POST"])
def edit_guide(slug: str):
    db = get_db()
    guide = guide_or_404(slug)
    langs = lang_codes(db)
    values, errors = _guide_values(guide, langs), {}
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        checked = _check_guide(langs, errors)
        if not errors:
            with transaction(db):
                # Re-read inside the transaction: publish state and icon are not on this form.
                current = store.get_guide(db, slug, published_only=False) or guide
                store.save_guide(db, dataclasses.replace(current, **checked))
                users.record(db, current_user.name, "sửa hướng dẫn", slug, checked["title"]["vi"])
            flash(_("Đã lưu hướng dẫn."), "info")
            return redirect(url_for("admin.edit_guide", slug=slug))
    return render_template("admin/guide_form.html", form=EditForm(), guide=guide, values=values,
                           errors=errors, langs=langs, categories=CATEGORIES,
                           max_steps=MAX_STEPS), 400 if errors else 200


@bp.post("/guides/<slug>/publish")
def publish_guide(slug: str):
    guide = guide_or_404(slug)
    require_csrf()
    publish = request.form.get("publish") == "1"
    db = get_db()
    with transaction(db):
        store.set_published(db, slug, publish)
        users.record(db, current_user.name, "đăng hướng dẫn" if publish else "ẩn hướng dẫn", slug,
                     guide.title.get("vi", ""))
    flash(_("Hướng dẫn đã hiện trên kiosk.") if publish else _("Hướng dẫn đã ẩn khỏi kiosk."),
          "info")
    return redirect(url_for("admin.edit_guide", slug=slug))


@bp.get("/guides/<slug>/preview/<int:n>")
def preview_step(slug: str, n: int):
    """A step as the kiosk shows it, published or not (the kiosk itself 404s unpublished guides)."""
    view = step_view(guide_or_404(slug), n, current_lang())
    return render_template("admin/guide_preview.html", **view, phone_url=None, phone_qr=None)
