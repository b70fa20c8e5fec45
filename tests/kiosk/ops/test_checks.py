"""The checks start-up and `langso doctor` share: fonts, data directory, public address."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from kiosk import config
from kiosk.ops import checks

# --- fonts -------------------------------------------------------------------------------------

def test_fonts_found_on_the_system():
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file() and os.name != "nt":
        pytest.skip("no Vietnamese font installed (CI installs fonts-dejavu-core)")
    check = checks.check_fonts()
    assert check.level == checks.OK


def test_missing_configured_font_is_an_error_naming_the_package(tmp_path):
    check = checks.check_fonts(str(tmp_path / "none.ttf"))
    assert check.level == checks.FAIL
    assert "fonts-dejavu-core" in check.fix


def test_a_file_that_is_not_a_font_is_an_error(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font")
    check = checks.check_fonts(str(fake))
    assert check.level == checks.FAIL
    assert str(fake) in check.fix


# --- data directory ------------------------------------------------------------------------------

def test_writable_data_dir_is_ok(tmp_path):
    check = checks.check_data_dir(tmp_path)
    assert check.level == checks.OK
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


def test_missing_data_dir_that_can_be_created_is_a_warning(tmp_path):
    check = checks.check_data_dir(tmp_path / "new" / "data")
    assert check.level == checks.WARN
    assert not (tmp_path / "new").exists()  # doctor changes nothing


def test_data_dir_that_is_a_file_is_an_error(tmp_path):
    target = tmp_path / "data"
    target.write_text("x")
    assert checks.check_data_dir(target).level == checks.FAIL


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_data_dir_is_an_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        check = checks.check_data_dir(tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert check.level == checks.FAIL
    assert "không ghi được" in check.message


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_secret_key_readable_by_others_is_a_warning(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 64)
    secret.chmod(0o644)
    check = checks.check_data_dir(tmp_path)
    assert check.level == checks.WARN
    assert check.fix == f"chmod 600 {secret}"


# --- public address ------------------------------------------------------------------------------

OWN = ["192.168.1.20"]


@pytest.mark.parametrize(("base", "level"), [
    (None, checks.WARN),
    ("http://127.0.0.1:8080", checks.FAIL),
    ("http://localhost:8080", checks.FAIL),
    ("ftp://192.168.1.20", checks.FAIL),
    ("http://192.168.1.99:8080", checks.WARN),
    ("http://192.168.1.20:8080", checks.OK),
    ("https://langso.example.vn", checks.OK),
])
def test_public_address(base, level):
    assert checks.check_public_url(base, OWN).level == level


def test_public_address_of_this_machine_that_does_not_answer_is_an_error():
    asked = []
    check = checks.check_public_url("http://192.168.1.20:8080", OWN,
                                    fetch=lambda url: asked.append(url) or False)
    assert asked == ["http://192.168.1.20:8080/healthz"]
    assert check.level == checks.FAIL
    assert "0.0.0.0" in str(check.fix)


def test_foreign_public_address_is_never_asked():
    asked = []
    checks.check_public_url("http://10.9.9.9", OWN, fetch=lambda url: asked.append(url) or True)
    checks.check_public_url("https://langso.example.vn", OWN,
                            fetch=lambda url: asked.append(url) or True)
    assert asked == []


def test_a_missing_data_dir_is_made_when_asked(tmp_path):
    target = tmp_path / "new" / "data"
    check = checks.check_data_dir(target, create=True)
    assert (check.level, target.is_dir()) == (checks.OK, True)


def test_a_check_reads_as_one_sentence():
    check = checks.Check("Địa chỉ công khai", checks.WARN, "chưa đặt", "đặt trong Quản trị")
    assert check.sentence() == "địa chỉ công khai chưa đặt; đặt trong Quản trị"


def test_demo_public_address_is_named_as_the_demo():
    check = checks.check_public_url(checks.DEMO_PUBLIC_URL, OWN)
    assert check.level == checks.WARN
    assert str(check.message).startswith("http://192.168.1.10:8080 là địa chỉ mẫu của nội dung cài sẵn")


def test_demo_public_address_is_the_shipped_packs():
    settings = yaml.safe_load((config.DEFAULT_PACK_DIR / "settings.yaml").read_text("utf-8"))
    assert settings["public_base_url"] == checks.DEMO_PUBLIC_URL


@pytest.mark.parametrize(("base", "outdoor", "level"), [
    ("http://192.168.1.20:8080", True, checks.WARN),  # the hall's Wi-Fi only
    ("http://192.168.1.20:8080", False, checks.OK),
    ("http://14.160.32.9", True, checks.OK),  # a public address of this machine
])
def test_private_address_is_a_warning_for_outdoor_posters(base, outdoor, level):
    own = ["192.168.1.20", "14.160.32.9"]
    check = checks.check_public_url(base, own, fetch=lambda url: True, outdoor=outdoor)
    assert check.level == level
    if level == checks.WARN:
        assert "chỉ mở được khi nối Wi-Fi nhà văn hóa" in str(check.message)
