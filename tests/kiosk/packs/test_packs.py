"""Content packs: every kind of error is reported with its file and place; import is all-or-nothing;
export → import → export is identical."""

from __future__ import annotations

import json
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest

from kiosk import db
from kiosk.codes import check_public_url
from kiosk.config import DEFAULT_PACK_DIR
from kiosk.packs.check import check, load
from kiosk.packs.export import export_pack, pack_files
from kiosk.packs.importer import import_pack
from kiosk.problems import PackError
from kiosk.store import guides as guide_store
from kiosk.store import settings, sites
from tests.helpers.packbuilder import SVG, guide_yaml, jpeg, site_yaml, write_pack


def errors_of(path: Path) -> list[str]:
    data, problems = check(path)
    errors = [str(p) for p in problems if p.level == "error"]
    assert (data is None) == bool(errors)
    return errors


def warnings_of(path: Path) -> list[str]:
    return [str(p) for p in check(path)[1] if p.level == "warning"]


def fresh_db(tmp_path: Path, name: str = "data"):
    data_dir = tmp_path / name
    data_dir.mkdir()
    return db.open_database(data_dir), data_dir


def test_valid_pack_has_no_problems(pack_dir):
    data, problems = check(pack_dir)
    assert problems == []
    assert [g.slug for g in data.guides] == ["kich-hoat-vneid"]
    assert [s.code for s in data.sites] == ["DH7K"]
    assert [s.code for s in data.shops] == ["TH2A", "PH3B"]


def test_shipped_content_pack_has_no_errors():
    errors = errors_of(DEFAULT_PACK_DIR)
    assert errors == []


def test_shipped_content_meets_the_brief():
    data = load(DEFAULT_PACK_DIR)
    assert len(data.guides) >= 8
    for guide in data.guides:
        assert 5 <= len(guide.steps) <= 10, guide.slug
        assert guide.title.get("en") and guide.summary.get("en"), guide.slug
        for step in guide.steps:
            assert step.image, f"{guide.slug}: every step has an illustration"
    assert len(data.sites) == 3
    assert len(data.shops) == 6 and all(shop.demo for shop in data.shops)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": "red"}, "colour: khóa không biết 'colour'"),
        ({"category": "games"}, "category: nhóm 'games' không có"),
        ({"title": {"vi": "Chỉ tiếng Việt"}}, "title: thiếu bản tiếng Anh (en)"),
        ({"title": "Không theo ngôn ngữ"}, "title: cần ghi theo ngôn ngữ"),
        ({"title": {"fr": "Titre", "vi": "Tên", "en": "Name"}},
         "title.fr: ngôn ngữ 'fr' chưa khai báo trong pack.yaml"),
        ({"steps": []}, "steps: cần từ 1 đến 20 bước"),
        ({"position": "một"}, "position: phải là số nguyên"),
    ],
)
def test_guide_field_errors(tmp_path, change, expected):
    guide = {**guide_yaml(), **change}
    errors = errors_of(write_pack(tmp_path / "p", guide=guide))
    assert any(expected in e for e in errors), errors


def test_step_missing_vietnamese_names_the_step(tmp_path):
    guide = guide_yaml()
    guide["steps"][1]["text"] = {"en": "Only English"}
    errors = errors_of(write_pack(tmp_path / "p", guide=guide))
    assert any("steps[2].text: thiếu nội dung tiếng Việt (vi)" in e for e in errors), errors


def test_missing_image_is_reported(tmp_path):
    guide = guide_yaml()
    guide["steps"][0]["image"] = "khong-co.svg"
    errors = errors_of(write_pack(tmp_path / "p", guide=guide))
    assert any("không tìm thấy tệp guides/kich-hoat-vneid/khong-co.svg" in e for e in errors)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "sub/step.svg", "..",
                                  "a\\b.svg"])
def test_path_traversal_in_file_reference(tmp_path, name):
    guide = guide_yaml()
    guide["steps"][0]["image"] = name
    errors = errors_of(write_pack(tmp_path / "p", guide=guide))
    assert any("steps[1].image: tên tệp phải là tên đơn giản" in e for e in errors), errors


