"""Plain, frozen inputs of the printables: one dataclass per thing printed.

kiosk/printing.py maps database rows to these; a test or a shell can build them directly. Text is
NFC-normalized on construction, so a spec never carries decomposed Vietnamese to the page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Literal

from qr.messages import N_, Message, fill

ImageKind = Literal["svg", "png", "jpeg"]
EC_LEVELS = ("L", "M", "Q", "H")


class ExplainedError(Exception):
    """An error whose str() is plain Vietnamese, made from `template` (a msgid marked with N_)
    and `params`, so a page can show it in its own language (kiosk.web.i18n.problem_text); a
    value that is a Message (an item's label, a qr/ error) is translated too."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = tuple(params.items())
        super().__init__(fill(template, self.params))


class LayoutError(ExplainedError, ValueError):
    """Something cannot be printed as asked, even at the smallest allowed size.

    The message names the item and the field (which shop, which poster).
    """


def part(what: Message, piece: str) -> Message:
    """`what` narrowed to one of its parts ("Áp phích “Đình”: tiêu đề"); `piece` marked with N_."""
    return Message(N_("%(what)s: %(part)s"), what=what, part=Message(piece))


def nfc(text: str) -> str:
    """Return text in Unicode NFC (composed) form, the only form reportlab draws correctly."""
    return unicodedata.normalize("NFC", text)


def _normalize_strings(obj: object) -> None:
    """NFC-normalize every str field of a frozen dataclass in place (from __post_init__)."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, str):
            object.__setattr__(obj, f.name, nfc(value).strip())


def _require(value: str, item: Message, field: str) -> None:
    if not value:
        raise LayoutError(N_("%(item)s: thiếu %(field)s."), item=item, field=Message(field))


@dataclass(frozen=True)
class CardSpec:
    """A household shop's payment card; the VietQR payload is built from these fields by qr/."""

    shop_name: str
    bank_bin: str
    account: str
    holder: str
    code: str
    hamlet: str = ""
    amount: int | None = None
    purpose: str | None = None
    service: str = "account"
    demo: bool = False

    def __post_init__(self) -> None:
        _normalize_strings(self)
        item = Message(N_("Cửa hàng %(code)s"), code=self.code or "?")
        _require(self.shop_name, item, N_("tên cửa hàng"))
        _require(self.account, Message(N_("Cửa hàng “%(name)s”"), name=self.shop_name),
                 N_("số tài khoản"))
        # The short code may be empty: a team printing straight from a spreadsheet has none yet.


@dataclass(frozen=True)
class PosterSpec:
    """A heritage site poster: names, one photo, a short summary and the QR to its short link."""

    url: str
    name_vi: str
    name_en: str  # "" when the site has no English name: no subtitle then
    summary_vi: str
    summary_en: str | None = None
    photo: bytes | None = None
    hamlet: str = ""
    commune: str = ""
    province: str = ""
    ec: str = "Q"

    def __post_init__(self) -> None:
        _normalize_strings(self)
        item = Message(N_("Áp phích “%(name)s”"), name=self.name_vi or self.url)
        _require(self.url, item, N_("đường dẫn (URL)"))
        _require(self.name_vi, Message(N_("Áp phích %(url)s"), url=self.url), N_("tên tiếng Việt"))
        if self.ec not in EC_LEVELS:
            raise LayoutError(N_("%(item)s: mức sửa lỗi “%(ec)s” không hợp lệ (L, M, Q hoặc H)."),
                              item=item, ec=self.ec)


@dataclass(frozen=True)
class HandoutStep:
    """One numbered step of a guide handout, with an optional illustration."""

    title: str
    text: str
    tip: str | None = None
    warning: str | None = None
    image: bytes | None = None
    image_kind: ImageKind | None = None

    def __post_init__(self) -> None:
        _normalize_strings(self)
        if self.image is not None and self.image_kind not in ("svg", "png", "jpeg"):
            raise LayoutError(N_("Bước “%(title)s”: loại ảnh “%(kind)s” không hỗ trợ (svg, png, "
                                 "jpeg)."), title=self.title, kind=self.image_kind)


@dataclass(frozen=True)
class HandoutSpec:
    """A guide handout (A4, as many pages as the steps need) with a QR to the guide on the kiosk."""

    title: str
    url: str
    steps: tuple[HandoutStep, ...]
    hamlet: str = ""

    def __post_init__(self) -> None:
        _normalize_strings(self)
        object.__setattr__(self, "steps", tuple(self.steps))
        _require(self.title, Message(N_("Tờ hướng dẫn")), N_("tiêu đề"))
        _require(self.url, Message(N_("Tờ hướng dẫn “%(title)s”"), title=self.title),
                 N_("đường dẫn (URL)"))
        if not self.steps:
            raise LayoutError(N_("Tờ hướng dẫn “%(title)s”: chưa có bước nào."), title=self.title)


@dataclass(frozen=True)
class LinkPosterSpec:
    """A poster for any link (a Zalo group invite, an app download page)."""

    url: str
    title: str
    instructions: str = ""
    hamlet: str = ""
    ec: str = "M"

    def __post_init__(self) -> None:
        _normalize_strings(self)
        _require(self.url, Message(N_("Áp phích đường dẫn")), N_("đường dẫn (URL)"))
        _require(self.title, Message(N_("Áp phích %(url)s"), url=self.url), N_("tiêu đề"))
        if self.ec not in EC_LEVELS:
            raise LayoutError(N_("Áp phích “%(title)s”: mức sửa lỗi “%(ec)s” không hợp lệ."),
                              title=self.title, ec=self.ec)


@dataclass(frozen=True)
class WifiPosterSpec:
    """A poster to join the hamlet Wi-Fi: name, password printed, and the join QR."""

    ssid: str
    password: str | None = None
    security: str = "WPA"
    hidden: bool = False
    hamlet: str = ""

    def __post_init__(self) -> None:
        # Only trim-free NFC here: spaces can be part of an SSID or a password.
        for name in ("ssid", "password", "hamlet"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, nfc(value))
        _require(self.ssid, Message(N_("Áp phích Wi-Fi")), N_("tên mạng (SSID)"))
