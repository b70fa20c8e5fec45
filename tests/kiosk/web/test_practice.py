"""The pretend phone and "Thật hay lừa?" pages, their buttons, and POST /usage/event."""

from __future__ import annotations

import json
import re

import pytest

from kiosk import db
from kiosk.models import MediaRef, Practice, PracticePad, PracticeScreen, PracticeTarget, QuizItem
from kiosk.reporting import usage
from kiosk.store.practice import save_practice
from kiosk.store.quiz import save_quiz_item
from tests.helpers.pages import html

SLUG = "kich-hoat-vneid"
HOSTILE = '</script><script>alert("x")</script>&'
DRAWING = MediaRef("a" * 64, "svg", "screen.svg")
SAME_SITE = {"Origin": "http://localhost"}


def practice(prompt: str = "Chạm vào nút Mở") -> Practice:
    return Practice(SLUG, {"vi": "Tập mở VNeID"}, (
        PracticeScreen(DRAWING, {"vi": prompt}, {"vi": "Nút ở dưới cùng"}, targets=(
            PracticeTarget((20, 500, 320, 80), True, {"vi": "Đúng"}),
            PracticeTarget((20, 100, 320, 80), False, {"vi": "Đây là quảng cáo"}))),
        PracticeScreen(DRAWING, {"vi": "Nhập mã"}, {"vi": "Mã là 123456"},
                       pad=PracticePad("123456", {"vi": "Đã nhập"})),
    ))


def quiz_item(item_id: str = "sms-bank", text: str = "Tài khoản của bạn bị khóa") -> QuizItem:
    return QuizItem(item_id, "sms", {"vi": "VCB"}, {"vi": text}, "scam", {"vi": "Ngân hàng không gửi link."})


@pytest.fixture
def with_practice(app, data_dir):
    def add(*records) -> None:
        conn = db.connect(data_dir / db.DB_NAME)
        with db.transaction(conn):
            for record in records:
                (save_practice if isinstance(record, Practice) else save_quiz_item)(conn, record)
        conn.close()
    return add


