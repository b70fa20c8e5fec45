"""Tap-to-explain words on step pages, and the overview's "Cập nhật" date (issue 13)."""

from __future__ import annotations

import re

from kiosk import db
from kiosk.models import GlossaryEntry
from kiosk.store import glossary as glossary_store
from kiosk.web.glossary import explanations, mark

TERMS = [("mã định danh cá nhân", "số 12 chữ số"), ("OTP", "mã một lần"), ("mã", "ký hiệu")]


def button(word: str, explain: str) -> str:
    return (f'<button type="button" class="term" data-explain="{explain}">{word}</button>'
            f'<span class="term-gloss"> ({explain})</span>')


def test_first_use_only_any_case_whole_words():
    html = str(mark("Nhập otp. OTP hết hạn; OTPX không phải.", [("OTP", "mã một lần")], set()))
    assert html == f"Nhập {button('otp', 'mã một lần')}. OTP hết hạn; OTPX không phải."


def test_longer_term_wins_and_each_term_once_across_texts():
    seen: set[str] = set()
    body = str(mark("Gõ mã định danh cá nhân rồi mã OTP.", TERMS, seen))
    tip = str(mark("Mã OTP gửi qua tin nhắn.", TERMS, seen))
    assert body == (f"Gõ {button('mã định danh cá nhân', 'số 12 chữ số')} rồi "
                    f"{button('mã', 'ký hiệu')} {button('OTP', 'mã một lần')}.")
    assert tip == "Mã OTP gửi qua tin nhắn."
    assert seen == {"mã định danh cá nhân", "OTP", "mã"}


def test_text_term_and_explanation_are_escaped():
    terms = [('<b>"x"', '"><script>alert(1)</script>')]
    html = str(mark('a <b>"x" & <i>', terms, set()))
    assert "<script>" not in html and "<i>" not in html
    assert html == ('a <button type="button" class="term" data-explain="&#34;&gt;&lt;script&gt;'
                    'alert(1)&lt;/script&gt;">&lt;b&gt;&#34;x&#34;</button><span class="term-gloss">'
                    ' (&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;)</span> &amp; &lt;i&gt;')


def test_explanations_in_the_page_language_else_vietnamese_longest_first():
    entries = [GlossaryEntry("OTP", {"vi": "mã", "en": "code"}),
               GlossaryEntry("sinh trắc học", {"vi": "khuôn mặt"})]
    assert explanations(entries, "en") == [("sinh trắc học", "khuôn mặt"), ("OTP", "code")]


def test_step_page_explains_the_first_glossary_word_without_javascript(client):
    html = client.get("/guides/kich-hoat-vneid/3").get_data(as_text=True)
    assert button("OTP", "Mã số dùng một lần, gửi qua tin nhắn.") in html
    assert 'id="term-popup"' in html and "js/glossary.js" in html


def test_step_page_in_english_uses_the_english_explanation(client):
    html = client.get("/guides/kich-hoat-vneid/3?lang=en").get_data(as_text=True)
    assert 'data-explain="A one-time code sent by text."' in html


def test_hostile_glossary_row_is_escaped_on_the_page(app, client, data_dir):
    conn = db.connect(data_dir / db.DB_NAME)
    with db.transaction(conn):
        glossary_store.replace_glossary(conn, [GlossaryEntry("OTP", {"vi": "<img src=x onerror=alert(1)>"})])
    conn.close()
    html = client.get("/guides/kich-hoat-vneid/3").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "(&lt;img src=x onerror=alert(1)&gt;)" in html


def test_overview_shows_the_latest_checked_date(client):
    html = client.get("/guides/kich-hoat-vneid").get_data(as_text=True)
    assert re.search(r'<p class="updated">Cập nhật: 1/3/2026</p>', html)
    html = client.get("/guides/kich-hoat-vneid?lang=en").get_data(as_text=True)
    assert "Updated: March 1, 2026" in html  # Babel, long form for English


def test_overview_without_sources_shows_no_date(app, client, data_dir):
    conn = db.connect(data_dir / db.DB_NAME)
    with db.transaction(conn):
        conn.execute("UPDATE guides SET sources = '[]'")
        conn.execute("UPDATE steps SET sources = '[]'")
    conn.close()
    html = client.get("/guides/kich-hoat-vneid").get_data(as_text=True)
    assert "Cập nhật" not in html
