"""The emulator's HTTP side: requests in, the portal's answers (and a network's faults) out."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import struct
import time
import urllib.parse
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from gui.demo.faults import Fault
from gui.demo.outcome import INTERNAL, LIMIT, OPERATION, SpoiledAnswer
from gui.demo.php import method_name, php_params, time_block
from gui.demo.portal import Portal

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


class Served(Protocol):
    """What the handler needs from whoever runs the server."""

    portal: Portal
    ssl_context: ssl.SSLContext | None

    def track(self, connection: socket.socket) -> None: ...

    def untrack(self, connection: socket.socket) -> None: ...


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    emulator: Served

    @classmethod
    def listen(cls, address: tuple[str, int], emulator: Served) -> PortalServer:
        server_class = _PortalServer6 if ":" in address[0] else PortalServer
        server = server_class(address, _Handler)
        server.emulator = emulator
        return server

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that went away is not news, and tracebacks could show a path."""


class _PortalServer6(PortalServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a client's connection pool is reused
    server_version = "nginx"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection ends after this
    wbufsize = 65536  # headers and body leave in one send when the request is done
    server: PortalServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: request lines carry the webhook token."""

    def setup(self) -> None:
        emulator = self.server.emulator
        if emulator.ssl_context is not None:
            self.request.settimeout(self.timeout)
            self.request = emulator.ssl_context.wrap_socket(self.request, server_side=True)
        super().setup()
        with contextlib.suppress(OSError):  # small answers must not wait for delayed ACKs
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        emulator.track(self.connection)

    def finish(self) -> None:
        emulator = self.server.emulator
        emulator.untrack(self.connection)
        with contextlib.suppress(OSError):
            super().finish()
        if emulator.ssl_context is not None:  # the server only closes the plain socket it accepted
            with contextlib.suppress(OSError):
                self.connection.close()

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    # ----- the portal ------------------------------------------------------------------------

    def _serve(self) -> None:
        portal = self.server.emulator.portal
        started = time.time()
        portal.stats.count_request()
        body = self._read_body()
        parts = urllib.parse.urlsplit(self.path)
        segments = parts.path.split("/")
        if len(segments) < 4 or segments[0] != "" or segments[1] != "rest":
            self._send(404, _HTML_404, "text/html; charset=utf-8")
            return
        if not portal.credentials_ok(segments[2], segments[3]):
            self._send_error(401, "INVALID_CREDENTIALS", "Invalid request credentials")
            return
        method = method_name("/".join(segments[4:]))
        if not portal.admit(method):  # the portal's limiter stands in front of everything
            self._send_error(*LIMIT)
            return
        fault = portal.take_fault(method)
        if fault is not None and fault.kind == "slow":
            if not portal.wait(fault.seconds):
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
            outcome = portal.call(method, params)
        except SpoiledAnswer as spoiled:
            self._apply_fault(spoiled.fault, started)
            return
        trickle = fault.seconds if fault is not None and fault.kind == "trickle" else None
        if outcome.ok:
            self._send_json(
                200, {"result": outcome.result, "time": time_block(started)}, trickle=trickle
            )
        else:
            self._send_json(
                outcome.status,
                {"error": outcome.error, "error_description": outcome.description},
                trickle=trickle,
            )

    def _apply_fault(self, fault: Fault, started: float) -> None:
        portal = self.server.emulator.portal
        if fault.kind == "http500":
            self._send_error(*INTERNAL)
        elif fault.kind == "html":
            self._send(502, _HTML_502, "text/html; charset=utf-8")
        elif fault.kind == "bad_json":
            whole = json.dumps({"result": {"ID": 1}, "time": time_block(started)}).encode()
            self._send(200, whole[: len(whole) // 2], _JSON)
        elif fault.kind == "reset":
            self._reset()
        elif fault.kind == "429":
            status, code, description = OPERATION
            block = time_block(started, operating_reset_at=time.time() + fault.reset_in)
            self._send_json(
                status, {"error": code, "error_description": description, "time": block}
            )
        elif fault.kind == "503":
            portal.stats.count_rejected()
            self._send_error(*LIMIT)
        elif fault.kind == "raw":
            self._send(
                fault.status, fault.body, fault.headers.get("Content-Type", _JSON), fault.headers
            )
        elif fault.kind == "endless":
            self._send_endless()
        elif fault.kind == "trickle":  # spoiled a batch: the whole answer trickles as an error
            self._send_json(
                500,
                {"error": INTERNAL[1], "error_description": INTERNAL[2]},
                trickle=fault.seconds,
            )

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _params(self, query: str, body: bytes) -> dict[str, Any] | None:
        params = php_params(urllib.parse.parse_qsl(query, keep_blank_values=True))
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
            params.update(php_params(urllib.parse.parse_qsl(text, keep_blank_values=True)))
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
        while not self.server.emulator.portal.stopping:
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
        portal = self.server.emulator.portal
        for at in range(len(body)):
            if not portal.wait(trickle):
                self._reset()
                return
            try:
                self.wfile.write(body[at : at + 1])
                self.wfile.flush()
            except OSError:  # the client gave up waiting: stop trickling
                self.close_connection = True
                return
