"""Payloads for link and Wi-Fi QR codes (plain strings; rendering is qr.render's job)."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from qr.emv import PayloadError
from qr.messages import N_

__all__ = ["PayloadError", "url_payload", "wifi_payload"]

# Characters the Wi-Fi QR format (ZXing "WIFI:" scheme) reserves; each is escaped with "\".
_WIFI_SPECIAL = '\\;,:"'
_SECURITY = {"WPA": "WPA", "WPA2": "WPA", "WPA3": "WPA", "WEP": "WEP", "NOPASS": "nopass",
             "": "nopass", "OPEN": "nopass"}


def url_payload(url: str) -> str:
    """Return the payload for a web link: the URL itself, once checked.

    Only http and https are allowed: a phone opens other schemes (tel:, javascript:, file:)
    without the warning a web link gets.

    Raises:
        PayloadError: not an http(s) URL with a host, or it contains spaces or control characters.
    """
    text = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text):
        raise PayloadError(
            N_("Đường link '%(url)s' có dấu cách hoặc ký tự điều khiển; hãy bỏ chúng đi."),
            field="url", value=url, url=text,
        )
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PayloadError(
            N_("Đường link '%(url)s' không hợp lệ: phải bắt đầu bằng http:// hoặc https:// và có"
               " tên trang web."),
            field="url", value=url, url=text,
        )
    return text


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _WIFI_SPECIAL else ch for ch in text)


def wifi_payload(ssid: str, password: str | None = None, security: str = "WPA",
                 hidden: bool = False) -> str:
    """Return a Wi-Fi join payload, e.g. 'WIFI:T:WPA;S:Nha Van Hoa;P:matkhau123;;'.

    `security` is "WPA" (also WPA2/WPA3, which phones join the same way), "WEP" or "nopass" for
    an open network (then `password` must be empty). `\\ ; , : "` in the name and password are
    escaped as the format requires.

    Raises:
        PayloadError: empty or too long network name, unknown security, a missing password for
            a protected network, a password on an open one, or a WPA password outside 8–63
            characters.
    """
    name = unicodedata.normalize("NFC", ssid)
    if not name or len(name.encode("utf-8")) > 32:
        raise PayloadError(
            N_("Tên mạng Wi-Fi '%(name)s' phải có từ 1 đến 32 byte."), field="ssid", value=ssid,
            name=name,
        )
    kind = _SECURITY.get((security or "").strip().upper())
    if kind is None:
        raise PayloadError(
            N_("Kiểu bảo mật Wi-Fi '%(security)s' không hợp lệ: chỉ WPA, WEP hoặc nopass (mạng"
               " mở)."),
            field="security", value=security, security=security,
        )
    secret = password or ""
    if kind == "nopass" and secret:
        raise PayloadError(
            N_("Mạng Wi-Fi mở '%(name)s' không dùng mật khẩu; hãy bỏ mật khẩu hoặc chọn WPA."),
            field="password", value=password, name=name,
        )
    if kind != "nopass" and not secret:
        raise PayloadError(
            N_("Mạng Wi-Fi '%(name)s' dùng %(kind)s nên cần mật khẩu."), field="password",
            value=password, name=name, kind=kind,
        )
    if kind == "WPA" and not 8 <= len(secret) <= 63 and not (
            len(secret) == 64 and all(c in "0123456789abcdefABCDEF" for c in secret)):
        raise PayloadError(
            N_("Mật khẩu Wi-Fi dài %(length)s ký tự; mạng WPA cần từ 8 đến 63 ký tự."),
            field="password", value=password, length=len(secret),
        )
    parts = [f"WIFI:T:{kind}", f"S:{_escape(name)}"]
    if secret:
        parts.append(f"P:{_escape(secret)}")
    if hidden:
        parts.append("H:true")
    return ";".join(parts) + ";;"
