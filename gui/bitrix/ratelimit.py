"""A leaky bucket that mirrors the portal's own.

Each request adds 1; the bucket drains at ``rate`` per second; a request waits while the
bucket would overflow ``burst``. Time comes from an injected clock so tests drive it by hand.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

# Portal defaults: 2 requests/s with a bucket of 50 (Enterprise plans: 5/s and 250).
DEFAULT_RATE = 2.0
DEFAULT_BURST = 50
# Seconds each request may take: the client's, kept beside the pace so that the settings (which
# the window reads before it shows) need not load the client's own types (client_config).
DEFAULT_TIMEOUT = 15.0


@dataclass(frozen=True)
class Slot:
    wait: float  # seconds to wait before sending
    empty: bool  # the bucket is empty when the request goes: it starts the drain
    send_at: float  # clock time the request may go


class LeakyBucket:
    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        if not rate > 0:
            raise ValueError("rate must be a positive number of requests per second")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = float(rate)
        self.burst = int(burst)
        self._clock = clock
        self._lock = threading.Lock()
        self._level = 0.0
        self._stamp = clock()

    def _drain(self, now: float) -> None:
        self._level = max(0.0, self._level - (now - self._stamp) * self.rate)
        self._stamp = now

    def level(self) -> float:
        with self._lock:
            self._drain(self._clock())
            return self._level

    def delay(self) -> float:
        """Seconds until one more request fits (0 when it fits now)."""
        with self._lock:
            self._drain(self._clock())
            return max(0.0, (self._level + 1.0 - self.burst) / self.rate)

    def try_acquire(self) -> bool:
        """Add one request if it fits now (the portal's side: admit or refuse)."""
        with self._lock:
            self._drain(self._clock())
            if self._level + 1.0 > self.burst + 1e-9:
                return False
            self._level += 1.0
            return True

    def book(self) -> Slot:
        """Book the next slot: how long to wait, and whether the bucket is empty when it goes.

        Booking happens at once, so concurrent callers queue behind each other fairly.
        """
        with self._lock:
            now = self._clock()
            self._drain(now)
            wait = max(0.0, (self._level + 1.0 - self.burst) / self.rate)
            empty = self._level - wait * self.rate <= 1e-9
            self._level += 1.0
            return Slot(wait, empty, now + wait)

    def reserve(self) -> float:
        """Book the next slot and return how long the caller must wait before sending."""
        return self.book().wait

    def acquire(
        self,
        *,
        sleep: Callable[[float], object] = time.sleep,
        cancelled: Callable[[], bool] | None = None,
        on_wait: Callable[[float], object] | None = None,
    ) -> float:
        """Wait for a slot; return the seconds waited. ``cancelled`` is polled while waiting."""
        return self.acquire_slot(sleep=sleep, cancelled=cancelled, on_wait=on_wait).wait

    def acquire_slot(
        self,
        *,
        sleep: Callable[[float], object] = time.sleep,
        cancelled: Callable[[], bool] | None = None,
        on_wait: Callable[[float], object] | None = None,
    ) -> Slot:
        slot = self.book()
        if slot.wait > 0:
            if on_wait is not None:
                on_wait(slot.wait)
            _sleep_in_slices(slot.wait, sleep, cancelled)
        return slot

    def settle(self, slot: Slot) -> None:
        """The answer to ``slot``'s request has arrived.

        A request that found the portal's bucket empty starts the portal's drain when it
        *arrives*, which we only know to be before now: count it from now, so a slow first
        request (DNS, TLS handshake) cannot make the next ones early.
        """
        if not slot.empty:
            return
        with self._lock:
            now = self._clock()
            self._drain(now)
            self._level += max(0.0, now - slot.send_at) * self.rate

    def mark_full(self) -> None:
        """The portal said it is over its limit: believe it, whatever we counted."""
        with self._lock:
            self._drain(self._clock())
            self._level = max(self._level, float(self.burst))


def _sleep_in_slices(
    seconds: float, sleep: Callable[[float], object], cancelled: Callable[[], bool] | None
) -> None:
    if cancelled is None:
        sleep(seconds)
        return
    remaining = seconds
    while remaining > 0 and not cancelled():
        step = min(remaining, 0.05)
        sleep(step)
        remaining -= step
