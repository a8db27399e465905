"""What the window holding a widget says about portals: the one asked, the user's profiles, the
clipboard setting, and switching profile.

Read through the widget's window when needed (``widget.window()``), so no hook holds the window:
a widget outside one (a test's bare form) simply has no portal to compare links with.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from gui.bitrix.webhook import WebhookUrl


def _window(widget: QWidget) -> Any:
    window = widget.window()
    # the main window: it asks one portal (its worker's webhook) and may switch profiles
    return window if hasattr(window, "controller") and hasattr(window, "settings") else None


def asked_host(widget: QWidget) -> str | None:
    """The portal the window asks now, ``host[:port]``; None when there is none."""
    window = _window(widget)
    webhook = getattr(getattr(window, "controller", None), "webhook", None)
    from gui.bitrix.links import webhook_host  # loaded with the first link, not at start-up

    return webhook_host(webhook) if isinstance(webhook, WebhookUrl) else None


def offers_clipboard(widget: QWidget) -> bool:
    """Settings: offer to look up what the clipboard holds (on unless turned off)."""
    return getattr(getattr(_window(widget), "settings", None), "offer_clipboard", True) is True


def profile_for(widget: QWidget, host: str) -> str | None:
    """The user's profile whose webhook is on the portal ``host``, if there is one."""
    from gui.bitrix.links import same_portal

    portals = getattr(_window(widget), "portals", None)
    if portals is None or not host:
        return None
    profiles = portals.profiles
    for name in profiles.names():
        where = profiles.host(profiles.get(name))  # its settings file: no token is read
        if where and same_portal(str(where), host):
            return str(name)
    return None


def switch_to(widget: QWidget, profile: str) -> bool:
    """Ask the window to use ``profile``; False when it cannot (it says why)."""
    window = _window(widget)
    switch = getattr(window, "switch_to_profile", None)
    return bool(switch(profile)) if switch is not None else False
