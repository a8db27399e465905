"""The ``b24chat bulk`` progress line: rows done/total, rate and ETA on one line of stderr."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


class ProgressLine:
    """rows done/total, rate and ETA on one ``\\r`` line of stderr (a terminal only)."""

    def __init__(
        self, stream: TextIO, total: int | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.total = total
        self.clock = clock
        self.started = clock()
        self.shown_at = -1.0
        self.note = ""

    def show(self, done: int, *, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self.shown_at < 0.1:
            return
        self.shown_at = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        total = max(self.total, done) if self.total is not None else None
        text = f"{done:,}/{total:,} rows" if total is not None else f"{done:,} rows"
        text += f"  {rate:.1f} rows/s"
        if total is not None and rate > 0 and done < total:
            text += f"  ETA {_duration((total - done) / rate)}"
        if self.note:
            text += f"  ({self.note})"
        self.stream.write(f"\r{text:<72}")
        self.stream.flush()

    def finish(self, done: int) -> None:
        self.note = ""
        self.show(done, force=True)
        self.stream.write("\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
