"""Hostile uploads: SVG that could run script or load from outside (an allowlist refuses it), a
small photo that decodes to hundreds of MB, and more photos in one request than a form needs."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from kiosk.media import files as media
from kiosk.media import photos
from tests.helpers.admin import connect, post
from tests.helpers.images import big_photo, phone_jpeg

ROOT = Path(__file__).resolve().parents[3]
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' \
    ' viewBox="0 0 10 10">'


def svg(body: str, head: str = HEAD) -> bytes:
    return (head + body + "</svg>").encode()


# -- SVG -------------------------------------------------------------------------------------

# Marked "old": passed the blocklist this allowlist replaced.
HOSTILE_SVG = {
    "entity-encoded javascript link": svg('<a xlink:href="&#106;avascript:alert(1)"><rect/></a>'),
    "old: animate turns a link into javascript": svg(
        '<a href="#x"><animate attributeName="href" to="java&#9;script:alert(1)"/><rect/></a>'),
    "old: set turns a link into javascript": svg(
        '<a href="#x"><set attributeName="href" to="java&#10;script:alert(1)"/><rect/></a>'),
    "old: UTF-16 DOCTYPE with an entity": (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY e "x">]>'
        + HEAD + "<text>&e;</text></svg>").encode("utf-16"),
    "old: UTF-16 without a BOM": ('<?xml version="1.0" encoding="UTF-16LE"?>' + HEAD
                                  + "</svg>").encode("utf-16-le"),
    "DOCTYPE after a long comment": svg("", "<!--" + "x" * 5000 + '--><!DOCTYPE svg [<!ENTITY '
                                        'e "x">]>' + HEAD),
    "old: DOCTYPE without entities after a long comment": svg(
        "", "<!--" + "x" * 5000 + "--><!DOCTYPE svg>" + HEAD),
    "old: latin-1 declared": svg("", '<?xml version="1.0" encoding="ISO-8859-1"?>' + HEAD),
    "foreignObject": svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
                         "</foreignObject>"),
    "old: XHTML element in the drawing": svg(
        '<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=http://evil/"/>'),
    "external image": svg('<image href="http://evil/x.png" width="10" height="10"/>'),
    "data: image": svg('<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
    "onbegin handler": svg('<rect onbegin="alert(1)"/>'),
    "entity-encoded javascript in use": svg('<use xlink:href="&#106;avascript:alert(1)"/>'),
    "tab-split javascript in a fill": svg('<rect fill="url(java&#9;script:alert(1))"/>'),
    "data: in a style": svg('<rect style="fill: url(data:image/png;base64,AAAA)"/>'),
    "unclosed url(": svg('<rect style="fill: url(http://evil/x"/>'),
    "@import in <style>": svg('<style>@import "http://evil/x.css";</style>'),
    "old: animation element": svg('<rect><animate attributeName="x" to="1" dur="1s"/></rect>'),
    "onload on the root": svg("", HEAD.replace("<svg ", '<svg onload="alert(1)" ')),
    "script": svg("<script>alert(1)</script>"),
    "old: stylesheet processing instruction": svg(
        "", '<?xml-stylesheet href="http://evil/x.css"?>' + HEAD),
    "old: CSS escape hides url()": svg('<rect style="fill: u\\72 l(http://evil/x)"/>'),
    "old: CSS escape hides @import": svg('<style>@\\69mport "http://evil/x.css";</style>'),
    "style url to outside": svg("<style>rect { fill: url(http://evil/x) }</style>"),
    "use of an outside file": svg('<use href="http://evil/x.svg#a"/>'),
    "old: unknown namespace attribute": svg('<rect xmlns:ev="http://www.w3.org/2001/xml-events" '
                                            'ev:event="click"/>'),
    "filter image from outside": svg('<filter id="f"><feImage href="http://evil/x.png"/></filter>'),
}


@pytest.mark.parametrize("data", HOSTILE_SVG.values(), ids=HOSTILE_SVG.keys())
def test_hostile_svg_is_refused_with_a_reason(data):
    with pytest.raises(media.MediaError, match=r"^x\.svg: (SVG|không phải)"):
        media.check_image("x.svg", data)


def shipped_svgs() -> list[Path]:
    return sorted([*(ROOT / "content").rglob("*.svg"), *(ROOT / "static").rglob("*.svg")])


def test_there_are_shipped_svgs_to_check():
    assert len(shipped_svgs()) > 50


@pytest.mark.parametrize("path", shipped_svgs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_svg_passes(path):
    assert media.check_image(path.name, path.read_bytes()).ext == "svg"


@pytest.mark.parametrize("body", [
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
    '<rect fill="url(#g)" style="stroke: url(\'#g\'); opacity: .5" width="5" height="5"/>',
    '<g id="a" transform="translate(1 1)"><circle r="2"/></g><use xlink:href="#a" x="3"/>',
    '<title>Bước 1</title><text x="1" y="5" font-family="sans-serif">Chạm vào <tspan>đây'
    "</tspan></text>",
])
def test_ordinary_drawing_passes(body):
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + svg(body)
    assert media.check_image("x.svg", data).data == data


# -- photos that decode to hundreds of MB ----------------------------------------------------

def flat_png(width: int, height: int, colour: bytes = b"\xc8\x1e\x1e") -> bytes:
    """A one-colour RGB PNG built row by row, so the test never holds the decoded pixels: a
    6300×6300 one is ~120 KB on disk and ~160 MB once Pillow decodes it."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    squeeze, row = zlib.compressobj(9), b"\x00" + colour * width
    rows = [squeeze.compress(row) for _ in range(height)] + [squeeze.flush()]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(rows))
            + chunk(b"IEND", b""))


