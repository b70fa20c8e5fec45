"""Hostile input to the parsers: linear time on every way an amount or a coordinate comes in,
long digit strings refused by name, and CSV cells that Excel would run as formulas."""

from __future__ import annotations

import csv
import io
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from datetime import date

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from waitress.server import create_server

from kiosk.cli import main
from kiosk.packs.check import check
from kiosk.packs.shops_csv import excel_safe, parse_csv
from kiosk.problems import Report
from qr import vietqr
from tests.helpers.admin import connect, csrf_token, post
from tests.helpers.packbuilder import SHOPS_CSV, write_pack

# The old suffix regex took seconds on these (quadratic); the parser must answer at once.
SPACES = 12_000
HOSTILE = ["1" + " " * SPACES + "1", "1" + "\u00a0" * SPACES + "1"]
HOSTILE_IDS = ["spaces", "no-break spaces"]
LONG_DIGITS = "9" * 5000  # past Python's int-from-string digit limit
BUDGET = 0.5  # seconds
TOO_LONG = "Số tiền dài quá"
CSV_HEAD = "code,name,owner,bank,account,holder,amount,purpose,demo\n"


def csv_with_amount(amount: str) -> str:
    return CSV_HEAD + f"BX4K,Bánh xèo,,970436,0011009876543,LE THI TU,{amount},,0\n"


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


# --- the amount parser and every way in ------------------------------------------------------

@pytest.mark.parametrize("text", [*HOSTILE, LONG_DIGITS], ids=[*HOSTILE_IDS, "5000 digits"])
def test_parse_amount_refuses_long_text_at_once_naming_the_field(text):
    with Timer() as timer, pytest.raises(vietqr.PayloadError) as info:
        vietqr.parse_amount(text)
    assert timer.seconds < BUDGET
    assert info.value.field == "amount"
    assert str(info.value).startswith(TOO_LONG)
    assert len(str(info.value)) < 200  # the hostile text is not echoed back


def test_parse_amount_refuses_a_huge_int_without_crashing():
    with pytest.raises(vietqr.PayloadError) as info:
        vietqr.parse_amount(10 ** 5000)
    assert info.value.field == "amount"
    assert "quá lớn" in str(info.value)


@pytest.mark.parametrize("text", [
    "1.000.000.000.000 đồng", "9 999 999 999 999 VNĐ", "150.000đ", "150000\u00a0₫", "150000 Dong",
])
def test_longest_real_amounts_still_parse(text):
    assert vietqr.parse_amount(text) > 0


@pytest.mark.parametrize("text", [*HOSTILE, LONG_DIGITS], ids=[*HOSTILE_IDS, "5000 digits"])
def test_shop_page_refuses_a_hostile_amount_quickly(client, text):
    with Timer() as timer:
        response = client.get("/s/TH2A", query_string={"amount": text})
    assert timer.seconds < BUDGET
    assert response.status_code == 200  # the page with the plain code and the message
    assert TOO_LONG in response.get_data(as_text=True)


