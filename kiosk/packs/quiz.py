"""The pack's quiz/items.yaml: the "Thật hay lừa?" items, and the one rule the admin form shares.

    - id: sms-otp-ngan-hang
      kind: sms                        # sms | zalo | call | web
      sender: {vi: "NganHang-VN", en: "Bank-VN"}
      text: {vi: "…", en: "…"}
      answer: scam                     # scam | safe
      explain: {vi: "…", en: "…"}
      sources: [S1]                    # ids in sources.yaml, at least one
      image: trang-gia.svg             # optional, in quiz/
      retired: false                   # optional
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.models import QUIZ_ANSWERS, QUIZ_KINDS
from kiosk.packs.fields import FieldChecker, join_path, line_of
from kiosk.packs.files import PackSource
from kiosk.packs.shapes import QuizItemData
from kiosk.packs.sources import FILE as SOURCES_FILE
from kiosk.problems import N_, Problem, Report

FOLDER = "quiz"
FILE = f"{FOLDER}/items.yaml"
ITEM_ID = re.compile(r"[a-z0-9-]{2,20}")
ITEM_ID_RULE = N_("2 đến 20 chữ thường không dấu, số hoặc gạch nối")  # shown translated in the form
MAX_ITEMS = 200
TEXT_LIMITS = {"sender": 80, "text": 500, "explain": 250}
KEYS = {"id", "kind", "sender", "text", "answer", "explain", "sources", "image", "retired"}
REQUIRED = {"id", "kind", "sender", "text", "answer", "explain", "sources"}


def check_item_id(value: Any) -> str | None:
    """Why `value` cannot be a quiz item id, or None."""
    if not isinstance(value, str) or not ITEM_ID.fullmatch(value):
        return f"mã câu hỏi phải là {ITEM_ID_RULE}"
    return None


def check_item(checker: FieldChecker, file: str, raw: Any, where: str,
               source_ids: frozenset[str]) -> QuizItemData | None:
    """One item by the format's rules (pack and admin form alike); None if it has errors."""
    report = checker.report
    if not checker.keys(file, raw, KEYS, REQUIRED, where):
        return None
    errors = len(report.problems)
    item_id = raw.get("id")
    if reason := check_item_id(item_id):
        report.error(file, reason, join_path(where, "id"), line_of(raw, "id"))
    kind, answer = raw.get("kind"), raw.get("answer")
    if kind not in QUIZ_KINDS:
        report.error(file, f"loại phải là một trong: {', '.join(QUIZ_KINDS)}",
                     join_path(where, "kind"), line_of(raw, "kind"))
    if answer not in QUIZ_ANSWERS:
        report.error(file, "đáp án phải là scam (lừa đảo) hoặc safe (thật)",
                     join_path(where, "answer"), line_of(raw, "answer"))
    sources = raw.get("sources")
    path, line = join_path(where, "sources"), line_of(raw, "sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        report.error(file, "cần ít nhất một mã nguồn, ví dụ  [S1]", path, line)
        sources = []
    for ident in sources:
        if ident not in source_ids:
            report.error(file, f"nguồn {ident!r} không có trong {SOURCES_FILE}", path, line)
    if len(set(sources)) != len(sources):
        report.error(file, "có mã nguồn lặp lại", path, line)
    item = QuizItemData(
        id=item_id if isinstance(item_id, str) else "", kind=kind, answer=answer,
        sender=checker.text(file, raw, "sender", where, limit=TEXT_LIMITS["sender"]),
        text=checker.text(file, raw, "text", where, limit=TEXT_LIMITS["text"]),
        explain=checker.text(file, raw, "explain", where, limit=TEXT_LIMITS["explain"]),
        sources=list(sources),
        image=checker.file_ref(file, FOLDER, raw, "image", where, "image") if "image" in raw
        else None,
        retired=checker.boolean(file, raw, "retired", where, False))
    if any(p.level == "error" for p in report.problems[errors:]):
        return None
    return item


def check_form_item(raw: dict[str, Any], languages: list[str],
                    source_ids: frozenset[str]) -> tuple[QuizItemData | None, list[Problem]]:
    """An item typed in the admin form, by exactly the pack rules (no image): (item, problems)."""
    report = Report()
    checker = FieldChecker(PackSource({}, lambda _rel: b""), report)
    checker.languages = dict.fromkeys(languages, "")
    return check_item(checker, "", raw, "", source_ids), report.problems


def load_quiz(checker: FieldChecker, source_ids: frozenset[str]) -> list[QuizItemData] | None:
    """quiz/items.yaml checked, in file order; None when the pack has no quiz."""
    report = checker.report
    present, data = checker.optional_yaml(
        FILE, list, "phải là danh sách câu hỏi, mỗi câu bắt đầu bằng “- id: …”")
    if not present:
        return None
    if data is None:
        return []
    if len(data) > MAX_ITEMS:
        report.error(FILE, f"có {len(data)} câu hỏi, tối đa {MAX_ITEMS}")
    items: list[QuizItemData] = []
    seen: set[str] = set()
    for i, raw in enumerate(data[:MAX_ITEMS]):
        where = f"[{i + 1}]"
        item = check_item(checker, FILE, raw, where, source_ids)
        if item is None:
            continue
        if item.id in seen:
            report.error(FILE, f"mã {item.id!r} bị lặp lại", f"{where}.id", line_of(raw, "id"))
            continue
        seen.add(item.id)
        items.append(item)
    return items
