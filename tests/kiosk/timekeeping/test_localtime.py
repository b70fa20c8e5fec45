"""kiosk.timekeeping.localtime: stored UTC, shown in the hamlet's time, with a clock the tests pin."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.timekeeping import localtime

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
BERLIN = ZoneInfo("Europe/Berlin")
LATE = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


def test_2330_utc_is_already_the_next_day_in_hanoi():
    assert localtime.local_today(HANOI, LATE) == date(2026, 12, 1)
    assert localtime.local_now(HANOI, LATE) == datetime(2026, 12, 1, 6, 30, tzinfo=HANOI)


def test_1659_utc_is_still_the_same_day_in_hanoi():
    assert localtime.local_today(HANOI, datetime(2026, 11, 30, 16, 59, tzinfo=UTC)) == date(2026, 11, 30)
    assert localtime.local_today(HANOI, datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == date(2026, 12, 1)


@pytest.mark.parametrize("stored", ["2026-11-30T23:30:00Z", "2026-11-30 23:30:00",
                                    "2026-11-30T23:30:00+00:00", LATE, LATE.replace(tzinfo=None)])
def test_every_stored_form_of_a_utc_moment_reads_the_same(stored):
    assert localtime.format_local(stored, HANOI) == "2026-12-01 06:30 (+07:00)"


def test_format_follows_summer_time_where_there_is_one():
    assert localtime.format_local("2026-07-01T12:00:00Z", BERLIN) == "2026-07-01 14:00 (+02:00)"
    assert localtime.format_local("2026-12-01T12:00:00Z", BERLIN) == "2026-12-01 13:00 (+01:00)"


def test_an_unreadable_stored_value_is_shown_as_it_is():
    assert localtime.format_local("hôm qua", HANOI) == "hôm qua"


def test_iso_local_for_csv_has_the_offset():
    assert localtime.iso_local("2026-11-30T23:30:00Z", HANOI) == "2026-12-01T06:30:00+07:00"


def test_file_stamp_is_local_with_the_offset_and_parses_back():
    stamp = localtime.file_stamp(datetime(2026, 11, 30, 10, 15, tzinfo=UTC), HANOI)
    assert stamp == "2026-11-30-1715+0700"
    assert localtime.parse_file_stamp(stamp) == datetime(2026, 11, 30, 10, 15, tzinfo=UTC)
    west = localtime.file_stamp(datetime(2026, 11, 30, 10, 15, tzinfo=UTC), ZoneInfo("America/Lima"))
    assert west == "2026-11-30-0515-0500"


@pytest.mark.parametrize("name", ["Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC", "Etc/GMT-7",
                                  "America/Argentina/Buenos_Aires"])
def test_known_zones_pass(name):
    assert localtime.check_timezone(name) is None


@pytest.mark.parametrize(("name", "reason"), [
    ("Asia/Hanoi_City", "không có múi giờ 'Asia/Hanoi_City' (ví dụ đúng: Asia/Ho_Chi_Minh)"),
    ("GMT+7 Hà Nội", "phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
    ("../../etc/passwd", "phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
    ("", "phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
    ("A" * 10_000, "phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
])
def test_unknown_or_malformed_zones_are_named(name, reason):
    assert str(localtime.check_timezone(name)) == reason


def test_zone_of_settings_falls_back_to_vietnam():
    assert localtime.zone_of({}) == HANOI
    assert localtime.zone_of({"timezone": "Europe/Berlin"}) == BERLIN
    assert localtime.zone_of({"timezone": "Nowhere/Else"}) == HANOI


def test_without_any_time_zone_data_vietnam_is_utc_plus_7(monkeypatch):
    monkeypatch.setattr(localtime, "check_timezone", lambda name: "không có múi giờ")
    zone = localtime.zone_of({"timezone": "Asia/Ho_Chi_Minh"})
    assert localtime.format_local("2026-11-30T23:30:00Z", zone) == "2026-12-01 06:30 (+07:00)"
