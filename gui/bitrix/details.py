"""The chat card: what a chat is (title, type, owner, members, messages, created, its CRM card),
read with ``im.dialog.get`` (``imopenlines.dialog.get`` for line chats).

Only members may read a chat's card (Open Lines staff too, for line chats): a refusal is a normal
answer here, not a failure of the lookup, and becomes the sentence that says the card is hidden.
Never a ``DIALOG_ID`` that is a bare number (user N's private dialog) or starts with ``crm``
(that joins the caller to the CRM chat or creates one): :func:`card_command` builds ``chat<N>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .errors import BitrixError, ScopeError
from .wording import Phrase, phrase

if TYPE_CHECKING:
    from .client import BitrixClient
    from .client_config import Cancelled

HIDDEN = phrase(
    "The webhook's user is not a member of chat {chat_id}, so its details are hidden "
    "(the chat ID is still right)"
)
HIDDEN_LINES = phrase(
    "The webhook's user is neither a member of chat {chat_id} nor Open Lines staff, so its "
    "details are hidden (the chat ID is still right)"
)
NOT_A_CARD = phrase("The portal's answer for chat {chat_id} is not a chat card")
LINE_TYPES = frozenset({"LINES", "LIVECHAT"})


@dataclass(frozen=True)
class ChatCard:
    """One chat's card; ``entity_url`` and ``chat_url`` are absolute links on the portal."""

    chat_id: int
    title: str
    chat_type: str
    owner_id: int | None
    members: int | None
    messages: int | None
    created: str
    entity_type: str
    entity_id: str
    entity_url: str | None
    chat_url: str
    line_session: str = ""  # a line chat's entity_data_1: Y/N saved|CRM type|CRM ID|…|session

    def as_json(self) -> dict[str, Any]:
        """The ``details`` object of the ``b24chat`` contract."""
        return {
            "title": self.title,
            "chat_type": self.chat_type,
            "owner_id": self.owner_id,
            "members": self.members,
            "messages": self.messages,
            "created": self.created,
            "entity_url": self.entity_url,
        }


@dataclass(frozen=True)
class CardResult:
    """A card, or the sentence saying why there is none to show (hidden, or it failed)."""

    card: ChatCard | None = None
    error: Phrase | str | None = None


def card_command(chat_id: int, *, line: bool = False) -> tuple[str, dict[str, str]]:
    """The one request that reads chat N's card; a line chat goes through Open Lines."""
    if line:
        return ("imopenlines.dialog.get", {"CHAT_ID": str(chat_id)})
    return ("im.dialog.get", {"DIALOG_ID": f"chat{chat_id}"})


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


def parse_card(result: Any, chat_id: int, portal_url: str) -> ChatCard:
    """``im.dialog.get``'s result as a card; lenient: ``name`` or ``title``, ints or strings."""
    if not isinstance(result, dict) or not ("name" in result or "title" in result):
        raise ValueError(Phrase(NOT_A_CARD, chat_id=str(chat_id)))
    link = result.get("entity_link")
    path = _text(link.get("url")) if isinstance(link, dict) else ""
    chat_id = _int(result.get("id")) or chat_id  # sgN: the group's chat has its own ID
    return ChatCard(
        chat_id=chat_id,
        title=_text(result.get("name", result.get("title"))),
        chat_type=_text(result.get("type")),
        owner_id=_int(result.get("owner")),
        members=_int(result.get("user_counter")),
        messages=_int(result.get("message_count")),
        created=_text(result.get("date_create")),
        entity_type=_text(result.get("entity_type")),
        entity_id=_text(result.get("entity_id")),
        entity_url=urljoin(portal_url + "/", path) if path else None,
        chat_url=f"{portal_url}/online/?IM_DIALOG=chat{chat_id}",
        line_session=_text(result.get("entity_data_1")),
    )


def is_hidden(result: CardResult) -> bool:
    """The card is hidden from the webhook's user (not a failure)."""
    error = result.error
    return isinstance(error, Phrase) and error.template in (HIDDEN, HIDDEN_LINES)


def is_refusal(error: BitrixError) -> bool:
    """403 from im.dialog.get, 400 from imopenlines.dialog.get: not a member (or no chat)."""
    return error.code.upper() == "ACCESS_ERROR"


def card_from_answer(
    chat_id: int, result: Any, error: BitrixError | None, portal_url: str, *, line: bool = False
) -> CardResult:
    """What one card request's answer (or failure) means for the card."""
    if error is not None:
        if is_refusal(error):
            return CardResult(error=Phrase(HIDDEN_LINES if line else HIDDEN, chat_id=str(chat_id)))
        return CardResult(error=error.message)
    try:
        return CardResult(parse_card(result, chat_id, portal_url))
    except ValueError as exc:
        return CardResult(error=exc.args[0])


def fetch_card(
    client: BitrixClient, chat_id: int, *, line: bool = False, cancelled: Cancelled | None = None
) -> CardResult:
    """Chat N's card through ``im.dialog.get``; refused, a line chat asks Open Lines, where staff
    may read chats they are not in (without the ``imopenlines`` scope, the refusal stands).

    Failures of the request itself (network, rate limit) raise; a refusal does not."""
    portal_url = client.webhook.portal_url
    try:
        result = client.call(*card_command(chat_id), cancelled=cancelled)
        return card_from_answer(chat_id, result, None, portal_url)
    except BitrixError as exc:
        if not is_refusal(exc):
            raise
        refusal = exc
    if line:
        try:
            result = client.call(*card_command(chat_id, line=True), cancelled=cancelled)
            return card_from_answer(chat_id, result, None, portal_url)
        except ScopeError:
            pass
        except BitrixError as exc:
            if not is_refusal(exc):
                raise
    return card_from_answer(chat_id, None, refusal, portal_url, line=line)
