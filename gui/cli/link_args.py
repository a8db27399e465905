"""Links given to ``b24chat lookup`` and ``b24chat info``: what they name, and their portal.

A card's link carries its own type (``lookup LINK``); a chat's link is for ``info``. Either names
its portal: one that is not the webhook's is refused before anything is sent, since its ID means
another entity (or chat) here.
"""

from __future__ import annotations

import argparse
import shlex

from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.links import (
    ChatLink,
    EntityLink,
    PortalLink,
    entity_of,
    looks_like_link,
    other_portal,
    read_link,
    same_portal,
    webhook_host,
)
from gui.bitrix.reverse import ChatRef, parse_chat_ref
from gui.bitrix.webhook import WebhookUrl


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


def chat_argument(text: str) -> tuple[ChatRef, ChatLink | None]:
    """``info``'s REF, and the chat's link when it is one (for its portal); a card's link points
    to ``lookup``."""
    link = read_link(text)
    if isinstance(link, EntityLink):
        raise InvalidInputError(
            f"This is a CRM card's link ({link.ref.type.value} {link.ref.id}), not a chat's: "
            "b24chat lookup LINK gives its chat"
        )
    return parse_chat_ref(text), link


def check_same_portal(link: PortalLink | None, webhook: WebhookUrl, id_text: str) -> None:
    """A link to another portal is refused before sending: its ID means another thing here."""
    mismatch = other_portal(link, webhook_host(webhook)) if link is not None else None
    if mismatch is None or link is None:
        return
    profile = profile_for_host(link.host)
    how = (
        f"add --profile {shlex.quote(profile)} to ask that portal"
        if profile is not None
        else "pass that portal's webhook with --webhook"
    )
    raise InvalidInputError(f"{mismatch}: {how}, or give the ID ({id_text}) to ask this one")


def profile_for_host(host: str) -> str | None:
    """The saved profile whose webhook is on the portal ``host`` (no token is read)."""
    from gui.store.paths import detect_paths
    from gui.store.profiles import Profiles
    from gui.store.secrets import FileTokenStore

    profiles = Profiles(detect_paths(), FileTokenStore)
    for name in profiles.names():
        where = profiles.host(profiles.get(name))
        if where and same_portal(where, host):
            return name
    return None
