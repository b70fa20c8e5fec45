"""Reading a content pack's files: a folder or a .zip, YAML with line numbers, safe limits.

Everything here reports problems instead of raising, so `check-pack` can list them all at once.
"""

from __future__ import annotations

import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kiosk.problems import Report

MAX_FILES = 2000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_YAML_BYTES = 1024 * 1024


class PackSource:
    """The files of a pack by POSIX relative path, read lazily from a folder or a zip."""

    def __init__(self, sizes: dict[str, int], reader: Callable[[str], bytes],
                 close: Callable[[], None] = lambda: None) -> None:
        self.sizes = sizes
        self._reader = reader
        self.close = close

    def read(self, relpath: str) -> bytes:
        """The file's bytes.

        Raises:
            ValueError: the file cannot be read (a damaged zip entry), with the reason.
        """
        return self._reader(relpath)

    def exists(self, relpath: str) -> bool:
        return relpath in self.sizes


def _safe_relpath(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts and "\\" not in name
            and ":" not in path.parts[0] if path.parts else False)


def open_source(path: Path, report: Report) -> PackSource | None:
    """A folder or zip as a PackSource; None (with problems reported) if it cannot be read."""
    path = Path(path)
    if path.is_dir():
        return _folder_source(path, report)
    if path.is_file() and zipfile.is_zipfile(path):
        return _zip_source(path, report)
    report.error(str(path), "không phải thư mục hay tệp .zip của gói nội dung")
    return None


def _folder_source(root: Path, report: Report) -> PackSource | None:
    sizes: dict[str, int] = {}
    total = 0
    for item in sorted(root.rglob("*")):
        rel = item.relative_to(root).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(rel).parts):
            continue  # .git, .DS_Store and editor files are not part of the pack
        if item.is_symlink():
            report.error(rel, "liên kết tượng trưng (symlink) không được phép trong gói")
            continue
        if item.is_dir():
            continue
        size = item.stat().st_size
        sizes[rel] = size
        total += size
    if not _check_limits(sizes, total, report):
        return None
    return PackSource(sizes, lambda rel: (root / rel).read_bytes())


def _zip_source(path: Path, report: Report) -> PackSource | None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.error(path.name, f"tệp zip bị hỏng ({exc})")
        return None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    names = [i.filename for i in infos]
    # A zip made by "compress this folder" has one top folder; the pack is inside it.
    tops = {n.split("/", 1)[0] for n in names}
    prefix = ""
    if len(tops) == 1 and all("/" in n for n in names):
        prefix = tops.pop() + "/"
    sizes: dict[str, int] = {}
    by_rel: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        rel = name[len(prefix):]
        if not _safe_relpath(name):
            report.error(name, "đường dẫn trong tệp zip thoát ra ngoài gói (../ hoặc tuyệt đối)")
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            report.error(name, "liên kết tượng trưng (symlink) không được phép trong gói")
            continue
        if any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(rel).parts):
            continue
        sizes[rel] = info.file_size
        by_rel[rel] = info
        total += info.file_size
    if not _check_limits(sizes, total, report):
        archive.close()
        return None

    def read(rel: str) -> bytes:
        info = by_rel[rel]
        try:
            with archive.open(info) as member:
                # Never trust the declared size: a zip bomb declares little and inflates much.
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, EOFError, OSError) as exc:
            raise ValueError(f"tệp trong zip bị hỏng hoặc có mật khẩu ({exc})") from exc
        if len(data) > info.file_size:
            raise ValueError("kích thước giải nén khác kích thước khai báo")
        return data

    return PackSource(sizes, read, archive.close)


def _check_limits(sizes: dict[str, int], total: int, report: Report) -> bool:
    ok = True
    if len(sizes) > MAX_FILES:
        report.error("", f"gói có {len(sizes)} tệp, tối đa {MAX_FILES}")
        ok = False
    if total > MAX_TOTAL_BYTES:
        report.error("", f"gói nặng {total // 1024 // 1024} MB, tối đa "
                         f"{MAX_TOTAL_BYTES // 1024 // 1024} MB")
        ok = False
    for rel, size in sizes.items():
        if size > MAX_FILE_BYTES:
            report.error(rel, f"tệp quá lớn ({size // 1024 // 1024} MB, tối đa "
                              f"{MAX_FILE_BYTES // 1024 // 1024} MB)")
            ok = False
    return ok


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (1-based) for error messages."""

    line: int = 0
    lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "không dùng khóa gộp '<<' trong gói nội dung", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            raise yaml.constructor.ConstructorError(
                None, None, "khóa phải là chữ", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"khóa {key!r} bị lặp lại", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(source: PackSource, relpath: str, report: Report) -> Any:
    """Parse one YAML file of the pack; None (with a problem reported) when it cannot be."""
    if not source.exists(relpath):
        report.error(relpath, "thiếu tệp này")
        return None
    if source.sizes[relpath] > MAX_YAML_BYTES:
        report.error(relpath, "tệp YAML quá lớn (tối đa 1 MB)")
        return None
    text = read_text(source, relpath, report)
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        report.error(relpath, f"YAML sai cú pháp: {reason}", line=line)
        return None


def read_text(source: PackSource, relpath: str, report: Report) -> str | None:
    """A UTF-8 text file of the pack (BOM allowed), NFC-normalized."""
    try:
        text = source.read(relpath).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(relpath, f"không phải UTF-8 (byte {exc.start})")
        return None
    except ValueError as exc:
        report.error(relpath, str(exc))
        return None
    normal = unicodedata.normalize("NFC", text)
    if normal != text:
        report.warn(relpath, "văn bản chưa ở dạng NFC; đã tự chuẩn hóa")
    return normal
