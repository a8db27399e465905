"""``b24chat bulk``: every row of a CSV or workbook looked up and written, one output row per
input row."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from types import FrameType
from typing import Any, Protocol

from gui.bitrix.bulk import BulkItem, BulkRow, for_portal, lookup_many
from gui.bitrix.bulk_columns import (
    choose_column,
    column_items,
    guess_crm_kind,
    guess_id_column,
    open_table,
)
from gui.bitrix.bulk_details import with_details
from gui.bitrix.bulk_write import CLASSIC, OutputShape, RowWriter
from gui.bitrix.bulkio import SourceRow, Table, is_header, table_items
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientEvent
from gui.bitrix.entities import EntityType, normalise_crm_kind, shape_warning
from gui.bitrix.errors import EXIT_INVALID, InvalidInputError
from gui.bitrix.file_text import count_lines
from gui.bitrix.links import webhook_host
from gui.cli.bulk_tally import BulkTally, Tracked, cancelled_rows
from gui.cli.connection import connect, log_event
from gui.cli.progress import ProgressLine
from gui.cli.terminal import EXIT_INTERRUPTED, EXIT_TERMINATED, say
from gui.store.user_files import atomic_binary_output, atomic_output

CANCELLED_CHUNK = 1000  # rows never looked up are written in chunks of this many


class _Interrupt:
    """The first Ctrl+C asks the run to stop after the request in flight; the second stops it
    at once, by cutting the request in flight, as SIGTERM (``timeout``, systemd, docker) does.
    Either way every row still gets written: no KeyboardInterrupt, which could land while the
    rows are being written and throw the whole output away."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.terminated = False
        self.abort: Callable[[], object] = lambda: None  # cuts the request in flight
        self._previous: dict[int, Any] = {}

    def __call__(self) -> bool:
        return self.requested.is_set()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested.is_set():
            self.abort()  # no later request starts once cancelled: this one was the last
            return
        self.requested.set()
        say("cancelling after the request in flight (Ctrl+C again to stop now)")

    def _terminate(self, signum: int, frame: FrameType | None) -> None:
        self.terminated = True
        if not self.requested.is_set():
            self.requested.set()
            say("terminated: writing every row, the rest as cancelled")
        self.abort()

    def __enter__(self) -> _Interrupt:
        handlers = {signal.SIGINT: self._handle, signal.SIGTERM: self._terminate}
        for signum, handler in handlers.items():
            with contextlib.suppress(ValueError):  # not the main thread: the defaults stay
                self._previous[signum] = signal.signal(signum, handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    @property
    def exit_code(self) -> int:
        return EXIT_TERMINATED if self.terminated else EXIT_INTERRUPTED


def bulk_rows(
    client: BitrixClient,
    tracked: Tracked,
    *,
    cancelled: Callable[[], bool] | None = None,
    details: bool = False,
) -> Iterator[list[BulkRow]]:
    """lookup_many's batches (with ``details``, their cards and open-line chats too), then,
    after a cancel or Ctrl+C, every row not looked up as "cancelled": one row per input row,
    in order, whatever happens."""
    batches = lookup_many(client, tracked, cancelled=cancelled)
    if details:
        batches = with_details(client, batches, cancelled=cancelled)
    try:
        for rows in batches:
            tracked.answered(len(rows))
            yield rows
    except KeyboardInterrupt:
        pass
    rest = list(cancelled_rows(tracked.pending))  # at most one window
    tracked.pending.clear()
    if rest:
        yield rest
    chunk: list[BulkRow] = []
    for row in cancelled_rows(tracked.source):
        chunk.append(row)
        if len(chunk) >= CANCELLED_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _Reading:
    """What ``cmd_bulk`` reads and the shape it writes."""

    table: Table
    items: Iterator[BulkItem]
    shape: OutputShape = CLASSIC
    delimiter: str = ","
    hint: str | None = None  # how to read a file with its own columns, should no row be valid


def _read(args: argparse.Namespace) -> _Reading:
    default_type = None
    if args.entity_type:
        default_type = EntityType.parse(args.entity_type).value
    crm_kind = None
    if (args.crm_kind or "").strip():
        try:
            crm_kind = normalise_crm_kind(args.crm_kind)
        except InvalidInputError as exc:
            raise InvalidInputError(f"--crm-kind {exc}") from None
    try:
        table = open_table(args.input, args.sheet)
    except OSError as exc:
        raise InvalidInputError(
            f"The input file {args.input} could not be read ({exc.strerror})"
        ) from None
    if args.sheet and not table.workbook:
        table.close()
        raise InvalidInputError("--sheet is for Excel workbooks (.xlsx); the input is text")
    first = next(table.rows, None)
    rows = chain([first] if first is not None else [], table.rows)
    if args.id_column is None:
        table.rows = iter(rows)
        items = table_items(table, default_type=default_type, crm_kind=crm_kind)
        hint = _id_column_hint(first, crm_kind)
        return _Reading(table, items, OutputShape(details=args.details), hint=hint)
    try:
        reading = choose_column(first, args.id_column)
    except InvalidInputError as exc:
        table.close()
        raise InvalidInputError(f"--id-column: {exc}") from None
    items = column_items(rows, reading, default_type=default_type, crm_kind=crm_kind)
    return _Reading(table, items, reading.shape(details=args.details), table.delimiter)


def _id_column_hint(first: SourceRow | None, crm_kind: str | None) -> str | None:
    """For a CRM export read as type and ID columns: the flags that read it right."""
    if first is None or not is_header(first.cells):
        return None
    column = guess_id_column(first.cells)
    if column is None:
        return None
    kind = crm_kind or guess_crm_kind(first.cells) or "LEAD"
    name = first.cells[column]
    return (
        f"the input has columns of its own ({', '.join(first.cells[:3])}, …): read its IDs "
        f"with --id-column {name!r} --crm-kind {kind}"
    )


def cmd_bulk(args: argparse.Namespace) -> int:
    if args.input != "-" and not os.path.isfile(args.input):
        raise InvalidInputError(f"The input file {args.input} does not exist")
    if (
        args.output
        and args.input != "-"
        and os.path.exists(args.output)
        and os.path.samefile(args.input, args.output)
    ):
        raise InvalidInputError("The output file must not be the input file")
    webhook, config = connect(args)
    reading = _read(args)
    progress = None
    if sys.stderr.isatty():
        total = (
            count_lines(args.input) if args.input != "-" and not reading.table.workbook else None
        )
        progress = ProgressLine(sys.stderr, total)
    with (
        reading.table,
        BitrixClient(webhook, config, on_event=_event_sink(progress)) as client,
        _Interrupt() as interrupt,
    ):
        interrupt.abort = client.abort
        tracked = Tracked(for_portal(reading.items, webhook_host(webhook)))
        batches = bulk_rows(client, tracked, cancelled=interrupt, details=args.details)
        try:
            tally = _write_output(args.output, batches, reading, progress)
        except BrokenPipeError:  # the reader of our stdout left: main() ends quietly
            raise
        except OSError as exc:
            say(f"The output could not be written ({exc.strerror or exc}): nothing was replaced")
            return EXIT_INVALID
    say(tally.summary())
    if reading.hint and tally.invalid == tally.total > 0:
        say(reading.hint)
    if tally.first_error is not None:
        say(f"first error: {webhook.redact(str(tally.first_error))}")
    if interrupt.requested.is_set() or tally.cancelled:
        return interrupt.exit_code
    return tally.exit_code


def _write_output(
    output: str | None,
    batches: Iterator[list[BulkRow]],
    reading: _Reading,
    progress: ProgressLine | None,
) -> BulkTally:
    """To stdout, or all or nothing to a file: a workbook when its name ends in .xlsx."""
    if not output:
        return _write(batches, RowWriter(sys.stdout, reading.shape, reading.delimiter), progress)
    if output.lower().endswith(".xlsx"):
        from gui.bitrix.workbook import WorkbookWriter  # openpyxl only for a workbook

        with atomic_binary_output(output) as binary:
            writer = WorkbookWriter(binary, reading.shape)
            tally = _write(batches, writer, progress)
            writer.close()
        return tally
    with atomic_output(output) as out:
        return _write(batches, RowWriter(out, reading.shape, reading.delimiter), progress)


def _event_sink(progress: ProgressLine | None) -> Callable[[ClientEvent], None]:
    def sink(event: ClientEvent) -> None:
        log_event(event)
        if progress is not None:
            progress.note = (
                f"retrying in {event.seconds:.0f} s: {event.reason}"
                if event.kind == "retrying"
                else ""
            )

    return sink


class _Writer(Protocol):
    def write(self, row: BulkRow) -> None: ...
    def flush(self) -> None: ...


class _ShapeWarnings:
    """Rows of a shape that likely finds nothing: the first one's sentence, and a count."""

    def __init__(self) -> None:
        self.first: str | None = None
        self.count = 0

    def check(self, row: BulkRow) -> None:
        warning = shape_warning(row.item.ref) if row.item.ref is not None else None
        if warning:
            self.count += 1
            self.first = self.first or f"line {row.item.line}: {warning}"

    def report(self) -> None:
        if self.first:
            more = f" (and {self.count - 1} more rows like it)" if self.count > 1 else ""
            say(self.first + more)


def _write(
    batches: Iterator[list[BulkRow]], writer: _Writer, progress: ProgressLine | None
) -> BulkTally:
    tally = BulkTally()
    warnings = _ShapeWarnings()
    for rows in batches:
        for row in rows:
            writer.write(row)
            tally.add(row)
            warnings.check(row)
        writer.flush()  # a script reading our stdout sees each batch as it lands
        if progress is not None:
            progress.show(tally.total)
    if progress is not None:
        progress.finish(tally.total)
    warnings.report()
    return tally
