"""kiosk.store.settings: defaults under stored values, pack identity apart, the one check."""

from __future__ import annotations

import pytest

from kiosk import db
from kiosk.db import transaction
from kiosk.store import settings

FORM = {"hamlet": "Thôn Thử", "commune": "Xã Thử", "province": "Tỉnh Thử",
        "public_base_url": "http://192.168.1.10:8080/", "wifi_name": "", "wifi_password": "",
        "idle_timeout": "90"}


def test_a_fresh_database_answers_the_defaults(tmp_path):
    conn = db.open_database(tmp_path)
    try:
        assert settings.get_settings(conn) == settings.SETTING_DEFAULTS
    finally:
        conn.close()


def test_stored_values_override_defaults_and_the_rest_stay(conn):
    values = settings.get_settings(conn)
    assert (values["hamlet"], values["wifi_password"]) == ("Thôn Thử", "")


def test_pack_keys_are_not_settings(conn):
    assert not any(key.startswith("pack.") for key in settings.get_settings(conn))


def test_get_pack_info(conn):
    assert settings.get_pack_info(conn) == {
        "id": "test-pack", "version": 1, "title": {"vi": "Gói thử", "en": "Test pack"}}


def test_save_settings_reads_back_as_json_values(conn):
    with transaction(conn):
        settings.save_settings(conn, {"idle_timeout": 120, "wifi_name": "Đình"})
    values = settings.get_settings(conn)
    assert (values["idle_timeout"], values["wifi_name"]) == (120, "Đình")


@pytest.mark.parametrize(("url", "expected"), [
    ("http://192.168.1.10:8080/", "http://192.168.1.10:8080"),
    ("  https://langso.example.vn  ", "https://langso.example.vn"),
    ("", None),
])
def test_public_base(url, expected):
    assert settings.public_base({"public_base_url": url}) == expected


def test_check_settings_cleans_a_good_form():
    values, errors, warnings = settings.check_settings(FORM)
    assert (errors, warnings) == ({}, [])
    assert (values["public_base_url"], values["idle_timeout"]) == ("http://192.168.1.10:8080", 90)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("hamlet", " ", "không được để trống"),
    ("wifi_name", "x" * 81, "dài quá 80 ký tự"),
    ("idle_timeout", "10", "phải là số giây từ 30 đến 900"),
    ("public_base_url", "192.168.1.10", "phải là địa chỉ bắt đầu bằng http:// hoặc https://, "
                                        "ví dụ http://192.168.1.10:8080"),
    ("voice_region", "hue", "chọn giọng Bắc, Trung hoặc Nam"),
    ("speech_rate", "300", "phải là số phần trăm từ 50 đến 150"),
    ("speech_rate", "nhanh", "phải là số phần trăm từ 50 đến 150"),
])
def test_check_settings_names_the_bad_field(field, value, expected):
    _, errors, _ = settings.check_settings({**FORM, field: value})
    assert errors == {field: expected}


def test_check_settings_warns_about_this_machine_as_public_address():
    _, errors, warnings = settings.check_settings({**FORM, "public_base_url": "http://localhost"})
    assert errors == {} and len(warnings) == 1


def test_read_aloud_voice_defaults_to_northern_when_a_form_has_no_voice_fields():
    values, errors, _ = settings.check_settings(FORM)
    assert (values["voice_region"], values["speech_rate"], errors) == ("bac", 90, {})


def test_read_aloud_voice_and_rate_are_kept():
    values, errors, _ = settings.check_settings({**FORM, "voice_region": "nam", "speech_rate": "80"})
    assert (values["voice_region"], values["speech_rate"], errors) == ("nam", 80, {})
