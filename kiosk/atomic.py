"""Write files so that a power cut leaves either the old file or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

TEMP_PREFIX = ".tmp-"


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (a rename) to disk; a no-op where the OS cannot (Windows)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` atomically: temp file in the same folder, fsync, rename, fsync dir.

    Raises:
        OSError: the disk is full or read-only; the old file (if any) is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_text(path: Path, text: str, mode: int | None = None) -> None:
    """write_bytes() for UTF-8 text."""
    write_bytes(path, text.encode("utf-8"), mode)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed process left behind below `folder`; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for tmp in folder.rglob(f"{TEMP_PREFIX}*"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


def replace_dir(new: Path, target: Path) -> None:
    """Swap a fully written folder into place; the old one is removed only afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f"{TEMP_PREFIX}old-{target.name}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    new.rename(target)
    fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
