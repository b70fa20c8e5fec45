"""A pack's sources.yaml: where the guides' facts come from, and when the team last checked them.

    S1:
      title: Hướng dẫn kích hoạt tài khoản định danh điện tử
      url: https://vneid.gov.vn/...
      publisher: Bộ Công an
      published: "2024-07"        # YYYY, YYYY-MM or YYYY-MM-DD as the source gives it, or ""
      checked: "2026-03-01"       # YYYY-MM-DD: the day the team last compared the fact with it

Guides and steps cite ids (`sources: [S1, S2]`). The rules below are also what a restored
backup's rows must meet (kiosk.backup.rows).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from kiosk.models import Source
from kiosk.packs.fields import FieldChecker, line_of
from kiosk.packs.shapes import BIDI_CONTROLS

FILE = "sources.yaml"
MAX_SOURCES = 500
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
SOURCE_ID_RULE = "chữ cái không dấu, số, . _ -, tối đa 40 ký tự, ví dụ S1 hay S3b"
LIMITS = {"title": 300, "publisher": 120, "url": 500}
_DATE_SHAPES = ((re.compile(r"^\d{4}$"), "%Y"), (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m"),
                (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"))


def check_source_id(value: Any) -> str | None:
    """Why `value` cannot be a source id, or None."""
    ok = isinstance(value, str) and SOURCE_ID.match(value)
    return None if ok else f"mã nguồn {value!r} không hợp lệ ({SOURCE_ID_RULE})"


def check_url(value: Any) -> str | None:
    """Why `value` cannot be a source's address (only http:// and https:// pages), or None."""
    if not isinstance(value, str) or not value:
        return "cần địa chỉ web của nguồn"
    if len(value) > LIMITS["url"]:
        return f"địa chỉ quá dài ({len(value)} ký tự, tối đa {LIMITS['url']})"
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
        return "địa chỉ không được có dấu cách hay ký tự điều khiển"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "địa chỉ web không hợp lệ"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "phải là địa chỉ bắt đầu bằng http:// hoặc https://"
    return None


def _date(value: str) -> dt.date | None:
    for shape, form in _DATE_SHAPES:
        if shape.match(value):
            try:
                return dt.datetime.strptime(value, form).date()
            except ValueError:
                return None
    return None


def check_published(value: Any) -> str | None:
    """Why `value` is not a publication date (YYYY, YYYY-MM, YYYY-MM-DD or ""), or None."""
    if value == "":
        return None
    if not isinstance(value, str) or _date(value) is None:
        return (f"ngày đăng {value!r} phải có dạng NNNN, NNNN-TT hoặc NNNN-TT-NN (ví dụ 2025, "
                "2025-07 hay 2025-07-01), hoặc để \"\" khi nguồn không ghi ngày")
    return None


def check_checked(value: Any) -> str | None:
    """Why `value` is not the day a source was checked (YYYY-MM-DD), or None.

    No "not in the future" rule: an offline Raspberry Pi has no clock battery, and a pack checked
    yesterday must still import on a kiosk whose clock stopped last month.
    """
    if not isinstance(value, str) or len(value) != 10 or _date(value) is None:
        return f"ngày kiểm tra {value!r} phải có dạng NNNN-TT-NN, ví dụ 2026-03-01"
    return None


def _as_text(value: Any) -> Any:
    """YAML reads 2025-07-01 as a date and 2025 as a number; the format means the text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def load_sources(checker: FieldChecker) -> list[Source]:
    """sources.yaml checked, in file order (empty when the pack has none); problems reported."""
    report = checker.report
    _, data = checker.optional_yaml(
        FILE, dict, "phải là bảng mã nguồn: {title, url, publisher, published, checked}")
    if data is None:
        return []
    if len(data) > MAX_SOURCES:
        report.error(FILE, f"có {len(data)} nguồn, tối đa {MAX_SOURCES}")
    result = []
    for key, raw in data.items():
        line = line_of(data, key)
        if reason := check_source_id(key):
            report.error(FILE, reason, str(key), line)
            continue
        if not checker.keys(FILE, raw, {"title", "url", "publisher", "published", "checked"},
                            {"title", "url", "checked"}, key):
            continue
        values = {}
        for name in ("title", "publisher"):
            values[name] = _plain(checker, raw, name, f"{key}.{name}", required=name == "title")
        url = raw.get("url", "")
        if "url" in raw and (reason := check_url(url)):
            report.error(FILE, reason, f"{key}.url", line_of(raw, "url"))
        published = _as_text(raw.get("published", ""))
        if reason := check_published(published):
            report.error(FILE, reason, f"{key}.published", line_of(raw, "published"))
        checked = _as_text(raw.get("checked", ""))
        checked_ok = "checked" in raw and not (reason := check_checked(checked))  # missing: keys()
        if "checked" in raw and not checked_ok:
            report.error(FILE, reason, f"{key}.checked", line_of(raw, "checked"))
        elif checked_ok and published and not check_published(published) and published > checked:
            report.error(FILE, f"ngày đăng {published} sau ngày kiểm tra {checked}",
                         f"{key}.published", line_of(raw, "published"))
        result.append(Source(key, values["title"], url if isinstance(url, str) else "",
                             values["publisher"], published if isinstance(published, str) else "",
                             checked if isinstance(checked, str) else ""))
    return result


def _plain(checker: FieldChecker, raw: dict, name: str, where: str, required: bool) -> str:
    """One plain (untranslated) text field: the source's own title or publisher, NFC."""
    value, line = raw.get(name, ""), line_of(raw, name)
    if name not in raw:
        return ""  # a missing title is reported by keys()
    if not isinstance(value, str) or (required and not value.strip()):
        checker.report.error(FILE, "phải là chữ, không để trống" if required else "phải là chữ",
                             where, line)
        return ""
    if BIDI_CONTROLS.intersection(value):
        checker.report.error(FILE, "có ký tự điều khiển chiều chữ (RTL override) ẩn", where, line)
        return ""
    value = checker.nfc(FILE, value.strip(), where, line)
    if len(value) > LIMITS[name]:
        checker.report.error(FILE, f"quá dài ({len(value)} ký tự, tối đa {LIMITS[name]})", where,
                             line)
    return value


def check_citations(checker: FieldChecker, file: str, parent: Any, where: str,
                    known: set[str]) -> list[str]:
    """parent["sources"] as a list of ids that sources.yaml defines; unknown ids reported."""
    value = parent.get("sources", []) if isinstance(parent, dict) else []
    path = f"{where}.sources" if where else "sources"
    line = line_of(parent, "sources")
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        checker.report.error(file, "phải là danh sách mã nguồn, ví dụ  [S1, S2]", path, line)
        return []
    for ident in value:
        if ident not in known:
            checker.report.error(file, f"nguồn {ident!r} không có trong {FILE}", path, line)
    if len(set(value)) != len(value):
        checker.report.error(file, "có mã nguồn lặp lại", path, line)
    return list(value)
