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
MAX_CHAT_ID = 2**63 - 1  # b_im_chat.ID is a signed 64-bit integer
_DIGITS = re.compile(r"[0-9]{1,19}")  # int() refuses over 4300 digits; IDs fit 64 bits

NO_CHAT_ID = phrase("The portal's im.chat.get answer has no chat ID: {answer}")
NOT_A_CHAT_ID = phrase("The portal's im.chat.get answer is not a chat ID: {answer}")
UNEXPECTED_PART = phrase("The portal's batch answer has an unexpected part: {answer}")
BATCH_NOT_OBJECT = phrase("The portal's batch answer was not an object")
BATCH_LIST = phrase(
    "The portal's batch answer holds a list where the commands' keyed answers belong: {answer}"
)
COMMAND_REFUSED = phrase("The portal refused this command: {answer}")


@dataclass(frozen=True)
class BatchResult:
    """``results`` holds every command the portal ran (its null answers included); ``errors``
    every command that failed or did not run, and ``missing`` the keys of those that did not
    run (answered neither in ``result`` nor in ``result_error``), which a caller may resend."""

    results: dict[str, Any]
    errors: dict[str, BitrixError]
    missing: tuple[str, ...] = ()


def parse_chat_id(result: Any) -> int | None:
    """``im.chat.get``'s result: ``{"ID": 1437}`` (real portals), ``10`` (the docs), or null."""
    if isinstance(result, dict):
        for key in ("ID", "id", "CHAT_ID", "chatId"):
            if key in result:
                return _chat_id_value(result[key])
        raise BadResponseError(Phrase(NO_CHAT_ID, answer=f"{result!r:.80}"))
    return _chat_id_value(result)


def _chat_id_value(value: Any) -> int | None:
    """One chat ID: a positive integer that fits 64 bits, as a number or ASCII digits."""
    if value is None or value is False or value in (0, "0", ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_CHAT_ID:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value)  # ASCII digits only: "²".isdigit() is true but int() refuses it
        if 0 < number <= MAX_CHAT_ID:
            return number
    raise BadResponseError(Phrase(NOT_A_CHAT_ID, answer=f"{value!r:.80}"))


def _as_map(value: Any, keys: list[str]) -> dict[str, Any]:
    """One keyed part of a batch answer. PHP sends an empty map as ``[]`` and a map keyed
    0..n as a list; our keys are not numbers, so any other list is not the map we keyed."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if value is None or value == []:
        return {}
    numbered = [str(i) for i in range(len(value))] if isinstance(value, list) else None
    if numbered is not None and set(numbered) <= set(keys):
        return dict(zip(numbered, value, strict=True))
    if isinstance(value, list):
        raise BadResponseError(Phrase(BATCH_LIST, answer=f"{value!r:.80}"))
    raise BadResponseError(Phrase(UNEXPECTED_PART, answer=f"{value!r:.80}"))


def parse_batch(answer: Any, keys: list[str]) -> BatchResult:
    """The portal copies every command's answer, null included, into ``result`` and every
    failure into ``result_error`` (``CRestProvider::methodsBatch``): a key in neither did not
    run (a halt, past 50, refused), which is an error, never "no chat"."""
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
    missing = tuple(k for k in keys if k not in found and k not in results)
    for key in missing:
        found[key] = errors.NotRunError(Phrase(errors.NOT_RUN))
    return BatchResult({k: results[k] for k in keys if k not in found}, found, missing)
