"""Many lookups through the REST ``batch`` method: 50 commands a request, input order kept.

A generator over a stream of rows, yielding finished rows a batch at a time, so a 100,000-row CSV
runs in bounded memory and a window can show rows as they arrive. Invalid rows are never sent;
they come back in place with their validation error.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from .answers import BATCH_LIMIT, BatchResult, parse_chat_id
from .entities import EntityRef
from .errors import BitrixError, CancelledError, InvalidInputError
from .links import entity_of, portal_mismatch
from .wording import Phrase, phrase

if TYPE_CHECKING:  # the client (and httpx) load only when a run starts
    from .bulk_details import RowDetails
    from .client import BitrixClient
    from .client_config import Cancelled

# Rows held at once while looking for 50 valid ones among invalid rows: bounds memory.
MAX_WINDOW = 1000
# Distinct IDs whose answers a run keeps for rows repeating them (about 0.4 KB each).
MAX_REMEMBERED = 10_000


class RowStatus(StrEnum):
    """A row's state; the value is the word the table's filter and the tests use."""

    FOUND = "found"
    NO_CHAT = "no chat"
    ERROR = "error"
    PENDING = "pending"  # a row a view shows before it is looked up (never a BulkRow's)


CANCELLED = phrase("cancelled")


@dataclass(frozen=True)
class BulkItem:
    """One input row: what the user gave, and either a valid ref or why it is invalid."""

    line: int  # 1-based position in the input, for messages
    entity_type: str
    entity_id: str
    ref: EntityRef | None = None
    error: InvalidInputError | None = None
    cells: tuple[str, ...] = ()  # the row's own columns, when its file's shape is kept
    link_host: str = ""  # the portal a pasted card link named, checked by for_portal

    @classmethod
    def parse(
        cls, line: int, entity_type: str, entity_id: str, cells: tuple[str, ...] = ()
    ) -> BulkItem:
        """A row's cells; an ID cell holding a CRM card's link stands for its entity."""
        try:
            ref, link = entity_of(entity_type, entity_id)
        except InvalidInputError as exc:
            return cls(line, entity_type.strip(), entity_id.strip(), error=exc, cells=cells)
        host = link.host if link else ""
        return cls(line, ref.type.value, ref.id, ref=ref, cells=cells, link_host=host)


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
    def status(self) -> RowStatus:
        if self.error is not None:
            return RowStatus.ERROR
        return RowStatus.FOUND if self.chat_id is not None else RowStatus.NO_CHAT


def cancelled_row(item: BulkItem) -> BulkRow:
    """The row of an item never looked up because the run was cancelled (an invalid one keeps
    its own reason)."""
    return BulkRow(item, error=item.error or CancelledError(Phrase(CANCELLED)))


def lookup_many(
    client: BitrixClient,
    items: Iterable[BulkItem],
    *,
    batch_size: int = BATCH_LIMIT,
    progress: Callable[[int], object] | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[list[BulkRow]]:
    """Yield the rows of ``items`` in input order, one list per batch request.

    An ID met again is answered from its first lookup, not sent twice (the last
    ``MAX_REMEMBERED`` distinct IDs are kept: memory stays bounded on any file).
    Stops (without yielding the batch in flight) when ``cancelled`` turns true. After a request
    fails as a whole, its rows and all later ones get that error without being sent.
    """
    batch_size = max(1, min(batch_size, BATCH_LIMIT))
    done = 0
    stopped: BitrixError | None = None
    answers = _Answers()
    for window in _windows(items, batch_size, answers):
        if stopped is not None:
            rows = [_failed(item, stopped) for item in window]
        else:
            try:
                rows = _run_window(client, window, answers, cancelled)
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


def _windows(
    items: Iterable[BulkItem], batch_size: int, answered: Container[EntityRef]
) -> Iterator[list[BulkItem]]:
    """Cut the stream so each window holds at most ``batch_size`` distinct refs to send (ones
    already answered cost nothing). Lazy: ``answered`` grows between windows."""
    window: list[BulkItem] = []
    distinct: set[EntityRef] = set()
    for item in items:
        ref = item.ref
        if ref is not None and ref not in distinct and ref not in answered:
            if len(distinct) == batch_size:
                yield window
                window, distinct = [], set()
            distinct.add(ref)
        window.append(item)
        if len(window) >= MAX_WINDOW:
            yield window
            window, distinct = [], set()
    if window:
        yield window


class _Answers:
    """The answers of the last ``MAX_REMEMBERED`` distinct refs, oldest forgotten first."""

    def __init__(self) -> None:
        self._most = MAX_REMEMBERED
        self._kept: dict[EntityRef, _Answer] = {}

    def __contains__(self, ref: object) -> bool:
        return ref in self._kept

    def get(self, ref: EntityRef) -> _Answer | None:
        return self._kept.get(ref)

    def put(self, ref: EntityRef, answer: _Answer) -> None:
        self._kept[ref] = answer
        if len(self._kept) > self._most:
            del self._kept[next(iter(self._kept))]  # dicts keep insertion order


_Answer = tuple[int | None, BitrixError | None]  # a chat ID, or why there is none


def _run_window(
    client: BitrixClient,
    window: list[BulkItem],
    answers: _Answers,
    cancelled: Cancelled | None,
) -> list[BulkRow]:
    known: dict[EntityRef, _Answer] = {}  # this window's, safe from being forgotten meanwhile
    keys: dict[EntityRef, str] = {}
    for item in window:
        ref = item.ref
        if ref is None or ref in known or ref in keys:
            continue
        earlier = answers.get(ref)
        if earlier is not None:
            known[ref] = earlier
        else:
            keys[ref] = f"c{len(keys)}"  # non-numeric: PHP would turn 0..n into a list
    if keys:
        answer = _ask(client, {key: ref for ref, key in keys.items()}, cancelled)
        for ref, key in keys.items():
            known[ref] = _answer_of(answer.results.get(key), answer.errors.get(key))
            answers.put(ref, known[ref])
    rows = []
    for item in window:
        if item.ref is None:
            rows.append(BulkRow(item, error=item.error))
        else:
            chat_id, error = known[item.ref]
            rows.append(BulkRow(item, chat_id=chat_id, error=error))
    return rows


def _answer_of(result: object, error: BitrixError | None) -> _Answer:
    if error is not None:
        return None, error
    try:
        return parse_chat_id(result), None
    except BitrixError as exc:
        return None, exc


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
