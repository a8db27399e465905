"""A local Bitrix24 portal on 127.0.0.1: the demo mode, the tests and the benchmarks talk to it.

It is a real HTTP server (stdlib ``ThreadingHTTPServer`` in a daemon thread) that answers
``/rest/<user_id>/<token>/<method>[.json]`` like a portal does: webhook credentials, scopes, the
leaky-bucket rate limit (HTTP 503 ``QUERY_LIMIT_EXCEEDED``), ``im.chat.get``, ``profile``,
``scope`` and ``batch`` with its PHP quirks. Faults are injected on demand (:meth:`inject`).

Faults inside a batch: a fault injected with ``method="im.chat.get"`` (any method other than
``batch``) is consumed by the next matching *command* inside a batch too. ``http500``, ``429`` and
``503`` then become that command's ``result_error`` entry (``INTERNAL_SERVER_ERROR``,
``OPERATION_TIME_LIMIT``, ``QUERY_LIMIT_EXCEEDED``) while the rest of the batch runs; ``slow``
delays the command; ``html``, ``bad_json``, ``reset`` and ``trickle`` spoil the whole batch
answer. ``trickle`` sends the headers at once, then the body one byte per ``seconds``. ``raw``
answers ``status`` with ``body`` as it is (any shape a broken portal or a proxy might send);
``endless`` streams a JSON body that never ends. A fault injected with ``method=None`` matches
whole HTTP requests only.

Nothing here imports Qt, and the token never reaches a log line, an error message or a repr.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
import selectors
import socket
import ssl
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, get_args

from gui.bitrix.ratelimit import LeakyBucket
from gui.bitrix.webhook import is_loopback

FaultKind = Literal[
    "http500", "html", "bad_json", "slow", "reset", "429", "503", "trickle", "raw", "endless"
]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)
MAX_BATCH = 50
OPERATING_WINDOW = 600  # the portal's operating-time window: 10 minutes

_JSON = "application/json; charset=utf-8"
_HTML_404 = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body><h1>404 Not Found</h1><p>The page was not found.</p></body></html>"
)
_HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body>"
    b"<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
    b"</body></html>"
)


@dataclass
class Fault:
    """One injected fault."""

    kind: FaultKind
    seconds: float = 0.0  # "slow": delay before answering; "trickle": between body bytes
    reset_in: float = 5.0  # "429": operating_reset_at = now + reset_in
    status: int = 200  # "raw": the HTTP status
    body: bytes = b""  # "raw": the body, sent as it is
    headers: Mapping[str, str] = field(default_factory=dict)  # "raw": extra headers


@dataclass
class EmulatorStats:
    """Counters the tests and benchmarks read; every change happens under ``_lock``.

    ``admitted``, ``by_method`` and ``request_times`` count requests the rate limit let
    through (an injected fault is drawn after that); ``rejected_503`` counts every
    QUERY_LIMIT_EXCEEDED answer, forced ones included; ``commands`` counts ``im.chat.get``
    executions, those inside a batch included.
    """

    requests: int = 0
    admitted: int = 0
    rejected_503: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    commands: int = 0
    request_times: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def snapshot(self) -> EmulatorStats:
        """A consistent copy, safe to read while the server runs."""
        with self._lock:
            return EmulatorStats(
                self.requests,
                self.admitted,
                self.rejected_503,
                dict(self.by_method),
                self.commands,
                list(self.request_times),
            )

    def _clear(self) -> None:
        with self._lock:
            self.requests = self.admitted = self.rejected_503 = self.commands = 0
            self.by_method.clear()
            self.request_times.clear()

    def _count_request(self) -> None:
        with self._lock:
            self.requests += 1

    def _count_rejected(self) -> None:
        with self._lock:
            self.rejected_503 += 1

    def _count_admitted(self, method: str, at: float) -> None:
        with self._lock:
            self.admitted += 1
            self.by_method[method] = self.by_method.get(method, 0) + 1
            self.request_times.append(at)

    def _count_command(self) -> None:
        with self._lock:
            self.commands += 1


def sample_chats() -> dict[tuple[str, str], int]:
    """Demo data: a small CRM with chats, an Open Lines session and a live chat. Deterministic."""
    chats: dict[tuple[str, str], int] = {}
    for n in range(1, 41):
        if n % 7:  # every seventh lead has no chat, so "no chat" shows up in the demo
            chats[("CRM", f"LEAD|{n}")] = 1000 + n
    for n in range(1, 21):
        if n % 6:
            chats[("CRM", f"DEAL|{n}")] = 2000 + n
    chats[("CRM", "CONTACT|25")] = 3025
    chats[("CRM", "COMPANY|7")] = 4007
    chats[("CRM", "DYNAMIC_128|3")] = 5003
    chats[("LINES", "telegrambot|2|209607941|744")] = 6001
    chats[("LIVECHAT", "3|25")] = 6002  # <lineId>|<clientUserId>, as imopenlines stores it
    return chats


def start_demo_portal() -> PortalEmulator:
    """The demo: a local portal with sample chats, fast enough that pacing never shows."""
    return PortalEmulator(chats=sample_chats(), rate=50.0, burst=100).start()


@dataclass
class _Pending:
    fault: Fault
    method: str | None
    remaining: int


@dataclass
class _Outcome:
    """What one method call produced: a result, or an error with its HTTP status."""

    result: Any = None
    status: int = 200
    error: str = ""
    description: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class _Spoiled(Exception):
    """A command inside a batch drew a fault that spoils the whole HTTP answer."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.kind)
        self.fault = fault