def test_bad_yaml_reports_the_line(tmp_path):
    root = write_pack(tmp_path / "p", extra={
        "guides/kich-hoat-vneid/guide.yaml": b"category: vneid\ntitle: {vi: [unclosed\n"})
    errors = errors_of(root)
    assert any(e.startswith("guides/kich-hoat-vneid/guide.yaml:") and "YAML sai cú pháp" in e
               for e in errors), errors


def test_duplicate_yaml_key_is_an_error(tmp_path):
    root = write_pack(tmp_path / "p", extra={
        "settings.yaml": b"hamlet: A\ncommune: B\nprovince: C\nhamlet: D\n"})
    assert any("settings.yaml:4" in e and "khóa 'hamlet' bị lặp lại" in e for e in errors_of(root))


def test_yaml_tags_are_not_executed(tmp_path):
    root = write_pack(tmp_path / "p", extra={
        "settings.yaml": b"hamlet: !!python/object/apply:os.system ['true']\ncommune: B\n"
                         b"province: C\n"})
    assert any("settings.yaml" in e and "YAML" in e for e in errors_of(root))


def test_non_nfc_text_is_normalized_with_a_warning(tmp_path):
    guide = guide_yaml()
    guide["title"]["vi"] = unicodedata.normalize("NFD", "Kích hoạt định danh")
    root = write_pack(tmp_path / "p", guide=guide)
    data, problems = check(root)
    assert data is not None
    assert data.guides[0].title["vi"] == unicodedata.normalize("NFC", "Kích hoạt định danh")
    assert "guides/kich-hoat-vneid/guide.yaml: cảnh báo: văn bản chưa ở dạng NFC; đã tự chuẩn hóa" \
        in [str(p) for p in problems]


def test_duplicate_site_codes(tmp_path):
    root = write_pack(tmp_path / "p")
    (root / "heritage/dinh-hai").mkdir()
    for name in ("site.yaml", "story.vi.md", "dinh.jpg"):
        (root / "heritage/dinh-hai" / name).write_bytes((root / "heritage/dinh-thu" / name).read_bytes())
    assert any(e.startswith("heritage/dinh-thu/site.yaml") and "mã DH7K trùng với heritage/dinh-hai" in e
               for e in errors_of(root))


@pytest.mark.parametrize(("code", "fragment"), [("D0OK", "0 O"), ("AB", "3–8 ký tự"),
                                                 ("DH1L", "1 L")])
def test_bad_site_code(tmp_path, code, fragment):
    errors = errors_of(write_pack(tmp_path / "p", site={**site_yaml(), "code": code}))
    assert any("code:" in e and fragment in e for e in errors), errors


def test_bad_folder_slug(tmp_path):
    root = write_pack(tmp_path / "p")
    (root / "guides/Kich_Hoat").mkdir()
    (root / "guides/Kich_Hoat/guide.yaml").write_bytes(b"{}")
    assert any(e.startswith("guides/Kich_Hoat") for e in errors_of(root))


def test_duplicate_shop_code_and_bad_rows(tmp_path):
    csv_text = ("code,name,owner,bank,account,holder,amount,purpose,demo\n"
                "TH2A,Tạp hóa,,970436,0001234567,NGUYEN A,,,1\n"
                "TH2A,Hai,,970436,0001234568,NGUYEN B,,,1\n"
                "QQ3C,=HYPERLINK(\"x\"),,970436,0001234569,NGUYEN C,,,1\n"
                "QQ4D,Bốn,,999999,0001234560,NGUYEN D,,,1\n"
                "QQ5E,Năm,,970436,00012-34,NGUYEN E,,,1\n"
                "QQ6F,Sáu,,970436,0001234561,NGUYEN F,1.50,,1\n")
    errors = errors_of(write_pack(tmp_path / "p", shops=csv_text))
    joined = "\n".join(errors)
    assert "shops.csv:3: code: mã TH2A trùng với dòng 2" in joined
    assert "shops.csv:4: name: nội dung bắt đầu như công thức Excel" in joined
    assert "shops.csv:5: bank: Không tìm thấy ngân hàng '999999'" in joined
    assert any(e.startswith("shops.csv:6:") for e in errors)
    assert any(e.startswith("shops.csv:7: amount:") for e in errors)


