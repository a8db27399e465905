"""The checks of settings that look beyond their type: a webhook that parses, a CA bundle that
is a usable file. Each returns the sentence for a bad value, or None."""

from __future__ import annotations

from pathlib import Path

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import Phrase, phrase

CA_MISSING = phrase(
    "The CA bundle file {path} does not exist: choose a PEM file, or leave it "
    "empty to use the system's certificates"
)


def webhook_problem(value: str) -> str | None:
    if not value.strip():
        return None
    try:
        WebhookUrl.parse(value)
    except InvalidInputError as exc:
        return exc.message
    return None


def ca_problem(value: str) -> str | None:
    if not value:
        return None
    if not Path(value).is_file():
        return Phrase(CA_MISSING, path=value)
    from gui.bitrix.tls import ca_bundle_problem  # imports ssl: not at start-up

    return ca_bundle_problem(value)
