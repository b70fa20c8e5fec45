"""A pack's ui/<lang>.po: the kiosk's own words (buttons, headings) in a language the app lacks.

Translators make it with Poedit or any gettext tool from kiosk/translations/messages.pot (see
docs/translating.md); the msgids are the Vietnamese words, so a word left untranslated shows in
Vietnamese. Every translated word must keep exactly the placeholders of its Vietnamese original
(%(n)s, %(total)s…): a missing or misspelt one would break the page that shows it.

Pure functions (no Flask, no SQLite): the pack check, backup restore and the web layer share them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from kiosk.codes import LANG
from kiosk.packs.fields import FieldChecker
from kiosk.packs.files import read_text

FOLDER = "ui"
MAX_PO_BYTES = 512 * 1024     # the app has ~150 short strings; a catalog is a few tens of KB
MAX_MSGSTR = 2000
APP_POT = Path(__file__).resolve().parent.parent / "translations" / "messages.pot"

# %(name)s is a placeholder; %% a literal percent sign; any other % would break formatting.
_PERCENT = re.compile(r"%\((\w{1,40})\)s|%%|%")
# One line of a .po file: a comment, a keyword with its quoted string, or a continued string.
# Babel's reader silently accepts an unclosed quote or a bare word; this names the line instead.
_PO_LINE = re.compile(r'(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)[ \t]+'
                      r'"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")[ \t]*')
MAX_BAD_LINES = 5


def placeholders(text: str) -> tuple[Counter[str], bool]:
    """The named placeholders in `text`, and whether it has a % that is not one (nor %%)."""
    names: Counter[str] = Counter()
    stray = False
    for match in _PERCENT.finditer(text):
        if match.group(1):
            names[match.group(1)] += 1
        elif match.group(0) == "%":
            stray = True
    return names, stray


def _shown(names: Counter[str]) -> str:
    return ", ".join(f"%({name})s" for name in sorted(names)) or "không có"


def parse(text: str) -> tuple[Catalog | None, list[tuple[int | None, str, str]]]:
    """The catalog and its problems as (line, message in Vietnamese, "error" or "warning")."""
    problems: list[tuple[int | None, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not _PO_LINE.fullmatch(line.strip()):
            problems.append((number, "dòng không đúng dạng .po: cần msgid \"…\", msgstr \"…\", "
                                     "chú thích bắt đầu bằng # hoặc chữ trong ngoặc kép", "error"))
            if len(problems) == MAX_BAD_LINES:
                break
    if problems:
        return None, problems
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:  # Babel counts lines from 0
        return None, [(exc.lineno + 1, "tệp .po sai cú pháp: mỗi msgid cần đúng một msgstr theo "
                                       f"sau (Babel: {exc})", "error")]
    except (ValueError, UnicodeError) as exc:  # a damaged header, for one
        return None, [(None, f"tệp .po sai cú pháp: {exc}", "error")]
    for message in catalog:
        if not message.id:
            continue
        msgid = _singular(message.id)
        if isinstance(message.id, tuple) != isinstance(message.string, tuple):
            problems.append((message.lineno, "dạng số nhiều cần cả msgid_plural và msgstr[0], "
                                             "msgstr[1]…", "error"))
            continue
        forms = [f for f in _forms(message.string) if f]
        if not forms:
            continue
        wanted, _ = placeholders(msgid)
        for form in forms:
            if len(form) > MAX_MSGSTR:
                problems.append((message.lineno, f"bản dịch quá dài ({len(form)} ký tự, tối "
                                                 f"đa {MAX_MSGSTR})", "error"))
            found, stray = placeholders(form)
            if found != wanted:
                problems.append((message.lineno, f"bản dịch của {msgid!r} phải dùng đúng các chỗ "
                                                 f"trống {_shown(wanted)} (đang có: "
                                                 f"{_shown(found)})", "error"))
            if stray:
                problems.append((message.lineno, "dấu % đứng một mình: viết %% nếu muốn hiện dấu "
                                                 "%, hoặc %(tên)s cho chỗ trống", "error"))
        if message.fuzzy:
            problems.append((message.lineno, f"bản dịch của {msgid!r} còn đánh dấu "
                                             "«fuzzy» (cần xem lại) nên chưa được dùng", "warning"))
        elif msgid not in app_msgids():
            problems.append((message.lineno, f"câu gốc {message.id!r} không có trong giao diện "
                                             "(có thể đã đổi); hãy cập nhật từ messages.pot",
                             "warning"))
    return catalog, problems


def check_po(text: str) -> str | None:
    """Why a stored catalog would be refused by check-pack (its first error), or None."""
    if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_PO_BYTES:
        return f"phải là tệp .po, tối đa {MAX_PO_BYTES // 1024} KB"
    _, problems = parse(text)
    errors = [f"dòng {line}: {message}" if line else message
              for line, message, level in problems if level == "error"]
    return errors[0] if errors else None


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _forms(string: str | tuple[str, ...]) -> list[str]:
    return list(string) if isinstance(string, tuple) else [string]


def translations(text: str) -> dict[str | tuple[str, int], str]:
    """The usable entries (translated, not fuzzy, placeholders right), keyed as Python's gettext
    keys its catalog: msgid, "context\x04msgid" (pgettext), (msgid, form) for a plural
    (ngettext). A plural is looked up with two forms (one, many: n != 1); a language with a
    single form (msgstr[0] only) uses it for both."""
    catalog, _ = parse(text)
    result: dict[str | tuple[str, int], str] = {}
    for message in catalog or ():
        if not message.id or message.fuzzy:
            continue
        msgid = _singular(message.id)
        wanted = (placeholders(msgid)[0], False)
        forms = _forms(message.string)
        if not all(forms) or any(placeholders(f) != wanted for f in forms):
            continue
        key = f"{message.context}\x04{msgid}" if message.context else msgid
        if isinstance(message.id, tuple):
            for n in (0, 1):
                result[(key, n)] = forms[min(n, len(forms) - 1)]
        else:
            result[key] = forms[0]
    return result


@lru_cache(maxsize=1)
def app_msgids() -> frozenset[str]:
    """Every msgid of the app's own template (kiosk/translations/messages.pot)."""
    try:
        with APP_POT.open("rb") as pot:
            return frozenset(_singular(m.id) for m in read_po(pot) if m.id)
    except OSError:  # a checkout without the template: no warnings rather than wrong ones
        return frozenset()


