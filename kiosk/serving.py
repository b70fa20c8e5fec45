"""The production server: waitress with deadlines for slow clients and a cap per address.

Waitress's own `channel_timeout` counts silence only: a client that sends one header line every
ten seconds keeps its connection for good, and `connection_limit` sockets held that way (one
phone can open them all) shut every other visitor out. Here each connection gets a deadline for
its request headers and a minimum rate for its body, and one address may hold only a share of
the connections.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server


@dataclass(frozen=True)
class Limits:
    """How long a request may take to arrive, and how many connections one address may hold."""

    header_seconds: float = 20.0  # a phone on weak Wi-Fi sends its headers in well under a second
    body_bytes_per_second: int = 4096  # a 20 MB upload then has ~85 min: slow Wi-Fi still fits
    connections: int = 100
    connections_per_address: int = 20


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

        def readable(self) -> bool:
            # waitress's loop asks every channel at least once a second (asyncore_loop_timeout).
            if self.request_started is not None and not self.requests and self._overdue():
                self.will_close = True
            return super().readable()

        def _overdue(self) -> bool:
            request = self.request
            if request is None:
                return False
            allowed = limits.header_seconds
            if request.headers_finished:
                allowed += request.content_length / limits.body_bytes_per_second
            return time.monotonic() - self.request_started > allowed

    return GuardedChannel


def make_server(app, host: str, port: int, threads: int, max_body: int,
                limits: Limits = Limits()):
    """A waitress server for `app`, not yet running (call `.run()`), with the slow-client guard."""
    server = create_server(
        app, host=host, port=port, threads=threads,
        # A stalled phone on weak Wi-Fi must not hold a worker for long.
        channel_timeout=30, connection_limit=limits.connections, cleanup_interval=10,
        max_request_body_size=max_body, ident="langso",
        asyncore_use_poll=True,  # select() cannot watch descriptors past 1 024
    )
    channel = _guarded_channel(limits)
    listeners = [server, *getattr(server, "map", {}).values()]
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return server
