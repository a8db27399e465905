"""Bulk lookups with details: each found chat's card and each chatless CRM row's open-line chats,
through ``batch``, packed 50 to a request across lookup batches.

For N rows the portal sees at most ⌈N/50⌉ lookups + ⌈found/50⌉ card requests + ⌈CRM rows
without a chat/50⌉ open-line requests (distinct chats and entities are asked once). Rows wait,
in order, until their details are in; past :data:`MAX_WAITING_ROWS` waiting rows the partial
requests go out anyway, so memory stays bounded. Line chats are read through Open Lines
(staff may read them); without the ``imopenlines`` scope they are asked again through ``im``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from .answers import BATCH_LIMIT
from .bulk import BulkRow
from .details import LINE_TYPES, CardResult, ChatCard, card_command, card_from_answer
from .entities import EntityRef
from .errors import BitrixError, CancelledError, ScopeError
from .why_no_chat import (
    OpenLineChatRef,
    open_lines_command,
    open_lines_note,
    parse_open_lines,
    why_no_chat,
    with_note,
)
from .wording import Phrase

if TYPE_CHECKING:
    from .client import BitrixClient
    from .client_config import Cancelled

K = TypeVar("K")
V = TypeVar("V")
MAX_WAITING_ROWS = 5000
MAX_KEPT = 20_000  # answers kept for repeats; past this, those no waiting row needs go
DETAIL_COLUMNS = (
    "title",
    "chat_type",
    "members",
    "messages",
    "created",
    "entity_url",
    "open_line_chats",
)


@dataclass(frozen=True)
class RowDetails:
    """What details add to one bulk row."""

    card: ChatCard | None = None
    details_error: Phrase | str | None = None
    why_no_chat: Phrase | str | None = None
    open_line_chats: tuple[OpenLineChatRef, ...] = ()


def detail_cells(row: BulkRow) -> list[str]:
    """The detail columns of one row, in :data:`DETAIL_COLUMNS` order ("" where none)."""
    return cells_of(row.details)


def cells_of(details: RowDetails | None) -> list[str]:
    """:func:`detail_cells` for details kept apart from their row (the Bulk view's table)."""
    if details is None:
        return [""] * len(DETAIL_COLUMNS)
    card = details.card
    values: list[object] = [None] * 6
    if card is not None:
        values = [card.title, card.chat_type, card.members, card.messages, card.created]
        values.append(card.entity_url)
    chats = " ".join(str(chat.chat_id) for chat in details.open_line_chats)
    return ["" if value is None else str(value) for value in values] + [chats]


class _Needs:
    """The card and open-line requests still to send, and the answers so far."""

    def __init__(self) -> None:
        self.cards: dict[int, bool] = {}  # chat ID -> ask Open Lines (a line chat)
        self.lines: dict[EntityRef, tuple[str, dict[str, str]]] = {}
        self.card_done: dict[int, CardResult] = {}
        self.lines_done: dict[EntityRef, RowDetails] = {}

    def note(self, row: BulkRow) -> None:
        ref = row.item.ref
        if row.error is not None or ref is None:
            return
        if row.chat_id is not None:
            if row.chat_id not in self.card_done:
                self.cards.setdefault(row.chat_id, ref.type.value in LINE_TYPES)
        elif ref not in self.lines_done and ref not in self.lines:
            command = open_lines_command(ref)
            if command is None:
                self.lines_done[ref] = RowDetails(why_no_chat=why_no_chat(ref))
            else:
                self.lines[ref] = command

    def ready(self, row: BulkRow) -> bool:
        ref = row.item.ref
        if row.error is not None or ref is None:
            return True
        if row.chat_id is not None:
            return row.chat_id in self.card_done
        return ref in self.lines_done

    def forget_unneeded(self, waiting: Iterable[list[BulkRow]]) -> None:
        """Drop answers no waiting row needs: a later repeat is asked again (memory stays
        bounded on a 100,000-row file)."""
        if len(self.card_done) + len(self.lines_done) <= MAX_KEPT:
            return
        rows = [row for batch in waiting for row in batch]
        chats = {row.chat_id for row in rows}
        refs = {row.item.ref for row in rows}
        self.card_done = {k: v for k, v in self.card_done.items() if k in chats}
        self.lines_done = {k: v for k, v in self.lines_done.items() if k in refs}

    def details(self, row: BulkRow) -> BulkRow:
        ref = row.item.ref
        if row.error is not None or ref is None:
            return row
        if row.chat_id is not None:
            card = self.card_done[row.chat_id]
            return replace(row, details=RowDetails(card.card, card.error))
        return replace(row, details=self.lines_done[ref])


def with_details(
    client: BitrixClient,
    batches: Iterable[list[BulkRow]],
    *,
    cancelled: Cancelled | None = None,
) -> Iterator[list[BulkRow]]:
    """``batches`` (lookup_many's) with details added, in the same order. A cancel yields the
    rows waiting as they are (their chat IDs are not lost) and stops."""
    needs = _Needs()
    waiting: deque[list[BulkRow]] = deque()
    held = 0
    try:
        for rows in batches:
            for row in rows:
                needs.note(row)
            waiting.append(rows)
            held += len(rows)
            _send(client, needs, cancelled, full_only=held < MAX_WAITING_ROWS)
            while waiting and all(needs.ready(row) for row in waiting[0]):
                done = waiting.popleft()
                held -= len(done)
                yield [needs.details(row) for row in done]
            needs.forget_unneeded(waiting)
        _send(client, needs, cancelled, full_only=False)
    except CancelledError:
        pass
    for rows in waiting:
        yield [needs.details(row) if needs.ready(row) else row for row in rows]


def _send(
    client: BitrixClient, needs: _Needs, cancelled: Cancelled | None, *, full_only: bool
) -> None:
    """Full requests only, unless ``full_only`` is off (the end, or too many rows waiting)."""
    while needs.cards and (len(needs.cards) >= BATCH_LIMIT or not full_only):
        _send_cards(client, needs, cancelled)
    while needs.lines and (len(needs.lines) >= BATCH_LIMIT or not full_only):
        _send_open_lines(client, needs, cancelled)


def _take(pending: dict[K, V], count: int) -> list[tuple[K, V]]:
    """The first ``count`` entries, removed: requests go out in the order rows came."""
    return [(key, pending.pop(key)) for key in list(pending)[:count]]


def _send_cards(client: BitrixClient, needs: _Needs, cancelled: Cancelled | None) -> None:
    portal_url = client.webhook.portal_url
    chosen: list[tuple[int, bool]] = _take(needs.cards, BATCH_LIMIT)
    commands = {f"d{chat}": card_command(chat, line=line) for chat, line in chosen}
    try:
        answer = client.batch(commands, cancelled=cancelled)
    except CancelledError:
        raise
    except BitrixError as exc:
        for chat, _ in chosen:
            needs.card_done[chat] = CardResult(error=exc.message)
        return
    for chat, line in chosen:
        error = answer.errors.get(f"d{chat}")
        if line and isinstance(error, ScopeError):
            needs.cards[chat] = False  # no imopenlines: members can still read it through im
            continue
        result = answer.results.get(f"d{chat}")
        needs.card_done[chat] = card_from_answer(chat, result, error, portal_url, line=line)


def _send_open_lines(client: BitrixClient, needs: _Needs, cancelled: Cancelled | None) -> None:
    portal_url = client.webhook.portal_url
    chosen: list[tuple[EntityRef, tuple[str, dict[str, str]]]] = _take(needs.lines, BATCH_LIMIT)
    commands = {f"o{number}": command for number, (_, command) in enumerate(chosen)}
    try:
        answer = client.batch(commands, cancelled=cancelled)
    except CancelledError:
        raise
    except BitrixError as exc:
        for ref, _ in chosen:
            needs.lines_done[ref] = _open_lines_failed(ref, exc)
        return
    for number, (ref, _) in enumerate(chosen):
        reason = why_no_chat(ref)
        error = answer.errors.get(f"o{number}")
        if error is not None:
            needs.lines_done[ref] = _open_lines_failed(ref, error)
            continue
        chats = parse_open_lines(answer.results.get(f"o{number}"), portal_url)
        needs.lines_done[ref] = RowDetails(why_no_chat=reason, open_line_chats=tuple(chats))


def _open_lines_failed(ref: EntityRef, error: BitrixError) -> RowDetails:
    return RowDetails(why_no_chat=with_note(why_no_chat(ref), open_lines_note(error)))
