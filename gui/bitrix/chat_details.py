"""One lookup with details: the chat ID, then its card, or why there is none and the open-line
chats instead, and a live chat's operators' chat. The ``b24chat … --json`` object is
:meth:`ChatDetails.as_json`; the window shows the same facts.

The chat ID is the answer: nothing after it can turn a found chat into a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .details import LINE_TYPES, CardResult, ChatCard, fetch_card
from .entities import EntityRef, EntityType
from .errors import BitrixError, CancelledError
from .why_no_chat import (
    OpenLineChatRef,
    open_lines_command,
    open_lines_note,
    operators_chat_ref,
    parse_open_lines,
    why_no_chat,
    with_note,
)
from .wording import Phrase

if TYPE_CHECKING:
    from .client import BitrixClient
    from .client_config import Cancelled


@dataclass(frozen=True)
class ChatDetails:
    """Everything a lookup with details found out about one entity or chat."""

    entity_type: str | None
    entity_id: str | None
    chat_id: int | None
    chat_url: str | None = None
    card: ChatCard | None = None
    details_error: Phrase | str | None = None
    why_no_chat: Phrase | str | None = None
    open_line_chats: tuple[OpenLineChatRef, ...] = field(default=())
    operator_chat_id: int | None = None
    live_chat: bool = False  # LIVECHAT: the JSON carries operator_chat_id

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "chat_id": self.chat_id,
            "chat_url": self.chat_url,
            "details": None if self.card is None else self.card.as_json(),
            "details_error": None if self.details_error is None else str(self.details_error),
            "why_no_chat": None if self.why_no_chat is None else str(self.why_no_chat),
            "open_line_chats": [chat.as_json() for chat in self.open_line_chats],
        }
        if self.live_chat:
            out["operator_chat_id"] = self.operator_chat_id
        return out


def lookup_details(
    client: BitrixClient, ref: EntityRef, *, cancelled: Cancelled | None = None
) -> ChatDetails:
    """``im.chat.get`` for ``ref``, then what the chat is, or why there is none.

    Only the lookup itself may raise; every later failure becomes a sentence."""
    chat_id = client.chat_id(ref, cancelled=cancelled)
    return describe(client, ref, chat_id, cancelled=cancelled)


def describe(
    client: BitrixClient, ref: EntityRef, chat_id: int | None, *, cancelled: Cancelled | None = None
) -> ChatDetails:
    """The details of a lookup already answered (the window shows the ID first, then this).

    Raises only CancelledError; every other failure becomes a sentence."""
    if chat_id is None:
        return no_chat_details(client, ref, cancelled=cancelled)
    try:
        card = fetch_card(client, chat_id, line=ref.type.value in LINE_TYPES, cancelled=cancelled)
    except CancelledError:
        raise
    except BitrixError as exc:
        card = CardResult(error=exc.message)
    operator = find_operators_chat(client, ref, chat_id, cancelled=cancelled)
    return ChatDetails(
        ref.type.value,
        ref.id,
        chat_id,
        client.webhook.chat_url(chat_id),
        card=card.card,
        details_error=card.error,
        operator_chat_id=operator,
        live_chat=ref.type is EntityType.LIVECHAT,
    )


def find_operators_chat(
    client: BitrixClient, ref: EntityRef, chat_id: int, *, cancelled: Cancelled | None = None
) -> int | None:
    """A live chat's operators' chat (LINES ``livechat|<line>|<C>|<client>``), else None."""
    operators_ref = operators_chat_ref(ref, chat_id)
    if operators_ref is None:
        return None
    try:
        return client.chat_id(operators_ref, cancelled=cancelled)
    except CancelledError:
        raise
    except BitrixError:
        return None  # the live chat is still the answer


def no_chat_details(
    client: BitrixClient, ref: EntityRef, *, cancelled: Cancelled | None = None
) -> ChatDetails:
    """No chat: the sentence why, and a CRM object's open-line chats."""
    reason: Phrase | None = why_no_chat(ref)
    chats: list[OpenLineChatRef] = []
    command = open_lines_command(ref)
    if command is not None:
        try:
            result = client.call(*command, cancelled=cancelled)
            chats = parse_open_lines(result, client.webhook.portal_url)
        except CancelledError:
            raise
        except BitrixError as exc:
            reason = with_note(reason, open_lines_note(exc))
    return ChatDetails(
        ref.type.value,
        ref.id,
        None,
        why_no_chat=reason,
        open_line_chats=tuple(chats),
        live_chat=ref.type is EntityType.LIVECHAT,
    )
