"""The signed monthly bundle: what goes in, that any change breaks it, that bad files are refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk import db
from kiosk.cli.report import report_command
from kiosk.commune import bundle, identity
from kiosk.db import transaction
from kiosk.reporting import activity
from kiosk.store import settings as setting_store

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def hamlet(app):
    """The test hamlet with a month of activity and usage, its key, and a connection."""
    data = Path(app.config["DATA"])
    conn = db.connect(data / db.DB_NAME)
    with transaction(conn):
        setting_store.save_settings(conn, {"households": 200})
        activity.add_entry(conn, activity.Entry("2026-11-03", "vneid", 6, 5, "Bà Tư, xóm Đông",
                                                "member-tuan"))
        activity.add_entry(conn, activity.Entry("2026-11-20", "payment", 4, 3, "", "member-lan"))
        conn.execute("INSERT INTO usage_daily VALUES ('2026-11-05', 'session', '', 12)")
        conn.execute("INSERT INTO usage_daily VALUES ('2026-11-05', 'quiz_answer', 'sms-otp/right', 3)")
        conn.execute("INSERT INTO usage_daily VALUES ('2026-11-06', 'quiz_answer', 'sms-otp/wrong', 1)")
        conn.execute("INSERT INTO usage_daily VALUES ('2026-10-31', 'session', '', 99)")
    yield conn, identity.load_or_create(data)
    conn.close()


def signed(hamlet, month: str = "2026-11") -> bytes:
    conn, key = hamlet
    return bundle.sign_bundle(bundle.build_payload(conn, month, key, "0.1.0", now=NOW), key)


def test_a_bundle_reads_back_with_the_month_figures(hamlet):
    read = bundle.read_bundle(signed(hamlet))
    assert (read.month, read.households, read.households_guided, read.coverage) == \
        ("2026-11", 200, 8, 0.04)
    assert read.skills["vneid"] == (1, 6, 5) and read.skills["payment"] == (1, 4, 3)
    assert read.usage["kiosk_sessions"] == 12  # October's 99 are not November's
    assert read.quiz == (4, 3)
    assert read.fingerprint == identity.fingerprint(hamlet[1].verify_key)
    assert read.created_at == "2026-12-01T08:00:00Z"


def test_a_bundle_holds_no_names_or_notes(hamlet):
    text = signed(hamlet).decode()
    assert "Bà Tư" not in text and "member-" not in text


def test_reindenting_the_file_keeps_it_valid(hamlet):
    document = json.loads(signed(hamlet))
    assert bundle.read_bundle(json.dumps(document, ensure_ascii=False).encode()).month == "2026-11"


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    else:
        yield path


def _changed(value):
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int):
        return value + 1
    return value[:-1] + ("X" if value[-1:] != "X" else "Y") if value else "X"


def test_changing_any_value_breaks_the_signature(hamlet):
    document = json.loads(signed(hamlet))
    paths = list(_leaves(document["payload"]))
    assert len(paths) > 30
    for path in paths:
        tampered = json.loads(json.dumps(document))
        parent = tampered["payload"]
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = _changed(parent[path[-1]])
        with pytest.raises(bundle.BundleError):
            bundle.read_bundle(json.dumps(tampered).encode())


def test_a_bundle_signed_by_another_key_names_that_key(hamlet, tmp_path):
    conn, _ = hamlet
    other = identity.load_or_create(tmp_path)
    read = bundle.read_bundle(bundle.sign_bundle(
        bundle.build_payload(conn, "2026-11", other, "0.1.0", now=NOW), other))
    assert read.fingerprint == identity.fingerprint(other.verify_key)
    assert read.fingerprint != identity.fingerprint(hamlet[1].verify_key)


@pytest.mark.parametrize(("data", "reason"), [
    (b"x" * (bundle.MAX_BYTES + 1), "quá lớn"),
    (b"\xff\xfe", "không phải tệp báo cáo"),
    (b'{"payload": {}, "payload": {}, "signature": ""}', "khóa lặp lại"),
    (b"[]", "phải là một bảng"),
    (b'{"payload": {}, "signature": ""}', "thiếu"),
])
def test_files_that_are_not_bundles_are_refused_with_the_reason(data, reason):
    with pytest.raises(bundle.BundleError, match=reason):
        bundle.read_bundle(data)


@pytest.mark.parametrize(("path", "value", "reason"), [
    (("usage", "guide_opens"), -1, "usage.guide_opens: phải là số nguyên"),
    (("usage", "guide_opens"), True, "usage.guide_opens: phải là số nguyên"),
    (("skills", "vneid", "people"), 1.5, "skills.vneid.people"),
    (("month",), "2026-13", "month: sai dạng"),
    (("hamlet", "name"), "x" * 81, "hamlet.name"),
    (("hamlet", "name"), "Thôn\x07", "hamlet.name: có ký tự không hợp lệ"),
    (("quiz", "right"), 99, "quiz.right: nhiều hơn"),
])
def test_wrong_values_are_named_before_the_signature_is_checked(hamlet, path, value, reason):
    document = json.loads(signed(hamlet))
    parent = document["payload"]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(bundle.BundleError, match=reason):
        bundle.read_bundle(json.dumps(document).encode())


def test_the_file_name_says_whose_and_which_month(hamlet):
    payload = json.loads(signed(hamlet))["payload"]
    payload["hamlet"]["name"] = "Thôn Đông Hòa"
    assert bundle.file_name(payload) == "bao-cao-thon-dong-hoa-2026-11.json"


def test_report_cli_writes_a_bundle_and_says_the_fingerprint(app, runner, hamlet, tmp_path):
    out = tmp_path / "thang-11.json"
    result = runner.invoke(report_command, ["--month", "2026-11", "--bundle", str(out)])
    assert result.exit_code == 0, result.output
    assert identity.fingerprint(hamlet[1].verify_key) in result.output
    assert bundle.read_bundle(out.read_bytes()).skills["vneid"] == (1, 6, 5)


def test_report_cli_needs_an_output(runner):
    result = runner.invoke(report_command, ["--month", "2026-11"])
    assert result.exit_code == 2 and "--bundle" in result.output
