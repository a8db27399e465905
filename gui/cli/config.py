"""``b24chat config``: validate and save, or show, the settings shared with the desktop app."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from typing import Any

from gui.bitrix.errors import EXIT_FOUND, EXIT_REFUSED, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.cli.terminal import say
from gui.store.options import declared
from gui.store.settings import WEBHOOK_ENV, Settings


def cmd_config(args: argparse.Namespace) -> int:
    from gui.store.paths import detect_paths
    from gui.store.secrets import TokenStoreError
    from gui.store.settings import SettingsStore

    store = SettingsStore(detect_paths())
    loaded = store.load()
    for warning in loaded.warnings:
        say(warning)
    changes = _changes(args)
    settings = loaded.settings
    if changes:
        settings = replace(settings, **changes)
        problems = settings.validate()
        if problems:
            raise InvalidInputError("; ".join(problems) + ": nothing was saved")
        try:
            store.save(settings)
        except TokenStoreError as exc:
            say(f"{exc}: nothing was saved")
            return EXIT_REFUSED
        except OSError as exc:
            say(
                f"The settings could not be saved in {store.path} ({exc.strerror}): "
                "nothing was saved"
            )
            return EXIT_REFUSED
        say(f"saved in {store.path}")
    if args.show or not changes:
        _show(settings, store.path, store.token_store.name)
    return EXIT_FOUND


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The settings fields the flags set, by field name."""
    changes: dict[str, Any] = {}
    for item in declared(Settings):
        value = getattr(args, item.name, None)
        if item.option.flag is not None and value is not None:
            changes[item.name] = value.strip() if isinstance(value, str) else value
    if args.proxy is not None:
        proxy = args.proxy.strip()
        if proxy.lower() in ("system", "none"):
            changes["proxy_mode"] = proxy.lower()
        else:
            changes.update(proxy_mode="custom", proxy_url=proxy)
    return changes


def _show(settings: Settings, path: os.PathLike[str], token_place: str) -> None:
    url = settings.webhook_url.strip()
    webhook = "(none)"
    if url:
        try:
            webhook = WebhookUrl.parse(url).redacted()
        except InvalidInputError:
            webhook = "(not a valid webhook URL)"
    from gui.store.proxy import redacted_proxy

    proxy = (
        redacted_proxy(settings.proxy_url)
        if settings.proxy_mode == "custom"
        else settings.proxy_mode
    )
    lines = [("webhook", webhook), ("token kept in", token_place if url else "(no token saved)")]
    for item in declared(Settings):
        if item.option.label:
            shown = proxy if item.name == "proxy_mode" else item.shown(getattr(settings, item.name))
            lines.append((item.option.label, shown))
    lines.append(("settings file", os.fspath(path)))
    if os.environ.get(WEBHOOK_ENV, "").strip():
        lines.append(("note", f"{WEBHOOK_ENV} is set and overrides the saved webhook"))
    for name, value in lines:
        print(f"{name + ':':<15}{value}")
