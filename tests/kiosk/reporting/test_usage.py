"""Usage counts: exact under load, batched off the request path, nothing personal stored."""

from __future__ import annotations

import sqlite3
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk import db
from kiosk.reporting import charts, usage

SVG = "{http://www.w3.org/2000/svg}"


def _conn(app) -> sqlite3.Connection:
    return db.connect(Path(app.config["DATA"]) / db.DB_NAME)


def stored(app, event: str, subject: str | None = None) -> int:
    conn = _conn(app)
    sql, args = "SELECT COALESCE(SUM(n), 0) FROM usage_daily WHERE event = ?", [event]
    if subject is not None:
        sql, args = sql + " AND subject = ?", [event, subject]
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def flush(app) -> None:
    usage.get_recorder(app).flush()


def test_counts_from_many_threads_are_exact_while_flushing(app):
    recorder = usage.get_recorder(app)
    threads_n, per_thread = 16, 500
    stop = threading.Event()

    def hammer():
        for _ in range(per_thread):
            recorder.count(usage.GUIDE_OPEN, "kich-hoat-vneid")

    def flusher():
        while not stop.is_set():
            recorder.flush()

    background = threading.Thread(target=flusher)
    background.start()
    workers = [threading.Thread(target=hammer) for _ in range(threads_n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    background.join()
    recorder.flush()
    assert stored(app, usage.GUIDE_OPEN, "kich-hoat-vneid") == threads_n * per_thread


def test_page_views_from_concurrent_clients_are_exact(app):
    threads_n, per_thread = 8, 25
    statuses: list[int] = []

    def visit(phone: int):
        client = app.test_client()
        for _ in range(per_thread):
            statuses.append(client.get("/s/PH3B", environ_base={"REMOTE_ADDR": f"10.0.0.{phone}"})
                            .status_code)

    workers = [threading.Thread(target=visit, args=(i,)) for i in range(threads_n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    flush(app)
    assert statuses == [200] * (threads_n * per_thread)
    assert stored(app, usage.SHOP_VIEW, "PH3B") == threads_n * per_thread


def test_page_loads_do_not_write_until_the_batch_is_flushed(app, client):
    client.get("/s/PH3B")
    client.get("/guides/kich-hoat-vneid")
    assert stored(app, usage.SHOP_VIEW) == 0
    assert usage.get_recorder(app).pending() >= 2
    flush(app)
    assert stored(app, usage.SHOP_VIEW, "PH3B") == 1


def test_pages_served_from_the_cache_are_counted_too(app, client):
    for _ in range(3):
        assert client.get("/guides/kich-hoat-vneid").status_code == 200
    flush(app)
    assert stored(app, usage.GUIDE_OPEN, "kich-hoat-vneid") == 3


def test_heritage_link_scans_count_per_site_and_unknown_codes_do_not(app, client):
    assert client.get("/h/DH7K").status_code == 302
    assert client.get("/h/dh7k").status_code == 302  # hand-typed in lower case
    assert client.get("/h/ZZZZ").status_code == 404
    flush(app)
    assert stored(app, usage.HERITAGE_SCAN, "DH7K") == 2
    assert stored(app, usage.HERITAGE_SCAN) == 2


def test_a_kiosk_visit_that_stops_early_records_the_last_step_seen(app, kiosk_client):
    for path in ("/", "/guides/kich-hoat-vneid", "/guides/kich-hoat-vneid/1",
                 "/guides/kich-hoat-vneid/2", "/attract"):
        assert kiosk_client.get(path).status_code == 200
    flush(app)
    assert stored(app, usage.SESSION) == 1
    assert stored(app, usage.GIVE_UP, "kich-hoat-vneid/2") == 1
    assert stored(app, usage.GIVE_UP) == 1


def test_a_visit_that_reaches_the_end_is_a_completion_not_a_give_up(app, kiosk_client):
    for path in ("/", "/guides/kich-hoat-vneid", "/guides/kich-hoat-vneid/1",
                 "/guides/kich-hoat-vneid/3", "/guides/kich-hoat-vneid/done", "/attract", "/"):
        assert kiosk_client.get(path).status_code == 200
    usage.get_recorder(app).close()
    assert stored(app, usage.GUIDE_DONE, "kich-hoat-vneid") == 1
    assert stored(app, usage.GIVE_UP) == 0
    assert stored(app, usage.SESSION) == 2  # the attract screen started a second visit


def test_phones_are_not_counted_as_kiosk_sessions(app, client):
    client.get("/guides/kich-hoat-vneid/1")
    flush(app)
    assert stored(app, usage.SESSION) == 0


def test_idle_visits_end_and_leave_only_their_give_up_count(app):
    recorder = usage.get_recorder(app)
    step_one = (0.0, "guides.step", {"slug": "kich-hoat-vneid", "n": 1}, 200, "10.0.0.1", None)
    token = recorder.record(step_one)
    recorder.end_idle_visits(now=usage.VISIT_IDLE_SECONDS / 2)
    recorder.flush()
    assert stored(app, usage.GIVE_UP) == 0
    recorder.end_idle_visits(now=usage.VISIT_IDLE_SECONDS + 1)
    recorder.flush()
    assert token is not None
    assert stored(app, usage.GIVE_UP, "kich-hoat-vneid/1") == 1
    assert not recorder.knows(token)  # the old cookie value means nothing any more


def test_the_background_writer_flushes_without_a_request(tmp_path, app):
    recorder = usage.Recorder(Path(app.config["DATA"]) / db.DB_NAME, interval=0.05)
    recorder.count(usage.SHOP_VIEW, "TH2A")
    deadline = time.monotonic() + 5
    while stored(app, usage.SHOP_VIEW, "TH2A") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    recorder.close()
    assert stored(app, usage.SHOP_VIEW, "TH2A") == 1


def test_a_failed_write_keeps_the_counts_for_the_next_try(tmp_path):
    recorder = usage.Recorder(tmp_path / "missing" / "db.sqlite3")
    recorder.count(usage.SHOP_VIEW, "TH2A", n=5)
    with pytest.raises(sqlite3.OperationalError):
        recorder.flush()
    assert recorder.pending() == 5


def test_usage_writes_do_not_touch_the_page_cache_version(app, client):
    conn = _conn(app)
    before = conn.execute("SELECT n FROM content_version").fetchone()[0]
    client.get("/s/PH3B")
    flush(app)
    after = conn.execute("SELECT n FROM content_version").fetchone()[0]
    conn.close()
    assert after == before


def test_nothing_personal_is_stored(app):
    address, agent = "203.0.113.77", "Mozilla/5.0 (Linux; Android 13; SM-A145F) LangSoProbe/1.0"
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    client.get("/attract")
    response = client.get("/guides/kich-hoat-vneid/1")
    token = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    client.get("/s/PH3B")
    client.get("/h/DH7K")
    usage.get_recorder(app).close()

    conn = _conn(app)
    columns = [r["name"] for r in conn.execute("PRAGMA table_info(usage_daily)")]
    rows = [tuple(r) for r in conn.execute("SELECT * FROM usage_daily")]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert columns == ["day", "event", "subject", "n"]
    assert rows  # the visit was counted…
    # …but nowhere in the database files is the address, the browser or the visit's id.
    data = b"".join(p.read_bytes() for p in Path(app.config["DATA"]).glob(db.DB_NAME + "*"))
    for secret in (address, agent, "SM-A145F", token):
        assert secret.encode() not in data, secret
    for row in rows:
        assert set(row[1:3]) <= set(usage.EVENTS) | {"", "PH3B", "DH7K", "kich-hoat-vneid/1"}


@pytest.mark.parametrize("points", [[], [("01", 0), ("02", 0), ("03", 0)]])
def test_charts_render_with_zero_data(points):
    root = ET.fromstring(str(charts.bar_chart(points, "Lượt dùng")))
    assert root.tag == SVG + "svg"
    heights = [float(r.get("height")) for r in root.iter(SVG + "rect")]
    assert all(h == 0 for h in heights)
    assert "Chưa có số liệu" in "".join(root.itertext())


def test_chart_bars_are_proportional_and_labels_escaped():
    root = ET.fromstring(str(charts.bar_chart([("<a>", 2), ("b", 4)], "x & y")))
    heights = [float(r.get("height")) for r in root.iter(SVG + "rect")]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert "<a>: 2" in "".join(root.itertext())


def test_a_forged_kiosk_cookie_counts_no_session(app):
    for _ in range(5):
        client = app.test_client()
        client.set_cookie("langso_kiosk", "1")
        assert client.get("/guides/kich-hoat-vneid").status_code == 200
    flush(app)
    assert stored(app, usage.SESSION) == 0


def test_new_visits_from_one_address_are_capped_per_minute(app):
    for _ in range(usage.VISITS_PER_MINUTE * 5):
        client = app.test_client()  # no cookies kept: every request would be a new visit
        client.get("/attract")
        client.get("/")
    flush(app)
    assert stored(app, usage.SESSION) == usage.VISITS_PER_MINUTE


def test_counts_from_one_address_are_capped_per_minute_but_others_still_count(app, client):
    for _ in range(usage.COUNTS_PER_MINUTE + 40):
        client.get("/s/PH3B")
    client.get("/s/PH3B", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    flush(app)
    assert stored(app, usage.SHOP_VIEW, "PH3B") == usage.COUNTS_PER_MINUTE + 1


def test_address_budget_starts_again_each_minute():
    budget = usage.AddressBudget(2)
    assert [budget.take("a", now=0.0) for _ in range(3)] == [True, True, False]
    assert budget.take("b", now=1.0)
    assert budget.take("a", now=61.0)
