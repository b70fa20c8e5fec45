"""The team's activity log: the quick form, its Vietnamese messages, the month's CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk import db
from kiosk.cli.report import stats_command
from kiosk.reporting import activity
from tests.helpers.admin import MEMBER, csrf_token, login, make_accounts

TODAY = date(2026, 11, 22)
BAD_DAY = "Ngày không hợp lệ: hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-01."


@pytest.fixture
def member(app, client):
    make_accounts(app)
    login(client, MEMBER)
    return client


def rows(app) -> list[dict]:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM activity_log ORDER BY id")]
    finally:
        conn.close()


def post(client, **fields):
    token = csrf_token(client, "/admin/activity")
    return client.post("/admin/activity", data={"csrf_token": token, **fields})


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"skill": "", "people": "3"}, "skill", "Kỹ năng: hãy chọn một kỹ năng đã hỗ trợ."),
    ({"skill": "hacking", "people": "3"}, "skill", "Kỹ năng: hãy chọn một kỹ năng đã hỗ trợ."),
    ({"skill": "vneid", "people": ""}, "people", "Số người: chưa nhập (ghi 0 nếu không có)."),
    ({"skill": "vneid", "people": "-2"}, "people", "Số người: hãy nhập một số (0, 1, 2…)."),
    ({"skill": "vneid", "people": "99999"}, "people", "Số người: số này quá lớn (tối đa 10000)."),
    ({"skill": "vneid", "people": "9" * 5000}, "people", "Số người: số này quá lớn (tối đa 10000)."),
    ({"skill": "vneid", "people": "²"}, "people", "Số người: hãy nhập một số (0, 1, 2…)."),
    ({"skill": "vneid", "people": "3", "households": "٣"}, "households",
     "Số hộ: hãy nhập một số (0, 1, 2…)."),
    ({"skill": "vneid", "people": "2", "households": "3"}, "households",
     "Số hộ: không thể nhiều hơn số người."),
    ({"skill": "vneid", "people": "2", "day": "2026-13-01"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "20261101"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "2026-W45-1"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "2026-11-1"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "2026-02-29"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "2026-11-01T00"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "２０２６-１１-０１"}, "day", BAD_DAY),
    ({"skill": "vneid", "people": "2", "day": "2026-11-23"}, "day", "Ngày: ngày này chưa tới."),
    ({"skill": "vneid", "people": "2", "note": "x" * 501}, "note",
     "Ghi chú: dài quá (tối đa 500 ký tự)."),
])
def test_bad_entries_are_refused_with_a_message(fields, field, message):
    entry, errors = activity.check_entry(fields, "doan-vien", TODAY)
    assert entry is None
    assert errors[field].message == message


def test_zero_people_is_a_true_answer():
    entry, errors = activity.check_entry({"skill": "safety", "people": "0"}, "doan-vien", TODAY)
    assert errors == {} and entry.people == 0 and entry.households == 0


def test_the_date_defaults_to_today_and_households_to_zero():
    entry, errors = activity.check_entry({"skill": "payment", "people": "4"}, "doan-vien", TODAY)
    assert errors == {}
    assert entry == activity.Entry("2026-11-22", "payment", 4, 0, "", "doan-vien")


def test_the_form_has_a_big_radio_for_each_skill_and_today_filled_in(member):
    page = member.get("/admin/activity").get_data(as_text=True)
    for key, label in activity.SKILLS:
        assert f'type="radio" name="skill" value="{key}"' in page
        assert label in page
    assert f'value="{date.today().isoformat()}"' in page


def test_an_entry_is_stored_under_the_logged_in_member(app, member):
    response = post(member, skill="vneid", people="5", households="2", note="Nhà văn hóa",
                    member="someone-else")
    assert response.status_code == 302
    [row] = rows(app)
    assert (row["day"], row["skill"], row["people"], row["households"], row["note"],
            row["member"]) == (date.today().isoformat(), "vneid", 5, 2, "Nhà văn hóa", MEMBER[0])


def test_a_bad_entry_shows_the_message_keeps_the_input_and_stores_nothing(app, member):
    response = post(member, skill="payment", people="abc", note="giữ lại")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số người: hãy nhập một số (0, 1, 2…)." in page
    assert 'value="payment" required checked' in page
    assert 'value="giữ lại"' in page
    assert rows(app) == []


@pytest.mark.parametrize("day", ["20250101", "2025-W45-1", "2025-1-01"])
def test_a_day_not_written_year_month_day_is_refused_on_the_form(app, member, day):
    response = post(member, skill="vneid", people="2", day=day)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert BAD_DAY in page
    assert f'value="{day}"' in page
    assert rows(app) == []


def test_the_month_csv_is_excel_safe_with_a_bom(app, member):
    post(member, skill="safety", people="3", note="=HYPERLINK(\"http://x\")")
    month = date.today().isoformat()[:7]
    data = member.get(f"/admin/activity.csv?month={month}").get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[1][1:5] == ["Tự bảo vệ trên không gian mạng", "3", "0", MEMBER[0]]
    assert table[1][5] == "'=HYPERLINK(\"http://x\")"


def test_the_month_totals_add_up_the_entries(app):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    entries = [("2026-10-31", "vneid", 9, 9), ("2026-11-01", "vneid", 2, 1),
               ("2026-11-30", "vneid", 3, 2), ("2026-11-15", "payment", 4, 4),
               ("2026-12-01", "payment", 7, 7)]
    for day, skill, people, households in entries:
        activity.add_entry(conn, activity.Entry(day, skill, people, households, "", "a"))
    first, last = activity.check_month("2026-11")
    totals = {t[0]: t[2:] for t in activity.totals_by_skill(conn, first, last)}
    conn.close()
    assert totals["vneid"] == (2, 5, 3)
    assert totals["payment"] == (1, 4, 4)
    assert totals["other"] == (0, 0, 0)


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026/11", "", "2026-11-01"])
def test_months_must_be_year_dash_month(text):
    with pytest.raises(ValueError, match="NĂM-THÁNG"):
        activity.check_month(text)


def test_check_month_knows_month_lengths():
    assert activity.check_month("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert activity.check_month("2026-12")[1] == date(2026, 12, 31)


def test_stats_cli_writes_the_daily_counts(app, runner, tmp_path):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    conn.execute("INSERT INTO usage_daily VALUES (?, 'shop_view', '=PH3B', 4)", (yesterday,))
    conn.close()
    out = tmp_path / "stats.csv"
    result = runner.invoke(stats_command, ["--csv", str(out)])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert table == [["ngay", "su_kien", "doi_tuong", "so_luot"],
                     [yesterday, "shop_view", "'=PH3B", "4"]]


def audit(app) -> list[tuple]:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        return [tuple(r) for r in conn.execute(
            "SELECT user_name, action, target, detail FROM audit_log"
            " WHERE action LIKE '% hoạt động' ORDER BY id")]
    finally:
        conn.close()


def test_an_entry_can_be_corrected_with_zero_people_and_is_audited(app, member):
    post(member, skill="vneid", people="5", households="2", note="Nhà văn hóa")
    [row] = rows(app)
    path = f"/admin/activity/{row['id']}"
    assert path in member.get("/admin/activity").get_data(as_text=True)  # the "Sửa" link
    form = member.get(path).get_data(as_text=True)
    assert 'value="5"' in form and 'value="Nhà văn hóa"' in form
    response = member.post(path, data={"csrf_token": csrf_token(member, path), "action": "save",
                                       "skill": "safety", "people": "0", "households": "0",
                                       "day": row["day"], "note": "Không ai tới"})
    assert response.status_code == 302
    [fixed] = rows(app)
    assert (fixed["skill"], fixed["people"], fixed["households"], fixed["note"],
            fixed["member"]) == ("safety", 0, 0, "Không ai tới", MEMBER[0])
    [(who, action, target, detail)] = audit(app)[1:]
    assert (who, action, target) == (MEMBER[0], "sửa hoạt động", f"lần ghi {row['id']}")
    assert "5 người, 2 hộ → " in detail and "Tự bảo vệ trên không gian mạng, 0 người" in detail


def test_a_bad_correction_names_the_field_and_changes_nothing(app, member):
    post(member, skill="vneid", people="5")
    [row] = rows(app)
    path = f"/admin/activity/{row['id']}"
    response = member.post(path, data={"csrf_token": csrf_token(member, path), "action": "save",
                                       "skill": "vneid", "people": "", "note": "giữ lại"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số người: chưa nhập" in page and 'value="giữ lại"' in page
    assert rows(app)[0]["people"] == 5


def test_an_entry_can_be_removed_and_the_removal_is_audited(app, member):
    post(member, skill="payment", people="2")
    [row] = rows(app)
    path = f"/admin/activity/{row['id']}"
    response = member.post(path, data={"csrf_token": csrf_token(member, path),
                                       "action": "delete"})
    assert response.status_code == 302 and rows(app) == []
    assert audit(app)[-1][1:3] == ("xóa hoạt động", f"lần ghi {row['id']}")
    assert member.get(path).status_code == 404


def test_a_correction_needs_the_csrf_token(app, member):
    post(member, skill="payment", people="2")
    [row] = rows(app)
    response = member.post(f"/admin/activity/{row['id']}", data={"action": "delete"})
    assert response.status_code == 400 and len(rows(app)) == 1
