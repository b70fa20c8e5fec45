"""The rows of a backup's database, checked with the rules the admin pages and packs apply.

A backup's structure being right (schema, counts, checksums) says nothing about its rows: a crafted
file can hold a media "hash" that is a path, a language code that is markup, or accounts nobody
made. Every name that later becomes a file path, a URL or an HTML attribute is checked here with
the validator the admin or pack path uses, so a restore can refuse the whole file with every
problem listed; and the accounts a restore would add, remove or change are listed for a yes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from kiosk import users
from kiosk.codes import FILE_NAME, LANG, SLUG, check_code
from kiosk.commune import bundle, identity
from kiosk.media import files as media
from kiosk.models import CATEGORIES, QUIZ_ANSWERS, QUIZ_KINDS
from kiosk.packs import sources
from kiosk.packs.glossary import check_term
from kiosk.packs.practice import check_pad_answer, check_rect
from kiosk.packs.quiz import check_item_id
from kiosk.packs.shops_csv import check_row
from kiosk.packs.ui_po import check_po
from kiosk.problems import N_, Problem, Report, in_order
from kiosk.store.settings import SETTING_DEFAULTS, setting_problems
from qr.messages import Message

WHERE = "langso.sqlite3"  # db.DB_NAME; the problems name the file the way the other checks do
PACK_KEYS = frozenset({"intro", "pack.id", "pack.version", "pack.title"})

# A rule says why a value is refused: a Message from our own rules (translatable), or the plain
# Vietnamese of a rule shared with the packs.
Rule = Callable[[Any], Message | str | None]


def _lang(value: Any) -> Message | None:
    if isinstance(value, str) and LANG.match(value):
        return None
    return Message(N_("mã ngôn ngữ phải là chữ thường theo BCP 47, ví dụ vi, en, km, hmn"))


def _slug(value: Any) -> Message | None:
    if isinstance(value, str) and SLUG.match(value):
        return None
    return Message(N_("đường dẫn chỉ gồm chữ thường không dấu, số và gạch nối"))


def _file_name(value: Any) -> Message | None:
    if value is None or (isinstance(value, str) and FILE_NAME.match(value) and ".." not in value):
        return None
    return Message(N_("tên tệp phải là tên đơn giản (không có /, \\ hay ..)"))


def _short_code(value: Any) -> Message | None:
    if not isinstance(value, str):
        return Message(N_("mã phải là chữ"))
    if reason := check_code(value):
        return reason
    return None if value == value.upper() else Message(N_("mã phải viết in hoa"))


def _category(value: Any) -> Message | None:
    if value in CATEGORIES:
        return None
    return Message(N_("nhóm phải là một trong %(allowed)s"), allowed=", ".join(CATEGORIES))


def _account_name(value: Any) -> Message | str | None:
    try:
        if isinstance(value, str) and users.check_name(value) == value:
            return None
    except users.AccountError as exc:
        return str(exc)
    return Message(N_("tên đăng nhập phải ở dạng chuẩn (NFC, không có dấu cách ở đầu hay cuối)"))


def _role(value: Any) -> Message | None:
    if value in users.ROLES:
        return None
    return Message(N_("vai trò phải là %(roles)s"), roles=" hoặc ".join(users.ROLES))


def _flag(value: Any) -> Message | None:
    return None if value in (0, 1) else Message(N_("phải là 0 hoặc 1"))


def _hash(value: Any) -> Message | None:
    ok = isinstance(value, str) and media.is_media_name(value, "png")
    return None if ok else Message(N_("mã băm phải là 64 chữ số hex viết thường"))


def _ext(value: Any) -> Message | None:
    ok = isinstance(value, str) and media.is_media_name("0" * 64, value)
    known = ", ".join(sorted(media.IMAGE_TYPES | media.AUDIO_TYPES))
    return None if ok else Message(N_("loại tệp phải là một trong %(allowed)s"), allowed=known)


def _citations(value: Any) -> Message | str | None:
    """A JSON list of source ids (their existence is not required: citations stored before the
    sources table existed name ids it never held, and the export leaves those out)."""
    try:
        ids = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        ids = None
    if not isinstance(ids, list):
        return Message(N_("phải là danh sách mã nguồn (JSON)"))
    return next((reason for i in ids if (reason := sources.check_source_id(i))), None)


def _source_text(limit: int, required: bool) -> Rule:
    def rule(value: Any) -> Message | None:
        if isinstance(value, str) and len(value) <= limit and (value or not required):
            return None
        if required:
            return Message(N_("phải là chữ, không để trống, tối đa %(max)s ký tự"), max=limit)
        return Message(N_("phải là chữ, tối đa %(max)s ký tự"), max=limit)
    return rule


def _explanation(value: Any) -> Message | None:
    try:
        texts = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        texts = None
    if isinstance(texts, dict) and texts.get("vi") and all(
            not _lang(k) and isinstance(v, str) for k, v in texts.items()):
        return None
    return Message(N_("phải là bảng mã ngôn ngữ → lời giải thích, có tiếng Việt (vi)"))


def _screens(value: Any) -> Message | None:
    """practices.screens: drawings named by a stored-file hash and a plain name, targets and pads
    inside the rules the pack check applies."""
    try:
        screens = json.loads(value) if isinstance(value, str) else None
        assert isinstance(screens, list) and screens
        for s in screens:
            image = s["image"]
            assert not _hash(image["hash"]) and not _ext(image["ext"])
            assert not _file_name(image["name"]) and s["prompt"].get("vi")
            assert isinstance(s.get("check", ""), str)
            assert all(isinstance(i, str) for i in s.get("sources", []))
            if s.get("pad"):
                assert not check_pad_answer(s["pad"]["answer"]) and not s.get("targets")
            else:
                assert sum(1 for t in s["targets"] if t["right"] is True) == 1
                assert all(check_rect(t["rect"])[0] for t in s["targets"])
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError):
        return Message(N_("màn hình thực hành hỏng (ảnh, vùng bấm hoặc bàn phím số sai)"))
    return None


def _lang_list(value: Any) -> Message | None:
    try:
        langs = json.loads(value)
    except (TypeError, ValueError):
        langs = None
    if isinstance(langs, list) and all(_lang(lang) is None for lang in langs):
        return None
    return Message(N_("phải là danh sách mã ngôn ngữ, ví dụ [\"en\"]"))


def _one_of(*allowed: str) -> Rule:
    def rule(value: Any) -> Message | None:
        if value in allowed:
            return None
        return Message(N_("phải là một trong: %(allowed)s"), allowed=", ".join(allowed))
    return rule


# (table, key column shown in messages, column, rule): every name that reaches a path, URL or page.
COLUMN_RULES: tuple[tuple[str, str, str, Rule], ...] = (
    ("languages", "code", "code", _lang),
    ("media", "hash", "hash", _hash),
    ("media", "hash", "ext", _ext),
    ("guides", "id", "slug", _slug),
    ("guides", "slug", "category", _category),
    ("guides", "slug", "icon_name", _file_name),
    ("steps", "id", "image_name", _file_name),
    ("step_audio", "step_id", "lang", _lang),
    ("step_audio", "step_id", "name", _file_name),
    ("sites", "id", "code", _short_code),
    ("sites", "code", "slug", _slug),
    ("site_old_slugs", "site_id", "slug", _slug),
    ("site_photos", "site_id", "name", _file_name),
    ("site_audio", "site_id", "lang", _lang),
    ("site_audio", "site_id", "name", _file_name),
    ("shops", "id", "code", _short_code),
    ("users", "id", "name", _account_name),
    ("users", "name", "role", _role),
    ("users", "name", "disabled", _flag),
    # Tables and columns from migration 0006 on (an older backup has none; it is migrated later).
    ("sources", "id", "id", sources.check_source_id),
    ("sources", "id", "url", sources.check_url),
    ("sources", "id", "title", _source_text(sources.LIMITS["title"], True)),
    ("sources", "id", "publisher", _source_text(sources.LIMITS["publisher"], False)),
    ("sources", "id", "published", sources.check_published),
    ("sources", "id", "checked", sources.check_checked),
    ("guides", "slug", "sources", _citations),
    ("steps", "id", "sources", _citations),
    # Migration 0013 on: translations to look at again.
    ("steps", "id", "review_langs", _lang_list),
    ("glossary", "term", "term", check_term),
    ("glossary", "term", "explanation", _explanation),
    # Migration 0007 on: practices and the quiz.
    ("practices", "guide_slug", "guide_slug", _slug),
    ("practices", "guide_slug", "screens", _screens),
    ("quiz_items", "id", "id", check_item_id),
    ("quiz_items", "id", "kind", _one_of(*QUIZ_KINDS)),
    ("quiz_items", "id", "answer", _one_of(*QUIZ_ANSWERS)),
    ("quiz_items", "id", "explain", _explanation),
    ("quiz_items", "id", "sources", _citations),
    ("quiz_items", "id", "image_name", _file_name),
    ("quiz_items", "id", "retired", _flag),
    # Migration 0012 on: the pack's UI translations (ui/<lang>.po).
    ("ui_catalogs", "lang", "lang", _lang),
    ("ui_catalogs", "lang", "po", check_po),
    # Migration 0014 on: each account's admin language.
    ("users", "name", "ui_lang", _lang),
)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def row_problems(conn: sqlite3.Connection) -> list[Problem]:
    """Every row that the admin pages or a pack import would have refused, in order."""
    report = Report()
    for table, key, column, rule in COLUMN_RULES:
        if column not in _columns(conn, table):
            continue
        for row_key, value in conn.execute(f'SELECT "{key}", "{column}" FROM "{table}"'):
            if reason := rule(value):
                report.error(WHERE, N_("%(value)s (%(key)s %(row)s): %(reason)s"),
                             f"{table}.{column}", value=_shown(value), key=key,
                             row=_shown(row_key), reason=reason)
    _check_shops(conn, report)
    _check_settings(conn, report)
    _check_commune(conn, report)
    return in_order(report.problems)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _check_shops(conn: sqlite3.Connection, report: Report) -> None:
    """Shops with the CSV import's rules (bank, account, amount, purpose, formula cells)."""
    rows = conn.execute("SELECT code, name, owner, bank_bin, account, holder, amount, purpose, "
                        "demo FROM shops ORDER BY code")
    for code, name, owner, bank, account, holder, amount, purpose, demo in rows:
        values = {"code": code, "name": name, "owner": owner, "bank": bank, "account": account,
                  "holder": holder, "amount": "" if amount is None else amount,
                  "purpose": purpose, "demo": "1" if demo else "0"}
        if not all(isinstance(v, str | int) for v in values.values()):
            report.error(WHERE, N_("cửa hàng %(code)s: có ô không phải chữ hay số"), "shops",
                         code=_shown(code))
            continue
        found = Report()
        check_row({k: str(v) for k, v in values.items()}, WHERE, 0, found)
        for problem in found.problems:
            if problem.level == "error" and problem.field != "code":  # codes: COLUMN_RULES
                report.error(WHERE, N_("cửa hàng %(code)s: %(reason)s"), f"shops.{problem.field}",
                             code=_shown(code),
                             reason=Message(problem.template, **dict(problem.params)))


