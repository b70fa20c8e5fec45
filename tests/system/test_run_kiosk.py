"""run_kiosk.py as a real process: first start imports the shipped content; clear refusals."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from bench.server import ROOT, free_port, start


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_kiosk.py"), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def test_first_start_imports_demo_content_and_serves(tmp_path):
    server = start(tmp_path / "data")
    try:
        with urllib.request.urlopen(f"{server.url}/healthz") as response:
            body = json.load(response)
        assert body["status"] == "ok"
        assert body["counts"]["guides"] >= 8 and body["counts"]["sites"] == 3
        with urllib.request.urlopen(f"{server.url}/") as response:
            page = response.read().decode()
        assert response.headers["Server"] == "langso"
        assert "Bạn muốn học điều gì?" in page
    finally:
        server.stop()
    output = server.output()
    assert "đã nạp nội dung mẫu" in output
    assert f"mở {server.url}/" in output


def test_second_start_does_not_import_again(tmp_path):
    start(tmp_path / "data").stop()
    server = start(tmp_path / "data")
    server.stop()
    assert "đã nạp nội dung mẫu" not in server.output()


def test_port_in_use_is_refused_in_one_line(tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run("--port", str(port), "--data", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"langso: cổng {port} đang có chương trình khác dùng; hãy tắt nó "
                                     f"hoặc chạy với --port {port + 1}")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_data_dir_is_refused(tmp_path):
    data = tmp_path / "ro"
    data.mkdir()
    data.chmod(0o500)
    result = run("--data", str(data), "--port", str(free_port()))
    assert result.returncode == 2
    assert "không ghi được" in result.stderr


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    result = run("--data", str(not_a_dir), "--port", str(free_port()))
    assert result.returncode == 2
    assert result.stderr.startswith("langso: thư mục dữ liệu") and "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [(["--port", "70000"], "--port 70000"),
                                               (["--threads", "0"], "--threads 0"),
                                               (["--port", "abc"], "invalid int value")])
def test_bad_arguments_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_help_explains_host(tmp_path):
    result = run("--help")
    assert "0.0.0.0" in result.stdout and "Wi-Fi" in result.stdout


def test_demo_public_address_that_is_not_ours_is_warned_about(tmp_path):
    server = start(tmp_path / "data")
    server.stop()
    output = server.output()
    if "192.168.1.10" in " ".join(line for line in output.splitlines() if line.startswith("  mở")):
        pytest.skip("this machine really is 192.168.1.10")
    assert ("cảnh báo: địa chỉ công khai http://192.168.1.10:8080 là địa chỉ mẫu của nội dung cài"
            " sẵn, không phải địa chỉ của máy này") in output


def test_start_on_an_older_database_backs_up_migrates_and_keeps_data(tmp_path):
    import sqlite3

    from kiosk import db

    data = tmp_path / "data"
    data.mkdir()
    old = db.connect(data / db.DB_NAME)
    first = db.migration_steps()[0]
    for statement in db._split_sql(first[1]):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO shops (code, name, bank_bin, account, holder) "
                "VALUES ('OL2D', 'Quán cũ', '970436', '0011001234567', 'A')")
    old.execute("INSERT INTO settings (key, value) VALUES ('hamlet', '\"Thôn Cũ\"')")
    old.close()
    server = start(data)
    server.stop()
    check = sqlite3.connect(data / db.DB_NAME)
    assert check.execute("PRAGMA user_version").fetchone()[0] == db.migration_steps()[-1][0]
    assert check.execute("SELECT name FROM shops WHERE code='OL2D'").fetchone()[0] == "Quán cũ"
    assert check.execute("SELECT count(*) FROM guides").fetchone()[0] == 0  # not re-imported
    (backup,) = (data / "backups").glob("*before-migration-1*")
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1
