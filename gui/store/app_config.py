"""Settings → ClientConfig: the one place that turns what the user chose into client options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.store.settings import Settings

if TYPE_CHECKING:  # the client pulls in httpx; the window imports this before any lookup
    from gui.bitrix.client import ClientConfig


def proxy_from(settings: Settings) -> str | None:
    """None: the system's proxy settings; "": no proxy; else the custom proxy URL."""
    if settings.proxy_mode == "none":
        return ""
    if settings.proxy_mode == "custom":
        return settings.proxy_url.strip()
    return None


def client_config_from(settings: Settings) -> ClientConfig:
    from gui.bitrix.client import ClientConfig

    return ClientConfig(
        rate=float(settings.rate),
        burst=int(settings.burst),
        timeout=float(settings.timeout),
        proxy=proxy_from(settings),
        ca_bundle=settings.ca_bundle,
    )
