"""A crash-safe journal of one bulk run, so an interrupted run can be resumed.

One JSON-lines file per run in ``AppPaths.journal_dir``: a header (settings, row count), the parsed
input items, an ``input_end`` marker, then one line per finished batch, each flushed and fsynced.
The input part is written to a temporary name and renamed, so a journal on disk always holds the
whole input. A finished (or cancelled) run deletes its journal; whatever is left was interrupted.
Qt-free: the CLI could use it too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from gui.bitrix import errors
from gui.bitrix.bulk import BulkItem, BulkRow
from gui.bitrix.entities import EntityRef, EntityType
from gui.bitrix.errors import BitrixError, InvalidInputError
from gui.bitrix.wording import Phrase, phrase
from gui.store.journal_details import DetailsReader, details_entry
from gui.store.paths import JOURNAL_SUFFIX
from gui.store.user_files import STALE_SECONDS, move_aside, open_private, private_folder

log = logging.getLogger(__name__)

FORMAT = "b24chat-bulk-journal"
VERSION = 2  # 2: rows carry their details; 1 (no details) still loads
READABLE = (1, 2)
YIELD_EVERY = 200  # input rows written between pauses that let other threads run


NOT_A_JOURNAL = phrase("{name} is not a bulk-run journal")
OTHER_VERSION = phrase("{name} was written by another version of the app")
ENDS_EARLY = phrase("{name} ends before its input does")
WRONG_COUNT = phrase("{name} holds {count} input rows, not {total}")
UNREADABLE_JOURNAL = phrase("{name} could not be read: {reason}")
DAMAGED = phrase("{name} is damaged: {reason}")
KEPT_ASIDE = phrase("A bulk-run journal that could not be read ({why}) was kept as {aside}")


class JournalError(ValueError):
    """A journal file that cannot be read back (not ours, or cut off before its input ended)."""

    damaged = True  # False: sound, but for another version of the app (never moved aside)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message  # a Phrase, so the window can show it translated


@dataclass(frozen=True)
class JournalSummary:
    """What the resume banner shows, read without rebuilding every row."""

    path: Path
    total: int
    done: int
    created: str
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InterruptedRun:
    path: Path
    items: list[BulkItem]
    done: list[BulkRow]
    settings: Mapping[str, Any]
    end: int | None = None  # bytes up to the last trusted line: a reopen cuts the file there

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def remaining(self) -> list[BulkItem]:
        return self.items[len(self.done) :]


def _error_classes() -> dict[str, type[BitrixError]]:
    found: dict[str, type[BitrixError]] = {}
    pending: list[type[BitrixError]] = [BitrixError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.kind, cls)
        pending.extend(cls.__subclasses__())
    return found


_ERRORS = _error_classes()


def _item_entry(item: BulkItem) -> list[Any]:
    entry = [
        item.line,
        item.entity_type,
        item.entity_id,
        None if item.error is None else item.error.message,
    ]
    if item.cells:  # the file's own columns, for an output of its shape
        entry.append(list(item.cells))
    return entry


def _item_from(entry: Any) -> BulkItem:
    line, entity_type, entity_id, error, *rest = entry
    cells = tuple(str(cell) for cell in rest[0]) if rest else ()
    if error is not None:
        return BulkItem(
            int(line),
            str(entity_type),
            str(entity_id),
            error=InvalidInputError(str(error)),
            cells=cells,
        )
    # Stored normalised: rebuilding the ref skips a second parse of 100k rows.
    ref = EntityRef(EntityType(entity_type), str(entity_id))
    return BulkItem(int(line), ref.type.value, ref.id, ref=ref, cells=cells)


def _row_entry(row: BulkRow) -> list[Any]:
    """``[chat_id]`` or ``[None, kind, message, code]``, then the details when there are."""
    if row.error is None:
        entry: list[Any] = [row.chat_id]
    else:
        entry = [None, row.error.kind, row.error.message, row.error.code]
    if row.details is not None:
        entry.append(details_entry(row.details))
    return entry


def _row_from(item: BulkItem, entry: Any, reader: DetailsReader) -> BulkRow:
    found = len(entry) <= 2
    rest = entry[1 if found else 4 :]
    details = reader.details(rest[0]) if rest else None
    if found:
        return BulkRow(item, None if entry[0] is None else int(entry[0]), details=details)
    _, kind, message, code = entry[:4]
    if kind == InvalidInputError.kind and item.error is not None:
        return BulkRow(item, error=item.error, details=details)
    cls = _ERRORS.get(str(kind), errors.PortalError)
    return BulkRow(item, error=cls(str(message), code=str(code or "")), details=details)


def _fsync(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


class RunJournal:
    """The open journal of the running bulk run; :meth:`record` after every finished batch."""

    def __init__(self, path: Path, done: int) -> None:
        self.path = path
        self.done = done
        self._handle: IO[str] | None = open_private(path, "a")

    @classmethod
    def start(
        cls, journal_dir: Path, items: Sequence[BulkItem], settings: Mapping[str, Any]
    ) -> RunJournal:
        private_folder(journal_dir)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = journal_dir / f"run-{stamp}-{uuid.uuid4().hex[:8]}{JOURNAL_SUFFIX}"
        part = path.with_name(path.name + ".part")
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created": stamp,
            "total": len(items),
            "settings": dict(settings),
        }
        _remove_stale_parts(journal_dir)
        try:
            with open_private(part) as handle:
                handle.write(json.dumps(header, ensure_ascii=False) + "\n")
                for number, item in enumerate(items, start=1):
                    handle.write(json.dumps(_item_entry(item), ensure_ascii=False) + "\n")
                    if number % YIELD_EVERY == 0:
                        time.sleep(0)  # hand the GIL over: a window's event loop keeps ticking
                handle.write(json.dumps({"input_end": len(items)}) + "\n")
                _fsync(handle)
            os.replace(part, path)
        except BaseException:  # a full disk, a stop: no half-written input left behind
            with contextlib.suppress(OSError):
                part.unlink()
            raise
        return cls(path, 0)

    @classmethod
    def reopen(cls, run: InterruptedRun) -> RunJournal:
        """Go on appending to an interrupted run's journal, after its last trusted line.

        A crash can leave half a line (or a line out of step) at the end: appending after it
        would hide every later batch from the next load, so it is cut off first.
        """
        with run.path.open("r+b") as handle:
            end = run.end if run.end is not None else _last_complete_line_end(handle)
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        return cls(run.path, len(run.done))

    def record(self, rows: Sequence[BulkRow]) -> None:
        if self._handle is None:
            raise ValueError("the journal is closed")
        self.done += len(rows)
        line = {"rows": [_row_entry(row) for row in rows], "done": self.done}
        self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        _fsync(self._handle)

    def close(self) -> None:
        """Stop writing and keep the file: the run can be resumed."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def finish(self) -> None:
        """The run ended (done or cancelled by the user): nothing to resume."""
        self.close()
        discard(self.path)


def discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_stale_parts(journal_dir: Path) -> None:
    """Input parts a crash left while they were written (never listed, never resumable)."""
    cutoff = time.time() - STALE_SECONDS
    for part in journal_dir.glob(f"*{JOURNAL_SUFFIX}.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime <= cutoff:
                part.unlink()


def set_aside(path: Path, error: JournalError) -> str | None:
    """Move a damaged journal out of the way (kept for support, never offered again) and say
    so; None when it is not damaged (another version's) or could not be moved."""
    if not error.damaged:
        return None
    try:
        aside = move_aside(path, datetime.now())
    except OSError as exc:
        log.warning("Journal %s is damaged and could not be moved aside: %s", path, exc)
        return None
    message = Phrase(KEPT_ASIDE, why=error.message, aside=aside.name)
    log.warning("Journal: %s", message)
    return message


def _last_complete_line_end(handle: IO[bytes]) -> int:
    data = handle.read()
    return data.rfind(b"\n") + 1


def _lines(path: Path) -> Iterator[tuple[Any, int]]:
    """Decoded lines, each with the byte offset just after it; stops quietly at a cut-off last
    line (the crash happened mid-write)."""
    end = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                return
            if number % YIELD_EVERY == 0:
                time.sleep(0)  # hand the GIL over: the window's event loop keeps ticking
            end += len(raw)
            try:
                entry = json.loads(raw.decode("utf-8"))
            except (json.JSONDecodeError, RecursionError):  # cut off, or nested past reading
                return
            yield entry, end


class _Rebuilt:
    """The items and finished rows, rebuilt line by line as the journal is read: no second copy
    of 100,000 raw entries is held on the way."""

    def __init__(self) -> None:
        self.items: list[BulkItem] = []
        self.done: list[BulkRow] = []
        self._details = DetailsReader()

    def add_item(self, entry: Any) -> None:
        self.items.append(_item_from(entry))

    def add_rows(self, entries: list[Any]) -> None:
        for entry in entries:
            self.done.append(_row_from(self.items[len(self.done)], entry, self._details))


def _read(path: Path, rebuilt: _Rebuilt | None) -> dict[str, Any]:
    """The header, with ``done`` and ``end`` (bytes up to the last trusted line) added."""
    try:
        lines = _lines(path)
        header, end = next(lines, (None, 0))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise JournalError(Phrase(NOT_A_JOURNAL, name=path.name))
        if header.get("version") not in READABLE:
            error = JournalError(Phrase(OTHER_VERSION, name=path.name))
            error.damaged = False
            raise error
        total = int(header["total"])
        end = _read_input(path, lines, total, rebuilt)
        header["done"], header["end"] = _read_batches(lines, total, end, rebuilt)
        return header
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalError(Phrase(UNREADABLE_JOURNAL, name=path.name, reason=str(exc))) from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, JournalError):
            raise
        raise JournalError(Phrase(DAMAGED, name=path.name, reason=str(exc))) from None


