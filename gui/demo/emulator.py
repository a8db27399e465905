"""A local Bitrix24 portal on 127.0.0.1: the demo mode, the tests and the benchmarks talk to it.

It is a real HTTP server (stdlib ``ThreadingHTTPServer`` in a daemon thread) over a
:class:`~gui.demo.portal.Portal`, the portal's semantics: it answers
``/rest/<user_id>/<token>/<method>[.json]`` like a portal does and turns faults into what a
portal's network does (a 502 page, half a JSON body, a reset connection, a trickling body).
``trickle`` sends the headers at once, then the body one byte per ``seconds``. A fault injected
with ``method=None`` matches whole HTTP requests only; see :mod:`gui.demo.portal` for faults
inside a batch.

Nothing here imports Qt, and the token never reaches a log line, an error message or a repr.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import ssl
import threading
from typing import Any

from gui.bitrix.ratelimit import LeakyBucket
from gui.bitrix.webhook import is_loopback
from gui.demo.dialogs import Chats
from gui.demo.faults import FAULT_KINDS, Fault, FaultKind
from gui.demo.handler import PortalServer
from gui.demo.portal import MAX_BATCH, Portal
from gui.demo.sample_data import sample_chats, sample_portal
from gui.demo.stats import EmulatorStats

__all__ = [
    "FAULT_KINDS",
    "MAX_BATCH",
    "EmulatorStats",
    "Fault",
    "FaultKind",
    "Portal",
    "PortalEmulator",
    "sample_chats",
    "sample_portal",
    "start_demo_portal",
]


def start_demo_portal() -> PortalEmulator:
    """The demo: a local portal with sample chats, fast enough that pacing never shows."""
    return PortalEmulator(sample_portal(rate=50.0, burst=100)).start()


class PortalEmulator:
    """A Bitrix24 portal on loopback; ``with PortalEmulator(...) as portal:`` runs it.

    Pass a :class:`Portal` to serve it, or :class:`Portal`'s own keyword arguments (``rate``,
    ``burst``, ``chats``, ``scopes``, …) to make one.
    """

    def __init__(
        self,
        portal: Portal | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        **options: Any,
    ) -> None:
        if not is_loopback(host):
            raise ValueError(
                f"The emulator listens on this computer only (127.0.0.1), not on {host!r}"
            )
        if portal is not None and options:
            raise ValueError("Give a Portal or its options, not both")
        self.portal = portal or Portal(**options)
        self._host = "127.0.0.1" if host.lower() == "localhost" else host.strip("[]")
        self._wanted_port = port
        self.ssl_context = ssl_context
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: PortalServer | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._connections: set[socket.socket] = set()
        self._wake: socket.socket | None = None  # written to by stop() to end the accept loop

    sample_chats = staticmethod(sample_chats)

    def __repr__(self) -> str:
        where = self.base_url if self._port is not None else "not started"
        return f"PortalEmulator({where}, user_id={self.portal.user_id}, token=****)"

    # ----- the portal's controls, for the tests ----------------------------------------------

    @property
    def stats(self) -> EmulatorStats:
        return self.portal.stats

    @property
    def chats(self) -> Chats:
        return self.portal.chats

    @property
    def bucket(self) -> LeakyBucket:
        return self.portal.bucket

    def set_chat(self, entity_type: str, entity_id: str, chat_id: int) -> None:
        self.portal.set_chat(entity_type, entity_id, chat_id)

    def inject(self, fault: Fault, count: int = 1, *, method: str | None = None) -> None:
        """The next ``count`` requests for ``method`` (any method when None) get ``fault``."""
        self.portal.inject(fault, count, method=method)

    def clear_faults(self) -> None:
        self.portal.clear_faults()

    def reset_stats(self) -> None:
        self.portal.reset_stats()

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self) -> PortalEmulator:
        with self._lock:
            if self._server is not None:
                return self
            self._stopping.clear()
            self.portal.resume()
            server = PortalServer.listen((self._host, self._wanted_port), self)
            server.timeout = 0  # handle_request() is only called when a client is waiting
            wake_read, self._wake = socket.socketpair()
            self._server = server
            self._port = int(server.server_address[1])
            self._thread = threading.Thread(
                target=self._serve_until_stopped,
                args=(server, wake_read),
                name=f"portal-emulator-{self._port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every socket; quick and safe to call twice."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            connections = list(self._connections)
        if server is None:
            return
        self._stopping.set()
        self.portal.interrupt()  # wakes "slow" faults at once
        wake, self._wake = self._wake, None
        if wake is not None:
            with contextlib.suppress(OSError):
                wake.send(b"x")  # wakes the accept loop without a polling delay
        if thread is not None:
            thread.join(timeout=2.0)
        server.server_close()
        if wake is not None:
            wake.close()
        for conn in connections:  # idle keep-alive connections would hold their threads
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def _serve_until_stopped(self, server: PortalServer, wake: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(server, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is server and not self._stopping.is_set():
                        server.handle_request()
        wake.close()

    def __enter__(self) -> PortalEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----- addresses -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("The emulator has no port until start() is called")
        return self._port

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl_context is not None else "http"
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"{scheme}://{host}:{self.port}"

    @property
    def webhook_url(self) -> str:
        return self.base_url + self.portal.webhook_path

    # ----- connections, for the handler threads ----------------------------------------------

    def track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)
