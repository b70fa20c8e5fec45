"""Guides and sites lists: the same accent-insensitive search and pages of 50 as the shops
(issue 17)."""

from __future__ import annotations

import re

import pytest

from kiosk.db import transaction
from kiosk.models import Guide
from kiosk.store import guides as guide_store
from kiosk.store import sites as site_store
from tests.helpers.admin import MEMBER, connect, login, make_accounts

TOPICS = ("Đăng ký khám bệnh", "Chuyển tiền an toàn", "Tìm việc làm")  # by i % 3


@pytest.fixture
def many(app, client):
    """60 more guides and 60 more sites beside the test pack's one of each."""
    make_accounts(app)
    conn = connect(app)
    with transaction(conn):
        for i in range(60):
            guide_store.save_guide(conn, Guide(
                slug=f"bai-{i:02d}", category="vneid", position=10 + i, published=i % 2 == 0,
                title={"vi": f"{TOPICS[i % 3]} {i}", "en": f"Topic {i}"}, summary={"vi": "."}))
            site_store.add_site(conn, f"S{'23456789'[i // 8]}{'ABCDEFGH'[i % 8]}K", {
                "slug": f"di-tich-{i:02d}", "position": 10 + i,
                "name": {"vi": f"{('Đền', 'Chùa', 'Miếu')[i % 3]} Thượng {i}", "en": f"Site {i}"},
                "summary": {"vi": "."}, "category": {}, "story": {}, "directions": {}, "year": "",
                "lat": None, "lon": None})
    conn.close()
    login(client, MEMBER)
    return client


def guide_slugs(page: str) -> list[str]:
    return re.findall(r'href="/admin/guides/(?!new")([a-z0-9-]+)"', page)


def site_slugs(page: str) -> list[str]:
    return re.findall(r'href="/admin/sites/(?!new")([a-z0-9-]+)"', page)


def test_guides_search_without_accents_in_any_language(many):
    page = many.get("/admin/guides?q=dang+ky+kham").get_data(as_text=True)
    assert guide_slugs(page) == [f"bai-{i:02d}" for i in range(0, 60, 3)]
    assert "1–20 trong 20 hướng dẫn khớp" in page
    assert guide_slugs(many.get("/admin/guides?q=topic+42").get_data(as_text=True)) == ["bai-42"]
    assert guide_slugs(many.get("/admin/guides?q=VNEID").get_data(as_text=True)) == \
        ["kich-hoat-vneid"]


def test_guides_come_in_pages_of_fifty(many):
    first = many.get("/admin/guides").get_data(as_text=True)
    assert guide_slugs(first) == ["kich-hoat-vneid"] + [f"bai-{i:02d}" for i in range(49)]
    assert "Trang 1/2" in first
    second = many.get("/admin/guides?page=2").get_data(as_text=True)
    assert guide_slugs(second) == [f"bai-{i:02d}" for i in range(49, 60)]
    assert "51–61 trong 61 hướng dẫn khớp" in second


def test_sites_search_by_name_code_and_slug(many):
    page = many.get("/admin/sites?q=chua+thuong").get_data(as_text=True)
    assert site_slugs(page) == [f"di-tich-{i:02d}" for i in range(1, 60, 3)]
    assert site_slugs(many.get("/admin/sites?q=dh7k").get_data(as_text=True)) == ["dinh-thu"]
    assert site_slugs(many.get("/admin/sites?q=di-tich-07").get_data(as_text=True)) == \
        ["di-tich-07"]
    nothing = many.get("/admin/sites?q=zzz").get_data(as_text=True)
    assert site_slugs(nothing) == [] and "Không có di tích nào khớp" in nothing


def test_sites_come_in_pages_of_fifty(many):
    second = many.get("/admin/sites?page=2").get_data(as_text=True)
    assert site_slugs(second) == [f"di-tich-{i:02d}" for i in range(49, 60)]
    assert "Trang 2/2" in second
