"""`langso` is ours alone: only our commands, every help page and usage error in Vietnamese."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from kiosk import __version__
from kiosk.cli import main
from kiosk.cli import users as users_cli

OUR_COMMANDS = {
    "backup", "banks", "check-pack", "create-user", "doctor", "export-pack", "export-site",
    "import-pack", "print", "report", "reset-password", "restore", "serve", "stats", "status",
    "vietqr", "commune", "update-guides",
}
# Words that give an English sentence away; a Vietnamese help text has none of them (names like
# VietQR, Wi-Fi, PDF, CSV and placeholders in capitals such as FILE or SLUG are not checked).
# Words that are Vietnamese too ("in" is to print, "to" big, "an toàn" safe) are left out.
ENGLISH = {
    "a", "and", "are", "as", "at", "be", "by", "default", "every", "exit", "file", "for", "from",
    "help", "if", "is", "it", "its", "message", "not", "of", "on", "one", "or", "options",
    "required", "run", "show", "the", "this", "usage", "when", "with", "write", "commands",
    "arguments", "error", "such", "command", "option",
}


def walk(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under `group` (itself included) as its argv path."""
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))
        else:
            yield (*path, name)


def english_words(text: str) -> set[str]:
    text = re.sub(r"--?[\w-]+", " ", text)  # option names
    text = re.sub(r"`[^`]*`|\$\w+|https?://\S+|\S+\.(?:pdf|zip|csv|py|html)\b", " ", text)
    words = [w for w in re.findall(r"\w+", text) if w.isalpha()]  # not a6x4, UTF-8
    return {w for w in words if not w.isupper() and w.lower() in ENGLISH}


def help_of(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="langso")
    assert result.exit_code == 0, result.output
    return result.output


def test_help_lists_exactly_our_commands_and_options():
    output = help_of()
    listed = set(re.findall(r"^  ([a-z][\w-]+)  ", output.split("Lệnh:")[1], re.M))
    assert listed == OUR_COMMANDS
    options = re.findall(r"^  (-[-\w, ]+?)(?: [A-Z]+)?  ", output.split("Lệnh:")[0], re.M)
    assert options == ["--data", "--version", "--help"]
    for flask_word in ("--app", "--env-file", "--debug", "routes", "shell", "limiter"):
        assert flask_word not in output


@pytest.mark.parametrize("path", list(walk(main)), ids=lambda p: " ".join(p) or "langso")
def test_every_help_page_is_vietnamese(path):
    output = help_of(*path)
    assert output.startswith(f"Cách dùng: langso {' '.join(path)}".rstrip() + " ")
    assert english_words(output) == set(), output
    # click's own placeholders name a type in English; ours name what to give (FILE, SLUG…).
    assert re.findall(r"--[\w-]+ (INTEGER|RANGE|DIRECTORY|BOOLEAN|FLOAT)", output) == [], output


def test_the_checker_finds_english():
    assert english_words("Show this message and exit.") == {"Show", "this", "message", "and", "exit"}
    assert english_words("Thư mục dữ liệu (mặc định ./data hoặc $LANGSO_DATA).") == set()


@pytest.mark.parametrize("name", ["run", "shell", "routes", "limiter"])
def test_flask_commands_are_unknown(name):
    result = CliRunner().invoke(main, [name], prog_name="langso")
    assert result.exit_code == 2
    assert result.stderr == f"Lỗi: Không có lệnh '{name}' (xem langso --help).\n"


def test_a_near_miss_is_suggested():
    result = CliRunner().invoke(main, ["serv"], prog_name="langso")
    assert result.exit_code == 2
    assert result.stderr == "Lỗi: Không có lệnh 'serv' (xem langso --help). Có phải 'serve'?\n"


@pytest.mark.parametrize("args", [["--app", "x"], ["--debug", "status"], ["-e", ".env", "status"]])
def test_flask_options_are_unknown(args):
    result = CliRunner().invoke(main, args, prog_name="langso")
    assert result.exit_code == 2
    assert result.stderr == f"Lỗi: Không có tùy chọn {args[0]} (xem --help).\n"


def test_version_prints_the_package_version():
    result = CliRunner().invoke(main, ["--version"], prog_name="langso")
    assert result.exit_code == 0
    assert result.output == f"langso {__version__}\n"


@pytest.mark.parametrize(("args", "line"), [
    (["print", "posters", "--size", "a2", "--all", "--out", "x.pdf"],
     "Lỗi: --size: phải là một trong: a4, a3 (xem --help)."),
    (["doctor", "--port", "0"], "Lỗi: --port: phải là số nguyên từ 1 đến 65535 (xem --help)."),
    (["serve", "--threads", "many"], "Lỗi: --threads: phải là số nguyên (xem --help)."),
    (["check-pack", "/no/such/pack"],
     "Lỗi: PATH: không có tệp hoặc thư mục đó, hoặc không dùng được (xem --help)."),
    (["report", "--month"], "Lỗi: Tùy chọn --month cần một giá trị (xem --help)."),
    (["report", "--out", "x.pdf"], "Lỗi: Thiếu --month (xem --help)."),
    (["status", "extra"], "Lỗi: Dòng lệnh không hợp lệ: thừa đối số extra (xem --help)."),
    (["print", "nothing"], "Lỗi: Không có lệnh 'nothing' (xem langso print --help)."),
])
def test_usage_errors_are_one_vietnamese_line_and_exit_2(args, line):
    result = CliRunner().invoke(main, args, prog_name="langso")
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert result.stdout == ""


def test_two_different_passwords_at_a_terminal_are_one_vietnamese_line(runner, monkeypatch):
    monkeypatch.setattr(users_cli, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(users_cli.create_user_command, ["lan", "--role", "member"],
                           input="một mật khẩu rất dài\nmột mật khẩu khác hẳn\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == ("Lỗi: hai lần nhập mật khẩu không khớp; chưa có gì "
                                              "thay đổi")
    assert "Error" not in result.output
