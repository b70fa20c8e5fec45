"""Admin: heritage sites — texts and story per language, coordinates, photos, audio, retire.

Texts and codes meet the rules a pack's site.yaml meets (packs.check_i18n, check_code, SLUG). The
short code printed on posters never changes; a changed slug is remembered so old links still work.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from kiosk import printing, users
from kiosk.admin import bp, listing
from kiosk.admin.forms import (
    EditForm,
    Errors,
    check_integer,
    check_texts,
    check_upload,
    data_dir,
    form_texts,
    lang_codes,
    media_name,
    require_csrf,
)
from kiosk.codes import SLUG, check_code, suggest_code
from kiosk.db import get_db, transaction
from kiosk.media import files as media
from kiosk.media import photos
from kiosk.models import HeritageSite
from kiosk.packs.shapes import TEXT_LIMITS
from kiosk.store import settings as setting_store
from kiosk.store import sites as site_store
from kiosk.web import markup
from kiosk.web.i18n import problem_text

MAX_STORY = 20_000
MAX_YEAR = 40
TEXTS = (("name", "name", True), ("summary", "summary", True), ("category", "category", False),
         ("directions", "directions", False))  # (field, limit key, required)
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")  # fullmatch only: linear
# "-21.028500000, -105.854200000" pasted in one box is 30 characters. Checked before any
# parsing, so a hostile field costs no more than a real one.
MAX_COORDINATE_TEXT = 40
RESERVED_SLUGS = frozenset({"new", "preview"})  # /admin/sites/new, /admin/sites/preview
FORM_TEXT_ROOM = 512 * 1024  # of a request's bytes, kept for the texts sent with the photos


def _site_or_404(slug: str) -> HeritageSite:
    site = site_store.get_site(get_db(), slug)
    if site is None:
        abort(404)
    return site


def _site_id(db: sqlite3.Connection, code: str) -> int:
    site_id = site_store.get_site_id(db, code)
    assert site_id is not None, code  # callers hold a site loaded by its code
    return site_id


@bp.get("/sites")
def sites():
    query = listing.query_text(request.args)
    page = site_store.page_of_sites(get_db(), query, listing.page_number(request.args))
    return render_template("admin/sites.html", page=page, links=listing.page_links(page),
                           query=query)


def _values(site: HeritageSite | None, langs: list[str]) -> dict[str, str]:
    values = {"slug": "", "code": "", "position": "0", "year": "", "lat": "", "lon": ""}
    for name in ("name", "summary", "category", "directions", "story"):
        values.update({f"{name}.{lang}": "" for lang in langs})
    if site is not None:
        values.update(slug=site.slug, code=site.code, position=str(site.position), year=site.year,
                      lat="" if site.lat is None else repr(site.lat),
                      lon="" if site.lon is None else repr(site.lon))
        texts = {"name": site.name, "summary": site.summary, "category": site.category,
                 "directions": site.directions, "story": site.story}
        for name, text in texts.items():
            values.update({f"{name}.{lang}": text.get(lang, "") for lang in langs})
        for photo_n, photo in enumerate(site.photos, start=1):
            values.update({f"caption{photo_n}.{lang}": photo.caption.get(lang, "")
                           for lang in langs})
    return values


def _pair(text: str) -> tuple[str, str] | None:
    r"""The two numbers of "21.0285, 105.8542", "21,0285; 105,8542" or "21.0285 105.8542".

    Split on whitespace rather than matched with one regex: r"\s*[,;]?\s+" between two
    numbers backtracks quadratically over a long run of spaces.
    """
    parts = text.split()
    if len(parts) == 3 and parts[1] in (",", ";"):
        parts = [parts[0], parts[2]]
    elif len(parts) == 2 and parts[0][-1:] in (",", ";"):
        parts = [parts[0][:-1], parts[1]]
    if len(parts) == 2 and all(_NUMBER.fullmatch(part) for part in parts):
        return parts[0], parts[1]
    return None


def _coordinates(values: dict[str, str], errors: Errors) -> tuple[float | None, float | None]:
    lat_text, lon_text = values["lat"].strip(), values["lon"].strip()
    for key, text in (("lat", lat_text), ("lon", lon_text)):
        if len(text) > MAX_COORDINATE_TEXT:
            errors.setdefault(key, []).append(
                _("quá dài (%(n)s ký tự, tối đa %(max)s): ghi số độ, ví dụ 21.0285",
                  n=len(text), max=MAX_COORDINATE_TEXT))
    if {"lat", "lon"} & set(errors):
        return None, None
    pair = _pair(lat_text)
    if pair and not lon_text:  # "21.0285, 105.8542" as a map app copies it, pasted in one box
        lat_text, lon_text = pair
        values.update(lat=lat_text, lon=lon_text)
    if not lat_text and not lon_text:
        return None, None
    result = []
    for key, text, limit in (("lat", lat_text, 90), ("lon", lon_text, 180)):
        if not text:
            errors.setdefault(key, []).append(_("cần cả vĩ độ và kinh độ (hoặc để trống cả hai)"))
            continue
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = float("nan")
        if not -limit <= number <= limit:  # NaN fails too
            errors.setdefault(key, []).append(
                _("phải là số độ từ -%(limit)s đến %(limit)s, ví dụ 21.0285", limit=limit))
        result.append(number)
    return (result[0], result[1]) if len(result) == 2 and not {"lat", "lon"} & set(errors) \
        else (None, None)


def _check_site(values: dict[str, str], langs: list[str], errors: Errors) -> dict:
    checked: dict = {name: check_texts(form_texts(name, langs), name, langs, errors,
                                       required=required, limit=TEXT_LIMITS[limit])
                     for name, limit, required in TEXTS}
    story = check_texts(form_texts("story", langs), "story", langs, errors, limit=MAX_STORY)
    checked["story"] = {lang: text + "\n" for lang, text in story.items()}  # as a pack's .md file
    checked["position"] = check_integer(values["position"], "position", errors, 0, 10_000)
    checked["year"] = unicodedata.normalize("NFC", values["year"].strip())
    if len(checked["year"]) > MAX_YEAR:
        errors.setdefault("year", []).append(
            _("tối đa %(max)s ký tự, ví dụ 1835 hay thế kỷ XVIII", max=MAX_YEAR))
    checked["lat"], checked["lon"] = _coordinates(values, errors)
    return checked


def _site_codes(db: sqlite3.Connection) -> set[str]:
    return {s.code for s in site_store.list_sites(db)}


def _check_slug(db: sqlite3.Connection, slug: str, code: str | None, errors: Errors) -> None:
    if not SLUG.match(slug):
        errors.setdefault("slug", []).append(
            _("chỉ chữ thường không dấu, số và gạch nối, ví dụ dinh-lang-an-phu"))
        return
    if slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append(
            _("%(slug)s là tên dành riêng của trang quản trị", slug=slug))
        return
    owner = site_store.get_slug_owner(db, slug)
    old = site_store.get_old_slug_owner(db, slug)
    if owner and owner != code:
        errors.setdefault("slug", []).append(
            _("di tích khác đang dùng đường dẫn %(slug)s", slug=slug))
    elif old and old != code:
        errors.setdefault("slug", []).append(
            _("%(slug)s từng là đường dẫn của di tích khác (liên kết cũ vẫn dẫn tới đó); "
              "chọn tên khác", slug=slug))


def _render(site: HeritageSite | None, values: dict, errors: Errors, langs: list[str],
            previews: dict | None = None, reselect: int = 0):
    """The site page; `reselect` photos were chosen but not kept (a browser empties file
    inputs when a page comes back), so the form asks for them again."""
    settings = setting_store.get_settings(get_db())
    return render_template(
        "admin/site_form.html", form=EditForm(), site=site, values=values, errors=errors,
        langs=langs, previews=previews or {}, limits=TEXT_LIMITS, max_story=MAX_STORY,
        short_link=printing.site_link(site, settings)
        if site and setting_store.public_base(settings) else None,
        # Resized variants: a team member on a phone should not download 5 MB originals.
        thumbs=photos.photo_views(get_db(), [p.media for p in site.photos]) if site else {},
        photo_limits=_photo_limits(), reselect=reselect,
        max_audio_mb=media.MAX_AUDIO_BYTES // 1024 // 1024,
        audio_types=", ".join(sorted(media.AUDIO_TYPES)),
    ), 400 if errors else 200


@bp.route("/sites/new", methods=["GET", "POST"])
def new_site():
    return _edit(None)


@bp.route("/sites/<slug>", methods=["GET", "POST"])
def edit_site(slug: str):
    return _edit(_site_or_404(slug))


def _edit(site: HeritageSite | None):
    db = get_db()
    langs = lang_codes(db)
    values, errors = _values(site, langs), {}
    if request.method == "GET":
        if site is None:  # a generated short code, still editable (issue 18)
            values["code"] = suggest_code("", _site_codes(db), "DT")
        return _render(site, values, errors, langs)
    require_csrf()
    values.update({k: v for k, v in request.form.items() if k in values})
    values["slug"] = values["slug"].strip().lower()
    values["code"] = site.code if site else values["code"].strip().upper()
    if not values["code"]:
        values["code"] = suggest_code(values.get("name.vi", ""), _site_codes(db), "DT")
    if site is None:
        if reason := check_code(values["code"]):
            errors["code"] = [problem_text(reason)]
        elif site_store.get_site_id(db, values["code"]) is not None:
            errors["code"] = [_("mã %(code)s đã có di tích khác dùng", code=values["code"])]
    _check_slug(db, values["slug"], site.code if site else None, errors)
    checked = _check_site(values, langs, errors)
    preview = request.form.get("action") == "preview"
    # A new site takes its first photos in the same step (checked even when a text is wrong,
    # so every problem shows at once).
    chosen = _chosen_photos() if site is None else []
    new_photos = _check_photos(chosen, errors) if chosen and not preview else []
    if errors or preview:
        previews = {lang: markup.render(values[f"story.{lang}"]) for lang in langs
                    if values[f"story.{lang}"].strip()}
        return _render(site, values, errors, langs, previews, reselect=len(chosen))
    _save(db, site, values["slug"], values["code"], checked, new_photos)
    flash(_saved(checked["name"]["vi"], len(new_photos), new=site is None), "info")
    return redirect(url_for("admin.edit_site", slug=values["slug"]))


def _saved(name: str, photo_count: int, new: bool) -> str:
    """The notice after saving a site (and the photos a new site came with)."""
    if photo_count:
        saved = ngettext("Đã lưu di tích %(name)s và %(num)s ảnh.",
                         "Đã lưu di tích %(name)s và %(num)s ảnh.", photo_count, name=name)
    else:
        saved = _("Đã lưu di tích %(name)s.", name=name)
    return _("%(saved)s Giờ có thể in áp phích hoặc tải mã QR ở đầu trang.", saved=saved) \
        if new else saved


def _save(db: sqlite3.Connection, site: HeritageSite | None, slug: str, code: str,
          checked: dict, new_photos: list[media.CheckedMedia]) -> None:
    values = {**checked, "slug": slug}
    if site is None:  # the site and its photos in one transaction: both or neither
        with photos.removed_on_failure(db, data_dir(), new_photos), transaction(db):
            site_id = site_store.add_site(db, code, values)
            users.record(db, current_user.name, "thêm di tích", code,
                         f"{checked['name']['vi']}; /heritage/{slug}")
            _store_photos(db, site_id, code, new_photos)
        return
    with transaction(db):
        site_id = _site_id(db, code)
        site_store.update_site(db, site_id, values)
        detail = checked["name"]["vi"]
        if slug != site.slug:
            # Posters and shared links may carry the old slug: it keeps leading here.
            site_store.forget_old_slug(db, slug)
            site_store.remember_old_slug(db, site_id, site.slug)
            detail += f"; đường dẫn {site.slug} → {slug}"
        users.record(db, current_user.name, "sửa di tích", code, detail)


@bp.post("/sites/<slug>/retire")
def retire_site(slug: str):
    site = _site_or_404(slug)
    require_csrf()
    retire = request.form.get("retire") == "1"
    db = get_db()
    with transaction(db):
        site_store.set_retired(db, site.code, retire)
        users.record(db, current_user.name, "ngừng hiện di tích" if retire else "hiện lại di tích",
                     site.code, site.name.get("vi", ""))
    flash(_("Di tích đã ngừng hiện; mã QR cũ sẽ báo lịch sự rằng di tích không còn giới thiệu.")
          if retire else _("Di tích đã hiện lại."), "info")
    return redirect(url_for("admin.edit_site", slug=slug))


@bp.post("/sites/preview")
def preview_story():
    """The HTML a story's Markdown gives on the public page (for the live preview in admin.js)."""
    require_csrf()
    text = request.form.get("text", "")[:MAX_STORY]
    return Response(str(markup.render(text)), mimetype="text/html")


