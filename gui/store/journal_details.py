"""A bulk row's details (card, why there is no chat, open-line chats) as a journal entry, so a
resumed run shows them for the rows finished before the interruption.

Sentences are kept as phrases (template and parameters), so they come back translatable. Only
what is set is written; :class:`DetailsReader` shares the card of a chat repeated across rows,
so a 100,000-row run read back costs no more than the run that wrote it.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from gui.bitrix.bulk_details import RowDetails
from gui.bitrix.details import ChatCard
from gui.bitrix.why_no_chat import OpenLineChatRef
from gui.bitrix.wording import Phrase

_CARD_FIELDS = tuple(f.name for f in fields(ChatCard))
_LINE_FIELDS = tuple(f.name for f in fields(OpenLineChatRef))


def _sentence_entry(sentence: Phrase | str | None) -> Any:
    if isinstance(sentence, Phrase):
        params = {name: _sentence_entry(value) for name, value in sentence.params.items()}
        return {"phrase": sentence.template, "params": params}
    return sentence


def _sentence_from(entry: Any) -> Phrase | str | None:
    if entry is None or isinstance(entry, str):
        return entry
    params = {str(name): _param(value) for name, value in entry["params"].items()}
    return Phrase(str(entry["phrase"]), **params)


def _param(entry: Any) -> str:
    """A parameter: plain text, or a phrase kept a phrase (translated in turn)."""
    value = _sentence_from(entry)
    return value if isinstance(value, Phrase) else str(value)


def details_entry(details: RowDetails) -> dict[str, Any]:
    """The JSON object of one row's details; keys only for what it holds."""
    entry: dict[str, Any] = {}
    if details.card is not None:
        entry["card"] = {name: getattr(details.card, name) for name in _CARD_FIELDS}
    if details.details_error is not None:
        entry["error"] = _sentence_entry(details.details_error)
    if details.why_no_chat is not None:
        entry["why"] = _sentence_entry(details.why_no_chat)
    if details.open_line_chats:
        entry["lines"] = [
            [getattr(chat, name) for name in _LINE_FIELDS] for chat in details.open_line_chats
        ]
    return entry


class DetailsReader:
    """Rebuilds details from entries, one card object per chat (rows repeating a chat share
    it). Raises KeyError, TypeError or ValueError on an entry that is not ours."""

    def __init__(self) -> None:
        self._cards: dict[tuple[Any, ...], ChatCard] = {}

    def details(self, entry: Any) -> RowDetails:
        if not isinstance(entry, dict):
            raise TypeError(f"details are {type(entry).__name__}, not an object")
        card_entry = entry.get("card")
        lines = entry.get("lines") or ()
        return RowDetails(
            card=None if card_entry is None else self._card(card_entry),
            details_error=_sentence_from(entry.get("error")),
            why_no_chat=_sentence_from(entry.get("why")),
            open_line_chats=tuple(OpenLineChatRef(*chat) for chat in lines),
        )

    def _card(self, entry: dict[str, Any]) -> ChatCard:
        key = tuple(entry.get(name) for name in _CARD_FIELDS)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = ChatCard(**{str(k): v for k, v in entry.items()})
        return card
