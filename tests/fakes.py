"""Stand-ins shared by the tests: a clock that moves only when told, a keyring in memory."""

from __future__ import annotations

import threading


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


class MemoryTokenStore:
    """A keyring-kind token store in memory: a test sees what was (not) stored, and where."""

    kind = "keyring"
    name = "the system keyring (test)"

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def get(self, account: str) -> str | None:
        return self.tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self.tokens[account] = token

    def delete(self, account: str) -> None:
        self.tokens.pop(account, None)
