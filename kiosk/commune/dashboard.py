"""The commune's view of its hamlets: a table of hamlets × months, who has not reported, the CSV
and the monthly PDF for the province. Everything is computed from the stored signed bundles."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import tzinfo

from kiosk.commune.bundle import Bundle
from kiosk.commune.inbox import stored_bundles
from kiosk.reporting.activity import SKILLS, check_month, csv_bytes
from kiosk.store import commune as commune_store
from kiosk.timekeeping import localtime
from printables.commune_report import CommuneReportSpec, HamletRow


def months_ending(month: str, count: int) -> list[str]:
    """`count` months (YYYY-MM) ending with `month`, oldest first.

    Raises:
        ValueError: month is not YYYY-MM (Vietnamese message).
    """
    first, _ = check_month(month)
    year, number, out = first.year, first.month, []
    for _ in range(count):
        out.append(f"{year:04d}-{number:02d}")
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return out[::-1]


@dataclass(frozen=True)
class Overview:
    months: list[str]  # oldest first; the last is the month in question
    hamlets: list[commune_store.Hamlet]  # registered, by name
    bundles: dict[tuple[str, str], Bundle]  # (public key, month) → its bundle

    @property
    def month(self) -> str:
        return self.months[-1]

    @property
    def missing(self) -> list[commune_store.Hamlet]:
        """Registered hamlets with no bundle for the month in question."""
        return [h for h in self.hamlets if (h.public_key, self.month) not in self.bundles]

    def cell(self, hamlet: commune_store.Hamlet, month: str) -> Bundle | None:
        return self.bundles.get((hamlet.public_key, month))

    def month_total(self, month: str) -> int:
        """Households guided in a month, all hamlets."""
        return sum(b.households_guided for (_, m), b in self.bundles.items() if m == month)


def overview(db: sqlite3.Connection, month: str, count: int = 12) -> Overview:
    months = months_ending(month, count)
    bundles = {(b.public_key, b.month): b for b in stored_bundles(db, months[0], months[-1])}
    return Overview(months, commune_store.list_hamlets(db), bundles)


def overview_csv(view: Overview, zone: tzinfo | None = None) -> bytes:
    """One line per hamlet and month reported: the figures a province spreadsheet wants.

    When each file was made is ISO 8601 in `zone` (default Vietnam's) with its offset.
    """
    zone = zone or localtime.zone_of({})
    rows = []
    for hamlet in view.hamlets:
        for month in view.months:
            if (b := view.cell(hamlet, month)) is None:
                continue
            coverage = "" if b.coverage is None else f"{100 * b.coverage:.1f}"
            rows.append([hamlet.name, hamlet.fingerprint, month, b.households or "",
                         b.households_guided, coverage, sum(p for _, p, _ in b.skills.values()),
                         b.usage["kiosk_sessions"], b.usage["guide_opens"],
                         b.usage["guide_completions"], localtime.iso_local(b.created_at, zone)])
    return csv_bytes(["thon", "ma_nhan_dien", "thang", "so_ho", "ho_duoc_huong_dan",
                      "ty_le_phan_tram", "so_nguoi", "luot_dung_may", "mo_huong_dan",
                      "lam_het_huong_dan", "lap_luc"], rows)


def report_spec(view: Overview, commune: str, province: str) -> CommuneReportSpec:
    """The month in question, for printables.commune_report."""
    reported = [(h, b) for h in view.hamlets if (b := view.cell(h, view.month)) is not None]
    rows = tuple(HamletRow(h.name, b.households, b.households_guided,
                           sum(p for _, p, _ in b.skills.values()), b.usage["kiosk_sessions"],
                           b.usage["guide_opens"]) for h, b in reported)
    skills = tuple((label, *(sum(b.skills[key][i] for _, b in reported) for i in range(3)))
                   for key, label in SKILLS)
    return CommuneReportSpec(view.month, commune, province, rows, skills,
                             tuple(h.name for h in view.missing))
