"""Field checks of the pack format: keys, translated texts, numbers, file references.

kiosk.packs.check walks a pack's files with them; check_i18n() lets an admin form meet exactly the
same rules for one translated text.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from kiosk.codes import FILE_NAME
from kiosk.media import files as media
from kiosk.packs.files import PackSource, load_yaml
from kiosk.packs.shapes import BIDI_CONTROLS
from kiosk.problems import N_, Problem, Report


class FieldChecker:
    """Checks the fields of one pack's files, filling a Report; returns cleaned values or None."""

    def __init__(self, source: PackSource, report: Report) -> None:
        self.source = source
        self.report = report
        self.languages: dict[str, str] = {"vi": "Tiếng Việt"}
        self.referenced: set[str] = set()
        self.media: dict[str, media.CheckedMedia] = {}

    def optional_yaml(self, file: str, shape: type, shape_error: str) -> tuple[bool, Any]:
        """An optional pack file, read and shape-checked.

        Returns (False, None) when the pack has no such file, (True, None) when it cannot be
        read or is not a `shape` (the problem is reported), else (True, data).
        """
        if not self.source.exists(file):
            return False, None
        self.referenced.add(file)
        data = load_yaml(self.source, file, self.report)
        if data is not None and not isinstance(data, shape):
            self.report.error(file, shape_error, line=getattr(data, "line", None))
            data = None
        return True, data

    def keys(self, file: str, data: Any, allowed: set[str], required: set[str],
             where: str = "") -> bool:
        if not isinstance(data, dict):
            self.report.error(file, "phải là một bảng khóa: giá trị", where,
                              getattr(data, "line", None))
            return False
        for key in data:
            if key not in allowed:
                self.report.error(file, f"khóa không biết {key!r} (dùng: {', '.join(sorted(allowed))})",
                                  join_path(where, str(key)), line_of(data, key))
        for key in sorted(required - set(data)):
            self.report.error(file, "thiếu khóa bắt buộc", join_path(where, key), getattr(data, "line", None))
        return True

    def text(self, file: str, parent: dict, key: str, where: str, required: bool = True,
             limit: int = 400, need_en: bool = False) -> dict[str, str]:
        """parent[key] as a translated text (see i18n())."""
        return self.i18n(file, parent.get(key), join_path(where, key), line_of(parent, key), required,
                         limit, need_en)

    def i18n(self, file: str, value: Any, path: str, line: int | None, required: bool = True,
             limit: int = 400, need_en: bool = False) -> dict[str, str]:
        """A translated text {lang: str}, NFC, with vi present when required."""
        if value is None:
            if required:
                self.report.error(file, N_("thiếu nội dung tiếng Việt (vi)"), path, line)
            return {}
        if not isinstance(value, dict):
            self.report.error(file, N_("cần ghi theo ngôn ngữ, ví dụ  vi: …  en: …"), path, line)
            return {}
        result: dict[str, str] = {}
        errors_before = len(self.report.problems)
        for lang, text in value.items():
            sub, sub_line = f"{path}.{lang}", line_of(value, lang)
            if lang not in self.languages:
                self.report.error(file, N_("ngôn ngữ %(lang)s chưa khai báo trong pack.yaml"), sub,
                                  sub_line, lang=repr(lang))
            elif not isinstance(text, str) or not text.strip():
                self.report.error(file, N_("phải là chữ, không để trống"), sub, sub_line)
            elif BIDI_CONTROLS.intersection(text):
                self.report.error(file, N_("có ký tự điều khiển chiều chữ (RTL override) ẩn"), sub,
                                  sub_line)
            else:
                result[lang] = self.nfc(file, text.strip(), sub, sub_line)
                if len(result[lang]) > limit:
                    self.report.error(file, N_("quá dài (%(n)s ký tự, tối đa %(max)s)"), sub,
                                      sub_line, n=len(result[lang]), max=limit)
        if required and "vi" not in result and len(self.report.problems) == errors_before:
            self.report.error(file, N_("thiếu nội dung tiếng Việt (vi)"), path, line)
        if need_en and "en" not in result:
            self.report.error(file, N_("thiếu bản tiếng Anh (en)"), path, line)
        return result

    def nfc(self, file: str, text: str, where: str, line: int | None) -> str:
        normal = unicodedata.normalize("NFC", text)
        if normal != text:
            self.report.warn(file, N_("chưa ở dạng NFC; đã tự chuẩn hóa"), where, line)
        return normal

    def integer(self, file: str, parent: dict, key: str, where: str, default: int,
                low: int, high: int) -> int:
        value = parent.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.report.error(file, N_("phải là số nguyên từ %(low)s đến %(high)s"),
                              join_path(where, key), line_of(parent, key), low=low, high=high)
            return default
        return value

    def boolean(self, file: str, parent: dict, key: str, where: str, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.report.error(file, "phải là true hoặc false", join_path(where, key), line_of(parent, key))
            return default
        return value

    def file_ref(self, file: str, folder: str, parent: dict, key: str, where: str,
                 kind: str) -> str | None:
        """A file name inside `folder`, checked and verified; returns its pack path."""
        name = parent.get(key)
        path, line = join_path(where, key), line_of(parent, key)
        if not isinstance(name, str) or not FILE_NAME.match(name) or ".." in name:
            self.report.error(file, "tên tệp phải là tên đơn giản trong cùng thư mục "
                                    "(không có /, \\ hay ..)", path, line)
            return None
        rel = f"{folder}/{name}"
        self.referenced.add(rel)
        if not self.source.exists(rel):
            self.report.error(file, f"không tìm thấy tệp {rel}", path, line)
            return None
        if rel not in self.media:
            check = media.check_image if kind == "image" else media.check_audio
            try:
                self.media[rel] = check(rel, self.source.read(rel))
            except (media.MediaError, ValueError) as exc:
                self.report.error(file, str(exc), path, line)
                return None
        return rel

    def audio_map(self, file: str, folder: str, parent: dict, key: str, where: str) -> dict[str, str]:
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report.error(file, "phải là bảng ngôn ngữ: tên tệp", join_path(where, key),
                              line_of(parent, key))
            return {}
        result = {}
        for lang in value:
            if lang not in self.languages:
                self.report.error(file, N_("ngôn ngữ %(lang)s chưa khai báo trong pack.yaml"),
                                  f"{join_path(where, key)}.{lang}", line_of(value, lang),
                                  lang=repr(lang))
                continue
            rel = self.file_ref(file, folder, value, lang, join_path(where, key), "audio")
            if rel:
                result[lang] = rel
        return result


def check_i18n(value: Any, path: str, languages: list[str], *, required: bool = True,
               limit: int = 400, need_en: bool = False) -> tuple[dict[str, str], list[Problem]]:
    """One translated text checked by exactly the pack rules, for forms: (clean text, problems)."""
    report = Report()
    checker = FieldChecker(PackSource({}, lambda _rel: b""), report)
    checker.languages = dict.fromkeys(languages, "")
    return checker.i18n("", value, path, None, required, limit, need_en), report.problems


def line_of(mapping: Any, key: Any) -> int | None:
    lines = getattr(mapping, "lines", None)
    return lines.get(key) if lines else getattr(mapping, "line", None)


def join_path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
