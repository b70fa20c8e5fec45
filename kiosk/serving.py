"""The production server: waitress with deadlines for slow clients and a cap per address.

Waitress's own `channel_timeout` counts silence only: a client that sends one header line every
ten seconds keeps its connection for good, and `connection_limit` sockets held that way (one
phone can open them all) shut every other visitor out. Here each connection gets a deadline for
its request headers and a minimum rate for its body, and one address may hold only a share of
the connections.

serve() is what runs the kiosk (run_kiosk.py and `langso serve`): start-up checks, the first
import, the addresses to print, then waitress; what belongs to the process rather than to an app
(saving the usage counts at exit, daily backups, clearing temp files a killed run left) is here.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server


@dataclass(frozen=True)
class Limits:
    """How long a request may take to arrive, and how many connections one address may hold."""

    header_seconds: float = 20.0  # a phone on weak Wi-Fi sends its headers in well under a second
    body_bytes_per_second: int = 4096  # a 20 MB upload then has ~85 min: slow Wi-Fi still fits
    connections: int = 100
    connections_per_address: int = 20


SWITCH_SECONDS = 0.001  # the interpreter's thread switch interval while serving (default 0.005)


def _guarded_channel(limits: Limits) -> type[HTTPChannel]:
    class GuardedChannel(HTTPChannel):
        """An HTTPChannel that closes itself when a request arrives too slowly."""

        request_started: float | None = None

        def __init__(self, server, sock, addr, adj, map=None):  # noqa: A002 — waitress's signature
            super().__init__(server, sock, addr, adj, map=map)
            host = addr[0] if isinstance(addr, tuple) else addr
            same = sum(1 for ch in list(server.active_channels.values())
                       if isinstance(ch.addr, tuple) and ch.addr[0] == host)
            if same > limits.connections_per_address:
                self.will_close = True  # waitress closes it on the next loop turn

        def received(self, data: bytes) -> bool:
            result = super().received(data)
            if self.request is None:
                self.request_started = None
            elif self.request_started is None:
                self.request_started = time.monotonic()
            return result

        def overdue(self, now: float) -> bool:
            """Whether the request being read has taken longer than its deadline."""
            request, started = self.request, self.request_started
            if request is None or started is None or self.requests:
                return False
            allowed = limits.header_seconds
            if request.headers_finished:
                allowed += request.content_length / limits.body_bytes_per_second
            return now - started > allowed

    return GuardedChannel


def limits_from(config: Mapping[str, Any]) -> Limits:
    """The limits for this installation: the per-address share is a setting (a reverse proxy in
    front makes every visitor one address; the load bench opens 32 connections from one)."""
    per_address = config["CONNECTIONS_PER_ADDRESS"]
    return Limits(connections_per_address=per_address,
                  connections=max(Limits.connections, per_address * 4))


def make_server(app, host: str, port: int, threads: int, max_body: int,
                limits: Limits = Limits()):
    """A waitress server for `app`, not yet running (call `.run()`), with the slow-client guard."""
    server = create_server(
        app, host=host, port=port, threads=threads,
        # A stalled phone on weak Wi-Fi must not hold a worker for long.
        # cleanup_interval: how often maintenance (silent clients, and the deadlines below) runs.
        channel_timeout=30, connection_limit=limits.connections, cleanup_interval=1,
        max_request_body_size=max_body, ident="langso",
        asyncore_use_poll=True,  # select() cannot watch descriptors past 1 024
    )
    channel = _guarded_channel(limits)
    listeners = [server, *getattr(server, "map", {}).values()]
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
            listener.maintenance = _with_deadlines(listener, listener.maintenance)
    return server


def _with_deadlines(listener: BaseWSGIServer, maintenance):
    """Waitress's once-a-second maintenance, plus closing channels whose request is overdue.

    Checked here rather than in each channel's readable(), which the event loop calls for every
    channel on every turn: one pass a second costs nothing measurable, a call per turn does.
    """
    def run(now: float) -> None:
        maintenance(now)
        clock = time.monotonic()
        for channel in list(listener.active_channels.values()):
            if getattr(channel, "overdue", None) and channel.overdue(clock):
                channel.will_close = True
    return run


# The flags' help, shared by run_kiosk.py and `langso serve` (Vietnamese, as all of langso's help).
HOST_HELP = ("Địa chỉ nghe (mặc định 127.0.0.1: chỉ màn hình máy này mở được). Dùng 0.0.0.0 để "
             "điện thoại trong Wi-Fi nhà văn hóa mở được trang di tích và cửa hàng.")
PORT_HELP = "Cổng (mặc định 8080)."
DATA_HELP = "Thư mục dữ liệu (mặc định ./data hoặc $LANGSO_DATA)."
THREADS_HELP = "Số luồng xử lý (mặc định 8; Raspberry Pi 3 chỉ cần 4)."


def flag_problem(port: int, threads: int) -> str | None:
    """What is wrong with --port or --threads (one line), or None; shared by both commands."""
    if not 1 <= port <= 65535:
        return f"--port {port}: phải từ 1 đến 65535"
    if not 1 <= threads <= 64:
        return f"--threads {threads}: phải từ 1 đến 64"
    return None


def serve(data_dir: Path | None = None, host: str = "127.0.0.1", port: int = 8080,
          threads: int = 8, environ: Mapping[str, str] | None = None) -> int:
    """Check, prepare and run the kiosk server until SIGTERM or Ctrl+C; returns the exit code.

    A refusal to start is one line on stderr and exit code 2 (never a traceback).
    """
    from kiosk import config, create_app
    from kiosk.ops import startup

    environ = os.environ if environ is None else environ
    data_dir = config.data_dir_of(data_dir, environ)
    try:
        dir_warning = startup.check_data_dir(data_dir)
        app = create_app(data_dir=data_dir)
        data_dir = Path(app.config["DATA"])
        startup.check_port(host, port)
        if app.config["IMPORT_DEMO"] and (done := startup.import_default_if_empty(data_dir)):
            print(done)
        key_warning = startup.ensure_identity(data_dir)
    except (startup.StartupError, config.ConfigError) as exc:
        print(f"langso: {exc}", file=sys.stderr)
        return 2
    with lifetime(app):
        for warning in [*filter(None, [dir_warning, key_warning]),
                        *startup.warnings(app.config, host)]:
            print(warning, file=sys.stderr)
        print(f"Làng Số: dữ liệu ở {data_dir}")
        for url in startup.urls(host, port):
            print(f"  mở {url}")
        if host == "127.0.0.1":
            print("  (chỉ máy này mở được; điện thoại trong Wi-Fi cần chạy với --host 0.0.0.0)")
        sys.stdout.flush()
        # A kept page is answered in microseconds, so the interpreter lock changes hands some
        # 10 000 times a second between waitress's I/O thread and the workers; at the default
        # 5 ms switch interval a thread that wants it may wait that long each time, and 32-client
        # throughput swung between 1 600 and 5 600 req/s from one run to the next (README).
        sys.setswitchinterval(SWITCH_SECONDS)
        # What start-up made (app, templates, catalogs: ~65 000 objects) lives as long as the
        # process: frozen, a full collection no longer walks it. Unfrozen, one took ~40 ms with
        # every thread stopped, about once per 30 000 requests: the p99 of whichever bench round.
        gc.collect()
        gc.freeze()
        # waitress warns at every queued request under load; that would flood the journal.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        server = make_server(app, host, port, threads, max_body=app.config["MAX_CONTENT_LENGTH"],
                             limits=limits_from(app.config))
        server.run()  # returns on SIGTERM or Ctrl+C (waitress catches SystemExit)
    return 0


def _exit_normally(*_) -> None:
    sys.exit(0)


@contextmanager
def lifetime(app, backups: bool = True) -> Iterator[None]:
    """The process's work around serving `app`; on leaving, the last usage counts are saved.

    Clears temp files a killed run left in media/, starts the daily backups (a backup a day in
    data/backups, the newest 14 kept, checked now and every hour) and makes SIGTERM (how
    systemd stops the service) exit normally, so the `finally` below runs.
    """
    from kiosk import atomic
    from kiosk.backup import schedule
    from kiosk.reporting import usage

    data_dir = Path(app.config["DATA"])
    atomic.remove_stale_temps(data_dir / "media")
    stop_backups = schedule.start_daily_backups(data_dir) if backups else None
    previous = signal.signal(signal.SIGTERM, _exit_normally)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if stop_backups is not None:
            stop_backups.set()
        usage.get_recorder(app).close()
