"""Backup names carry the hamlet's time with its offset; older UTC names are still listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk import db
from kiosk.backup import archive, schedule
from kiosk.cli.backup import restore_command
from kiosk.store import settings as setting_store

LATE = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 06:30 on 1 December in Hà Nội


def make(data_dir: Path, kind: str, now: datetime) -> Path:
    return archive.create_backup(data_dir, archive.new_backup_path(data_dir, kind, now), kind,
                                 now).path


def test_a_name_holds_the_local_time_and_offset(app, data_dir):
    assert archive.new_backup_path(data_dir, "daily", LATE).name == \
        "langso-2026-12-01-0630+0700-daily.zip"


def test_the_zone_comes_from_the_setting(app, data_dir):
    conn = db.connect(data_dir / db.DB_NAME)
    with db.transaction(conn):
        setting_store.save_settings(conn, {"timezone": "America/Lima"})
    conn.close()
    assert archive.new_backup_path(data_dir, "manual", LATE).name == \
        "langso-2026-11-30-1830-0500-manual.zip"
    berlin = archive.new_backup_path(data_dir, "manual", LATE, ZoneInfo("Europe/Berlin"))
    assert berlin.name == "langso-2026-12-01-0030+0100-manual.zip"


def test_two_in_one_minute_are_numbered(app, data_dir):
    first = make(data_dir, "manual", LATE)
    second = archive.new_backup_path(data_dir, "manual", LATE + timedelta(seconds=20))
    assert second.name == first.name.replace(".zip", "-2.zip")


def test_old_utc_names_are_listed_in_order_with_new_ones(app, data_dir):
    old = make(data_dir, "manual", LATE)
    older_name = archive.backups_dir(data_dir) / "langso-20261130T220000Z-manual.zip"
    old.rename(older_name)  # what an earlier version named a backup made at 22:00 UTC
    new = make(data_dir, "manual", LATE)
    listed = archive.list_backups(data_dir)
    assert [b.path.name for b in listed] == [new.name, older_name.name]
    assert [b.created for b in listed] == [LATE, datetime(2026, 11, 30, 22, 0, tzinfo=UTC)]


def test_the_daily_backup_follows_the_hamlets_day_not_utcs(app, data_dir):
    evening = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 23:00 on 30 November in Hà Nội
    assert schedule.daily_backup_if_due(data_dir, evening) is not None
    after_midnight = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # same UTC day, 1 December here
    made = schedule.daily_backup_if_due(data_dir, after_midnight)
    assert made is not None and made.name == "langso-2026-12-01-0030+0700-daily.zip"
    assert schedule.daily_backup_if_due(data_dir, LATE) is None  # still 1 December here


def test_restore_says_when_the_backup_was_made_in_local_time(app, data_dir, tmp_path):
    made = archive.create_backup(data_dir, tmp_path / "b.zip", "manual", LATE).path
    result = app.test_cli_runner().invoke(restore_command, [str(made), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Đã khôi phục bản sao lưu lúc 2026-12-01 06:30 (+07:00):" in result.output
