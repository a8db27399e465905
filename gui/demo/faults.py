"""Faults the tests inject into the emulated portal, and the queue that hands them out.

``trickle`` sends the headers at once, then the body one byte per ``seconds``; ``raw`` answers
``status`` with ``body`` as it is (any shape a broken portal or a proxy might send); ``endless``
streams a JSON body that never ends.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

FaultKind = Literal[
    "http500", "html", "bad_json", "slow", "reset", "429", "503", "trickle", "raw", "endless"
]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)


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
class _Pending:
    fault: Fault
    method: str | None
    remaining: int


class FaultQueue:
    """Pending faults, each for the next ``count`` requests of a method (or of any request)."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault, count: int, method: str | None) -> None:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(
                f"Unknown fault kind {fault.kind!r}: use one of {', '.join(FAULT_KINDS)}"
            )
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._pending.append(_Pending(fault, method, count))

    def take(self, method: str, *, command: bool = False) -> Fault | None:
        """Consume the first pending fault that matches; commands match named faults only."""
        with self._lock:
            for pending in self._pending:
                if pending.method == method or (pending.method is None and not command):
                    pending.remaining -= 1
                    if pending.remaining <= 0:
                        self._pending.remove(pending)
                    return pending.fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
