"""`langso serve`: the server of run_kiosk.py, with the same flags and one-line refusals.

The wheel test (tests/system/test_wheel.py) starts it for real from an installed entry point.
"""

from __future__ import annotations

import os
import socket

import pytest
from click.testing import CliRunner

import run_kiosk
from kiosk.cli import main
from kiosk.cli.serve import serve_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_port_in_use_is_refused_in_one_line(tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = CliRunner().invoke(serve_command, ["--port", str(port),
                                                    "--data", str(tmp_path / "data")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"langso: cổng {port} đang có chương trình khác dùng; hãy tắt "
                                     f"nó hoặc chạy với --port {port + 1}")


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    result = CliRunner().invoke(serve_command, ["--data", str(not_a_dir)])
    assert result.exit_code == 2
    assert result.stderr.startswith("langso: thư mục dữ liệu")


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "70000"], "Lỗi: --port 70000: phải từ 1 đến 65535"),
    (["--threads", "0"], "Lỗi: --threads 0: phải từ 1 đến 64"),
])
def test_flags_out_of_range_exit_2(args, message):
    result = CliRunner().invoke(serve_command, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_help_explains_host():
    result = CliRunner().invoke(serve_command, ["--help"])
    assert "0.0.0.0" in result.output and "Wi-Fi" in result.output


def test_the_data_flag_is_not_put_into_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("LANGSO_DATA", raising=False)
    result = CliRunner().invoke(main, ["--data", str(tmp_path / "data"), "status"])
    assert result.exit_code == 0
    assert f"data: {(tmp_path / 'data').resolve()}" in result.output
    assert "LANGSO_DATA" not in os.environ


def test_serve_has_the_flags_and_defaults_of_run_kiosk():
    parser_defaults = vars(run_kiosk.parse_args([]))
    params = {p.name: p.default for p in serve_command.params if p.name != "help"}
    assert params == parser_defaults == {"host": "127.0.0.1", "port": 8080, "data": None,
                                         "threads": 8}


def test_serve_is_a_command_of_the_group():
    assert main.commands["serve"] is serve_command