def test_oversized_image_is_reported(tmp_path):
    big = SVG[:-6] + b"<!--" + b"x" * (5 * 1024 * 1024) + b"--></svg>"
    root = write_pack(tmp_path / "p", extra={"guides/kich-hoat-vneid/step.svg": big})
    assert any("ảnh quá lớn" in e for e in errors_of(root))


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
    b'viewBox="0 0 1 1"><image x:href="http://evil.example/a.png"/></svg>',
    b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    b"not xml at all",
])
def test_unsafe_or_broken_svg_is_rejected(tmp_path, svg):
    root = write_pack(tmp_path / "p", extra={"guides/kich-hoat-vneid/step.svg": svg})
    assert any("step.svg" in e and "SVG" in e for e in errors_of(root))


def test_unreferenced_file_is_a_warning(tmp_path):
    root = write_pack(tmp_path / "p", extra={"guides/kich-hoat-vneid/old.png": b"x"})
    assert "guides/kich-hoat-vneid/old.png: cảnh báo: tệp này không được dùng đến" in \
        warnings_of(root)


def test_zip_pack_with_top_folder_imports(tmp_path):
    root = write_pack(tmp_path / "p")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, "goi-cua-thon/" + f.relative_to(root).as_posix())
    data, problems = check(archive)
    assert problems == []
    assert data.guides[0].slug == "kich-hoat-vneid"


