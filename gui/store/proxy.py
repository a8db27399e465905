"""A custom proxy address: checked (scheme, host and port only) and shown without its password."""

from __future__ import annotations

import urllib.parse

from gui.bitrix.wording import Phrase, phrase

PROXY_EXAMPLE = "http://proxy.example.com:3128"

PROXY_MISSING = phrase("Enter the proxy address, like {example}")
PROXY_BAD_HOST_OR_PORT = phrase("The proxy address has a bad host or port: write it like {example}")
PROXY_BAD_SCHEME = phrase("The proxy address must start with http:// or https://, like {example}")
PROXY_NO_HOST = phrase("The proxy address has no host: write it like {example}")
PROXY_NO_PORT = phrase("The proxy address needs a port after the host, like {example}")
PROXY_EXTRA_PARTS = phrase("The proxy address must be only scheme, host and port, like {example}")


def redacted_proxy(url: str) -> str:
    """A proxy URL fit to show: ``http://user:****@host:port``; the password never appears."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    userinfo, at, host = rest.rpartition("@")  # the last "@": a password may hold one
    if not at or ":" not in userinfo:
        return url
    user = userinfo.partition(":")[0]
    return f"{scheme}{sep}{user}:****@{host}"


def proxy_problem(url: object) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return Phrase(PROXY_MISSING, example=PROXY_EXAMPLE)
    if not url.isascii():  # bytes that were not UTF-8 (surrogates), or an IDN: httpx can't use it
        return Phrase(PROXY_BAD_HOST_OR_PORT, example=PROXY_EXAMPLE)
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return Phrase(PROXY_BAD_HOST_OR_PORT, example=PROXY_EXAMPLE)
    if parts.scheme.lower() not in ("http", "https"):
        return Phrase(PROXY_BAD_SCHEME, example=PROXY_EXAMPLE)
    if not parts.hostname:
        return Phrase(PROXY_NO_HOST, example=PROXY_EXAMPLE)
    if port is None:
        return Phrase(PROXY_NO_PORT, example=PROXY_EXAMPLE)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return Phrase(PROXY_EXTRA_PARTS, example=PROXY_EXAMPLE)
    return None
