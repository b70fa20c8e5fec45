"""The stats page's "send to the commune" file: the fingerprint shown, a signed bundle downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.commune import bundle, identity
from tests.helpers.admin import MEMBER, csrf_token, login, make_accounts, post


@pytest.fixture
def member(app, client):
    make_accounts(app)
    login(client, MEMBER)
    return client


def test_the_stats_page_shows_the_hamlet_fingerprint(app, member):
    page = member.get("/admin/stats").get_data(as_text=True)
    key = identity.load_or_create(Path(app.config["DATA"]))
    assert identity.fingerprint(key.verify_key) in page
    assert 'action="/admin/report/bundle"' in page


def test_the_button_downloads_a_signed_bundle_and_is_audited(app, member):
    response = post(member, "/admin/report/bundle", {"month": "2026-10"}, form_page="/admin/stats")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-2026-10.json"')
    read = bundle.read_bundle(response.get_data())
    key = identity.load_or_create(Path(app.config["DATA"]))
    assert (read.month, read.fingerprint) == ("2026-10", identity.fingerprint(key.verify_key))
    log = member.get("/admin/").get_data(as_text=True)
    assert "báo cáo gửi xã tháng 2026-10" in log


def test_a_bad_month_is_refused_with_the_reason(member):
    response = post(member, "/admin/report/bundle", {"month": "10/2026"}, form_page="/admin/stats")
    assert response.status_code == 302
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "NĂM-THÁNG" in page


def test_without_the_form_token_nothing_is_made(member):
    assert member.post("/admin/report/bundle", data={"month": "2026-10"}).status_code == 400


def test_anonymous_is_sent_to_login(client):
    token = csrf_token(client, "/login")
    response = client.post("/admin/report/bundle", data={"month": "2026-10", "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
