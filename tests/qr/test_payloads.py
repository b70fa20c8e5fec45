"""Link and Wi-Fi payloads (qr/payloads.py)."""

import io
import re

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from qr import render
from qr.payloads import PayloadError, url_payload, wifi_payload


@pytest.mark.parametrize(
    "url",
    [
        "https://langso.example.vn/h/dinh-lang",
        "http://192.168.1.10:8080/h/chua-cu",
        "HTTPS://Example.org/path?q=1#top",
    ],
)
def test_url_payload_keeps_url(url):
    assert url_payload(url) == url


def test_url_payload_strips_surrounding_space():
    assert url_payload("  https://example.org/\n") == "https://example.org/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Đường link 'javascript:alert(1)' không hợp lệ: phải bắt đầu bằng"
                                " http:// hoặc https:// và có tên trang web."),
        ("ftp://example.org/", "Đường link 'ftp://example.org/' không hợp lệ: phải bắt đầu bằng"
                               " http:// hoặc https:// và có tên trang web."),
        ("langso.vn/h/1", "Đường link 'langso.vn/h/1' không hợp lệ: phải bắt đầu bằng http:// hoặc"
                          " https:// và có tên trang web."),
        ("https://", "Đường link 'https://' không hợp lệ: phải bắt đầu bằng http:// hoặc https://"
                     " và có tên trang web."),
        ("https://example.org/a b", "Đường link 'https://example.org/a b' có dấu cách hoặc ký tự"
                                    " điều khiển; hãy bỏ chúng đi."),
    ],
)
def test_url_payload_rejects(url, message):
    with pytest.raises(PayloadError) as info:
        url_payload(url)
    assert str(info.value) == message
    assert info.value.field == "url"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Format: ZXing wiki "Barcode Contents", Wi-Fi Network config (Android):
        # WIFI:T:WPA;S:mynetwork;P:mypass;;  (T, S, P, H; special characters escaped with "\").
        (dict(ssid="mynetwork", password="mypass12"), "WIFI:T:WPA;S:mynetwork;P:mypass12;;"),
        (dict(ssid="Nhà Văn Hóa", password="matkhau123"),
         "WIFI:T:WPA;S:Nhà Văn Hóa;P:matkhau123;;"),
        (dict(ssid="Thon Dong", security="nopass"), "WIFI:T:nopass;S:Thon Dong;;"),
        (dict(ssid="Thon Dong", password=None, security=""), "WIFI:T:nopass;S:Thon Dong;;"),
        (dict(ssid="An", password="12345678", hidden=True), "WIFI:T:WPA;S:An;P:12345678;H:true;;"),
        (dict(ssid="An", password="12345678", security="wpa2"), "WIFI:T:WPA;S:An;P:12345678;;"),
        (dict(ssid="An", password="abcde", security="WEP"), "WIFI:T:WEP;S:An;P:abcde;;"),
        (dict(ssid='a;b,c:d"e\\f', password='p;a,s:s"w\\d'),
         'WIFI:T:WPA;S:a\\;b\\,c\\:d\\"e\\\\f;P:p\\;a\\,s\\:s\\"w\\\\d;;'),
    ],
)
def test_wifi_payload(kwargs, expected):
    assert wifi_payload(**kwargs) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(ssid="", password="12345678"), "Tên mạng Wi-Fi '' phải có từ 1 đến 32 byte."),
        (dict(ssid="Đ" * 17, password="12345678"),
         f"Tên mạng Wi-Fi '{'Đ' * 17}' phải có từ 1 đến 32 byte."),
        (dict(ssid="An", password="12345678", security="WPA-EAP"),
         "Kiểu bảo mật Wi-Fi 'WPA-EAP' không hợp lệ: chỉ WPA, WEP hoặc nopass (mạng mở)."),
        (dict(ssid="An"), "Mạng Wi-Fi 'An' dùng WPA nên cần mật khẩu."),
        (dict(ssid="An", security="WEP"), "Mạng Wi-Fi 'An' dùng WEP nên cần mật khẩu."),
        (dict(ssid="An", password="1234567"),
         "Mật khẩu Wi-Fi dài 7 ký tự; mạng WPA cần từ 8 đến 63 ký tự."),
        (dict(ssid="An", password="x" * 64),
         "Mật khẩu Wi-Fi dài 64 ký tự; mạng WPA cần từ 8 đến 63 ký tự."),
        (dict(ssid="An", password="12345678", security="nopass"),
         "Mạng Wi-Fi mở 'An' không dùng mật khẩu; hãy bỏ mật khẩu hoặc chọn WPA."),
    ],
)
def test_wifi_payload_rejects(kwargs, message):
    with pytest.raises(PayloadError) as info:
        wifi_payload(**kwargs)
    assert str(info.value) == message


def test_wifi_accepts_64_hex_key():
    key = "0123456789abcdef" * 4
    assert wifi_payload("An", key).endswith(f";P:{key};;")


def unescape_fields(text: str) -> dict[str, str]:
    """Read a WIFI: payload back the way ZXing's parser does (backslash escapes, ';' ends)."""
    assert text.startswith("WIFI:") and text.endswith(";;")
    fields, key, value, i, body = {}, "", "", 0, text[5:-1]
    current = None
    while i < len(body):
        ch = body[i]
        if current is None:
            key += ch
            if ch == ":":
                current, key = key[:-1], ""
        elif ch == "\\":
            i += 1
            value += body[i]
        elif ch == ";":
            fields[current], current, value = value, None, ""
        else:
            value += ch
        i += 1
    return fields


@settings(max_examples=200)
@given(
    ssid=st.text(min_size=1, max_size=10).filter(lambda s: len(s.encode()) <= 32),
    password=st.text(min_size=8, max_size=63),
    hidden=st.booleans(),
)
def test_wifi_fields_survive_escaping(ssid, password, hidden):
    import unicodedata

    text = wifi_payload(ssid, password, hidden=hidden)
    expected = {"T": "WPA", "S": unicodedata.normalize("NFC", ssid), "P": password}
    if hidden:
        expected["H"] = "true"
    assert unescape_fields(text) == expected


def test_wifi_payload_has_no_unescaped_separator_inside_values():
    text = wifi_payload("a;b", "c;dddddddd")
    assert re.findall(r"(?<!\\);", text) == [";"] * 4


@pytest.mark.parametrize(
    "text",
    [
        wifi_payload('Nhà;Văn:Hóa,"1"\\', 'mật;khẩu:1,"2"\\'),
        wifi_payload("Thon Dong", security="nopass", hidden=True),
        url_payload("https://langso.example.vn/h/dinh-lang?lang=en"),
    ],
)
def test_payload_qr_decodes(text):
    image = Image.open(io.BytesIO(render.to_png(text, render.error_level("wifi"), scale=3)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [text]
