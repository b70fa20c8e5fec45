"""Words made outside a request, read by an account in English (issue 17): the activity form's
refusals, refused uploads, the public-address warning and the clock banner's words, plurals, the
stats page's first page and role words in the audit list."""

from __future__ import annotations

import io
from datetime import date
from html import unescape

from flask import render_template_string

from kiosk import users
from kiosk.media import audio
from kiosk.store import sites as site_store
from kiosk.store.listing import Page
from kiosk.web.i18n import ui_language
from tests.helpers.admin import connect, post
from tests.helpers.images import png
from tests.helpers.sounds import wav

STEP = "/admin/guides/kich-hoat-vneid/steps/2"


def page_of(client, path: str) -> str:
    return unescape(client.get(path).get_data(as_text=True))


def followed(client, response) -> str:
    return page_of(client, response.headers["Location"])


def site_slug(app) -> str:
    conn = connect(app)
    try:
        return site_store.list_sites(conn, include_retired=False)[0].slug
    finally:
        conn.close()


def left_on_the_first_page(app) -> None:
    """Three visits today that gave up on a guide's first page (its overview)."""
    conn = connect(app)
    with conn:
        conn.execute("INSERT INTO usage_daily VALUES (?, 'give_up', 'kich-hoat-vneid/0', 3)",
                     (date.today().isoformat(),))
    conn.close()


def test_a_refused_activity_entry_is_explained_in_english(english):
    response = post(english, "/admin/activity", {"skill": "payment", "people": "abc"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert '<p class="error">People: type a number (0, 1, 2…).</p>' in page
    assert "Not saved: People: type a number (0, 1, 2…)." in page
    assert "hãy nhập một số" not in page


def test_one_person_helped_reads_as_one_person(english):
    response = post(english, "/admin/activity", {"skill": "payment", "people": "1"})
    assert "Recorded: Cashless payment, 1 person." in followed(english, response)


def test_a_bad_report_month_is_named_in_english(english):
    response = post(english, "/admin/report/bundle", {"month": "2026-13"}, "/admin/stats")
    assert "Could not make the report file: “2026-13” is not a month: write YEAR-MONTH, for " \
        "example 2026-11." in followed(english, response)


def test_a_refused_photo_is_explained_in_english(app, english):
    slug = site_slug(app)
    response = post(english, f"/admin/sites/{slug}/photos",
                    {"photo": (io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"/>'), "a.svg")},
                    f"/admin/sites/{slug}")
    page = unescape(response.get_data(as_text=True))
    assert "a.svg: the SVG needs a viewBox attribute to fit the screen" in page
    assert "SVG cần thuộc tính" not in page


def test_one_photo_added_reads_as_one_photo(app, english):
    slug = site_slug(app)
    response = post(english, f"/admin/sites/{slug}/photos",
                    {"photo": (io.BytesIO(png("#123456")), "a.png")}, f"/admin/sites/{slug}")
    assert "1 photo added." in followed(english, response)


def test_a_refused_narration_is_explained_in_english(english):
    response = post(english, "/admin/narration/guides/kich-hoat-vneid/2/en",
                    {"audio": (io.BytesIO(wav(audio.MAX_SECONDS + 1)), "long.wav")}, STEP)
    assert response.status_code == 400
    assert "long.wav: the recording is 5 min 01 s long, at most 5 min 00 s; split it into " \
        "shorter ones" in unescape(response.get_data(as_text=True))


def test_the_public_address_warning_and_its_script_words_in_english(english):
    found = english.get("/admin/public-address.json").get_json()  # the demo's address
    assert found["label"] == "WARNING"
    assert found["message"].startswith("http://192.168.1.10:8080 is the sample content's "
                                       "address, not this machine's")
    assert found["fix"].startswith("change it in Admin › Settings › Public address")
    page = page_of(english, "/admin/")
    assert 'data-message="public address {problem}"' in page
    assert 'data-fix="— How to fix: {fix}"' in page
    assert "is the sample content's address" in page


def test_the_clock_banner_gives_its_script_english_words(english):
    page = page_of(english, "/admin/")
    assert 'data-slow="The server\'s clock is {time} behind this phone."' in page
    assert 'data-hour="{n} hour"' in page and 'data-hours="{n} hours"' in page
    assert 'data-minute="{n} minute"' in page and 'data-minutes="{n} minutes"' in page


def test_counts_say_one_in_the_singular(app):
    one = Page(items=[1], number=1, pages=1, total=1, size=20)
    many = Page(items=[1, 2], number=1, pages=1, total=2, size=20)
    template = '{% from "admin/_listing.html" import counts %}{{ counts(page, "guide", none) }}'
    with app.test_request_context("/admin/guides"), ui_language("en"):
        assert "1–1 of 1 guide matches" in render_template_string(template, page=one)
        assert "1–2 of 2 guides match" in render_template_string(template, page=many)
        assert "2 guides" in render_template_string(
            '{{ ngettext("%(num)s hướng dẫn", "%(num)s hướng dẫn", 2) }}')


def test_the_dashboard_counts_in_english(english):
    page = page_of(english, "/admin/")
    assert "<li><strong>2</strong> accounts</li>" in page


def test_the_drop_off_column_says_first_page_not_home(app, english):
    left_on_the_first_page(app)
    page = page_of(english, "/admin/stats")
    assert "First page" in page and ">Home<" not in page


def test_the_drop_off_column_keeps_its_vietnamese(app, member):
    left_on_the_first_page(app)
    assert "Trang đầu" in page_of(member, "/admin/stats")


def test_role_words_in_the_audit_list_are_translated(app, english):
    conn = connect(app)
    with conn:
        users.record(conn, "chu-tich", "thêm tài khoản", "moi", "thành viên")
        users.record(conn, "chu-tich", "role", "cu", "admin")  # a row from before, in English
    conn.close()
    page = page_of(english, "/admin/")
    assert "moi — member" in page and "cu — admin" in page
    assert "thành viên" not in page