def _check_commune(conn: sqlite3.Connection, report: Report) -> None:
    """A commune machine's hamlets and their stored bundles: keys, and every signature again."""
    if "public_key" not in _columns(conn, "commune_hamlets"):
        return  # a backup made before migration 0008
    keys = list(conn.execute("SELECT public_key, fingerprint FROM commune_hamlets"))
    if "public_key" in _columns(conn, "commune_key"):  # migration 0009 on: the pinned commune key
        keys += conn.execute("SELECT public_key, fingerprint FROM commune_key").fetchall()
    for table in ("guides", "quiz_items"):
        if "origin" in _columns(conn, table):  # '' (the hamlet's own) or a commune's key
            keys += [(o, None) for (o,) in conn.execute(
                f"SELECT DISTINCT origin FROM {table} WHERE origin != ''")]
    for key, fingerprint in keys:
        try:
            found = identity.fingerprint(identity.verify_key_from_text(key))
            if fingerprint is not None and found != fingerprint:
                raise identity.IdentityError("mã nhận diện không khớp khóa")
        except identity.IdentityError as exc:
            report.error(WHERE, N_("khóa %(key)s: %(reason)s"), "commune_hamlets.public_key",
                         key=_shown(key), reason=str(exc))
    rows = conn.execute("SELECT public_key, month, created_at, payload, signature"
                        " FROM commune_reports ORDER BY public_key, month")
    for key, month, created, payload, signature in rows:
        try:
            document = json.dumps({"payload": json.loads(payload), "signature": signature},
                                  ensure_ascii=False).encode()
            found = bundle.read_bundle(document)
            if (found.public_key, found.month, found.created_at) != (key, month, created):
                raise bundle.BundleError(["thôn, tháng hoặc giờ lập không khớp nội dung đã ký"])
        except (TypeError, ValueError) as exc:  # BundleError is a ValueError
            report.error(WHERE, N_("báo cáo %(month)s của %(key)s: %(reason)s"),
                         "commune_reports.payload", month=_shown(month), key=_shown(key),
                         reason=str(exc))


