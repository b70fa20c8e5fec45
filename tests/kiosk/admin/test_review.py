"""Admin "Cần kiểm tra": steps with a check note or a source older than 12 months (issue 13)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.admin.review import review_groups, stale_before
from kiosk.models import Guide, Source, Step
from tests.helpers.admin import connect


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/admin/review")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_members_see_notes_and_old_sources_grouped_by_guide_with_edit_links(member):
    html = member.get("/admin/review").get_data(as_text=True)
    assert "<h2>Kích hoạt VNeID</h2>" in html
    rows = re.findall(r"<tr>\s*<td[^>]*>(\d+)\. .*?</tr>", html, re.S)
    assert rows == ["2", "3"]  # step 1 cites only S1 (fresh); 2 cites S2 (old); 3 has a note
    step2, step3 = re.findall(r"<tr>\s*<td[^>]*>\d+\. .*?</tr>", html, re.S)
    assert "S2</strong> Cảnh báo lừa đảo (Công an tỉnh) · kiểm tra lần cuối 2019-05-10" in step2
    assert 'href="https://example.gov.vn/canh-bao"' in step2
    assert "S1</strong>" not in step2 and "Ghi chú" not in step2
    assert "Ghi chú: xem lại nhãn" in step3
    assert 'href="/admin/guides/kich-hoat-vneid/steps/3"' in step3


def test_the_admin_nav_links_to_the_page(member):
    html = member.get("/admin/").get_data(as_text=True)
    assert '<a href="/admin/review">Cần kiểm tra</a>' in html


def test_nothing_to_check_says_so(app, member):
    conn = connect(app)
    conn.execute("UPDATE steps SET check_note = ''")
    conn.execute("UPDATE sources SET checked = ?", (dt.date.today().isoformat(),))
    conn.close()
    html = member.get("/admin/review").get_data(as_text=True)
    assert "Không có bước nào cần kiểm tra." in html


def test_hostile_source_url_and_note_are_escaped(app, member):
    conn = connect(app)
    conn.execute("UPDATE steps SET check_note = '<script>x</script>' WHERE position = 3")
    conn.execute("UPDATE sources SET url = 'https://a.vn/\"><b>' WHERE id = 'S2'")
    conn.close()
    html = member.get("/admin/review").get_data(as_text=True)
    assert "<script>x" not in html and '"><b>' not in html
    assert "Ghi chú: &lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.parametrize(("today", "cutoff"), [(dt.date(2026, 11, 30), "2025-11-30"),
                                               (dt.date(2028, 2, 29), "2027-02-28"),
                                               (dt.date(2026, 1, 5), "2025-01-05")])
def test_stale_before_is_twelve_months_earlier(today, cutoff):
    assert stale_before(today) == cutoff


def test_a_source_checked_exactly_twelve_months_ago_is_still_fresh():
    sources = {"A": Source("A", "t", "https://a.vn", checked="2025-11-30"),
               "B": Source("B", "t", "https://b.vn", checked="2025-11-29")}
    steps = (Step(1, {"vi": "Một"}, {"vi": "x"}, sources=("A",)),
             Step(2, {"vi": "Hai"}, {"vi": "x"}, sources=("A", "B")))
    guide = Guide("g", "vneid", 1, True, {"vi": "G"}, {"vi": "s"}, sources=("B",), steps=steps)
    (group,) = review_groups([guide], sources, dt.date(2026, 11, 30))
    assert [s.id for s in group.old_sources] == ["B"]
    assert [(i.n, [s.id for s in i.old_sources]) for i in group.items] == [(2, ["B"])]


def test_every_shipped_check_note_says_in_vietnamese_what_to_check():
    """The team reads the notes in Vietnamese; each keeps the English note's facts: its numbers
    and dates, the screen labels it quotes, its source ids."""
    from pathlib import Path

    from kiosk.packs.check import check

    pack, problems = check(Path(__file__).resolve().parents[3] / "content")
    assert pack is not None, [str(p) for p in problems][:5]
    notes = [step.check for guide in pack.guides for step in guide.steps if step.check]
    assert len(notes) >= 60
    for note in notes:
        vi, en = note["vi"], note.get("en", "")
        assert not re.search(r"\[(U|V|R|V-old)\b", vi), vi  # confidence tags said in words
        assert set(re.findall(r"\d+", en)) <= set(re.findall(r"\d+", vi)), (en, vi)
        assert set(re.findall(r"“[^”]+”", en)) <= set(re.findall(r"“[^”]+”", vi)), (en, vi)
        assert set(re.findall(r"\b[PMS]\d+\b", en)) <= set(re.findall(r"\b[PMS]\d+\b", vi))


def test_the_review_page_shows_the_vietnamese_note(app, member):
    conn = connect(app)
    conn.execute("UPDATE steps SET check_note = ? WHERE position = 3",
                 ('{"vi": "Kiểm tra nhãn nút", "en": "Confirm the button label"}',))
    conn.close()
    html = member.get("/admin/review").get_data(as_text=True)
    assert "Ghi chú: Kiểm tra nhãn nút" in html and "Confirm the button" not in html
