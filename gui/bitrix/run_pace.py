"""How fast a bulk run goes and how long it has left, from a clock a test can drive.

Qt-free: the Bulk view shows these figures; the maths lives here so it is tested without a window.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class RunPace:
    """Rows a second since the run (or its resumed part) started, and the time left at that rate."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()
        self._first_done = 0

    def start(self, done: int = 0) -> None:
        """A run starts now with ``done`` rows already finished (a resume)."""
        self._started = self._clock()
        self._first_done = done

    def elapsed(self) -> float:
        return max(0.0, self._clock() - self._started)

    def rate(self, done: int) -> float:
        """Rows a second finished since :meth:`start`; 0 before any time has passed."""
        elapsed = self.elapsed()
        return (done - self._first_done) / elapsed if elapsed > 0 else 0.0

    def seconds_left(self, done: int, total: int) -> float | None:
        """The rest of the run at the rate so far; None until there is a rate to go by."""
        rate = self.rate(done)
        if rate <= 0:
            return None
        return max(0, total - done) / rate
