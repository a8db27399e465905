"""Files with their own columns (a CRM export: ``ID;Название лида;Телефон…``): open one, find
its ID column, and read items that keep every cell, so the output keeps the file's shape."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .bulk import BulkItem
from .bulk_write import OutputShape
from .bulkio import FLAGS, Controls, SourceRow, Table, csv_table, invalid_item
from .bulkio import value_item as _value_item
from .errors import InvalidInputError
from .file_text import open_text
from .wording import Phrase, phrase

NO_COLUMN = phrase("There is no column {column}: the columns are {columns}")
NO_COLUMN_NUMBER = phrase("There is no column {column}: the rows have {count} columns")
OLD_EXCEL = phrase("{name} is an old Excel file (.xls): save it as .xlsx or CSV, then open that")
WEB_PAGE = phrase(
    "{name} is a web page, not a table file (Bitrix24's “Excel” export is one): export CSV "
    "from Bitrix24 instead, or open it in Excel and save it as .xlsx"
)
NO_ID = phrase("The ID column is empty on this row")

_WORKBOOK_MAGIC = b"PK\x03\x04"
_OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
_ID_NAMES = frozenset({"id", "entity_id", "entityid", "идентификатор", "ид", "chat_entity_id"})
_TYPE_NAME = re.compile(r"(entity_?)?type|тип.*", re.IGNORECASE)
# The title column of a Bitrix24 CRM export says what its IDs are.
_KIND_TITLES = (
    (re.compile(r"(название|имя)\s+лида|lead\s+(name|title)", re.IGNORECASE), "LEAD"),
    (re.compile(r"название\s+сделки|deal\s+(name|title)", re.IGNORECASE), "DEAL"),
    (re.compile(r"название\s+компании|company\s+(name|title)", re.IGNORECASE), "COMPANY"),
)


def open_table(path: str | os.PathLike[str], sheet: str | None = None) -> Table:
    """A CSV/TSV/text file (any encoding ``open_text`` knows) or an .xlsx workbook, told apart
    by their first bytes; InvalidInputError for files no table can be read from."""
    name = Path(path).name
    if str(path) == "-":
        return _text_table(path)
    with open(path, "rb") as handle:
        head = handle.read(512)
    if head.startswith(_WORKBOOK_MAGIC):
        from .workbook import read_sheet  # openpyxl only when a workbook is opened

        return read_sheet(path, sheet)
    if head.startswith(_OLD_EXCEL_MAGIC):
        raise InvalidInputError(Phrase(OLD_EXCEL, name=name))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<html", b"<!doctype", b"<meta")):
        raise InvalidInputError(Phrase(WEB_PAGE, name=name))
    return _text_table(path)


def _text_table(path: str | os.PathLike[str]) -> Table:
    text = open_text(path)
    table = csv_table(text)
    table.close = text.close
    return table


@dataclass(frozen=True)
class ColumnReading:
    """Which column holds the IDs (0-based) and the first row's names, when it has them."""

    id_column: int
    header: tuple[str, ...] | None
    width: int  # cells in the first row: the file's shape

    def shape(self, *, details: bool = False) -> OutputShape:
        width = 0 if self.header is not None else self.width
        return OutputShape(self.header, width=width, details=details)

    def names(self) -> tuple[str, ...]:
        return self.header if self.header is not None else column_numbers(self.width)


def column_numbers(width: int) -> tuple[str, ...]:
    return tuple(str(number) for number in range(1, width + 1))


def looks_like_header(first: SourceRow, id_column: int) -> bool:
    """A first row whose ID cell holds no digit ("ID", "Идентификатор") names the columns."""
    cell = first.cells[id_column] if id_column < len(first.cells) else ""
    return not any(ch.isdigit() for ch in cell)


def choose_column(first: SourceRow | None, spec: str) -> ColumnReading:
    """The ID column from a header name (case aside) or a 1-based number, as ``--id-column``
    takes it; InvalidInputError naming the columns there are."""
    cells = first.cells if first is not None else ()
    wanted = spec.strip().casefold()
    for index, name in enumerate(cells):
        if name.casefold() == wanted:
            return ColumnReading(index, cells, len(cells))
    if spec.strip().isdigit() and 1 <= int(spec) <= max(len(cells), 1):
        index = int(spec) - 1
        header = first is not None and looks_like_header(first, index)
        return ColumnReading(index, cells if header else None, len(cells))
    if spec.strip().isdigit():
        raise InvalidInputError(
            Phrase(NO_COLUMN_NUMBER, column=spec.strip(), count=str(len(cells)))
        )
    shown = ", ".join(repr(name) for name in cells) or "(none)"
    raise InvalidInputError(Phrase(NO_COLUMN, column=repr(spec.strip()), columns=shown))


def column_items(
    rows: Iterable[SourceRow],
    reading: ColumnReading,
    *,
    default_type: str | None = None,
    crm_kind: str | None = None,
    controls: Controls = FLAGS,
) -> Iterator[BulkItem]:
    """Items from the ID column of every row after the header; each keeps all its cells."""
    kind = crm_kind.strip().upper() if crm_kind and crm_kind.strip() else None
    source = iter(rows)
    if reading.header is not None:
        next(source, None)
    for row in source:
        if row.problem is not None:
            yield invalid_item(row.line, "", "", row.problem)
            continue
        cells = row.cells
        value = cells[reading.id_column] if reading.id_column < len(cells) else ""
        if not value:
            yield invalid_item(row.line, "", "", Phrase(NO_ID), cells)
            continue
        yield _value_item(row.line, value, default_type, kind, controls, cells)


def guess_id_column(header: Sequence[str]) -> int | None:
    """The column of a CRM export that holds its IDs ("ID"), unless the file names a type
    column first (then its first columns are the type and the ID)."""
    for name in header[:2]:
        if _TYPE_NAME.fullmatch(name.strip()):
            return None
    for index, name in enumerate(header):
        if name.strip().casefold() in _ID_NAMES:
            return index
    return None


def guess_crm_kind(header: Sequence[str]) -> str | None:
    """LEAD, DEAL or COMPANY when the export's title column says so ("Название лида")."""
    for name in header:
        for pattern, kind in _KIND_TITLES:
            if pattern.search(name):
                return kind
    return None


def header_shape(header: Sequence[str]) -> str:
    """What makes two files the same kind of export: their column names, in order."""
    return "\x1f".join(name.strip().casefold() for name in header)
