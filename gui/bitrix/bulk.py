"""Many lookups through the REST ``batch`` method: 50 commands a request, input order kept.

A generator over a stream of rows, yielding finished rows a batch at a time, so a 100,000-row CSV
runs in bounded memory and a window can show rows as they arrive. Invalid rows are never sent;
they come back in place with their validation error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from .answers import BATCH_LIMIT, BatchResult, parse_chat_id
from .entities import EntityRef
from .errors import BitrixError, CancelledError, InvalidInputError
from .links import entity_of, portal_mismatch

if TYPE_CHECKING:  # the client (and httpx) load only when a run starts
    from .bulk_details import RowDetails
    from .client import BitrixClient
    from .client_config import Cancelled

# Rows held at once while looking for 50 valid ones among invalid rows: bounds memory.
MAX_WINDOW = 1000

Status = Literal["found", "no chat", "error"]


@dataclass(frozen=True)
class BulkItem:
    """One input row: what the user gave, and either a valid ref or why it is invalid."""

    line: int  # 1-based position in the input, for messages
    entity_type: str
    entity_id: str
    ref: EntityRef | None = None
    error: InvalidInputError | None = None
    link_host: str = ""  # the portal a pasted card link named, checked by for_portal

    @classmethod
    def parse(cls, line: int, entity_type: str, entity_id: str) -> BulkItem:
        """A row's cells; an ID cell holding a CRM card's link stands for its entity."""
        try:
            ref, link = entity_of(entity_type, entity_id)
        except InvalidInputError as exc:
            return cls(line, entity_type.strip(), entity_id.strip(), error=exc)
        return cls(line, ref.type.value, ref.id, ref=ref, link_host=link.host if link else "")


def for_portal(items: Iterable[BulkItem], host: str) -> Iterator[BulkItem]:
    """Rows whose link names another portal than ``host`` become invalid: never sent, since
    their ID means another entity on this portal."""
    for item in items:
        mismatch = portal_mismatch(item.link_host, host) if item.ref is not None else None
        if mismatch is None:
            yield item
        else:
            yield replace(item, ref=None, error=InvalidInputError(mismatch))


@dataclass(frozen=True)
class BulkRow:
    item: BulkItem
    chat_id: int | None = None
    error: BitrixError | None = None
    details: RowDetails | None = None  # with details on: the card, or why there is no chat

    @property
    def status(self) -> Status:
        if self.error is not None:
            return "error"
        return "found" if self.chat_id is not None else "no chat"


def lookup_many(
    client: BitrixClient,
    items: Iterable[BulkItem],
    *,
    batch_size: int = BATCH_LIMIT,
    progress: Callable[[int], object] | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[list[BulkRow]]:
    """Yield the rows of ``items`` in input order, one list per batch request.

    Stops (without yielding the batch in flight) when ``cancelled`` turns true. After a request
    fails as a whole, its rows and all later ones get that error without being sent.
    """
    batch_size = max(1, min(batch_size, BATCH_LIMIT))
    done = 0
    stopped: BitrixError | None = None
    for window in _windows(items, batch_size):
        if stopped is not None:
            rows = [_failed(item, stopped) for item in window]
        else:
            try:
                rows = _run_window(client, window, cancelled)
            except CancelledError:
                return
            except BitrixError as exc:
                if cancelled is not None and cancelled():
                    return  # the request was cut because of the cancel: not the portal's fault
                stopped = exc
                rows = [_failed(item, exc) for item in window]
        done += len(rows)
        if progress is not None:
            progress(done)
        yield rows


def _failed(item: BulkItem, error: BitrixError) -> BulkRow:
    return BulkRow(item, error=item.error or error)


def _windows(items: Iterable[BulkItem], batch_size: int) -> Iterator[list[BulkItem]]:
    """Cut the stream so each window holds at most ``batch_size`` distinct valid refs."""
    window: list[BulkItem] = []
    distinct: set[EntityRef] = set()
    for item in items:
        if item.ref is not None and item.ref not in distinct:
            if len(distinct) == batch_size:
                yield window
                window, distinct = [], set()
            distinct.add(item.ref)
        window.append(item)
        if len(window) >= MAX_WINDOW:
            yield window
            window, distinct = [], set()
    if window:
        yield window


def _run_window(
    client: BitrixClient, window: list[BulkItem], cancelled: Cancelled | None
) -> list[BulkRow]:
    keys: dict[EntityRef, str] = {}
    for item in window:
        if item.ref is not None and item.ref not in keys:
            keys[item.ref] = f"c{len(keys)}"  # non-numeric: PHP would turn 0..n into a list
    if not keys:
        return [BulkRow(item, error=item.error) for item in window]
    answer = _ask(client, {key: ref for ref, key in keys.items()}, cancelled)
    rows = []
    for item in window:
        if item.ref is None:
            rows.append(BulkRow(item, error=item.error))
            continue
        key = keys[item.ref]
        if key in answer.errors:
            rows.append(BulkRow(item, error=answer.errors[key]))
            continue
        try:
            rows.append(BulkRow(item, chat_id=parse_chat_id(answer.results.get(key))))
        except BitrixError as exc:
            rows.append(BulkRow(item, error=exc))
    return rows


def _ask(
    client: BitrixClient, refs: dict[str, EntityRef], cancelled: Cancelled | None
) -> BatchResult:
    """One batch request; the commands it did not run are sent once more in a batch of their
    own, and those still not run keep their "did not run" error."""
    answer = client.batch(
        {key: ("im.chat.get", ref.params()) for key, ref in refs.items()}, cancelled=cancelled
    )
    if not answer.missing:
        return answer
    again = client.batch(
        {key: ("im.chat.get", refs[key].params()) for key in answer.missing}, cancelled=cancelled
    )
    results = {**answer.results, **again.results}
    failed = {k: e for k, e in answer.errors.items() if k not in again.results}
    failed.update(again.errors)
    return BatchResult(results, failed, again.missing)
