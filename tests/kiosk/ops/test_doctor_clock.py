"""`langso doctor` on a box whose clock went back (issue 19), and the service's restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk import db, users
from kiosk.ops import doctor, service

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_a_clock_earlier_than_the_newest_backup_is_reported(migrated):
    backups = migrated / "backups"
    backups.mkdir()
    (backups / "langso-20261130T230000Z-daily.zip").write_bytes(b"zip")
    check = doctor.check_clock(NOW, migrated)
    assert check.level == doctor.WARN
    assert "bản sao lưu mới nhất langso-20261130T230000Z-daily.zip" in check.message
    assert "đặt giờ theo điện thoại" in check.fix


def test_a_clock_earlier_than_the_newest_audit_entry_is_reported(migrated):
    conn = db.connect(migrated / db.DB_NAME)
    users.record(conn, "chu-tich", "sửa")
    conn.execute("UPDATE audit_log SET at = '2026-11-30T22:00:00Z'")
    conn.commit()
    conn.close()
    check = doctor.check_clock(NOW + timedelta(hours=1), migrated)  # 12 hours behind that entry
    assert check.level == doctor.WARN and "nhật ký thay đổi gần nhất" in check.message


def test_a_clock_after_everything_is_ok(migrated):
    backups = migrated / "backups"
    backups.mkdir()
    (backups / "langso-20261129T230000Z-daily.zip").write_bytes(b"zip")
    assert doctor.check_clock(datetime.now(UTC) + timedelta(minutes=1), migrated).level == doctor.OK


def fake_systemd(shown: str, log: str = ""):
    def run(command: list[str]) -> str:
        return shown if command[0] == "systemctl" else log
    return run


def test_no_service_no_check():
    assert service.check_service(fake_systemd("LoadState=not-found\n")) is None


def test_a_service_that_never_restarted_is_ok():
    check = service.check_service(fake_systemd("LoadState=loaded\nActiveState=active\nNRestarts=0\n"))
    assert check.level == doctor.OK


def test_a_restarting_service_shows_its_last_error():
    log = ("Làng Số: đang khởi động\nTraceback (most recent call last):\n"
           "OSError: [Errno 28] No space left on device\nLàng Số: đang khởi động\n")
    check = service.check_service(fake_systemd(
        "LoadState=loaded\nActiveState=activating\nNRestarts=42\n", log))
    assert check.level == doctor.WARN
    assert "42 lần" in check.message
    assert check.message.endswith("OSError: [Errno 28] No space left on device")
