"""Phone photos in the site admin: a 12 MP camera JPEG is taken and shrunk, a refused photo is
explained right beside the photo inputs, and a new site takes its photos in the same step (one
transaction: no site without its photos, no files left when it fails)."""

from __future__ import annotations

import io
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from kiosk.media import photos
from kiosk.store import sites as site_store
from tests.helpers.admin import MEMBER, connect, post
from tests.helpers.images import phone_jpeg, png

SITE = "/admin/sites/dinh-thu"
NEW = {"slug": "chua-moi", "code": "CM3K", "position": "0", "name.vi": "Chùa Mới", "name.en": "",
       "summary.vi": "Một ngôi chùa.", "summary.en": "", "category.vi": "", "category.en": "",
       "directions.vi": "", "directions.en": "", "year": "", "lat": "", "lon": "",
       "story.vi": "Chùa cổ.", "story.en": "", "action": "save"}


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    return phone_jpeg()


class _Tags(HTMLParser):
    """The page's start tags in order, as (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_error_beside_photo_input(page: str, message: str) -> None:
    """The element right after the photo input is the error, and the input points at it."""
    parser = _Tags()
    parser.feed(page)
    index = next(i for i, (_, attrs) in enumerate(parser.tags) if attrs.get("id") == "photo")
    photo_input, (tag, after) = parser.tags[index][1], parser.tags[index + 1]
    assert (tag, after.get("class"), after.get("id")) == ("p", "error", "photo-error")
    assert f'<p class="error" id="photo-error">{message}' in page
    assert photo_input["aria-invalid"] == "true"
    assert "photo-error" in photo_input["aria-describedby"].split()


def media_files(app) -> list[Path]:
    return sorted(p for p in (Path(app.config["DATA"]) / "media").rglob("*") if p.is_file())


def test_phone_photo_is_taken_upright_and_shrunk(app, member, phone_photo):
    response = post(member, f"{SITE}/photos", {"photo": (io.BytesIO(phone_photo), "IMG_0001.jpg")},
                    SITE)
    assert response.status_code == 302
    photo = site_store.get_site(connect(app), "dinh-thu").photos[-1].media
    stored = Image.open(Path(app.config["DATA"]) / "media" / photo.hash[:2] / photo.filename)
    assert stored.size == (1500, 2000) and not stored.getexif()


def test_photo_over_the_limit_is_explained_beside_the_input(app, member):
    app.config["MAX_CONTENT_LENGTH"] = 40 * 1024 * 1024  # a team that raised MAX_UPLOAD_MB
    big = b"\xff\xd8" + bytes(21 * 1024 * 1024)
    response = post(member, f"{SITE}/photos", {"photo": (io.BytesIO(big), "IMG_0002.jpg")}, SITE)
    assert response.status_code == 400
    assert_error_beside_photo_input(response.get_data(as_text=True),
                                    "IMG_0002.jpg: ảnh quá lớn (21,0 MB, tối đa 20 MB)")


def test_decompression_bomb_is_explained_beside_the_input(member):
    out = io.BytesIO()
    Image.new("1", (6000, 5000)).save(out, "PNG")  # 30 MP in a few KB
    response = post(member, f"{SITE}/photos", {"photo": (io.BytesIO(out.getvalue()), "x.png")},
                    SITE)
    assert response.status_code == 400
    assert_error_beside_photo_input(
        response.get_data(as_text=True),
        "x.png: ảnh quá nhiều điểm ảnh (6000×5000 = 30,0 triệu điểm; tối đa 24 triệu)")


def test_photo_form_brings_the_page_back_to_the_field(member):
    page = member.get(SITE).get_data(as_text=True)
    assert f'action="{SITE}/photos#photo-upload"' in page
    assert 'id="photo-upload"' in page


def test_new_site_is_created_with_its_photos_in_one_step(app, member, phone_photo):
    form = {**NEW, "photo": [(io.BytesIO(png()), "a.png"),
                             (io.BytesIO(phone_photo), "IMG_0003.jpg")]}
    response = post(member, "/admin/sites/new", form)
    assert response.headers["Location"] == "/admin/sites/chua-moi"
    site = site_store.get_site(connect(app), "chua-moi")
    assert [p.media.ext for p in site.photos] == ["png", "jpg"]
    page = member.get("/admin/sites/chua-moi").get_data(as_text=True)
    assert "Đã lưu di tích Chùa Mới và 2 ảnh." in page
    entries = connect(app).execute(
        "SELECT user_name, action FROM audit_log WHERE target = 'CM3K' ORDER BY id").fetchall()
    assert [tuple(e) for e in entries] == [(MEMBER[0], "thêm di tích")] + [
        (MEMBER[0], "thêm ảnh di tích")] * 2


def test_new_site_form_takes_photos(member):
    page = member.get("/admin/sites/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'id="photo"' in page


def test_new_site_with_a_refused_photo_is_not_created(app, member):
    form = {**NEW, "photo": (io.BytesIO(b"GIF89a...."), "x.gif")}
    response = post(member, "/admin/sites/new", form)
    assert response.status_code == 400
    assert_error_beside_photo_input(response.get_data(as_text=True),
                                    "x.gif: chỉ nhận ảnh SVG, PNG, JPEG hoặc WebP")
    assert site_store.get_site(connect(app), "chua-moi") is None


def test_photos_chosen_with_a_wrong_text_are_asked_for_again(app, member):
    form = {**NEW, "name.vi": "", "photo": (io.BytesIO(png()), "a.png")}
    page = post(member, "/admin/sites/new", form).get_data(as_text=True)
    assert "Đã chọn 1 ảnh nhưng chưa lưu" in page and "hãy chọn lại ảnh" in page
    assert site_store.get_site(connect(app), "chua-moi") is None


def test_failed_save_leaves_neither_site_nor_photo_files(app, member, monkeypatch, phone_photo):
    before = media_files(app)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(site_store, "add_photo", broken)
    form = {**NEW, "photo": (io.BytesIO(phone_photo), "IMG_0004.jpg")}
    assert post(member, "/admin/sites/new", form).status_code == 500
    assert site_store.get_site(connect(app), "chua-moi") is None
    assert media_files(app) == before  # the stored file and its variants were removed


def test_too_many_photos_for_a_new_site_are_refused_beside_the_input(app, member):
    files = [(io.BytesIO(png(f"#{n:02x}3344")), f"{n}.png") for n in range(11)]
    response = post(member, "/admin/sites/new", {**NEW, "photo": files})
    assert response.status_code == 400
    assert_error_beside_photo_input(
        response.get_data(as_text=True),
        f"mỗi lần gửi tối đa {photos.MAX_PER_UPLOAD} ảnh (đã chọn 11); hãy gửi làm nhiều lần")
