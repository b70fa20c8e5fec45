"""kiosk.store.practice: a guide's pretend-phone screens saved and read back whole."""

from __future__ import annotations

import dataclasses

from kiosk.db import transaction
from kiosk.media import files as media
from kiosk.models import MediaRef, Practice, PracticePad, PracticeScreen, PracticeTarget
from kiosk.store import practice as store
from tests.helpers.packbuilder import SVG

SLUG = "kich-hoat-vneid"


def _practice(conn, data_dir) -> Practice:
    with transaction(conn):
        digest = media.store(conn, data_dir, media.check_image("p.svg", SVG))
    image = MediaRef(digest, "svg", "practice-01.svg")
    tap = PracticeScreen(image, {"vi": "Bấm nút Quét mã QR.", "en": "Tap Scan."}, {"vi": "Ở dưới."},
                         targets=(PracticeTarget((130.0, 540.0, 100.0, 80.0), True, {"vi": "Đúng!"}),
                                  PracticeTarget((20.0, 540.0, 100.0, 80.0), False, {"vi": "Chưa."})))
    pad = PracticeScreen(image, {"vi": "Nhập 50.000 đồng."}, {"vi": "Gõ số."},
                         pad=PracticePad("50000", {"vi": "Đúng số tiền."}))
    return Practice(SLUG, {"vi": "Thực hành", "en": "Practice"}, (tap, pad))


def _version(conn) -> int:
    return conn.execute("SELECT n FROM content_version").fetchone()[0]


def test_a_saved_practice_reads_back_equal(conn, data_dir):
    practice = _practice(conn, data_dir)
    with transaction(conn):
        store.save_practice(conn, practice)
    assert store.get_practice(conn, SLUG) == practice


def test_a_guide_without_practice_has_none(conn):
    assert (store.get_practice(conn, SLUG), store.slugs_with_practice(conn)) == (None, set())


def test_slugs_with_practice_names_the_guides_that_have_one(conn, data_dir):
    practice = _practice(conn, data_dir)
    with transaction(conn):
        store.save_practice(conn, practice)
    assert store.slugs_with_practice(conn) == {SLUG}


def test_saving_again_replaces_the_screens(conn, data_dir):
    practice = _practice(conn, data_dir)
    shorter = dataclasses.replace(practice, screens=practice.screens[:1], title={"vi": "Mới"})
    with transaction(conn):
        store.save_practice(conn, practice)
    with transaction(conn):
        store.save_practice(conn, shorter)
    assert store.get_practice(conn, SLUG) == shorter


def test_saving_changes_the_content_version_only_when_something_changed(conn, data_dir):
    practice = _practice(conn, data_dir)
    before = _version(conn)
    with transaction(conn):
        store.save_practice(conn, practice)
    with transaction(conn):
        store.save_practice(conn, practice)
    assert _version(conn) == before + 1


def test_deleting_the_guide_deletes_its_practice(conn, data_dir):
    practice = _practice(conn, data_dir)
    with transaction(conn):
        store.save_practice(conn, practice)
    with transaction(conn):
        conn.execute("DELETE FROM guides WHERE slug = ?", (SLUG,))
    assert store.slugs_with_practice(conn) == set()