def _check_settings(conn: sqlite3.Connection, report: Report) -> None:
    """Settings with the admin settings page's rules; pack identity with the pack's."""
    stored: dict[str, Any] = {}
    for key, raw in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        field = f"settings.{key}"
        if key not in SETTING_DEFAULTS and key not in PACK_KEYS:
            report.error(WHERE, N_("thiết lập lạ %(key)s"), field, key=_shown(key))
            continue
        try:
            stored[key] = json.loads(raw)
        except (TypeError, ValueError):
            report.error(WHERE, N_("giá trị %(value)s không phải JSON"), field, value=_shown(raw))
    for key, reason in _pack_settings(stored):
        report.error(WHERE, reason, f"settings.{key}")  # a msgid without values
    form = {key: "" if value is None else value for key, value in
            ((k, stored.get(k, SETTING_DEFAULTS[k])) for k in SETTING_DEFAULTS)}
    wrong = [k for k, v in form.items() if not isinstance(v, str | int) or isinstance(v, bool)]
    for key in wrong:
        report.error(WHERE, N_("giá trị %(value)s không phải chữ hay số"), f"settings.{key}",
                     value=_shown(form[key]))
    if isinstance(form.get("idle_timeout"), str):
        wrong.append("idle_timeout")
        report.error(WHERE, N_("phải là số nguyên từ 30 đến 900"), "settings.idle_timeout")
    _, errors, _ = setting_problems({k: str(v) for k, v in form.items()})
    for key, found in sorted(errors.items()):
        if key in stored and key not in wrong:
            report.error(WHERE, N_("%(value)s: %(reason)s"), f"settings.{key}",
                         value=_shown(stored[key]),
                         reason=Message(found.template, **dict(found.params)))


def _pack_settings(stored: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if "pack.id" in stored and _slug(stored["pack.id"]):
        yield "pack.id", N_("mã gói phải là chữ thường không dấu, số và gạch nối")
    version = stored.get("pack.version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        yield "pack.version", N_("phiên bản gói phải là số nguyên")
    for key in ("pack.title", "intro"):
        value = stored.get(key, {})
        if value is not None and not (isinstance(value, dict) and all(
                not _lang(k) and isinstance(v, str) for k, v in value.items())):
            yield key, N_("phải là bảng mã ngôn ngữ → chữ")
