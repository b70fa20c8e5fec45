"""Admin quiz items ("Thật hay lừa?"): list, add, edit, checks by the pack rules with the input
kept, retire and back, the kiosk-like preview (escaped), and audit entries."""

from __future__ import annotations

import pytest

from kiosk import users
from kiosk.store import quiz as quiz_store
from tests.helpers.admin import MEMBER, connect, post

NEW = "/admin/quiz/new"


def item_form(**changes):
    data = {"id": "sms-otp", "kind": "sms", "answer": "scam",
            "sender.vi": "NganHang-VN", "sender.en": "Bank-VN",
            "text.vi": "Tài khoản của bạn bị khóa.\nGửi mã OTP để mở.",
            "text.en": "Your account is locked. Send the OTP to unlock.",
            "explain.vi": "Ngân hàng không bao giờ hỏi mã OTP.",
            "explain.en": "Banks never ask for your OTP.", "sources": "S1 S2"}
    return {**data, **changes}


def get_item(app, item_id="sms-otp"):
    return quiz_store.get_quiz_item(connect(app), item_id)


def last_audit(app):
    (entry,) = users.recent_changes(connect(app), 1)
    return entry["user_name"], entry["action"], entry["target"]


@pytest.fixture
def with_item(app, member):
    """The member client, with item sms-otp added through the form."""
    response = post(member, NEW, item_form())
    assert response.status_code == 302
    return member


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/quiz")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_list_shows_items(with_item):
    page = with_item.get("/admin/quiz").get_data(as_text=True)
    assert all(text in page for text in ("sms-otp", "Tin nhắn SMS", "Lừa đảo",
                                          "Tài khoản của bạn bị khóa.", "Đang dùng",
                                          "Ngừng dùng"))


def test_nav_links_to_quiz(member):
    page = member.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/quiz">Thật hay lừa?</a>' in page


def test_add_valid_item_is_stored(app, member):
    response = post(member, NEW, item_form())
    assert response.headers["Location"] == "/admin/quiz/sms-otp"
    item = get_item(app)
    assert (item.kind, item.answer, item.sender, item.sources, item.retired) == (
        "sms", "scam", {"vi": "NganHang-VN", "en": "Bank-VN"}, ("S1", "S2"), False)
    assert item.text["vi"] == "Tài khoản của bạn bị khóa.\nGửi mã OTP để mở."


def test_add_is_audited(app, member):
    post(member, NEW, item_form())
    assert last_audit(app) == (MEMBER[0], "thêm câu đố", "sms-otp")


def test_text_is_stored_in_nfc(app, member):
    post(member, NEW, item_form(**{"explain.vi": "Ngân hàng không hỏi OTP.".replace(
        "â", "a\u0302")}))
    assert get_item(app).explain["vi"] == "Ngân hàng không hỏi OTP."


