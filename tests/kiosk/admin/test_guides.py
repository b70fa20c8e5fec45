"""Admin guide editing: texts per language, steps (add, edit, order, delete, image), publishing,
the kiosk-like preview, audit entries, and that an edited guide still exports as a valid pack."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from kiosk import users
from kiosk.packs.shapes import MAX_STEPS
from kiosk.store import guides as guide_store
from tests.helpers.admin import MEMBER, connect, post
from tests.helpers.images import gps_jpeg, png
from tests.helpers.packbuilder import SVG, assert_round_trip, jpeg

GUIDE = "/admin/guides/kich-hoat-vneid"


def guide_form(**changes):
    data = {"category": "vneid", "position": "1", "title.vi": "Kích hoạt VNeID",
            "title.en": "Activate VNeID", "summary.vi": "Làm theo từng bước.",
            "summary.en": "Step by step.", "needs.vi": "Điện thoại\nCăn cước",
            "needs.en": "A phone\nID card"}
    return {**data, **changes}


def step_form(**changes):
    data = {"title.vi": "Mở ứng dụng", "title.en": "Open the app", "text.vi": "Chạm vào biểu tượng.",
            "text.en": "Tap the icon.", "tip.vi": "", "tip.en": "", "warning.vi": "",
            "warning.en": "", "check": ""}
    return {**data, **changes}


def step_titles(app, slug="kich-hoat-vneid"):
    conn = connect(app)
    rows = conn.execute("SELECT s.position, s.title FROM steps s JOIN guides g ON g.id = s.guide_id"
                        " WHERE g.slug = ? ORDER BY s.position", (slug,)).fetchall()
    return [(r[0], json.loads(r[1])["vi"]) for r in rows]


def last_audit(app):
    (entry,) = users.recent_changes(connect(app), 1)
    return entry["user_name"], entry["action"], entry["target"]


def test_list_shows_published_and_unpublished(member):
    post(member, f"{GUIDE}/publish", {"publish": "0"}, GUIDE)
    page = member.get("/admin/guides").get_data(as_text=True)
    assert "Kích hoạt VNeID" in page and "CHƯA ĐĂNG" in page and "3 bước" in page


def test_edit_guide_saves_every_language_and_audits(app, member):
    response = post(member, GUIDE, guide_form(**{"title.vi": "Cài VNeID", "needs.en": "A phone"}))
    assert response.status_code == 302
    guide = guide_store.get_guide(connect(app), "kich-hoat-vneid")
    assert guide.title == {"vi": "Cài VNeID", "en": "Activate VNeID"}
    assert guide.needs == ({"vi": "Điện thoại", "en": "A phone"}, {"vi": "Căn cước"})
    assert last_audit(app) == (MEMBER[0], "sửa hướng dẫn", "kich-hoat-vneid")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title.vi": ""}, "title.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"title.en": ""}, "title.en", "thiếu bản tiếng Anh (en)"),
    ({"summary.en": "  "}, "summary.en", "thiếu bản tiếng Anh (en)"),
    ({"title.vi": "Â" * 121}, "title.vi", "quá dài (121 ký tự, tối đa 120)"),
    ({"summary.vi": "x" * 401}, "summary.vi", "quá dài (401 ký tự, tối đa 400)"),
    ({"position": "ba"}, "position", "phải là số nguyên từ 0 đến 10000"),
    ({"position": "10001"}, "position", "phải là số nguyên từ 0 đến 10000"),
    ({"category": "games"}, "category", "hãy chọn một nhóm trong danh sách"),
    ({"needs.en": "A phone\nID card\nA SIM"}, "needs.vi", "dòng 3: thiếu nội dung tiếng Việt (vi)"),
])
def test_guide_form_explains_each_mistake_next_to_its_field(app, member, changes, field, message):
    response = post(member, GUIDE, guide_form(**{"summary.vi": "Tóm tắt mới gõ.", **changes}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="error" id="{field.replace(".", "-")}-error">{message}</p>' in page
    assert "Tóm tắt mới gõ." in page or "summary.vi" in changes  # what was typed is kept
    assert guide_store.get_guide(connect(app), "kich-hoat-vneid").summary["vi"] == "Làm theo từng bước."


def test_new_guide_starts_hidden_and_previews_in_admin_only(app, member, client):
    data = guide_form(slug="chuyen-tien-an-toan", **{"step_title.vi": "Kiểm tra tên người nhận",
                                                      "step_text.vi": "Đọc kỹ tên trước khi chuyển."})
    response = post(member, "/admin/guides/new", data)
    assert response.headers["Location"] == "/admin/guides/chuyen-tien-an-toan"
    assert last_audit(app) == (MEMBER[0], "thêm hướng dẫn", "chuyen-tien-an-toan")
    assert client.get("/guides/chuyen-tien-an-toan/1").status_code == 404
    preview = member.get("/admin/guides/chuyen-tien-an-toan/preview/1")
    assert preview.status_code == 200
    assert "Kiểm tra tên người nhận" in preview.get_data(as_text=True)
    post(member, "/admin/guides/chuyen-tien-an-toan/publish", {"publish": "1"},
         "/admin/guides/chuyen-tien-an-toan")
    assert last_audit(app) == (MEMBER[0], "đăng hướng dẫn", "chuyen-tien-an-toan")
    assert client.get("/guides/chuyen-tien-an-toan/1").status_code == 200


@pytest.mark.parametrize(("slug", "message"), [
    ("Chuyển Tiền", "chỉ chữ thường không dấu, số và gạch nối"),
    ("new", "chỉ chữ thường không dấu, số và gạch nối"),
    ("kich-hoat-vneid", "đã có hướng dẫn dùng đường dẫn kich-hoat-vneid"),
])
def test_new_guide_slug_rules(member, slug, message):
    data = guide_form(slug=slug, **{"step_title.vi": "Bước", "step_text.vi": "Nội dung."})
    response = post(member, "/admin/guides/new", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_a_guide_added_by_someone_else_meanwhile_is_not_overwritten(app, member, monkeypatch):
    real_exists, calls = guide_store.exists, []

    def exists_after_the_first_look(db, slug):
        calls.append(slug)  # the form's first look misses a guide another member adds just then
        return False if len(calls) == 1 else real_exists(db, slug)

    monkeypatch.setattr(guide_store, "exists", exists_after_the_first_look)
    before = guide_store.get_guide(connect(app), "kich-hoat-vneid")
    data = guide_form(slug="kich-hoat-vneid", **{"step_title.vi": "Bước", "step_text.vi": "Nội dung."})
    response = post(member, "/admin/guides/new", data)
    assert response.status_code == 400
    assert "đã có hướng dẫn dùng đường dẫn kich-hoat-vneid" in response.get_data(as_text=True)
    assert guide_store.get_guide(connect(app), "kich-hoat-vneid") == before


def test_new_guide_needs_a_first_step(member):
    response = post(member, "/admin/guides/new", guide_form(slug="mot-buoc"), "/admin/guides/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="step_title-vi-error">thiếu nội dung tiếng Việt (vi)</p>' in page


def test_unpublish_hides_the_guide_from_the_kiosk(app, member, client):
    post(member, f"{GUIDE}/publish", {"publish": "0"}, GUIDE)
    assert client.get("/guides/kich-hoat-vneid/1").status_code == 404
    assert last_audit(app) == (MEMBER[0], "ẩn hướng dẫn", "kich-hoat-vneid")
    assert member.get(f"{GUIDE}/preview/3?lang=en").status_code == 200


def test_preview_shows_the_step_in_the_chosen_language(member):
    page = member.get(f"{GUIDE}/preview/2?lang=en").get_data(as_text=True)
    assert "Test step 2" in page and "Text of step 2." in page
    assert 'href="/admin/guides/kich-hoat-vneid/preview/3?lang=en"' in page
    assert member.get(f"{GUIDE}/preview/4").status_code == 404
    page = member.get(f"{GUIDE}/preview/1").get_data(as_text=True)
    assert 'href="/admin/guides/kich-hoat-vneid/preview/2" rel="next"' in page


def test_add_and_edit_step(app, member):
    response = post(member, f"{GUIDE}/steps/new", step_form(**{"tip.vi": "Mẹo.", "check": "xem lại"}))
    assert response.headers["Location"] == f"{GUIDE}/steps/4"
    assert last_audit(app) == (MEMBER[0], "thêm bước", "kich-hoat-vneid/4")
    post(member, f"{GUIDE}/steps/2", step_form(**{"title.vi": "Bước hai mới", "warning.en": "Careful"}))
    assert last_audit(app) == (MEMBER[0], "sửa bước", "kich-hoat-vneid/2")
    guide = guide_store.get_guide(connect(app), "kich-hoat-vneid")
    assert guide.steps[1].title == {"vi": "Bước hai mới", "en": "Open the app"}
    assert guide.steps[1].warning == {"en": "Careful"}
    assert (guide.steps[3].tip, guide.steps[3].check_note) == ({"vi": "Mẹo."}, {"vi": "xem lại"})


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title.vi": ""}, "title.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"text.vi": "", "text.en": ""}, "text.vi", "thiếu nội dung tiếng Việt (vi)"),
    ({"text.vi": "ư" * 701}, "text.vi", "quá dài (701 ký tự, tối đa 700)"),
    ({"tip.en": "t" * 401}, "tip.en", "quá dài (401 ký tự, tối đa 400)"),
    ({"warning.vi": "w" * 401}, "warning.vi", "quá dài (401 ký tự, tối đa 400)"),
    ({"check": "c" * 601}, "check", "quá dài (601 ký tự, tối đa 600)"),
])
def test_step_form_explains_each_mistake_and_keeps_input(app, member, changes, field, message):
    response = post(member, f"{GUIDE}/steps/1", step_form(**{"title.en": "Kept text", **changes}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="error" id="{field.replace(".", "-")}-error">{message}</p>' in page
    assert 'value="Kept text"' in page
    assert step_titles(app)[0] == (1, "Bước thử 1")


def test_move_steps_keeps_positions_gapless(app, member):
    post(member, f"{GUIDE}/steps/1/move", {"direction": "down"}, GUIDE)
    assert step_titles(app) == [(1, "Bước thử 2"), (2, "Bước thử 1"), (3, "Bước thử 3")]
    assert last_audit(app) == (MEMBER[0], "đổi thứ tự bước", "kich-hoat-vneid")
    post(member, f"{GUIDE}/steps/3/move", {"direction": "up"}, GUIDE)
    assert step_titles(app) == [(1, "Bước thử 2"), (2, "Bước thử 3"), (3, "Bước thử 1")]
    assert post(member, f"{GUIDE}/steps/1/move", {"direction": "up"}, GUIDE).status_code == 400
    assert post(member, f"{GUIDE}/steps/3/move", {"direction": "down"}, GUIDE).status_code == 400


def test_delete_step_needs_confirmation_and_closes_the_gap(app, member):
    post(member, f"{GUIDE}/steps/1/move", {"direction": "down"}, GUIDE)  # rowids out of order now
    response = post(member, f"{GUIDE}/steps/2/delete", {}, f"{GUIDE}/steps/2")
    assert "Tôi chắc chắn" in member.get(response.headers["Location"]).get_data(as_text=True)
    assert len(step_titles(app)) == 3
    post(member, f"{GUIDE}/steps/1/delete", {"confirm": "1"}, f"{GUIDE}/steps/1")
    assert step_titles(app) == [(1, "Bước thử 1"), (2, "Bước thử 3")]
    assert last_audit(app) == (MEMBER[0], "xóa bước", "kich-hoat-vneid/1")


def test_the_only_step_cannot_be_deleted(app, member):
    for _ in range(2):
        post(member, f"{GUIDE}/steps/1/delete", {"confirm": "1"}, f"{GUIDE}/steps/1")
    response = post(member, f"{GUIDE}/steps/1/delete", {"confirm": "1"}, f"{GUIDE}/steps/1")
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "hướng dẫn cần ít nhất một bước" in page
    assert step_titles(app) == [(1, "Bước thử 3")]


def test_no_more_than_twenty_steps(app, member):
    for _ in range(MAX_STEPS - 3):
        post(member, f"{GUIDE}/steps/new", step_form())
    response = member.get(f"{GUIDE}/steps/new")
    assert response.status_code == 302
    assert "tối đa 20 bước" in member.get(response.headers["Location"]).get_data(as_text=True)
    assert len(step_titles(app)) == MAX_STEPS


def image_row(app, n):
    return connect(app).execute(
        "SELECT s.image_hash, s.image_name, m.ext FROM steps s JOIN guides g ON g.id = s.guide_id"
        " LEFT JOIN media m ON m.hash = s.image_hash WHERE g.slug = 'kich-hoat-vneid'"
        " AND s.position = ?", (n,)).fetchone()


def test_step_image_upload_replace_and_remove(app, member):
    post(member, f"{GUIDE}/steps/2", step_form(image=(io.BytesIO(png()), "Ảnh màn hình.PNG")))
    digest, name, ext = image_row(app, 2)
    assert re.fullmatch(rf"step-02-{digest[:8]}\.png", name) and ext == "png"
    assert (Path(app.config["DATA"]) / "media" / digest[:2] / f"{digest}.png").read_bytes() == png()
    post(member, f"{GUIDE}/steps/2", step_form(image=(io.BytesIO(SVG), "hinh.svg")))
    assert image_row(app, 2)[1].endswith(".svg")
    page = member.get(f"{GUIDE}/preview/2").get_data(as_text=True)
    assert f'src="/media/{image_row(app, 2)[0]}.svg"' in page
    post(member, f"{GUIDE}/steps/2", step_form(remove_image="1"))
    assert image_row(app, 2)[:2] == (None, None)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)'
              b"</script></svg>", "x.svg: SVG không được chứa thẻ &lt;script&gt;"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="x()"/>',
     "x.svg: SVG không được có thuộc tính sự kiện onload"),
    ("x.png", b"not a picture at all", "x.png: không mở được ảnh"),
    ("x.png", jpeg(), "x.png: đuôi .png nhưng nội dung là JPEG"),
    ("x.heic", b"....ftypheic", "x.heic: chỉ nhận ảnh SVG, PNG, JPEG hoặc WebP"),
])
def test_bad_step_images_are_refused_with_a_message(app, member, filename, data, message):
    before = image_row(app, 1)
    response = post(member, f"{GUIDE}/steps/1", step_form(image=(io.BytesIO(data), filename)))
    assert response.status_code == 400
    assert f'<p class="error" id="image-error">{message}' in response.get_data(as_text=True)
    assert tuple(image_row(app, 1)) == tuple(before)


def test_valid_image_with_text_errors_asks_to_choose_it_again(app, member):
    response = post(member, f"{GUIDE}/steps/1",
                    step_form(**{"title.vi": ""}, image=(io.BytesIO(png()), "a.png")))
    assert "ảnh hợp lệ nhưng chưa lưu: hãy chọn lại ảnh" in response.get_data(as_text=True)


def test_uploaded_step_photo_loses_its_gps(app, member):
    photo = gps_jpeg()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the test photo has GPS
    post(member, f"{GUIDE}/steps/3", step_form(image=(io.BytesIO(photo), "IMG_0001.jpg")))
    digest, _name, ext = image_row(app, 3)
    stored = Path(app.config["DATA"]) / "media" / digest[:2] / f"{digest}.{ext}"
    with Image.open(stored) as image:
        assert not image.getexif() and "exif" not in image.info


def test_post_without_csrf_is_refused(member):
    response = member.post(f"{GUIDE}/steps/1/move", data={"direction": "down"})
    assert response.status_code == 400


def test_edited_guide_exports_as_a_pack_that_reimports_identically(app, member, tmp_path):
    post(member, GUIDE, guide_form(**{"needs.vi": "Điện thoại\nMã OTP", "needs.en": ""}))
    post(member, f"{GUIDE}/steps/new", step_form(image=(io.BytesIO(gps_jpeg()), "anh.jpg")))
    post(member, f"{GUIDE}/steps/1", step_form(image=(io.BytesIO(png()), "a.png")))
    post(member, f"{GUIDE}/steps/2", step_form(image=(io.BytesIO(png("#ff0000")), "a.png")))
    post(member, f"{GUIDE}/steps/4/move", {"direction": "up"}, GUIDE)
    post(member, f"{GUIDE}/steps/4/delete", {"confirm": "1"}, f"{GUIDE}/steps/4")
    post(member, f"{GUIDE}/publish", {"publish": "0"}, GUIDE)
    out = tmp_path / "export"
    assert_round_trip(app, out, tmp_path / "data2")
    names = sorted(p.name for p in (out / "guides/kich-hoat-vneid").iterdir())
    # Both uploads were called "a.png": they get different names, so neither overwrites the other.
    assert len([n for n in names if re.fullmatch(r"step-0[12]-[0-9a-f]{8}\.png", n)]) == 2
