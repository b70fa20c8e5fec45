"""The commune machine: registering hamlets, taking in bundles, replays, 40 hamlets × 12 months."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from kiosk.backup.archive import create_backup
from kiosk.backup.restore import restore_backup
from kiosk.cli import main
from kiosk.commune import dashboard, inbox
from printables.commune_report import commune_report_pdf
from tests.helpers import pdfcheck
from tests.helpers.commune import fp, signed

# The commune's clock in these tests: after every bundle they make.
NOW = datetime(2026, 12, 28, 9, 0, tzinfo=UTC)


def test_an_unknown_hamlet_is_held_until_its_fingerprint_is_confirmed(conn):
    key = SigningKey.generate()
    data = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z")
    [held] = inbox.import_bundles(conn, [("dong.json", data)], "xa", now=NOW)
    assert held.status == inbox.UNKNOWN and fp(key) in held.message
    assert dashboard.overview(conn, "2026-11").hamlets == []
    [taken] = inbox.import_bundles(conn, [("dong.json", data)], "xa", frozenset({fp(key)}), now=NOW)
    assert taken.status == inbox.NEW
    view = dashboard.overview(conn, "2026-11")
    assert [h.name for h in view.hamlets] == ["Thôn Đông"] and view.month_total("2026-11") == 30


def test_only_a_newer_bundle_replaces_a_month(conn):
    key = SigningKey.generate()
    first = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z")
    newer = signed(key, "Thôn Đông", "2026-11", 35, "2026-12-03T08:00:00Z")
    inbox.import_bundles(conn, [("a.json", first)], "xa", frozenset({fp(key)}), now=NOW)
    assert inbox.import_bundles(conn, [("b.json", newer)], "xa", now=NOW)[0].status == inbox.REPLACED
    replay = inbox.import_bundles(conn, [("a.json", first)], "xa", now=NOW)[0]
    assert replay.status == inbox.OLDER and "mới hơn" in replay.message
    assert inbox.import_bundles(conn, [("b.json", newer)], "xa", now=NOW)[0].status == inbox.SAME
    assert dashboard.overview(conn, "2026-11").month_total("2026-11") == 35


def test_one_batch_with_both_versions_keeps_the_newer(conn):
    key = SigningKey.generate()
    older = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z")
    newer = signed(key, "Thôn Đông", "2026-11", 35, "2026-12-03T08:00:00Z")
    inbox.import_bundles(conn, [("new.json", newer), ("old.json", older)], "xa",
                         frozenset({fp(key)}), now=NOW)
    assert dashboard.overview(conn, "2026-11").month_total("2026-11") == 35


def test_a_tampered_file_is_refused_and_nothing_of_it_is_stored(conn):
    key = SigningKey.generate()
    document = json.loads(signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z"))
    document["payload"]["skills"]["vneid"]["households"] = 300
    [refused] = inbox.import_bundles(conn, [("x.json", json.dumps(document).encode())], "xa",
                                     frozenset({fp(key)}), now=NOW)
    assert refused.status == inbox.REFUSED and "chữ ký không khớp" in refused.message
    assert dashboard.overview(conn, "2026-11").hamlets == []


def test_forty_hamlets_by_twelve_months_make_the_dashboard_csv_and_pdf(conn):
    keys = [SigningKey.generate() for _ in range(40)]
    months = dashboard.months_ending("2026-11", 12)
    files = [(f"{i}-{m}.json", signed(k, f"Thôn {i + 1:02d}", m, i + j, f"{m}-28T08:00:00Z"))
             for i, k in enumerate(keys) for j, m in enumerate(months)
             if not (i == 39 and m == "2026-11")]  # one hamlet has not sent November
    outcomes = inbox.import_bundles(conn, files, "xa", frozenset(fp(k) for k in keys), now=NOW)
    assert {o.status for o in outcomes} == {inbox.NEW} and len(outcomes) == 479
    view = dashboard.overview(conn, "2026-11")
    assert len(view.hamlets) == 40 and [h.name for h in view.missing] == ["Thôn 40"]
    assert view.month_total("2026-11") == sum(i + 11 for i in range(39))
    lines = dashboard.overview_csv(view).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 479 and lines[0].startswith("thon,ma_nhan_dien,thang")
    spec = dashboard.report_spec(view, "Xã Hòa Bình", "Tỉnh Mẫu")
    pdf = commune_report_pdf(spec)
    text = "\n".join(pdfcheck.page_texts(pdf))
    assert "Thôn 01" in text and "Thôn 39" in text and "Thôn chưa gửi" in text
    assert "Thôn 40" in text.split("Thôn chưa gửi")[1]


def test_the_cli_imports_a_folder_and_refuses_unknown_hamlets(tmp_path):
    from click.testing import CliRunner

    data = tmp_path / "data"
    key = SigningKey.generate()
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "dong.json").write_bytes(signed(key, "Thôn Đông", "2026-11", 30,
                                              "2026-12-01T08:00:00Z"))
    run = lambda *a: CliRunner().invoke(main, ["--data", str(data), *a])  # noqa: E731
    assert run("commune", "init").exit_code == 0
    unknown = run("commune", "import", str(folder))
    assert unknown.exit_code == 2 and fp(key) in unknown.output
    taken = run("commune", "import", str(folder), "--register", fp(key).lower())
    assert taken.exit_code == 0 and "Đã nhận 1/1 tệp." in taken.output
    out = tmp_path / "xa.pdf"
    report = run("commune", "report", "--month", "2026-11", "--out", str(out), "--csv",
                 str(tmp_path / "xa.csv"))
    assert report.exit_code == 0, report.output
    assert "Thôn Đông" in "\n".join(pdfcheck.page_texts(out.read_bytes()))
    assert json.loads((data / "settings.json").read_text())["COMMUNE_MODE"] is True


def test_a_restored_backup_rechecks_every_stored_signature(tmp_path, conn):
    key = SigningKey.generate()
    inbox.import_bundles(conn, [("a.json", signed(key, "Thôn Đông", "2026-11", 30,
                                                  "2026-12-01T08:00:00Z"))], "xa",
                         frozenset({fp(key)}), now=NOW)
    stored = json.loads(conn.execute("SELECT payload FROM commune_reports").fetchone()[0])
    stored["skills"]["vneid"]["households"] = 31  # changed after signing
    conn.execute("UPDATE commune_reports SET payload = ?", (json.dumps(stored),))
    conn.commit()
    archive = create_backup(tmp_path, tmp_path / "b.zip").path
    with pytest.raises(ValueError) as raised:
        restore_backup(Path(tmp_path), archive)
    assert any("commune_reports" in str(p) or "chữ ký" in str(p) for p in raised.value.problems)
