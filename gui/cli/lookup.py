"""``b24chat lookup``: the chat ID of one entity on stdout."""

from __future__ import annotations

import argparse
import json

from gui.bitrix.client import BitrixClient
from gui.bitrix.entities import EntityRef, shape_warning
from gui.bitrix.errors import EXIT_FOUND, EXIT_NO_CHAT, BitrixError, InvalidInputError
from gui.bitrix.links import (
    ChatLink,
    EntityLink,
    entity_of,
    looks_like_link,
    other_portal,
    read_link,
    webhook_host,
)
from gui.bitrix.webhook import WebhookUrl
from gui.cli.connection import connect, log_event
from gui.cli.terminal import fail, say


def check_lookup_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """TYPE alone is a usage error unless it is a link (which carries its own type)."""
    if args.entity_id is None and not looks_like_link(args.entity_type):
        parser.error("the following arguments are required: ENTITY_ID (or give a link alone)")


def entity_argument(entity_type: str, entity_id: str | None) -> tuple[EntityRef, EntityLink | None]:
    """``TYPE ID``, ``CRM LINK`` or a lone ``LINK``; a chat's link points to ``info``."""
    text = entity_type if entity_id is None else entity_id
    link = read_link(text)
    if isinstance(link, ChatLink):
        raise InvalidInputError(
            f"This is a chat's link ({link.dialog_id}), not a CRM card's: "
            "b24chat info LINK tells which entity it belongs to"
        )
    if entity_id is None:
        return entity_of(None, entity_type)
    return entity_of(entity_type, entity_id)


def check_same_portal(
    link: EntityLink | ChatLink | None, webhook: WebhookUrl, id_text: str
) -> None:
    """A link to another portal is refused before sending: its ID means another entity here."""
    mismatch = other_portal(link, webhook_host(webhook)) if link is not None else None
    if mismatch is not None:
        raise InvalidInputError(
            f"{mismatch}: pass that portal's webhook with --webhook, or give the ID "
            f"({id_text}) to ask this portal anyway"
        )


def cmd_lookup(args: argparse.Namespace) -> int:
    ref, link = entity_argument(args.entity_type, args.entity_id)  # before anything is sent
    warning = shape_warning(ref)
    if warning:
        say(warning)
    webhook, config = connect(args)
    check_same_portal(link, webhook, f"{ref.type.value} '{ref.id}'")
    with BitrixClient(webhook, config, on_event=log_event) as client:
        try:
            chat_id = client.chat_id(ref)
        except BitrixError as exc:
            return fail(exc, webhook)
    if args.json:
        print(
            json.dumps(
                {"entity_type": ref.type.value, "entity_id": ref.id, "chat_id": chat_id},
                ensure_ascii=False,
            )
        )
    elif chat_id is not None:
        print(chat_id)
    else:
        say(f"{ref} has no chat")
    return EXIT_FOUND if chat_id is not None else EXIT_NO_CHAT