def _read_input(
    path: Path, lines: Iterator[tuple[Any, int]], total: int, rebuilt: _Rebuilt | None
) -> int:
    """Reads the input part; the byte offset after its end marker."""
    for count, (entry, line_end) in enumerate(lines):
        if isinstance(entry, dict) and entry.get("input_end") == total:
            if count != total:
                counts = {"count": str(count), "total": str(total)}
                raise JournalError(Phrase(WRONG_COUNT, name=path.name, **counts))
            return line_end
        if rebuilt is not None:
            rebuilt.add_item(entry)
    raise JournalError(Phrase(ENDS_EARLY, name=path.name))


def _read_batches(
    lines: Iterator[tuple[Any, int]], total: int, end: int, rebuilt: _Rebuilt | None
) -> tuple[int, int]:
    """Reads the finished batches up to the first out of step; rows done and the offset after."""
    done = 0
    for entry, line_end in lines:
        if not isinstance(entry, dict) or not isinstance(entry.get("rows"), list):
            break
        if entry.get("done") != done + len(entry["rows"]) or entry["done"] > total:
            break  # out of step: trust only what came before
        if rebuilt is not None:
            rebuilt.add_rows(entry["rows"])
        done, end = entry["done"], line_end
    return done, end


def summarise(path: Path) -> JournalSummary:
    header = _read(path, None)
    return JournalSummary(
        path,
        int(header["total"]),
        int(header["done"]),
        str(header.get("created", "")),
        dict(header.get("settings") or {}),
    )


def load(path: Path) -> InterruptedRun:
    """The interrupted run's input and the rows it finished, ready to continue."""
    rebuilt = _Rebuilt()
    header = _read(path, rebuilt)
    settings = dict(header.get("settings") or {})
    return InterruptedRun(path, rebuilt.items, rebuilt.done, settings, end=int(header["end"]))
