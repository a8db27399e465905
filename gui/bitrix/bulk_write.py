"""Bulk output: one row per input row, as ``entity_type,entity_id,chat_id,error`` or as the
input's own columns with ``chat_id`` and ``error`` added.

Cells are made safe for spreadsheets here (no formula, no control character), for every writer:
the CSV one below and the workbook one in :mod:`.workbook`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from .bulk import BulkRow
from .bulk_details import DETAIL_COLUMNS, detail_cells

OUTPUT_HEADER = ("entity_type", "entity_id", "chat_id", "error")
ADDED_COLUMNS = ("chat_id", "error")

# C0 controls (tab, CR and LF aside: csv quotes those), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What makes a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")
# A phone number as CRM exports write it ("+7 (900) 101-01-07"): no function, nothing to run,
# and an apostrophe would spoil every phone column of an export.
_PHONE = re.compile(r"\+\d[\d ()\-]{5,}")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as the text it is: control characters become U+FFFD and a
    formula-like start gets a leading "'". Valid IDs never change; echoed bad input may."""
    text = without_controls(text)
    if text.startswith(_FORMULA_START) and not (
        _NEGATIVE_NUMBER.fullmatch(text) or _PHONE.fullmatch(text)
    ):
        return "'" + text
    return text


def without_controls(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


class OutputShape:
    """Which columns an output has.

    ``columns`` None: the four of ``OUTPUT_HEADER``. Otherwise the input's own columns (its
    header, or ``width`` unnamed ones for a file without one) and then ``chat_id`` and ``error``,
    written into the input's own ``chat_id``/``error`` columns when it has them (an output fed
    back in keeps its shape). ``details``: the chat's detail columns follow
    (:data:`bulk_details.DETAIL_COLUMNS`). A row longer than the header keeps its extra cells
    at the end.
    """

    def __init__(
        self, columns: Sequence[str] | None = None, *, width: int = 0, details: bool = False
    ) -> None:
        self.details = details
        self._given = (None if columns is None else tuple(columns), width)
        self.own_columns = columns is not None or width > 0
        names = list(columns) if columns is not None else [""] * width
        self._own_width = len(names)
        lower = [name.strip().lower() for name in names]
        for added in ADDED_COLUMNS:
            if added not in lower:
                names.append(added)
                lower.append(added)
        self._chat_at = lower.index("chat_id")
        self._error_at = lower.index("error")
        self._width = len(names)
        self.header: tuple[str, ...] | None
        extra = DETAIL_COLUMNS if details else ()
        if not self.own_columns:
            self.header = OUTPUT_HEADER + extra
        else:
            self.header = (*names, *extra) if columns is not None else None

    def with_details(self, details: bool) -> OutputShape:
        """This shape with the detail columns (or without)."""
        if details == self.details:
            return self
        columns, width = self._given
        return OutputShape(columns, width=width, details=details)

    def cells(self, row: BulkRow) -> list[str]:
        """The row's cells, as text, before any sanitising."""
        chat = "" if row.chat_id is None else str(row.chat_id)
        error = "" if row.error is None else str(row.error)
        item = row.item
        extra = detail_cells(row) if self.details else []
        if not self.own_columns:
            return [item.entity_type, item.entity_id, chat, error, *extra]
        own = list(item.cells[: self._own_width])
        cells = own + [""] * (self._width - len(own))
        cells[self._chat_at] = chat
        cells[self._error_at] = error
        return cells + extra + list(item.cells[self._own_width :])


CLASSIC = OutputShape()


def output_cells(row: BulkRow, shape: OutputShape = CLASSIC) -> list[str]:
    """A row's cells as an export writes them (and Copy puts them on the clipboard)."""
    return [safe_cell(cell) for cell in shape.cells(row)]


class RowWriter:
    """Writes CSV rows of one shape, its header first (when it has one)."""

    def __init__(self, out: TextIO, shape: OutputShape = CLASSIC, delimiter: str = ",") -> None:
        self._out = out
        self._shape = shape
        self._csv = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        if shape.header is not None:
            self._csv.writerow(shape.header)
        self.rows = 0

    def write(self, row: BulkRow) -> None:
        self._csv.writerow(output_cells(row, self._shape))
        self.rows += 1

    def write_all(self, rows: Iterable[BulkRow]) -> None:
        for row in rows:
            self.write(row)

    def flush(self) -> None:
        self._out.flush()


def write_rows(
    rows: Iterable[BulkRow], out: TextIO, shape: OutputShape = CLASSIC, delimiter: str = ","
) -> int:
    """Write the header and every row; returns how many rows were written."""
    writer = RowWriter(out, shape, delimiter)
    writer.write_all(rows)
    return writer.rows
