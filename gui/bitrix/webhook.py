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
from .wording import Phrase, phrase

EXAMPLE = "https://your-portal.bitrix24.com/rest/1/abcdef0123456789/"
# Patterns as text, compiled at first use (re keeps them): the window imports this module
# before it shows.
_TOKEN = r"[A-Za-z0-9_\-]{4,128}"
_METHOD = r"[A-Za-z][A-Za-z0-9_.]*"
_USER_ID = r"[0-9]{1,10}"
# Dot-separated labels of letters, digits, "-" and "_" (IDN portals such as портал.рф included).
_HOST = r"[\w-]+(?:\.[\w-]+)*\.?"
REDACTED = "****"


LOOKS_LIKE = phrase("{reason}. A webhook URL looks like {example}")
EMPTY = phrase("The webhook URL is empty")
SPACES = phrase("The webhook URL contains spaces")
NO_SCHEME = phrase("The webhook URL has no https:// at the start")
BAD_HOST_OR_PORT = phrase("The webhook URL's host or port is not valid")
WRONG_SCHEME = phrase("The webhook URL must start with https://, not {scheme}://")
NO_HOST = phrase("The webhook URL has no portal address after https://")
BAD_HOST = phrase("The portal address has characters a host name never has")
PLAIN_HTTP = phrase(
    "Bitrix24 portals only accept https://; plain http:// is allowed for this "
    "computer (localhost) only"
)
HAS_LOGIN = phrase(
    "The webhook URL must not contain a user name or password before the portal address"
)
NO_REST = phrase("The webhook URL has no /rest/ part after the portal address")
NO_USER_OR_TOKEN = phrase("The webhook URL must have the user ID and the token after /rest/")
BAD_USER_ID = phrase("The user ID right after /rest/ must be a number such as 1")
BAD_TOKEN = phrase("The token after the user ID has characters a webhook token never has")
EXTRA_PARTS = phrase("The webhook URL has unexpected parts after the token")
QUERY_OR_FRAGMENT = phrase("The webhook URL has a ?query or #fragment after the token")


def _invalid(reason: str, **params: str) -> InvalidInputError:
    return InvalidInputError(Phrase(LOOKS_LIKE, reason=Phrase(reason, **params), example=EXAMPLE))


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
    return re.fullmatch(_HOST, host) is not None


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
            raise _invalid(EMPTY)
        if any(ch.isspace() for ch in raw):
            raise _invalid(SPACES)
        if "://" not in raw:
            raise _invalid(NO_SCHEME)
        try:
            parts = urllib.parse.urlsplit(raw)
            port = parts.port
        except ValueError:
            raise _invalid(BAD_HOST_OR_PORT) from None
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http"):
            raise _invalid(WRONG_SCHEME, scheme=scheme)
        host = (parts.hostname or "").lower()
        if not host:
            raise _invalid(NO_HOST)
        if not _valid_host(host):
            raise _invalid(BAD_HOST)
        if scheme == "http" and not is_loopback(host):
            raise _invalid(PLAIN_HTTP)
        if parts.username or parts.password:
            raise _invalid(HAS_LOGIN)
        segments = parts.path.split("/")
        try:
            rest_at = segments.index("rest")
        except ValueError:
            raise _invalid(NO_REST) from None
        after = [s for s in segments[rest_at + 1 :]]
        while after and after[-1] == "":
            after.pop()
        if len(after) < 2:
            raise _invalid(NO_USER_OR_TOKEN)
        user_text, token = after[0], after[1]
        # Not echoed: a user who swapped the parts would see the token in the message.
        if not re.fullmatch(_USER_ID, user_text) or int(user_text) < 1:
            raise _invalid(BAD_USER_ID)
        if not re.fullmatch(_TOKEN, token):
            raise _invalid(BAD_TOKEN)
        extra = after[2:]
        if len(extra) > 1 or (extra and not re.fullmatch(_METHOD, extra[0])):
            raise _invalid(EXTRA_PARTS)
        if parts.query or parts.fragment or raw.endswith(("?", "#")):
            raise _invalid(QUERY_OR_FRAGMENT)
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
        if not re.fullmatch(_METHOD, method):
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
