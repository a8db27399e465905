"""``b24chat config``: validate and save, or show, the settings shared with the desktop app."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from gui.bitrix.errors import EXIT_FOUND, EXIT_REFUSED, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.cli.terminal import say
from gui.store.options import declared
from gui.store.settings import WEBHOOK_ENV, Settings

if TYPE_CHECKING:
    from gui.store.profiles import Profile, Profiles


def cmd_config(args: argparse.Namespace) -> int:
    from gui.store.paths import detect_paths
    from gui.store.profiles import Profiles
    from gui.store.secrets import TokenStoreError

    profiles = Profiles(detect_paths())
    if args.list_profiles:
        return _list_profiles(profiles)
    changes = _changes(args)
    profile = _profile_for(profiles, getattr(args, "profile", None), create=bool(changes))
    store = profiles.store(profile)
    loaded = store.load()
    for warning in loaded.warnings:
        say(warning)
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
        _show(settings, store.path, store.token_store.name, profile.name)
    return EXIT_FOUND


def _profile_for(profiles: Profiles, name: str | None, *, create: bool) -> Profile:
    """The profile named (else B24_PROFILE, else the last used); saving to a name not yet
    known creates that profile, as ``config --profile test --webhook …`` means to."""
    if name and create and profiles.find(name) is None:
        created = profiles.add(name)
        say(f"new profile {created.name}")
        return created
    return profiles.choose(name, os.environ)


def _list_profiles(profiles: Profiles) -> int:
    """Names and portals, the one the app uses marked with *; never a token."""
    width = max(len(name) for name in profiles.names())
    for name in profiles.names():
        host = profiles.host(profiles.get(name)) or "(no webhook)"
        mark = "*" if name == profiles.last_used else " "
        print(f"{mark} {name:<{width}}  {host}")
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


def _show(settings: Settings, path: os.PathLike[str], token_place: str, profile: str) -> None:
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
    lines = [
        ("profile", profile),
        ("webhook", webhook),
        ("token kept in", token_place if url else "(no token saved)"),
    ]
    for item in declared(Settings):
        if item.option.label:
            shown = proxy if item.name == "proxy_mode" else item.shown(getattr(settings, item.name))
            lines.append((item.option.label, shown))
    lines.append(("settings file", os.fspath(path)))
    if os.environ.get(WEBHOOK_ENV, "").strip():
        lines.append(("note", f"{WEBHOOK_ENV} is set and overrides the saved webhook"))
    for name, value in lines:
        print(f"{name + ':':<15}{value}")
