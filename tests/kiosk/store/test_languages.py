"""kiosk.store.languages: the pack's languages in order, one by code, additions."""

from __future__ import annotations

from kiosk.db import transaction
from kiosk.models import Language
from kiosk.store import languages


def test_list_languages_in_the_pack_order(conn):
    assert languages.list_languages(conn) == [Language("vi", "Tiếng Việt"),
                                              Language("en", "English")]


def test_get_language(conn):
    assert languages.get_language(conn, "en") == Language("en", "English")


def test_get_language_unknown_is_none(conn):
    assert languages.get_language(conn, "km") is None


def test_add_language_goes_last(conn):
    with transaction(conn):
        languages.add_language(conn, "tyz", "Tày")
    assert [lang.code for lang in languages.list_languages(conn)] == ["vi", "en", "tyz"]


def test_save_languages_renames_and_keeps_the_others(conn):
    with transaction(conn):
        languages.save_languages(conn, {"en": "Tiếng Anh"})
    assert languages.list_languages(conn) == [Language("en", "Tiếng Anh"),
                                              Language("vi", "Tiếng Việt")]
