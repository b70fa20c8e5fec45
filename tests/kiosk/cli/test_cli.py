"""The `langso` command: pack checks and import/export; user errors exit 2 with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk import db, store
from kiosk.cli import main
from tests.helpers.packbuilder import guide_yaml, write_pack


@pytest.fixture
def cli(tmp_path):
    data = tmp_path / "data"

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--data", str(data), *args], env={"LANGSO_DATA": str(data)},
                                  catch_exceptions=False)

    invoke.data = data
    return invoke


def langso(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from kiosk.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def test_check_pack_ok(cli, pack_dir):
    result = cli("check-pack", str(pack_dir))
    assert result.exit_code == 0
    assert "0 lỗi, 0 cảnh báo." in result.output
    assert "steps[3]: cần kiểm tra trên điện thoại thật: xem lại nhãn" in result.output


def test_check_pack_lists_steps_without_a_source_apart_from_errors(cli, pack_dir):
    result = cli("check-pack", str(pack_dir))
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "chưa dẫn nguồn" in line]
    assert lines == ["guides/kich-hoat-vneid/guide.yaml: steps[3]: chưa dẫn nguồn (sources)",
                     "1 hướng dẫn, 1 di tích, 2 cửa hàng; 1 bước và 0 màn hình thực hành cần kiểm tra"
                     " trên điện thoại thật;"
                     " 1 bước chưa dẫn nguồn."]


def test_check_pack_lists_every_problem_and_exits_2(cli, tmp_path):
    guide = guide_yaml()
    guide["steps"][0]["image"] = "../x.svg"
    guide["colour"] = "red"
    root = write_pack(tmp_path / "bad", guide=guide)
    result = cli("check-pack", str(root))
    assert result.exit_code == 2
    assert "steps[1].image: tên tệp phải là tên đơn giản" in result.output
    assert "colour: khóa không biết" in result.output
    assert "2 lỗi" in result.output


def test_import_then_export(cli, pack_dir, tmp_path):
    result = cli("import-pack", str(pack_dir))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 hướng dẫn, 1 di tích, 2 cửa hàng" in result.output
    out = tmp_path / "out"
    result = cli("export-pack", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "guides/kich-hoat-vneid/guide.yaml").is_file()
    assert cli("check-pack", str(out)).exit_code == 0


def test_import_bad_pack_exits_2_and_changes_nothing(cli, pack_dir, tmp_path):
    assert cli("import-pack", str(pack_dir)).exit_code == 0
    conn = db.connect(cli.data / db.DB_NAME)
    before = store.counts(conn)
    bad = write_pack(tmp_path / "bad", guide={**guide_yaml(), "category": "games"},
                     shops="code,name,owner,bank,account,holder,amount,purpose,demo\n"
                           "NEW2,Mới,,970436,0001111111,NGUYEN MOI,,,1\n")
    result = cli("import-pack", str(bad))
    assert result.exit_code == 2
    assert store.counts(conn) == before


def test_user_errors_are_one_line_without_traceback(tmp_path, pack_dir):
    guide = guide_yaml()
    guide["steps"][0]["image"] = "missing.svg"
    bad = write_pack(tmp_path / "bad", guide=guide)
    result = langso("--data", str(tmp_path / "d"), "import-pack", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Lỗi: gói không được nhập")
    missing = langso("check-pack", str(tmp_path / "khong-co"), cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_export_into_a_foreign_folder_is_refused(cli, tmp_path):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "letter.txt").write_text("x")
    result = cli("export-pack", str(target))
    assert result.exit_code == 2
    assert "không phải gói nội dung" in result.output
    assert (target / "letter.txt").exists()


def test_create_user_reads_password_from_stdin_and_can_log_in(cli, tmp_path, pack_dir):
    result = CliRunner().invoke(main, ["--data", str(cli.data), "create-user", "chu-tich",
                                       "--role", "admin"], input="một câu mật khẩu dài\n",
                                env={"LANGSO_DATA": str(cli.data)})
    assert result.exit_code == 0, result.output
    from kiosk import users

    conn = db.connect(cli.data / db.DB_NAME)
    assert users.authenticate(conn, "chu-tich", "một câu mật khẩu dài").role == "admin"
    stored = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$") and "một câu" not in stored


@pytest.mark.parametrize(("args", "password", "message"), [
    (["create-user", "a", "--role", "admin"], "một câu mật khẩu dài\n", "2–40 ký tự"),
    (["create-user", "ba", "--role", "admin"], "ngắn\n", "ít nhất 10 ký tự"),
    (["create-user", "ba", "--role", "boss"], "một câu mật khẩu dài\n", "--role"),
    (["create-user", "ba"], "một câu mật khẩu dài\n", "--role"),
    (["reset-password", "khong-co"], "một câu mật khẩu dài\n", "không có tài khoản tên khong-co"),
])
def test_account_commands_refuse_bad_input(cli, args, password, message):
    result = CliRunner().invoke(main, ["--data", str(cli.data), *args], input=password,
                                env={"LANGSO_DATA": str(cli.data)})
    assert result.exit_code == 2
    assert message in result.output


def test_reset_password(cli):
    env = {"LANGSO_DATA": str(cli.data)}
    CliRunner().invoke(main, ["create-user", "doan-vien", "--role", "member"],
                       input="mật khẩu cũ rất dài\n", env=env)
    result = CliRunner().invoke(main, ["reset-password", "doan-vien"],
                                input="mật khẩu mới rất dài\n", env=env)
    assert result.exit_code == 0, result.output
    from kiosk import users

    conn = db.connect(cli.data / db.DB_NAME)
    assert users.authenticate(conn, "doan-vien", "mật khẩu cũ rất dài") is None
    assert users.authenticate(conn, "doan-vien", "mật khẩu mới rất dài") is not None