# Stores one photo the way the admin does (check, clean, store, variants) in a fresh process,
# and prints how far that pushed the process's peak RSS: Pillow's pixel buffers are C memory
# that tracemalloc does not see.
PEAK_SCRIPT = """
import json, resource, sys
from pathlib import Path
from kiosk import db
from kiosk.media import files as media, photos
data, data_dir, name = Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]), sys.argv[3]
conn = db.open_database(data_dir)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with db.transaction(conn):
        photos.add_photo(conn, data_dir, name, data)
    outcome = "kept"
except media.MediaError as exc:
    outcome = str(exc)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_mb": (after - before) / 1024, "outcome": outcome}))
"""


def store_in_a_fresh_process(tmp_path: Path, data: bytes, name: str = "anh.png") -> dict:
    source, data_dir = tmp_path / name, tmp_path / "data"
    source.write_bytes(data)
    data_dir.mkdir()
    done = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(source), str(data_dir), name],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_small_png_of_huge_size_is_refused_before_it_is_decoded(tmp_path):
    bomb = flat_png(6300, 6300)
    assert len(bomb) < 200 * 1024
    result = store_in_a_fresh_process(tmp_path, bomb)
    assert "quá nhiều điểm ảnh" in result["outcome"]
    assert result["growth_mb"] < 60  # decoding it would take ~160 MB, and the old code did twice


def test_phone_sized_photo_is_decoded_once_for_its_check_and_all_variants(tmp_path):
    result = store_in_a_fresh_process(tmp_path, flat_png(5000, 4000))
    assert result["outcome"] == "kept"
    decoded_mb = 5000 * 4000 * 4 / 1024 / 1024  # Pillow keeps RGB in 4 bytes a pixel
    assert result["growth_mb"] < 1.6 * decoded_mb  # one decode and one resize pass; was 3.4×


# -- phone photos: large files, small memory ---------------------------------------------------

@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    photo = phone_jpeg()  # 4000×3000, stored sideways (EXIF orientation 6), with GPS
    assert 8 * 1024 * 1024 < len(photo) < 15 * 1024 * 1024
    return photo


