"""Backup row checks for migration 7: practices and quiz items a restore would refuse."""

from __future__ import annotations

from kiosk import db
from kiosk.backup.rows import row_problems
from kiosk.models import QuizItem
from kiosk.store import quiz as quiz_store


def _conn(tmp_path):
    conn = db.open_database(tmp_path)
    conn.execute("INSERT INTO guides (slug, category, title, summary) VALUES"
                 " ('thu', 'vneid', '{\"vi\": \"Thử\"}', '{\"vi\": \"Tóm tắt\"}')")
    return conn


def test_good_quiz_rows_pass(tmp_path):
    conn = _conn(tmp_path)
    with db.transaction(conn):
        quiz_store.save_quiz_item(conn, QuizItem("sms-otp", "sms", {"vi": "NH"}, {"vi": "Gửi OTP"},
                                                 "scam", {"vi": "Không gửi OTP."}, ("S1",)))
    assert row_problems(conn) == []


def test_a_bad_quiz_id_is_reported(tmp_path):
    conn = _conn(tmp_path)
    conn.execute("INSERT INTO quiz_items (id, kind, sender, text, answer, explain) VALUES"
                 " ('../x', 'sms', '{}', '{}', 'scam', '{\"vi\": \"x\"}')")
    assert [p.field for p in row_problems(conn)] == ["quiz_items.id"]


def test_broken_practice_screens_are_reported(tmp_path):
    conn = _conn(tmp_path)
    conn.execute("INSERT INTO practices (guide_slug, title, screens) VALUES"
                 " ('thu', '{\"vi\": \"T\"}', '[{\"image\": {\"hash\": \"../x\"}}]')")
    assert [p.field for p in row_problems(conn)] == ["practices.screens"]
