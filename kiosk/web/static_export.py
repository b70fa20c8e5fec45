"""The static copy of the public pages: heritage overview and sites, shop pages, for any host.

Pages are rendered by the same functions the live server uses, then every root-relative link is
rewritten to a path relative to the page, pointing at a file (…/index.html), so the copy works
from a USB stick (file://), from a sub-folder of a commune's website, or from any static host.
Server paths keep working there too: /h/<code>/ and /heritage/<slug>/ are folders holding an
index.html. The folder appears whole or not at all, and only replaces a previous export.
"""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from flask import current_app, render_template

from kiosk import __version__, atomic, config
from kiosk.db import get_db
from kiosk.media import files as media
from kiosk.media import photos
from kiosk.models import DEFAULT_LANG
from kiosk.packs.export import inside
from kiosk.store import shops as shop_store
from kiosk.store import sites
from kiosk.web import heritage, http_caching, shops
from kiosk.web.templating import languages, site_settings

MARKER = ".langso-site-export.json"

# Attributes whose values are URLs in our templates; srcset holds "url width, url width".
_URL_ATTR = re.compile(r'\b(href|src|action|srcset)="([^"]*)"')
_MEDIA = re.compile(r"^/media/([0-9a-f]{64})\.([a-z0-9]{2,5})$")
_VARIANT = re.compile(r"^/media/v/([0-9a-f]{64})-([0-9]{2,4})\.jpg$")


class ExportError(ValueError):
    """The export cannot be written where asked; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class ExportResult:
    pages: int
    files: int
    bytes: int


def _page_file(stem: str, lang: str) -> str:
    return f"{stem}index.html" if lang == DEFAULT_LANG else f"{stem}index.{lang}.html"


def page_target(path: str, lang: str) -> str | None:
    """The exported file for a server page path in a language, or None if it is not a page."""
    if path == "/heritage/":
        return _page_file("", lang)
    if match := re.fullmatch(r"/heritage/([a-z0-9-]+)", path):
        return _page_file(f"heritage/{match.group(1)}/", lang)
    if match := re.fullmatch(r"/s/([A-Z2-9]{3,8})", path):
        return _page_file(f"s/{match.group(1)}/", lang)
    if match := re.fullmatch(r"/h/([A-Z2-9]{3,8})", path):
        return f"h/{match.group(1)}/index.html"
    return None


class _Copy:
    """Collects the exported files (relative path → bytes) and the resources pages refer to."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.files: dict[str, bytes] = {}
        self.pages = 0

    def resource(self, path: str) -> str:
        """Add a static file or media file a page links to; returns its path in the export.

        Raises:
            ExportError: the path is nothing the export can hold (a template bug, not user input).
        """
        if path.startswith("/static/"):
            rel = posixpath.normpath(path[len("/static/"):])
            source = config.STATIC_DIR / rel
            if rel.startswith("..") or not source.is_file():
                raise ExportError(f"không có tệp tĩnh {path}")
            self.files.setdefault(f"static/{rel}", source.read_bytes())
            return f"static/{rel}"
        if match := _VARIANT.match(path):
            digest, width = match.group(1), int(match.group(2))
            known = photos.source_sizes(get_db(), [digest]).get(digest)
            if known is None:
                raise ExportError(f"không có ảnh {path}")
            target = f"media/v/{digest}-{width}.jpg"
            if target not in self.files:
                made = photos.ensure_variant(self.data_dir, digest, known[0], width)
                self.files[target] = made.read_bytes()
            return target
        if match := _MEDIA.match(path):
            target = f"media/{match.group(1)}.{match.group(2)}"
            if target not in self.files:
                self.files[target] = media.read(self.data_dir, match.group(1), match.group(2))
            return target
        raise ExportError(f"liên kết {path} không có trong bản xuất")

    def add_page(self, rel: str, page_html: str) -> None:
        """Store a rendered page with its links made relative to where it sits."""
        here = posixpath.dirname(rel) or "."

        def relative(url: str) -> str:
            url = html.unescape(url)
            if not url.startswith("/") or url.startswith("//"):
                return url  # geo:, https:, #anchors and data: stay as they are
            parts = urlsplit(url)
            lang = parse_qs(parts.query).get("lang", [DEFAULT_LANG])[0]
            target = page_target(parts.path, lang) or self.resource(parts.path)
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return html.escape(posixpath.relpath(target, here) + fragment)

        def rewrite(match: re.Match) -> str:
            name, value = match.groups()
            if name == "srcset":
                items = []
                for item in value.split(","):
                    url, _, width = item.strip().partition(" ")
                    items.append(f"{relative(url)} {width}".strip())
                return f'{name}="{", ".join(items)}"'
            return f'{name}="{relative(value)}"'

        self.files[rel] = _URL_ATTR.sub(rewrite, page_html).encode("utf-8")
        self.pages += 1

    def add_redirect(self, rel: str, to_path: str, title: str) -> None:
        """A page that sends the browser on with a meta refresh (and a link, for the careful)."""
        here = posixpath.dirname(rel)
        to = posixpath.relpath(page_target(to_path, DEFAULT_LANG) or "", here)
        self.files[rel] = render_template("heritage/export_redirect.html", to=to,
                                          title=title).encode("utf-8")


