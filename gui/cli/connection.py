"""The webhook and client settings a command uses: flags, then environment, then saved settings."""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from gui.bitrix.client import ClientConfig, ClientEvent
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import EXAMPLE, WebhookUrl
from gui.cli.terminal import say

log = logging.getLogger("b24chat")

WEBHOOK_ENV = "B24_WEBHOOK_URL"


def load_settings(need_token: bool) -> tuple[Any, list[str]]:
    """The saved settings; the token store is touched only when the token is needed."""
    from gui.paths import detect_paths
    from gui.secrets import FileTokenStore
    from gui.settings import SettingsStore

    paths = detect_paths()
    store = SettingsStore(paths) if need_token else SettingsStore(paths, FileTokenStore())
    result = store.load()
    return result.settings, list(result.warnings)


def connect(args: argparse.Namespace) -> tuple[WebhookUrl, ClientConfig]:
    """Webhook and client settings from flags, environment and saved settings (that order)."""
    url = (args.webhook or "").strip() or os.environ.get(WEBHOOK_ENV, "").strip()
    settings, warnings = load_settings(need_token=not url)
    if not url:
        url = settings.webhook_url.strip()
        for warning in warnings:
            say(warning)
    if not url:
        raise InvalidInputError(
            f"No webhook URL: pass --webhook {EXAMPLE}, set {WEBHOOK_ENV}, or save one with "
            "b24chat config --webhook URL")
    webhook = WebhookUrl.parse(url)
    proxy = {"system": None, "none": ""}.get(settings.proxy_mode, settings.proxy_url)
    config = ClientConfig(
        rate=args.rate if args.rate is not None else float(settings.rate),
        burst=args.burst if args.burst is not None else int(settings.burst),
        timeout=args.timeout if args.timeout is not None else float(settings.timeout),
        proxy=proxy, ca_bundle=settings.ca_bundle)
    log.info("Portal %s, %g requests/s, burst %d, timeout %g s", webhook.redacted(),
             config.rate, config.burst, config.timeout)
    return webhook, config


def log_event(event: ClientEvent) -> None:
    if event.kind == "retrying":
        log.info("Retrying in %.1f s (%s, attempt %d)", event.seconds, event.reason,
                 event.attempt)
    else:
        log.debug("Waiting %.2f s for the rate limit", event.seconds)
