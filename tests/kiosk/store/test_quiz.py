"""kiosk.store.quiz: quiz items saved, listed in order, retired and brought back."""

from __future__ import annotations

import dataclasses

from kiosk.db import transaction
from kiosk.media import files as media
from kiosk.models import MediaRef, QuizItem
from kiosk.store import quiz as store
from tests.helpers.packbuilder import SVG


def _item(item_id: str = "sms-otp", **changes) -> QuizItem:
    item = QuizItem(item_id, "sms", {"vi": "NganHang", "en": "Bank"},
                    {"vi": "Gửi mã OTP cho chúng tôi để nhận quà."}, "scam",
                    {"vi": "Ngân hàng không bao giờ hỏi mã OTP."}, ("S1",))
    return dataclasses.replace(item, **changes)


def _save(conn, *items: QuizItem) -> None:
    with transaction(conn):
        for item in items:
            store.save_quiz_item(conn, item)


def test_a_saved_item_reads_back_equal(conn):
    _save(conn, _item())
    assert store.get_quiz_item(conn, "sms-otp") == _item()


def test_an_item_with_an_image_keeps_it(conn, data_dir):
    with transaction(conn):
        digest = media.store(conn, data_dir, media.check_image("web.svg", SVG))
    item = _item(kind="web", image=MediaRef(digest, "svg", "web.svg"))
    _save(conn, item)
    assert store.get_quiz_item(conn, "sms-otp") == item


def test_unknown_item_is_none(conn):
    assert store.get_quiz_item(conn, "khong-co") is None


def test_items_are_listed_in_the_order_saved(conn):
    _save(conn, _item("zz"), _item("aa"), _item("mm"))
    assert [i.id for i in store.list_quiz_items(conn)] == ["zz", "aa", "mm"]


def test_saving_an_existing_item_keeps_its_place(conn):
    _save(conn, _item("aa"), _item("bb"))
    _save(conn, _item("aa", answer="safe"))
    assert [(i.id, i.answer) for i in store.list_quiz_items(conn)] == [("aa", "safe"), ("bb", "scam")]


def test_a_given_position_reorders(conn):
    with transaction(conn):
        store.save_quiz_item(conn, _item("aa"), position=2)
        store.save_quiz_item(conn, _item("bb"), position=1)
    assert [i.id for i in store.list_quiz_items(conn)] == ["bb", "aa"]


def test_retired_items_are_left_out_unless_asked_for(conn):
    _save(conn, _item("aa"), _item("bb"))
    with transaction(conn):
        store.set_quiz_item_retired(conn, "aa", True)
    assert [i.id for i in store.list_quiz_items(conn)] == ["bb"]
    assert [(i.id, i.retired) for i in store.list_quiz_items(conn, include_retired=True)] == \
        [("aa", True), ("bb", False)]


def test_an_unretired_item_comes_back(conn):
    _save(conn, _item("aa"))
    with transaction(conn):
        store.set_quiz_item_retired(conn, "aa", True)
    with transaction(conn):
        store.set_quiz_item_retired(conn, "aa", False)
    assert [i.id for i in store.list_quiz_items(conn)] == ["aa"]


def test_saving_changes_the_content_version(conn):
    before = conn.execute("SELECT n FROM content_version").fetchone()[0]
    _save(conn, _item())
    _save(conn, _item())  # unchanged: no new version
    assert conn.execute("SELECT n FROM content_version").fetchone()[0] == before + 1
