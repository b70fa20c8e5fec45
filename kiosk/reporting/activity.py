"""The team's activity log: who helped how many people with which skill, and monthly totals.

Residents are counted, never named: the form asks for numbers and an optional note only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.models import DEFAULT_LANG, pick
from kiosk.packs.shops_csv import excel_safe
from kiosk.problems import N_, Explained, Problem, problem
from kiosk.reporting import usage, usage_totals
from kiosk.store import guides as guide_store
from kiosk.store import quiz as quiz_store
from printables.report import ReportSpec

# The five basic digital skills the kiosk's topics follow, then VNeID, then anything else. The
# labels are msgids: the reports keep the Vietnamese, the admin pages translate them.
SKILLS: tuple[tuple[str, str], ...] = (
    ("public-services", N_("Dịch vụ công trực tuyến")),
    ("shopping", N_("Mua bán trực tuyến")),
    ("payment", N_("Thanh toán trực tuyến")),
    ("safety", N_("Tự bảo vệ trên không gian mạng")),
    ("platforms", N_("Nền tảng số khác")),
    ("vneid", N_("Định danh điện tử VNeID")),
    ("other", N_("Việc khác")),
)
SKILL_LABELS = dict(SKILLS)
MAX_COUNT = 10_000  # more than a hamlet: surely a typo
MAX_NOTE = 500
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Entry:
    day: str
    skill: str
    people: int
    households: int
    note: str
    member: str


def check_month(text: str) -> tuple[date, date]:
    """First and last day of a month given as YYYY-MM.

    Raises:
        Explained: not a month (a ValueError; str() is the Vietnamese message).
    """
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
        raise Explained(N_("Tháng “%(text)s” không hợp lệ: hãy ghi theo dạng NĂM-THÁNG, ví dụ "
                           "2026-11."), text=text)
    first = date(int(match[1]), int(match[2]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def check_day(text: str) -> date | None:
    """The calendar day written as YYYY-MM-DD, or None for anything else.

    date.fromisoformat alone also takes "20261101" and "2026-W45-1", which the reports, reading
    the stored text by range, would never count.
    """
    if (len(text) == 10 and text[4] == text[7] == "-" and text.isascii()
            and (text[:4] + text[5:7] + text[8:]).isdigit()):
        try:
            return date.fromisoformat(text)
        except ValueError:  # a day that does not exist, such as 2026-02-29
            return None
    return None


# What is wrong with a count, per field: empty, not a number, too large. Whole sentences, so
# each reads naturally once translated.
_COUNT_MESSAGES = {
    "people": (N_("Số người: chưa nhập (ghi 0 nếu không có)."),
               N_("Số người: hãy nhập một số (0, 1, 2…)."),
               N_("Số người: số này quá lớn (tối đa %(max)s).")),
    "households": (N_("Số hộ: chưa nhập (ghi 0 nếu không có)."),
                   N_("Số hộ: hãy nhập một số (0, 1, 2…)."),
                   N_("Số hộ: số này quá lớn (tối đa %(max)s).")),
}


def _wrong(errors: dict[str, Problem], what: str, message: str, **values: object) -> None:
    errors[what] = problem("", message, what, **values)  # the form has no file


def _count(text: str, what: str, errors: dict[str, Problem]) -> int:
    text = text.strip()
    empty, not_a_number, too_large = _COUNT_MESSAGES[what]
    if not text:
        _wrong(errors, what, empty)
        return 0
    # ASCII only: "²" passes isdigit() but not int(); length checked before int(), which
    # refuses more than 4300 digits.
    if not (text.isascii() and text.isdigit()):
        _wrong(errors, what, not_a_number)
        return 0
    value = int(text) if len(text.lstrip("0")) <= len(str(MAX_COUNT)) else MAX_COUNT + 1
    if value > MAX_COUNT:
        _wrong(errors, what, too_large, max=MAX_COUNT)
    return value


def check_entry(form, member: str, today: date) -> tuple[Entry | None, dict[str, Problem]]:
    """An Entry from the form fields, or None with a Problem per bad field (its message in
    Vietnamese; a page shows it with problem_text)."""
    errors: dict[str, Problem] = {}
    day_text = (form.get("day") or "").strip() or today.isoformat()
    day = check_day(day_text)
    if day is None:
        _wrong(errors, "day",
               N_("Ngày không hợp lệ: hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-01."))
    elif day > today:
        _wrong(errors, "day", N_("Ngày: ngày này chưa tới."))
    skill = form.get("skill") or ""
    if skill not in SKILL_LABELS:
        _wrong(errors, "skill", N_("Kỹ năng: hãy chọn một kỹ năng đã hỗ trợ."))
    # 0 people is a true answer (the team was there, nobody came for this skill); an empty box
    # is not, so it is named rather than read as 0.
    people = _count(form.get("people") or "", "people", errors)
    households = _count(form.get("households") or "0", "households", errors)
    if not errors and households > people:
        _wrong(errors, "households", N_("Số hộ: không thể nhiều hơn số người."))
    note = unicodedata.normalize("NFC", (form.get("note") or "").strip())
    if len(note) > MAX_NOTE:
        _wrong(errors, "note", N_("Ghi chú: dài quá (tối đa %(max)s ký tự)."), max=MAX_NOTE)
    if errors:
        return None, errors
    return Entry(day_text, skill, people, households, note, member), errors


def add_entry(db: sqlite3.Connection, entry: Entry) -> int:
    """Store an entry (inside the caller's transaction); returns its id."""
    cur = db.execute("INSERT INTO activity_log (day, skill, people, households, note, member)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (entry.day, entry.skill, entry.people,
                                                    entry.households, entry.note, entry.member))
    return cur.lastrowid


