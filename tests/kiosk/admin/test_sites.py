"""Admin heritage-site editing: create, texts and story, coordinates, slug changes that keep old
links, photos (EXIF stripped, captions, order), audio, retire, the Markdown preview, audit entries,
and that an edited site still exports as a valid pack."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from kiosk import users
from kiosk.store import sites
from tests.helpers.admin import MEMBER, connect, post
from tests.helpers.images import gps_jpeg, png
from tests.helpers.packbuilder import SVG, assert_round_trip
from tests.helpers.sounds import wav

SITE = "/admin/sites/dinh-thu"
OGG = b"OggS" + bytes(60)


def site_form(**changes):
    data = {"slug": "dinh-thu", "position": "1", "name.vi": "Đình làng Thử",
            "name.en": "Test communal house", "summary.vi": "Một ngôi đình.",
            "summary.en": "A communal house.", "category.vi": "Đình làng", "category.en": "",
            "directions.vi": "", "directions.en": "", "year": "1835", "lat": "21.5",
            "lon": "105.8", "story.vi": "# Lịch sử\n\nĐình được dựng năm 1835.",
            "story.en": "# History\n\nBuilt in 1835.", "action": "save"}
    return {**data, **changes}


def new_site_form(**changes):
    return site_form(**{"slug": "chua-moi", "code": "CM3K", "name.vi": "Chùa Mới",
                        "name.en": "", "summary.en": "", "story.en": "", "lat": "", "lon": "",
                        **changes})


def get_site(app, code="DH7K"):
    return sites.get_site_by_code(connect(app), code)


def last_audit(app):
    (entry,) = users.recent_changes(connect(app), 1)
    return entry["user_name"], entry["action"], entry["target"]


def test_list_shows_sites_and_retired_ones(member):
    post(member, f"{SITE}/retire", {"retire": "1"}, SITE)
    page = member.get("/admin/sites").get_data(as_text=True)
    assert "Đình làng Thử" in page and "NGỪNG HIỆN" in page and "1 ảnh" in page


def test_create_site_and_audit(app, member, client):
    response = post(member, "/admin/sites/new", new_site_form(**{"story.vi": "Chùa **cổ**."}))
    assert response.headers["Location"] == "/admin/sites/chua-moi"
    site = get_site(app, "CM3K")
    assert (site.slug, site.name, site.story, site.lat) == (
        "chua-moi", {"vi": "Chùa Mới"}, {"vi": "Chùa **cổ**.\n"}, None)
    assert last_audit(app) == (MEMBER[0], "thêm di tích", "CM3K")
    assert client.get("/h/CM3K").headers["Location"] == "/heritage/chua-moi"
    assert "<strong>cổ</strong>" in client.get("/heritage/chua-moi").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "B0OK"}, "code", "không dùng 0, O, 1, I, L"),
    ({"code": "AB"}, "code", "phải dài 3–8 ký tự"),
    ({"code": "dh7k"}, "code", "mã DH7K đã có di tích khác dùng"),
    ({"slug": "Chùa Mới"}, "slug", "chỉ chữ thường không dấu, số và gạch nối"),
    ({"slug": "dinh-thu"}, "slug", "di tích khác đang dùng đường dẫn dinh-thu"),
    ({"slug": "preview"}, "slug", "preview là tên dành riêng của trang quản trị"),
    ({"name.vi": ""}, "name.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"name.vi": "Đ" * 121}, "name.vi", "quá dài (121 ký tự, tối đa 120)"),
    ({"summary.vi": ""}, "summary.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"category.en": "c" * 61}, "category.en", "quá dài (61 ký tự, tối đa 60)"),
    ({"directions.vi": "d" * 601}, "directions.vi", "quá dài (601 ký tự, tối đa 600)"),
    ({"story.vi": " ", "story.en": "Only English"}, "story.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"year": "y" * 41}, "year", "tối đa 40 ký tự"),
    ({"lat": "95", "lon": "105"}, "lat", "phải là số độ từ -90 đến 90"),
    ({"lat": "21", "lon": "-181"}, "lon", "phải là số độ từ -180 đến 180"),
    ({"lat": "bắc", "lon": "105"}, "lat", "phải là số độ từ -90 đến 90"),
    ({"lat": "nan", "lon": "105"}, "lat", "phải là số độ từ -90 đến 90"),
    ({"lat": "21.5", "lon": ""}, "lon", "cần cả vĩ độ và kinh độ (hoặc để trống cả hai)"),
    ({"position": "-1"}, "position", "phải là số nguyên từ 0 đến 10000"),
])
def test_site_form_explains_each_mistake_and_keeps_input(app, member, changes, field, message):
    response = post(member, "/admin/sites/new",
                    new_site_form(**{"summary.vi": "Tóm tắt đã gõ", **changes}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'<p class="error" id="{re.escape(field.replace(".", "-"))}-error">'
                     rf'[^<]*{re.escape(message)}', page), page[-3000:]
    assert "Tóm tắt đã gõ" in page or "summary.vi" in changes
    assert len(sites.list_sites(connect(app))) == 1


def test_coordinates_pasted_from_a_map_app_in_one_box(app, member):
    post(member, SITE, site_form(lat="21,0285; 105,8542", lon=""))
    site = get_site(app)
    assert (site.lat, site.lon) == (21.0285, 105.8542)
    post(member, SITE, site_form(lat="", lon=""))
    assert (get_site(app).lat, get_site(app).lon) == (None, None)


def test_changing_the_slug_keeps_the_old_link_working(app, member, client):
    response = post(member, SITE, site_form(slug="dinh-lang-thu"))
    assert response.headers["Location"] == "/admin/sites/dinh-lang-thu"
    site = get_site(app)
    assert (site.slug, site.old_slugs) == ("dinh-lang-thu", ("dinh-thu",))
    assert last_audit(app) == (MEMBER[0], "sửa di tích", "DH7K")
    old = client.get("/heritage/dinh-thu")
    assert (old.status_code, old.headers["Location"]) == (301, "/heritage/dinh-lang-thu")
    assert client.get("/h/DH7K").headers["Location"] == "/heritage/dinh-lang-thu"
    post(member, "/admin/sites/dinh-lang-thu", site_form(slug="dinh-thu"))
    site = get_site(app)
    assert (site.slug, site.old_slugs) == ("dinh-thu", ("dinh-lang-thu",))


def test_a_slug_another_site_used_before_is_refused(app, member):
    post(member, "/admin/sites/new", new_site_form())
    post(member, "/admin/sites/chua-moi", new_site_form(slug="chua-cu"))
    response = post(member, SITE, site_form(slug="chua-moi"))
    assert response.status_code == 400
    assert "chua-moi từng là đường dẫn của di tích khác" in response.get_data(as_text=True)


def test_edit_page_shows_short_link_and_poster(member):
    page = member.get(SITE).get_data(as_text=True)
    assert "http://192.168.1.10:8080/h/DH7K" in page
    assert 'href="/admin/print/posters.pdf?site=dinh-thu"' in page


def test_story_preview_is_rendered_by_the_server_without_raw_html(member):
    text = "**Đình** cổ <script>alert(1)</script> [x](javascript:alert(1))"
    response = post(member, "/admin/sites/preview", {"text": text}, SITE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>Đình</strong>" in html and "&lt;script&gt;" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert member.post("/admin/sites/preview", data={"text": "x"}).status_code == 400


def test_preview_button_shows_the_story_without_saving(app, member):
    response = post(member, SITE, site_form(**{"story.vi": "## Mới\n\n*nghiêng*", "action": "preview"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<em>nghiêng</em>" in page
    assert get_site(app).story["vi"] == "# Lịch sử\n\nĐình được dựng năm 1835.\n"


def test_retire_and_unretire(app, member, client):
    post(member, f"{SITE}/retire", {"retire": "1"}, SITE)
    assert client.get("/heritage/dinh-thu").status_code == 410
    assert last_audit(app) == (MEMBER[0], "ngừng hiện di tích", "DH7K")
    post(member, f"{SITE}/retire", {"retire": "0"}, SITE)
    assert client.get("/heritage/dinh-thu").status_code == 200
    assert last_audit(app) == (MEMBER[0], "hiện lại di tích", "DH7K")


def photo_rows(app):
    return [tuple(r) for r in connect(app).execute(
        "SELECT position, name FROM site_photos ORDER BY position")]


def test_uploaded_photo_loses_its_gps_and_gets_a_unique_name(app, member):
    photo = gps_jpeg()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the test photo has GPS
    response = post(member, f"{SITE}/photos", {"photo": (io.BytesIO(photo), "IMG_0001.JPG")}, SITE)
    assert response.headers["Location"] == f"{SITE}#photos"
    (_old, new) = [p.media for p in get_site(app).photos]
    assert re.fullmatch(rf"photo-{new.hash[:8]}\.jpg", new.name)
    stored = Path(app.config["DATA"]) / "media" / new.hash[:2] / new.filename
    with Image.open(stored) as image:
        assert not image.getexif() and "exif" not in image.info
    assert last_audit(app) == (MEMBER[0], "thêm ảnh di tích", "DH7K")


def test_several_photos_at_once_from_camera_and_gallery(app, member):
    post(member, f"{SITE}/photos", {"photo": [(io.BytesIO(png()), "a.png"),
                                             (io.BytesIO(png("#00ff00")), "a.png")]}, SITE)
    assert [p for p, _ in photo_rows(app)] == [1, 2, 3]
    assert len({n for _, n in photo_rows(app)}) == 3


@pytest.mark.parametrize(("upload", "message"), [
    ((io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'><script/></svg>"),
      "x.svg"), "x.svg: SVG không được chứa thẻ &lt;script&gt;"),
    ((io.BytesIO(b"GIF89a...."), "x.gif"), "x.gif: chỉ nhận ảnh SVG, PNG, JPEG hoặc WebP"),
    ((io.BytesIO(b"\xff\xd8\xff broken"), "x.jpg"), "x.jpg: không mở được ảnh"),
    ((io.BytesIO(b""), ""), "hãy chọn hoặc chụp một ảnh"),
])
def test_bad_photos_are_refused_with_a_message(app, member, upload, message):
    response = post(member, f"{SITE}/photos", {"photo": upload}, SITE)
    assert response.status_code == 400
    assert f'<p class="error" id="photo-error">{message}' in response.get_data(as_text=True)
    assert len(photo_rows(app)) == 1


def test_photo_caption_order_and_delete(app, member):
    post(member, f"{SITE}/photos", {"photo": [(io.BytesIO(png()), "b.png"),
                                             (io.BytesIO(SVG), "c.svg")]}, SITE)
    first, second, third = (n for _, n in photo_rows(app))
    post(member, f"{SITE}/photos/2", {"action": "caption", "caption2.vi": "Sân đình",
                                     "caption2.en": "The yard"}, SITE)
    assert get_site(app).photos[1].caption == {"vi": "Sân đình", "en": "The yard"}
    assert last_audit(app) == (MEMBER[0], "sửa chú thích ảnh", "DH7K")
    post(member, f"{SITE}/photos/3", {"action": "up"}, SITE)
    assert photo_rows(app) == [(1, first), (2, third), (3, second)]
    post(member, f"{SITE}/photos/1", {"action": "down"}, SITE)
    assert photo_rows(app) == [(1, third), (2, first), (3, second)]
    assert last_audit(app) == (MEMBER[0], "đổi thứ tự ảnh", "DH7K")
    assert post(member, f"{SITE}/photos/1", {"action": "up"}, SITE).status_code == 400
    post(member, f"{SITE}/photos/2", {"action": "delete"}, SITE)
    assert photo_rows(app) == [(1, third), (2, second)]
    assert get_site(app).photos[1].caption == {"vi": "Sân đình", "en": "The yard"}
    assert last_audit(app) == (MEMBER[0], "xóa ảnh di tích", "DH7K")


def test_caption_too_long_is_explained(app, member):
    response = post(member, f"{SITE}/photos/1", {"action": "caption", "caption1.vi": "ả" * 201},
                    SITE)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="caption1-vi-error">quá dài (201 ký tự, tối đa 200)</p>' in page
    assert "ả" * 201 in page
    assert get_site(app).photos[0].caption == {"vi": "Cổng đình"}


def test_edited_site_exports_as_a_pack_that_reimports_identically(app, member, tmp_path):
    post(member, "/admin/sites/new", new_site_form(lat="10.5", lon="-106.25"))
    post(member, SITE, site_form(slug="dinh-lang-thu", **{"directions.en": "Turn left."}))
    site = "/admin/sites/dinh-lang-thu"
    post(member, f"{site}/photos", {"photo": [(io.BytesIO(gps_jpeg()), "a.jpg"),
                                             (io.BytesIO(png()), "a.png")]}, site)
    post(member, f"{site}/photos/3", {"action": "caption", "caption3.en": "Only English"}, site)
    post(member, f"{site}/photos/3", {"action": "up"}, site)
    post(member, "/admin/narration/sites/dinh-lang-thu/vi",
         {"audio": (io.BytesIO(wav(2.0)), "doc.wav")}, site)
    post(member, f"{site}/retire", {"retire": "1"}, site)
    out = tmp_path / "export"
    assert_round_trip(app, out, tmp_path / "data2")
    exported = json.dumps(sorted(p.name for p in (out / "heritage/dinh-lang-thu").iterdir()))
    assert "audio-vi-" in exported and exported.count("photo-") == 2