@pytest.mark.parametrize("text", [*HOSTILE, LONG_DIGITS], ids=[*HOSTILE_IDS, "5000 digits"])
def test_qr_endpoint_refuses_a_hostile_amount_with_a_400(client, text):
    with Timer() as timer:
        response = client.get("/s/TH2A/qr.svg", query_string={"amount": text})
    assert timer.seconds < BUDGET
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith(TOO_LONG)


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_admin_shop_form_refuses_a_hostile_amount_quickly(member, text):
    token = csrf_token(member, "/admin/shops/new")
    form = {"csrf_token": token, "code": "BX4K", "name": "Bánh xèo", "owner": "",
            "bank": "970436", "account": "0011009876543", "holder": "LE THI TU",
            "amount": text, "purpose": "", "action": "save"}
    with Timer() as timer:
        response = member.post("/admin/shops/new", data=form)
    assert timer.seconds < BUDGET
    assert response.status_code == 400
    assert TOO_LONG in response.get_data(as_text=True)


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_shop_csv_import_refuses_a_hostile_amount_quickly(member, text):
    token = csrf_token(member, "/admin/shops/import")
    data = csv_with_amount(text).encode()
    with Timer() as timer:
        response = member.post("/admin/shops/import", data={
            "csrf_token": token, "encoding": "auto", "file": (io.BytesIO(data), "shops.csv")},
            content_type="multipart/form-data")
    assert timer.seconds < BUDGET
    assert response.status_code == 400
    assert TOO_LONG in response.get_data(as_text=True)


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_print_shop_cards_csv_refuses_a_hostile_amount_quickly(app, tmp_path, text):
    csv_file = tmp_path / "shops.csv"
    csv_file.write_text(csv_with_amount(text), encoding="utf-8")
    with Timer() as timer:
        result = CliRunner().invoke(
            main, ["print", "shop-cards", "--csv", str(csv_file), "--out", str(tmp_path / "x.pdf")],
            obj=ScriptInfo(create_app=lambda: app))
    assert timer.seconds < BUDGET
    assert result.exit_code == 2
    assert "shops.csv:2: amount: " + TOO_LONG in result.output


@pytest.mark.parametrize("text", HOSTILE, ids=HOSTILE_IDS)
def test_pack_shops_csv_refuses_a_hostile_amount_quickly(tmp_path, text):
    pack = write_pack(tmp_path / "pack", shops=SHOPS_CSV + f"BX4K,Bánh xèo,,970436,001100987,"
                                                          f"LE THI TU,{text},,0\n")
    with Timer() as timer:
        _, problems = check(pack)
    assert timer.seconds < BUDGET
    assert [(p.file, p.field, p.message[:len(TOO_LONG)]) for p in problems] == [
        ("shops.csv", "amount", TOO_LONG)]