def test_zip_with_traversal_or_symlink_is_rejected(tmp_path):
    root = write_pack(tmp_path / "p")
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(root).as_posix())
        z.writestr("../../outside.txt", b"x")
        link = zipfile.ZipInfo("guides/kich-hoat-vneid/link.svg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    errors = errors_of(archive)
    assert any(e.startswith("../../outside.txt") and "thoát ra ngoài" in e for e in errors)
    assert any("link.svg" in e and "symlink" in e for e in errors)


def test_import_writes_everything(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    counts = import_pack(conn, data_dir, load(pack_dir))
    assert counts == {"guides": 1, "sites": 1, "shops": 2, "media": 2}
    guide = guide_store.get_guide(conn, "kich-hoat-vneid")
    assert [s.position for s in guide.steps] == [1, 2, 3]
    assert guide.steps[2].check_note == {"vi": "xem lại nhãn"}
    assert media_files(data_dir) == 2
    assert settings.get_settings(conn)["hamlet"] == "Thôn Thử"


def media_files(data_dir: Path) -> int:
    return sum(1 for f in (data_dir / "media").rglob("*") if f.is_file())


def test_bad_pack_changes_nothing(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    before = dump_db(conn)
    guide = guide_yaml()
    guide["steps"][0]["image"] = "missing.svg"
    with pytest.raises(PackError) as raised:
        load(write_pack(tmp_path / "bad", guide=guide))
    assert "missing.svg" in str(raised.value)
    assert dump_db(conn) == before


def test_failure_during_import_rolls_back(tmp_path, pack_dir):
    """A problem found only while writing (a slug owned by another site) undoes the whole import."""
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    before = dump_db(conn)
    other = write_pack(tmp_path / "other", site={**site_yaml(), "code": "ZZ9Z"},
                       shops="code,name,owner,bank,account,holder,amount,purpose,demo\n"
                             "NEW2,Mới,,970436,0001111111,NGUYEN MOI,,,1\n")
    with pytest.raises(PackError, match="đang thuộc di tích mã DH7K"):
        import_pack(conn, data_dir, load(other))
    assert dump_db(conn) == before


def dump_db(conn) -> dict:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def test_renamed_site_keeps_old_slug(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    renamed = write_pack(tmp_path / "renamed")
    (renamed / "heritage/dinh-thu").rename(renamed / "heritage/dinh-lang-thu")
    import_pack(conn, data_dir, load(renamed))
    (site,) = sites.list_sites(conn)
    assert (site.slug, site.old_slugs) == ("dinh-lang-thu", ("dinh-thu",))


def test_export_import_export_is_identical(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    first = tmp_path / "export1"
    export_pack(conn, data_dir, first)
    assert check(first)[1] == []
    conn2, data_dir2 = fresh_db(tmp_path, "data2")
    import_pack(conn2, data_dir2, load(first))
    assert pack_files(conn2, data_dir2) == pack_files(conn, data_dir)
    second = tmp_path / "export2"
    export_pack(conn2, data_dir2, second)
    assert tree(first) == tree(second)


def test_shipped_content_round_trips(tmp_path):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(DEFAULT_PACK_DIR))
    exported = pack_files(conn, data_dir)
    conn2, data_dir2 = fresh_db(tmp_path, "data2")
    export_pack(conn, data_dir, tmp_path / "out.zip")
    import_pack(conn2, data_dir2, load(tmp_path / "out.zip"))
    assert pack_files(conn2, data_dir2) == exported


def tree(root: Path) -> dict[str, bytes]:
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in root.rglob("*") if f.is_file()}


def test_export_zip_is_deterministic(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    export_pack(conn, data_dir, tmp_path / "a.zip")
    export_pack(conn, data_dir, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_export_refuses_a_folder_that_is_not_a_pack(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    (home / "thu.txt").write_text("quan trọng")
    with pytest.raises(ValueError, match="không phải gói nội dung"):
        export_pack(conn, data_dir, home)
    assert (home / "thu.txt").read_text() == "quan trọng"


def test_photo_gps_exif_is_stripped_on_import(tmp_path):
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {2: (21.0, 35.0, 0.0)}  # GPSInfo: latitude
    exif[0x010F] = "PhoneMaker"
    root = write_pack(tmp_path / "p", extra={"heritage/dinh-thu/dinh.jpg": jpeg(exif=exif.tobytes())})
    data = load(root)
    stored = data.media["heritage/dinh-thu/dinh.jpg"].data
    import io

    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info


def test_settings_are_stored_as_json(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    row = conn.execute("SELECT value FROM settings WHERE key = 'idle_timeout'").fetchone()
    assert json.loads(row[0]) == 90


@pytest.mark.parametrize(("url", "ok"), [("http://192.168.1.10:8080", True),
                                         ("https://thon.example.vn/lang-so", True),
                                         ("ftp://x", False), ("192.168.1.10", False),
                                         ("http://x/?a=1", False)])
def test_public_url_check(url, ok):
    assert (check_public_url(url) is None) == ok


def test_many_problems_in_one_file_are_all_listed(tmp_path):
    """Problems with and without a line number in the same file sort without crashing."""
    guide = guide_yaml()
    del guide["steps"][0]["title"]
    guide["steps"][1]["text"] = {"en": "only English"}
    guide["title"]["vi"] = unicodedata.normalize("NFD", "Kích hoạt")
    errors = errors_of(write_pack(tmp_path / "p", guide=guide))
    assert any("steps[1].title" in e for e in errors)
    assert any("steps[2].text" in e for e in errors)


def test_damaged_zip_is_a_listed_problem(tmp_path):
    root = write_pack(tmp_path / "p")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(root).as_posix())
    data = bytearray(archive.read_bytes())
    offset = data.index(b"pack.yaml") + len(b"pack.yaml") + 5  # inside the first entry's data
    data[offset] ^= 0xFF
    archive.write_bytes(bytes(data))
    errors = errors_of(archive)
    assert any(e.startswith("pack.yaml") and "zip bị hỏng" in e for e in errors), errors
    (tmp_path / "garbage.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert errors_of(tmp_path / "garbage.zip")


def test_export_never_deletes_other_files_in_a_pack_folder(tmp_path, pack_dir):
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(pack_dir))
    target = tmp_path / "repo"
    export_pack(conn, data_dir, target)
    (target / ".git").mkdir()
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main")
    with pytest.raises(ValueError, match=r"\.git"):
        export_pack(conn, data_dir, target)
    assert (target / ".git" / "HEAD").exists()
    (target / ".git" / "HEAD").unlink()
    (target / ".git").rmdir()
    export_pack(conn, data_dir, target)  # a previous export alone is replaced
    assert (target / "pack.yaml").is_file()


def test_database_without_hamlet_exports_a_pack_that_imports(tmp_path, pack_dir):
    no_settings = write_pack(tmp_path / "p", extra={"settings.yaml": None})
    conn, data_dir = fresh_db(tmp_path)
    import_pack(conn, data_dir, load(no_settings))
    export_pack(conn, data_dir, tmp_path / "out")
    assert not (tmp_path / "out" / "settings.yaml").exists()
    assert errors_of(tmp_path / "out") == []
