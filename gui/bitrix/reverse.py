"""Chat → entity: which entity a chat was made for, from ``1439``, ``chat1439``, ``sg103`` or a
pasted link holding ``IM_DIALOG=chat1439``.

A bare number means chat N, so ``chat<N>`` is what is sent: a bare number sent to
``im.dialog.get`` is user N's private dialog, a different thing. A ``crm…`` reference is refused
before anything is sent: on real portals that path joins the caller to the CRM object's chat, or
creates one. :func:`parse_chat_ref` reads what a user typed; :func:`lookup_chat` takes the parsed
:class:`ChatRef` (the link parser hands one over too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .chat_details import ChatDetails, find_operators_chat
from .details import NOT_A_CARD, CardResult, card_from_answer, fetch_card, is_hidden, is_refusal
from .entities import EntityRef, EntityType
from .errors import (
    BadResponseError,
    BitrixError,
    ErrorKind,
    InvalidInputError,
    PortalError,
)
from .links import dialog_in_link, looks_like_link
from .wording import Phrase, phrase

if TYPE_CHECKING:
    from .client import BitrixClient
    from .client_config import Cancelled


CRM_REFUSED = phrase(
    "{text} is a CRM dialog ID: asking for it would join the webhook's user to that CRM "
    "item's chat (or create one), so it is never sent. Give the chat's number, e.g. chat1439"
)
NOT_A_CHAT_REF = phrase(
    "{text} is not a chat: give 1439, chat1439, sg103 (a group's chat) or a link with "
    "IM_DIALOG=chat1439"
)
PRIVATE_DIALOG = phrase(
    "{text} is a private dialog with user {user}, not a chat: give the chat's number, e.g. chat1439"
)
CHAT_REFUSED = phrase(
    "The portal does not show {chat}: the webhook's user is not a member (or there is no such chat)"
)
NOT_BOUND = phrase("Chat {chat} is not bound to an entity")

_REF = re.compile(r"(?P<kind>chat|sg)?(?P<number>[0-9]{1,19})", re.IGNORECASE)
_USER_DIALOG = re.compile(r"user(?P<number>[0-9]{1,19})", re.IGNORECASE)


@dataclass(frozen=True)
class ChatRef:
    """A chat (``chat<N>``) or a group's chat (``sg<N>``), ready to send as a DIALOG_ID."""

    kind: Literal["chat", "group"]
    number: int

    @property
    def dialog_id(self) -> str:
        return f"chat{self.number}" if self.kind == "chat" else f"sg{self.number}"

    def __str__(self) -> str:
        return self.dialog_id


class ChatRefusedError(PortalError):
    """The portal would not show the chat: exit 3, with the sentence."""

    kind = ErrorKind.NOT_A_MEMBER


def parse_chat_ref(text: str) -> ChatRef:
    """Read ``1439``, ``chat1439``, ``sg103`` or a link; refuse ``crm…`` (InvalidInputError)."""
    cleaned = text.strip()
    dialog = dialog_in_link(cleaned) if looks_like_link(cleaned) else None
    if dialog is not None:
        # in a link a bare number is the private dialog with that user, never chat N
        cleaned = f"user{dialog}" if dialog.isascii() and dialog.isdigit() else dialog
    shown = repr(text.strip()[:60] or "(empty)")
    if cleaned.lower().startswith("crm"):
        raise InvalidInputError(Phrase(CRM_REFUSED, text=shown))
    user = _USER_DIALOG.fullmatch(cleaned)
    if user:
        raise InvalidInputError(Phrase(PRIVATE_DIALOG, text=shown, user=user["number"]))
    match = _REF.fullmatch(cleaned)
    if not match or int(match["number"]) == 0:
        raise InvalidInputError(Phrase(NOT_A_CHAT_REF, text=shown))
    kind: Literal["chat", "group"] = "group" if (match["kind"] or "").lower() == "sg" else "chat"
    return ChatRef(kind, int(match["number"]))


def fetch_chat_card(
    client: BitrixClient, ref: ChatRef, *, cancelled: Cancelled | None = None
) -> CardResult:
    """The card of ``chat<N>`` (any chat may be a line chat: Open Lines is asked when refused)
    or of ``sg<N>`` (a group's chat is never one)."""
    if ref.kind == "chat":
        return fetch_card(client, ref.number, line=True, cancelled=cancelled)
    try:
        result = client.call("im.dialog.get", {"DIALOG_ID": ref.dialog_id}, cancelled=cancelled)
    except BitrixError as exc:
        if not is_refusal(exc):
            raise
        return card_from_answer(ref.number, None, exc, client.webhook.portal_url)
    return card_from_answer(ref.number, result, None, client.webhook.portal_url)


def lookup_chat(
    client: BitrixClient, ref: ChatRef, *, cancelled: Cancelled | None = None
) -> ChatDetails:
    """The entity chat ``ref`` was made for, and its card; ChatRefusedError when hidden."""
    result = fetch_chat_card(client, ref, cancelled=cancelled)
    card = result.card
    if card is None:
        if is_hidden(result):
            raise ChatRefusedError(Phrase(CHAT_REFUSED, chat=ref.dialog_id), code="ACCESS_ERROR")
        raise BadResponseError(result.error or Phrase(NOT_A_CARD, chat_id=str(ref.number)))
    bound = bool(card.entity_type and card.entity_id)
    live = card.entity_type == EntityType.LIVECHAT.value
    operator = None
    if live:
        live_ref = EntityRef(EntityType.LIVECHAT, card.entity_id)
        operator = find_operators_chat(client, live_ref, card.chat_id, cancelled=cancelled)
    return ChatDetails(
        card.entity_type or None,
        card.entity_id or None,
        card.chat_id,
        card.chat_url,
        card=card,
        why_no_chat=None if bound else Phrase(NOT_BOUND, chat=f"chat{card.chat_id}"),
        operator_chat_id=operator,
        live_chat=live,
    )
