"""The portal's chats as records, and the methods that read them: ``im.dialog.get``,
``imopenlines.dialog.get`` and ``imopenlines.crm.chat.get``.

As on a real portal (``im`` and ``imopenlines`` REST, read from their PHP): ``im.dialog.get``
takes ``chat<N>``, ``sg<N>`` (a group's chat) or a bare number, which is *user N's private
dialog*; it refuses a non-member with HTTP 403 ``ACCESS_ERROR`` (a chat that does not exist
reads the same), and a ``crm…`` DIALOG_ID joins the caller to the CRM object's chat, creating it
when there is none: the emulator records every such call in :attr:`Chats.crm_joins`, so tests can
prove nobody sent one. ``imopenlines.dialog.get`` opens line chats to Open Lines staff who are
not members, and says every refusal with HTTP 400 ``ACCESS_ERROR``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

DIALOG_EMPTY = (400, "DIALOG_ID_EMPTY", "Dialog ID can't be empty")
NO_ACCESS = "You do not have access to the specified dialog"
CRM_KINDS = ("lead", "deal", "contact", "company")  # imopenlines.crm.chat.get's own names
_CHAT = re.compile(r"chat(\d+)")
_GROUP = re.compile(r"sg(\d+)")
_USER = re.compile(r"\d+")
_MESSAGE_TYPES = {"lines": "L", "livechat": "L", "open": "O"}


@dataclass(frozen=True)
class ChatRecord:
    """One chat as the portal stores it (``b_im_chat``) plus who is in it."""

    chat_id: int
    title: str
    chat_type: str  # im.dialog.get's "type": crm, lines, livechat, chat, open, sonetGroup, …
    owner: int
    members: tuple[int, ...]
    message_count: int
    created: datetime
    entity_type: str = ""
    entity_id: str = ""
    entity_data_1: str = ""
    entity_link_path: str = ""  # a portal path like /crm/deal/details/5/, or ""


@dataclass(frozen=True)
class OpenLineChat:
    """One Open Lines chat bound to a CRM object, as ``imopenlines.crm.chat.get`` lists it."""

    chat_id: int
    connector_id: str
    connector_title: str
    active: bool = True


def crm_path(kind: str, number: str) -> str:
    """The CRM card's portal path for ``DEAL``/``5``; smart processes live under /crm/type/."""
    upper = kind.upper()
    if upper.startswith("DYNAMIC_"):
        return f"/crm/type/{upper.removeprefix('DYNAMIC_')}/details/{number}/"
    return f"/crm/{upper.lower()}/details/{number}/"


def default_record(chat_id: int, entity_type: str, entity_id: str, member: int) -> ChatRecord:
    """A plausible chat for a binding given without a card: ``member`` can read it."""
    kind, _, number = entity_id.partition("|")
    chat_type = {"CRM": "crm", "LINES": "lines", "LIVECHAT": "livechat"}.get(entity_type, "chat")
    title = f"{kind.title()} #{number}" if entity_type == "CRM" else f"{entity_type} {entity_id}"
    return ChatRecord(
        chat_id=chat_id,
        title=title,
        chat_type=chat_type,
        owner=member,
        members=(member,),
        message_count=chat_id % 37,
        created=datetime(2026, 1, 1, 9, 0, tzinfo=UTC) + timedelta(hours=chat_id % 500),
        entity_type=entity_type,
        entity_id=entity_id,
        entity_link_path=crm_path(kind, number) if entity_type == "CRM" and number else "",
    )


def dialog_json(record: ChatRecord) -> dict[str, Any]:
    """``im.dialog.get``'s answer for a chat (``Im\\Chat::getById`` with JSON on)."""
    link_type, link_id = "", ""
    if record.entity_link_path:
        link_type = "CRM"
        link_id = record.entity_link_path.rstrip("/").rsplit("/", 1)[-1]
    return {
        "id": record.chat_id,
        "parent_chat_id": 0,
        "name": record.title,
        "owner": record.owner,
        "extranet": False,
        "avatar": "",
        "color": "#4ba984",
        "type": record.chat_type,
        "counter": 0,
        "user_counter": len(record.members),
        "message_count": record.message_count,
        "last_message_id": record.chat_id * 100 + record.message_count,
        "entity_type": record.entity_type,
        "entity_id": record.entity_id,
        "entity_data_1": record.entity_data_1,
        "entity_data_2": "",
        "entity_data_3": "",
        "date_create": record.created.isoformat(timespec="seconds"),
        "message_type": _MESSAGE_TYPES.get(record.chat_type, "C"),
        "entity_link": {"type": link_type, "url": record.entity_link_path, "id": link_id},
        "manager_list": [record.owner],
        "dialog_id": f"chat{record.chat_id}",
    }


def user_json(user_id: int, name: str) -> dict[str, Any]:
    """What ``im.dialog.get`` answers for a bare number: that user's private dialog."""
    first, _, last = name.partition(" ")
    return {
        "id": user_id,
        "name": name,
        "first_name": first,
        "last_name": last,
        "work_position": "",
        "color": "#df532d",
        "avatar": "",
        "gender": "M",
        "extranet": False,
        "bot": False,
        "connector": False,
        "external_auth_id": "default",
        "status": "online",
        "departments": [1],
    }


@dataclass
class Chats:
    """Every chat record, the users, the Open Lines links of CRM objects; thread-safe."""

    records: dict[int, ChatRecord] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    open_lines: dict[tuple[str, int], list[OpenLineChat]] = field(default_factory=dict)
    lines_staff: bool = True  # the webhook's user may read any line chat (imopenlines)
    crm_joins: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, records: Iterable[ChatRecord]) -> None:
        with self._lock:
            for record in records:
                self.records[record.chat_id] = record

    def link_open_line(self, kind: str, entity: int, chat: OpenLineChat) -> None:
        with self._lock:
            self.open_lines.setdefault((kind.lower(), entity), []).append(chat)

    def find(self, chat_id: int) -> ChatRecord | None:
        with self._lock:
            return self.records.get(chat_id)

    def find_entity(self, entity_type: str, entity_id: str) -> ChatRecord | None:
        with self._lock:
            for record in self.records.values():
                if (record.entity_type, record.entity_id) == (entity_type, entity_id):
                    return record
        return None

    def join_crm(self, dialog_id: str, user: int, bindings: Mapping[tuple[str, str], int]) -> int:
        """What a ``crm…`` DIALOG_ID does on a real portal: join (or create) the CRM chat."""
        entity = dialog_id[3:].strip("|").upper()
        with self._lock:
            self.crm_joins.append(dialog_id)
            chat_id = bindings.get(("CRM", entity)) or (max(self.records, default=9000) + 1)
            record = self.records.get(chat_id) or default_record(chat_id, "CRM", entity, user)
            if user not in record.members:
                record = replace(record, members=(*record.members, user))
            self.records[chat_id] = record
        return chat_id

    def open_line_chats(self, kind: str, entity: int, *, active_only: bool) -> list[OpenLineChat]:
        with self._lock:
            found = list(self.open_lines.get((kind, entity), []))
        return [chat for chat in found if chat.active or not active_only]


def chat_of_dialog(dialog_id: str) -> tuple[str, int] | None:
    """``("chat", N)``, ``("sg", N)``, ``("user", N)`` or ``("crm", 0)``; None: not a dialog."""
    text = dialog_id.strip()
    if text.lower().startswith("crm"):
        return ("crm", 0)
    for kind, pattern in (("chat", _CHAT), ("sg", _GROUP), ("user", _USER)):
        match = pattern.fullmatch(text)
        if match:
            return (kind, int(match[match.lastindex or 0]))
    return None
