"""README promises that code must keep: the settings table and the commands it lists."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk import config
from kiosk.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def settings_table() -> list[tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- settings-table")[1].split("<!-- /settings-table -->")[0]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", block, re.MULTILINE)
    return rows


def test_readme_settings_table_matches_config():
    documented = {name: (default, help_) for name, default, help_ in settings_table()}
    assert list(documented) == [s.name for s in config.SETTINGS]
    for setting in config.SETTINGS:
        default, help_ = documented[setting.name]
        expected = f"`{setting.default}`" if setting.default != "" else "(empty)"
        assert default == expected, setting.name
        assert help_ == setting.help, setting.name


def test_readme_lists_every_langso_command():
    text = README.read_text(encoding="utf-8")
    # Flask's own commands and extensions' plugin commands (flask-limiter's) are not ours.
    ours = [name for name, command in main.commands.items()
            if command.callback and command.callback.__module__.startswith("kiosk.")]
    assert len(ours) >= 9
    for name in ours:
        assert f"`langso {name}" in text, name


def test_readme_quick_start_is_two_commands():
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make run", "make test"]
