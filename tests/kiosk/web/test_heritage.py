"""Heritage phone pages through the Flask client: short codes, slugs, retired sites, languages,
photo variants, and the photo upload path (EXIF, alpha, rotation, broken and huge files)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from kiosk import db
from kiosk.media import files as media
from kiosk.media import photos
from tests.helpers.images import big_photo
from tests.helpers.packbuilder import site_yaml
from tests.helpers.pages import app_with, html


def internal_links(page: str) -> list[str]:
    return [u for u in re.findall(r'(?:href|src|action)="([^"]*)"', page) if u.startswith("/")]


@pytest.mark.parametrize("path", ["/heritage/", "/heritage/dinh-thu"])
def test_pages_answer_in_vietnamese_by_default(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="vi">' in html(response)
    assert "public.css" in html(response) and "kiosk.js" not in html(response)


@pytest.mark.parametrize("code", ["DH7K", "dh7k", "Dh7k", " DH7K"])
def test_short_code_is_case_insensitive_and_redirects_to_the_slug(client, code):
    response = client.get(f"/h/{code}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/heritage/dinh-thu"


def test_short_code_keeps_the_language(client):
    assert client.get("/h/DH7K?lang=en").headers["Location"] == "/heritage/dinh-thu?lang=en"


@pytest.mark.parametrize("code", ["DH0K", "DHOK", "DH1K", "DHLK", "ZZZZ", "DH7KDH7KX", "D7",
                                  "%2e%2e"])
def test_unknown_or_impossible_codes_are_kind_404s(client, code):
    response = client.get(f"/h/{code}")
    assert response.status_code == 404
    page = html(response)
    assert "Không tìm thấy trang này" in page
    assert 'href="/heritage/"' in page


def test_unknown_slug_is_404(client):
    assert client.get("/heritage/khong-co").status_code == 404


def test_old_slug_and_wrong_case_move_permanently(tmp_path):
    site = {**site_yaml(), "old_slugs": ["dinh-cu"]}
    client = app_with(tmp_path, site=site).test_client()
    old = client.get("/heritage/dinh-cu?lang=en")
    assert old.status_code == 301
    assert old.headers["Location"] == "/heritage/dinh-thu?lang=en"
    upper = client.get("/heritage/Dinh-Thu")
    assert upper.status_code == 301
    assert upper.headers["Location"] == "/heritage/dinh-thu"


def test_retired_site_answers_a_kind_gone_page(tmp_path):
    client = app_with(tmp_path, site={**site_yaml(), "retired": True}).test_client()
    page = client.get("/heritage/dinh-thu")
    assert page.status_code == 410
    assert "không còn được giới thiệu" in html(page)
    assert "Đình làng Thử" in html(page)
    assert client.get("/h/DH7K").headers["Location"] == "/heritage/dinh-thu"
    assert "/heritage/dinh-thu" not in html(client.get("/heritage/"))


def test_site_page_shows_story_photo_directions_and_map_link(client):
    page = html(client.get("/heritage/dinh-thu"))
    assert "<h1>Đình làng Thử</h1>" in page
    assert "Đình được dựng năm 1835." in page
    assert 'alt="Cổng đình"' in page and "<figcaption>Cổng đình</figcaption>" in page
    assert 'href="geo:21.500000,105.800000?q=21.500000,105.800000"' in page
    assert "Niên đại: 1835" in page


def test_english_page_with_missing_parts_says_it_falls_back(client):
    page = html(client.get("/heritage/dinh-thu?lang=en"))
    assert '<html lang="en">' in page
    assert "<h1>Test communal house</h1>" in page
    assert "Built in 1835." in page
    # The category has no English text, so the notice tells the reader why they see Vietnamese.
    assert "not translated yet" in page and "Đình làng" in page


def test_english_pages_keep_the_language_in_every_link(client):
    for path in ("/heritage/?lang=en", "/heritage/dinh-thu?lang=en"):
        page = html(client.get(path))
        pages = [u for u in internal_links(page)
                 if not u.startswith(("/static/", "/media/"))]
        assert pages
        # The only link without lang=en is the switch back to Vietnamese.
        assert [u for u in pages if "lang=en" not in u] == [path.split("?")[0]]


def test_unknown_language_is_vietnamese(client):
    assert '<html lang="vi">' in html(client.get("/heritage/dinh-thu?lang=xx"))


def test_share_code_uses_the_setting_never_the_host_header(client):
    page = html(client.get("/heritage/dinh-thu", headers={"Host": "evil.example:666"}))
    assert "http://192.168.1.10:8080/h/DH7K" in page
    assert "evil.example" not in page


def test_story_markdown_shows_raw_html_as_text(tmp_path):
    extra = {"heritage/dinh-thu/story.vi.md": b"Chu <script>alert(1)</script> **dam**\n"}
    page = html(app_with(tmp_path, extra=extra).test_client().get("/heritage/dinh-thu"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page and "<strong>dam</strong>" in page


def test_audio_falls_back_to_vietnamese_and_says_so(tmp_path):
    site = {**site_yaml(), "audio": {"vi": "story.vi.ogg"}}
    app = app_with(tmp_path, site=site, extra={"heritage/dinh-thu/story.vi.ogg": b"OggS" + b"\0" * 60})
    client = app.test_client()
    vi = html(client.get("/heritage/dinh-thu"))
    en = html(client.get("/heritage/dinh-thu?lang=en"))
    assert re.search(r'<audio controls preload="none" src="/media/[0-9a-f]{64}\.ogg">', vi)
    assert "(in Vietnamese)" in en and "<audio" in en


def test_overview_lists_sites_with_thumbnails_and_intro(client):
    page = html(client.get("/heritage/"))
    assert "Thôn Thử có <strong>ba</strong> di tích." in page
    assert 'href="/heritage/dinh-thu"' in page
    assert re.search(r'<img src="/media/v/[0-9a-f]{64}-64\.jpg"', page)


def test_variants_are_made_on_first_request_and_cached_for_ever(tmp_path):
    photo = big_photo()
    app = app_with(tmp_path, extra={"heritage/dinh-thu/dinh.jpg": photo})
    client = app.test_client()
    page = html(client.get("/heritage/dinh-thu"))
    srcset = re.search(r'srcset="([^"]+)"', page).group(1)
    urls = [item.split()[0] for item in srcset.split(", ")]
    assert [item.split()[1] for item in srcset.split(", ")] == ["480w", "720w", "1080w", "1600w"]
    for url, width in zip(urls, (480, 720, 1080, 1600), strict=True):
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert "immutable" in response.headers["Cache-Control"]
        with Image.open(io.BytesIO(response.data)) as image:
            assert image.size == (width, width * 3 // 4)
    assert len(list((tmp_path / "data" / "media" / "v").rglob("*.jpg"))) == 4


def test_variant_urls_only_for_the_widths_pages_use(client):
    page = html(client.get("/heritage/dinh-thu"))
    url = re.search(r'src="(/media/v/[0-9a-f]{64})-64\.jpg"', page).group(1)
    assert client.get(f"{url}-64.jpg").status_code == 200
    assert client.get(f"{url}-480.jpg").status_code == 404  # never upscale a 64 px photo
    assert client.get(f"{url}-63.jpg").status_code == 404
    assert client.get("/media/v/" + "a" * 64 + "-480.jpg").status_code == 404


def test_variant_widths_never_upscale():
    assert photos.variant_widths(4000) == [480, 720, 1080, 1600]
    assert photos.variant_widths(1200) == [480, 720, 1080, 1200]
    assert photos.variant_widths(300) == [300]
    assert photos.variant_widths(1600) == [480, 720, 1080, 1600]


# The photo upload path (photos.add_photo): what a team member's phone really sends.

def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 35.0, 40.0), 3: "E", 4: (105.0, 50.0, 30.0)})
    exif[0x8825] = gps
    return exif.tobytes()


def upload(tmp_path, name, data):
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    conn = db.open_database(data_dir)
    try:
        with db.transaction(conn):
            digest = photos.add_photo(conn, data_dir, name, data)
        row = conn.execute("SELECT ext, width, height FROM media WHERE hash = ?", (digest,)).fetchone()
    finally:
        conn.close()
    stored = media.read(data_dir, digest, row["ext"])
    variants = sorted((data_dir / "media" / "v").rglob(f"{digest}-*.jpg"),
                      key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return stored, row, variants


def test_upload_gps_photo_loses_its_location_everywhere(tmp_path):
    photo = big_photo(exif=gps_exif())
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the test photo has GPS
    stored, _row, variants = upload(tmp_path, "ảnh.jpg", photo)
    assert variants
    for data in [stored, *(v.read_bytes() for v in variants)]:
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif()
            assert "exif" not in image.info


def test_upload_png_with_alpha_becomes_a_photo_on_white(tmp_path):
    image = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    image.paste((200, 20, 20, 255), (0, 0, 500, 500))
    out = io.BytesIO()
    image.save(out, "PNG")
    _stored, row, variants = upload(tmp_path, "logo.png", out.getvalue())
    assert row["ext"] == "png"
    with Image.open(variants[0]) as small:  # the 480 px variant
        assert small.size == (480, 240)
        red = small.getpixel((100, 120))
        clear = small.getpixel((380, 120))
    assert red[0] > 150 and red[1] < 80
    assert min(clear) > 240  # transparent parts are white, not black


def test_upload_rotated_phone_photo_comes_out_upright(tmp_path):
    # A phone held upright stores a landscape sensor image and "rotate 90°" (orientation 6).
    landscape = Image.new("RGB", (1200, 800), (255, 255, 255))
    landscape.paste((0, 0, 0), (0, 0, 600, 800))  # left half dark in sensor terms
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    landscape.save(out, "JPEG", exif=exif.tobytes())
    stored, row, variants = upload(tmp_path, "doc.jpg", out.getvalue())
    assert (row["width"], row["height"]) == (800, 1200)
    with Image.open(io.BytesIO(stored)) as upright:
        assert upright.size == (800, 1200)
        assert upright.getpixel((400, 100))[0] < 60  # dark half is now on top
        assert upright.getpixel((400, 1100))[0] > 200
    with Image.open(variants[0]) as small:
        assert small.size == (480, 720)


def test_upload_truncated_photo_is_refused_clearly(tmp_path):
    photo = big_photo()
    with pytest.raises(media.MediaError, match="không mở được ảnh"):
        upload(tmp_path, "cut.jpg", photo[: len(photo) // 2])


def test_upload_text_renamed_jpg_is_refused_clearly(tmp_path):
    with pytest.raises(media.MediaError, match="không mở được ảnh"):
        upload(tmp_path, "note.jpg", "Đây là văn bản, không phải ảnh.\n".encode())


def test_upload_24_megapixel_photo_is_downscaled(tmp_path):
    photo = big_photo((6000, 4000), quality=30)
    assert media.MAX_PIXELS == 6000 * 4000  # the largest accepted
    stored, row, variants = upload(tmp_path, "big.jpg", photo)
    assert (row["width"], row["height"]) == Image.open(io.BytesIO(stored)).size == (2000, 1333)
    sizes = [Image.open(v).size for v in variants]
    assert sorted(sizes) == [(480, 320), (720, 480), (1080, 720), (1600, 1066)]


def test_upload_over_24_megapixels_is_refused_clearly(tmp_path):
    with pytest.raises(media.MediaError, match="quá nhiều điểm ảnh"):
        upload(tmp_path, "huge.jpg", big_photo((6000, 4001), quality=30))
