"""The bookkeeping of one ``b24chat bulk`` run: the rows in flight (so a cancelled run still
writes every row) and the counts that make its summary and exit code."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gui.bitrix.bulk import BulkItem, BulkRow, cancelled_row
from gui.bitrix.errors import (
    EXIT_FOUND,
    EXIT_INVALID,
    BitrixError,
    CancelledError,
    InvalidInputError,
)


class Tracked:
    """Remembers the items a consumer has taken but not yet answered (bounded by its window),
    so a cancelled run can still give every row back, in order."""

    def __init__(self, items: Iterable[BulkItem]) -> None:
        self.source = iter(items)
        self.pending: deque[BulkItem] = deque()

    def __iter__(self) -> Iterator[BulkItem]:
        for item in self.source:
            self.pending.append(item)
            yield item

    def answered(self, count: int) -> None:
        for _ in range(count):
            self.pending.popleft()

    def unanswered(self) -> Iterator[BulkItem]:
        """What is left after a stop: items in flight, then the rest of the input."""
        while self.pending:
            yield self.pending.popleft()
        yield from self.source


def cancelled_rows(items: Iterable[BulkItem]) -> Iterator[BulkRow]:
    """Rows for items never looked up because the run was cancelled."""
    for item in items:
        yield cancelled_row(item)


@dataclass
class BulkTally:
    """Counts of a run and the exit code it earns: 0 every row looked up, 2 only invalid rows
    failed, else the highest exit code among portal and network errors."""

    found: int = 0
    no_chat: int = 0
    invalid: int = 0
    failed: int = 0
    cancelled: int = 0
    worst: int = EXIT_FOUND
    first_error: BitrixError | None = field(default=None, repr=False)

    def add(self, row: BulkRow) -> None:
        if row.error is None:
            if row.chat_id is None:
                self.no_chat += 1
            else:
                self.found += 1
        elif isinstance(row.error, InvalidInputError):
            self.invalid += 1
        else:
            if isinstance(row.error, CancelledError):
                self.cancelled += 1
            else:
                self.failed += 1
                self.first_error = self.first_error or row.error
            self.worst = max(self.worst, row.error.exit_code)

    @property
    def total(self) -> int:
        return self.found + self.no_chat + self.invalid + self.failed + self.cancelled

    @property
    def exit_code(self) -> int:
        if self.worst != EXIT_FOUND:
            return self.worst
        return EXIT_INVALID if self.invalid else EXIT_FOUND

    def summary(self) -> str:
        parts = [f"{self.total} rows: {self.found} found, {self.no_chat} no chat"]
        if self.invalid:
            parts.append(f"{self.invalid} invalid")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled")
        return ", ".join(parts)