# -- photos and audio ------------------------------------------------------------------------

def _photo_limits() -> dict[str, int]:
    """What the photo inputs take, for their hint and for photo_upload.js to check first: a
    request over MAX_UPLOAD_MB is refused before the form is read, and its typed text is lost."""
    request_bytes = current_app.config["MAX_CONTENT_LENGTH"]
    return {"file_mb": photos.MAX_PHOTO_BYTES // 1024 // 1024, "count": photos.MAX_PER_UPLOAD,
            "request_mb": request_bytes // 1024 // 1024, "file": photos.MAX_PHOTO_BYTES,
            "total": max(0, request_bytes - FORM_TEXT_ROOM)}


def _chosen_photos() -> list[FileStorage]:
    return [f for f in request.files.getlist("photo") if f.filename]


def _check_photos(files: list[FileStorage], errors: Errors) -> list[media.CheckedMedia]:
    """Each chosen photo checked, shrunk and given its variants, one at a time and before any
    transaction: each is decoded once and released before the next, and the database is not
    locked meanwhile. Problems go to errors["photo"], shown beside the inputs."""
    if len(files) > photos.MAX_PER_UPLOAD:
        errors.setdefault("photo", []).append(
            _("mỗi lần gửi tối đa %(max)s ảnh (đã chọn %(n)s); hãy gửi làm nhiều lần",
              max=photos.MAX_PER_UPLOAD, n=len(files)))
        return []
    return [c for f in files if (c := check_upload(f, "photo", "photo", errors)) is not None]


