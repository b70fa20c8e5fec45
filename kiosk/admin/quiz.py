"""Admin: the "Thật hay lừa?" quiz items — add, edit, retire, preview.

An item typed here meets exactly the rules of a pack's quiz/items.yaml (packs.quiz.check_form_item),
so it always exports as a pack that imports again. Items are retired, never deleted: the kiosk keeps
its answer counts per item id.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp
from kiosk.admin.forms import EditForm, Errors, lang_codes, require_csrf
from kiosk.db import get_db, transaction
from kiosk.models import QuizItem
from kiosk.packs.quiz import ITEM_ID_RULE, TEXT_LIMITS, check_form_item
from kiosk.store import quiz as quiz_store
from kiosk.store.sources import list_sources
from kiosk.web.i18n import kiosk_words, problem_text

TEXTS = ("sender", "text", "explain")
KIND_LABELS = {"sms": _l("Tin nhắn SMS"), "zalo": _l("Tin nhắn Zalo"), "call": _l("Cuộc gọi"),
               "web": _l("Trang web")}
ANSWER_LABELS = {"scam": _l("Lừa đảo"), "safe": _l("Thật (an toàn)")}


def _item_or_404(item_id: str) -> QuizItem:
    item = quiz_store.get_quiz_item(get_db(), item_id)
    if item is None:
        abort(404)
    return item


def first_words(text: str, count: int = 8) -> str:
    """The start of a message, for the list."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


@bp.get("/quiz")
def quiz_items():
    items = quiz_store.list_quiz_items(get_db(), include_retired=True)
    return render_template("admin/quiz_list.html", items=items, form=EditForm(),
                           first_words=first_words, kinds=KIND_LABELS, answers=ANSWER_LABELS)


@bp.route("/quiz/new", methods=["GET", "POST"])
def new_quiz_item():
    return _edit(None)


@bp.route("/quiz/<item_id>", methods=["GET", "POST"])
def edit_quiz_item(item_id: str):
    return _edit(_item_or_404(item_id))


def _values(item: QuizItem | None, langs: list[str]) -> dict[str, str]:
    values = {"id": "", "kind": "", "answer": "", "sources": ""}
    values.update({f"{name}.{lang}": "" for name in TEXTS for lang in langs})
    if item is not None:
        values.update(id=item.id, kind=item.kind, answer=item.answer,
                      sources=" ".join(item.sources))
        for name in TEXTS:
            for lang, text in getattr(item, name).items():
                values[f"{name}.{lang}"] = text
    return values


def _edit(existing: QuizItem | None):
    form = EditForm()
    db = get_db()
    langs = lang_codes(db)
    values = _values(existing, langs)
    errors: Errors = {}
    if request.method == "POST":
        require_csrf()
        values.update({key: request.form.get(key, "").strip() for key in values})
        if existing is not None:
            values["id"] = existing.id  # the kiosk's answer counts are kept by id
        item, errors = _check(values, langs, existing)
        if item is not None:
            with transaction(db):
                quiz_store.save_quiz_item(db, item)
                users.record(db, current_user.name,
                             "sửa câu đố" if existing else "thêm câu đố", item.id,
                             f"{item.kind}, {item.answer}: {item.text.get('vi', '')}")
            flash(_("Đã lưu câu đố %(id)s.", id=item.id), "info")
            return redirect(url_for("admin.edit_quiz_item", item_id=item.id))
    return render_template(
        "admin/quiz_form.html", form=form, values=values, errors=errors, existing=existing,
        langs=langs, kinds=KIND_LABELS, answers=ANSWER_LABELS, limits=TEXT_LIMITS,
        id_rule=_(ITEM_ID_RULE)), 400 if errors else 200


def _check(values: dict[str, str], langs: list[str],
           existing: QuizItem | None) -> tuple[QuizItem | None, Errors]:
    """The form's values by the pack rules; errors keyed by input name."""
    raw = {"id": values["id"], "kind": values["kind"], "answer": values["answer"],
           "sources": values["sources"].split()}
    for name in TEXTS:
        raw[name] = {lang: values[f"{name}.{lang}"].replace("\r\n", "\n")
                     for lang in langs if values[f"{name}.{lang}"]}
    source_ids = frozenset(s.id for s in list_sources(get_db()))
    data, problems = check_form_item(raw, langs, source_ids)
    errors: Errors = {}
    for problem in problems:
        if problem.level != "error":
            continue
        key = f"{problem.field}.vi" if problem.field in TEXTS else problem.field
        errors.setdefault(key or "_", []).append(problem_text(problem))
    if existing is None and data is not None and \
            quiz_store.get_quiz_item(get_db(), data.id) is not None:
        errors.setdefault("id", []).append(_("mã %(id)s đã có câu đố khác dùng", id=data.id))
    if data is None or errors:
        return None, errors
    return QuizItem(
        id=data.id, kind=data.kind, sender=data.sender, text=data.text, answer=data.answer,
        explain=data.explain, sources=tuple(data.sources),
        image=existing.image if existing else None,  # a pack's picture stays with its item
        retired=existing.retired if existing else False), {}


@bp.post("/quiz/<item_id>/retire")
def retire_quiz_item(item_id: str):
    item = _item_or_404(item_id)
    require_csrf()
    retire = not item.retired
    db = get_db()
    with transaction(db):
        quiz_store.set_quiz_item_retired(db, item.id, retire)
        users.record(db, current_user.name, "ngừng dùng câu đố" if retire else "dùng lại câu đố",
                     item.id, item.text.get("vi", ""))
    flash(_("Câu đố %(id)s đã ngừng hiện trên kiosk.", id=item.id) if retire
          else _("Câu đố %(id)s đã hiện lại trên kiosk.", id=item.id), "info")
    back_to_list = request.form.get("next") == "list"
    return redirect(url_for("admin.quiz_items") if back_to_list
                    else url_for("admin.edit_quiz_item", item_id=item.id))


@bp.get("/quiz/<item_id>/preview")
def preview_quiz_item(item_id: str):
    item = _item_or_404(item_id)
    langs = [lang for lang in lang_codes(get_db()) if lang in item.text]
    return render_template("admin/quiz_preview.html", item=item, langs=langs, form=EditForm(),
                           kinds=KIND_LABELS, answers=ANSWER_LABELS,
                           kiosk_text={lang: kiosk_words(lang) for lang in langs})
