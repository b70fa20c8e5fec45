"""Media files (illustrations, photos, audio): verify, clean, store by content hash, serve.

Files live at data/media/<hash[:2]>/<hash>.<ext>. They are written atomically before the database
row that references them is committed, so a power cut can leave an unreferenced file but never a
row pointing at half a file.
"""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, abort, current_app, send_file
from PIL import Image, ImageOps, UnidentifiedImageError

from kiosk import atomic
from kiosk.media import svg_safety
from kiosk.problems import N_, Explained

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_AUDIO_BYTES = 20 * 1024 * 1024
# A phone photo in its normal mode is 12 MP (4000×3000), 24 MP at most; decoded, 24 MP is ~96 MB.
# Anything bigger is a 50 MP "high resolution" shot to shrink first, or a decompression bomb.
MAX_PIXELS = 24_000_000
# One full-size decode at a time in the process: eight server threads each decoding a 24 MP
# upload or making a variant at once would exhaust a Raspberry Pi's memory. Re-entrant, because a
# photo's variants are made inside the block that decoded it.
DECODE_LOCK = threading.RLock()

IMAGE_TYPES = {"svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
               "jpeg": "image/jpeg", "webp": "image/webp"}
AUDIO_TYPES = {"ogg": "audio/ogg", "opus": "audio/ogg", "mp3": "audio/mpeg", "m4a": "audio/mp4",
               "wav": "audio/wav", "webm": "audio/webm"}
PIL_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}


class MediaError(Explained):
    """A file is not an image or audio file we accept; the message (a msgid and values: str() is
    the Vietnamese) says why. The admin shows it with problem_text."""


@dataclass(frozen=True)
class CheckedMedia:
    data: bytes
    ext: str
    mime: str
    width: int | None = None
    height: int | None = None

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_image(name: str, data: bytes) -> CheckedMedia:
    """Verify an illustration or photo; strip EXIF (GPS!) from raster images.

    Raises:
        MediaError: wrong type, too large, unreadable, or an unsafe SVG.
    """
    with open_image(name, data) as (checked, _image):
        return checked


