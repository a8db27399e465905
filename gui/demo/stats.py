"""What the emulated portal counts, for the tests' and the benchmarks' request budgets."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class EmulatorStats:
    """Counters the tests and benchmarks read; every change happens under ``_lock``.

    ``admitted``, ``by_method`` and ``request_times`` count HTTP requests the rate limit let
    through (an injected fault is drawn after that); ``rejected_503`` counts every
    QUERY_LIMIT_EXCEEDED answer, forced ones included; ``commands`` counts ``im.chat.get``
    executions, those inside a batch included; ``calls`` counts every method execution by
    name, batch commands included.
    """

    requests: int = 0
    admitted: int = 0
    rejected_503: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    commands: int = 0
    request_times: list[float] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)
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
                dict(self.calls),
            )

    def clear(self) -> None:
        with self._lock:
            self.requests = self.admitted = self.rejected_503 = self.commands = 0
            self.by_method.clear()
            self.request_times.clear()
            self.calls.clear()

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    def count_rejected(self) -> None:
        with self._lock:
            self.rejected_503 += 1

    def count_admitted(self, method: str, at: float) -> None:
        with self._lock:
            self.admitted += 1
            self.by_method[method] = self.by_method.get(method, 0) + 1
            self.request_times.append(at)

    def count_call(self, method: str) -> None:
        with self._lock:
            self.calls[method] = self.calls.get(method, 0) + 1
            if method == "im.chat.get":
                self.commands += 1
