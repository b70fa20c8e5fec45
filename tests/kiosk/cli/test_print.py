"""`langso print …` from the database and from CSV: PDFs whose QR codes decode to the right data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask.cli import ScriptInfo

from kiosk import create_app, db
from kiosk.cli import main
from kiosk.models import pick
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from kiosk.reporting import usage
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from qr import vietqr
from tests.helpers import pdfcheck

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def run(app):
    """`langso print …` against the test app's data directory."""
    def invoke(*args: str):
        return CliRunner().invoke(main, ["print", *args], obj=ScriptInfo(create_app=lambda: app))

    return invoke


def decoded(pdf_path: Path, dpi: int = 150) -> list[str]:
    texts = []
    for image in pdfcheck.rasterize(pdf_path.read_bytes(), dpi):
        texts += [qr.text for qr in pdfcheck.find_qr(image, dpi)]
    return texts


def test_shop_cards_all_leaves_demo_shops_out_unless_asked(run, tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("shop-cards", "--all", "--out", str(out))  # the test pack's shops are demo ones
    assert result.exit_code == 2 and "không có cửa hàng nào để in" in result.output
    assert not out.exists()


def test_shop_cards_from_database(run, app, tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("shop-cards", "--all", "--include-demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    shops = shop_store.list_shops(conn)
    expected = [vietqr.payload(s.bank_bin, s.account, amount=s.amount, purpose=s.purpose or None)
                for s in shops]
    assert sorted(decoded(out, 72)) == sorted(expected)
    text = " ".join(pdfcheck.page_texts(out.read_bytes()))
    assert "MẪU — KHÔNG CHUYỂN TIỀN" in text and "Tạp hóa Cô Lan" in text


def test_shop_cards_by_code_in_order(run, tmp_path):
    out = tmp_path / "one.pdf"
    result = run("shop-cards", "--code", "ph3b", "--layout", "a5-tent", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert set(decoded(out)) == {vietqr.payload("970405", "0009876543", amount=50000)}


def test_unknown_shop_code_exits_2(run, tmp_path):
    result = run("shop-cards", "--code", "ZZZ9", "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "không có cửa hàng mã ZZZ9" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_shop_cards_from_csv_with_bank_names(run, tmp_path):
    csv_file = tmp_path / "shops.csv"
    csv_file.write_text("name,owner,bank,account,holder,amount,purpose\n"
                        "Bún chả Hà,,Vietcombank,0011001234567,TRAN THI HA,35.000,Bun cha\n"
                        "Rau sạch Mai,,BIDV,12010000123456,LE THI MAI,,\n", encoding="utf-8-sig")
    out = tmp_path / "csv.pdf"
    result = run("shop-cards", "--csv", str(csv_file), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(decoded(out, 72)) == sorted([
        vietqr.payload("970436", "0011001234567", amount=35000, purpose="Bun cha"),
        vietqr.payload("970418", "12010000123456"),
    ])


def test_csv_with_bad_rows_lists_every_row_and_writes_nothing(run, tmp_path):
    long_name = "Tạp hóa " + "x" * 5000
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "name,owner,bank,account,holder,amount,purpose\n"
        "Tốt,,970436,0011001234567,NGUYEN A,,\n"
        "Sai ngân hàng,,Ngân hàng Mặt Trăng,0011001234568,NGUYEN B,,\n"
        "Sai số TK,,970436,0011-001,NGUYEN C,,\n"
        "Sai tiền,,970436,0011001234569,NGUYEN D,1.50,\n"
        ",,970436,0011001234560,NGUYEN E,,\n"
        f"{long_name},,970436,0011001234561,NGUYEN F,,\n"
        "\"=HYPERLINK(\"\"http://x\"\")\",,970436,0011001234562,NGUYEN G,,\n",
        encoding="utf-8")
    out = tmp_path / "bad.pdf"
    result = run("shop-cards", "--csv", str(csv_file), "--out", str(out))
    assert result.exit_code == 2
    for line in (3, 4, 5, 6, 7, 8):
        assert f"bad.csv:{line}:" in result.output, line
    assert "bad.csv:2:" not in result.output
    assert "6 dòng/cột có lỗi trong bad.csv; chưa in gì" in result.output
    assert not out.exists()


def test_csv_in_wrong_encoding_is_explained(run, tmp_path):
    csv_file = tmp_path / "excel.csv"
    csv_file.write_bytes("name,bank,account,holder\nCà phê,970436,1,A\n".encode("cp1258"))
    result = run("shop-cards", "--csv", str(csv_file), "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "không phải UTF-8" in result.output and "CSV UTF-8" in result.output


def test_csv_saved_as_utf16_by_excel_works(run, tmp_path):
    csv_file = tmp_path / "u16.csv"
    csv_file.write_bytes("name,bank,account,holder\nTạp hóa Lan,970436,0011001234567,LAN\n"
                         .encode("utf-16"))
    out = tmp_path / "u16.pdf"
    assert run("shop-cards", "--csv", str(csv_file), "--out", str(out)).exit_code == 0
    assert decoded(out, 72) == [vietqr.payload("970436", "0011001234567")]


def test_posters_encode_public_short_links(run, tmp_path):
    out = tmp_path / "posters.pdf"
    result = run("posters", "--all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert decoded(out) == ["http://192.168.1.10:8080/h/DH7K"]
    assert pdfcheck.page_sizes_mm(out.read_bytes()) == [(210, 297)]


def test_poster_for_unknown_site_exits_2(run, tmp_path):
    result = run("posters", "--site", "khong-co", "--out", str(tmp_path / "p.pdf"))
    assert result.exit_code == 2 and "không có di tích khong-co" in result.output


def test_handout_has_steps_and_link(run, tmp_path):
    out = tmp_path / "handout.pdf"
    result = run("handout", "kich-hoat-vneid", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(pdfcheck.page_texts(out.read_bytes()))
    assert "Bước thử 1" in text and "Không đưa mã OTP cho ai." in text
    assert "http://192.168.1.10:8080/guides/kich-hoat-vneid" in decoded(out)


def shipped_handouts() -> list[tuple[str, str]]:
    """(guide, language) for every guide folder of the shipped pack and every pack language."""
    languages = yaml.safe_load((CONTENT / "pack.yaml").read_text(encoding="utf-8"))["languages"]
    return [(folder.name, lang) for folder in sorted((CONTENT / "guides").iterdir())
            if folder.is_dir() for lang in languages]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The app with the shipped content pack imported (as `make run` does), and that pack."""
    data_dir = tmp_path_factory.mktemp("shipped")
    app = create_app({"DATA": str(data_dir), "TESTING": True})
    pack = load(CONTENT)
    conn = db.connect(data_dir / db.DB_NAME)
    import_pack(conn, data_dir, pack)
    conn.close()
    yield app, pack
    usage.get_recorder(app).close()


def test_every_shipped_guide_folder_is_in_the_pack(shipped):
    _, pack = shipped
    assert sorted(g.slug for g in pack.guides) == sorted({slug for slug, _ in shipped_handouts()})


@pytest.mark.parametrize(("slug", "lang"), shipped_handouts())
def test_every_shipped_guide_prints_in_every_language(shipped, tmp_path, slug, lang):
    app, pack = shipped
    guide = next(g for g in pack.guides if g.slug == slug)
    out = tmp_path / "handout.pdf"
    result = CliRunner().invoke(main, ["print", "handout", slug, "--lang", lang, "--out", str(out)],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    sizes = pdfcheck.page_sizes_mm(pdf)
    assert sizes and set(sizes) == {(210, 297)}
    texts = pdfcheck.page_texts(pdf)
    assert "không ghi mật khẩu" in texts[0]
    assert [s for s in (pick(step.title, lang)[0] for step in guide.steps)
            if s not in " ".join(texts)] == []
    assert all(f.embedded for f in pdfcheck.fonts(pdf))
    url = f"{setting_store.public_base(pack.settings)}/guides/{slug}"
    url += "" if lang == "vi" else f"?lang={lang}"
    assert decoded(out) == [url] * len(sizes)  # the big code on page 1, a small one on the rest


def test_wifi_poster_from_settings(run, tmp_path):
    out = tmp_path / "wifi.pdf"
    result = run("wifi", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert decoded(out) == ["WIFI:T:nopass;S:NhaVanHoa;;"]


def test_link_poster(run, tmp_path):
    out = tmp_path / "zalo.pdf"
    result = run("link", "--url", "https://zalo.me/g/abcdef123", "--title", "Nhóm Zalo của thôn",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert decoded(out) == ["https://zalo.me/g/abcdef123"]


def test_link_poster_refuses_other_schemes(run, tmp_path):
    result = run("link", "--url", "javascript:alert(1)", "--title", "x", "--out",
                 str(tmp_path / "x.pdf"))
    assert result.exit_code == 2


def test_print_needs_public_base_url(run, app, tmp_path):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    conn.execute("DELETE FROM settings WHERE key = 'public_base_url'")
    result = run("posters", "--all", "--out", str(tmp_path / "p.pdf"))
    assert result.exit_code == 2 and "public_base_url" in result.output
