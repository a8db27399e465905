"""Bulk input and output: text rows in, ``entity_type,entity_id,chat_id,error`` rows out.

Shared by the ``b24chat bulk`` command and the desktop app's Bulk view, so it is Qt-free and
streams: a 100,000-row file is read, looked up and written a batch at a time, never held whole.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import TextIO

from .bulk import BulkItem, BulkRow
from .bulk_details import DETAIL_COLUMNS, detail_cells
from .entities import EntityType, is_known_crm_type
from .errors import EXIT_FOUND, EXIT_INVALID, BitrixError, CancelledError, InvalidInputError
from .links import looks_like_link
from .wording import Phrase, phrase

SNIFF_LINES = 20  # rows the delimiter is guessed from
DELIMITERS = ",;\t"
OUTPUT_HEADER = ("entity_type", "entity_id", "chat_id", "error")
CANCELLED = phrase("cancelled")
NOT_CSV = phrase("Line {line} is not readable as CSV ({reason}): fix or remove it")
NOT_DECODABLE = phrase(
    "Line {line} is not {encoding} text like the rest of the file, so it was not sent: save "
    "the whole file in one encoding (UTF-8)"
)
TYPE_EMPTY = phrase("The entity type is empty: write it like {example}")
BARE_NUMBER = phrase(
    "A bare number ({value}): say which CRM entity it is with --crm-kind LEAD (or DEAL, "
    "CONTACT, …), or write it like LEAD|13"
)
NO_TYPE = phrase(
    "{value} has no entity type: write it like {example} or LINES,telegrambot|2|209607941|744, "
    "or give the type for all rows (--type)"
)

_CRM_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\s*\|\s*\d+")
_CRM_KIND = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NUMBER = re.compile(r"\d+")
_HEADER_WORDS = frozenset(
    {
        "entity_type",
        "entity_id",
        "type",
        "entity",
        "id",
        "entitytype",
        "entityid",
        "chat_id",
        "value",
        "тип",
        "тип_сущности",
        "сущность",
        "идентификатор",
        "ид",
    }
)
_HEADER_LIKE = re.compile(r"[a-zа-яё_]*(id|type|тип|ид)")
_EXAMPLE_ROW = "CRM,LEAD|13"


# -- reading ------------------------------------------------------------------------------


def read_items(
    lines: Iterable[str],
    *,
    default_type: str | None = None,
    crm_kind: str | None = None,
) -> Iterator[BulkItem]:
    """Parse text rows into items, lazily; line numbers are 1-based physical lines.

    Rows: ``CRM,LEAD|13``; ``LEAD|13`` (type from ``default_type``, else CRM when it looks like
    ``TYPE|ID``); a bare ``13`` (needs ``crm_kind``, e.g. ``LEAD``). Comma, semicolon or tab
    separated (guessed from the first rows); quoted fields work; a header row is skipped; blank
    lines are not rows. Extra columns are ignored, so an output file can be fed back in.
    """
    kind = crm_kind.strip().upper() if crm_kind and crm_kind.strip() else None
    encoding = _ENCODING_NAMES.get(str(getattr(lines, "encoding", "")), "UTF-8")
    source = iter(lines)
    head = _strip_bom([line for _, line in zip(range(SNIFF_LINES), source, strict=False)])
    reader = csv.reader(chain(head, source), delimiter=_sniff_delimiter(head))
    first = True
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a NUL byte, an over-long field: this row only
            yield _invalid_item(
                reader.line_num, "", "", Phrase(NOT_CSV, line=str(reader.line_num), reason=str(exc))
            )
            continue
        cells = [cell.strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue  # a blank line (or only delimiters) is not a row
        if any(_UNDECODED.search(cell) for cell in cells):
            first = False
            yield _undecodable_item(reader.line_num, cells, encoding)
            continue
        if first:
            first = False
            if _is_header(cells):
                continue
        yield _item(reader.line_num, cells, default_type, kind)


def _strip_bom(head: list[str]) -> list[str]:
    if head and head[0].startswith("\ufeff"):
        head[0] = head[0][1:]
    return head


def _sniff_delimiter(head: list[str]) -> str:
    sample = "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in head)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or nothing to go on
        return ","
    return delimiter if delimiter in DELIMITERS and delimiter in sample else ","


def _is_header(cells: list[str]) -> bool:
    if _known_type(cells[0]) or "|" in cells[0] or _NUMBER.fullmatch(cells[0]):
        return False
    words = [re.sub(r"[\s\-.#]+", "_", cell.lower()).strip("_") for cell in cells[:2]]
    return any(w in _HEADER_WORDS or _HEADER_LIKE.fullmatch(w) for w in words if w)


def _known_type(text: str) -> bool:
    try:
        EntityType.parse(text)
    except InvalidInputError:
        return False
    return True


def _item(line: int, cells: list[str], default_type: str | None, kind: str | None) -> BulkItem:
    if looks_like_link(cells[0]):  # a CRM card's link is its own type and ID; other cells aside
        return BulkItem.parse(line, default_type or "", cells[0])
    if len(cells) >= 2:
        entity_type, entity_id = cells[0], cells[1]
        # "LEAD,13": a CRM kind and a number in two columns
        if (
            not _known_type(entity_type)
            and is_known_crm_type(entity_type)
            and _NUMBER.fullmatch(entity_id)
        ):
            return BulkItem.parse(line, "CRM", f"{entity_type}|{entity_id}")
        if not entity_type:
            return _invalid_item(
                line, entity_type, entity_id, Phrase(TYPE_EMPTY, example=_EXAMPLE_ROW)
            )
        return BulkItem.parse(line, entity_type, entity_id)
    value = cells[0]
    given = default_type or ("CRM" if kind else "")
    if _NUMBER.fullmatch(value) and given.strip().upper() in ("CRM", ""):
        if kind is None:
            return _invalid_item(line, given, value, Phrase(BARE_NUMBER, value=value))
        return BulkItem.parse(line, "CRM", f"{kind}|{value}")
    if given:
        return BulkItem.parse(line, given, value)
    if _CRM_ID.fullmatch(value) and is_known_crm_type(value.split("|")[0].strip()):
        return BulkItem.parse(line, "CRM", value)
    if value.count("|") == 3:  # connector|line|chat|user: only an Open Lines session looks so
        return BulkItem.parse(line, "LINES", value)
    return _invalid_item(line, "", value, Phrase(NO_TYPE, value=repr(value), example=_EXAMPLE_ROW))


def _invalid_item(line: int, entity_type: str, entity_id: str, reason: str) -> BulkItem:
    return BulkItem(line, entity_type, entity_id, error=InvalidInputError(reason))


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1251": "cp1251 (Windows Cyrillic)", "utf-16": "UTF-16"}
# Bytes the file's encoding could not decode, kept as lone surrogates (surrogateescape).
_UNDECODED = re.compile("[\udc80-\udcff]")


def _undecodable_item(line: int, cells: list[str], encoding: str) -> BulkItem:
    shown = [_UNDECODED.sub("\ufffd", cell) for cell in cells]  # printable in any output
    entity_type, entity_id = (shown[0], shown[1]) if len(shown) > 1 else ("", shown[0])
    reason = Phrase(NOT_DECODABLE, line=str(line), encoding=encoding)
    return _invalid_item(line, entity_type, entity_id, reason)


# -- writing ------------------------------------------------------------------------------


# C0 controls (tab, CR and LF aside: csv quotes those), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What makes a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as the text it is: control characters become U+FFFD and a
    formula-like start gets a leading "'". Valid IDs never change; echoed bad input may."""
    text = _CONTROL.sub("\ufffd", text)
    if text.startswith(_FORMULA_START) and not _NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def output_cells(row: BulkRow) -> list[str]:
    chat = "" if row.chat_id is None else str(row.chat_id)
    error = "" if row.error is None else str(row.error)
    return [safe_cell(cell) for cell in (row.item.entity_type, row.item.entity_id, chat, error)]


