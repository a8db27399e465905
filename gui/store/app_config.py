"""Settings → ClientConfig: the one place that turns what the user chose into client options."""

from __future__ import annotations

from gui.bitrix.client_config import ClientConfig
from gui.store.settings import Settings


def proxy_from(settings: Settings) -> str | None:
    """None: the system's proxy settings; "": no proxy; else the custom proxy URL."""
    if settings.proxy_mode == "none":
        return ""
    if settings.proxy_mode == "custom":
        return settings.proxy_url.strip()
    return None


def client_config_from(settings: Settings) -> ClientConfig:
    return ClientConfig(
        rate=float(settings.rate),
        burst=int(settings.burst),
        timeout=float(settings.timeout),
        proxy=proxy_from(settings),
        ca_bundle=settings.ca_bundle,
    )