@contextmanager
def open_image(name: str, data: bytes) -> Iterator[tuple[CheckedMedia, Image.Image | None]]:
    """check_image() that also lends the block the decoded, upright picture (None for SVG).

    The one full decode of an upload: photos.py makes its variants from it instead of decoding
    again. One decode at a time in the process (DECODE_LOCK), released when the block ends.

    Raises:
        MediaError: as check_image.
    """
    ext = extension(name)
    if ext not in IMAGE_TYPES:
        raise MediaError(N_("%(name)s: chỉ nhận ảnh SVG, PNG, JPEG hoặc WebP"), name=name)
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaError(N_("%(name)s: ảnh quá lớn (%(size)s KB, tối đa %(max)s MB)"), name=name,
                         size=len(data) // 1024, max=MAX_IMAGE_BYTES // 1024 // 1024)
    if ext == "svg":
        yield _check_svg(name, data), None
        return
    probe_raster(name, ext, data)
    with DECODE_LOCK, Image.open(io.BytesIO(data)) as image:
        upright = image
        try:
            image.load()
            if has_metadata(image):
                data, upright = _without_metadata(image, PIL_FORMATS[ext])
        except (OSError, SyntaxError, ValueError) as exc:
            raise MediaError(N_("%(name)s: không mở được ảnh (%(why)s)"), name=name, why=exc) \
                from exc
        try:
            yield CheckedMedia(data, ext, IMAGE_TYPES[ext], upright.width, upright.height), upright
        finally:
            upright.close()  # frees the pixels now, not when the last reference goes


def probe_raster(name: str, ext: str, data: bytes) -> None:
    """Type, pixel count and structure from the header alone, before any pixel is decoded.

    Raises:
        MediaError: not what its extension says, too many pixels, or damaged.
    """
    expected = PIL_FORMATS[ext]
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only
            if probe.format != expected:
                raise MediaError(N_("%(name)s: đuôi .%(ext)s nhưng nội dung là %(format)s"),
                                 name=name, ext=ext, format=probe.format)
            pixels = probe.width * probe.height
            if pixels > MAX_PIXELS:
                millions = f"{pixels / 1e6:.1f}".replace(".", ",")
                raise MediaError(
                    N_("%(name)s: ảnh quá nhiều điểm ảnh (%(width)s×%(height)s = %(millions)s "
                       "triệu điểm; tối đa %(max)s triệu); hãy thu nhỏ ảnh hoặc chụp ở chế độ "
                       "thường rồi gửi lại"), name=name, width=probe.width, height=probe.height,
                    millions=millions, max=MAX_PIXELS // 1_000_000)
            probe.verify()  # chunk structure and checksums; decodes nothing
    except MediaError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) \
            as exc:
        raise MediaError(N_("%(name)s: không mở được ảnh (%(why)s)"), name=name, why=exc) \
            from exc


def has_metadata(image: Image.Image) -> bool:
    return bool(image.getexif()) or any(k in image.info for k in ("exif", "xmp", "comment"))


def _without_metadata(image: Image.Image, fmt: str) -> tuple[bytes, Image.Image]:
    """Re-encode with orientation applied and no EXIF/XMP, so a photo never leaks where it was taken."""
    # In place: a photo already upright is not copied (a copy is another full-size buffer).
    ImageOps.exif_transpose(image, in_place=True)
    upright = image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
    forget_metadata(upright)
    out = io.BytesIO()
    options = {"quality": 90, "optimize": True} if fmt in ("JPEG", "WEBP") else {"optimize": True}
    upright.save(out, fmt, **options)
    return out.getvalue(), upright


def forget_metadata(image: Image.Image) -> None:
    """Drop EXIF, XMP and comments from the image's info: JPEG and WebP writers copy them."""
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment"):
        image.info.pop(key, None)


def _check_svg(name: str, data: bytes) -> CheckedMedia:
    try:
        svg_safety.check(data)
    except svg_safety.SvgError as exc:
        raise MediaError(N_("%(name)s: %(why)s"), name=name, why=exc) from exc
    return CheckedMedia(data, "svg", IMAGE_TYPES["svg"])


_AUDIO_MAGIC = {
    "ogg": (b"OggS",), "opus": (b"OggS",), "wav": (b"RIFF",), "webm": (b"\x1a\x45\xdf\xa3",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xfa"),
}


def check_audio(name: str, data: bytes) -> CheckedMedia:
    """Verify a narration file by its type signature and size.

    Raises:
        MediaError: wrong type, empty, too large or not what its extension says.
    """
    ext = extension(name)
    if ext not in AUDIO_TYPES:
        raise MediaError(N_("%(name)s: chỉ nhận âm thanh OGG, MP3, M4A, WAV hoặc WebM"), name=name)
    if not data:
        raise MediaError(N_("%(name)s: tệp âm thanh rỗng"), name=name)
    if len(data) > MAX_AUDIO_BYTES:
        raise MediaError(N_("%(name)s: tệp âm thanh quá lớn (%(size)s MB, tối đa %(max)s MB)"),
                         name=name, size=len(data) // 1024 // 1024,
                         max=MAX_AUDIO_BYTES // 1024 // 1024)
    ok = data[4:8] == b"ftyp" if ext == "m4a" else data.startswith(_AUDIO_MAGIC[ext])
    if ext == "wav":
        ok = ok and data[8:12] == b"WAVE"
    if not ok:
        raise MediaError(N_("%(name)s: nội dung không phải âm thanh .%(ext)s"), name=name, ext=ext)
    return CheckedMedia(data, ext, AUDIO_TYPES[ext])


def media_root(data_dir: Path) -> Path:
    return Path(data_dir) / "media"


def media_path(data_dir: Path, digest: str, ext: str) -> Path:
    """Where a media row's file lives: the one place a row's hash and ext become a path.

    Raises:
        MediaError: the hash is not 64 lower-case hex digits or the type is not one we store
            (a row from a crafted backup would otherwise name any file the process can read).
    """
    if not is_media_name(digest, ext):
        raise MediaError(N_("tên tệp media không hợp lệ: %(name)s"), name=f"{digest!r}.{ext!r}")
    return media_root(data_dir) / digest[:2] / f"{digest}.{ext}"


def is_media_name(digest: str, ext: str) -> bool:
    """Whether (hash, ext) can name a stored file: 64 lower-case hex digits and a known type."""
    return (isinstance(digest, str) and isinstance(ext, str)
            and _MEDIA_NAME.fullmatch(f"{digest}.{ext}") is not None
            and ext in IMAGE_TYPES | AUDIO_TYPES)


def store(db: sqlite3.Connection, data_dir: Path, media: CheckedMedia) -> str:
    """Write the file (once per content) and its row; call inside the caller's transaction.

    Returns the content hash the referencing row stores.
    """
    digest = media.hash
    path = media_path(data_dir, digest, media.ext)
    if not path.exists():
        atomic.write_bytes(path, media.data)
    db.execute(
        "INSERT OR IGNORE INTO media (hash, ext, mime, size, width, height) VALUES (?,?,?,?,?,?)",
        (digest, media.ext, media.mime, len(media.data), media.width, media.height),
    )
    return digest


def read(data_dir: Path, digest: str, ext: str) -> bytes:
    return media_path(data_dir, digest, ext).read_bytes()


bp = Blueprint("media", __name__)

_MEDIA_NAME = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{2,5})$")


@bp.get("/media/<name>")
def serve(name: str):
    """A stored file; its name is its hash, so it can be cached for ever."""
    match = _MEDIA_NAME.match(name)
    if not match or match.group(2) not in IMAGE_TYPES | AUDIO_TYPES:
        abort(404)
    digest, ext = match.groups()
    path = media_path(Path(current_app.config["DATA"]), digest, ext)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=(IMAGE_TYPES | AUDIO_TYPES)[ext], conditional=True,
                         max_age=31536000)
    response.cache_control.immutable = True
    # An SVG opened on its own must not run anything, whatever slipped past the checks.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