class RowWriter:
    """Writes ``entity_type,entity_id,chat_id,error`` CSV rows, the header first; with
    ``details`` the detail columns follow (:data:`bulk_details.DETAIL_COLUMNS`)."""

    def __init__(self, out: TextIO, *, details: bool = False) -> None:
        self._out = out
        self._csv = csv.writer(out, lineterminator="\n")
        self._details = details
        self._csv.writerow(OUTPUT_HEADER + (DETAIL_COLUMNS if details else ()))
        self.rows = 0

    def write(self, row: BulkRow) -> None:
        extra = [safe_cell(cell) for cell in detail_cells(row)] if self._details else []
        self._csv.writerow(output_cells(row) + extra)
        self.rows += 1

    def write_all(self, rows: Iterable[BulkRow]) -> None:
        for row in rows:
            self.write(row)

    def flush(self) -> None:
        self._out.flush()


def write_rows(rows: Iterable[BulkRow], out: TextIO, *, details: bool = False) -> int:
    """Write the header and every row; returns how many rows were written."""
    writer = RowWriter(out, details=details)
    writer.write_all(rows)
    return writer.rows


# -- a run: cancel-safe and summarised ----------------------------------------------------


class Tracked:
    """Remembers the items a consumer has taken but not yet answered (bounded by its window),
    so a cancelled run can still give every row back, in order."""

    def __init__(self, items: Iterable[BulkItem]) -> None:
        self.source = iter(items)
        self.pending: deque[BulkItem] = deque()

    def __iter__(self) -> Iterator[BulkItem]:
        for item in self.source:
            self.pending.append(item)
            yield item

    def answered(self, count: int) -> None:
        for _ in range(count):
            self.pending.popleft()

    def unanswered(self) -> Iterator[BulkItem]:
        """What is left after a stop: items in flight, then the rest of the input."""
        while self.pending:
            yield self.pending.popleft()
        yield from self.source


