"""HTTP caching and compression: fingerprinted static files, page ETags and 304s, gzip."""

from __future__ import annotations

import gzip
import re
from dataclasses import replace
from unittest import mock

import pytest
from flask import url_for

from kiosk.auth import limiter
from kiosk.db import get_db, transaction
from kiosk.store import shops as shop_store
from kiosk.web import http_caching

SLUG = "kich-hoat-vneid"
PAGES = [f"/guides/{SLUG}/2", "/heritage/dinh-thu", "/s/TH2A", "/heritage/", "/"]


def test_static_url_carries_the_file_hash_and_changes_with_the_file(app, tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "x.css").write_text("body { color: red }")
    app.static_folder = str(static)
    app.extensions["langso_static"].root = str(static)
    with app.test_request_context("/"):
        before = url_for("static", filename="css/x.css")
        (static / "css" / "x.css").write_text("body { color: blue }")
        after = url_for("static", filename="css/x.css")
    assert before.startswith("/static/css/x.css?v=") and after.startswith("/static/css/x.css?v=")
    assert before != after


def test_pages_link_static_files_by_their_hash(client):
    page = client.get("/heritage/").get_data(as_text=True)
    assert '/static/css/public.css?v=' in page


def test_fingerprinted_static_file_is_kept_for_a_year(client, app):
    with app.test_request_context("/"):
        url = url_for("static", filename="css/public.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?v=0123456789ab"])
def test_static_file_without_the_current_hash_is_revalidated(client, query):
    response = client.get(f"/static/css/public.css{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["ETag"]


def test_static_file_answers_304_to_its_etag(client):
    etag = client.get("/static/css/public.css").headers["ETag"]
    response = client.get("/static/css/public.css", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""


def test_static_css_is_gzipped_when_accepted_and_plain_otherwise(client):
    plain = client.get("/static/css/public.css")
    packed = client.get("/static/css/public.css", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]  # strong tags name the bytes


def test_missing_static_file_is_404(client):
    assert client.get("/static/css/nothing.css").status_code == 404
    assert client.get("/static/../kiosk/auth.py").status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_page_has_a_strong_etag_and_revalidates(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"')  # strong: no W/
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Vary"] == "Cookie, Accept-Encoding"


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_304_to_its_etag(client, path):
    etag = client.get(path).headers["ETag"]
    response = client.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag
    assert response.headers["X-Frame-Options"] == "DENY"  # security headers on a 304 too


def test_page_etag_changes_with_the_content(client, app):
    etag = client.get("/s/TH2A").headers["ETag"]
    with app.app_context():
        db = get_db()
        shop = shop_store.get_shop(db, "TH2A")
        with transaction(db):
            shop_store.save_shop(db, replace(shop, name="Tạp hóa Cô Lan Mới"))
    response = client.get("/s/TH2A", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Tạp hóa Cô Lan Mới" in response.get_data(as_text=True)
    assert response.headers["ETag"] != etag


def test_page_etag_differs_by_language_and_kiosk_cookie(client):
    path = f"/guides/{SLUG}/2"
    phone = client.get(path).headers["ETag"]
    english = client.get(path + "?lang=en").headers["ETag"]
    client.get("/attract")
    kiosk = client.get(path)
    assert len({phone, english, kiosk.headers["ETag"]}) == 3
    assert client.get(path, headers={"If-None-Match": phone}).status_code == 200


def test_page_is_gzipped_when_accepted_and_plain_otherwise(client):
    plain = client.get("/heritage/dinh-thu")
    packed = client.get("/heritage/dinh-thu", headers={"Accept-Encoding": "gzip"})
    refused = client.get("/heritage/dinh-thu", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in plain.headers and "Content-Encoding" not in refused.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip", True), ("deflate, gzip;q=0.5", True), ("*", True), ("x-gzip", True),
    ("gzip;q=0", False), ("gzip; q=0.000", False), ("br", False), ("", False), (None, False),
    ("*, gzip;q=0", False), ("identity", False),
])
def test_accepts_gzip(header, expected):
    assert http_caching.accepts_gzip(header) is expected


@pytest.mark.parametrize(("header", "expected"), [
    ('"a"', '"a"'), ('W/"a"', '"a"'), ('"x", "b"', '"b"'), ("*", '"a"'), ('"c"', None),
    (None, None), ("", None),
])
def test_if_none_match(header, expected):
    assert http_caching.matches(header, '"a"', '"b"') == expected


@pytest.mark.parametrize("path", PAGES + ["/static/css/public.css", "/healthz"])
def test_limiter_is_not_consulted_on_public_gets(client, path):
    with mock.patch.object(limiter, "_check_request_limit") as check:
        assert client.get(path).status_code == 200
    check.assert_not_called()


def test_public_get_leaves_no_session_cookie(client):
    response = client.get("/heritage/")
    assert not any("session" in c for c in response.headers.getlist("Set-Cookie"))


def test_a_304_still_counts_a_shop_view(client, app):
    from kiosk.reporting import usage

    etag = client.get("/s/TH2A").headers["ETag"]
    client.get("/s/TH2A", headers={"If-None-Match": etag})
    recorder = usage.get_recorder(app)
    assert recorder.pending() == 2


@pytest.mark.parametrize("path", ["/", "/heritage/", "/s/TH2A", "/login"])
def test_every_page_links_the_icon_and_favicon_ico_answers_with_long_caching(client, path):
    page = client.get(path).get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="(/static/favicon\.ico\?v=\w+)"', page)
    assert link, path
    icon = client.get(link.group(1))
    assert icon.status_code == 200 and icon.data[:4] == b"\0\0\1\0"  # an ICO file
    assert icon.headers["Cache-Control"] == http_caching.IMMUTABLE
    plain = client.get("/favicon.ico")
    assert plain.status_code == 200 and plain.data == icon.data
    assert plain.headers["Cache-Control"].startswith("public, max-age=")
    assert int(plain.headers["Cache-Control"].split("=")[1]) >= 7 * 86400
    svg = re.search(r'<link rel="icon" href="(/static/icons/favicon\.svg\?v=\w+)"', page)
    assert svg and client.get(svg.group(1)).status_code == 200
