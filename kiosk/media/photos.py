"""Resized photo variants for phones: made once with Pillow, stored atomically, served for ever.

A 1200–4000 px photo is 10× what a 360 px phone needs. Each raster photo gets JPEG variants
480/720/1080/1600 px wide (never wider than the photo), made lazily on first request, or eagerly by
add_photo() for uploads. A variant is named after its source's content hash and width, so its
bytes never change and it can be cached for ever; it is written to a temp file and renamed, so
a visitor never receives half a file.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, abort, current_app, send_file, url_for
from PIL import Image, ImageOps

from kiosk import atomic
from kiosk.db import get_db
from kiosk.media import files as media
from kiosk.models import MediaRef
from kiosk.problems import N_

# A 360 px phone shows a photo ~330 CSS px wide: 480 serves 1× screens, 720 the common 2×, 1080
# the 3× ones (a 1600 px file there would be ~2× the bytes for no visible gain), 1600 tablets/PCs.
WIDTHS = (480, 720, 1080, 1600)
QUALITY = 72  # visually clean for photos on phone screens at about a third of quality 95's bytes
RASTER_EXTS = frozenset({"jpg", "jpeg", "png", "webp"})
# Photos one upload form takes at once: a visit's worth. Each is decoded (up to ~96 MB) and
# released before the next, but a request carrying 100 of them would still hold the server's
# one decoder for minutes.
MAX_PER_UPLOAD = 10
# What phones take: a 12 MP JPEG is 3–15 MB. The request as a whole stays within MAX_UPLOAD_MB.
MAX_PHOTO_BYTES = 20 * 1024 * 1024
# The longest side a photo is stored at: above the largest variant (1600) and enough for the
# photo on an A3 poster (~270 mm at 150 dpi). Larger uploads are shrunk on arrival.
STORED_EDGE = 2000
STORED_QUALITY = 85

_VARIANT_NAME = re.compile(r"^([0-9a-f]{64})-([0-9]{2,4})\.jpg$")


@dataclass(frozen=True)
class PhotoView:
    """What an <img> needs: a default src, a srcset of variants, and the intrinsic size."""

    src: str
    srcset: str
    width: int | None
    height: int | None


def variant_widths(width: int) -> list[int]:
    """The variant widths made for a photo `width` px wide: the standard ones below it, and its own
    width when that is under the largest (so a small photo is never upscaled)."""
    widths = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        widths.append(width)
    return widths


def variant_path(data_dir: Path, digest: str, width: int) -> Path:
    return media.media_root(data_dir) / "v" / digest[:2] / f"{digest}-{width}.jpg"


def variant_url(digest: str, width: int) -> str:
    return url_for("photos.serve_variant", name=f"{digest}-{width}.jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent parts become white (the page colour), not black."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def render_variant(data: bytes, width: int) -> bytes:
    """JPEG bytes of `data` (a checked raster image) scaled to `width` px wide, no metadata.

    Raises:
        OSError: the source cannot be decoded (a damaged file on disk).
    """
    with Image.open(io.BytesIO(data)) as image:
        src_w, src_h = image.size
        # JPEG can decode at 1/2, 1/4, 1/8 scale directly: far less memory and time for big photos.
        image.draft("RGB", (width, max(1, src_h * width // src_w)))
        # Stored photos are already upright (media.check_image); this only guards old files.
        ImageOps.exif_transpose(image, in_place=True)
        return encode_variant(image, width)


def encode_variant(image: Image.Image, width: int) -> bytes:
    """JPEG bytes of a decoded, upright image scaled to `width` px wide.

    Scaled first, flattened after, so no second full-size buffer is made: resize() reduces by
    whole factors before filtering (reducing_gap), and convert() then works on the small image.
    """
    height = max(1, round(image.height * width / image.width))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = _flatten(image)  # a palette or 16-bit image has no filter that scales it well
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    flat = image if image.mode in ("RGB", "L") else _flatten(image)  # no copy when not needed
    flat.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def ensure_variant(data_dir: Path, digest: str, ext: str, width: int) -> Path:
    """The variant's file, made now if it does not exist yet (atomically, one decode at a time).

    Raises:
        OSError: the source file is missing or damaged, or the disk is full.
    """
    path = variant_path(data_dir, digest, width)
    if path.is_file():
        return path
    with media.DECODE_LOCK:
        if not path.is_file():  # another thread may have made it while we waited
            data = media.read(data_dir, digest, ext)
            atomic.write_bytes(path, render_variant(data, width))
    return path


def source_sizes(db: sqlite3.Connection, digests: list[str]) -> dict[str, tuple[str, int, int]]:
    """ext, width and height of stored raster images, by hash (SVG and unknown ones left out)."""
    if not digests:
        return {}
    marks = ",".join("?" * len(digests))
    rows = db.execute(
        f"SELECT hash, ext, width, height FROM media WHERE hash IN ({marks})", digests
    ).fetchall()
    return {r["hash"]: (r["ext"], r["width"], r["height"]) for r in rows
            if r["ext"] in RASTER_EXTS and r["width"] and r["height"]}


def photo_views(db: sqlite3.Connection, refs: list[MediaRef]) -> dict[str, PhotoView]:
    """PhotoView per MediaRef hash: variants for raster photos, the file itself for SVG.

    Needs a request context (URLs come from url_for).
    """
    sizes = source_sizes(db, [r.hash for r in refs])
    views: dict[str, PhotoView] = {}
    for ref in refs:
        known = sizes.get(ref.hash)
        if known is None:
            views[ref.hash] = PhotoView(url_for("media.serve", name=ref.filename), "", None, None)
            continue
        _ext, width, height = known
        widths = variant_widths(width)
        default = next((w for w in widths if w >= 720), widths[-1])
        views[ref.hash] = PhotoView(
            src=variant_url(ref.hash, default),
            srcset=", ".join(f"{variant_url(ref.hash, w)} {w}w" for w in widths),
            width=width, height=height,
        )
    return views


@contextmanager
def open_reduced(name: str, data: bytes) -> Iterator[tuple[Image.Image, tuple[int, int]]]:
    """(picture, size in the file): the photo decoded, a JPEG at 1/2, 1/4 or 1/8 scale where
    that still covers STORED_EDGE, not yet turned upright. Call after media.probe_raster(),
    inside media.DECODE_LOCK.

    A 12 MP phone JPEG decodes to 2000×1500 (9 MB) instead of 4000×3000 (36 MB); other types
    decode whole, within media.MAX_PIXELS.

    Raises:
        media.MediaError: the pixels cannot be decoded (a damaged file).
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            original = image.size
            long_side = max(original)
            if image.format == "JPEG" and long_side > STORED_EDGE:
                w, h = original
                image.draft("RGB", (max(1, w * STORED_EDGE // long_side),
                                    max(1, h * STORED_EDGE // long_side)))
            image.load()
            yield image, original
    except (OSError, SyntaxError, ValueError) as exc:
        raise media.MediaError(N_("%(name)s: không mở được ảnh (%(why)s)"), name=name,
                               why=exc) from exc


def _shrink(image: Image.Image, original: tuple[int, int], ext: str,
            data: bytes) -> tuple[bytes, Image.Image]:
    """(stored bytes, upright picture): turned by its EXIF orientation, at most STORED_EDGE
    px on its long side, EXIF/XMP/comments gone. A photo already small and clean keeps its
    bytes, so importing an exported pack stores the same files again."""
    if max(original) <= STORED_EDGE and not media.has_metadata(image):
        return data, image
    ImageOps.exif_transpose(image, in_place=True)  # before the metadata holding it goes
    fmt = media.PIL_FORMATS[ext]
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = _flatten(image)
    image.thumbnail((STORED_EDGE, STORED_EDGE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    media.forget_metadata(image)
    out = io.BytesIO()
    options = {"quality": STORED_QUALITY, "optimize": True} if fmt in ("JPEG", "WEBP") \
        else {"optimize": True}
    image.save(out, fmt, **options)
    return out.getvalue(), image


def prepare_photo(data_dir: Path, name: str, data: bytes) -> media.CheckedMedia:
    """Check an uploaded photo, shrink it to the stored size, strip its metadata and write its
    variants, all from one decode at reduced scale.

    No database row yet: media.store() adds the file and its row inside the caller's
    transaction (see removed_on_failure). Variants written for a photo that is then not kept
    are the same bytes if it is uploaded again.

    Raises:
        media.MediaError: not an image we accept (the message says why, in Vietnamese).
        OSError: the disk is full.
    """
    ext = media.extension(name)
    if ext not in RASTER_EXTS:
        return media.check_image(name, data)  # SVG drawings and the "wrong type" message
    if len(data) > MAX_PHOTO_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise media.MediaError(N_("%(name)s: ảnh quá lớn (%(size)s MB, tối đa %(max)s MB)"),
                               name=name, size=size, max=MAX_PHOTO_BYTES // 1024 // 1024)
    media.probe_raster(name, ext, data)
    with media.DECODE_LOCK, open_reduced(name, data) as (image, original):
        stored, upright = _shrink(image, original, ext, data)
        checked = media.CheckedMedia(stored, ext, media.IMAGE_TYPES[ext], upright.width,
                                     upright.height)
        for width in variant_widths(checked.width):
            path = variant_path(data_dir, checked.hash, width)
            if not path.is_file():
                atomic.write_bytes(path, encode_variant(upright, width))
    return checked


@contextmanager
def removed_on_failure(db: sqlite3.Connection, data_dir: Path,
                       checked: Sequence[media.CheckedMedia]) -> Iterator[None]:
    """Wrap the transaction that stores these photos: if it fails, delete their files that no
    media row references (written before the commit: the stored file and its variants).

    Put it outside the transaction, so the rows are rolled back before the files are looked at.
    """
    try:
        yield
    except BaseException:
        digests = [c.hash for c in checked]
        marks = ",".join("?" * len(digests))
        kept = {r[0] for r in db.execute(f"SELECT hash FROM media WHERE hash IN ({marks})",
                                         digests)} if digests else set()
        for photo in checked:
            if photo.hash in kept:
                continue
            media.media_path(data_dir, photo.hash, photo.ext).unlink(missing_ok=True)
            for width in variant_widths(photo.width) if photo.width else ():
                variant_path(data_dir, photo.hash, width).unlink(missing_ok=True)
        raise


def add_photo(db: sqlite3.Connection, data_dir: Path, name: str, data: bytes) -> str:
    """Check, clean and store an uploaded photo and make its variants now; returns its hash.

    For upload forms (the admin): the first visitor then never waits for a resize. Call inside
    the caller's transaction, like media.store().

    Raises:
        media.MediaError: not an image we accept (the message says why, in Vietnamese).
    """
    return media.store(db, data_dir, prepare_photo(data_dir, name, data))


bp = Blueprint("photos", __name__)


@bp.get("/media/v/<name>")
def serve_variant(name: str):
    """A photo variant; made on first request, then immutable like every media file."""
    match = _VARIANT_NAME.match(name)
    if not match:
        abort(404)
    digest, width = match.group(1), int(match.group(2))
    known = source_sizes(get_db(), [digest]).get(digest)
    # Only the widths the pages link to exist, so nobody can make the server resize at will.
    if known is None or width not in variant_widths(known[1]):
        abort(404)
    data_dir = Path(current_app.config["DATA"])
    try:
        path = ensure_variant(data_dir, digest, known[0], width)
    except FileNotFoundError:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True, max_age=31536000)
    response.cache_control.immutable = True
    return response
