"""Backups on a box whose clock moved back (a Pi with no clock battery, issue 19): a name already
taken is never written over, and the backup just made is never pruned as the "oldest"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.backup import archive, schedule

DAY = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def test_a_backup_never_replaces_one_with_the_same_name(app, data_dir):
    first = archive.create_backup(data_dir, archive.new_backup_path(data_dir, "daily", DAY),
                                  "daily", DAY).path
    kept = first.read_bytes()
    # The clock went back to the very same second (or two backups raced for one name).
    second = archive.create_backup(data_dir, first, "daily", DAY)
    assert second.path != first and second.path.name.endswith("-daily-2.zip")
    assert first.read_bytes() == kept
    third = archive.create_backup(data_dir, first, "daily", DAY)
    assert third.path.name.endswith("-daily-3.zip")
    assert [b.path for b in archive.list_backups(data_dir)] == [third.path, second.path, first]
    assert not list((data_dir / "backups").glob(".tmp*"))


def test_a_named_file_outside_the_backup_names_is_still_written(app, data_dir, tmp_path):
    out = tmp_path / "usb" / "lang-so.zip"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert archive.create_backup(data_dir, out).path == out
    assert out.read_bytes() != b"old"


def test_the_daily_backup_made_by_a_clock_gone_back_is_not_pruned(app, data_dir):
    for day in range(schedule.KEEP_DAILY):
        assert schedule.daily_backup_if_due(data_dir, DAY + timedelta(days=day))
    # Power cut; the Pi boots at a saved time weeks behind, before every backup it has.
    behind = DAY - timedelta(days=20)
    made = schedule.daily_backup_if_due(data_dir, behind)
    assert made is not None and made.exists()
    dailies = [b.path for b in archive.list_backups(data_dir) if b.kind == "daily"]
    assert len(dailies) == schedule.KEEP_DAILY + 1 and dailies[-1] == made
