"""The UI's words through gettext: English from the app's catalog, a team's ui/<lang>.po from the
pack (checked, imported, exported), Vietnamese for anything untranslated; dates and numbers by
Babel for the language shown (issue 17)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from kiosk import db
from kiosk.backup.rows import row_problems
from kiosk.packs.check import check, load
from kiosk.packs.export import pack_files
from kiosk.packs.importer import import_pack
from kiosk.packs.ui_po import check_po, placeholders, translations
from kiosk.web.i18n import format_day, money
from tests.helpers.admin import csrf_token
from tests.helpers.packbuilder import assert_round_trip, write_pack

PACK_YAML = yaml.safe_dump({"id": "test-pack", "version": 1, "title": {"vi": "Gói thử"},
                            "languages": {"vi": "Tiếng Việt", "en": "English", "tay": "Tày"}},
                           allow_unicode=True).encode()

TAY_PO = """\
# Tày words for the kiosk (a test catalog).
msgid ""
msgstr ""
"Language: tay\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Tiếp theo"
msgstr "Pây tó"

msgid "Bước %(n)s/%(total)s"
msgstr "Pài %(n)s/%(total)s"

#, fuzzy
msgid "Mẹo"
msgstr "Lẹo"

msgid "Cẩn thận"
msgstr "<b>Chắc chắn</b>"
"""


def tay_pack(root: Path, po: str = TAY_PO) -> Path:
    return write_pack(root, extra={"pack.yaml": PACK_YAML, "ui/tay.po": po.encode()})


def import_into(app, pack: Path) -> None:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        import_pack(conn, Path(app.config["DATA"]), load(pack))
    finally:
        conn.close()


def nav(html: str) -> str:
    return html[html.index('<nav class="bottombar">'):]


def test_english_buttons_with_lang_en_vietnamese_without(client):
    vi = client.get("/guides/kich-hoat-vneid/1").get_data(as_text=True)
    en = client.get("/guides/kich-hoat-vneid/1?lang=en").get_data(as_text=True)
    assert "Tiếp theo →" in nav(vi) and "Bước 1/3" in vi
    assert "Next →" in nav(en) and "Step 1/3" in en and "Tiếp theo" not in en
    assert "Home" in en and "What would you like to learn?" in client.get(
        "/?lang=en").get_data(as_text=True)


def test_js_labels_are_translated_with_their_placeholders_kept(client):
    quiz = client.get("/quiz?lang=en").get_data(as_text=True)
    assert 'data-label-count="Message {n}/{total}"' in quiz
    assert 'data-label-score="You got {n} of {total} right"' in quiz
    assert 'data-label-right="That&#39;s right!"' in quiz
    assert 'data-label-count="Tin {n}/{total}"' in client.get("/quiz").get_data(as_text=True)


def test_a_packs_ui_po_shows_its_words_and_vietnamese_for_the_rest(app, client, tmp_path):
    before = client.get("/guides/kich-hoat-vneid/2?lang=tay").get_data(as_text=True)
    assert "Pây tó" not in before  # the language is not in the pack yet: Vietnamese page
    import_into(app, tay_pack(tmp_path / "tay"))
    html = client.get("/guides/kich-hoat-vneid/2?lang=tay").get_data(as_text=True)
    assert '<html lang="tay"' in html
    assert "Pây tó →" in nav(html) and "Pài 2/3" in html
    assert "← Quay lại" in nav(html)                  # untranslated: Vietnamese
    assert "Mẹo:" in html and "Lẹo" not in html        # fuzzy: not used
    # The other languages are untouched by the team's catalog.
    assert "Next →" in nav(client.get("/guides/kich-hoat-vneid/2?lang=en").get_data(as_text=True))


def test_translated_words_cannot_bring_markup(app, client, tmp_path):
    import_into(app, tay_pack(tmp_path / "tay"))
    html = client.get("/guides/kich-hoat-vneid/3?lang=tay").get_data(as_text=True)
    assert "&lt;b&gt;Chắc chắn&lt;/b&gt;" in html and "<b>Chắc chắn</b>" not in html


def test_a_pack_ui_po_may_override_the_shipped_english(app, client, tmp_path):
    po = 'msgid "Tiếp theo"\nmsgstr "Onward"\n'
    import_into(app, write_pack(tmp_path / "p", extra={"ui/en.po": po.encode()}))
    html = client.get("/guides/kich-hoat-vneid/1?lang=en").get_data(as_text=True)
    assert "Onward →" in nav(html) and "Step 1/3" in html


def test_check_pack_refuses_a_wrong_placeholder_with_file_and_line(tmp_path):
    po = TAY_PO.replace('msgstr "Pài %(n)s/%(total)s"', 'msgstr "Pài %(n)s/%(tong)s"')
    data, problems = check(tay_pack(tmp_path / "bad", po))
    assert data is None
    errors = [p for p in problems if p.level == "error"]
    assert len(errors) == 1
    line = po.splitlines().index('msgid "Bước %(n)s/%(total)s"') + 1
    assert (errors[0].file, errors[0].line) == ("ui/tay.po", line)
    assert "%(n)s, %(total)s" in errors[0].message and "%(tong)s" in errors[0].message


def test_check_pack_other_po_problems(tmp_path):
    cases = {
        'msgid "Tiếp theo"\nmsgstr "100% xong"\n': "dấu % đứng một mình",
        'msgid "Tiếp theo"\nmsgstr "Pây tó %(n)s"\n': "phải dùng đúng các chỗ trống",
        'msgid "Tiếp theo"\nmsgstr "Pây tó\n': "dòng không đúng dạng .po",
        'msgid "Tiếp theo"\nmsgid "Xong"\nmsgstr "Pây tó"\n': "mỗi msgid cần đúng một msgstr",
    }
    for po, reason in cases.items():
        _, problems = check(tay_pack(tmp_path / str(len(reason)), po))
        assert any(p.file == "ui/tay.po" and reason in p.message and p.level == "error"
                   for p in problems), (po, problems)
    pack = write_pack(tmp_path / "nolang", extra={"ui/hmn.po": b'msgid "A"\nmsgstr "B"\n',
                                                  "ui/vi.po": b""})
    messages = {p.file: p.message for p in check(pack)[1] if p.level == "error"}
    assert "không có trong pack.yaml" in messages["ui/hmn.po"]
    assert "ngôn ngữ gốc" in messages["ui/vi.po"]


def test_check_pack_warns_about_words_the_app_no_longer_has(tmp_path):
    po = TAY_PO + '\nmsgid "Câu không có"\nmsgstr "Không"\n'
    data, problems = check(tay_pack(tmp_path / "p", po))
    assert data is not None
    assert any(p.level == "warning" and "Câu không có" in p.message for p in problems)


def test_export_import_round_trip_keeps_the_po_as_written(app, tmp_path):
    po = TAY_PO.replace('#, fuzzy\n', '')  # a warning would fail the helper's "no problems"
    import_into(app, tay_pack(tmp_path / "tay", po))
    assert_round_trip(app, tmp_path / "out", tmp_path / "data2")
    assert (tmp_path / "out" / "ui" / "tay.po").read_text(encoding="utf-8") == po


def test_a_pack_without_ui_keeps_the_catalogs(app, client, tmp_path, pack_dir):
    import_into(app, tay_pack(tmp_path / "tay"))
    import_into(app, pack_dir)  # no ui/ folder: what was imported stays
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        assert "ui/tay.po" in pack_files(conn, Path(app.config["DATA"]))
    finally:
        conn.close()


def test_backup_rows_recheck_the_stored_catalogs(app, tmp_path):
    import_into(app, tay_pack(tmp_path / "tay"))
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        assert row_problems(conn) == []
        conn.execute("UPDATE ui_catalogs SET po = ? WHERE lang = 'tay'",
                     ('msgid "Tiếp theo"\nmsgstr "Pây %(x)s"\n',))
        problems = row_problems(conn)
    finally:
        conn.close()
    assert [p.field for p in problems] == ["ui_catalogs.po"]
    assert "dòng 1" in problems[0].message


def test_placeholders():
    assert placeholders("Bước %(n)s/%(total)s, 100%%") == ({"n": 1, "total": 1}, False)
    assert placeholders("50% %(n)s")[1] is True
    assert check_po('msgid "Xong"\nmsgstr "Done"\n') is None


def test_babel_dates_and_numbers_for_the_language_shown(app):
    day = date(2026, 11, 30)
    with app.test_request_context("/"):
        assert (format_day(day), money(35000)) == ("30/11/2026", "35.000 đ")
        assert format_day("2026-03-05") == "5/3/2026"
    with app.test_request_context("/?lang=en"):
        assert (format_day(day), money(35000)) == ("November 30, 2026", "35,000 VND")


def test_a_language_cldr_does_not_know_is_formatted_the_vietnamese_way(app, tmp_path):
    import_into(app, tay_pack(tmp_path / "tay"))
    with app.test_request_context("/?lang=tay"):
        assert (format_day(date(2026, 11, 30)), money(1234567)) == ("30/11/2026", "1.234.567 đ")


def test_shop_amounts_read_the_vietnamese_way(client):
    html = client.get("/s/PH3B").get_data(as_text=True)
    caption = re.search(r'<figcaption id="qr-caption"[^>]*>\s*(.*?)\s*</figcaption>', html, re.S)
    assert caption and caption.group(1) == "Quét mã bằng ứng dụng ngân hàng: số tiền 50.000 đ đã có sẵn."
    assert 'data-amount="Quét mã bằng ứng dụng ngân hàng: số tiền {amount} đ đã có sẵn."' in html
    assert 'data-group="."' in html
    en = client.get("/s/PH3B?lang=en").get_data(as_text=True)
    assert "the amount 50,000 VND is filled in" in en and 'data-group=","' in en


def test_login_follows_the_page_language_and_the_admin_the_accounts(app, member):
    vi = member.get("/admin/quiz?lang=en").get_data(as_text=True)  # ?lang= is for content only
    assert "+ Thêm câu đố" in vi and "Đăng xuất (" in vi
    token = csrf_token(member, "/admin/password")
    member.post("/admin/language", data={"csrf_token": token, "lang": "en"})
    en = member.get("/admin/quiz").get_data(as_text=True)
    assert '<html lang="en">' in en and "+ Add a quiz item" in en and "Log out (" in en
    assert "Thêm câu đố" not in en
    login = app.test_client().get("/login?lang=en").get_data(as_text=True)
    assert "Log in for the digital technology team" in login
    assert "ask the technician who installed it" in login and "langso create-user" not in login


def test_a_problem_keeps_its_msgid_and_values_and_is_shown_translated(app):
    from kiosk.problems import N_, Report
    from kiosk.web.i18n import problem_text, ui_language

    report = Report()
    report.error("shops.csv", N_("Tên cửa hàng dài quá (%(n)s ký tự, tối đa %(max)s)."), "name", 3,
                 n=90, max=80)
    report.warn("shops.csv", "100% chưa dịch")  # not marked, no values: shown as written
    marked, plain = report.problems
    assert marked.message == "Tên cửa hàng dài quá (90 ký tự, tối đa 80)."
    assert (marked.template, dict(marked.params)) == (
        "Tên cửa hàng dài quá (%(n)s ký tự, tối đa %(max)s).", {"n": 90, "max": 80})
    with app.test_request_context("/"):
        assert problem_text(marked) == marked.message
        with ui_language("en"):
            assert problem_text(plain) == "100% chưa dịch"  # no translation: the Vietnamese



PLURAL_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "%(num)s ảnh"
msgid_plural "%(num)s ảnh"
msgstr[0] "%(num)s photo"
msgstr[1] "%(num)s photos"

msgctxt "drop-off"
msgid "Trang đầu"
msgstr "First page"

msgid "Trang đầu"
msgstr "Home"
"""


def test_a_pack_catalog_may_translate_plurals_and_words_with_a_context():
    assert check_po(PLURAL_PO) is None
    assert translations(PLURAL_PO) == {
        ("%(num)s ảnh", 0): "%(num)s photo", ("%(num)s ảnh", 1): "%(num)s photos",
        "drop-off\x04Trang đầu": "First page", "Trang đầu": "Home"}


def test_a_language_with_one_plural_form_uses_it_for_every_count():
    one_form = PLURAL_PO.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;").replace(
        'msgstr[0] "%(num)s photo"\nmsgstr[1] "%(num)s photos"', 'msgstr[0] "%(num)s ảnh (tày)"')
    assert check_po(one_form) is None
    assert {k: v for k, v in translations(one_form).items() if isinstance(k, tuple)} == {
        ("%(num)s ảnh", 0): "%(num)s ảnh (tày)", ("%(num)s ảnh", 1): "%(num)s ảnh (tày)"}
