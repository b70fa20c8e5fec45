"""A guide's practice.yaml: the safe pretend phone, screens drawn as phone-sized SVGs.

    title: {vi: "Thực hành: …", en: "Practice: …"}
    screens:
      - image: practice-01.svg        # viewBox "0 0 360 640", in the guide's folder
        prompt: {vi: …}
        hint: {vi: …}
        targets:                      # exactly one right: true …
          - {rect: [130, 540, 100, 80], right: true, feedback: {vi: …}}
        pad: {answer: "50000", feedback: {vi: …}}   # … or a number pad instead
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.models import PracticePad, PracticeTarget
from kiosk.packs.fields import FieldChecker, line_of
from kiosk.packs.files import load_yaml
from kiosk.packs.shapes import PracticeData, PracticeScreenData
from kiosk.packs.sources import check_citations

FILE_NAME = "practice.yaml"
MIN_SCREENS, MAX_SCREENS = 5, 10
VIEWBOX = (360, 640)   # a phone, in drawing units
MIN_TARGET = 44        # the smallest tap target, in drawing units (like 44 px on a phone)
MAX_TARGETS = 8
PAD_ANSWER = re.compile(r"[0-9]{1,12}")
TEXT_LIMITS = {"title": 120, "prompt": 200, "hint": 200, "feedback": 200}
CHECK_LIMIT = 400  # a note for the team may name several labels to confirm
_VIEWBOX_ATTR = re.compile(rb"""<svg\b[^>]*?\bviewBox\s*=\s*["']([^"']*)["']""", re.S)


def check_rect(value: Any) -> tuple[tuple[float, float, float, float] | None, str]:
    """A target's [x, y, width, height], or None and why it is refused."""
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        return None, "rect phải là 4 số [x, y, rộng, cao]"
    x, y, w, h = (float(v) for v in value)
    if w < MIN_TARGET or h < MIN_TARGET:
        return None, f"vùng bấm quá nhỏ (tối thiểu {MIN_TARGET}×{MIN_TARGET})"
    if x < 0 or y < 0 or x + w > VIEWBOX[0] or y + h > VIEWBOX[1]:
        return None, f"vùng bấm ra ngoài màn hình {VIEWBOX[0]}×{VIEWBOX[1]}"
    return (x, y, w, h), ""


def check_pad_answer(value: Any) -> str | None:
    """Why `value` cannot be a number-pad answer, or None."""
    if not isinstance(value, str) or not PAD_ANSWER.fullmatch(value):
        return "đáp án bàn phím số phải là từ 1 đến 12 chữ số, viết trong ngoặc kép, ví dụ \"50000\""
    return None


def _viewbox_ok(data: bytes) -> bool:
    match = _VIEWBOX_ATTR.search(data)
    if not match:
        return False
    try:
        numbers = [float(v) for v in match.group(1).replace(b",", b" ").split()]
    except ValueError:
        return False
    return numbers == [0, 0, *VIEWBOX]


def load_practice(checker: FieldChecker, slug: str,
                  source_ids: frozenset[str] = frozenset()) -> PracticeData | None:
    """guides/<slug>/practice.yaml checked; None when the guide has none or it has errors.
    `source_ids`: the ids sources.yaml defines, which screens may cite."""
    folder = f"guides/{slug}"
    file = f"{folder}/{FILE_NAME}"
    if not checker.source.exists(file):
        return None
    checker.referenced.add(file)
    data = load_yaml(checker.source, file, checker.report)
    if data is None or not checker.keys(file, data, {"title", "screens"}, {"title", "screens"}):
        return None
    errors = len(checker.report.problems)
    title = checker.text(file, data, "title", "", limit=TEXT_LIMITS["title"])
    raw = data.get("screens")
    if not isinstance(raw, list) or not MIN_SCREENS <= len(raw) <= MAX_SCREENS:
        checker.report.error(file, f"cần từ {MIN_SCREENS} đến {MAX_SCREENS} màn hình", "screens",
                             line_of(data, "screens"))
        raw = raw if isinstance(raw, list) else []
    screens = [s for i, item in enumerate(raw[:MAX_SCREENS])
               if (s := _screen(checker, file, folder, item, f"screens[{i + 1}]", source_ids))]
    if any(p.level == "error" for p in checker.report.problems[errors:]):
        return None
    return PracticeData(slug, title, screens)


