"""Error kinds: the portal's codes map to the right kind, each with its exit code and a sentence."""

from __future__ import annotations

import pytest

from gui.bitrix import errors
from gui.bitrix.errors import (
    EXIT_FOUND,
    EXIT_INVALID,
    EXIT_NETWORK,
    EXIT_NO_CHAT,
    EXIT_REFUSED,
    AuthError,
    BitrixError,
    error_from_response,
)


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (401, "INVALID_CREDENTIALS", errors.AuthError),
        (401, "NO_AUTH_FOUND", errors.AuthError),
        (401, "expired_token", errors.AuthError),
        (401, "", errors.AuthError),
        (403, "insufficient_scope", errors.ScopeError),
        (403, "ACCESS_DENIED", errors.ScopeError),
        (403, "", errors.ScopeError),
        (404, "ERROR_METHOD_NOT_FOUND", errors.MethodNotFoundError),
        (404, "", errors.MethodNotFoundError),
        (503, "QUERY_LIMIT_EXCEEDED", errors.RateLimitError),
        (429, "OPERATION_TIME_LIMIT", errors.OperationLimitError),
        (500, "INTERNAL_SERVER_ERROR", errors.ServerError),
        (502, "", errors.ServerError),
        (200, "INTERNAL_SERVER_ERROR", errors.ServerError),
        (400, "ERROR_CORE", errors.PortalError),
        (200, "SOMETHING_NEW", errors.PortalError),
    ],
)
def test_codes_map_to_kinds(status: int, code: str, kind: type[BitrixError]) -> None:
    error = error_from_response(status, code, "details from the portal")
    assert type(error) is kind
    assert error.code == code and error.http_status == status
    assert error.detail == "details from the portal"
    assert error.message  # a sentence for people
    if code:
        assert code in str(error)  # the raw code stays visible for support


@pytest.mark.parametrize(
    ("kind", "exit_code", "transient"),
    [
        (errors.InvalidInputError, EXIT_INVALID, False),
        (errors.AuthError, EXIT_REFUSED, False),
        (errors.ScopeError, EXIT_REFUSED, False),
        (errors.MethodNotFoundError, EXIT_REFUSED, False),
        (errors.PortalError, EXIT_REFUSED, False),
        (errors.OperationLimitError, EXIT_NETWORK, True),
        (errors.RateLimitError, EXIT_NETWORK, True),
        (errors.NetworkError, EXIT_NETWORK, True),
        (errors.ServerError, EXIT_NETWORK, True),
        (errors.BadResponseError, EXIT_NETWORK, False),
    ],
)
def test_exit_codes_per_kind(kind: type[BitrixError], exit_code: int, transient: bool) -> None:
    assert kind.exit_code == exit_code
    assert kind.transient is transient
    assert issubclass(kind, BitrixError)


def test_exit_codes_are_distinct() -> None:
    codes = [EXIT_FOUND, EXIT_NO_CHAT, EXIT_INVALID, EXIT_REFUSED, EXIT_NETWORK]
    assert len(set(codes)) == len(codes) and EXIT_FOUND == 0


def test_invalid_input_is_also_a_value_error() -> None:
    with pytest.raises(ValueError):
        raise errors.InvalidInputError("bad")


def test_sentences_say_what_to_fix() -> None:
    assert "Settings" in str(error_from_response(401, "INVALID_CREDENTIALS"))
    assert "'im' scope" in str(error_from_response(403, "insufficient_scope"))
    assert "rate limit" in str(error_from_response(503, "QUERY_LIMIT_EXCEEDED"))
    assert "HTTP 502" in str(error_from_response(502, ""))
    assert "Not allowed here" in str(error_from_response(400, "X", "Not allowed here"))


def test_str_and_repr() -> None:
    error = AuthError("Check the URL", code="NO_AUTH_FOUND")
    assert str(error) == "Check the URL (NO_AUTH_FOUND)"
    assert repr(error) == "AuthError('Check the URL', code='NO_AUTH_FOUND')"
    assert str(errors.NetworkError("Offline")) == "Offline"
