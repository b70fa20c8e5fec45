"""The admin lists' address parameters: search box, filters, page number — read and checked once.

Shops (list and print centre), guides and sites all read them here, so a bad page number or date
is handled one way: a page number out of range goes to the nearest page, a bad date or bank is
named next to its field and left out of the filter.
"""

from __future__ import annotations

import re
from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from kiosk.codes import MAX_QUERY
from kiosk.store.listing import Page
from kiosk.store.shops import DEMO_CHOICES, ShopFilter

_DAY_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BIN = re.compile(r"\d{6}")


def query_text(args: MultiDict) -> str:
    """The search box, cut to MAX_QUERY characters before anything else looks at it."""
    return " ".join(args.get("q", "")[:MAX_QUERY].split())


def page_number(args: MultiDict) -> int:
    """The page asked for (from 1); anything that is not a small whole number means page 1."""
    text = args.get("page", "1")[:7]
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else 1


def parse_day(text: str) -> str:
    """A day typed as dd/mm/yyyy (what Vietnamese readers write) or yyyy-mm-dd, as yyyy-mm-dd;
    "" stays "".

    Raises:
        ValueError: not a real day in either form.
    """
    text = text.strip()[:16]
    if not text:
        return ""
    if match := _DAY_DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DAY_ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"not a day: {text!r}")
    return date(year, month, day).isoformat()  # ValueError for a day that does not exist


def since_text(shop_filter: ShopFilter, args: MultiDict) -> str:
    """What the date field shows back: the day as dd/mm/yyyy, or what was typed if not a day."""
    iso = shop_filter.since
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else args.get("since", "")[:16]


def shop_filter(args: MultiDict, demo_default: str = "all") -> tuple[ShopFilter, dict[str, str]]:
    """The shop filter the address asks for, and a message per field that was not understood
    (that field is then left out). The print centre passes `demo_default="real"`: demo shops
    are printed only when its "include demo shops" box (`include_demo`) is ticked."""
    errors: dict[str, str] = {}
    bank = args.get("bank", "").strip()[:6 + 1]
    if bank and not _BIN.fullmatch(bank):
        errors["bank"] = _("Ngân hàng không có trong danh sách; hãy chọn lại.")
        bank = ""
    demo = args.get("demo", demo_default)
    if args.get("include_demo"):
        demo = "all"
    if demo not in DEMO_CHOICES:
        demo = demo_default
    try:
        since = parse_day(args.get("since", ""))
    except ValueError:
        errors["since"] = _("Ngày “thay đổi từ” phải là một ngày có thật, dạng ngày/tháng/năm như"
                            " 01/11/2026 (hoặc năm-tháng-ngày như 2026-11-01).")
        since = ""
    return ShopFilter(query=query_text(args), bank=bank, demo=demo, since=since), errors


def filter_args(shop_filter: ShopFilter) -> dict[str, str]:
    """The address parameters that ask for this filter again (the print centre's way back)."""
    args = {"q": shop_filter.query, "bank": shop_filter.bank, "since": shop_filter.since,
            "demo": shop_filter.demo if shop_filter.demo != "all" else ""}
    if shop_filter.demo == "all":
        args["include_demo"] = "1"
    return {k: v for k, v in args.items() if v}


def page_links(page: Page, around: int = 2) -> list[tuple[int | None, str]]:
    """(page number, address) for the pager: first, last and `around` each side of the current
    one, None where numbers are skipped; the address keeps every other parameter."""
    wanted = {1, page.pages, *range(page.number - around, page.number + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= page.pages)
    links: list[tuple[int | None, str]] = []
    for n in numbers:
        if links and links[-1][0] is not None and n - links[-1][0] > 1:
            links.append((None, ""))
        links.append((n, page_url(n)))
    return links


def page_url(number: int) -> str:
    """This list's address with page `number` and the same search and filters."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(number)]
    return url_for(request.endpoint or "admin.dashboard", **args)
