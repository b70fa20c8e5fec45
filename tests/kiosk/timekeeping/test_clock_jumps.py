"""A server clock that jumps (a Pi with no clock battery, issue 19): browser-session cookies,
sessions and rate limits measured across the jump, usage days that never go back."""

from __future__ import annotations

import pytest

from kiosk.timekeeping import clock
from tests.helpers.admin import ADMIN, csrf_token, login, make_accounts
from tests.helpers.clock import FakeClock

HOURS_14 = 14 * 3600


@pytest.fixture
def fake_clock(monkeypatch):
    return FakeClock(monkeypatch)


@pytest.fixture
def accounts(app):
    make_accounts(app)


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_login_cookie_is_a_browser_session_cookie(client, accounts):
    response = login(client)
    assert response.status_code == 302
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "expires=" not in cookie.lower() and "max-age" not in cookie.lower(), cookie
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_works_on_a_server_14_hours_behind(client, accounts, fake_clock):
    fake_clock.wall = -HOURS_14
    assert login(client).status_code == 302
    assert logged_in(client)


def test_a_clock_set_forward_14_hours_keeps_the_session(client, accounts, fake_clock):
    fake_clock.wall = -HOURS_14
    assert login(client).status_code == 302
    fake_clock.wall = 0.0  # the network (or a team member) sets the clock right
    assert logged_in(client)


def test_a_clock_moved_back_does_not_keep_a_session_forever(app, client, accounts, fake_clock):
    assert login(client).status_code == 302
    fake_clock.wall = -HOURS_14
    assert logged_in(client)
    fake_clock.sleep(app.config["ADMIN_IDLE_MINUTES"] * 60 + 60)  # idle, on the monotonic clock
    assert client.get("/admin/").status_code == 302


def test_the_absolute_limit_holds_across_a_backward_jump(client, accounts, fake_clock):
    assert login(client).status_code == 302
    for _ in range(9):  # active all day long: never idle, but 9 hours since the login
        fake_clock.sleep(3600)
        fake_clock.wall -= 1800  # and the clock keeps being pulled back
        client.get("/admin/")
    assert not logged_in(client)


def test_a_session_from_an_earlier_boot_falls_back_to_the_wall_clock(client, accounts,
                                                                     fake_clock, monkeypatch):
    assert login(client).status_code == 302
    monkeypatch.setattr(clock, "BOOT", "another-boot")
    fake_clock.wall = -HOURS_14  # rebooted at an older time: re-anchored, not refused
    assert logged_in(client)


def test_a_clock_moved_back_does_not_keep_the_login_rate_limit_for_hours(client, accounts,
                                                                         fake_clock):
    token = csrf_token(client, "/login")
    for _ in range(5):
        client.post("/login", data={"csrf_token": token, "name": ADMIN[0], "password": "sai"})
    assert client.post("/login", data={"csrf_token": token, "name": ADMIN[0],
                                       "password": ADMIN[1]}).status_code == 429
    fake_clock.wall = -HOURS_14
    fake_clock.sleep(61)  # a minute later, by the monotonic clock
    assert login(client).status_code == 302


def test_a_clock_jump_alone_does_not_count_as_one():
    watch = clock.JumpWatch()
    assert not watch.jumped()


def test_jump_watch_sees_a_jump_either_way(fake_clock):
    watch = clock.JumpWatch()
    fake_clock.wall = -HOURS_14
    assert watch.jumped()
    assert not watch.jumped()
    fake_clock.wall = 0.0
    assert watch.jumped()


def test_usage_days_never_go_back(monkeypatch):
    from datetime import date as real_date

    class Day(real_date):
        today_is = real_date(2026, 11, 30)

        @classmethod
        def today(cls):
            return cls.today_is

    monkeypatch.setattr(clock, "date", Day)
    days = clock.DayCounter()
    assert days.today() == "2026-11-30"
    Day.today_is = real_date(2026, 11, 29)  # the clock moved back past midnight
    assert days.today() == "2026-11-30"
    Day.today_is = real_date(2026, 12, 1)
    assert days.today() == "2026-12-01"


@pytest.mark.parametrize(("phone", "ahead"), [
    (str(int((1_800_000_000 + 50_400) * 1000)), 50_400.0),
    (int(1_800_000_000 * 1000), 0.0),
])
def test_phone_ahead(phone, ahead):
    assert clock.phone_ahead(phone, now=1_800_000_000) == pytest.approx(ahead)


@pytest.mark.parametrize("phone", ["", "abc", "-5", "1e12", "١٢٣", "9" * 16, "0", True, 1.5,
                                   str(4_200_000_000_000)])
def test_phone_ahead_refuses_what_is_not_a_time(phone):
    assert clock.phone_ahead(phone, now=1_800_000_000) is None
