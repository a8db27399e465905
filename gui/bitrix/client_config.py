"""The client's options and the progress it reports: plain data, no httpx, no Qt.

Settings, the CLI and the window build a :class:`ClientConfig` without loading the HTTP stack;
only :mod:`gui.bitrix.client` turns it into requests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .ratelimit import DEFAULT_BURST, DEFAULT_RATE, DEFAULT_TIMEOUT

# Leave each request a few ms more than the rate allows: the portal
# times arrivals, not sends, so jitter between two requests must not cost a 503.
JITTER_SLACK = 0.005  # seconds added to each request's slot
MAX_ANSWER_BYTES = 8 * 1024 * 1024  # a REST answer of ours is kilobytes: 8 MB is generous

Cancelled = Callable[[], bool]


def paced_rate(rate: float) -> float:
    """The rate the client's own bucket drains at, under the portal's ``rate``."""
    return 1.0 / (1.0 / rate + JITTER_SLACK)


@dataclass(frozen=True)
class ClientConfig:
    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    timeout: float = DEFAULT_TIMEOUT  # one attempt takes at most 2 x timeout (see below)
    max_attempts: int = 4  # per call, for 5xx / network faults
    max_rate_limited: int = 10  # 503 QUERY_LIMIT_EXCEEDED answers tolerated per call
    backoff: float = 0.5  # the wait before the first retry after a fault; it doubles
    backoff_max: float = 8.0
    rate_limited_wait_max: float = 30.0  # consecutive 503s double the wait up to this
    operation_wait_max: float = 30.0  # wait for a 429's reset only when it is this near
    proxy: str | None = None  # None: system settings; "": no proxy; else a proxy URL
    ca_bundle: str = ""  # "" : the system trust store
    max_answer_bytes: int = MAX_ANSWER_BYTES  # a longer answer is cut off as a bad response

    def attempt_seconds(self) -> float:
        """Upper bound of one HTTP attempt: the answer must be complete ``timeout`` seconds
        after sending, checked between received chunks, and a single blocked socket read is
        itself bounded by ``timeout``; so at most twice the timeout."""
        return 2 * self.timeout

    def worst_case_seconds(self) -> float:
        """Upper bound of one call's time outside the client's own pacing: every attempt
        (faults, 503s, one 429 wait) at its longest, plus every wait between them."""
        backoffs = sum(self.backoff_after(n) for n in range(1, self.max_attempts))
        storm = sum(self.rate_limited_wait(n) for n in range(1, self.max_rate_limited + 1))
        attempts = self.max_attempts + self.max_rate_limited + 1  # +1: after a 429's wait
        return attempts * self.attempt_seconds() + backoffs + storm + self.operation_wait_max

    def rate_limited_wait(self, consecutive: int) -> float:
        """The wait after the ``consecutive``-th 503 in a row: one drain interval, doubling."""
        interval = 1.0 / paced_rate(self.rate)
        return float(min(self.rate_limited_wait_max, interval * 2 ** (consecutive - 1)))

    def backoff_after(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based): ``backoff``, doubling."""
        return float(min(self.backoff_max, self.backoff * 2 ** (attempt - 1)))


class EventKind(StrEnum):
    WAITING = "waiting"  # for the rate limit, before a request
    RETRYING = "retrying"  # after a fault or a "too many requests" answer


class RetryReason(StrEnum):
    """Why the client waits or retries (the desktop translates these words)."""

    RATE_LIMIT = "rate limit"
    OPERATION_TIME_LIMIT = "operation time limit"
    NETWORK = "network"
    SERVER = "server"


@dataclass(frozen=True)
class ClientEvent:
    """Progress a caller may show: waiting for the rate limit, or retrying after a fault."""

    kind: EventKind
    seconds: float
    attempt: int = 0
    reason: RetryReason = RetryReason.RATE_LIMIT