def _store_photos(db: sqlite3.Connection, site_id: int, code: str,
                  checked: list[media.CheckedMedia]) -> None:
    """Add checked photos after the site's others (inside the caller's transaction)."""
    position = site_store.count_photos(db, site_id)
    for photo in checked:
        position += 1
        digest = media.store(db, data_dir(), photo)  # its variants are on disk already
        name = media_name("photo", photo)
        site_store.add_photo(db, site_id, position, digest, name)
        users.record(db, current_user.name, "thêm ảnh di tích", code, name)


@bp.post("/sites/<slug>/photos")
def add_photos(slug: str):
    site = _site_or_404(slug)
    require_csrf()
    db, langs, errors = get_db(), lang_codes(get_db()), {}
    files = _chosen_photos()
    if not files:
        errors["photo"] = [_("hãy chọn hoặc chụp một ảnh")]
    checked = _check_photos(files, errors) if files else []
    if errors:
        return _render(site, _values(site, langs), errors, langs, reselect=len(files))
    with photos.removed_on_failure(db, data_dir(), checked), transaction(db):
        _store_photos(db, _site_id(db, site.code), site.code, checked)
    flash(ngettext("Đã thêm %(num)s ảnh.", "Đã thêm %(num)s ảnh.", len(checked)), "info")
    return redirect(url_for("admin.edit_site", slug=slug) + "#photos")


