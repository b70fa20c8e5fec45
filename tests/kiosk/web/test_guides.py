"""Kiosk screens through the Flask test client: every route, 404s, language, kiosk-only parts."""

from __future__ import annotations

import re

import pytest

from kiosk.web.templating import kiosk_mark
from qr import render
from tests.helpers.pages import html

SLUG = "kich-hoat-vneid"


@pytest.mark.parametrize("path", ["/", "/attract", f"/guides/{SLUG}", f"/guides/{SLUG}/1",
                                  f"/guides/{SLUG}/3", f"/guides/{SLUG}/done"])
def test_kiosk_routes_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="vi">' in html(response)


@pytest.mark.parametrize("path", [f"/guides/{SLUG}/0", f"/guides/{SLUG}/4", f"/guides/{SLUG}/-1",
                                  f"/guides/{SLUG}/abc", "/guides/khong-co", "/guides/khong-co/1",
                                  "/guides/../etc/passwd", "/guides/%2e%2e/1"])
def test_bad_slugs_and_step_numbers_are_friendly_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = html(response)
    assert "Không tìm thấy trang này" in page
    assert 'href="/"' in page and "Trang đầu" in page


def test_home_groups_guides_by_skill(client):
    page = html(client.get("/"))
    assert "Định danh điện tử VNeID" in page
    assert f'href="/guides/{SLUG}"' in page
    assert "Kích hoạt VNeID" in page


def test_step_shows_counter_texts_and_navigation(client):
    page = html(client.get(f"/guides/{SLUG}/2"))
    assert "Bước 2/3" in page
    assert '<progress max="3" value="2">' in page
    assert "Nội dung bước 2." in page
    assert "Mẹo nhỏ." in page
    assert f'href="/guides/{SLUG}/1" rel="prev"' in page
    assert f'href="/guides/{SLUG}/3" rel="next"' in page


def test_first_step_back_goes_to_overview_and_last_next_to_end(client):
    assert f'href="/guides/{SLUG}" rel="prev"' in html(client.get(f"/guides/{SLUG}/1"))
    last = html(client.get(f"/guides/{SLUG}/3"))
    assert f'href="/guides/{SLUG}/done" rel="next"' in last
    assert "Không đưa mã OTP cho ai." in last


def test_end_screen_offers_again_and_home(client):
    page = html(client.get(f"/guides/{SLUG}/done"))
    bottombar = re.search(r'<nav class="bottombar">(.*?)</nav>', page, re.S).group(1)
    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', bottombar)
    assert links == [(f"/guides/{SLUG}/1", "↺ Làm lại"), ("/", "Trang đầu")]


def test_english_switch_keeps_language_in_links(client):
    page = html(client.get(f"/guides/{SLUG}/1?lang=en"))
    assert '<html lang="en">' in page
    assert "Test step 1" in page and "Step 1/3" in page
    assert f'href="/guides/{SLUG}/2?lang=en"' in page
    assert f'href="/guides/{SLUG}/1"' in page  # the switch back to Vietnamese


def test_missing_translation_falls_back_with_notice(client):
    page = html(client.get(f"/guides/{SLUG}/2?lang=en"))
    assert "Mẹo nhỏ." in page  # the tip has no English
    english_only = html(client.get(f"/guides/{SLUG}/1?lang=en"))
    assert "not translated yet" not in english_only


def test_unknown_language_is_vietnamese(client):
    page = html(client.get("/?lang=xx"))
    assert '<html lang="vi">' in page


def test_kiosk_step_has_qr_of_public_url_not_host_header(client):
    client.set_cookie("langso_kiosk", kiosk_mark(client.application), domain="evil.example")
    response = client.get(f"/guides/{SLUG}/2?lang=en", headers={"Host": "evil.example"})
    page = html(response)
    expected = render.to_svg("http://192.168.1.10:8080/guides/kich-hoat-vneid/2?lang=en",
                             ec=render.error_level("link"))
    assert "Continue on your phone" in page
    assert expected in page
    assert "evil.example" not in page


def test_phone_visitor_gets_no_kiosk_parts(client):
    page = html(client.get(f"/guides/{SLUG}/2"))
    assert "Tiếp tục trên điện thoại" not in page
    assert 'id="idle"' not in page


def test_no_qr_without_public_base_url(kiosk_client, app):
    from pathlib import Path

    from kiosk.db import DB_NAME, connect

    conn = connect(Path(app.config["DATA"]) / DB_NAME)
    conn.execute("DELETE FROM settings WHERE key = 'public_base_url'")
    conn.close()
    assert "Tiếp tục trên điện thoại" not in html(kiosk_client.get(f"/guides/{SLUG}/1"))


