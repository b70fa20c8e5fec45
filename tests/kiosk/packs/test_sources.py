"""sources.yaml and glossary.yaml: every problem with file:line, citations checked, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import db
from kiosk.packs.check import check, load
from kiosk.packs.export import pack_files
from kiosk.packs.importer import import_pack
from kiosk.packs.sources import check_checked, check_published, check_url
from kiosk.store import glossary as glossary_store
from kiosk.store import guides as guide_store
from kiosk.store import sources as source_store
from tests.helpers.packbuilder import GLOSSARY, SOURCES, guide_yaml, write_pack


def errors_of(path: Path) -> list[str]:
    return [str(p) for p in check(path)[1] if p.level == "error"]


def open_db(tmp_path: Path):
    (tmp_path / "data").mkdir()
    return db.open_database(tmp_path / "data")


def with_source(**changes) -> dict:
    return {**SOURCES, "S2": {**SOURCES["S2"], **changes}}


def test_pack_sources_and_citations_are_read(pack_dir):
    data = load(pack_dir)
    assert [(s.id, s.publisher, s.published, s.checked) for s in data.sources] == [
        ("S1", "Bộ Công an", "2024-07", "2026-03-01"), ("S2", "Công an tỉnh", "", "2019-05-10")]
    (guide,) = data.guides
    assert guide.sources == ["S1"]
    assert [s.sources for s in guide.steps] == [["S1"], ["S1", "S2"], []]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"url": "vneid.gov.vn/huong-dan"}, "sources.yaml:9: S2.url: phải là địa chỉ bắt đầu"
                                            " bằng http:// hoặc https://"),
        ({"url": "javascript:alert(1)"}, "S2.url: phải là địa chỉ bắt đầu bằng http://"),
        ({"url": "https://a.vn/x y"}, "S2.url: địa chỉ không được có dấu cách"),
        ({"url": "https://a.vn/" + "x" * 500}, "S2.url: địa chỉ quá dài (513 ký tự, tối đa 500)"),
        ({"checked": "10/05/2019"}, "S2.checked: ngày kiểm tra '10/05/2019' phải có dạng"
                                    " NNNN-TT-NN"),
        ({"checked": "2019-05"}, "S2.checked: ngày kiểm tra '2019-05' phải có dạng NNNN-TT-NN"),
        ({"checked": "2019-02-30"}, "S2.checked: ngày kiểm tra '2019-02-30' phải có dạng"),
        ({"published": "tháng 5"}, "S2.published: ngày đăng 'tháng 5' phải có dạng NNNN"),
        ({"published": "2019-13"}, "S2.published: ngày đăng '2019-13' phải có dạng"),
        ({"published": "2019-06"}, "S2.published: ngày đăng 2019-06 sau ngày kiểm tra 2019-05-10"),
        ({"title": ""}, "S2.title: phải là chữ, không để trống"),
        ({"title": "x" * 301}, "S2.title: quá dài (301 ký tự, tối đa 300)"),
        ({"colour": "red"}, "S2.colour: khóa không biết 'colour'"),
    ],
)
def test_bad_source_fields(tmp_path, changes, expected):
    errors = errors_of(write_pack(tmp_path, sources=with_source(**changes)))
    assert any(expected in e for e in errors), errors


def test_missing_required_source_key(tmp_path):
    sources = {**SOURCES, "S2": {"title": "Không có địa chỉ", "checked": "2020-01-01"}}
    assert errors_of(write_pack(tmp_path, sources=sources)) == [
        "sources.yaml:8: S2.url: thiếu khóa bắt buộc"]


def test_unquoted_yaml_dates_and_years_are_read_as_text(tmp_path):
    write_pack(tmp_path)
    (tmp_path / "sources.yaml").write_text(
        "S1:\n  title: A\n  url: https://a.vn/\n  published: 2024\n  checked: 2026-03-01\n"
        "S2:\n  title: B\n  url: https://b.vn/\n  published: 2019-05-01\n  checked: 2019-05-10\n",
        encoding="utf-8")
    data, problems = check(tmp_path)
    assert problems == []
    assert [(s.published, s.checked, s.publisher) for s in data.sources] == [
        ("2024", "2026-03-01", ""), ("2019-05-01", "2019-05-10", "")]


@pytest.mark.parametrize("ident", ["S 1", "-S1", "S1/../x", "Nguồn1"])
def test_bad_source_id(tmp_path, ident):
    errors = errors_of(write_pack(tmp_path, sources={**SOURCES, ident: SOURCES["S1"]}))
    assert any(f"mã nguồn {ident!r} không hợp lệ" in e for e in errors), errors


def test_citing_an_unknown_source_names_the_line(tmp_path):
    guide = guide_yaml()
    guide["steps"][2]["sources"] = ["S9"]
    errors = errors_of(write_pack(tmp_path, guide=guide))
    assert errors == ["guides/kich-hoat-vneid/guide.yaml:44: steps[3].sources:"
                      " nguồn 'S9' không có trong sources.yaml"]


def test_guide_citing_without_sources_file_is_an_error(tmp_path):
    write_pack(tmp_path)
    (tmp_path / "sources.yaml").unlink()
    errors = errors_of(tmp_path)
    assert "guides/kich-hoat-vneid/guide.yaml:12: sources: nguồn 'S1' không có trong" \
           " sources.yaml" in errors


def test_citations_must_be_a_list_of_ids(tmp_path):
    guide = guide_yaml()
    guide["steps"][0]["sources"] = "S1"
    errors = errors_of(write_pack(tmp_path, guide=guide))
    assert any("steps[1].sources: phải là danh sách mã nguồn" in e for e in errors), errors


@pytest.mark.parametrize(
    ("glossary", "expected"),
    [
        ({"OTP": {"en": "code"}}, "glossary.yaml:1: OTP: thiếu nội dung tiếng Việt (vi)"),
        ({"OTP": "mã"}, "glossary.yaml:1: OTP: cần ghi theo ngôn ngữ"),
        ({"OTP": {"vi": "a"}, "otp": {"vi": "b"}}, "glossary.yaml:3: otp: trùng với thuật ngữ"
                                                    " 'OTP'"),
        ({"x" * 41: {"vi": "a"}}, "thuật ngữ quá dài (41 ký tự, tối đa 40)"),
        ({"OTP": {"vi": "a" * 251}}, "OTP.vi: quá dài (251 ký tự, tối đa 250)"),
        ({"OTP": {"fr": "code", "vi": "mã"}}, "OTP.fr: ngôn ngữ 'fr' chưa khai báo"),
    ],
)
def test_bad_glossary(tmp_path, glossary, expected):
    errors = errors_of(write_pack(tmp_path, glossary=glossary))
    assert any(expected in e for e in errors), errors


def test_import_stores_sources_step_citations_and_glossary(tmp_path, pack_dir):
    conn = open_db(tmp_path)
    import_pack(conn, tmp_path / "data", load(pack_dir))
    assert [s.id for s in source_store.list_sources(conn)] == ["S1", "S2"]
    assert [e.term for e in glossary_store.list_glossary(conn)] == list(GLOSSARY)
    guide = guide_store.get_guide(conn, "kich-hoat-vneid")
    assert [s.sources for s in guide.steps] == [("S1",), ("S1", "S2"), ()]


def test_export_writes_sources_glossary_and_citations(tmp_path, pack_dir):
    conn = open_db(tmp_path)
    import_pack(conn, tmp_path / "data", load(pack_dir))
    files = pack_files(conn, tmp_path / "data")
    assert files["sources.yaml"] == (pack_dir / "sources.yaml").read_bytes()
    assert files["glossary.yaml"] == (pack_dir / "glossary.yaml").read_bytes()
    assert b"  sources:\n  - S1\n  - S2\n" in files["guides/kich-hoat-vneid/guide.yaml"]


def test_export_leaves_out_citations_of_unknown_sources(tmp_path, pack_dir):
    """Guides stored before migration 0006 cite ids that were never stored as sources."""
    conn = open_db(tmp_path)
    import_pack(conn, tmp_path / "data", load(pack_dir))
    conn.execute("DELETE FROM sources WHERE id = 'S2'")
    exported = tmp_path / "out"
    out = pack_files(conn, tmp_path / "data")
    for rel, data in out.items():
        (exported / rel).parent.mkdir(parents=True, exist_ok=True)
        (exported / rel).write_bytes(data)
    assert errors_of(exported) == []
    assert b"S2" not in out["guides/kich-hoat-vneid/guide.yaml"]


def test_reimport_keeps_sources_the_pack_no_longer_lists_and_replaces_the_glossary(tmp_path,
                                                                                   pack_dir):
    conn = open_db(tmp_path)
    import_pack(conn, tmp_path / "data", load(pack_dir))
    smaller = write_pack(tmp_path / "p2", sources={"S1": SOURCES["S1"]},
                         glossary={"VietQR": {"vi": "Mã QR chuyển tiền."}},
                         guide={**guide_yaml(), "steps": guide_yaml()["steps"][:1]})
    import_pack(conn, tmp_path / "data", load(smaller))
    assert [s.id for s in source_store.list_sources(conn)] == ["S1", "S2"]
    assert [e.term for e in glossary_store.list_glossary(conn)] == ["VietQR"]


@pytest.mark.parametrize(("value", "ok"), [("", True), ("2025", True), ("2025-07", True),
                                           ("2025-07-01", True), ("2025-7", False),
                                           ("25-07-01", False), (2025, False), (None, False)])
def test_published_shapes(value, ok):
    assert (check_published(value) is None) == ok


def test_checked_is_a_whole_day_even_ahead_of_a_stopped_clock():
    assert check_checked("2999-01-01") is None
    assert check_checked("2026-11") == "ngày kiểm tra '2026-11' phải có dạng NNNN-TT-NN, ví dụ 2026-03-01"


@pytest.mark.parametrize("url", ["https://vneid.gov.vn/", "http://192.168.1.10/a?b=c#d"])
def test_good_urls(url):
    assert check_url(url) is None
