"""A form posted after the session expired is not lost: kept, shown again after login, re-saved."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs, urlsplit

import flask_wtf.csrf
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from kiosk.admin import kept_forms
from tests.helpers.admin import ADMIN, MEMBER, connect, csrf_token, login, make_accounts
from tests.helpers.clock import FakeClock

NOTE = "Giúp bà Tư cài VNeID"


@pytest.fixture
def accounts(app):
    make_accounts(app)


def expire(client) -> None:
    with client.session_transaction() as session:
        session["seen"] = time.time() - 16 * 60


def kept_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kept-form">(.*?)</script>', page, re.S)
    assert match, "no kept form on the page"
    return json.loads(match.group(1))


def post_after_expiry(client, data: dict, **kw):
    token = csrf_token(client, "/admin/activity")
    expire(client)
    return client.post("/admin/activity", data={**data, "csrf_token": token},
                       headers={"Referer": "http://localhost/admin/activity?month=2026-11"}, **kw)


def activity_rows(app) -> list:
    return connect(app).execute("SELECT skill, people, note FROM activity_log").fetchall()


def test_a_form_posted_after_expiry_is_kept_and_filled_in_after_login(app, client, accounts):
    login(client, MEMBER)
    response = post_after_expiry(client, {"skill": "vneid", "people": "3", "households": "1",
                                          "note": NOTE, "password": "not kept"})
    assert activity_rows(app) == []  # not processed without a live session
    assert response.status_code == 302
    next_page = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    assert next_page.startswith("/admin/activity?month=2026-11&kept=")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đã được giữ lại" in login_page

    after = login(client, MEMBER, next_path=next_page)
    assert after.headers["Location"] == next_page
    page = client.get(next_page).get_data(as_text=True)
    assert "Phiên đã hết hạn — chúng tôi đã giữ lại nội dung bạn nhập" in page
    kept = kept_json(page)
    assert kept["action"] == "/admin/activity"
    assert dict(kept["fields"]) == {"skill": "vneid", "people": "3", "households": "1",
                                    "note": NOTE}  # no CSRF token, no password
    assert "Tệp bạn đã chọn" not in page

    # The member presses Lưu again, with the page's fresh token: stored.
    client.post("/admin/activity", data={**dict(kept["fields"]),
                                         "csrf_token": csrf_token(client, next_page)})
    assert [tuple(r) for r in activity_rows(app)] == [("vneid", 3, NOTE)]


def test_only_the_account_that_typed_it_gets_it_back(app, client, accounts):
    login(client, MEMBER)
    response = post_after_expiry(client, {"skill": "vneid", "people": "3", "note": NOTE})
    next_page = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    login(client, ADMIN, next_path=next_page)
    page = client.get(next_page).get_data(as_text=True)
    assert NOTE not in page and 'id="kept-form"' not in page


def test_a_post_with_no_session_behind_it_keeps_nothing(app, client, accounts):
    token = csrf_token(client, "/login")
    response = client.post("/admin/activity", data={"csrf_token": token, "note": NOTE})
    assert response.status_code == 302 and "kept" not in response.headers["Location"]
    assert not app.extensions["langso_kept_forms"]._forms


def test_a_chosen_file_is_not_kept_and_the_page_says_so(app, client, accounts):
    from io import BytesIO

    login(client, MEMBER)
    response = post_after_expiry(client, {"skill": "vneid", "people": "2",
                                          "photo": (BytesIO(b"x" * 10), "anh.jpg")},
                                 content_type="multipart/form-data")
    next_page = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    login(client, MEMBER, next_path=next_page)
    page = client.get(next_page).get_data(as_text=True)
    assert "Tệp bạn đã chọn" in page and "photo" not in dict(kept_json(page)["fields"])


def test_a_page_opened_too_long_ago_keeps_its_form_too(app, client, accounts, monkeypatch):
    """The CSRF token of a page left open over an hour has expired: the text comes back."""
    login(client, MEMBER)
    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 7200

    class OldTokens(URLSafeTimedSerializer):
        default_signer = TwoHoursAgo

    with monkeypatch.context() as m:  # the page (and its token) was made two hours ago
        m.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", OldTokens)
        token = csrf_token(client, "/admin/activity")
    response = client.post("/admin/activity", data={"csrf_token": token, "skill": "vneid",
                                                    "people": "4", "note": NOTE},
                           headers={"Referer": "http://localhost/admin/activity"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/admin/activity?kept=")
    assert dict(kept_json(client.get(location).get_data(as_text=True))["fields"])["note"] == NOTE
    assert activity_rows(app) == []


def test_the_store_is_bounded_and_forgets(monkeypatch):
    store = kept_forms.KeptForms()
    assert store.keep("a", "/admin/x", "/admin/x", [("t", "x" * (kept_forms.MAX_BYTES + 1))],
                      False) is None
    tokens = [store.keep("a", "/admin/x", "/admin/x", [("t", str(i))], False)
              for i in range(kept_forms.MAX_KEPT + 5)]
    assert store.get(tokens[0], "a") is None and store.get(tokens[-1], "a") is not None
    assert len(store._forms) == kept_forms.MAX_KEPT
    later = time.time() + kept_forms.KEEP_SECONDS + 1
    monkeypatch.setattr(kept_forms.time, "time", lambda: later)
    assert store.get(tokens[-1], "a") is None


def test_the_typing_ping_counts_as_activity(app, client, accounts, monkeypatch):
    login(client, MEMBER)
    assert 'data-keep-alive="/admin/keep-alive"' in client.get("/admin/").get_data(as_text=True)
    clock = FakeClock(monkeypatch)
    for _ in range(3):  # a ping every 12 minutes while a long story is being typed
        clock.sleep(12 * 60)
        assert client.get("/admin/keep-alive").status_code == 204
    assert client.get("/admin/").status_code == 200


def test_the_ping_does_not_revive_an_expired_session(client, accounts):
    login(client, MEMBER)
    expire(client)
    assert client.get("/admin/keep-alive").status_code == 302