@bp.post("/sites/<slug>/photos/<int:n>")
def edit_photo(slug: str, n: int):
    """One photo's caption, place in the order, or removal (the button pressed says which)."""
    site = _site_or_404(slug)
    require_csrf()
    if not 1 <= n <= len(site.photos):
        abort(404)
    db, action = get_db(), request.form.get("action", "")
    langs = lang_codes(db)
    if action == "caption":
        errors: Errors = {}
        caption = check_texts(form_texts(f"caption{n}", langs), f"caption{n}", langs, errors,
                              required=False, limit=TEXT_LIMITS["caption"])
        if errors:
            values = _values(site, langs)
            values.update({f"caption{n}.{lang}": request.form.get(f"caption{n}.{lang}", "")
                           for lang in langs})
            return _render(site, values, errors, langs)
    elif action not in ("up", "down", "delete"):
        abort(400)
    other = n - 1 if action == "up" else n + 1
    if action in ("up", "down") and not 1 <= other <= len(site.photos):
        abort(400)
    name = site.photos[n - 1].media.name
    with transaction(db):
        site_id = _site_id(db, site.code)
        if action == "caption":
            site_store.set_photo_caption(db, site_id, n, caption)
            users.record(db, current_user.name, "sửa chú thích ảnh", site.code, name)
        elif action == "delete":
            site_store.remove_photo(db, site_id, n)
            users.record(db, current_user.name, "xóa ảnh di tích", site.code, name)
        else:
            site_store.swap_photos(db, site_id, n, other)
            users.record(db, current_user.name, "đổi thứ tự ảnh", site.code, f"ảnh {n} → {other}")
    if action == "caption":
        flash(_("Đã lưu chú thích."), "info")
    elif action == "delete":
        flash(_("Đã xóa ảnh %(n)s.", n=n), "info")
    else:
        flash(_("Đã chuyển ảnh %(n)s thành ảnh %(other)s.", n=n, other=other), "info")
    return redirect(url_for("admin.edit_site", slug=slug) + "#photos")
