"""The `timezone` setting: checked in the admin form and in packs; the admin shows local time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from kiosk import db
from kiosk.backup import archive
from kiosk.packs.check import load
from kiosk.problems import PackError
from kiosk.reporting import usage
from kiosk.store import settings as setting_store
from kiosk.timekeeping import localtime
from tests.helpers.admin import csrf_token
from tests.helpers.packbuilder import write_pack

FORM = {"hamlet": "Thôn Thử", "commune": "Xã Thử", "province": "Tỉnh Thử", "public_base_url": "",
        "wifi_name": "", "wifi_password": "", "idle_timeout": "90"}
SETTINGS_YAML = "hamlet: Thôn Thử\ncommune: Xã Thử\nprovince: Tỉnh Thử\n"


def set_zone(app, name: str) -> None:
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    with db.transaction(conn):
        setting_store.save_settings(conn, {"timezone": name})
    conn.close()


def test_a_form_without_a_zone_means_vietnam():
    values, errors, _ = setting_store.check_settings(FORM)
    assert errors == {}
    assert values["timezone"] == "Asia/Ho_Chi_Minh"


def test_the_admin_saves_a_zone(app, admin):
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert 'name="timezone" type="text" value="Asia/Ho_Chi_Minh"' in page
    assert "Múi giờ" in page
    data = {**FORM, "timezone": "Asia/Bangkok", "csrf_token": csrf_token(admin, "/admin/settings")}
    assert admin.post("/admin/settings", data=data).status_code == 302
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    assert setting_store.get_settings(conn)["timezone"] == "Asia/Bangkok"
    conn.close()


def test_an_unknown_zone_is_refused_with_the_field_named(admin):
    data = {**FORM, "timezone": "Asia/Hanoi", "csrf_token": csrf_token(admin, "/admin/settings")}
    response = admin.post("/admin/settings", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "không có múi giờ &#39;Asia/Hanoi&#39; (ví dụ đúng: Asia/Ho_Chi_Minh)" in page
    assert re.search(r"<input id=\"timezone\"[^>]*value=\"Asia/Hanoi\"[^>]*aria-invalid=\"true\"", page)


def test_a_pack_may_set_the_zone_and_a_wrong_one_names_file_line_and_field(tmp_path):
    good = write_pack(tmp_path / "good", extra={
        "settings.yaml": (SETTINGS_YAML + "timezone: Asia/Bangkok\n").encode()})
    assert load(good).settings["timezone"] == "Asia/Bangkok"
    bad = write_pack(tmp_path / "bad", extra={
        "settings.yaml": (SETTINGS_YAML + "timezone: Mars/Olympus\n").encode()})
    with pytest.raises(PackError) as caught:
        load(bad)
    assert ("settings.yaml:4: timezone: không có múi giờ 'Mars/Olympus' (ví dụ đúng: "
            "Asia/Ho_Chi_Minh)") in [str(p) for p in caught.value.problems]


def test_the_audit_log_shows_local_time_with_the_offset(app, admin):
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    with db.transaction(conn):
        conn.execute("INSERT INTO audit_log (at, user_name, action) VALUES (?, ?, ?)",
                     ("2026-11-30T23:30:00Z", "chu-tich", "sửa thiết lập"))
    conn.close()
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Lúc (UTC)" not in page
    assert "<td>2026-12-01 06:30 (+07:00)</td>" in page
    set_zone(app, "Europe/Berlin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert "<td>2026-12-01 00:30 (+01:00)</td>" in page


def test_the_backups_page_shows_local_time(app, admin):
    data_dir = app.config["DATA"]
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    path = archive.new_backup_path(data_dir, "manual", late)
    archive.create_backup(data_dir, path, "manual", late)
    assert path.name == "langso-2026-12-01-0630+0700-manual.zip"
    page = admin.get("/admin/backups").get_data(as_text=True)
    assert "Lúc (UTC)" not in page
    assert "<td>2026-12-01 06:30 (+07:00)</td>" in page


def test_activity_form_defaults_to_the_hamlets_today(admin, monkeypatch):
    monkeypatch.setattr(localtime, "utc_now", lambda: datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    page = admin.get("/admin/activity").get_data(as_text=True)
    assert 'max="2026-12-01" value="2026-12-01"' in page


def test_usage_counts_go_to_the_hamlets_day(app, monkeypatch):
    monkeypatch.setattr(localtime, "utc_now", lambda: datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    recorder = usage.get_recorder(app)
    recorder.count(usage.SESSION)
    recorder.flush()
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    days = [r["day"] for r in conn.execute("SELECT day FROM usage_daily WHERE event = ?",
                                           (usage.SESSION,))]
    conn.close()
    assert days == ["2026-12-01"]


def test_a_saved_zone_applies_to_the_next_count_and_flush(app, admin, monkeypatch):
    monkeypatch.setattr(localtime, "utc_now", lambda: datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    data = {**FORM, "timezone": "America/Lima", "csrf_token": csrf_token(admin, "/admin/settings")}
    assert admin.post("/admin/settings", data=data).status_code == 302
    assert usage.get_recorder(app).today() == "2026-11-30"



def test_the_commune_csv_gives_when_each_file_was_made_with_the_offset():
    from kiosk.commune import dashboard

    hamlet = SimpleNamespace(name="Thôn Một", fingerprint="AB12", public_key="k")
    made = SimpleNamespace(coverage=None, households=0, households_guided=3, skills={},
                           usage={"kiosk_sessions": 1, "guide_opens": 2, "guide_completions": 1},
                           created_at="2026-11-30T23:30:00Z")
    view = dashboard.Overview(["2026-11"], [hamlet], {("k", "2026-11"): made})
    header, row = dashboard.overview_csv(view).decode("utf-8-sig").splitlines()
    assert header.endswith(",lap_luc")
    assert row.endswith(",2026-12-01T06:30:00+07:00")
    berlin = dashboard.overview_csv(view, localtime.zone_of({"timezone": "Europe/Berlin"}))
    assert berlin.decode("utf-8-sig").splitlines()[1].endswith(",2026-12-01T00:30:00+01:00")
