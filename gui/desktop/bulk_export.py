"""The Bulk tab's export, written on the bulk thread: CSV with a BOM (so Excel shows Cyrillic)
or an Excel workbook, all or nothing. Qt-free."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from gui.bitrix import bulk_write
from gui.bitrix.bulk import BulkRow
from gui.bitrix.bulk_write import OutputShape
from gui.store.user_files import atomic_binary_output, atomic_output

WORKBOOK_SUFFIX = ".xlsx"
YIELD_EVERY = 200  # rows written between pauses that let the GUI thread run


def write_export(
    target: Path, rows: Iterable[BulkRow], shape: OutputShape, delimiter: str
) -> int | OSError:
    """The rows as ``b24chat bulk`` writes them; the count, or what stopped the write. More
    rows than a sheet holds raise InvalidInputError (the Job's failure says so)."""
    try:
        if target.suffix.lower() == WORKBOOK_SUFFIX:
            return _write_workbook(target, _yielding(rows), shape)
        with atomic_output(target, encoding="utf-8-sig") as out:  # Excel reads the BOM
            return bulk_write.write_rows(_yielding(rows), out, shape, delimiter)
    except OSError as exc:
        return exc


def _write_workbook(target: Path, rows: Iterable[BulkRow], shape: OutputShape) -> int:
    from gui.bitrix.workbook import WorkbookWriter  # openpyxl only when one is written

    with atomic_binary_output(target) as out:
        writer = WorkbookWriter(out, shape)
        for row in rows:
            writer.write(row)
        writer.close()
    return writer.rows


def _yielding(rows: Iterable[BulkRow]) -> Iterator[BulkRow]:
    """The rows, handing the GIL over now and then: the window's event loop keeps ticking."""
    for number, row in enumerate(rows, start=1):
        if number % YIELD_EVERY == 0:
            time.sleep(0)
        yield row