@pytest.mark.parametrize(("changes", "message"), [
    ({"id": "Sai Mã"}, "mã câu hỏi phải là 2 đến 20 chữ thường không dấu, số hoặc gạch nối"),
    ({"kind": "thư"}, "loại phải là một trong: sms, zalo, call, web"),
    ({"answer": ""}, "đáp án phải là scam (lừa đảo) hoặc safe (thật)"),
    ({"sources": ""}, "cần ít nhất một mã nguồn, ví dụ  [S1]"),
    ({"sources": "S9"}, "nguồn &#39;S9&#39; không có trong sources.yaml"),
    ({"sources": "S1 S1"}, "có mã nguồn lặp lại"),
    ({"text.vi": ""}, "thiếu nội dung tiếng Việt (vi)"),
    ({"sender.vi": "", "sender.en": ""}, "thiếu nội dung tiếng Việt (vi)"),
    ({"explain.vi": "x" * 251}, "quá dài (251 ký tự, tối đa 250)"),
    ({"text.vi": "Mở \u202eliên kết"}, "có ký tự điều khiển chiều chữ (RTL override) ẩn"),
])
def test_invalid_input_is_refused_with_message(app, member, changes, message):
    response = post(member, NEW, item_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert get_item(app, item_form(**changes)["id"]) is None


def test_invalid_input_is_kept(member):
    page = post(member, NEW, item_form(id="Sai Mã", kind="call")).get_data(as_text=True)
    assert 'value="Sai Mã"' in page
    assert '<option value="call" selected>' in page
    assert "Ngân hàng không bao giờ hỏi mã OTP.</textarea>" in page


def test_error_is_shown_next_to_its_field(member):
    page = post(member, NEW, item_form(**{"text.vi": ""})).get_data(as_text=True)
    assert 'id="text-vi-error"' in page


def test_id_already_used_is_refused(with_item):
    response = post(with_item, NEW, item_form(**{"text.vi": "Khác."}))
    assert response.status_code == 400
    assert "mã sms-otp đã có câu đố khác dùng" in response.get_data(as_text=True)


def test_post_without_csrf_is_refused(app, member):
    response = member.post(NEW, data=item_form())
    assert response.status_code == 400
    assert get_item(app) is None


def test_edit_changes_item_keeps_id(app, with_item):
    response = post(with_item, "/admin/quiz/sms-otp",
                    item_form(id="doi-ma", answer="safe", **{"text.en": ""}))
    assert response.headers["Location"] == "/admin/quiz/sms-otp"
    item = get_item(app)
    assert (item.answer, "en" in item.text, get_item(app, "doi-ma")) == ("safe", False, None)
    assert last_audit(app) == (MEMBER[0], "sửa câu đố", "sms-otp")


def test_edit_form_shows_stored_values(with_item):
    page = with_item.get("/admin/quiz/sms-otp").get_data(as_text=True)
    assert 'value="NganHang-VN"' in page and 'value="S1 S2"' in page
    assert '<option value="scam" selected>' in page


def test_unknown_item_is_404(member):
    assert member.get("/admin/quiz/khong-co").status_code == 404


def test_retire_and_unretire(app, with_item):
    post(with_item, "/admin/quiz/sms-otp/retire", {}, "/admin/quiz/sms-otp")
    assert get_item(app).retired is True
    assert last_audit(app) == (MEMBER[0], "ngừng dùng câu đố", "sms-otp")
    assert "NGỪNG DÙNG" in with_item.get("/admin/quiz").get_data(as_text=True)
    post(with_item, "/admin/quiz/sms-otp/retire", {"next": "list"}, "/admin/quiz")
    assert get_item(app).retired is False
    assert last_audit(app) == (MEMBER[0], "dùng lại câu đố", "sms-otp")


def test_retired_item_leaves_kiosk_quiz(app, with_item):
    post(with_item, "/admin/quiz/sms-otp/retire", {}, "/admin/quiz/sms-otp")
    assert quiz_store.list_quiz_items(connect(app)) == []


def test_retire_without_csrf_is_refused(app, with_item):
    assert with_item.post("/admin/quiz/sms-otp/retire").status_code == 400
    assert get_item(app).retired is False


def test_preview_draws_item_like_kiosk(with_item):
    page = with_item.get("/admin/quiz/sms-otp/preview").get_data(as_text=True)
    assert 'class="quiz-message kind-sms"' in page
    assert '<p class="msg-head">NganHang-VN</p>' in page
    assert '<p class="msg-line">Gửi mã OTP để mở.</p>' in page
    assert "Lừa đảo: Ngân hàng không bao giờ hỏi mã OTP." in page
    assert "Scam: Banks never ask for your OTP." in page


def test_preview_escapes_hostile_text(with_item):
    post(with_item, "/admin/quiz/sms-otp",
         item_form(**{"sender.vi": "<img src=x onerror=alert(1)>",
                      "text.vi": "<script>alert('x')</script>"}))
    page = with_item.get("/admin/quiz/sms-otp/preview").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
