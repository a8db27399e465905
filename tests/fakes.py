"""Stand-ins shared by the tests: a clock that moves only when told, a keyring in memory."""

from __future__ import annotations

import threading

from gui.store.secrets import FileTokenStore, StoreKind


class FakeClock:
    """Time that moves only when told to; ``sleep`` advances it and is recorded."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


class MemoryTokenStore(FileTokenStore):
    """A keyring-kind token store in memory: a test sees what was (not) stored, and where."""

    kind = StoreKind.KEYRING
    name = "the system keyring (test)"
