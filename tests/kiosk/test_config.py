"""config.load(): the one settings layering (defaults → settings.json → LANGSO_* → overrides)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import config


def write_settings(data_dir: Path, **values) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def test_defaults_when_nothing_is_given(tmp_path):
    settings = config.load(tmp_path, {})
    assert settings["MAX_UPLOAD_MB"] == config.SETTINGS_BY_NAME["MAX_UPLOAD_MB"].default


def test_settings_file_beats_defaults(tmp_path):
    write_settings(tmp_path, MAX_UPLOAD_MB=5)
    assert config.load(tmp_path, {})["MAX_UPLOAD_MB"] == 5


def test_environment_beats_settings_file(tmp_path):
    write_settings(tmp_path, MAX_UPLOAD_MB=5)
    assert config.load(tmp_path, {"LANGSO_MAX_UPLOAD_MB": "7"})["MAX_UPLOAD_MB"] == 7


def test_overrides_beat_environment(tmp_path):
    write_settings(tmp_path, MAX_UPLOAD_MB=5)
    settings = config.load(tmp_path, {"LANGSO_MAX_UPLOAD_MB": "7"}, {"MAX_UPLOAD_MB": 9})
    assert settings["MAX_UPLOAD_MB"] == 9


def test_data_dir_argument_beats_environment(tmp_path):
    flag, env = tmp_path / "flag", tmp_path / "env"
    write_settings(flag, MAX_UPLOAD_MB=3)
    settings = config.load(flag, {"LANGSO_DATA": str(env)})
    assert (settings["DATA"], settings["MAX_UPLOAD_MB"]) == (str(flag.resolve()), 3)


def test_environment_names_the_data_dir_without_a_flag(tmp_path):
    write_settings(tmp_path, MAX_UPLOAD_MB=4)
    settings = config.load(None, {"LANGSO_DATA": str(tmp_path)})
    assert (settings["DATA"], settings["MAX_UPLOAD_MB"]) == (str(tmp_path.resolve()), 4)


def test_overrides_name_the_data_dir_first(tmp_path):
    chosen = tmp_path / "chosen"
    write_settings(chosen, MAX_UPLOAD_MB=2)
    settings = config.load(tmp_path / "flag", {"LANGSO_DATA": str(tmp_path / "env")},
                           {"DATA": str(chosen)})
    assert (settings["DATA"], settings["MAX_UPLOAD_MB"]) == (str(chosen.resolve()), 2)


def test_loading_creates_nothing(tmp_path):
    config.load(tmp_path / "absent", {})
    assert list(tmp_path.iterdir()) == []


def test_bad_environment_value_names_the_variable(tmp_path):
    with pytest.raises(config.ConfigError, match="LANGSO_MAX_UPLOAD_MB"):
        config.load(tmp_path, {"LANGSO_MAX_UPLOAD_MB": "lots"})


def test_data_dir_is_chosen_without_reading_it(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert config.data_dir_of(not_a_dir, {"LANGSO_DATA": "elsewhere"}) == not_a_dir
