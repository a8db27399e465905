"""The lookup history: the last answers, kept across restarts in ``history.json``.

Qt-free. Written atomically (temp file + os.replace); a corrupt file is renamed
``history.json.corrupt-<timestamp>`` and the caller gets a sentence to show the user.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from gui.bitrix.wording import Phrase, phrase
from gui.store.user_files import UNREADABLE, move_aside, private_folder, write_atomically

log = logging.getLogger(__name__)

HISTORY_LIMIT = 500
FILE_VERSION = 1

NOT_JSON = phrase("is not valid JSON")
NOT_HISTORY = phrase("does not hold a history")
TOO_DEEP = phrase("is nested too deeply to be a history file")
NOT_MOVED = phrase(
    "The history file {path} {why} and could not be moved aside ({kind}): starting with an "
    "empty history"
)
KEPT_ASIDE = phrase(
    "The history file {path} {why}: it was kept as {aside} and the history starts empty"
)


@dataclass(frozen=True)
class HistoryEntry:
    entity_type: str
    entity_id: str
    chat_id: int | None  # None: the entity has no chat
    at: str  # ISO 8601 local time, seconds
    title: str | None = None  # the chat's title, once its card came in

    @classmethod
    def from_json(cls, data: object) -> HistoryEntry | None:
        """One saved entry, or None when it is not one (a damaged entry is skipped)."""
        if not isinstance(data, dict):
            return None
        kind, ident, chat, at = (data.get(k) for k in ("entity_type", "entity_id", "chat_id", "at"))
        if not (isinstance(kind, str) and isinstance(ident, str) and isinstance(at, str)):
            return None
        if chat is not None and (not isinstance(chat, int) or isinstance(chat, bool)):
            return None
        title = data.get("title")
        return cls(kind, ident, chat, at, title if isinstance(title, str) and title else None)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.title is None:
            del data["title"]  # files stay as they were for entries without one
        return data


class History:
    """Newest first, at most ``limit`` entries."""

    def __init__(
        self,
        path: Path,
        *,
        limit: int = HISTORY_LIMIT,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.path = path
        self.limit = limit
        self._now = now
        self.entries: list[HistoryEntry] = []

    def load(self) -> str | None:
        """Read the file; return a sentence for the user when it had to be set aside."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(Phrase(UNREADABLE, kind=type(exc).__name__))
        try:
            data = json.loads(text)
        except ValueError:
            return self._set_aside(Phrase(NOT_JSON))
        except RecursionError:  # thousands of nested brackets: no history file of ours
            return self._set_aside(Phrase(TOO_DEEP))
        raw = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            return self._set_aside(Phrase(NOT_HISTORY))
        entries = [HistoryEntry.from_json(item) for item in raw]
        self.entries = [e for e in entries if e is not None][: self.limit]
        return None

    def record(self, entity_type: str, entity_id: str, chat_id: int | None) -> HistoryEntry:
        entry = HistoryEntry(
            entity_type, entity_id, chat_id, self._now().isoformat(timespec="seconds")
        )
        self.entries.insert(0, entry)
        del self.entries[self.limit :]
        return entry

    def remove(self, entry: HistoryEntry) -> None:
        """Forget one entry (the first equal one); an entry not there is no error."""
        if entry in self.entries:
            self.entries.remove(entry)

    def set_title(self, entry: HistoryEntry, title: str) -> HistoryEntry | None:
        """Give ``entry`` (still in the history) its chat's title; the new entry, or None."""
        for index, kept in enumerate(self.entries):
            if kept is entry:
                self.entries[index] = replace(entry, title=title)
                return self.entries[index]
        return None

    def clear(self) -> None:
        self.entries.clear()

    def snapshot(self) -> tuple[HistoryEntry, ...]:
        """The entries as they are now, to be written on another thread (they are frozen)."""
        return tuple(self.entries)

    def save(self) -> None:
        """Write atomically; raises OSError (the caller tells the user)."""
        write_history(self.path, self.entries)

    def _set_aside(self, why: str) -> str:
        """Never destroy the user's file: rename it and start empty."""
        self.entries = []
        try:
            aside = move_aside(self.path, self._now())
        except OSError as exc:
            message = Phrase(NOT_MOVED, path=str(self.path), why=why, kind=type(exc).__name__)
        else:
            message = Phrase(KEPT_ASIDE, path=str(self.path), why=why, aside=aside.name)
        log.warning("History: %s", message)
        return message


def write_history(path: Path, entries: Sequence[HistoryEntry]) -> None:
    """Write ``entries`` as the history file, whole or not at all (temp file, fsync, replace):
    an app that quits mid-write leaves the old file. Raises OSError."""
    private_folder(path.parent)
    payload = {"version": FILE_VERSION, "entries": [e.to_json() for e in entries]}
    write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
