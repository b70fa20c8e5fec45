"""The static export: served from a sub-path by http.server and opened as files, every link and
image resolves; share codes point at --base-url; re-export replaces, other folders are refused."""

from __future__ import annotations

import functools
import json
import re
import threading
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import zxingcpp

from kiosk.cli.site import export_site_command
from kiosk.web.static_export import MARKER
from tests.helpers.images import big_photo, svg_image
from tests.helpers.packbuilder import site_yaml
from tests.helpers.pages import app_with

BASE = "https://xa-thu.example.vn/thon-thu"
URL_ATTR = re.compile(r'(?:href|src|action)="([^"]*)"|srcset="([^"]*)"')


def links_of(page: str) -> list[str]:
    found = []
    for single, srcset in URL_ATTR.findall(page):
        if single:
            found.append(single)
        else:
            found.extend(item.split()[0] for item in srcset.split(","))
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    if refresh:
        found.append(refresh.group(1))
    return [u for u in found if not u.startswith(("geo:", "http:", "https:", "#", "data:"))]


def export(app, out: Path, *args: str):
    return app.test_cli_runner().invoke(export_site_command, [str(out), *args])


@pytest.fixture
def exported(tmp_path):
    """A pack with a real-size photo, an old slug and audio, exported into hosting/thon-thu."""
    site = {**site_yaml(), "old_slugs": ["dinh-cu"], "audio": {"vi": "story.vi.ogg"}}
    app = app_with(tmp_path, site=site, extra={
        "heritage/dinh-thu/dinh.jpg": big_photo((2400, 1600)),
        "heritage/dinh-thu/story.vi.ogg": b"OggS" + b"\0" * 60,
    })
    out = tmp_path / "hosting" / "thon-thu"
    result = export(app, out, "--base-url", BASE + "/")
    assert result.exit_code == 0, result.output
    return app, out


@pytest.fixture
def http_root(exported):
    """The export's parent folder served over HTTP, so the export sits at /thon-thu/."""
    _app, out = exported
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(out.parent))
    handler.log_message = lambda *a: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/thon-thu/"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_every_link_and_image_resolves_over_http_from_a_sub_path(http_root):
    seen, queue, broken = set(), [http_root], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200:
            broken.append(url)
            continue
        if url.endswith((".html", "/")):
            queue.extend(urljoin(url, link) for link in links_of(body.decode()))
    assert broken == []
    paths = {urlsplit(u).path for u in seen}
    assert "/thon-thu/heritage/dinh-thu/index.en.html" in paths
    assert any(p.startswith("/thon-thu/media/v/") for p in paths)
    assert any(p.endswith(".ogg") for p in paths)


@pytest.mark.parametrize("path", ["h/DH7K/", "h/dh7k/", "heritage/", "heritage/dinh-thu/",
                                  "heritage/dinh-cu/", "s/TH2A/", "s/PH3B/index.en.html"])
def test_server_paths_resolve_on_a_static_host(http_root, path):
    status, body = fetch(http_root + path)
    assert status == 200
    for link in links_of(body.decode()):
        assert fetch(urljoin(http_root + path, link))[0] == 200, link


def test_every_link_resolves_to_a_file_from_a_usb_stick(exported):
    _app, out = exported
    pages = sorted(out.rglob("*.html"))
    assert (out / "index.html") in pages
    for page in pages:
        for link in links_of(page.read_text(encoding="utf-8")):
            target = (page.parent / link.split("#")[0]).resolve()
            # file:// shows a folder listing, not its index.html: links must name files.
            assert target.is_file(), f"{page.relative_to(out)} → {link}"
            assert out.resolve() in target.parents


def test_overview_is_the_index_and_links_are_relative(exported):
    _app, out = exported
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Thôn Thử có <strong>ba</strong> di tích." in index
    assert 'href="heritage/dinh-thu/index.html"' in index
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:href|src|action|srcset)="/', text), page


def test_share_code_points_at_the_base_url(exported):
    _app, out = exported
    for name in ("index.html", "index.en.html"):
        page = (out / "heritage" / "dinh-thu" / name).read_text(encoding="utf-8")
        svg = re.search(r'<div class="qr">(<svg.*?</svg>)', page, re.S).group(1)
        found = zxingcpp.read_barcodes(svg_image(svg), formats=zxingcpp.BarcodeFormat.QRCode)
        assert [f.text for f in found] == [f"{BASE}/h/DH7K"]


def test_static_shop_page_has_no_form_and_says_so(exported):
    _app, out = exported
    page = (out / "s" / "TH2A" / "index.html").read_text(encoding="utf-8")
    assert "<form" not in page and "shop.js" not in page
    assert "Bản sao tĩnh này không tạo được mã có số tiền" in page
    assert "MẪU — KHÔNG CHUYỂN TIỀN" in page


def test_page_weight_without_photos_is_under_60_kb(exported):
    _app, out = exported
    for page in out.rglob("index*.html"):
        text = page.read_text(encoding="utf-8")
        weight = len(text.encode())
        for link in links_of(text):
            if link.endswith((".css", ".js")):
                weight += (page.parent / link).stat().st_size
        assert weight <= 60 * 1024, (page, weight)


def test_reexport_replaces_the_folder_and_leaves_no_temp_files(exported):
    app, out = exported
    (out / "stale.html").write_text("old", encoding="utf-8")
    result = export(app, out)
    assert result.exit_code == 0, result.output
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["thon-thu"]
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["base_url"] == "http://192.168.1.10:8080"  # the setting, without --base-url


def test_refuses_a_folder_that_is_not_an_export(tmp_path, app):
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    result = export(app, out)
    assert result.exit_code == 2
    assert "không phải bản xuất" in result.output and "Traceback" not in result.output
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")) == []


def test_refuses_a_file_and_a_bad_base_url(tmp_path, app):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert export(app, target).exit_code == 2
    bad = export(app, tmp_path / "out", "--base-url", "xa-thu.vn/thon?x=1")
    assert bad.exit_code == 2 and "http(s)://" in bad.output
    assert not (tmp_path / "out").exists()


def test_export_writes_gz_beside_text_files_over_1kb(exported):
    import gzip

    _app, out = exported
    page = out / "heritage" / "dinh-thu" / "index.html"
    packed = page.with_name("index.html.gz")
    assert gzip.decompress(packed.read_bytes()) == page.read_bytes()
    css = next((out / "static").rglob("*.css"))
    assert gzip.decompress(css.with_name(css.name + ".gz").read_bytes()) == css.read_bytes()
    assert not list((out / "media").rglob("*.jpg.gz"))  # photos are compressed already
    for gz in out.rglob("*.gz"):
        assert gz.with_suffix("").stat().st_size > 1024
