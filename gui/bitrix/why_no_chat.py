"""Why an entity has no chat, said in one sentence, and where its conversations are instead:
a CRM object's open-line chats (``imopenlines.crm.chat.get``), a live chat's operators' chat.

``im.chat.get`` answers ``null`` for "none yet", for a wrong shape and for wrong parameters
alike; these sentences say which one it most likely is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .entities import EntityRef, EntityType
from .errors import BitrixError, ScopeError
from .wording import Phrase, phrase

OPEN_LINE_KINDS = ("LEAD", "DEAL", "CONTACT", "COMPANY")  # imopenlines.crm.chat.get knows these

CRM_LAZY = phrase(
    "{entity} has no chat yet: a CRM item's discussion chat is created only when someone first "
    "opens the chat from its card, so most items have none; an item in the Recycle Bin is bound "
    "as SUS_{kind}|<id> instead"
)
LIVECHAT_SHAPE = phrase(
    "A live chat's ENTITY_ID is lineId|clientUserId, two numbers such as 3|25; {entity_id} "
    "is not that shape, so no chat can match it"
)
LINES_SHAPE = phrase(
    "An Open Lines chat's ENTITY_ID is connector|lineId|connectorChatId|connectorUserId, exactly "
    "as the connector reported it (a live chat's: livechat|lineId|chatId|clientUserId); "
    "{entity_id} is not that shape"
)
OPEN_LINES_NEED_SCOPE = phrase(
    "Open-line chats of a CRM item can be looked up only with the webhook's imopenlines scope"
)
OPEN_LINES_FAILED = phrase("Its open-line chats could not be read: {reason}")
WITH_NOTE = phrase("{reason}. {note}")

_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class OpenLineChatRef:
    """One open-line chat of a CRM object."""

    chat_id: int
    connector: str
    connector_title: str
    chat_url: str

    def as_json(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "connector": self.connector,
            "connector_title": self.connector_title,
            "chat_url": self.chat_url,
        }


def why_no_chat(ref: EntityRef) -> Phrase | None:
    """The sentence for ``null``, or None when there is nothing more to say than "no chat"."""
    if ref.type is EntityType.CRM:
        kind = ref.id.partition("|")[0]
        return Phrase(CRM_LAZY, entity=ref.id, kind=kind)
    if ref.type is EntityType.LIVECHAT and not _is_live_chat_id(ref.id):
        return Phrase(LIVECHAT_SHAPE, entity_id=repr(ref.id))
    if ref.type is EntityType.LINES and not _is_usual_lines_id(ref.id):
        return Phrase(LINES_SHAPE, entity_id=repr(ref.id))
    return None


def _is_live_chat_id(entity_id: str) -> bool:
    parts = entity_id.split("|")
    return len(parts) == 2 and all(_NUMBER.fullmatch(part) for part in parts)


def _is_usual_lines_id(entity_id: str) -> bool:
    connector, _, rest = entity_id.partition("|")
    if _NUMBER.fullmatch(connector):
        return False  # a number where the connector goes: parts in the wrong order
    if connector == "livechat":  # an operators' chat: livechat|line|chat|user, all numbers
        return all(_NUMBER.fullmatch(part) for part in rest.split("|"))
    return True


def open_lines_command(ref: EntityRef) -> tuple[str, dict[str, str]] | None:
    """The request listing a CRM object's open-line chats; None for other entities."""
    if ref.type is not EntityType.CRM:
        return None
    kind, _, number = ref.id.partition("|")
    if kind not in OPEN_LINE_KINDS:
        return None
    params = {"CRM_ENTITY_TYPE": kind.lower(), "CRM_ENTITY": number, "ACTIVE_ONLY": "N"}
    return ("imopenlines.crm.chat.get", params)


def parse_open_lines(result: Any, portal_url: str) -> list[OpenLineChatRef]:
    """A list of {CHAT_ID (a string), CONNECTOR_ID, CONNECTOR_TITLE}; odd entries are skipped."""
    items = list(result.values()) if isinstance(result, dict) else result  # PHP's 0..n maps
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        chat = str(item.get("CHAT_ID") or "").strip()
        if not _NUMBER.fullmatch(chat) or int(chat) == 0:
            continue
        found.append(
            OpenLineChatRef(
                int(chat),
                str(item.get("CONNECTOR_ID") or ""),
                str(item.get("CONNECTOR_TITLE") or ""),
                f"{portal_url}/online/?IM_DIALOG=chat{int(chat)}",
            )
        )
    return found


def open_lines_note(error: BitrixError) -> Phrase:
    """What to add to the sentence when the open-line chats could not be read."""
    if isinstance(error, ScopeError):
        return Phrase(OPEN_LINES_NEED_SCOPE)
    return Phrase(OPEN_LINES_FAILED, reason=error.message)


def with_note(reason: Phrase | None, note: Phrase) -> Phrase:
    return note if reason is None else Phrase(WITH_NOTE, reason=reason, note=note)


def operators_chat_ref(ref: EntityRef, chat_id: int) -> EntityRef | None:
    """A live chat ``<line>|<client>`` (chat C) has its operators' chat at LINES
    ``livechat|<line>|<C>|<client>``; None when the live chat's ID is not that shape."""
    if ref.type is not EntityType.LIVECHAT or not _is_live_chat_id(ref.id):
        return None
    line, client = ref.id.split("|")
    return EntityRef(EntityType.LINES, f"livechat|{line}|{chat_id}|{client}")