def list_entries(db: sqlite3.Connection, first: date, last: date) -> list[sqlite3.Row]:
    """Entries between two days (inclusive), newest first."""
    return db.execute("SELECT * FROM activity_log WHERE day BETWEEN ? AND ?"
                      " ORDER BY day DESC, id DESC", (first.isoformat(), last.isoformat())).fetchall()


def totals_by_skill(db: sqlite3.Connection, first: date,
                    last: date) -> list[tuple[str, str, int, int, int]]:
    """(skill, label, entries, people, households) for every skill, zeros included, in order."""
    rows = {r["skill"]: r for r in db.execute(
        "SELECT skill, COUNT(*) AS entries, SUM(people) AS people, SUM(households) AS households"
        " FROM activity_log WHERE day BETWEEN ? AND ? GROUP BY skill",
        (first.isoformat(), last.isoformat()))}
    out = []
    for key, label in SKILLS:
        row = rows.get(key)
        out.append((key, label, row["entries"] if row else 0, row["people"] if row else 0,
                    row["households"] if row else 0))
    return out


# --- The monthly report and the CSV downloads (CLI and admin share these) ---------------------

def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    """CSV that Excel opens with Vietnamese intact (UTF-8 BOM) and never runs as formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([excel_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def stats_csv(db: sqlite3.Connection) -> bytes:
    """Every daily usage count: day, event, subject, number."""
    return csv_bytes(["ngay", "su_kien", "doi_tuong", "so_luot"],
                     [[r["day"], r["event"], r["subject"], r["n"]] for r in usage_totals.daily_rows(db)])


def activity_csv(db: sqlite3.Connection, first: date, last: date) -> bytes:
    """The month's activity entries, oldest first."""
    rows = [[r["day"], SKILL_LABELS.get(r["skill"], r["skill"]), r["people"], r["households"],
             r["member"], r["note"]] for r in reversed(list_entries(db, first, last))]
    return csv_bytes(["ngay", "ky_nang", "so_nguoi", "so_ho", "thanh_vien", "ghi_chu"], rows)


def site_scans(db: sqlite3.Connection, first: date, last: date) -> list[tuple[str, int]]:
    """(site name in Vietnamese, scans) for every site scanned in the period, most first."""
    names = {r["code"]: json.loads(r["name"]).get("vi", r["code"])
             for r in db.execute("SELECT code, name FROM sites")}
    return [(names.get(code, code), n) for code, n in usage_totals.top_subjects(
        db, usage.HERITAGE_SCAN, first.isoformat(), last.isoformat(), limit=1000)]


def opening_words(text: str, words: int = 10) -> str:
    """The first words of a quiz message on one line, with "…" when there is more."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def practice_totals(db: sqlite3.Connection, first: date,
                    last: date) -> list[tuple[str, int, int]]:
    """(guide title in Vietnamese, started, finished) for every practice started, most first."""
    span = (first.isoformat(), last.isoformat())
    titles = {g.slug: g.title.get("vi", g.slug)
              for g in guide_store.list_guides(db, published_only=False)}
    done = dict(usage_totals.top_subjects(db, usage.PRACTICE_DONE, *span, limit=1000))
    return [(titles.get(slug, slug), n, done.get(slug, 0))
            for slug, n in usage_totals.top_subjects(db, usage.PRACTICE_START, *span, limit=1000)]


def quiz_misses(db: sqlite3.Connection, first: date,
                last: date) -> list[tuple[str, str, int, int]]:
    """(item id, its opening words, right, wrong) of the five quiz items missed most."""
    out = []
    for item_id, right, wrong in usage_totals.quiz_misses(db, first.isoformat(), last.isoformat()):
        item = quiz_store.get_quiz_item(db, item_id)
        text = pick(item.text, DEFAULT_LANG)[0] if item else ""
        # Counts outlive an item the pack no longer holds: say so rather than print nothing.
        out.append((item_id, opening_words(text) if text else "(không còn trong kho)", right,
                    wrong))
    return out


def report_spec(db: sqlite3.Connection, month: str) -> ReportSpec:
    """The numbers of one month, ready for printables.report.

    Raises:
        ValueError: month is not YYYY-MM (Vietnamese message).
    """
    first, last = check_month(month)
    settings = db.execute("SELECT key, value FROM settings WHERE key IN ('hamlet', 'commune')")
    place = {r["key"]: json.loads(r["value"]) for r in settings}

    def total(event: str) -> int:
        return sum(n for _, n in usage_totals.daily_totals(db, event, first, last.day))

    return ReportSpec(
        month=first.isoformat()[:7], hamlet=str(place.get("hamlet", "")),
        commune=str(place.get("commune", "")),
        skills=tuple((label, e, p, h) for _, label, e, p, h in totals_by_skill(db, first, last)),
        shops_with_qr=db.execute("SELECT COUNT(*) FROM shops WHERE demo = 0").fetchone()[0],
        sites=tuple(site_scans(db, first, last)),
        kiosk_sessions=total(usage.SESSION), guide_opens=total(usage.GUIDE_OPEN),
        guide_completions=total(usage.GUIDE_DONE),
        daily_sessions=tuple((d[8:], n) for d, n in
                             usage_totals.daily_totals(db, usage.SESSION, first, last.day)),
        practices=tuple(practice_totals(db, first, last)),
        quiz_misses=tuple(quiz_misses(db, first, last)),
    )
