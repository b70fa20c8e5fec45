"""Database rows → printables specs → PDF bytes; shared by the print CLI and (later) the admin."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kiosk.media import files as media
from kiosk.models import Guide, HeritageSite, Shop, pick
from kiosk.problems import N_, Explained
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from printables import (
    CardSpec,
    Fonts,
    HandoutSpec,
    HandoutStep,
    LinkPosterSpec,
    PosterSpec,
    WifiPosterSpec,
    cards,
    handouts,
    load_fonts,
    posters,
)


class PrintError(Explained):
    """Something needed for a printout is missing; the message says what to set or choose (a
    msgid and its values: the print centre shows it translated)."""


def fonts_for(config: dict[str, Any]) -> Fonts | None:
    """The font pair from the FONT_* settings, or None to let printables find one.

    Raises:
        printables.FontError: a configured font is missing or lacks Vietnamese letters.
    """
    regular, bold = config.get("FONT_REGULAR") or None, config.get("FONT_BOLD") or None
    return load_fonts(regular, bold) if regular or bold else None


def public_base(settings: dict[str, Any]) -> str:
    """The public address for printed QR codes.

    Raises:
        PrintError: it is not set.
    """
    base = setting_store.public_base(settings)
    if not base:
        raise PrintError(N_("chưa đặt địa chỉ công khai (public_base_url) nên chưa in được mã QR; "
                            "hãy đặt trong settings.yaml hoặc trang quản trị"))
    return base


def site_link(site: HeritageSite, settings: dict[str, Any]) -> str:
    """The short link a site's poster encodes (what a phone opens after scanning).

    Raises:
        PrintError: the public address is not set.
    """
    return f"{public_base(settings)}/h/{site.code}"


def card_spec(shop: Shop, hamlet: str) -> CardSpec:
    return CardSpec(
        shop_name=shop.name, bank_bin=shop.bank_bin, account=shop.account, holder=shop.holder,
        code=shop.code, hamlet=hamlet, amount=shop.amount, purpose=shop.purpose or None,
        demo=shop.demo,
    )


def poster_spec(site: HeritageSite, settings: dict[str, Any], data_dir: Path) -> PosterSpec:
    photo = None
    if site.photos:
        ref = site.photos[0].media
        photo = media.read(data_dir, ref.hash, ref.ext)
    return PosterSpec(
        url=site_link(site, settings),
        name_vi=site.name.get("vi", ""), name_en=site.name.get("en", ""),
        summary_vi=site.summary.get("vi", ""), summary_en=site.summary.get("en"),
        photo=photo, hamlet=settings.get("hamlet", ""), commune=settings.get("commune", ""),
        province=settings.get("province", ""),
    )


def handout_spec(guide: Guide, settings: dict[str, Any], data_dir: Path,
                 lang: str = "vi") -> HandoutSpec:
    suffix = "" if lang == "vi" else f"?lang={lang}"
    steps = []
    for step in guide.steps:
        image = kind = None
        if step.image:
            image = media.read(data_dir, step.image.hash, step.image.ext)
            kind = "jpeg" if step.image.ext in ("jpg", "jpeg") else step.image.ext
        steps.append(HandoutStep(
            title=pick(step.title, lang)[0], text=pick(step.body, lang)[0],
            tip=pick(step.tip, lang)[0] or None, warning=pick(step.warning, lang)[0] or None,
            image=image, image_kind=kind,
        ))
    return HandoutSpec(title=pick(guide.title, lang)[0],
                       url=f"{public_base(settings)}/guides/{guide.slug}{suffix}",
                       steps=tuple(steps), hamlet=settings.get("hamlet", ""))


def wifi_spec(settings: dict[str, Any], ssid: str | None = None,
              password: str | None = None) -> WifiPosterSpec:
    ssid = ssid or settings.get("wifi_name")
    if not ssid:
        raise PrintError(N_("chưa có tên Wi-Fi: đặt wifi_name trong settings.yaml hoặc dùng "
                            "--ssid"))
    password = password if password is not None else settings.get("wifi_password") or None
    return WifiPosterSpec(ssid=ssid, password=password,
                          security="WPA" if password else "nopass",
                          hamlet=settings.get("hamlet", ""))


def shop_cards(db: sqlite3.Connection, codes: Sequence[str] | None = None,
               changed_since: str | None = None, include_demo: bool = False) -> list[Shop]:
    """The shops to print, in the order asked; when `codes` is None, all shops by code (or only
    those changed on or after `changed_since`, YYYY-MM-DD), demo shops only if `include_demo`.

    Raises:
        PrintError: a code is not a shop.
    """
    if codes is None:
        return shop_store.find_shops(db, shop_store.ShopFilter(
            since=changed_since or "", demo="all" if include_demo else "real"))
    shops = {c.upper(): shop_store.get_shop(db, c.upper()) for c in codes}
    missing = [c for c in codes if shops[c.upper()] is None]
    if missing:
        raise PrintError(N_("không có cửa hàng mã %(codes)s"), codes=", ".join(missing))
    return [shops[c.upper()] for c in codes]


def sites_to_print(db: sqlite3.Connection, slugs: Sequence[str] | None = None) -> list[HeritageSite]:
    """Sites in overview order (all current ones), or the slugs asked for, in that order.

    Raises:
        PrintError: a slug is not a site.
    """
    if slugs is None:
        return site_store.list_sites(db, include_retired=False)
    by_slug = {slug: site_store.get_site(db, slug) for slug in slugs}
    missing = [slug for slug in slugs if by_slug[slug] is None]
    if missing:
        raise PrintError(N_("không có di tích %(slugs)s"), slugs=", ".join(missing))
    return [by_slug[slug] for slug in slugs]


def cards_pdf(shops: Iterable[Shop], hamlet: str, layout: str, fonts: Fonts | None) -> bytes:
    return cards.shop_cards_pdf([card_spec(s, hamlet) for s in shops], layout=layout, fonts=fonts)


def posters_pdf(sites: Iterable[HeritageSite], settings: dict[str, Any], data_dir: Path, size: str,
                fonts: Fonts | None) -> bytes:
    specs = [poster_spec(s, settings, data_dir) for s in sites]
    return posters.heritage_posters_pdf(specs, size=size, fonts=fonts)


def handout_pdf(guide: Guide, settings: dict[str, Any], data_dir: Path, lang: str,
                fonts: Fonts | None) -> bytes:
    return handouts.guide_handout_pdf(handout_spec(guide, settings, data_dir, lang), fonts=fonts)


def link_pdf(url: str, title: str, instructions: str, hamlet: str, fonts: Fonts | None) -> bytes:
    return posters.link_poster_pdf(LinkPosterSpec(url=url, title=title, instructions=instructions,
                                                  hamlet=hamlet), fonts=fonts)


def wifi_pdf(spec: WifiPosterSpec, fonts: Fonts | None) -> bytes:
    return posters.wifi_poster_pdf(spec, fonts=fonts)