def _error(status: int, code: str, description: str) -> _Outcome:
    return _Outcome(status=status, error=code, description=description)


_NOT_FOUND = (404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
_NO_SCOPE = (
    403,
    "insufficient_scope",
    "The request requires higher privileges than provided by the webhook token",
)
_LIMIT = (503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
_INTERNAL = (500, "INTERNAL_SERVER_ERROR", "Internal server error")
_OPERATION = (429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.")


def _php_array(items: Mapping[str, Any]) -> Any:
    """PHP's json_encode: keys 0..n-1 in order make a list, and an empty array is ``[]``."""
    keys = list(items)
    if keys == [str(i) for i in range(len(keys))]:
        return list(items.values())
    return dict(items)


_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def _php_params(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Turn ``cmd[key]=v`` form pairs into nested maps, as PHP does with ``$_POST``."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        head, bracket, _ = key.partition("[")
        parts = [head, *_BRACKETS.findall(key[len(head) :])] if bracket else [key]
        node = out
        for i, part in enumerate(parts):
            name = part if part != "" else str(sum(1 for k in node if k.isdigit()))
            if i == len(parts) - 1:
                node[name] = value
            else:
                child = node.get(name)
                if not isinstance(child, dict):
                    child = node[name] = {}
                node = child
    return out


class _PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    portal: PortalEmulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that went away is not news, and tracebacks could show a path."""


class _PortalServer6(_PortalServer):
    address_family = socket.AF_INET6


class PortalEmulator:
    """A Bitrix24 portal on loopback; ``with PortalEmulator(...) as portal:`` runs it."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        user_id: int = 1,
        token: str = "demo0token0000000",
        rate: float = 2.0,
        burst: int = 50,
        scopes: Iterable[str] = ("im", "crm", "imopenlines", "user"),
        chats: Mapping[tuple[str, str], int] | None = None,
        result_shape: Literal["object", "int"] = "object",
        clock: Callable[[], float] = time.monotonic,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if not is_loopback(host):
            raise ValueError(
                f"The emulator listens on this computer only (127.0.0.1), not on {host!r}"
            )
        if result_shape not in ("object", "int"):
            raise ValueError("result_shape must be 'object' or 'int'")
        self._host = "127.0.0.1" if host.lower() == "localhost" else host.strip("[]")
        self._wanted_port = port
        self._user_id = user_id
        self._token = token
        self._scopes = tuple(scopes)
        self._chats: dict[tuple[str, str], int] = dict(chats or {})
        self._result_shape = result_shape
        self._clock = clock
        self._ssl = ssl_context
        self.bucket = LeakyBucket(rate, burst, clock=clock)
        self.stats = EmulatorStats()
        self._faults: list[_Pending] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _PortalServer | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._connections: set[socket.socket] = set()
        self._wake: socket.socket | None = None  # written to by stop() to end the accept loop

    sample_chats = staticmethod(sample_chats)

    def __repr__(self) -> str:
        where = self.base_url if self._port is not None else "not started"
        return f"PortalEmulator({where}, user_id={self._user_id}, token=****)"

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self) -> PortalEmulator:
        with self._lock:
            if self._server is not None:
                return self
            self._stopping.clear()
            server_class = _PortalServer6 if ":" in self._host else _PortalServer
            server = server_class((self._host, self._wanted_port), _Handler)
            server.portal = self
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
        self._stopping.set()  # wakes "slow" faults at once
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

    def _serve_until_stopped(self, server: _PortalServer, wake: socket.socket) -> None:
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
        scheme = "https" if self._ssl is not None else "http"
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"{scheme}://{host}:{self.port}"

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/rest/{self._user_id}/{self._token}/"

    # ----- test controls ---------------------------------------------------------------------

    def set_chat(self, entity_type: str, entity_id: str, chat_id: int) -> None:
        with self._lock:
            self._chats[(entity_type, entity_id)] = chat_id

    def inject(self, fault: Fault, count: int = 1, *, method: str | None = None) -> None:
        """The next ``count`` requests for ``method`` (any method when None) get ``fault``."""
        if fault.kind not in FAULT_KINDS:
            raise ValueError(
                f"Unknown fault kind {fault.kind!r}: use one of {', '.join(FAULT_KINDS)}"
            )
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._faults.append(_Pending(fault, _method_name(method) if method else None, count))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_stats(self) -> None:
        self.stats._clear()

    # ----- request handling (called from handler threads) ------------------------------------

    def _take_fault(self, method: str, *, command: bool = False) -> Fault | None:
        """Consume the first pending fault that matches; commands match named faults only."""
        with self._lock:
            for pending in self._faults:
                if pending.method == method or (pending.method is None and not command):
                    pending.remaining -= 1
                    if pending.remaining <= 0:
                        self._faults.remove(pending)
                    return pending.fault
        return None

    def _credentials_ok(self, user: str, token: str) -> bool:
        return user == str(self._user_id) and hmac.compare_digest(
            token.encode("utf-8", "replace"), self._token.encode("utf-8")
        )

    def _admit(self, method: str) -> bool:
        at = self._clock()
        if not self.bucket.try_acquire():
            self.stats._count_rejected()
            return False
        self.stats._count_admitted(method, at)
        return True

    def _sleep(self, seconds: float) -> bool:
        """Wait for a "slow" fault; False when stop() cut the wait short."""
        return not self._stopping.wait(max(0.0, seconds))

    def _call(self, method: str, params: Mapping[str, Any], *, in_batch: bool) -> _Outcome:
        if method == "batch" and in_batch:
            return _error(
                400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"
            )
        known = _METHODS.get(method)
        if known is None:
            return _error(*_NOT_FOUND)
        scope, run = known
        if scope is not None and scope not in self._scopes:
            return _error(*_NO_SCOPE)
        return run(self, params)

    def _chat_get(self, params: Mapping[str, Any]) -> _Outcome:
        entity_type, entity_id = params.get("ENTITY_TYPE"), params.get("ENTITY_ID")
        self.stats._count_command()
        if not isinstance(entity_type, str) or not isinstance(entity_id, str):
            return _Outcome(None)  # the real method answers null for missing/malformed input
        with self._lock:
            chat_id = self._chats.get((entity_type, entity_id))
        if chat_id is None:
            return _Outcome(None)
        return _Outcome({"ID": chat_id} if self._result_shape == "object" else chat_id)

    def _profile(self, params: Mapping[str, Any]) -> _Outcome:
        return _Outcome(
            {
                "ID": str(self._user_id),
                "ADMIN": True,
                "NAME": "Demo",
                "LAST_NAME": "Admin",
                "PERSONAL_GENDER": "",
                "TIME_ZONE": "",
            }
        )

    def _scope(self, params: Mapping[str, Any]) -> _Outcome:
        return _Outcome(list(self._scopes))

    def _batch(self, params: Mapping[str, Any]) -> _Outcome:
        cmd = params.get("cmd") or {}
        if isinstance(cmd, list):
            cmd = {str(i): c for i, c in enumerate(cmd)}
        if not isinstance(cmd, dict):
            return _error(400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "cmd must be a map of commands")
        if len(cmd) > MAX_BATCH:
            return _error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
        halt = str(params.get("halt", "0")).strip().lower() in ("1", "true", "y", "yes")
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        times: dict[str, Any] = {}
        for key, command in cmd.items():
            started = time.time()
            outcome = self._batch_command(command)
            if outcome.ok:
                results[str(key)] = outcome.result
            else:
                errors[str(key)] = {
                    "error": outcome.error,
                    "error_description": outcome.description,
                }
            times[str(key)] = _time_block(started)
            if halt and not outcome.ok:
                break
        return _Outcome(
            {
                "result": _php_array(results),
                "result_error": _php_array(errors),
                "result_total": [],
                "result_next": [],
                "result_time": _php_array(times),
            }
        )

    def _batch_command(self, command: Any) -> _Outcome:
        if not isinstance(command, str):
            return _error(*_NOT_FOUND)
        name, _, query = command.partition("?")
        method = _method_name(name)
        params = _php_params(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if method in _METHODS:  # an unknown method cannot draw a fault meant for a real one
            fault = self._take_fault(method, command=True)
            if fault is not None:
                if fault.kind == "http500":
                    return _error(*_INTERNAL)
                if fault.kind == "429":
                    return _error(*_OPERATION)
                if fault.kind == "503":
                    return _error(*_LIMIT)
                if fault.kind == "slow":
                    self._sleep(fault.seconds)
                else:
                    raise _Spoiled(fault)
        return self._call(method, params, in_batch=True)


_METHODS: dict[str, tuple[str | None, Callable[[PortalEmulator, Mapping[str, Any]], _Outcome]]] = {
    "im.chat.get": ("im", PortalEmulator._chat_get),
    "profile": (None, PortalEmulator._profile),
    "scope": (None, PortalEmulator._scope),
    "batch": (None, PortalEmulator._batch),
}


def _method_name(text: str) -> str:
    name = text.strip().lower()
    return name[: -len(".json")] if name.endswith(".json") else name


def _time_block(started: float, operating_reset_at: float | None = None) -> dict[str, Any]:
    finished = time.time()
    zone = datetime.now(UTC).astimezone().tzinfo
    return {
        "start": started,
        "finish": finished,
        "duration": finished - started,
        "processing": finished - started,
        "date_start": datetime.fromtimestamp(started, zone).isoformat(timespec="seconds"),
        "date_finish": datetime.fromtimestamp(finished, zone).isoformat(timespec="seconds"),
        "operating_reset_at": (
            int(started) + OPERATING_WINDOW if operating_reset_at is None else operating_reset_at
        ),
        "operating": 0,
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a client's connection pool is reused
    server_version = "nginx"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection ends after this
    wbufsize = 65536  # headers and body leave in one send when the request is done
    server: _PortalServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: request lines carry the webhook token."""

    def setup(self) -> None:
        portal = self.server.portal
        if portal._ssl is not None:
            self.request.settimeout(self.timeout)
            self.request = portal._ssl.wrap_socket(self.request, server_side=True)
        super().setup()
        with contextlib.suppress(OSError):  # small answers must not wait for delayed ACKs
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with portal._lock:
            portal._connections.add(self.connection)

    def finish(self) -> None:
        portal = self.server.portal
        with portal._lock:
            portal._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()
        if portal._ssl is not None:  # the server only closes the plain socket it accepted
            with contextlib.suppress(OSError):
                self.connection.close()

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    # ----- the portal ------------------------------------------------------------------------

    def _serve(self) -> None:
        portal = self.server.portal
        started = time.time()
        portal.stats._count_request()
        body = self._read_body()
        parts = urllib.parse.urlsplit(self.path)
        segments = parts.path.split("/")
        if len(segments) < 4 or segments[0] != "" or segments[1] != "rest":
            self._send(404, _HTML_404, "text/html; charset=utf-8")
            return
        if not portal._credentials_ok(segments[2], segments[3]):
            self._send_error(401, "INVALID_CREDENTIALS", "Invalid request credentials")
            return
        method = _method_name("/".join(segments[4:]))
        if not portal._admit(method):  # the portal's limiter stands in front of everything
            self._send_error(*_LIMIT)
            return
        fault = portal._take_fault(method)
        if fault is not None and fault.kind == "slow":
            if not portal._sleep(fault.seconds):
                self._reset()
                return
        elif fault is not None and fault.kind != "trickle":
            self._apply_fault(fault, started)
            return
        params = self._params(parts.query, body)
        if params is None:
            self._send_error(400, "INVALID_REQUEST", "The request body is not valid JSON")
            return
        try:
            outcome = portal._call(method, params, in_batch=False)
        except _Spoiled as spoiled:
            self._apply_fault(spoiled.fault, started)
            return
        trickle = fault.seconds if fault is not None and fault.kind == "trickle" else None
        if outcome.ok:
            self._send_json(
                200, {"result": outcome.result, "time": _time_block(started)}, trickle=trickle
            )
        else:
            self._send_json(
                outcome.status,
                {"error": outcome.error, "error_description": outcome.description},
                trickle=trickle,
            )

    def _apply_fault(self, fault: Fault, started: float) -> None:
        portal = self.server.portal
        if fault.kind == "http500":
            self._send_error(*_INTERNAL)
        elif fault.kind == "html":
            self._send(502, _HTML_502, "text/html; charset=utf-8")
        elif fault.kind == "bad_json":
            whole = json.dumps({"result": {"ID": 1}, "time": _time_block(started)}).encode()
            self._send(200, whole[: len(whole) // 2], _JSON)
        elif fault.kind == "reset":
            self._reset()
        elif fault.kind == "429":
            status, code, description = _OPERATION
            block = _time_block(started, operating_reset_at=time.time() + fault.reset_in)
            self._send_json(
                status, {"error": code, "error_description": description, "time": block}
            )
        elif fault.kind == "503":
            portal.stats._count_rejected()
            self._send_error(*_LIMIT)
        elif fault.kind == "raw":
            self._send(
                fault.status, fault.body, fault.headers.get("Content-Type", _JSON), fault.headers
            )
        elif fault.kind == "endless":
            self._send_endless()
        elif fault.kind == "trickle":  # spoiled a batch: the whole answer trickles as an error
            self._send_json(
                500,
                {"error": _INTERNAL[1], "error_description": _INTERNAL[2]},
                trickle=fault.seconds,
            )

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _params(self, query: str, body: bytes) -> dict[str, Any] | None:
        params = _php_params(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if not body:
            return params
        content_type = (self.headers.get("Content-Type") or "").lower()
        if "json" in content_type:
            try:
                decoded = json.loads(body)
            except ValueError:
                return None
            if not isinstance(decoded, dict):
                return None
            params.update(decoded)
        else:
            text = body.decode("utf-8", "replace")
            params.update(_php_params(urllib.parse.parse_qsl(text, keep_blank_values=True)))
        return params

    def _reset(self) -> None:
        """Drop the connection with no answer; SO_LINGER 0 makes the close a TCP reset."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            self.connection.close()

    def _send_error(self, status: int, code: str, description: str) -> None:
        self._send_json(status, {"error": code, "error_description": description})

    def _send_json(
        self, status: int, payload: Mapping[str, Any], *, trickle: float | None = None
    ) -> None:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, body, _JSON, trickle=trickle)

    def _send_endless(self) -> None:
        """A 200 whose JSON never ends, until the client hangs up or the emulator stops."""
        self.send_response(200)
        self.send_header("Content-Type", _JSON)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b'{"result":[' + b"1," * 32768
        self.close_connection = True
        while not self.server.portal._stopping.is_set():
            try:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                return

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        *,
        trickle: float | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            if name.lower() != "content-type":
                self.send_header(name, value)
        self.end_headers()
        if trickle is None:
            self.wfile.write(body)
            return
        self.wfile.flush()  # the headers now, then the body a byte at a time
        portal = self.server.portal
        for at in range(len(body)):
            if not portal._sleep(trickle):
                self._reset()
                return
            try:
                self.wfile.write(body[at : at + 1])
                self.wfile.flush()
            except OSError:  # the client gave up waiting: stop trickling
                self.close_connection = True
                return
