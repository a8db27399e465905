"""The webhook and client settings a command uses: flags, then environment, then saved settings."""

from __future__ import annotations

import argparse
import logging
import os
from dataclasses import replace

from gui.bitrix.client_config import ClientConfig, ClientEvent
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import EXAMPLE, WebhookUrl
from gui.cli.terminal import say
from gui.store.app_config import client_config_from
from gui.store.settings import WEBHOOK_ENV, Settings, effective_webhook

log = logging.getLogger("b24chat")


def load_settings(need_token: bool, profile: str | None = None) -> tuple[Settings, list[str]]:
    """The saved settings of the profile asked for (``--profile``, else ``B24_PROFILE``, else
    the one the app used last); the token store is touched only when the token is needed."""
    from gui.store.paths import detect_paths
    from gui.store.profiles import Profiles
    from gui.store.secrets import FileTokenStore

    profiles = Profiles(detect_paths(), None if need_token else FileTokenStore)
    chosen = profiles.choose(profile, os.environ)
    result = profiles.store(chosen).load()
    return result.settings, list(result.warnings)


def connect(args: argparse.Namespace) -> tuple[WebhookUrl, ClientConfig]:
    """The webhook (--webhook, else the environment, else saved settings) and client options
    (the flags over the saved settings)."""
    flag = (args.webhook or "").strip()
    need_token = not flag and not os.environ.get(WEBHOOK_ENV, "").strip()
    settings, warnings = load_settings(need_token, getattr(args, "profile", None))
    url = flag or effective_webhook(settings, os.environ)[0]
    for warning in warnings:  # with --webhook too: its rate, proxy and timeout still apply
        say(warning)
    if not url:
        raise InvalidInputError(
            f"No webhook URL: pass --webhook {EXAMPLE}, set {WEBHOOK_ENV}, or save one with "
            "b24chat config --webhook URL"
        )
    webhook = WebhookUrl.parse(url)
    overrides = {
        name: getattr(args, name)
        for name in ("rate", "burst", "timeout")
        if getattr(args, name) is not None
    }
    config = replace(client_config_from(settings), **overrides)
    log.info(
        "Portal %s, %g requests/s, burst %d, timeout %g s",
        webhook.redacted(),
        config.rate,
        config.burst,
        config.timeout,
    )
    return webhook, config


def log_event(event: ClientEvent) -> None:
    if event.kind == "retrying":
        log.info("Retrying in %.1f s (%s, attempt %d)", event.seconds, event.reason, event.attempt)
    else:
        log.debug("Waiting %.2f s for the rate limit", event.seconds)
