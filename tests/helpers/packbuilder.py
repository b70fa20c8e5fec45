"""Builds small, valid content packs on disk for tests; each test breaks one thing on purpose."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       b'<rect width="10" height="10" fill="#0b3d91"/></svg>')


def jpeg(color: str = "#884422", size: tuple[int, int] = (64, 48), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def guide_yaml(steps: int = 3) -> dict:
    return {
        "category": "vneid",
        "position": 1,
        "title": {"vi": "Kích hoạt VNeID", "en": "Activate VNeID"},
        "summary": {"vi": "Làm theo từng bước.", "en": "Step by step."},
        "needs": [{"vi": "Điện thoại", "en": "A phone"}],
        "sources": ["S1"],
        "steps": [
            {
                "title": {"vi": f"Bước thử {i}", "en": f"Test step {i}"},
                "text": {"vi": f"Nội dung bước {i}.", "en": f"Text of step {i}."},
                **({"image": "step.svg", "sources": ["S1"]} if i == 1 else {}),
                **({"tip": {"vi": "Mẹo nhỏ."}, "sources": ["S1", "S2"]} if i == 2 else {}),
                **({"warning": {"vi": "Không đưa mã OTP cho ai."}, "check": "xem lại nhãn"}
                   if i == 3 else {}),
            }
            for i in range(1, steps + 1)
        ],
    }


def site_yaml() -> dict:
    return {
        "code": "DH7K",
        "position": 1,
        "name": {"vi": "Đình làng Thử", "en": "Test communal house"},
        "summary": {"vi": "Một ngôi đình.", "en": "A communal house."},
        "category": {"vi": "Đình làng"},
        "year": "1835",
        "location": {"lat": 21.5, "lon": 105.8},
        "photos": [{"file": "dinh.jpg", "caption": {"vi": "Cổng đình"}}],
    }


# S1 checked recently, S2 long ago (older than 12 months whatever day the tests run).
SOURCES = {
    "S1": {"title": "Hướng dẫn kích hoạt tài khoản định danh điện tử", "url": "https://vneid.gov.vn/",
           "publisher": "Bộ Công an", "published": "2024-07", "checked": "2026-03-01"},
    "S2": {"title": "Cảnh báo lừa đảo", "url": "https://example.gov.vn/canh-bao",
           "publisher": "Công an tỉnh", "published": "", "checked": "2019-05-10"},
}

GLOSSARY = {
    "OTP": {"vi": "Mã số dùng một lần, gửi qua tin nhắn.", "en": "A one-time code sent by text."},
    "mã định danh": {"vi": "Dãy 12 số trên thẻ căn cước.", "en": "The 12-digit number on the ID card."},
}


SHOPS_CSV = (
    "code,name,owner,bank,account,holder,amount,purpose,demo\n"
    "TH2A,Tạp hóa Cô Lan,Nguyễn Thị Lan,970436,0001234567,NGUYEN THI LAN,,Mua hang,1\n"
    "PH3B,Phở Bác Hùng,,970405,0009876543,TRAN VAN HUNG,50000,,1\n"
)


def write_pack(root: Path, *, guide: dict | None = None, site: dict | None = None,
               shops: str | None = SHOPS_CSV, extra: dict[str, bytes] | None = None,
               sources: dict | None = None, glossary: dict | None = None) -> Path:
    """A valid pack in `root`; pass replacements to make it invalid in one place."""
    files: dict[str, bytes] = {
        "pack.yaml": _dump({"id": "test-pack", "version": 1,
                            "title": {"vi": "Gói thử", "en": "Test pack"},
                            "languages": {"vi": "Tiếng Việt", "en": "English"}}),
        "settings.yaml": _dump({"hamlet": "Thôn Thử", "commune": "Xã Thử", "province": "Tỉnh Thử",
                                "public_base_url": "http://192.168.1.10:8080",
                                "wifi_name": "NhaVanHoa", "idle_timeout": 90}),
        "guides/kich-hoat-vneid/guide.yaml": _dump(guide if guide is not None else guide_yaml()),
        "guides/kich-hoat-vneid/step.svg": SVG,
        "sources.yaml": _dump(sources if sources is not None else SOURCES),
        "glossary.yaml": _dump(glossary if glossary is not None else GLOSSARY),
        "heritage/intro.vi.md": "Thôn Thử có **ba** di tích.\n".encode(),
        "heritage/dinh-thu/site.yaml": _dump(site if site is not None else site_yaml()),
        "heritage/dinh-thu/story.vi.md": "# Lịch sử\n\nĐình được dựng năm 1835.\n".encode(),
        "heritage/dinh-thu/story.en.md": b"# History\n\nBuilt in 1835.\n",
        "heritage/dinh-thu/dinh.jpg": jpeg(),
    }
    if shops is not None:
        files["shops.csv"] = shops.encode()
    files.update(extra or {})
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)
    return root


def _dump(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def assert_round_trip(app, out: Path, fresh: Path) -> None:
    """Export the app's data as a pack to `out`, check it, import it into `fresh`: the same files."""
    from kiosk import db
    from kiosk.packs.check import check
    from kiosk.packs.export import export_pack, pack_files
    from kiosk.packs.importer import import_pack

    data_dir = Path(app.config["DATA"])
    conn = db.connect(data_dir / db.DB_NAME)
    try:
        export_pack(conn, data_dir, out)
        pack, problems = check(out)
        assert problems == []
        fresh.mkdir()
        conn2 = db.open_database(fresh)
        try:
            import_pack(conn2, fresh, pack)
            assert pack_files(conn2, fresh) == pack_files(conn, data_dir)
        finally:
            conn2.close()
    finally:
        conn.close()