def _screen(checker: FieldChecker, file: str, folder: str, raw: Any, where: str,
            source_ids: frozenset[str]) -> PracticeScreenData | None:
    report = checker.report
    if not checker.keys(file, raw, {"image", "prompt", "hint", "targets", "pad", "check", "sources"},
                        {"image", "prompt", "hint"}, where):
        return None
    image = checker.file_ref(file, folder, raw, "image", where, "image")
    if image and not image.endswith(".svg"):
        report.error(file, "bản vẽ thực hành phải là tệp .svg", f"{where}.image",
                     line_of(raw, "image"))
    elif image and not _viewbox_ok(checker.source.read(image)):
        report.error(file, f"bản vẽ phải có viewBox=\"0 0 {VIEWBOX[0]} {VIEWBOX[1]}\" (một màn "
                           "hình điện thoại)", f"{where}.image", line_of(raw, "image"))
    screen = PracticeScreenData(
        image=image,
        prompt=checker.text(file, raw, "prompt", where, limit=TEXT_LIMITS["prompt"]),
        hint=checker.text(file, raw, "hint", where, limit=TEXT_LIMITS["hint"]),
        check=_check_note(checker, file, raw, where),
        sources=check_citations(checker, file, raw, where, set(source_ids)))
    has_targets, has_pad = "targets" in raw, "pad" in raw
    if has_targets == has_pad:
        report.error(file, "mỗi màn hình cần hoặc targets (vùng bấm) hoặc pad (bàn phím số), "
                           "không cả hai", where, getattr(raw, "line", None))
        return screen
    if has_pad:
        screen.pad = _pad(checker, file, raw["pad"], f"{where}.pad")
        return screen
    targets = raw["targets"]
    if not isinstance(targets, list) or not 1 <= len(targets) <= MAX_TARGETS:
        report.error(file, f"targets phải là danh sách từ 1 đến {MAX_TARGETS} vùng bấm",
                     f"{where}.targets", line_of(raw, "targets"))
        return screen
    for i, t in enumerate(targets):
        at = f"{where}.targets[{i + 1}]"
        if not checker.keys(file, t, {"rect", "right", "feedback"}, {"rect", "right", "feedback"},
                            at):
            continue
        rect, reason = check_rect(t.get("rect"))
        if rect is None:
            report.error(file, reason, f"{at}.rect", line_of(t, "rect"))
        right = checker.boolean(file, t, "right", at, False)
        feedback = checker.text(file, t, "feedback", at, limit=TEXT_LIMITS["feedback"])
        if rect is not None:
            screen.targets.append(PracticeTarget(rect, right, feedback))
    if sum(1 for t in targets if isinstance(t, dict) and t.get("right") is True) != 1:
        report.error(file, "cần đúng một vùng bấm có right: true", f"{where}.targets",
                     line_of(raw, "targets"))
    return screen


def _check_note(checker: FieldChecker, file: str, raw: dict, where: str) -> str:
    """The screen's note for the team, like a step's `check:`: what a real phone must confirm."""
    note = raw.get("check", "")
    if not isinstance(note, str) or len(note) > CHECK_LIMIT:
        checker.report.error(file, f"phải là chữ, tối đa {CHECK_LIMIT} ký tự",
                             f"{where}.check", line_of(raw, "check"))
        return ""
    return note.strip()


def _pad(checker: FieldChecker, file: str, raw: Any, where: str) -> PracticePad | None:
    if not checker.keys(file, raw, {"answer", "feedback"}, {"answer", "feedback"}, where):
        return None
    if reason := check_pad_answer(raw.get("answer")):
        checker.report.error(file, reason, f"{where}.answer", line_of(raw, "answer"))
        return None
    return PracticePad(raw["answer"], checker.text(file, raw, "feedback", where,
                                                   limit=TEXT_LIMITS["feedback"]))