def load_ui_catalogs(checker: FieldChecker) -> dict[str, str] | None:
    """Every ui/<lang>.po checked, by language; None when the pack has no ui/ folder."""
    report, source = checker.report, checker.source
    files = sorted(rel for rel in source.sizes if rel.startswith(f"{FOLDER}/"))
    if not files:
        return None
    catalogs: dict[str, str] = {}
    for rel in files:
        checker.referenced.add(rel)
        path = PurePosixPath(rel)
        lang = path.stem
        if len(path.parts) != 2 or path.suffix != ".po" or not LANG.match(lang):
            report.error(rel, "thư mục ui/ chỉ chứa tệp <mã ngôn ngữ>.po, ví dụ ui/tay.po")
            continue
        if lang == "vi":
            report.error(rel, "tiếng Việt là ngôn ngữ gốc của giao diện, không cần tệp dịch")
            continue
        if lang not in checker.languages:
            report.error(rel, f"ngôn ngữ {lang!r} không có trong pack.yaml (languages)")
            continue
        if source.sizes[rel] > MAX_PO_BYTES:
            report.error(rel, f"tệp quá lớn (tối đa {MAX_PO_BYTES // 1024} KB)")
            continue
        text = read_text(source, rel, report)
        if text is None:
            continue
        catalog, problems = parse(text)
        for line, message, level in problems:
            (report.error if level == "error" else report.warn)(rel, message, line=line)
        if catalog is not None:
            catalogs[lang] = text
    return catalogs
