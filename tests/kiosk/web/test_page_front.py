"""The page front: a repeat GET for a kept page is answered before Flask, exactly as Flask would."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest

from kiosk import db
from kiosk.db import get_db, transaction
from kiosk.store import shops as shop_store
from kiosk.web import page_cache
from kiosk.web.templating import kiosk_mark

SLUG = "kich-hoat-vneid"
PAGES = [f"/guides/{SLUG}/2", f"/guides/{SLUG}", "/heritage/dinh-thu", "/s/TH2A", "/heritage/", "/"]


@pytest.fixture
def flask_calls(app):
    """How many requests reached Flask's dispatch (the front answers the others)."""
    with mock.patch.object(app, "full_dispatch_request", wraps=app.full_dispatch_request) as m:
        yield m


@pytest.fixture
def raw(app):
    """A client that sends the Cookie header it is given (the usual one keeps a cookie jar)."""
    return app.test_client(use_cookies=False)


def answer(response) -> tuple:
    return response.status_code, sorted(response.headers.items()), response.data


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_repeat_get_of_a_kept_page_is_the_same_answer_without_flask(app, client, path,
                                                                     encoding):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    client.get(path, headers=headers)  # a guide page starts a visit here (Set-Cookie)
    by_flask = client.get(path, headers=headers)
    with mock.patch.object(app, "full_dispatch_request") as dispatch:
        by_front = client.get(path, headers=headers)
    dispatch.assert_not_called()
    assert answer(by_front) == answer(by_flask)
    assert by_front.headers["X-Frame-Options"] == "DENY"


def test_the_kiosk_gets_its_own_variant_from_the_front(app, client):
    path = f"/guides/{SLUG}/2"
    phone = client.get(path).data
    client.get("/attract")
    client.get(path)
    kiosk = client.get(path).data
    with mock.patch.object(app, "full_dispatch_request") as dispatch:
        assert client.get(path).data == kiosk
    dispatch.assert_not_called()
    assert kiosk != phone


def test_a_write_here_shows_at_once(app, client):
    for _ in range(2):
        client.get("/s/TH2A")
    with app.app_context():
        conn = get_db()
        with transaction(conn):
            shop_store.save_shop(conn, replace(shop_store.get_shop(conn, "TH2A"), name="Cô Lan Mới"))
    assert "Cô Lan Mới" in client.get("/s/TH2A").get_data(as_text=True)


def test_a_write_by_another_process_shows_once_the_version_is_read_again(app, client,
                                                                        monkeypatch):
    for _ in range(2):
        client.get("/s/TH2A")
    conn = sqlite3.connect(Path(app.config["DATA"]) / db.DB_NAME)
    with conn:  # not through db.transaction: this process does not know about it
        conn.execute("UPDATE shops SET name = 'Cô Lan Khác' WHERE code = 'TH2A'")
    conn.close()
    assert "Cô Lan Khác" not in client.get("/s/TH2A").get_data(as_text=True)  # trusted for now
    later = time.monotonic() + page_cache.VERSION_SECONDS
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert "Cô Lan Khác" in client.get("/s/TH2A").get_data(as_text=True)


def front_of(app) -> page_cache.Front:
    return app.wsgi_app


def test_when_the_trust_runs_out_one_request_rereads_and_the_others_answer_from_memory(
        app, client, flask_calls, monkeypatch):
    for _ in range(2):
        client.get("/s/TH2A")
    trusted_until = app.extensions["langso_version"][0]
    monkeypatch.setattr(time, "monotonic", lambda: trusted_until + 0.1)
    front = front_of(app)
    calls = flask_calls.call_count
    with front._rereading:  # another request is reading the version again
        assert client.get("/s/TH2A").status_code == 200
        assert flask_calls.call_count == calls  # answered from memory meanwhile
    assert client.get("/s/TH2A").status_code == 200  # the lock is free: this one re-reads
    assert flask_calls.call_count == calls + 1
    assert not front._rereading.locked()  # and lets go of it
    assert app.extensions["langso_version"][0] > trusted_until + 0.1  # trusted again


def test_after_an_idle_while_every_request_asks_flask(app, client, flask_calls, monkeypatch):
    for _ in range(2):
        client.get("/s/TH2A")
    trusted_until = app.extensions["langso_version"][0]
    later = trusted_until + page_cache.VERSION_SECONDS + 0.1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    calls = flask_calls.call_count
    with front_of(app)._rereading:  # even while another request re-reads
        client.get("/s/TH2A")
    assert flask_calls.call_count == calls + 1


@pytest.mark.parametrize("cookie", ["session=abc", "langso_kiosk=1", "langso_kiosk=\"x\"",
                                    "langso_visit"])
def test_requests_the_front_cannot_judge_go_to_flask(app, raw, flask_calls, cookie):
    for _ in range(2):
        raw.get("/heritage/dinh-thu")
    calls = flask_calls.call_count
    response = raw.get("/heritage/dinh-thu", headers={"Cookie": cookie})
    assert response.status_code == 200
    assert flask_calls.call_count == calls + 1


@pytest.mark.parametrize(("method", "headers"), [("HEAD", {}), ("GET", {"If-None-Match": '"x"'}),
                                                 ("POST", {})])
def test_other_methods_and_revalidations_go_to_flask(app, client, flask_calls, method, headers):
    for _ in range(2):
        client.get("/heritage/dinh-thu")
    calls = flask_calls.call_count
    client.open("/heritage/dinh-thu", method=method, headers=headers)
    assert flask_calls.call_count == calls + 1


def test_a_forged_kiosk_cookie_gets_the_phone_page(app, raw):
    path = f"/guides/{SLUG}/2"
    phone = [raw.get(path).data for _ in range(3)]
    forged = [raw.get(path, headers={"Cookie": "langso_kiosk=1"}).data for _ in range(3)]
    real = raw.get(path, headers={"Cookie": f"langso_kiosk={kiosk_mark(app)}"}).data
    assert forged == phone and real != phone[0]


def test_a_guide_page_for_a_new_visitor_still_starts_a_visit(app, client):
    path = f"/guides/{SLUG}/2"
    for _ in range(3):
        client.get(path)  # kept now, and the front answers this client's known visit
    stranger = app.test_client()
    assert "langso_visit=" in stranger.get(path).headers.get("Set-Cookie", "")


def test_pages_that_are_not_kept_are_never_answered_by_the_front(app, client, flask_calls):
    for path in ("/s/TH2A?amount=35000", "/guides/khong-co", "/attract", "/healthz"):
        before = flask_calls.call_count
        client.get(path)
        client.get(path)
        assert flask_calls.call_count == before + 2, path


@pytest.mark.parametrize(("header", "expected"), [
    ("a=1; langso_visit=tok", "tok"), ("langso_visit=tok", "tok"), ("langso_visit=", ""),
    ("xlangso_visit=no; langso_visit=yes", "yes"), ("langso_visit=a; langso_visit=b", "a"),
    ("a=1", None), ("langso_visit = spaced", None),
])
def test_cookie_values_are_read_as_flask_reads_them(header, expected):
    assert page_cache._cookie(header, "langso_visit") == expected
