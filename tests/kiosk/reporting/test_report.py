"""The monthly report: its totals are the logged entries, read back from the PDF itself."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kiosk import db
from kiosk.cli.report import report_command
from kiosk.models import QuizItem
from kiosk.reporting import activity, usage
from kiosk.store import quiz as quiz_store
from printables.report import ReportSpec, monthly_report_pdf
from tests.helpers import pdfcheck
from tests.helpers.admin import choose_admin_language, login, make_accounts, post

MONTH = "2026-10"


def _conn(app):
    return db.connect(Path(app.config["DATA"]) / db.DB_NAME)


def log_entries(app, count: int, seed: int) -> list[activity.Entry]:
    """Random entries in the month, plus some just outside it that must not be counted."""
    rng = random.Random(seed)
    skills = [key for key, _ in activity.SKILLS]
    inside = []
    conn = _conn(app)
    for i in range(count):
        people = rng.randint(1, 40)
        entry = activity.Entry(f"{MONTH}-{rng.randint(1, 31):02d}", rng.choice(skills), people,
                               rng.randint(0, people), "", f"member{i % 3}")
        activity.add_entry(conn, entry)
        inside.append(entry)
    for day in ("2026-09-30", "2026-11-01"):
        activity.add_entry(conn, activity.Entry(day, "vneid", 500, 500, "", "x"))
    conn.close()
    return inside


def run_report(runner, out: Path, month: str = MONTH):
    return runner.invoke(report_command, ["--month", month, "--out", str(out)])


@pytest.mark.parametrize("seed", [1, 2])
def test_report_totals_equal_the_logged_entries(app, runner, tmp_path, seed):
    entries = log_entries(app, 25, seed)
    out = tmp_path / "report.pdf"
    result = run_report(runner, out)
    assert result.exit_code == 0, result.output
    text = " ".join(pdfcheck.page_texts(out.read_bytes()))
    for key, label in activity.SKILLS:
        mine = [e for e in entries if e.skill == key]
        row = f"{label} {len(mine)} {sum(e.people for e in mine)} {sum(e.households for e in mine)}"
        assert row in text
    total = (f"Tổng cộng {len(entries)} {sum(e.people for e in entries)} "
             f"{sum(e.households for e in entries)}")
    assert total in text


def test_report_shows_scans_per_site_kiosk_use_and_real_payment_shops(app, runner, tmp_path):
    recorder = usage.get_recorder(app)
    for day, n in ((f"{MONTH}-03", 4), (f"{MONTH}-28", 3), ("2026-11-02", 50)):
        recorder.count(usage.HERITAGE_SCAN, "DH7K", day=day, n=n)
        recorder.count(usage.SESSION, day=day, n=n + 1)
    recorder.count(usage.GUIDE_OPEN, "kich-hoat-vneid", day=f"{MONTH}-03", n=6)
    recorder.count(usage.GUIDE_DONE, "kich-hoat-vneid", day=f"{MONTH}-03", n=2)
    recorder.flush()
    conn = _conn(app)
    conn.execute("INSERT INTO shops (code, name, bank_bin, account, holder, demo)"
                 " VALUES ('RL1A', 'Quán thật', '970436', '0001', 'A', 0)")
    conn.close()
    out = tmp_path / "report.pdf"
    assert run_report(runner, out).exit_code == 0
    text = " ".join(pdfcheck.page_texts(out.read_bytes()))
    assert "Đình làng Thử 7" in text
    assert "Lượt dùng máy tra cứu 9" in text
    assert "Lượt mở hướng dẫn 6" in text
    assert "Lượt làm hết hướng dẫn 2" in text
    assert "Cửa hàng có mã QR thanh toán 1" in text  # the two demo shops are not real ones


def test_report_with_no_data_still_prints(app, runner, tmp_path):
    out = tmp_path / "empty.pdf"
    assert run_report(runner, out, "2026-02").exit_code == 0
    text = " ".join(pdfcheck.page_texts(out.read_bytes()))
    assert "Báo cáo tháng 02/2026" in text
    assert "Tổng cộng 0 0 0" in text
    assert pdfcheck.page_sizes_mm(out.read_bytes()) == [(210, 297)]


@pytest.mark.parametrize("month", ["2026-13", "tháng 10", "2026-1"])
def test_a_bad_month_is_one_line_and_exit_2(runner, tmp_path, month):
    out = tmp_path / "r.pdf"
    result = run_report(runner, out, month)
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: Tháng")
    assert not out.exists()


def test_the_pdf_is_reproducible_and_embeds_its_fonts():
    spec = ReportSpec(month=MONTH, hamlet="Thôn Thử", commune="Xã Thử",
                      skills=(("Thanh toán trực tuyến", 2, 5, 3),), shops_with_qr=4,
                      sites=(("Đình làng", 3),), kiosk_sessions=9, guide_opens=4,
                      guide_completions=1, daily_sessions=(("01", 3), ("02", 0)))
    first, second = monthly_report_pdf(spec), monthly_report_pdf(spec)
    assert first == second
    fonts = pdfcheck.fonts(first)
    assert fonts and all(f.embedded for f in fonts)
    assert not {f.name for f in fonts} & pdfcheck.BASE14


def test_the_admin_downloads_the_report_and_the_usage_csv(app, client):
    make_accounts(app)
    login(client)
    pdf = client.get(f"/admin/report.pdf?month={MONTH}")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert "Báo cáo tháng 10/2026" in " ".join(pdfcheck.page_texts(pdf.get_data()))
    csv_response = client.get("/admin/stats/usage.csv")
    assert csv_response.get_data().startswith(b"\xef\xbb\xbf")


def test_the_stats_page_renders_with_no_data_and_with_data(app, client):
    make_accounts(app)
    login(client)
    empty = client.get("/admin/stats").get_data(as_text=True)
    assert empty.count("<svg") == 2
    assert "Chưa có số liệu" in empty
    client.get("/attract")
    for path in ("/", "/guides/kich-hoat-vneid", "/guides/kich-hoat-vneid/2", "/attract"):
        client.get(path)
    page = client.get("/admin/stats").get_data(as_text=True)
    assert "Bước 2" in page
    assert "Lượt dùng máy tra cứu — 30 ngày qua (1)" in page


def test_the_stats_page_in_english(app, client):
    make_accounts(app)
    login(client)
    for path in ("/attract", "/", "/guides/kich-hoat-vneid", "/guides/kich-hoat-vneid/2",
                 "/attract"):  # one kiosk session, given up at step 2
        client.get(path)
    choose_admin_language(client, "en")
    page = client.get("/admin/stats").get_data(as_text=True)
    assert "<h1>Usage figures</h1>" in page
    assert "Kiosk sessions — last 30 days (1)" in page
    assert "Step 2" in page and "Bước 2" not in page
    assert 'aria-label="Kiosk sessions, last 12 months"' in page
    assert '<td data-label="Guides">' in page


def test_the_report_download_writes_the_audit_log_only_from_the_form_post(app, client):
    make_accounts(app)
    login(client)
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    printed = "SELECT count(*) FROM audit_log WHERE action = 'in'"
    assert client.get(f"/admin/report.pdf?month={MONTH}").mimetype == "application/pdf"
    assert conn.execute(printed).fetchone()[0] == 0
    assert 'href="/admin/report.pdf' not in client.get("/admin/stats").get_data(as_text=True)
    response = post(client, "/admin/report.pdf", {"month": MONTH}, form_page="/admin/stats")
    assert response.mimetype == "application/pdf"
    assert conn.execute(printed).fetchone()[0] == 1


def save_quiz_item(app) -> QuizItem:
    item = QuizItem("sms-otp", "sms", {"vi": "NganHang"},
                    {"vi": "Quý khách trúng thưởng 50 triệu đồng, hãy gửi mã OTP vừa nhận để"
                           " nhận quà ngay hôm nay."}, "scam",
                    {"vi": "Ngân hàng không bao giờ hỏi mã OTP."}, ("S1",))
    conn = _conn(app)
    try:
        with db.transaction(conn):
            quiz_store.save_quiz_item(conn, item)
    finally:
        conn.close()
    return item


def test_report_shows_practices_per_guide_and_the_quiz_items_missed_most(app, runner, tmp_path):
    item = save_quiz_item(app)
    recorder = usage.get_recorder(app)
    recorder.count(usage.PRACTICE_START, "kich-hoat-vneid", day=f"{MONTH}-04", n=7)
    recorder.count(usage.PRACTICE_DONE, "kich-hoat-vneid", day=f"{MONTH}-04", n=3)
    recorder.count(usage.PRACTICE_START, "kich-hoat-vneid", day="2026-11-01", n=90)
    recorder.count(usage.QUIZ_ANSWER, f"{item.id}/right", day=f"{MONTH}-05", n=2)
    recorder.count(usage.QUIZ_ANSWER, f"{item.id}/wrong", day=f"{MONTH}-05", n=5)
    recorder.count(usage.QUIZ_ANSWER, "khong-con/wrong", day=f"{MONTH}-06", n=1)
    recorder.flush()
    out = tmp_path / "report.pdf"
    assert run_report(runner, out).exit_code == 0
    text = " ".join(" ".join(pdfcheck.page_texts(out.read_bytes())).split())
    assert "Thực hành trên máy tra cứu" in text
    assert "Bắt đầu tập Tập xong" in text
    assert "Tổng cộng 7 3" in text  # November's 90 are not October's
    assert "sms-otp Quý khách trúng thưởng 50 triệu đồng, hãy gửi mã … 2 5" in text
    assert "khong-con (không còn trong kho) 0 1" in text


def test_an_empty_month_says_there_is_no_practice_nor_quiz_yet(app, runner, tmp_path):
    out = tmp_path / "empty.pdf"
    assert run_report(runner, out, "2026-02").exit_code == 0
    text = " ".join(" ".join(pdfcheck.page_texts(out.read_bytes())).split())
    assert "Chưa có lượt thực hành nào trong tháng." in text
    assert "Chưa có lượt trả lời sai nào trong tháng." in text
    assert "Bắt đầu tập" not in text and "Mã tin" not in text


@pytest.mark.parametrize(("text", "expected"), [
    ("Ngắn gọn thôi", "Ngắn gọn thôi"),
    ("một hai ba bốn năm sáu bảy tám chín mười mười một",
     "một hai ba bốn năm sáu bảy tám chín mười …"),
    ("  xuống\ndòng  ", "xuống dòng"),
])
def test_opening_words_keep_the_first_ten_words_on_one_line(text, expected):
    assert activity.opening_words(text) == expected


def test_a_busy_month_with_every_section_stays_within_two_pages():
    spec = ReportSpec(
        month=MONTH, hamlet="Thôn Thử", commune="Xã Thử",
        skills=tuple((label, 9, 99, 50) for _, label in activity.SKILLS), shops_with_qr=40,
        sites=tuple((f"Di tích {i}", i) for i in range(8)), kiosk_sessions=999, guide_opens=99,
        guide_completions=50, daily_sessions=tuple((f"{d:02d}", d) for d in range(1, 32)),
        practices=tuple((f"Hướng dẫn số {i}", 20, 10) for i in range(8)),
        quiz_misses=tuple((f"tin-{i}", "Một hai ba bốn năm sáu bảy tám chín mười …", 1, 9)
                          for i in range(5)))
    assert len(pdfcheck.page_sizes_mm(monthly_report_pdf(spec))) <= 2
