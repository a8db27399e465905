"""``b24chat lookup``: the chat ID of one entity on stdout."""

from __future__ import annotations

import argparse
import json

from gui.bitrix.client import BitrixClient
from gui.bitrix.entities import shape_warning
from gui.bitrix.errors import EXIT_FOUND, EXIT_NO_CHAT, BitrixError
from gui.cli.connection import connect, log_event
from gui.cli.details import lookup_with_details
from gui.cli.link_args import check_same_portal, entity_argument
from gui.cli.terminal import fail, say


def cmd_lookup(args: argparse.Namespace) -> int:
    ref, link = entity_argument(args.entity_type, args.entity_id)  # before anything is sent
    if args.details:  # its why-no-chat sentence names the expected shape itself
        return lookup_with_details(args, ref, link)
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
