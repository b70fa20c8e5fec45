"""Setting the server's clock from a phone (issue 19): the report, the banner and the setter,
with the clock-setting call injected so no test changes this machine's clock."""

from __future__ import annotations

import time

import pytest

from kiosk.admin import clock as admin_clock
from tests.helpers.admin import ADMIN, MEMBER, connect, csrf_token, login, make_accounts

HOURS_14_MS = 14 * 3600 * 1000


@pytest.fixture
def calls(app):
    made: list[int] = []

    def setter(data_dir, epoch: int) -> str:
        made.append(epoch)
        return "Đã đặt giờ."

    app.config["CLOCK_SETTER"] = setter
    make_accounts(app)
    return made


def now_ms(offset_ms: int = 0) -> str:
    return str(int(time.time() * 1000) + offset_ms)


def report(client, phone_ms: str):
    return client.post("/admin/clock/report", data={
        "csrf_token": csrf_token(client, "/admin/"), "phone_ms": phone_ms})


def set_clock(client, phone_ms: str):
    return client.post("/admin/clock/set", data={
        "csrf_token": csrf_token(client, "/admin/"), "phone_ms": phone_ms})


def test_every_admin_page_carries_the_hidden_banner_and_its_script(client, calls):
    login(client, ADMIN)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'id="clock-banner"' in page and "hidden>" in page
    assert 'data-report-url="/admin/clock/report"' in page
    assert "/static/js/clock.js" in page
    assert "Đặt giờ theo điện thoại này?" in page


def test_a_phone_14_hours_ahead_is_reported_slow(client, calls):
    login(client, MEMBER)
    answer = report(client, now_ms(HOURS_14_MS)).get_json()
    assert answer["slow"] is True and abs(answer["ahead"] - 14 * 3600) < 60
    assert answer["can_set"] is False
    assert report(client, now_ms(60_000)).get_json()["slow"] is False


@pytest.mark.parametrize("phone", ["", "soon", "-1", "1" * 30, "0"])
def test_a_report_without_a_time_is_refused(client, calls, phone):
    login(client, ADMIN)
    assert report(client, phone).status_code == 400


def test_the_report_needs_login_and_a_csrf_token(client, calls):
    token = csrf_token(client, "/login")
    assert client.post("/admin/clock/report", data={"csrf_token": token,
                                                    "phone_ms": now_ms()}).status_code == 302
    login(client, ADMIN)
    assert client.post("/admin/clock/report", data={"phone_ms": now_ms()}).status_code == 400


def test_an_admin_sets_the_clock_to_the_phones_time(app, client, calls):
    login(client, ADMIN)
    phone = now_ms(HOURS_14_MS)
    response = set_clock(client, phone)
    assert response.status_code == 302
    assert calls == [int(phone) // 1000]
    entry = connect(app).execute("SELECT user_name, action FROM audit_log ORDER BY id DESC"
                                 " LIMIT 1").fetchone()
    assert tuple(entry) == (ADMIN[0], "đặt giờ máy chủ")
    assert "Đã đặt giờ." in client.get("/admin/").get_data(as_text=True)


def test_a_member_may_not_set_the_clock(client, calls):
    login(client, MEMBER)
    assert set_clock(client, now_ms(HOURS_14_MS)).status_code == 403
    assert calls == []


@pytest.mark.parametrize("phone", [now_ms(60_000), now_ms(-HOURS_14_MS), "abc", ""])
def test_the_clock_is_only_moved_forward_and_only_when_far_behind(client, calls, phone):
    login(client, ADMIN)
    assert set_clock(client, phone).status_code == 302
    assert calls == []


def test_the_request_goes_to_the_root_helper_through_the_data_dir(tmp_path, monkeypatch):
    unit = tmp_path / "langso-clock.path"
    monkeypatch.setattr(admin_clock, "HELPER_UNIT", unit)
    monkeypatch.setattr(admin_clock.sys, "platform", "linux")
    with pytest.raises(admin_clock.ClockError, match="install.sh"):
        admin_clock.request_system_clock(tmp_path, 1_800_000_000)
    unit.write_text("[Path]\n")
    assert "vài giây" in admin_clock.request_system_clock(tmp_path, 1_800_000_000)
    assert (tmp_path / admin_clock.REQUEST_FILE).read_text() == "1800000000\n"


def test_on_windows_the_clock_is_set_by_hand(tmp_path, monkeypatch):
    monkeypatch.setattr(admin_clock.sys, "platform", "win32")
    with pytest.raises(admin_clock.ClockError, match="bằng tay"):
        admin_clock.request_system_clock(tmp_path, 1_800_000_000)