def test_phone_jpeg_is_decoded_at_reduced_scale(phone_photo):
    with media.DECODE_LOCK, photos.open_reduced("IMG_0001.jpg", phone_photo) as (image, original):
        assert (original, image.size) == ((4000, 3000), (2000, 1500))


def test_phone_jpeg_is_stored_within_a_fraction_of_its_full_decode(tmp_path, phone_photo):
    result = store_in_a_fresh_process(tmp_path, phone_photo, "IMG_0001.jpg")
    assert result["outcome"] == "kept"
    full_decode_mb = 4000 * 3000 * 4 / 1024 / 1024  # 46 MB; decoding it whole peaked at ~93
    assert result["growth_mb"] < full_decode_mb


def test_phone_jpeg_is_stored_upright_shrunk_and_without_exif(tmp_path, phone_photo):
    checked = photos.prepare_photo(tmp_path, "IMG_0001.jpg", phone_photo)
    stored = Image.open(io.BytesIO(checked.data))
    assert (checked.width, checked.height) == stored.size == (1500, 2000)  # portrait: upright
    assert not stored.getexif() and "exif" not in stored.info
    # Orientation 6 turns the picture a quarter clockwise: the raw top-left lands top-right.
    def green(box):  # the red corner has almost none; the grey noise elsewhere ~128
        return ImageStat.Stat(stored.crop(box)).mean[1]
    assert green((1100, 0, 1500, 400)) < 60 < 100 < green((0, 0, 400, 400))
    assert [photos.variant_path(tmp_path, checked.hash, w).is_file()
            for w in (480, 720, 1080, 1500)] == [True] * 4


def test_small_clean_photo_keeps_its_bytes(tmp_path):
    photo = big_photo((1200, 900))
    assert photos.prepare_photo(tmp_path, "a.jpg", photo).data == photo


def test_photo_over_the_upload_limit_is_refused_before_it_is_opened(tmp_path):
    with pytest.raises(media.MediaError, match=r"^IMG\.jpg: ảnh quá lớn \(20,5 MB, tối đa 20 MB\)$"):
        photos.prepare_photo(tmp_path, "IMG.jpg", b"\xff\xd8" + bytes(int(20.5 * 1024 * 1024) - 2))


SITE = "/admin/sites/dinh-thu"


def small_png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (shade, 90, 60)).save(out, "PNG")
    return out.getvalue()


def site_photo_count(app) -> int:
    return connect(app).execute("SELECT count(*) FROM site_photos").fetchone()[0]


def test_admin_refuses_the_huge_png_with_a_reason(app, member):
    before = site_photo_count(app)
    response = post(member, f"{SITE}/photos",
                    {"photo": (io.BytesIO(flat_png(6300, 6300)), "anh-lon.png")}, SITE)
    assert response.status_code == 400
    assert ("anh-lon.png: ảnh quá nhiều điểm ảnh (6300×6300 = 39,7 triệu điểm; tối đa 24 triệu)"
            in response.get_data(as_text=True))
    assert site_photo_count(app) == before


def test_admin_refuses_thirty_photos_in_one_upload(app, member):
    before = site_photo_count(app)
    files = [(io.BytesIO(small_png(shade)), f"{shade}.png") for shade in range(30)]
    response = post(member, f"{SITE}/photos", {"photo": files}, SITE)
    assert response.status_code == 400
    assert (f"mỗi lần gửi tối đa {photos.MAX_PER_UPLOAD} ảnh (đã chọn 30)"
            in response.get_data(as_text=True))
    assert site_photo_count(app) == before


def test_admin_keeps_ten_photos_in_one_upload(app, member):
    before = site_photo_count(app)
    files = [(io.BytesIO(small_png(shade)), f"{shade}.png") for shade in range(10)]
    assert post(member, f"{SITE}/photos", {"photo": files}, SITE).status_code == 302
    assert site_photo_count(app) == before + 10
