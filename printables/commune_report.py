"""The commune's monthly report for the province: every hamlet's figures on A4, in the layout of
the hamlet's own report (printables.report).

Per hamlet: households in the hamlet, households and people guided, coverage, kiosk sessions and
guides opened; the commune's totals by skill; the hamlets that sent nothing this month. The
caller (kiosk.commune.dashboard) gathers the numbers from the hamlets' signed bundles.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from printables.fonts import Fonts, load_fonts
from printables.report import _styles, _table, a4_document, bar_drawing, page_footer
from printables.specs import LayoutError, _normalize_strings
from qr.messages import N_


@dataclass(frozen=True)
class HamletRow:
    name: str
    households: int | None  # households living in the hamlet (None: the hamlet did not say)
    guided: int  # households guided this month
    people: int
    kiosk_sessions: int
    guide_opens: int

    @property
    def coverage(self) -> str:
        """"12,5 %" (Vietnamese decimal comma), or "—" when the hamlet's size is unknown."""
        if not self.households:
            return "—"
        return f"{100 * self.guided / self.households:.1f} %".replace(".", ",")


@dataclass(frozen=True)
class CommuneReportSpec:
    """skills: (label, entries, people, households) summed over the hamlets, in display order."""

    month: str  # YYYY-MM
    commune: str
    province: str
    hamlets: tuple[HamletRow, ...]
    skills: tuple[tuple[str, int, int, int], ...]
    missing: tuple[str, ...] = ()  # registered hamlets with no bundle for the month

    def __post_init__(self) -> None:
        _normalize_strings(self)
        if len(self.month) != 7 or self.month[4] != "-":
            raise LayoutError(N_("Báo cáo xã: tháng “%(month)s” phải có dạng NĂM-THÁNG."),
                              month=self.month)


def commune_report_pdf(spec: CommuneReportSpec, fonts: Fonts | None = None) -> bytes:
    """The commune's month as A4 PDF bytes, byte-identical for the same spec.

    Raises:
        FontError: no Vietnamese font (when fonts is not given).
    """
    fonts = fonts or load_fonts()
    styles = _styles(fonts)
    title = f"Báo cáo tháng {spec.month[5:]}/{spec.month[:4]}"
    buffer = io.BytesIO()
    doc = a4_document(buffer, fonts, title)
    width = doc.width
    place = ", ".join(p for p in (spec.commune, spec.province) if p)
    reported = len(spec.hamlets)
    story = [
        Paragraph(escape(f"{title} — Tổ công nghệ số cộng đồng các thôn"), styles["title"]),
        Paragraph(escape(f"{place} · {reported} thôn đã gửi số liệu, "
                         f"{len(spec.missing)} thôn chưa gửi"), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Số hộ được hướng dẫn theo thôn", styles["h2"]),
    ]
    rows: list[list] = [["Thôn", "Số hộ", "Hộ được HD", "Tỷ lệ", "Số người", "Lượt dùng máy",
                         "Mở hướng dẫn"]]
    rows += [[h.name, h.households if h.households else "—", h.guided, h.coverage, h.people,
              h.kiosk_sessions, h.guide_opens] for h in spec.hamlets]
    known = [h for h in spec.hamlets if h.households]
    total = HamletRow("Tổng cộng", sum(h.households or 0 for h in known),
                      sum(h.guided for h in known), 0, 0, 0)
    rows.append(["Tổng cộng", total.households or "—", sum(h.guided for h in spec.hamlets),
                 total.coverage, sum(h.people for h in spec.hamlets),
                 sum(h.kiosk_sessions for h in spec.hamlets),
                 sum(h.guide_opens for h in spec.hamlets)])
    story.append(_table(rows, fonts, [width * 0.28] + [width * 0.12] * 6))
    story.append(Paragraph(escape("Tỷ lệ: số hộ được hướng dẫn trong tháng trên số hộ của thôn; "
                                  "dòng tổng chỉ tính các thôn có ghi số hộ."), styles["body"]))
    if spec.hamlets:
        story.append(Spacer(1, 3 * mm))
        story.append(bar_drawing([(str(i + 1), h.guided) for i, h in enumerate(spec.hamlets)],
                                 fonts, width, 30 * mm, label_every=max(1, reported // 20)))
        story.append(Paragraph("Số hộ được hướng dẫn, theo thứ tự thôn trong bảng trên.",
                               styles["body"]))

    story.append(Paragraph("Hỗ trợ người dân theo kỹ năng (cả xã)", styles["h2"]))
    skill_rows: list[list] = [["Kỹ năng", "Lượt hỗ trợ", "Số người", "Số hộ"]]
    skill_rows += [list(s) for s in spec.skills]
    skill_rows.append(["Tổng cộng", *(sum(s[i] for s in spec.skills) for i in (1, 2, 3))])
    story.append(_table(skill_rows, fonts, [width * 0.52, width * 0.16, width * 0.16,
                                            width * 0.16]))

    story.append(Paragraph("Thôn chưa gửi số liệu tháng này", styles["h2"]))
    story.append(Paragraph(escape(", ".join(spec.missing) if spec.missing else "Không có."),
                           styles["body"]))
    footer = page_footer(fonts, f"{title} · {spec.commune} · Làng Số")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
