"""Problems found in what people give us (content packs, shop CSVs, backups, forms), every one listed.

Validation collects every problem with its file and line or field rather than stopping at the first,
so one run shows everything to fix; PackError carries that list to the edge (CLI, admin page).

A message is a Vietnamese msgid marked with N_() and its values given apart (`report.error(file,
N_("Số tiền tối đa %(max)s đ"), "amount", max=…)`): problems are found where there is no request
and no language, so the page that shows one translates it (kiosk.web.i18n.problem_text) and the CLI
prints the Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qr.messages import N_, fill

__all__ = ["N_", "Explained", "PackError", "Problem", "Report", "in_order", "problem"]


class Explained(ValueError):
    """An error whose message is a msgid and its values, like a Problem: str() is the Vietnamese,
    a page shows it translated (kiosk.web.i18n.problem_text)."""

    def __init__(self, message: str, **values: object) -> None:
        self.template = message
        self.params = tuple(values.items())
        super().__init__(fill(message, self.params))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: where it is (file, line or field) and what to do, in Vietnamese."""

    file: str
    line: int | None
    field: str
    message: str  # in Vietnamese, values filled in
    level: str = "error"  # or "warning": reported, but the pack still imports
    template: str = ""  # the msgid `message` was made from, with its values: for translating
    params: tuple[tuple[str, object], ...] = ()

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.field, self.message)

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f"{self.field}: " if self.field else ""
        tag = "" if self.level == "error" else "cảnh báo: "
        return f"{where}: {tag}{what}{self.message}"


def problem(file: str, message: str, field: str = "", line: int | None = None,
            level: str = "error", **values: object) -> Problem:
    """A Problem whose `message` is the msgid `message` with `values` filled in (kept for
    translating). Without values the message is used as it is (a literal % needs no doubling)."""
    params = tuple(values.items())
    return Problem(file, line, field, fill(message, params), level, message, params)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file, then line (problems without a line first), then field."""
    return sorted(problems, key=Problem.sort_key)


class PackError(ValueError):
    """A pack cannot be imported; `problems` lists every reason with file and line or field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = in_order(problems)
        errors = [p for p in self.problems if p.level == "error"]
        first = str(errors[0]) if errors else "gói nội dung không hợp lệ"
        more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
        super().__init__(first + more)


@dataclass
class Report:
    """Problems collected while reading and checking one input (a pack, a CSV file, a backup)."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str, message: str, field: str = "", line: int | None = None,
              **values: object) -> None:
        """An error; `message` may be a msgid with %(name)s placeholders filled from `values`."""
        self.problems.append(problem(file, message, field, line, "error", **values))

    def warn(self, file: str, message: str, field: str = "", line: int | None = None,
             **values: object) -> None:
        self.problems.append(problem(file, message, field, line, "warning", **values))

    @property
    def has_errors(self) -> bool:
        return any(p.level == "error" for p in self.problems)