def embedded(page: str, element_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_practice_page_embeds_its_screens(client, with_practice):
    with_practice(practice())
    page = html(client.get(f"/guides/{SLUG}/practice"))
    data = embedded(page, "practice-data")
    assert data["slug"] == SLUG
    assert [s["prompt"] for s in data["screens"]] == ["Chạm vào nút Mở", "Nhập mã"]
    assert data["screens"][0]["targets"][0] == {"x": 20, "y": 500, "w": 320, "h": 80, "right": True,
                                               "feedback": "Đúng"}
    assert data["screens"][1]["pad"] == {"answer": "123456", "feedback": "Đã nhập"}
    assert "Phần thực hành chỉ dùng được trên màn hình cảm ứng" in page


def test_practice_text_cannot_close_the_script_element(client, with_practice):
    with_practice(practice(prompt=HOSTILE), quiz_item(text=HOSTILE))
    practice_page, quiz_page = html(client.get(f"/guides/{SLUG}/practice")), html(client.get("/quiz"))
    assert "<script>alert" not in practice_page + quiz_page
    assert embedded(practice_page, "practice-data")["screens"][0]["prompt"] == HOSTILE
    assert embedded(quiz_page, "quiz-data")["items"][0]["text"] == HOSTILE


def test_practice_page_is_404_without_a_practice(client):
    assert client.get(f"/guides/{SLUG}/practice").status_code == 404
    assert client.get("/guides/khong-co/practice").status_code == 404


def test_practice_buttons_only_where_a_practice_exists(client, with_practice):
    link = f'href="/guides/{SLUG}/practice"'
    assert link not in html(client.get(f"/guides/{SLUG}"))
    with_practice(practice())
    for path in (f"/guides/{SLUG}", f"/guides/{SLUG}/done"):
        page = html(client.get(path))
        assert re.search(link + r" data-needs-js hidden>✋ Thực hành", page)
    assert "Có thực hành" in html(client.get("/"))


def test_quiz_page_lists_current_items_and_the_home_tile(client, with_practice):
    with_practice(quiz_item("a"), quiz_item("b"))
    data = embedded(html(client.get("/quiz?lang=en")), "quiz-data")
    assert data["round"] == 8
    assert [i["id"] for i in data["items"]] == ["a", "b"]
    assert 'href="/quiz"' in html(client.get("/"))


def test_quiz_without_items_says_so(client):
    assert "Chưa có tin nào để chơi." in html(client.get("/quiz"))


def counted(app) -> dict:
    usage.get_recorder(app).flush()
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    rows = {(r[0], r[1]): r[2] for r in conn.execute("SELECT event, subject, n FROM usage_daily")}
    conn.close()
    return rows


@pytest.mark.parametrize(("event", "subject"), [
    ("practice_start", SLUG), ("practice_done", SLUG), ("quiz_answer", "sms-bank/right"),
    ("quiz_answer", "sms-bank/wrong")])
def test_good_events_are_counted(app, client, with_practice, event, subject):
    with_practice(practice(), quiz_item())
    response = client.post("/usage/event", data={"event": event, "subject": subject},
                           headers=SAME_SITE)
    assert response.status_code == 204
    assert counted(app)[(event, subject)] == 1


@pytest.mark.parametrize(("event", "subject"), [
    ("guide_open", SLUG), ("session", ""), ("practice_start", "khong-co"),
    ("practice_done", "sms-bank"), ("quiz_answer", "sms-bank"), ("quiz_answer", "sms-bank/maybe"),
    ("quiz_answer", "khong-co/right"), ("quiz_answer", f"{SLUG}/right"), ("", "")])
def test_unknown_events_and_subjects_are_refused(app, client, with_practice, event, subject):
    with_practice(practice(), quiz_item())
    response = client.post("/usage/event", data={"event": event, "subject": subject},
                           headers=SAME_SITE)
    assert response.status_code == 400
    assert not [k for k in counted(app) if k[0] in usage.BEACON_EVENTS]


@pytest.mark.parametrize("headers", [
    {}, {"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"}, {"Origin": "null"}])
def test_cross_site_events_are_refused(app, client, with_practice, headers):
    with_practice(practice())
    response = client.post("/usage/event", data={"event": "practice_start", "subject": SLUG},
                           headers=headers)
    assert response.status_code == 403
    assert (usage.PRACTICE_START, SLUG) not in counted(app)


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"},
                                     {"Referer": f"http://localhost/guides/{SLUG}/practice"}])
def test_same_origin_is_recognised_without_origin(client, with_practice, headers):
    with_practice(practice())
    response = client.post("/usage/event", data={"event": "practice_start", "subject": SLUG},
                           headers=headers)
    assert response.status_code == 204


def test_events_are_budgeted_per_address(app, client, with_practice):
    with_practice(practice())
    for _ in range(usage.COUNTS_PER_MINUTE + 5):
        client.post("/usage/event", data={"event": "practice_start", "subject": SLUG},
                    headers=SAME_SITE)
    assert counted(app)[(usage.PRACTICE_START, SLUG)] <= usage.COUNTS_PER_MINUTE


def test_stats_page_shows_practices_and_the_quiz_items_missed_most(app, client):
    from tests.helpers.admin import login, make_accounts

    recorder = usage.get_recorder(app)
    recorder.count(usage.PRACTICE_START, SLUG, n=3)
    recorder.count(usage.PRACTICE_DONE, SLUG, n=2)
    recorder.count(usage.QUIZ_ANSWER, "easy/right", n=9)
    recorder.count(usage.QUIZ_ANSWER, "easy/wrong", n=1)
    recorder.count(usage.QUIZ_ANSWER, "hard/right", n=1)
    recorder.count(usage.QUIZ_ANSWER, "hard/wrong", n=3)
    make_accounts(app)
    login(client)
    page = html(client.get("/admin/stats"))
    cells = re.sub(r"<td [^>]*>", "<td>", page)  # phone labels (data-label) aside
    assert re.search(r"<td>Kích hoạt VNeID</td><td>3</td><td>2</td>", cells)
    assert cells.index("<td>hard</td><td>1</td><td>3</td>") < cells.index("<td>easy</td><td>9</td>")