def test_kiosk_pages_have_no_text_input_and_no_way_out(kiosk_client):
    for path in ["/attract", "/", f"/guides/{SLUG}", f"/guides/{SLUG}/1", f"/guides/{SLUG}/2",
                 f"/guides/{SLUG}/3", f"/guides/{SLUG}/done", "/khong-co"]:
        page = html(kiosk_client.get(path))
        assert not re.search(r"<(input|textarea|select|form)\b", page), path
        hrefs = re.findall(r'(?:href|src)="([^"]+)"', page)
        assert all(h.startswith("/") and not h.startswith("//") for h in hrefs), (path, hrefs)
        assert not any(h.startswith("/admin") for h in hrefs), path


def test_idle_settings_reach_the_page(kiosk_client):
    page = html(kiosk_client.get("/"))
    assert 'data-idle="90"' in page and 'data-countdown="20"' in page
    assert 'id="idle"' in page and "Bạn còn xem không?" in page


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("style-src")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client):
    for path in ["/", f"/guides/{SLUG}/1", "/attract"]:
        page = html(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page and "<style" not in page, path


def test_media_is_served_immutable_and_sandboxed(client):
    page = html(client.get(f"/guides/{SLUG}/1"))
    (src,) = re.findall(r'<img src="(/media/[^"]+)"', page)
    response = client.get(src)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("name", ["../secret_key", "..%2fsecret_key", "abc.svg",
                                  "0" * 64 + ".exe", "0" * 64 + ".svg"])
def test_media_path_tricks_are_404(client, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["counts"]["guides"] == 1 and body["counts"]["steps"] == 3


def test_unpublished_guide_is_hidden(client, app):
    from pathlib import Path

    from kiosk.db import DB_NAME, connect

    conn = connect(Path(app.config["DATA"]) / DB_NAME)
    conn.execute("UPDATE guides SET published = 0")
    conn.close()
    assert client.get(f"/guides/{SLUG}").status_code == 404
    assert SLUG not in html(client.get("/"))


def test_server_error_is_a_kind_page(app, client, monkeypatch):
    from kiosk.web import guides

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(guides, "list_guides", boom)
    response = client.get("/")
    assert response.status_code == 500
    page = html(response)
    assert "Có lỗi xảy ra" in page and "disk on fire" not in page and "Traceback" not in page


def test_cached_page_changes_when_another_process_changes_content(client, app, monkeypatch):
    from pathlib import Path

    from kiosk.db import DB_NAME, connect
    from kiosk.web import page_cache

    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    assert "Nội dung bước 1." in html(client.get(f"/guides/{SLUG}/1"))
    conn = connect(Path(app.config["DATA"]) / DB_NAME)  # like `langso import-pack` elsewhere
    conn.execute("""UPDATE steps SET body = '{"vi": "Nội dung đã sửa."}' WHERE position = 1""")
    conn.close()
    now[0] += page_cache.VERSION_SECONDS + 0.01
    page = html(client.get(f"/guides/{SLUG}/1"))
    assert "Nội dung đã sửa." in page and "Nội dung bước 1." not in page


def test_cached_page_changes_at_once_when_this_server_writes(client, app, monkeypatch):
    from pathlib import Path

    from kiosk.db import DB_NAME, connect, transaction
    from kiosk.web import page_cache

    monkeypatch.setattr(page_cache.time, "monotonic", lambda: 1000.0)  # the clock stands still
    assert "Nội dung bước 1." in html(client.get(f"/guides/{SLUG}/1"))
    conn = connect(Path(app.config["DATA"]) / DB_NAME)
    with transaction(conn):  # what the admin and pack import in the server write through
        conn.execute("""UPDATE steps SET body = '{"vi": "Nội dung đã sửa."}' WHERE position = 1""")
    conn.close()
    page = html(client.get(f"/guides/{SLUG}/1"))
    assert "Nội dung đã sửa." in page and "Nội dung bước 1." not in page


def test_cache_keeps_kiosk_and_phone_pages_apart(client):
    phone = html(client.get(f"/guides/{SLUG}/1"))
    client.get("/attract")
    kiosk = html(client.get(f"/guides/{SLUG}/1"))
    assert "Tiếp tục trên điện thoại" not in phone and "Tiếp tục trên điện thoại" in kiosk
