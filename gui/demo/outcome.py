"""What one emulated method call produces, and the portal's standard refusals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gui.demo.faults import Fault

NOT_FOUND = (404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
NO_SCOPE = (
    403,
    "insufficient_scope",
    "The request requires higher privileges than provided by the webhook token",
)
LIMIT = (503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
INTERNAL = (500, "INTERNAL_SERVER_ERROR", "Internal server error")
OPERATION = (429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.")
IN_BATCH = {"http500": INTERNAL, "429": OPERATION, "503": LIMIT}


@dataclass
class Outcome:
    """What one method call produced: a result, or an error with its HTTP status."""

    result: Any = None
    status: int = 200
    error: str = ""
    description: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def error(status: int, code: str, description: str) -> Outcome:
    return Outcome(status=status, error=code, description=description)


class SpoiledAnswer(Exception):
    """A command inside a batch drew a fault that spoils the whole HTTP answer."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.kind)
        self.fault = fault
