"""The production server keeps answering new clients while slow ones hold connections."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kiosk import serving

FAST = serving.Limits(header_seconds=1.5, body_bytes_per_second=1000, connections=20,
                      connections_per_address=8)


@contextmanager
def running(app, limits: serving.Limits) -> Iterator[int]:
    server = serving.make_server(app, "127.0.0.1", 0, threads=4, max_body=1 << 20, limits=limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        server.close()
        thread.join(timeout=5)


def slow_socket(port: int, source: str = "127.0.0.1") -> socket.socket:
    """A client that has sent a request line and one header, and will send more much later."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
    return sock


def is_closed(sock: socket.socket) -> bool:
    sock.settimeout(0.2)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def healthz_status(port: int, source: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(source, 0))
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_client_dripping_headers_is_cut_off_after_the_header_deadline(app):
    with running(app, FAST) as port:
        sock = slow_socket(port)
        # Keep sending a header line well inside waitress's own silence timeout.
        deadline = time.monotonic() + 6
        closed_after = None
        while time.monotonic() < deadline:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed_after = time.monotonic()
                break
            if is_closed(sock):
                closed_after = time.monotonic()
                break
            time.sleep(0.3)
        sock.close()
    assert closed_after is not None, "a client sending a header line every 0.3 s was never cut off"


def test_one_address_cannot_take_every_connection(app):
    with running(app, FAST) as port:
        held = [slow_socket(port) for _ in range(FAST.connections + 5)]
        try:
            time.sleep(0.3)
            # Another phone (another loopback address) is served at once.
            started = time.monotonic()
            assert healthz_status(port, "127.0.0.2") == 200
            assert time.monotonic() - started < 1.0
            refused = sum(is_closed(s) for s in held)
            assert refused >= len(held) - FAST.connections_per_address
        finally:
            for s in held:
                s.close()


def test_slow_connections_are_closed_and_capacity_returns(app):
    with running(app, FAST) as port:
        held = [slow_socket(port) for _ in range(FAST.connections_per_address)]
        try:
            time.sleep(FAST.header_seconds + 2.5)  # maintenance runs once a second
            assert all(is_closed(s) for s in held)
            assert healthz_status(port, "127.0.0.1") == 200
        finally:
            for s in held:
                s.close()


def test_a_body_arriving_at_a_reasonable_rate_is_accepted(app):
    with running(app, FAST) as port:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        body = b"x" * 3000
        sock.sendall(b"POST /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                     b"Content-Length: 3000\r\n\r\n")
        for i in range(0, len(body), 1000):  # 3 s budget for headers + 3000 B at 1000 B/s + 1.5 s
            sock.sendall(body[i:i + 1000])
            time.sleep(0.5)
        sock.settimeout(5)
        reply = sock.recv(100)
        sock.close()
    assert reply.startswith(b"HTTP/1.1 ")  # answered (405 for POST), not cut off


def test_the_share_of_one_address_is_a_setting_and_the_total_grows_with_it():
    assert serving.limits_from({"CONNECTIONS_PER_ADDRESS": 20}) == serving.Limits()
    behind_a_proxy = serving.limits_from({"CONNECTIONS_PER_ADDRESS": 64})
    assert (behind_a_proxy.connections_per_address, behind_a_proxy.connections) == (64, 256)


def test_defaults_are_generous_for_real_phones():
    limits = serving.Limits()
    assert limits.header_seconds >= 10
    assert limits.connections_per_address * 4 <= limits.connections


# --- the process around the app ------------------------------------------------------------------

def test_creating_apps_registers_nothing_at_exit(tmp_path, monkeypatch):
    import atexit

    from kiosk import create_app
    from kiosk.reporting import usage

    registered = []
    monkeypatch.setattr(atexit, "register", lambda *args, **kwargs: registered.append(args))
    apps = [create_app({"DATA": str(tmp_path / f"data{i}"), "TESTING": True}) for i in range(5)]
    for app in apps:
        usage.get_recorder(app).close()
    assert registered == []


def test_sigterm_while_serving_saves_the_usage_counts(app):
    import signal

    from kiosk import db
    from kiosk.reporting import usage

    usage.get_recorder(app).count(usage.GUIDE_OPEN, "zalo", day="2026-11-22")
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as stopped, serving.lifetime(app, backups=False):
        signal.raise_signal(signal.SIGTERM)  # what systemd sends; the handler exits normally
    assert stopped.value.code == 0
    conn = db.connect(app.config["DATA"] + "/" + db.DB_NAME)
    try:
        rows = conn.execute("SELECT day, event, subject, n FROM usage_daily").fetchall()
    finally:
        conn.close()
    assert [tuple(r) for r in rows] == [("2026-11-22", usage.GUIDE_OPEN, "zalo", 1)]
    assert signal.getsignal(signal.SIGTERM) == before


def test_serving_clears_temp_files_a_killed_run_left(app):
    from pathlib import Path

    from kiosk import atomic

    media = Path(app.config["DATA"]) / "media"
    media.mkdir(exist_ok=True)
    stale = media / f"{atomic.TEMP_PREFIX}half-written"
    stale.write_bytes(b"x")
    with serving.lifetime(app, backups=False):
        assert not stale.exists()


def test_flags_out_of_range_are_named():
    assert serving.flag_problem(70000, 8) == "--port 70000: phải từ 1 đến 65535"
    assert serving.flag_problem(8080, 0) == "--threads 0: phải từ 1 đến 64"
    assert serving.flag_problem(8080, 8) is None
