"""What the portal's answers mean: a chat ID from ``im.chat.get`` and the parts of a ``batch``.

Pure parsing, no HTTP: the bulk engine and its journal use it without loading httpx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import errors
from .errors import BadResponseError, BitrixError
from .wording import Phrase, phrase

BATCH_LIMIT = 50  # commands per REST batch request
_DIGITS = re.compile(r"[0-9]{1,19}")  # int() refuses over 4300 digits; IDs fit 64 bits

NO_CHAT_ID = phrase("The portal's im.chat.get answer has no chat ID: {answer}")
NOT_A_CHAT_ID = phrase("The portal's im.chat.get answer is not a chat ID: {answer}")
UNEXPECTED_PART = phrase("The portal's batch answer has an unexpected part: {answer}")
BATCH_NOT_OBJECT = phrase("The portal's batch answer was not an object")
COMMAND_REFUSED = phrase("The portal refused this command: {answer}")


@dataclass(frozen=True)
class BatchResult:
    results: dict[str, Any]
    errors: dict[str, BitrixError]


def parse_chat_id(result: Any) -> int | None:
    """``im.chat.get``'s result: ``{"ID": 1437}`` (real portals), ``10`` (the docs), or null."""
    if result is None or result is False:
        return None
    if isinstance(result, dict):
        for key in ("ID", "id", "CHAT_ID", "chatId"):
            if key in result:
                return parse_chat_id(result[key])
        raise BadResponseError(Phrase(NO_CHAT_ID, answer=f"{result!r:.80}"))
    if isinstance(result, int) and not isinstance(result, bool) and result > 0:
        return result
    if isinstance(result, str) and _DIGITS.fullmatch(result.strip()) and int(result) > 0:
        return int(result)  # ASCII digits only: "²".isdigit() is true but int() refuses it
    if result in (0, "0", ""):
        return None
    raise BadResponseError(Phrase(NOT_A_CHAT_ID, answer=f"{result!r:.80}"))


def _as_map(value: Any, keys: list[str]) -> dict[str, Any]:
    """PHP sends a map with keys 0..n as a JSON list, and an empty map as []."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if value is None:
        return {}
    raise BadResponseError(Phrase(UNEXPECTED_PART, answer=f"{value!r:.80}"))


def parse_batch(answer: Any, keys: list[str]) -> BatchResult:
    if not isinstance(answer, dict):
        raise BadResponseError(Phrase(BATCH_NOT_OBJECT))
    results = _as_map(answer.get("result"), keys)
    raw_errors = _as_map(answer.get("result_error"), keys)
    found: dict[str, BitrixError] = {}
    for key, raw in raw_errors.items():
        if isinstance(raw, dict):
            found[key] = errors.error_from_response(
                200, str(raw.get("error") or "ERROR"), str(raw.get("error_description") or "")
            )
        else:
            found[key] = errors.PortalError(Phrase(COMMAND_REFUSED, answer=str(raw)))
    # PHP's isset() drops a command whose result is null: absent and not failed means null.
    return BatchResult({k: results.get(k) for k in keys if k not in found}, found)
