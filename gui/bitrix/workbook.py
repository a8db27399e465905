"""Excel workbooks (.xlsx) in and out, through openpyxl.

openpyxl is imported inside the functions, never at module level: the window and the CLI start
without paying for it, and only a run that reads or writes a workbook loads it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .bulk import BulkRow
from .bulk_write import OutputShape, without_controls
from .bulkio import SourceRow, Table, trimmed
from .errors import InvalidInputError
from .wording import Phrase, phrase

MAX_SHEET_ROWS = 1_048_576  # Excel's limit, header included
SHEET_TITLE = "chats"
NOT_WORKBOOK = phrase(
    "{name} could not be read as an Excel workbook ({reason}): save it again as .xlsx or CSV"
)
NO_SHEET = phrase("The workbook has no sheet {sheet}: its sheets are {sheets}")
SHEET_FULL = phrase("An Excel sheet holds at most {most} rows: write CSV instead")
# Whole numbers Excel keeps exactly (15 digits) and shows as numbers, not "number as text".
_WHOLE_NUMBER = re.compile(r"(0|[1-9]\d{0,14})")


def read_sheet(path: str | os.PathLike[str], sheet: str | None = None) -> Table:
    """The first sheet (or the one named ``sheet``, case aside) as a table; line numbers are
    the sheet's row numbers. Raises InvalidInputError for a file that is not a workbook."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        raise InvalidInputError(Phrase(NOT_WORKBOOK, name=Path(path).name, reason=reason)) from None
    except Exception as exc:  # openpyxl's own InvalidFileException and friends
        raise InvalidInputError(
            Phrase(NOT_WORKBOOK, name=Path(path).name, reason=type(exc).__name__)
        ) from None
    try:
        worksheet = book[_sheet_name(book.sheetnames, sheet)] if sheet else book.worksheets[0]
    except BaseException:
        book.close()
        raise
    rows = _sheet_rows(book, worksheet)
    sheets = tuple(book.sheetnames)
    return Table(rows, close=book.close, workbook=True, sheets=sheets, sheet=worksheet.title)


def _sheet_name(names: list[str], wanted: str) -> str:
    for name in names:
        if name.strip().casefold() == wanted.strip().casefold():
            return name
    shown = ", ".join(repr(name) for name in names)
    raise InvalidInputError(Phrase(NO_SHEET, sheet=repr(wanted), sheets=shown))


def _sheet_rows(book: Any, worksheet: Any) -> Iterator[SourceRow]:
    try:
        worksheet.reset_dimensions()  # a writer's stale size would cut the rows short
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = trimmed(cell_text(value) for value in values)
            if cells:
                yield SourceRow(number, cells)
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell as the text a user sees: IDs stored as 13.0 read as 13, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class WorkbookWriter:
    """Rows of one shape into a one-sheet workbook, streamed (openpyxl's write-only mode);
    nothing reaches ``out`` until :meth:`close`."""

    def __init__(self, out: BinaryIO, shape: OutputShape) -> None:
        from openpyxl import Workbook

        self._out = out
        self._shape = shape
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(SHEET_TITLE)
        self._lines = 0
        self.rows = 0
        if shape.header is not None:
            self._append(list(shape.header))

    def _append(self, texts: list[str]) -> None:
        if self._lines >= MAX_SHEET_ROWS:
            raise InvalidInputError(Phrase(SHEET_FULL, most=f"{MAX_SHEET_ROWS:,}"))
        self._sheet.append([self._cell(text) for text in texts])
        self._lines += 1

    def _cell(self, text: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if _WHOLE_NUMBER.fullmatch(text):
            return int(text)
        cell = WriteOnlyCell(self._sheet, value=without_controls(text))
        cell.data_type = "s"  # text stays text: "=1+1" is never a formula
        return cell

    def write(self, row: BulkRow) -> None:
        self._append(self._shape.cells(row))
        self.rows += 1

    def flush(self) -> None:
        """Nothing to flush: a workbook is written whole at :meth:`close`."""

    def close(self) -> None:
        self._book.save(self._out)
