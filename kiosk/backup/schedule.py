"""Daily backups: one a day (the hamlet's day) in data/backups/, the newest 14 kept, stale scratch
removed."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from datetime import datetime, tzinfo
from pathlib import Path

from kiosk import atomic, db
from kiosk.backup import archive
from kiosk.timekeeping import localtime

KEEP_DAILY = 14
STALE_WORK_SECONDS = 6 * 3600

log = logging.getLogger(__name__)


def daily_backup_if_due(data_dir: Path, now: datetime | None = None,
                        zone: tzinfo | None = None) -> Path | None:
    """Make today's daily backup if there is none yet, then keep only the newest 14.

    "Today" is the hamlet's calendar day (`zone`, by default the `timezone` setting), so the
    backup made at 06:30 in Hà Nội counts for that day, not for yesterday's UTC date.

    Returns the new backup's path, or None if one was already made today or there is no database.

    Raises:
        OSError, sqlite3.Error: as archive.create_backup().
    """
    data_dir = Path(data_dir)
    when = archive.utc(now)
    _remove_stale_work(archive.backups_dir(data_dir))
    if not (data_dir / db.DB_NAME).is_file():
        return None
    zone = zone or archive.hamlet_zone(data_dir)
    today = localtime.local_today(zone, when)
    if any(b.kind == "daily" and localtime.local_today(zone, b.created) == today
           for b in archive.list_backups(data_dir)):
        return None
    path = archive.create_backup(data_dir, archive.new_backup_path(data_dir, "daily", when, zone),
                                 "daily", when).path
    prune_daily_backups(data_dir, spare=path)
    return path


def prune_daily_backups(data_dir: Path, keep: int = KEEP_DAILY,
                        spare: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` daily backups; manual and before-restore ones stay.

    `spare` (the backup just made) is never deleted: made by a clock that moved back, its name
    sorts oldest, and it holds the newest data.
    """
    removed = []
    dailies = [b for b in archive.list_backups(data_dir) if b.kind == "daily"]
    for old in [b for b in dailies[keep:] if b.path != spare]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def _remove_stale_work(folder: Path) -> None:
    """Scratch files and folders a killed backup or restore left behind (not ones in use now)."""
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_WORK_SECONDS
    for item in folder.glob(f"{atomic.TEMP_PREFIX}*"):
        try:
            if item.stat().st_mtime >= cutoff:
                continue
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink()
        except FileNotFoundError:
            continue  # another backup finished with it meanwhile


def start_daily_backups(data_dir: Path, interval: float = 3600.0) -> threading.Event:
    """Check every `interval` seconds (first at once) in a daemon thread; set() the event to stop.

    A failed backup is logged and tried again at the next check; it never stops the server.
    """
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                if path := daily_backup_if_due(data_dir):
                    log.info("đã sao lưu hằng ngày: %s", path)
            except Exception:  # noqa: BLE001 — logged; the next check tries again
                log.exception("sao lưu hằng ngày thất bại")
            if stop.wait(interval):
                return

    threading.Thread(target=loop, name="langso-daily-backup", daemon=True).start()
    return stop
