"""Usage counts without personal data: in-memory counters written to the database in batches.

A page view is only queued in memory (one deque append, no lock), so page loads never wait on
the disk or on each other; a background thread counts the queue every second and writes the batch
every FLUSH_SECONDS and at shutdown, so a power cut loses at most the last half minute. Only
(day, event, subject, number) is stored: no address, browser or device of anyone.

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
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from flask import Flask, Response, current_app, request

from kiosk.db import DB_NAME, connect, transaction
from kiosk.store.settings import get_settings
from kiosk.timekeeping import clock, localtime

FLUSH_SECONDS = 30.0
DRAIN_SECONDS = 1.0  # queued page views are counted this often (visits need them soon)
MAX_QUEUED = 50_000  # ~5 MB: past this a request counts the queue itself
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
            if window > self._window:  # a view queued in the last window counts in this one
                self._window, self._used = window, {}
            used = self._used.get(address, 0)
            if used >= self.limit or (not used and len(self._used) >= self.MAX_ADDRESSES):
                return False
            self._used[address] = used + 1
            return True


# A page view to count: (monotonic time, endpoint, view args, status, address, visit token).
View = tuple[float, str, dict, int, str, "str | None"]


class Recorder:
    """Counters for one database: count() in memory, flush() writes them in one transaction.

    Page views are queued (queue(): one deque append, no lock) and counted by the writer thread
    every DRAIN_SECONDS, or by whichever call needs the counts or the visits first. Nothing that
    can let another thread run (reading urandom, starting a thread, the disk) happens while the
    lock is held: a thread that gives up the interpreter inside it came back 5–100 ms later
    under load, with every page that wanted the lock waiting behind it.
    """

    def __init__(self, db_path: Path, interval: float = FLUSH_SECONDS) -> None:
        self.db_path = db_path
        self.interval = interval
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._pending: Counter[tuple[str, str, str]] = Counter()
        # Least recently seen first, so the oldest visit is dropped in O(1) when memory is full.
        self._visits: OrderedDict[str, _Visit] = OrderedDict()
        # Counts go to the hamlet's calendar day; the zone is re-read from the settings at each
        # flush, so a changed `timezone` setting applies within FLUSH_SECONDS.
        self.zone: tzinfo = localtime.zone_of({})
        # A clock moved back (a Pi with no clock battery) never reopens an older day.
        self._days = clock.DayCounter(lambda: localtime.local_today(self.zone))
        self._views: deque[View] = deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.count_budget = AddressBudget(COUNTS_PER_MINUTE)
        self.visit_budget = AddressBudget(VISITS_PER_MINUTE)

    def today(self) -> str:
        """The hamlet's date now, as stored in usage_daily.day (never earlier than one counted)."""
        return self._days.today()

    def _start_writer(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    thread = threading.Thread(target=self._run, name="usage-flush", daemon=True)
                    thread.start()
                    self._thread = thread

    def count(self, event: str, subject: str = "", day: str | None = None, n: int = 1) -> None:
        """Add n to today's (or day's) counter; starts the writer thread on first use."""
        key = (day or self.today(), event, subject)
        with self._lock:
            self._pending[key] += n
        self._start_writer()

    def queue(self, view: View) -> None:
        """Count a page view soon, off the request path (the counting is in _count_view)."""
        self._views.append(view)
        if len(self._views) > MAX_QUEUED:  # the writer thread is far behind: help it
            self.drain()
        self._start_writer()

    def record(self, view: View, kiosk: bool = False) -> str | None:
        """Count a page view now; a guide page without a known visit starts one (within the
        visit budget). Returns the new visit's token for the cookie, or None."""
        fresh = secrets.token_urlsafe(12)  # urandom lets other threads run: not under the lock
        with self._lock:
            self._drain()
            started = self._count_view(view, self._days.today(), fresh, kiosk)
        self._start_writer()
        return started

    def knows(self, token: str | None) -> bool:
        """Whether the visit exists (no lock: a visit ending meanwhile is just not counted)."""
        return token is not None and token in self._visits

    def drain(self) -> None:
        """Count the queued page views."""
        with self._lock:
            self._drain()

    def _drain(self) -> None:
        # Caller holds self._lock.
        views = self._views
        if views:
            day = self._days.today()
            while views:
                self._count_view(views.popleft(), day)

    def _count_view(self, view: View, day: str, fresh: str | None = None,
                    kiosk: bool = False) -> str | None:
        # Caller holds self._lock. A 304 is a view too: the phone shows the page it already had.
        now, endpoint, args, status, address, token = view
        if not self.count_budget.take(address, now):
            return None
        if endpoint == "heritage.short":
            if status == 302:
                from kiosk.codes import normalize_code

                self._pending[(day, HERITAGE_SCAN, normalize_code(args["code"]) or "")] += 1
            return None
        if endpoint == "shops.shop":
            if status in (200, 304):
                self._pending[(day, SHOP_VIEW, args["code"])] += 1
            return None
        if endpoint not in _GUIDE_PAGES or status not in (200, 304):
            return None
        found = self._visits.get(token) if token else None
        started = None
        if found is None:
            if fresh is None or not self.visit_budget.take(address, now):
                return None  # a queued view whose visit ended, or too many new visits
            found = self._new_visit(fresh, now, day)
            token = started = fresh
            if kiosk:
                self._pending[(day, SESSION, "")] += 1
        else:
            found.seen, found.day = now, day
            self._visits.move_to_end(token)
        slug = args.get("slug")
        if endpoint == "guides.overview":
            self._pending[(day, GUIDE_OPEN, slug)] += 1
            found.guides.setdefault(slug, [0, False])[0] = 0
        elif endpoint == "guides.step":
            found.guides.setdefault(slug, [0, False])[0] = args["n"]
        elif endpoint == "guides.done":
            self._pending[(day, GUIDE_DONE, slug)] += 1
            found.guides.setdefault(slug, [0, False])[1] = True
        return started

    def _new_visit(self, token: str, now: float, day: str) -> _Visit:
        # Caller holds self._lock.
        if len(self._visits) >= MAX_VISITS:
            self._settle(self._visits.popitem(last=False)[1])
        found = self._visits[token] = _Visit(now, day)
        return found

    def pending(self) -> int:
        with self._lock:
            self._drain()
            return sum(self._pending.values())

    def flush(self) -> int:
        """Write the counters gathered so far; returns how many counts were written.

        On a failed write the counts go back into memory, to be tried again next time.
        """
        with self._flush_lock:
            with self._lock:
                self._drain()
                batch, self._pending = self._pending, Counter()
            if not batch:
                return 0
            try:
                conn = connect(self.db_path)
                try:
                    self.zone = localtime.zone_of(get_settings(conn))
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

    def end_visit(self, token: str | None) -> None:
        with self._lock:
            self._drain()
            found = self._visits.pop(token, None) if token else None
            if found is not None:
                self._settle(found)

    def end_idle_visits(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._drain()
            for token in [t for t, v in self._visits.items() if now - v.seen > VISIT_IDLE_SECONDS]:
                self._settle(self._visits.pop(token))

    def _settle(self, visit: _Visit) -> None:
        # Caller holds self._lock. Only the numbers outlive the visit.
        for slug, (step, done) in visit.guides.items():
            if not done:
                self._pending[(visit.day, GIVE_UP, f"{slug}/{step}")] += 1

    def _run(self) -> None:
        next_flush = time.monotonic() + self.interval
        while not self._stop.wait(min(DRAIN_SECONDS, self.interval)):
            self.drain()
            if time.monotonic() < next_flush:
                continue
            next_flush = time.monotonic() + self.interval
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
            self._drain()
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


def counted(endpoint: str | None) -> tuple[bool, bool]:
    """(whether a view of this page is counted, whether it needs a known visit to be)."""
    return endpoint in _COUNTED, endpoint in _GUIDE_PAGES


def _count_response(response: Response) -> Response:
    # Static files, media and health checks leave at the first line: one set lookup.
    endpoint = request.endpoint
    if endpoint not in _COUNTED:
        return response
    recorder = get_recorder()
    address = request.remote_addr or ""
    token = request.cookies.get(VISIT_COOKIE)
    if endpoint == "guides.attract":
        if recorder.count_budget.take(address):
            recorder.end_visit(token)
            response.delete_cookie(VISIT_COOKIE)
        return response
    view = (time.monotonic(), endpoint, request.view_args or {}, response.status_code, address,
            token)
    if endpoint not in _GUIDE_PAGES or recorder.knows(token):
        recorder.queue(view)
        return response
    from kiosk.web.templating import is_kiosk

    started = recorder.record(view, kiosk=is_kiosk())
    if started is not None:
        # No max_age: the browser forgets it when closed; the server forgets it sooner.
        response.set_cookie(VISIT_COOKIE, started, httponly=True, samesite="Lax")
    return response


# --- Reading the counts (admin dashboard, report, CSV) ---------------------------------------
