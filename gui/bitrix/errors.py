"""Every way a lookup can fail, each with one sentence that tells the user what to fix.

The raw REST code (``INVALID_CREDENTIALS``, ``QUERY_LIMIT_EXCEEDED`` …) stays on the error for
support; the sentence is what people read. Exit codes are the ``b24chat`` contract.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from .wording import Phrase, phrase

EXIT_FOUND = 0
EXIT_NO_CHAT = 1
EXIT_INVALID = 2
EXIT_REFUSED = 3
EXIT_NETWORK = 4


class ErrorKind(StrEnum):
    """What kind of failure an error is; its value is what exports and journals write."""

    ERROR = "error"
    INVALID_INPUT = "invalid input"
    AUTH = "auth"
    SCOPE = "scope"
    METHOD_NOT_FOUND = "method not found"
    PORTAL_ERROR = "portal error"
    OPERATION_LIMIT = "operation limit"
    RATE_LIMIT = "rate limit"
    NETWORK = "network"
    SERVER = "server"
    BAD_RESPONSE = "bad response"
    NOT_RUN = "not run"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"
    NOT_A_MEMBER = "not a member"  # a chat the webhook's user may not see


class BitrixError(Exception):
    """Base of every error the core raises. ``str()`` is the human sentence plus the raw code."""

    kind: ClassVar[ErrorKind] = ErrorKind.ERROR
    exit_code: ClassVar[int] = EXIT_REFUSED
    transient: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        detail: str = "",
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail
        self.http_status = http_status

    @property
    def template(self) -> str:
        """The sentence's template (see :mod:`gui.bitrix.wording`); the message itself when it
        was built without one."""
        return self.message.template if isinstance(self.message, Phrase) else self.message

    @property
    def params(self) -> dict[str, str]:
        return dict(self.message.params) if isinstance(self.message, Phrase) else {}

    def __str__(self) -> str:
        return f"{self.message} ({self.code})" if self.code else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"


class InvalidInputError(BitrixError, ValueError):
    """The user's input is malformed; nothing was sent."""

    kind = ErrorKind.INVALID_INPUT
    exit_code = EXIT_INVALID


class AuthError(BitrixError):
    kind = ErrorKind.AUTH


class ScopeError(BitrixError):
    kind = ErrorKind.SCOPE


class MethodNotFoundError(BitrixError):
    kind = ErrorKind.METHOD_NOT_FOUND


class PortalError(BitrixError):
    """Any other REST error the portal reported (``error`` + ``error_description``)."""

    kind = ErrorKind.PORTAL_ERROR


class OperationLimitError(BitrixError):
    """HTTP 429 OPERATION_TIME_LIMIT: the method used up its time budget on the portal."""

    kind = ErrorKind.OPERATION_LIMIT
    exit_code = EXIT_NETWORK
    transient = True


class RateLimitError(BitrixError):
    """HTTP 503 QUERY_LIMIT_EXCEEDED still there after every retry."""

    kind = ErrorKind.RATE_LIMIT
    exit_code = EXIT_NETWORK
    transient = True


class NetworkError(BitrixError):
    """Connection refused or reset, DNS failure, TLS failure, timeout."""

    kind = ErrorKind.NETWORK
    exit_code = EXIT_NETWORK
    transient = True


class ServerError(BitrixError):
    """HTTP 5xx other than the rate limit."""

    kind = ErrorKind.SERVER
    exit_code = EXIT_NETWORK
    transient = True


class BadResponseError(BitrixError):
    """The answer was not the JSON a Bitrix24 portal sends (an HTML error page, a proxy, …)."""

    kind = ErrorKind.BAD_RESPONSE
    exit_code = EXIT_NETWORK


class NotRunError(BitrixError):
    """A batch answered neither a result nor an error for a command: it did not run."""

    kind = ErrorKind.NOT_RUN
    exit_code = EXIT_NETWORK
    transient = True


class BlockedError(BitrixError):
    """HTTP 503 OVERLOAD_LIMIT: the portal's staff blocked this address by hand."""

    kind = ErrorKind.BLOCKED
    exit_code = EXIT_REFUSED


class CancelledError(BitrixError):
    kind = ErrorKind.CANCELLED
    exit_code = EXIT_NETWORK


_AUTH_CODES = {
    "INVALID_CREDENTIALS",
    "NO_AUTH_FOUND",
    "EXPIRED_TOKEN",
    "INVALID_TOKEN",
    "WRONG_AUTH_TYPE",
    "AUTH_ERROR",
    "PASSWORD_EXPIRED",
}
_SCOPE_CODES = {"INSUFFICIENT_SCOPE", "ACCESS_DENIED", "METHOD_NOT_ALLOWED"}


AUTH_REJECTED = phrase(
    "The portal rejected the webhook: check the webhook URL in Settings "
    "(it may have been deleted or its token changed)"
)
SCOPE_MISSING = phrase(
    "The webhook lacks the 'im' scope or the right to call im.chat.get: "
    "add the 'im' scope in Bitrix24 → Developer resources → Webhooks"
)
METHOD_UNKNOWN = phrase(
    "The portal does not know this method: check that the URL is a Bitrix24 portal's "
    "/rest/ webhook and that the portal has the Chats (im) module"
)
RATE_LIMITED = phrase(
    "The portal kept refusing requests over its rate limit: lower the requests per "
    "second in Settings, or try again when other integrations are quieter"
)
OPERATION_LIMITED = phrase(
    "The portal has paused this method for this webhook (too much work in the last "
    "10 minutes): try again later"
)
SERVER_ERROR_STATUS = phrase(
    "The portal answered with a server error (HTTP {status}): try again later"
)
SERVER_ERROR = phrase("The portal answered with a server error: try again later")
NOT_RUN = phrase(
    "The portal did not run this lookup in its batch (no answer and no error for it): try again"
)
BLOCKED = phrase(
    "The portal has blocked requests from this computer's address (OVERLOAD_LIMIT): "
    "contact Bitrix24 support to lift the block"
)
REFUSED_BECAUSE = phrase("The portal refused the request: {description}")
REFUSED = phrase("The portal refused the request")


def error_from_response(http_status: int, code: str, description: str = "") -> BitrixError:
    """Map a portal's ``{"error": code, "error_description": …}`` answer to the right kind."""
    kind, message = _classify(http_status, code.upper(), description)
    return kind(message, code=code, detail=description, http_status=http_status)


def _classify(status: int, code: str, description: str) -> tuple[type[BitrixError], Phrase]:
    if code in _AUTH_CODES or (status == 401 and not code):
        return AuthError, Phrase(AUTH_REJECTED)
    if code in _SCOPE_CODES or (status == 403 and not code):
        return ScopeError, Phrase(SCOPE_MISSING)
    if code == "ERROR_METHOD_NOT_FOUND" or (status == 404 and not code):
        return MethodNotFoundError, Phrase(METHOD_UNKNOWN)
    if code == "QUERY_LIMIT_EXCEEDED":
        return RateLimitError, Phrase(RATE_LIMITED)
    if code == "OPERATION_TIME_LIMIT":
        return OperationLimitError, Phrase(OPERATION_LIMITED)
    if code == "OVERLOAD_LIMIT":
        return BlockedError, Phrase(BLOCKED)
    if status >= 500:
        return ServerError, Phrase(SERVER_ERROR_STATUS, status=str(status))
    if code == "INTERNAL_SERVER_ERROR":  # a batch reports a command's 500 inside an HTTP 200
        return ServerError, Phrase(SERVER_ERROR)
    if description:
        return PortalError, Phrase(REFUSED_BECAUSE, description=description)
    return PortalError, Phrase(REFUSED)
