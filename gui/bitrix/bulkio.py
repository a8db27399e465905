"""Bulk input: text rows (CSV, TSV, pasted lines, decoded by :mod:`.file_text`) read as a
table of cells.

Shared by the ``b24chat bulk`` command and the desktop app's Bulk view, so it is Qt-free and
streams: a 100,000-row file is read, looked up and written a batch at a time, never held whole.
Rows become items here (a type and an ID column, an ID alone, or a bare number with the CRM kind
given; messages name the CLI's flags or the window's boxes); workbooks are read by
:mod:`.workbook`, files with their own columns by :mod:`.bulk_columns`, and output is written
by :mod:`.bulk_write`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

from .bulk import BulkItem
from .entities import EntityType, is_known_crm_type
from .errors import InvalidInputError
from .links import looks_like_link
from .wording import Phrase, phrase

SNIFF_LINES = 20  # rows the delimiter is guessed from
DELIMITERS = ",;\t"
NOT_CSV = phrase("Line {line} is not readable as CSV ({reason}): fix or remove it")
NOT_DECODABLE = phrase(
    "Line {line} is not {encoding} text like the rest of the file, so it was not sent: save "
    "the whole file in one encoding (UTF-8)"
)


class SourceRow(NamedTuple):
    """One non-blank row of a table: its 1-based line (or sheet row) and its cells, stripped,
    trailing empty ones dropped; ``problem`` says why a row could not be read at all."""

    line: int
    cells: tuple[str, ...]
    problem: str | None = None


def _nothing() -> None:
    return None


@dataclass
class Table:
    """A CSV text or a workbook sheet, row by row; ``delimiter`` is the one its CSV used.
    As a context manager it closes the file it reads."""

    rows: Iterator[SourceRow]
    delimiter: str = ","
    close: Callable[[], object] = _nothing
    workbook: bool = False
    sheets: tuple[str, ...] = ()  # a workbook's sheets, and the one read
    sheet: str | None = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- reading ------------------------------------------------------------------------------


def csv_table(lines: Iterable[str]) -> Table:
    """Text rows as a table: comma, semicolon or tab separated (guessed from the first rows),
    quoted fields, a BOM at the start; blank lines are not rows. A row with bytes its file's
    encoding does not decode is a row with a problem (its cells shown with U+FFFD)."""
    encoding = _ENCODING_NAMES.get(str(getattr(lines, "encoding", "")), "UTF-8")
    source = iter(lines)
    head = _strip_bom([line for _, line in zip(range(SNIFF_LINES), source, strict=False)])
    delimiter = _sniff_delimiter(head)
    reader = csv.reader(chain(head, source), delimiter=delimiter)
    return Table(_csv_rows(reader, encoding), delimiter)


def _csv_rows(reader: Any, encoding: str) -> Iterator[SourceRow]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a NUL byte, an over-long field: this row only
            line = str(reader.line_num)
            yield SourceRow(reader.line_num, (), Phrase(NOT_CSV, line=line, reason=str(exc)))
            continue
        cells = trimmed(row)
        if not cells:
            continue  # a blank line (or only delimiters) is not a row
        if any(_UNDECODED.search(cell) for cell in cells):
            shown = tuple(_UNDECODED.sub("\ufffd", cell) for cell in cells)  # printable anywhere
            reason = Phrase(NOT_DECODABLE, line=str(reader.line_num), encoding=encoding)
            yield SourceRow(reader.line_num, shown, reason)
            continue
        yield SourceRow(reader.line_num, cells)


def trimmed(cells: Iterable[str]) -> tuple[str, ...]:
    """Cells stripped, the empty ones at the end dropped."""
    stripped = [cell.strip() for cell in cells]
    while stripped and not stripped[-1]:
        stripped.pop()
    return tuple(stripped)


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


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1251": "cp1251 (Windows Cyrillic)", "utf-16": "UTF-16"}
# Bytes the file's encoding could not decode, kept as lone surrogates (surrogateescape).
_UNDECODED = re.compile("[\udc80-\udcff]")


# -- items ----------------------------------------------------------------------------------

TYPE_EMPTY = phrase("The entity type is empty: write it like {example}")
BARE_NUMBER = phrase(
    "A bare number ({value}): say which CRM entity it is with {control}, or write it like LEAD|13"
)
NO_TYPE = phrase(
    "{value} has no entity type: write it like {example} or LINES,telegrambot|2|209607941|744, "
    "or give the type for all rows ({control})"
)


@dataclass(frozen=True)
class Controls:
    """Where a message sends the user to say what bare IDs are: the CLI's flags or the
    window's boxes, so neither names the other's."""

    crm_kind: str
    entity_type: str


FLAGS = Controls(phrase("--crm-kind LEAD (or DEAL, CONTACT, …)"), phrase("--type"))
WINDOW_BOXES = Controls(
    phrase("the “Bare numbers are” box (LEAD, DEAL, CONTACT, …)"),
    phrase("the “Rows without a type” box"),
)

_CRM_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\s*\|\s*\d+")
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


def read_items(
    lines: Iterable[str],
    *,
    default_type: str | None = None,
    crm_kind: str | None = None,
    controls: Controls = FLAGS,
) -> Iterator[BulkItem]:
    """Parse text rows into items, lazily; line numbers are 1-based physical lines.

    Rows: ``CRM,LEAD|13``; ``LEAD|13`` (type from ``default_type``, else CRM when it looks like
    ``TYPE|ID``); a bare ``13`` (needs ``crm_kind``, e.g. ``LEAD``). A header row is skipped.
    Extra columns are ignored, so an output file can be fed back in.
    """
    return table_items(
        csv_table(lines), default_type=default_type, crm_kind=crm_kind, controls=controls
    )


def table_items(
    table: Table,
    *,
    default_type: str | None = None,
    crm_kind: str | None = None,
    controls: Controls = FLAGS,
) -> Iterator[BulkItem]:
    """Items from a table whose first columns are the type and the ID (or the ID alone)."""
    kind = crm_kind.strip().upper() if crm_kind and crm_kind.strip() else None
    first = True
    for row in table.rows:
        if row.problem is not None:
            first = first and not row.cells  # an undecodable first row is a row, not a header
            cells = row.cells if len(row.cells) > 1 else ("", *row.cells, "")
            yield invalid_item(row.line, cells[0], cells[1], row.problem)
            continue
        if first:
            first = False
            if is_header(row.cells):
                continue
        yield _item(row.line, list(row.cells), default_type, kind, controls)


def is_header(cells: Sequence[str]) -> bool:
    """Whether a first row names the type and ID columns rather than holding an entity."""
    if not cells or _known_type(cells[0]) or "|" in cells[0] or _NUMBER.fullmatch(cells[0]):
        return False
    words = [re.sub(r"[\s\-.#]+", "_", cell.lower()).strip("_") for cell in cells[:2]]
    return any(w in _HEADER_WORDS or _HEADER_LIKE.fullmatch(w) for w in words if w)


def _known_type(text: str) -> bool:
    try:
        EntityType.parse(text)
    except InvalidInputError:
        return False
    return True


def _item(
    line: int, cells: list[str], default_type: str | None, kind: str | None, controls: Controls
) -> BulkItem:
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
            return invalid_item(
                line, entity_type, entity_id, Phrase(TYPE_EMPTY, example=_EXAMPLE_ROW)
            )
        return BulkItem.parse(line, entity_type, entity_id)
    return value_item(line, cells[0], default_type, kind, controls)


def value_item(
    line: int,
    value: str,
    default_type: str | None,
    kind: str | None,
    controls: Controls,
    cells: tuple[str, ...] = (),
) -> BulkItem:
    """An item from one ID cell: ``LEAD|13``, a session ``a|1|2|3``, a CRM card's link, or a
    bare number that ``kind`` (or ``default_type``) says the type of."""
    if looks_like_link(value):  # a column of card links is a column of IDs
        return BulkItem.parse(line, default_type or "", value, cells)
    given = default_type or ("CRM" if kind else "")
    if _NUMBER.fullmatch(value) and given.strip().upper() in ("CRM", ""):
        if kind is None:
            control = Phrase(controls.crm_kind)
            return invalid_item(
                line, given, value, Phrase(BARE_NUMBER, value=value, control=control), cells
            )
        return BulkItem.parse(line, "CRM", f"{kind}|{value}", cells)
    if given:
        return BulkItem.parse(line, given, value, cells)
    if _CRM_ID.fullmatch(value) and is_known_crm_type(value.split("|")[0].strip()):
        return BulkItem.parse(line, "CRM", value, cells)
    if value.count("|") == 3:  # connector|line|chat|user: only an Open Lines session looks so
        return BulkItem.parse(line, "LINES", value, cells)
    reason = Phrase(
        NO_TYPE, value=repr(value), example=_EXAMPLE_ROW, control=Phrase(controls.entity_type)
    )
    return invalid_item(line, "", value, reason, cells)


def invalid_item(
    line: int, entity_type: str, entity_id: str, reason: str, cells: tuple[str, ...] = ()
) -> BulkItem:
    return BulkItem(line, entity_type, entity_id, error=InvalidInputError(reason), cells=cells)
