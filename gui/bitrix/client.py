"""BitrixClient: REST calls over one ``httpx.Client``, paced by one leaky bucket, with bounded
retries. Thread-safe: one client (and so one bucket) serves every worker of a window.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from . import errors
from .answers import BATCH_LIMIT, BatchResult, parse_batch, parse_chat_id
from .client_config import (
    Cancelled,
    ClientConfig,
    ClientEvent,
    EventKind,
    RetryReason,
    paced_rate,
)
from .entities import EntityRef
from .errors import BadResponseError, BitrixError, CancelledError, NetworkError
from .ratelimit import LeakyBucket
from .retry import RetryBudget
from .tls import ssl_context
from .webhook import WebhookUrl
from .wording import Phrase, phrase

log = logging.getLogger(__name__)

USER_AGENT = "b24-chat-lookup"

PROFILE_NOT_OBJECT = phrase(
    "The portal's profile answer was not an object: is this a Bitrix24 webhook?"
)
SCOPE_NOT_LIST = phrase("The portal's scope answer was not a list: is this a Bitrix24 webhook?")
TIMED_OUT = phrase(
    "The portal did not answer within {seconds} s: check the network, or raise "
    "the timeout in Settings"
)
DROPPED = phrase("The connection to the portal was dropped before it answered")
REQUEST_FAILED = phrase("The request to the portal failed: {reason}")
UNTRUSTED_CERTIFICATE = phrase(
    "The certificate of {portal} is not trusted ({reason}): for an on-premise portal, choose "
    "its CA bundle in Settings"
)
CANNOT_CONNECT = phrase(
    "Could not connect to {portal} ({reason}): check the portal address and the network or "
    "proxy settings"
)
SERVER_ERROR_PAGE = phrase(
    "The portal answered with a server error page (HTTP {status}): try again later"
)
NOT_JSON = phrase(
    "The portal's answer was not JSON (HTTP {status}, {content_type}): check that the URL is "
    "the portal's webhook and that no proxy or login page is in the way"
)
NO_CONTENT_TYPE = phrase("no content type")
NO_RESULT = phrase(
    "The portal's answer has no result (HTTP {status}): is this a Bitrix24 webhook URL?"
)
CANCELLED = phrase("Cancelled")
TOO_LARGE = phrase(
    "The portal's answer was larger than {megabytes} MB, far more than a lookup's answer: "
    "check that the URL is the portal's webhook and that no proxy is in the way"
)
TOO_DEEP = phrase(
    "The portal's answer was JSON nested too deeply to read (HTTP {status}): check that the "
    "URL is the portal's webhook and that no proxy is in the way"
)


@dataclass
class ClientStats:
    requests: int = 0
    rate_limited: int = 0  # 503 QUERY_LIMIT_EXCEEDED answers seen
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


class BitrixClient:
    def __init__(
        self,
        webhook: WebhookUrl,
        config: ClientConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        on_event: Callable[[ClientEvent], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.webhook = webhook
        self.config = config or ClientConfig()
        self.on_event = on_event
        self.stats = ClientStats()
        self._sleep = sleep
        self._clock = clock
        self.bucket = LeakyBucket(paced_rate(self.config.rate), self.config.burst, clock=clock)
        proxy = self.config.proxy or None
        # Loopback (the emulator) never goes through a proxy.
        trust_env = self.config.proxy is None and not webhook.is_loopback
        # A bad CA bundle fails every call with its sentence, not the constructor.
        self._setup_error: BitrixError | None = None
        # Plain http is for loopback only (the demo, the tests' emulator: WebhookUrl refuses
        # it elsewhere), reached without a proxy: nothing to verify. A context without
        # certificates (any https hop fails closed) spares loading the system store, ~30 ms.
        verify: ssl.SSLContext | bool = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if webhook.scheme == "https":
            try:
                verify = ssl_context(self.config.ca_bundle)
            except NetworkError as exc:
                self._setup_error = exc
        self._http = httpx.Client(
            timeout=httpx.Timeout(self.config.timeout, connect=min(self.config.timeout, 10.0)),
            verify=verify,
            proxy=None if webhook.is_loopback else proxy,
            trust_env=trust_env,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def abort(self) -> None:
        """Cut the connections of requests in flight, from any thread (window closing).

        ``close()`` alone leaves a read blocked until its timeout; shutting the sockets makes it
        fail at once. httpx has no public hook for this, so it reaches into httpcore's pool,
        defensively: when the layout differs, nothing is cut and the timeout still bounds it.
        """
        http = self._http
        transports = [getattr(http, "_transport", None), *getattr(http, "_mounts", {}).values()]
        for transport in transports:
            pool = getattr(transport, "_pool", None)
            for connection in list(getattr(pool, "connections", None) or []):
                stream = getattr(getattr(connection, "_connection", None), "_network_stream", None)
                sock = getattr(stream, "_sock", None)
                if isinstance(sock, socket.socket):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> BitrixClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ---------------------------------------------------------------------------
    def chat_id(self, ref: EntityRef, *, cancelled: Cancelled | None = None) -> int | None:
        """The chat ID behind an entity, or None when the entity has no chat."""
        return parse_chat_id(self.call("im.chat.get", ref.params(), cancelled=cancelled))

    def profile(self, *, cancelled: Cancelled | None = None) -> dict[str, Any]:
        result = self.call("profile", cancelled=cancelled)
        if not isinstance(result, dict):
            raise BadResponseError(Phrase(PROFILE_NOT_OBJECT))
        return result

    def scopes(self, *, cancelled: Cancelled | None = None) -> list[str]:
        result = self.call("scope", cancelled=cancelled)
        if not isinstance(result, list):
            raise BadResponseError(Phrase(SCOPE_NOT_LIST))
        return [str(s) for s in result]

    def batch(
        self,
        commands: Mapping[str, tuple[str, Mapping[str, str]]],
        *,
        cancelled: Cancelled | None = None,
    ) -> BatchResult:
        """Run up to 50 commands in one request. Keys must not be bare numbers."""
        if not commands:
            return BatchResult({}, {})
        if len(commands) > BATCH_LIMIT:
            raise ValueError(f"a batch holds at most {BATCH_LIMIT} commands")
        cmd = {key: f"{method}?{urlencode(params)}" for key, (method, params) in commands.items()}
        answer = self.call("batch", {"halt": 0, "cmd": cmd}, cancelled=cancelled)
        return parse_batch(answer, list(commands))

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        cancelled: Cancelled | None = None,
    ) -> Any:
        """POST one REST method; return its ``result``. Retries what is safe to retry."""
        url = self.webhook.method_url(method)
        if self._setup_error is not None:
            raise self._setup_error
        budget = RetryBudget(self.config)
        while True:
            self._check_cancelled(cancelled)
            slot = self.bucket.acquire_slot(
                sleep=self._sleep, cancelled=cancelled, on_wait=self._waiting
            )
            self._check_cancelled(cancelled)
            self.stats.add(requests=1)
            try:
                try:
                    return self._send(url, params)
                finally:
                    self.bucket.settle(slot)
            except _RateLimited as exc:
                self.stats.add(rate_limited=1)
                self.bucket.mark_full()  # the portal's bucket is shared: take its word
                wait = budget.after_rate_limited()
                if wait is None:
                    raise exc.error from None
                self._after_rate_limited(wait, budget.rate_limited, cancelled)
            except _OperationLimited as exc:
                wait = budget.after_operation_limited(exc.reset_at - time.time())
                if wait is None:
                    raise exc.error from None
                self._pause(wait, budget.attempt, RetryReason.OPERATION_TIME_LIMIT, cancelled)
            except BitrixError as exc:
                wait = budget.after_fault(exc)
                if wait is None:
                    raise
                self._pause(wait, budget.attempt, _retry_reason(exc), cancelled)

    def _after_rate_limited(self, wait: float, count: int, cancelled: Cancelled | None) -> None:
        # The full bucket already costs one drain interval at the next slot.
        extra = max(0.0, wait - self.bucket.delay())
        delay = max(wait, self.bucket.delay())
        self._emit(ClientEvent(EventKind.RETRYING, delay, count, RetryReason.RATE_LIMIT))
        if extra > 0:
            self._wait(extra, cancelled)
            self.bucket.mark_full()  # so the next slot still waits its interval

    # -- internals -----------------------------------------------------------------------
    def _send(self, url: str, params: Mapping[str, Any] | None) -> Any:
        # httpx's timeout bounds each socket operation; a portal trickling its answer a byte at
        # a time would never trip it, so the body is read against a deadline of our own.
        deadline = time.monotonic() + self.config.timeout
        try:
            with self._http.stream("POST", url, json=dict(params or {})) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.config.max_answer_bytes:  # endless or huge: not held whole
                        raise self._too_large()
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed", request=response.request)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline passed", request=response.request)
                status = response.status_code
                content_type = response.headers.get("content-type", "")
        except httpx.TimeoutException:
            raise NetworkError(Phrase(TIMED_OUT, seconds=f"{self.config.timeout:g}")) from None
        except httpx.ConnectError as exc:
            raise self._connect_error(exc) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            raise NetworkError(Phrase(DROPPED)) from None
        except httpx.HTTPError as exc:
            raise NetworkError(
                Phrase(REQUEST_FAILED, reason=self.webhook.redact(str(exc)))
            ) from None
        return self._parse(status, content_type, b"".join(chunks))

    def _too_large(self) -> BadResponseError:
        megabytes = f"{self.config.max_answer_bytes / 1024 / 1024:g}"
        return BadResponseError(Phrase(TOO_LARGE, megabytes=megabytes))

    def _connect_error(self, exc: httpx.ConnectError) -> NetworkError:
        reason = self.webhook.redact(str(exc))
        portal = self.webhook.portal_url
        if "CERTIFICATE" in reason.upper() or "SSL" in reason.upper():
            return NetworkError(
                Phrase(UNTRUSTED_CERTIFICATE, portal=portal, reason=reason), code="TLS"
            )
        return NetworkError(Phrase(CANNOT_CONNECT, portal=portal, reason=reason))

    def _parse(self, status: int, content_type: str, content: bytes) -> Any:
        try:
            body = json.loads(content)
        except RecursionError:  # a hostile or broken answer nested thousands of levels deep
            raise BadResponseError(
                Phrase(TOO_DEEP, status=str(status)), http_status=status
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            if status >= 500:
                raise errors.ServerError(
                    Phrase(SERVER_ERROR_PAGE, status=str(status)), http_status=status
                ) from None
            if status in (401, 403, 404):
                raise errors.error_from_response(status, "") from None
            raise BadResponseError(
                Phrase(
                    NOT_JSON,
                    status=str(status),
                    content_type=content_type or Phrase(NO_CONTENT_TYPE),
                ),
                http_status=status,
            ) from None
        if isinstance(body, dict) and body.get("error"):
            # A proxy may echo the request URL, token included, in its description.
            error = errors.error_from_response(
                status,
                self.webhook.redact(str(body["error"])),
                self.webhook.redact(str(body.get("error_description") or "")),
            )
            if isinstance(error, errors.RateLimitError):
                raise _RateLimited(error)
            if isinstance(error, errors.OperationLimitError):
                reset_at = _operating_reset_at(body)
                raise _OperationLimited(error, reset_at)
            raise error
        if status >= 500:
            raise errors.ServerError(
                Phrase(errors.SERVER_ERROR_STATUS, status=str(status)), http_status=status
            )
        if not isinstance(body, dict) or "result" not in body:
            raise BadResponseError(Phrase(NO_RESULT, status=str(status)), http_status=status)
        return body["result"]

    def _check_cancelled(self, cancelled: Cancelled | None) -> None:
        if cancelled is not None and cancelled():
            raise CancelledError(Phrase(CANCELLED))

    def _waiting(self, seconds: float) -> None:
        if seconds >= 0.05:  # only waits a person could notice
            self._emit(ClientEvent(EventKind.WAITING, seconds, reason=RetryReason.RATE_LIMIT))

    def _pause(
        self, seconds: float, attempt: int, reason: RetryReason, cancelled: Cancelled | None
    ) -> None:
        self.stats.add(retries=1)
        self._emit(ClientEvent(EventKind.RETRYING, seconds, attempt, reason))
        self._wait(seconds, cancelled)

    def _wait(self, seconds: float, cancelled: Cancelled | None) -> None:
        # The injected clock, so a fake sleep that advances a fake clock ends this loop.
        end = self._clock() + seconds
        while (left := end - self._clock()) > 0:
            self._check_cancelled(cancelled)
            self._sleep(min(left, 0.05))

    def _emit(self, event: ClientEvent) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a broken listener must not break the lookup
                log.exception("client event listener failed")


class _RateLimited(Exception):
    def __init__(self, error: BitrixError) -> None:
        self.error = error


class _OperationLimited(Exception):
    def __init__(self, error: BitrixError, reset_at: float) -> None:
        self.error = error
        self.reset_at = reset_at


def _operating_reset_at(body: dict[str, Any]) -> float:
    timing = body.get("time")
    try:
        return float(timing["operating_reset_at"]) if isinstance(timing, dict) else float("inf")
    except (KeyError, TypeError, ValueError):
        return float("inf")


def _retry_reason(error: BitrixError) -> RetryReason:
    """Only network faults and 5xx answers are retried (see gui.bitrix.retry)."""
    return RetryReason.SERVER if error.kind == errors.ErrorKind.SERVER else RetryReason.NETWORK