def check_out_dir(out: Path) -> None:
    """Refuse anything but a missing folder, an empty one, or a previous export.

    Raises:
        ExportError: `out` is a file, or a folder holding something else (it would be deleted).
    """
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} là một tệp; hãy chọn một thư mục")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(f"{out} đã có dữ liệu khác, không phải bản xuất trang công khai; "
                          "chọn thư mục trống hoặc thư mục của lần xuất trước")


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash.

    Raises:
        ExportError: not an http(s) address with a host, or it carries a query or fragment.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(f"địa chỉ gốc {url!r} phải có dạng http(s)://tên-miền/thư-mục, "
                          "không có ? hay #")
    return url.strip().rstrip("/")


def _render(path: str, lang: str, render) -> str:
    query = {} if lang == DEFAULT_LANG else {"lang": lang}
    with current_app.test_request_context(path, query_string=query):
        return render()


def build(base_url: str) -> _Copy:
    """Render every public page and gather the files they use (needs an app context)."""
    data_dir = Path(current_app.config["DATA"])
    copy = _Copy(data_dir)
    langs = [lang.code for lang in languages()]
    all_sites = sites.list_sites(get_db())
    for lang in langs:
        overview = _render("/heritage/", lang, heritage.render_overview)
        copy.add_page(_page_file("", lang), overview)
        # /heritage/ on a static host is the folder heritage/: the same page, links adjusted.
        copy.add_page(_page_file("heritage/", lang), overview)
        for site in all_sites:
            path = f"/heritage/{site.slug}"
            if site.retired:
                page = _render(path, lang, lambda s=site: heritage.render_retired(s))
            else:
                page = _render(path, lang, lambda s=site: heritage.render_site(s, base_url))
            copy.add_page(page_target(path, lang), page)
        for shop in shop_store.list_shops(get_db()):
            path = f"/s/{shop.code}"
            page = _render(path, lang, lambda s=shop: shops.render_shop(s, static_copy=True))
            copy.add_page(page_target(path, lang), page)
    with current_app.test_request_context("/heritage/"):
        for site in all_sites:
            name = site.name.get(DEFAULT_LANG, site.slug)
            target = f"/heritage/{site.slug}"
            copy.add_redirect(f"h/{site.code}/index.html", target, name)
            # A lower-case copy for hosts whose paths are case-sensitive; on a case-insensitive
            # disk (a FAT USB stick) it is the same file with the same content.
            copy.add_redirect(f"h/{site.code.lower()}/index.html", target, name)
            for old in site.old_slugs:
                copy.add_redirect(f"heritage/{old}/index.html", target, name)
    return copy


def precompressed(rel: str, data: bytes) -> bytes | None:
    """The `.gz` written beside a page, stylesheet, script or SVG over 1 KB (None for others).

    Hosts that serve precompressed files (nginx gzip_static, Caddy precompressed, Apache with a
    rewrite rule; docs/public-pages.md) then send phones a third of the bytes without
    compressing anything themselves. Deterministic: the same export gives the same files.
    """
    return (http_caching.gzip_bytes(data)
            if http_caching.compressible(mimetypes.guess_type(rel)[0]) else None)


def _inside(root: Path, rel: str | None) -> Path:
    """root/rel for a path built from database names, refused if it would leave `root`.

    Raises:
        ExportError: the path is missing, absolute, climbs with `..` or resolves elsewhere.
    """
    try:
        return inside(root, rel)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc


def export_site(out: Path, base_url: str | None = None) -> ExportResult:
    """Write the static copy to `out`, replacing a previous export atomically (app context needed).

    `base_url` is where the copy will be published (share codes point there); by default the
    public_base_url setting.

    Raises:
        ExportError: bad base URL, or `out` holds something that is not a previous export.
        OSError: the disk is full or not writable (nothing is replaced then).
    """
    out = Path(out)
    check_out_dir(out)
    base = base_url if base_url is not None else heritage.public_base()
    base = check_base_url(base) if base else ""
    copy = build(base)
    settings = site_settings()
    marker = {"generator": f"langso {__version__}", "hamlet": settings.get("hamlet", ""),
              "base_url": base, "pages": copy.pages}
    copy.files[MARKER] = (json.dumps(marker, ensure_ascii=False, indent=1) + "\n").encode()
    for rel in copy.files:
        _inside(out, rel)  # before anything is written
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=atomic.TEMP_PREFIX, dir=out.parent))
    try:
        for rel, data in sorted(copy.files.items()):
            target = _inside(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if packed := precompressed(rel, data):
                target.with_name(target.name + ".gz").write_bytes(packed)
        check_out_dir(out)  # again: someone may have put files there while we rendered
        atomic.replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(copy.pages, len(copy.files), sum(len(d) for d in copy.files.values()))
