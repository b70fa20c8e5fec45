"""kiosk.store.shops: one shop by code, the row → Shop mapping, save and delete."""

from __future__ import annotations

from dataclasses import replace

from kiosk.db import transaction
from kiosk.models import Shop
from kiosk.store import shops

LAN = Shop(code="TH2A", name="Tạp hóa Cô Lan", bank_bin="970436", account="0001234567",
           holder="NGUYEN THI LAN", owner="Nguyễn Thị Lan", amount=None, purpose="Mua hang",
           demo=True)


def test_get_shop_maps_every_column(conn):
    assert shops.get_shop(conn, "TH2A") == LAN


def test_get_shop_reads_an_amount_and_an_empty_owner(conn):
    shop = shops.get_shop(conn, "PH3B")
    assert (shop.amount, shop.owner) == (50_000, "")


def test_get_shop_unknown_code_is_none(conn):
    assert shops.get_shop(conn, "ZZ9Z") is None


def test_get_shop_matches_the_stored_upper_case_code_only(conn):
    assert shops.get_shop(conn, "th2a") is None


def test_list_shops_in_code_order(conn):
    assert [s.code for s in shops.list_shops(conn)] == ["PH3B", "TH2A"]


def test_save_shop_updates_by_code_and_reads_back(conn):
    changed = replace(LAN, name="Tạp hóa Lan", amount=20_000, demo=False)
    with transaction(conn):
        shops.save_shop(conn, changed)
    assert shops.get_shop(conn, "TH2A") == changed


def test_list_shops_changed_since_leaves_out_older_ones(conn):
    conn.execute("UPDATE shops SET updated_at = '2020-01-01T00:00:00Z'")
    with transaction(conn):
        shops.save_shop(conn, replace(LAN, name="Tạp hóa Lan"))
    assert [s.code for s in shops.list_shops(conn, changed_since="2021-01-01")] == ["TH2A"]


def test_save_shop_unchanged_keeps_its_date(conn):
    conn.execute("UPDATE shops SET updated_at = '2020-01-01T00:00:00Z'")
    with transaction(conn):
        shops.save_shop(conn, LAN)
    assert shops.list_shops(conn, changed_since="2021-01-01") == []


def test_delete_shop(conn):
    with transaction(conn):
        shops.delete_shop(conn, "TH2A")
    assert shops.get_shop(conn, "TH2A") is None
