"""Usage counts without personal data: in-memory counters written to the database in batches.

A page view only adds to a counter in memory (a dict under a lock), so page loads never wait on
the disk; a background thread writes the batch every FLUSH_SECONDS and at shutdown, so a power cut
loses at most the last half minute. Only (day, event, subject, number) is stored: no address,
browser or device of anyone.

Visits: the kiosk's session and the step where people give up need "the same visitor" for a few
minutes. A random visit cookie (browser session only) keys a short-lived map held in memory; the
map is never written to disk, and when a visit ends only its numbers are kept.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from flask import Flask, Response, current_app, request

from kiosk import clock
from kiosk.db import DB_NAME, connect, transaction

FLUSH_SECONDS = 30.0
VISIT_IDLE_SECONDS = 10 * 60  # a kiosk visitor who left; the idle reset comes much sooner
MAX_VISITS = 5000  # bound on memory if many phones open guides at once
VISIT_COOKIE = "langso_visit"
# Counted page views and new visits an address may add per minute: a kiosk or a phone stays far
# below; a script hammering pages to inflate the hamlet's figures is cut off.
COUNTS_PER_MINUTE = 60
VISITS_PER_MINUTE = 6
_log = logging.getLogger(__name__)

# Events and what their subject is.
SESSION = "session"  # kiosk session, subject ''
GUIDE_OPEN = "guide_open"  # guide slug
GUIDE_DONE = "guide_done"  # guide slug
GIVE_UP = "give_up"  # "slug/step" (step 0: left on the overview)
HERITAGE_SCAN = "heritage_scan"  # site code
SHOP_VIEW = "shop_view"  # shop code
PRACTICE_START = "practice_start"  # guide slug
PRACTICE_DONE = "practice_done"  # guide slug
QUIZ_ANSWER = "quiz_answer"  # "item id/right" or "item id/wrong"
EVENTS = (SESSION, GUIDE_OPEN, GUIDE_DONE, GIVE_UP, HERITAGE_SCAN, SHOP_VIEW, PRACTICE_START,
          PRACTICE_DONE, QUIZ_ANSWER)
# Sent by the kiosk's scripts (POST /usage/event); every other event is counted from page views.
BEACON_EVENTS = frozenset({PRACTICE_START, PRACTICE_DONE, QUIZ_ANSWER})
_GUIDE_PAGES = frozenset({"guides.home", "guides.overview", "guides.step", "guides.done"})
_COUNTED = _GUIDE_PAGES | {"heritage.short", "shops.shop", "guides.attract"}


@dataclass
class _Visit:
    seen: float
    day: str
    guides: dict[str, list] = field(default_factory=dict)  # slug -> [last step, done]


class AddressBudget:
    """At most `limit` uses per address in each minute (fixed windows on the monotonic clock).

    Memory is bounded by the addresses seen in one minute, and by MAX_ADDRESSES beyond that.
    """

    MAX_ADDRESSES = 20_000

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._window = -1
        self._used: dict[str, int] = {}

    def take(self, address: str, now: float | None = None) -> bool:
        window = int((time.monotonic() if now is None else now) // 60)
        with self._lock:
            if window != self._window:
                self._window, self._used = window, {}
            used = self._used.get(address, 0)
            if used >= self.limit or (not used and len(self._used) >= self.MAX_ADDRESSES):
                return False
            self._used[address] = used + 1
            return True


class Recorder:
    """Counters for one database: count() in memory, flush() writes them in one transaction."""

    def __init__(self, db_path: Path, interval: float = FLUSH_SECONDS) -> None:
        self.db_path = db_path
        self.interval = interval
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending: Counter[tuple[str, str, str]] = Counter()
        # Least recently seen first, so the oldest visit is dropped in O(1) when memory is full.
        self._visits: OrderedDict[str, _Visit] = OrderedDict()
        # A clock moved back (a Pi with no clock battery) never reopens an older day.
        self._days = clock.DayCounter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.count_budget = AddressBudget(COUNTS_PER_MINUTE)
        self.visit_budget = AddressBudget(VISITS_PER_MINUTE)

    def count(self, event: str, subject: str = "", day: str | None = None, n: int = 1) -> None:
        """Add n to today's (or day's) counter; starts the writer thread on first use."""
        key = (day or self._days.today(), event, subject)
        with self._lock:
            self._pending[key] += n
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="usage-flush", daemon=True)
                self._thread.start()

    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def flush(self) -> int:
        """Write the counters gathered so far; returns how many counts were written.

        On a failed write the counts go back into memory, to be tried again next time.
        """
        with self._flush_lock:
            with self._lock:
                batch, self._pending = self._pending, Counter()
            if not batch:
                return 0
            try:
                conn = connect(self.db_path)
                try:
                    with transaction(conn):
                        conn.executemany(
                            "INSERT INTO usage_daily (day, event, subject, n) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (day, event, subject) DO UPDATE SET n = n + excluded.n",
                            [(*key, n) for key, n in batch.items()])
                finally:
                    conn.close()
            except BaseException:
                with self._lock:
                    self._pending.update(batch)
                raise
            return sum(batch.values())

    def visit(self, token: str | None, now: float | None = None) -> tuple[str, bool]:
        """The visit for this cookie value, made if unknown; returns (token, is_new)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            found = self._visits.get(token) if token else None
            if found is not None:
                found.seen, found.day = now, self._days.today()
                self._visits.move_to_end(token)
                return token, False
            if len(self._visits) >= MAX_VISITS:
                self._settle(self._visits.popitem(last=False)[1])
            token = secrets.token_urlsafe(12)
            self._visits[token] = _Visit(now, self._days.today())
            return token, True

    def has_visit(self, token: str | None) -> bool:
        with self._lock:
            return token is not None and token in self._visits

    def saw_step(self, token: str, slug: str, step: int, done: bool = False) -> None:
        """Remember the last step of a guide this visit saw (done once it reached the end)."""
        with self._lock:
            found = self._visits.get(token)
            if found is None:
                return
            state = found.guides.setdefault(slug, [0, False])
            if done:
                state[1] = True
            else:
                state[0] = step

    def end_visit(self, token: str | None) -> None:
        with self._lock:
            found = self._visits.pop(token, None) if token else None
            if found is not None:
                self._settle(found)

    def end_idle_visits(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for token in [t for t, v in self._visits.items() if now - v.seen > VISIT_IDLE_SECONDS]:
                self._settle(self._visits.pop(token))

    def _settle(self, visit: _Visit) -> None:
        # Caller holds self._lock. Only the numbers outlive the visit.
        for slug, (step, done) in visit.guides.items():
            if not done:
                self._pending[(visit.day, GIVE_UP, f"{slug}/{step}")] += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.end_idle_visits()
            try:
                self.flush()
            except sqlite3.Error:
                # The counts are back in memory; a locked or full disk may be fine next time.
                _log.exception("usage counts not written yet")

    def close(self) -> None:
        """At shutdown: end every visit and write everything still in memory."""
        self._stop.set()
        with self._lock:
            for visit in self._visits.values():
                self._settle(visit)
            self._visits.clear()
        if not self.db_path.exists():  # a test's data dir may be gone by interpreter exit
            return
        try:
            self.flush()
        except (sqlite3.Error, OSError) as exc:
            # At exit there is no one to retry for: say so once instead of a traceback.
            logging.getLogger(__name__).error("usage counts not saved at exit: %s", exc)


def get_recorder(app: Flask | None = None) -> Recorder:
    return (app or current_app).extensions["langso_usage"]


def init_app(app: Flask) -> None:
    """Count kiosk and public page views after each response, cached pages included.

    Whoever runs the app closes the recorder (get_recorder(app).close()) when done with it:
    serving.serve() at process exit, the tests at teardown. Nothing is registered at exit here,
    so building many apps in one process leaves nothing behind.
    """
    recorder = Recorder(Path(app.config["DATA"]) / DB_NAME)
    app.extensions["langso_usage"] = recorder
    app.after_request(_count_response)


def _count_response(response: Response) -> Response:
    # Static files, media and health checks leave at the first line: one set lookup.
    endpoint = request.endpoint
    if endpoint not in _COUNTED:
        return response
    recorder = get_recorder()
    if not recorder.count_budget.take(request.remote_addr or ""):
        return response
    args, status = request.view_args or {}, response.status_code
    # A 304 is a view too: the phone shows the page it already had (page_cache's ETags).
    if endpoint == "heritage.short" and status == 302:
        from kiosk.codes import normalize_code

        recorder.count(HERITAGE_SCAN, normalize_code(args["code"]) or "")
    elif endpoint == "shops.shop" and status in (200, 304):
        recorder.count(SHOP_VIEW, args["code"])
    elif endpoint == "guides.attract":
        recorder.end_visit(request.cookies.get(VISIT_COOKIE))
        response.delete_cookie(VISIT_COOKIE)
    elif endpoint in _GUIDE_PAGES and status in (200, 304):
        _count_guide_page(recorder, endpoint, args, response)
    return response


def _count_guide_page(recorder: Recorder, endpoint: str, args: dict, response: Response) -> None:
    from kiosk.web.templating import is_kiosk

    token = request.cookies.get(VISIT_COOKIE)
    if not recorder.has_visit(token) and not recorder.visit_budget.take(request.remote_addr or ""):
        return  # too many new visits from this address this minute: count nothing
    token, is_new = recorder.visit(token)
    if is_new:
        if is_kiosk():
            recorder.count(SESSION)
        # No max_age: the browser forgets it when closed; the server forgets it sooner.
        response.set_cookie(VISIT_COOKIE, token, httponly=True, samesite="Lax")
    slug = args.get("slug")
    if endpoint == "guides.overview":
        recorder.count(GUIDE_OPEN, slug)
        recorder.saw_step(token, slug, 0)
    elif endpoint == "guides.step":
        recorder.saw_step(token, slug, args["n"])
    elif endpoint == "guides.done":
        recorder.count(GUIDE_DONE, slug)
        recorder.saw_step(token, slug, 0, done=True)


# --- Reading the counts (admin dashboard, report, CSV) ---------------------------------------

def daily_totals(db: sqlite3.Connection, event: str, first: date, days: int) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, total) for each of `days` days from `first`, zero where nothing was counted."""
    last = first + timedelta(days=days - 1)
    rows = dict(db.execute("SELECT day, SUM(n) FROM usage_daily WHERE event = ? AND day BETWEEN ?"
                           " AND ? GROUP BY day", (event, first.isoformat(), last.isoformat())))
    out = []
    for i in range(days):
        day = (first + timedelta(days=i)).isoformat()
        out.append((day, rows.get(day, 0)))
    return out


def monthly_totals(db: sqlite3.Connection, event: str, last_month: str,
                   months: int) -> list[tuple[str, int]]:
    """(YYYY-MM, total) for the `months` months ending with last_month, zero-filled."""
    year, month = int(last_month[:4]), int(last_month[5:7])
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    rows = dict(db.execute("SELECT substr(day, 1, 7) AS m, SUM(n) FROM usage_daily WHERE event = ?"
                           " AND m BETWEEN ? AND ? GROUP BY m", (event, keys[0], keys[-1])))
    return [(k, rows.get(k, 0)) for k in keys]


def top_subjects(db: sqlite3.Connection, event: str, first: str, last: str,
                 limit: int = 50) -> list[tuple[str, int]]:
    """Subjects of an event between two days (inclusive), most counted first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT subject, SUM(n) AS total FROM usage_daily WHERE event = ? AND day BETWEEN ? AND ?"
        " GROUP BY subject ORDER BY total DESC, subject LIMIT ?", (event, first, last, limit))]


def quiz_misses(db: sqlite3.Connection, first: str, last: str,
                limit: int = 5) -> list[tuple[str, int, int]]:
    """(item id, right, wrong) of the quiz items answered wrong most often between two days.

    Ordered by the share of right answers, lowest first, then by more answers; items never
    answered wrong are left out (there is nothing to teach).
    """
    tally: dict[str, list[int]] = {}
    for subject, n in top_subjects(db, QUIZ_ANSWER, first, last, limit=100_000):
        item_id, _, outcome = subject.rpartition("/")
        if outcome in ("right", "wrong"):
            tally.setdefault(item_id, [0, 0])[outcome == "wrong"] += n
    missed = [(i, right, wrong) for i, (right, wrong) in tally.items() if wrong]
    missed.sort(key=lambda r: (r[1] / (r[1] + r[2]), -(r[1] + r[2]), r[0]))
    return missed[:limit]


def daily_rows(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every stored count, by day, for the CSV export."""
    return db.execute("SELECT day, event, subject, n FROM usage_daily"
                      " ORDER BY day, event, subject").fetchall()