def cancelled_rows(items: Iterable[BulkItem]) -> Iterator[BulkRow]:
    """Rows for items never looked up because the run was cancelled (invalid ones keep their
    own reason)."""
    for item in items:
        yield BulkRow(item, error=item.error or CancelledError(Phrase(CANCELLED)))


@dataclass
class BulkTally:
    """Counts of a run and the exit code it earns: 0 every row looked up, 2 only invalid rows
    failed, else the highest exit code among portal and network errors."""

    found: int = 0
    no_chat: int = 0
    invalid: int = 0
    failed: int = 0
    cancelled: int = 0
    worst: int = EXIT_FOUND
    first_error: BitrixError | None = field(default=None, repr=False)

    def add(self, row: BulkRow) -> None:
        if row.error is None:
            if row.chat_id is None:
                self.no_chat += 1
            else:
                self.found += 1
        elif isinstance(row.error, InvalidInputError):
            self.invalid += 1
        else:
            if isinstance(row.error, CancelledError):
                self.cancelled += 1
            else:
                self.failed += 1
                self.first_error = self.first_error or row.error
            self.worst = max(self.worst, row.error.exit_code)

    @property
    def total(self) -> int:
        return self.found + self.no_chat + self.invalid + self.failed + self.cancelled

    @property
    def exit_code(self) -> int:
        if self.worst != EXIT_FOUND:
            return self.worst
        return EXIT_INVALID if self.invalid else EXIT_FOUND

    def summary(self) -> str:
        parts = [f"{self.total} rows: {self.found} found, {self.no_chat} no chat"]
        if self.invalid:
            parts.append(f"{self.invalid} invalid")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled")
        return ", ".join(parts)
