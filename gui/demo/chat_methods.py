"""The emulated chat methods: ``im.chat.get``, ``im.dialog.get``, ``imopenlines.dialog.get`` and
``imopenlines.crm.chat.get``, each ``(portal, params) -> Outcome`` (see :mod:`gui.demo.dialogs`
for what the real portal does)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gui.demo.dialogs import (
    CRM_KINDS,
    DIALOG_EMPTY,
    NO_ACCESS,
    chat_of_dialog,
    dialog_json,
    user_json,
)
from gui.demo.outcome import Outcome, error

if TYPE_CHECKING:
    from gui.demo.portal import Portal

_LINE_TYPES = ("lines", "livechat")
_BAD_ENTITY = "The value of an argument CRM_ENTITY has an invalid type"


def chat_get(portal: Portal, params: Mapping[str, Any]) -> Outcome:
    entity_type, entity_id = params.get("ENTITY_TYPE"), params.get("ENTITY_ID")
    if not isinstance(entity_type, str) or not isinstance(entity_id, str):
        return Outcome(None)  # the real method answers null for missing/malformed input
    chat_id = portal.binding(entity_type, entity_id)
    if chat_id is None:
        return Outcome(None)
    return Outcome({"ID": chat_id} if portal.result_shape == "object" else chat_id)


def dialog_get(portal: Portal, params: Mapping[str, Any]) -> Outcome:
    dialog_id = params.get("DIALOG_ID")
    parsed = chat_of_dialog(dialog_id) if isinstance(dialog_id, str) else None
    if parsed is None:
        return error(*DIALOG_EMPTY)
    kind, number = parsed
    refused = error(403, "ACCESS_ERROR", NO_ACCESS)
    if kind == "user":
        name = portal.chats.users.get(number)
        return Outcome(user_json(number, name)) if name else refused
    if kind == "crm":
        assert isinstance(dialog_id, str)
        number = portal.join_crm(dialog_id)
    elif kind == "sg":
        group = portal.chats.find_entity("SONET_GROUP", str(number))
        if group is None:
            return refused
        number = group.chat_id
    record = portal.record(number)
    if record is None or portal.user_id not in record.members:
        return refused
    return Outcome(dialog_json(record))


def lines_dialog_get(portal: Portal, params: Mapping[str, Any]) -> Outcome:
    """By CHAT_ID, DIALOG_ID (chatN), SESSION_ID or USER_CODE; refusals are HTTP 400."""
    refused = error(400, "ACCESS_ERROR", NO_ACCESS)
    record = None
    chat_id = str(params.get("CHAT_ID") or "").strip()
    dialog_id = str(params.get("DIALOG_ID") or "").strip()
    user_code = str(params.get("USER_CODE") or "").strip()
    if chat_id.isdigit():
        record = portal.record(int(chat_id))
    elif dialog_id:
        parsed = chat_of_dialog(dialog_id)
        record = portal.record(parsed[1]) if parsed and parsed[0] == "chat" else None
    elif user_code:
        number = portal.binding("LINES", user_code)
        record = portal.record(number) if number is not None else None
    if record is None or record.chat_type not in _LINE_TYPES:
        return refused
    if portal.user_id not in record.members and not portal.chats.lines_staff:
        return refused
    answer = dialog_json(record)
    answer["dialog_id"] = f"chat{record.chat_id}"
    return Outcome(answer)


def crm_chat_get(portal: Portal, params: Mapping[str, Any]) -> Outcome:
    """The Open Lines chats of a CRM object; ``CRM_ENTITY_TYPE`` in lower case."""
    kind = str(params.get("CRM_ENTITY_TYPE") or "").strip()
    entity = str(params.get("CRM_ENTITY") or "").strip()
    if not kind:
        return error(400, "ERROR_ARGUMENT", "Argument CRM_ENTITY_TYPE is null or empty")
    if not entity:
        return error(400, "ERROR_ARGUMENT", "Argument CRM_ENTITY is null or empty")
    if not entity.isdigit():
        return error(
            400, "ERROR_ARGUMENT", "The value of an argument CRM_ENTITY has an invalid type"
        )
    if kind not in CRM_KINDS:
        return Outcome([])  # LEAD, Lead or a smart process: nothing matches
    active_only = str(params.get("ACTIVE_ONLY") or "Y").strip().upper() != "N"
    found = portal.chats.open_line_chats(kind, int(entity), active_only=active_only)
    return Outcome(
        [
            {
                "CHAT_ID": str(chat.chat_id),
                "CONNECTOR_ID": chat.connector_id,
                "CONNECTOR_TITLE": chat.connector_title,
            }
            for chat in found
        ]
    )
