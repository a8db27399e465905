"""``b24chat lookup --details`` and ``b24chat info``: the chat card, chat → entity, why no chat."""

from __future__ import annotations

import argparse
import json

from gui.bitrix.chat_details import ChatDetails, lookup_details
from gui.bitrix.client import BitrixClient
from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import EXIT_FOUND, EXIT_NO_CHAT, BitrixError
from gui.bitrix.links import EntityLink
from gui.bitrix.reverse import lookup_chat
from gui.cli.connection import connect, log_event
from gui.cli.link_args import chat_argument, check_same_portal
from gui.cli.terminal import fail, say


def card_lines(details: ChatDetails) -> list[str]:
    """The card's fields one per line, ``name: value``; the sentences for what is missing."""
    lines = []
    if details.chat_id is not None:
        lines.append(f"chat_id: {details.chat_id}")
        lines.append(f"chat_url: {details.chat_url}")
    if details.card is not None:
        for name, value in details.card.as_json().items():
            if value not in (None, ""):
                lines.append(f"{name}: {value}")
    if details.operator_chat_id is not None:
        lines.append(f"operator_chat_id: {details.operator_chat_id}")
    for chat in details.open_line_chats:
        lines.append(f"open_line_chat: {chat.chat_id} {chat.connector_title} {chat.chat_url}")
    return lines


def _say_notes(details: ChatDetails) -> None:
    for note in (details.details_error, details.why_no_chat):
        if note is not None:
            say(str(note))


def lookup_with_details(
    args: argparse.Namespace, ref: EntityRef, link: EntityLink | None = None
) -> int:
    webhook, config = connect(args)
    check_same_portal(link, webhook, f"{ref.type.value} '{ref.id}'")
    with BitrixClient(webhook, config, on_event=log_event) as client:
        try:
            details = lookup_details(client, ref)
        except BitrixError as exc:
            return fail(exc, webhook)
    if args.json:
        print(json.dumps(details.as_json(), ensure_ascii=False))
    else:
        if details.chat_id is None:
            say(f"{ref} has no chat")
        for line in card_lines(details):
            print(line)
        _say_notes(details)
    return EXIT_FOUND if details.chat_id is not None else EXIT_NO_CHAT


def cmd_info(args: argparse.Namespace) -> int:
    ref, link = chat_argument(args.ref)  # a crm… or malformed REF: exit 2, nothing sent
    webhook, config = connect(args)
    check_same_portal(link, webhook, ref.dialog_id)
    with BitrixClient(webhook, config, on_event=log_event) as client:
        try:
            details = lookup_chat(client, ref)
        except BitrixError as exc:
            return fail(exc, webhook)
    if args.json:
        print(json.dumps(details.as_json(), ensure_ascii=False))
        return EXIT_FOUND
    if details.entity_type is not None:
        print(f"{details.entity_type} {details.entity_id}")
    else:
        print(str(details.why_no_chat))
    for line in card_lines(details):
        print(line)
    return EXIT_FOUND
