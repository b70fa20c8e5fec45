"""`langso doctor`: every check's OK / CẢNH BÁO / LỖI path on a temporary data directory."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import namedtuple
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk import db
from kiosk.cli.doctor import doctor_command
from kiosk.ops import doctor

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)
Usage = namedtuple("Usage", "total used free")


def corrupt_index(data: Path) -> None:
    """Rewrite the key bytes inside an index page, so rows and index disagree."""
    path = data / db.DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("CREATE TABLE t (a TEXT)")
    conn.execute("CREATE INDEX t_a ON t (a)")
    conn.executemany("INSERT INTO t VALUES (?)", [(f"row-{i:04d}",) for i in range(50)])
    conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 't_a'").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    page = raw[start:start + page_size]
    raw[start:start + page_size] = page.replace(b"row-00", b"ROW-99")
    path.write_bytes(bytes(raw))


# --- database ------------------------------------------------------------------------------------

def test_fresh_database_is_whole_and_current(migrated):
    check = doctor.check_database(migrated)
    assert check.level == doctor.OK
    latest = max(n for n, _ in db.migration_steps())
    assert check.message == f"nguyên vẹn, phiên bản {latest}"


def test_missing_database_is_a_warning_and_is_not_created(tmp_path):
    assert doctor.check_database(tmp_path).level == doctor.WARN
    assert not (tmp_path / db.DB_NAME).exists()


def test_file_that_is_not_a_database_is_an_error(tmp_path):
    (tmp_path / db.DB_NAME).write_bytes(b"x" * 4096)
    check = doctor.check_database(tmp_path)
    assert check.level == doctor.FAIL
    assert "langso restore" in check.fix


def test_damaged_index_fails_the_integrity_check(tmp_path):
    corrupt_index(tmp_path)
    check = doctor.check_database(tmp_path, latest=0)
    assert check.level == doctor.FAIL
    assert "bị hỏng" in check.message


def test_older_schema_is_a_warning(migrated):
    conn = sqlite3.connect(migrated / db.DB_NAME)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    check = doctor.check_database(migrated, latest=version + 1)
    assert check.level == doctor.WARN
    assert "khởi động lại" in check.fix


def test_schema_newer_than_the_software_is_an_error(migrated):
    conn = sqlite3.connect(migrated / db.DB_NAME)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    assert doctor.check_database(migrated).level == doctor.FAIL


# --- disk ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("free_mb", "level"), [
    (5000, doctor.OK), (1023, doctor.WARN), (500, doctor.WARN), (199, doctor.FAIL), (0, doctor.FAIL),
])
def test_free_disk_thresholds(tmp_path, free_mb, level):
    check = doctor.check_disk(tmp_path, usage=lambda _p: Usage(0, 0, free_mb * 1024**2))
    assert check.level == level


def test_disk_of_a_missing_data_dir_is_measured_on_its_parent(tmp_path):
    seen = []
    doctor.check_disk(tmp_path / "a" / "b", usage=lambda p: seen.append(p) or Usage(0, 0, 2 * 1024**3))
    assert seen == [tmp_path]


# --- clock ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("when", "level"), [
    (datetime(1970, 1, 1, tzinfo=UTC), doctor.FAIL),
    (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), doctor.FAIL),
    (datetime(2025, 1, 1, tzinfo=UTC), doctor.OK),
    (NOW, doctor.OK),
    (datetime(2099, 1, 1, tzinfo=UTC), doctor.FAIL),
])
def test_clock_year_bounds(when, level):
    assert doctor.check_clock(when).level == level


def test_clock_behind_the_last_database_write_is_a_warning(migrated):
    written = NOW + timedelta(days=3)
    os.utime(migrated / db.DB_NAME, (written.timestamp(), written.timestamp()))
    check = doctor.check_clock(NOW, migrated)
    assert check.level == doctor.WARN
    assert "lùi" in check.message


def test_clock_after_the_last_write_is_ok(migrated):
    assert doctor.check_clock(datetime.now(UTC) + timedelta(minutes=1), migrated).level == doctor.OK


OWN = ["192.168.1.20"]


# --- the server ----------------------------------------------------------------------------------

class Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # noqa: N802 — http.server's name
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def health_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_answering_server_is_ok(health_server):
    check = doctor.check_server(health_server.server_address[1])
    assert check.level == doctor.OK


def test_server_answering_an_error_is_a_warning(health_server, monkeypatch):
    monkeypatch.setattr(Health, "status", 503)
    assert doctor.check_server(health_server.server_address[1]).level == doctor.WARN


def test_silent_port_is_a_warning(health_server):
    port = health_server.server_address[1]
    health_server.shutdown()
    health_server.server_close()
    check = doctor.check_server(port)
    assert check.level == doctor.WARN
    assert "systemctl" in check.fix


# --- the whole report and the command -------------------------------------------------------------

def test_bad_settings_file_is_reported_not_raised(migrated):
    (migrated / "settings.json").write_text('{"NO_SUCH": 1}', encoding="utf-8")
    checks = doctor.run_checks({"LANGSO_DATA": str(migrated)}, NOW, port=None, own_addresses=OWN)
    first = checks[0]
    assert (first.name, first.level) == ("Thiết lập", doctor.FAIL)
    assert "NO_SUCH" in first.message
    assert [c.name for c in checks][1:] == ["Phông chữ", "Thư mục dữ liệu", "Cơ sở dữ liệu",
                                            "Dung lượng trống", "Đồng hồ", "Địa chỉ công khai"]


def test_public_address_from_the_database_is_checked(migrated):
    conn = db.connect(migrated / db.DB_NAME)
    conn.execute("INSERT INTO settings (key, value) VALUES ('public_base_url', ?)",
                 (json.dumps("http://127.0.0.1:8080"),))
    conn.close()
    checks = doctor.run_checks({"LANGSO_DATA": str(migrated)}, NOW, port=None, own_addresses=OWN)
    public = [c for c in checks if c.name == "Địa chỉ công khai"][0]
    assert public.level == doctor.FAIL


def fonts_available() -> bool:
    return doctor.check_fonts().level == doctor.OK


def test_command_on_a_healthy_data_dir_exits_0(migrated):
    if not fonts_available():
        pytest.skip("no Vietnamese font installed (CI installs fonts-dejavu-core)")
    result = CliRunner().invoke(doctor_command, ["--no-server"], env={"LANGSO_DATA": str(migrated)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("OK ")
    assert not any(line.startswith("LỖI") for line in lines)
    assert lines[-1].startswith("0 lỗi")


def test_command_on_a_damaged_database_exits_2_and_says_how_to_fix(tmp_path):
    corrupt_index(tmp_path)
    result = CliRunner().invoke(doctor_command, ["--no-server"], env={"LANGSO_DATA": str(tmp_path)})
    assert result.exit_code == 2
    line = [x for x in result.output.splitlines() if x.startswith("LỖI") and "Cơ sở dữ liệu" in x]
    assert len(line) == 1
    assert "Cách sửa: khôi phục bản sao lưu" in line[0]


def test_command_asks_the_server_on_the_given_port(migrated, health_server):
    port = str(health_server.server_address[1])
    result = CliRunner().invoke(doctor_command, ["--port", port], env={"LANGSO_DATA": str(migrated)})
    server_line = result.output.splitlines()[-2]
    assert server_line.startswith("OK ") and f"127.0.0.1:{port}" in server_line


@pytest.mark.parametrize(("trusted", "answers_on_lan", "level"), [
    ("", True, doctor.WARN),
    ("192.168.1.20 langso.local", True, doctor.OK),
    ("", False, doctor.OK),
])
def test_trusted_hosts_on_a_lan_facing_server(trusted, answers_on_lan, level):
    check = doctor.check_trusted_hosts(trusted, answers_on_lan)
    assert check.level == level
    if level == doctor.WARN:
        assert "TRUSTED_HOSTS" in check.fix


def test_report_warns_when_the_server_answers_on_the_lan_without_trusted_hosts(migrated, health_server):
    # The test server listens on loopback; "127.0.0.1" stands in for the machine's LAN address.
    checks = doctor.run_checks({"LANGSO_DATA": str(migrated)}, NOW,
                               port=health_server.server_address[1], own_addresses=["127.0.0.1"])
    trusted = [c for c in checks if c.name == "Tên máy chủ tin cậy"][0]
    assert trusted.level == doctor.WARN
