"""What the Bulk view reads: pasted rows or a file (CSV, TSV, a CRM export, .xlsx), which
column holds the IDs, and the preview of the rows before a run. Qt-free; runs on the bulk
worker's thread (it reads files and the remembered column choices)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from gui.bitrix.bulk import BulkItem, for_portal
from gui.bitrix.bulk_columns import (
    ColumnReading,
    column_items,
    column_numbers,
    guess_crm_kind,
    guess_id_column,
    header_shape,
    open_table,
)
from gui.bitrix.bulk_write import OutputShape
from gui.bitrix.bulkio import (
    WINDOW_BOXES,
    SourceRow,
    Table,
    csv_table,
    is_header,
    table_items,
)
from gui.desktop.bulk_model import ResultRow, preview_row
from gui.store.column_choices import ColumnChoice, ColumnChoices


@dataclass(frozen=True)
class InputSource:
    """Pasted text or a file, which column holds the IDs and how to read bare ones.

    ``chosen`` False: the file was just opened (or the text edited), so the column, type and
    kind remembered for its header (else guessed from it) win over the ones given here.
    """

    text: str | None = None
    path: str | None = None
    default_type: str | None = None
    crm_kind: str | None = None
    id_column: int | None = None  # 0-based; None: the type and ID columns
    chosen: bool = False
    sheet: str | None = None  # a workbook's sheet (None: the first)
    portal_host: str = ""  # the webhook's portal: rows linking another one are not sent


@dataclass(frozen=True)
class Preview:
    items: list[BulkItem]
    rows: list[ResultRow]  # the table before the run: invalid rows show their reason
    valid: int
    invalid: int
    settings: dict[str, Any] = field(default_factory=dict)  # what the journal header records
    columns: tuple[str, ...] = ()  # the ID column's choices: header names, or "1", "2"…
    sheets: tuple[str, ...] = ()  # a workbook's sheets, and the one read
    sheet: str | None = None
    id_column: int | None = None
    default_type: str | None = None
    crm_kind: str | None = None
    header: tuple[str, ...] | None = None  # the file's own column names, when they are kept
    width: int = 0  # the file's own columns, when they are kept (0: type, ID, chat, error)
    delimiter: str = ","
    duplicates: int = 0  # valid rows whose ID an earlier row has: looked up once
    to_send: int = 0  # distinct IDs to look up

    def shape(self) -> OutputShape:
        return shape_of(self.settings)


def shape_of(settings: dict[str, Any] | Any) -> OutputShape:
    """The export's columns for a run, from what its journal header records."""
    header = settings.get("columns")
    width = int(settings.get("width") or 0)
    if header is not None:
        return OutputShape(tuple(str(name) for name in header))
    return OutputShape(width=width)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _first_row_names_columns(first: SourceRow) -> bool:
    return is_header(first.cells) or not any(ch.isdigit() for cell in first.cells for ch in cell)


def read_input(source: InputSource, choices: ColumnChoices | None = None) -> Preview:
    """Parse the input with the parsers the CLI uses too; messages name the window's boxes."""
    table: Table
    if source.path is not None:
        table = open_table(source.path, source.sheet)
    else:
        table = csv_table((source.text or "").splitlines())
    with table:
        rows = list(table.rows)
    first = next((row for row in rows if row.problem is None), None)
    header = first.cells if first is not None and _first_row_names_columns(first) else None
    width = len(first.cells) if first is not None else 0
    id_column, default_type, crm_kind = _choice(source, header, choices)
    if id_column is not None and id_column >= width:
        id_column = None
    settings: dict[str, Any] = {
        "default_type": default_type,
        "crm_kind": crm_kind,
        "source": source.path,
        "delimiter": table.delimiter,
    }
    if source.path is not None:
        settings["sha256"] = _sha256(source.path)
    if id_column is None:
        items = list(
            table_items(
                Table(iter(rows)),
                default_type=default_type,
                crm_kind=crm_kind,
                controls=WINDOW_BOXES,
            )
        )
    else:
        reading = ColumnReading(id_column, header, width)
        columns = None if header is None else list(header)
        settings.update(columns=columns, width=width, id_column=id_column)
        items = list(
            column_items(
                rows, reading, default_type=default_type, crm_kind=crm_kind, controls=WINDOW_BOXES
            )
        )
    if source.portal_host:
        items = list(for_portal(items, source.portal_host))
    preview = _preview(items, settings, header, width, id_column, table.delimiter)
    return dataclasses.replace(preview, sheets=table.sheets, sheet=table.sheet)


def _choice(
    source: InputSource, header: tuple[str, ...] | None, choices: ColumnChoices | None
) -> tuple[int | None, str | None, str | None]:
    """The ID column, type and kind to read with, remembering what the user chose."""
    if source.chosen:
        if header is not None and choices is not None:
            name = header[source.id_column] if source.id_column is not None else None
            choice = ColumnChoice(name, source.default_type, source.crm_kind)
            choices.remember(header_shape(header), choice)
        return source.id_column, source.default_type, source.crm_kind
    if header is None:
        return None, source.default_type, source.crm_kind
    saved = choices.get(header_shape(header)) if choices is not None else None
    if saved is not None:
        names = [name.strip().casefold() for name in header]
        wanted = (saved.id_column or "").strip().casefold()
        index = names.index(wanted) if wanted in names else None
        return index, saved.entity_type, saved.crm_kind
    guessed = guess_id_column(header)
    if guessed is None:
        return None, source.default_type, source.crm_kind
    return guessed, source.default_type, guess_crm_kind(header) or source.crm_kind


def _preview(
    items: list[BulkItem],
    settings: dict[str, Any],
    header: tuple[str, ...] | None,
    width: int,
    id_column: int | None,
    delimiter: str,
) -> Preview:
    refs = [item.ref for item in items if item.ref is not None]
    distinct = len(set(refs))
    offered = header if header is not None else column_numbers(width) if width >= 2 else ()
    return Preview(
        items,
        [preview_row(item) for item in items],
        len(refs),
        len(items) - len(refs),
        settings,
        columns=offered,
        id_column=id_column,
        default_type=settings["default_type"],
        crm_kind=settings["crm_kind"],
        header=header if id_column is not None else None,
        width=width if id_column is not None else 0,
        delimiter=delimiter,
        duplicates=len(refs) - distinct,
        to_send=distinct,
    )
