"""Start-up on the shared checks: a FAIL of the data directory refuses, the rest warns."""

from __future__ import annotations

import json

import pytest

from kiosk import config, db
from kiosk.ops import startup


def test_data_dir_that_is_a_file_refuses_in_one_sentence(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(startup.StartupError) as refused:
        startup.check_data_dir(not_a_dir)
    assert str(refused.value) == (f"thư mục dữ liệu {not_a_dir} không phải thư mục; "
                                  "chọn thư mục khác bằng --data")


def test_missing_data_dir_is_made(tmp_path):
    assert startup.check_data_dir(tmp_path / "data") is None
    assert (tmp_path / "data").is_dir()


def settings_for(data_dir, public_base: str | None) -> dict:
    conn = db.open_database(data_dir)
    if public_base:
        conn.execute("INSERT INTO settings (key, value) VALUES ('public_base_url', ?)",
                     (json.dumps(public_base),))
    conn.close()
    return config.load(data_dir, {})


def test_foreign_public_address_is_a_warning_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(startup, "lan_addresses", lambda: ["192.168.1.20"])
    settings = settings_for(tmp_path, "http://192.168.1.10:8080")
    lines = [w for w in startup.warnings(settings, "0.0.0.0") if "địa chỉ công khai" in w]
    assert lines == ["cảnh báo: địa chỉ công khai http://192.168.1.10:8080 là địa chỉ mẫu của "
                     "nội dung cài sẵn, không phải địa chỉ của "
                     "máy này (192.168.1.20); mã QR sẽ không mở được; sửa trong Quản trị › Thiết "
                     "lập › Địa chỉ công khai, hoặc đặt địa chỉ cố định cho máy trong bộ phát Wi-Fi"]


def test_public_address_of_this_machine_is_not_warned_about(tmp_path, monkeypatch):
    monkeypatch.setattr(startup, "lan_addresses", lambda: ["192.168.1.20"])
    settings = settings_for(tmp_path, "http://192.168.1.20:8080")
    assert [w for w in startup.warnings(settings, "0.0.0.0") if "địa chỉ công khai" in w] == []


def test_missing_font_is_a_warning_not_a_refusal(tmp_path):
    settings = settings_for(tmp_path, "http://192.168.1.20:8080")
    settings["FONT_REGULAR"] = str(tmp_path / "none.ttf")
    lines = [w for w in startup.warnings(settings, "127.0.0.1") if "phông chữ" in w]
    assert len(lines) == 1 and lines[0].startswith("cảnh báo: phông chữ chưa in được PDF; ")