def test_a_hostile_request_does_not_freeze_the_server(app):
    server = create_server(app, host="127.0.0.1", port=0, threads=4, asyncore_use_poll=True)
    closed = threading.Event()

    def serve():
        try:
            server.run()
        except OSError:  # select() on the socket closed below, at the end of the test
            if not closed.is_set():
                raise

    serving = threading.Thread(target=serve, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    hostile: dict = {}

    def attack():
        url = f"{base}/s/TH2A/qr.svg?" + urllib.parse.urlencode({"amount": HOSTILE[0]})
        try:
            urllib.request.urlopen(url, timeout=60)
        except urllib.error.HTTPError as exc:
            hostile["status"] = exc.code

    def healthz_seconds() -> float:
        with Timer() as timer, urllib.request.urlopen(f"{base}/healthz", timeout=60) as r:
            assert r.status == 200
        return timer.seconds

    try:
        healthz_seconds()  # warm up
        attacker = threading.Thread(target=attack)
        attacker.start()
        times = []
        while attacker.is_alive() or len(times) < 5:  # ask while the hostile request runs
            times.append(healthz_seconds())
        attacker.join()
    finally:
        closed.set()
        server.close()
        serving.join(timeout=5)
    assert max(times) < BUDGET
    assert hostile == {"status": 400}


# --- coordinates on the site form -------------------------------------------------------------

def site_form(**changes):
    data = {"slug": "dinh-thu", "position": "1", "name.vi": "Đình làng Thử",
            "name.en": "Test communal house", "summary.vi": "Một ngôi đình.",
            "summary.en": "A communal house.", "category.vi": "Đình làng", "category.en": "",
            "directions.vi": "", "directions.en": "", "year": "1835", "lat": "21.5",
            "lon": "105.8", "story.vi": "Đình.", "story.en": "Built.", "action": "save"}
    return {**data, **changes}


@pytest.mark.parametrize(("lat", "lon"), [
    ("1" + " " * 20_000 + "x", ""), ("1" + " " * 20_000 + "1", ""), ("1" * 5000, "105"),
    ("21", "1" + "\u00a0" * 20_000 + "1"),
], ids=["spaces then letter", "spaces between numbers", "5000 digits", "lon with no-break spaces"])
def test_site_form_refuses_long_coordinates_quickly(member, lat, lon):
    with Timer() as timer:
        response = post(member, "/admin/sites/dinh-thu", site_form(lat=lat, lon=lon))
    assert timer.seconds < BUDGET * 4  # the form page itself takes a while to render
    assert response.status_code == 400
    assert "quá dài" in response.get_data(as_text=True)


@pytest.mark.parametrize(("lat", "expected"), [
    ("21.0285, 105.8542", (21.0285, 105.8542)),
    ("21,0285; 105,8542", (21.0285, 105.8542)),
    ("21.0285 105.8542", (21.0285, 105.8542)),
    ("-21.5 , +105", (-21.5, 105.0)),
])
def test_site_form_still_takes_a_pasted_pair(app, member, lat, expected):
    post(member, "/admin/sites/dinh-thu", site_form(lat=lat, lon=""))
    with closing(connect(app)) as conn:
        row = conn.execute("SELECT lat, lon FROM sites WHERE slug = 'dinh-thu'").fetchone()
    assert (row["lat"], row["lon"]) == expected


# --- CSV cells Excel would run as formulas ----------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("  =1+1", "'  =1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("\u00a0=1", "'\u00a0=1"),
    ("＝1+1", "'＝1+1"),
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    (";=1+1", "';=1+1"),
    (",=1+1", "',=1+1"),
    ("; =1+1", "'; =1+1"),
    (",＠x", "',＠x"),
    ("Tạp hóa Cô Lan", "Tạp hóa Cô Lan"),
    ("1+1=2", "1+1=2"),
    (";ghi chú", ";ghi chú"),
    ("", ""),
    (-5, "-5"),
    (42, "42"),
])
def test_excel_safe(value, expected):
    assert excel_safe(value) == expected


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_shop_export_guards_formula_like_cells(app, member):
    with closing(connect(app)) as conn, conn:
        conn.execute("UPDATE shops SET name = ' ＝HYPERLINK(\"http://x\")', purpose = ';=1+1'"
                     " WHERE code = 'TH2A'")
    rows = read_csv(member.get("/admin/shops/export.csv").data)
    row = next(r for r in rows if r[0] == "TH2A")
    assert (row[1], row[7]) == ("' ＝HYPERLINK(\"http://x\")", "';=1+1")


def test_stats_csv_guards_formula_like_cells(app, member):
    with closing(connect(app)) as conn, conn:
        conn.execute("INSERT INTO usage_daily (day, event, subject, n) VALUES (?, ?, ?, ?)",
                     (date.today().isoformat(), "guide_open", " -2+3", 4))
    rows = read_csv(member.get("/admin/stats/usage.csv").data)
    assert [date.today().isoformat(), "guide_open", "' -2+3", "4"] in rows


def test_activity_csv_guards_formula_like_cells(app, member):
    token = csrf_token(member, "/admin/activity")
    member.post("/admin/activity", data={"csrf_token": token, "skill": "vneid", "people": "2",
                                         "note": "＠cmd|' /C calc'!A0"})
    month = date.today().isoformat()[:7]
    rows = read_csv(member.get(f"/admin/activity.csv?month={month}").data)
    assert rows[1][5] == "'＠cmd|' /C calc'!A0"
    assert rows[1][2:4] == ["2", "0"]


def test_shop_rows_refuse_formula_like_names():
    report = Report()
    text = (CSV_HEAD + "BX4K, ＝1+1,,970436,0011009876543,LE THI TU,,,0\n"
            + "BX5K,;=1+1,,970436,0011009876544,LE THI TU,,,0\n")
    shops = parse_csv(text, "shops.csv", report)
    assert shops == []
    assert [(p.line, p.field) for p in report.problems] == [(2, "name"), (3, "name")]
