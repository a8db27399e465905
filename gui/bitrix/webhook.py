"""The portal's incoming-webhook URL: ``https://PORTAL/rest/USER_ID/TOKEN/``.

The token is a password: it leaves this object in clear only through :meth:`WebhookUrl.method_url`,
which the HTTP layer uses and nobody prints.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from dataclasses import dataclass, field

from .errors import InvalidInputError

EXAMPLE = "https://your-portal.bitrix24.com/rest/1/abcdef0123456789/"
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{4,128}")
_METHOD = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
_USER_ID = re.compile(r"[0-9]{1,10}")
# Dot-separated labels of letters, digits, "-" and "_" (IDN portals such as портал.рф included).
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.?")
REDACTED = "****"


def _invalid(reason: str) -> InvalidInputError:
    return InvalidInputError(f"{reason}. A webhook URL looks like {EXAMPLE}")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _valid_host(host: str) -> bool:
    if ":" in host:  # only an IPv6 address has colons in the host part
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return _HOST.fullmatch(host) is not None


@dataclass(frozen=True)
class WebhookUrl:
    scheme: str
    host: str
    port: int | None
    prefix: str  # path before /rest/, "" for most portals
    user_id: int
    token: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> WebhookUrl:
        raw = text.strip()
        if not raw:
            raise _invalid("The webhook URL is empty")
        if any(ch.isspace() for ch in raw):
            raise _invalid("The webhook URL contains spaces")
        if "://" not in raw:
            raise _invalid("The webhook URL has no https:// at the start")
        try:
            parts = urllib.parse.urlsplit(raw)
            port = parts.port
        except ValueError:
            raise _invalid("The webhook URL's host or port is not valid") from None
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http"):
            raise _invalid(f"The webhook URL must start with https://, not {scheme}://")
        host = (parts.hostname or "").lower()
        if not host:
            raise _invalid("The webhook URL has no portal address after https://")
        if not _valid_host(host):
            raise _invalid("The portal address has characters a host name never has")
        if scheme == "http" and not is_loopback(host):
            raise _invalid("Bitrix24 portals only accept https://; plain http:// is allowed "
                           "for this computer (localhost) only")
        if parts.username or parts.password:
            raise _invalid("The webhook URL must not contain a user name or password before "
                           "the portal address")
        segments = parts.path.split("/")
        try:
            rest_at = segments.index("rest")
        except ValueError:
            raise _invalid("The webhook URL has no /rest/ part after the portal address") from None
        after = [s for s in segments[rest_at + 1:]]
        while after and after[-1] == "":
            after.pop()
        if len(after) < 2:
            raise _invalid("The webhook URL must have the user ID and the token after /rest/")
        user_text, token = after[0], after[1]
        # Not echoed: a user who swapped the parts would see the token in the message.
        if not _USER_ID.fullmatch(user_text) or int(user_text) < 1:
            raise _invalid("The user ID right after /rest/ must be a number such as 1")
        if not _TOKEN.fullmatch(token):
            raise _invalid("The token after the user ID has characters a webhook token never has")
        extra = after[2:]
        if len(extra) > 1 or (extra and not _METHOD.fullmatch(extra[0])):
            raise _invalid("The webhook URL has unexpected parts after the token")
        if parts.query or parts.fragment or raw.endswith(("?", "#")):
            raise _invalid("The webhook URL has a ?query or #fragment after the token")
        prefix = "/".join(segments[:rest_at]).rstrip("/")
        return cls(scheme, host, port, prefix, int(user_text), token)

    @property
    def portal_url(self) -> str:
        """``https://portal[:port]`` plus any path prefix: where a person opens the portal."""
        netloc = f"[{self.host}]" if ":" in self.host else self.host
        if self.port is not None:
            netloc += f":{self.port}"
        return f"{self.scheme}://{netloc}{self.prefix}"

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)

    def base_url(self) -> str:
        """The full URL with the token in clear. Only the HTTP layer should use this."""
        return f"{self.portal_url}/rest/{self.user_id}/{self.token}/"

    def method_url(self, method: str) -> str:
        if not _METHOD.fullmatch(method):
            raise ValueError(f"not a REST method name: {method!r}")
        return f"{self.base_url()}{method}.json"

    def redacted(self) -> str:
        return f"{self.portal_url}/rest/{self.user_id}/{REDACTED}/"

    def redact(self, text: str) -> str:
        """Remove the token from any text (exception messages, logs)."""
        return text.replace(self.token, REDACTED) if self.token else text

    def chat_url(self, chat_id: int) -> str:
        return f"{self.portal_url}/online/?IM_DIALOG=chat{chat_id}"

    def __str__(self) -> str:
        return self.redacted()

    def __repr__(self) -> str:
        return f"WebhookUrl({self.redacted()!r})"
