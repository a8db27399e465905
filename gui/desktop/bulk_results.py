"""The Bulk tab's results: the table with its filter, copy, open-in-portal and export (CSV with
a BOM, so Excel shows Cyrillic, or an Excel workbook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix import bulk_write
from gui.bitrix.bulk import RowStatus
from gui.bitrix.bulk_write import CLASSIC, OutputShape
from gui.bitrix.errors import BitrixError
from gui.desktop import file_dialogs
from gui.desktop.browser import open_in_browser
from gui.desktop.bulk_export import WORKBOOK_SUFFIX, write_export
from gui.desktop.bulk_model import (
    BulkFilterProxy,
    BulkResultsModel,
    Column,
    ResultRow,
    bulk_row,
    finished_bulk_rows,
)
from gui.desktop.jobs import Job, Work
from gui.desktop.named import label_for, named
from gui.desktop.wording import translated

if TYPE_CHECKING:
    from gui.bitrix.webhook import WebhookUrl

HEADER_PRECISION = 20  # line-number header: measure a few sections, not a thousand, per insert
OWN_COLUMN_MOST = 180  # px: a file's long column (a title, an address) does not push the rest away


def spreadsheet_delimiter() -> str:
    """The list separator a spreadsheet expects in this locale: ";" where the decimal point is
    a comma (Russian Excel puts a comma-separated file all in column A), else ","."""
    return ";" if QLocale().decimalPoint() == "," else ","


class BulkResultsPanel(QWidget):
    """The rows of a run; ``message`` carries what an export did, for the run's status line."""

    message = Signal(str)

    def __init__(
        self,
        webhook_provider: Callable[[], WebhookUrl | None],
        submit: Callable[[Work], Job],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkResultsPanel")
        self._webhook_provider = webhook_provider
        self._submit = submit  # slow file work goes to a worker thread
        self._export_job: Job | None = None
        self._shape = CLASSIC
        self._delimiter = ","
        self._running = False
        self._looked_up = False  # the table holds a run's answers, not only a preview
        self._beside: int | None = None  # the file's ID column, Chat ID and Error beside it
        self.model = BulkResultsModel(self)
        self.proxy = BulkFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.filter_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.filter_combo.currentData())
        )
        for signal in (
            self.model.modelReset,
            self.model.dataChanged,
            self.model.rowsInserted,
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._refresh_export)
        self.model.modelReset.connect(self._move_beside)  # new columns: moved again
        self.export_button.clicked.connect(self.choose_export)
        self.copy_action.triggered.connect(self.copy_selected)
        self.open_action.triggered.connect(self._open_current)
        self.table.doubleClicked.connect(self.open_at)
        self.table.customContextMenuRequested.connect(self._show_menu)

    def _build(self) -> None:
        self.filter_combo = named(QComboBox(self), "bulkFilterCombo", self.tr("Show rows"))
        for text, status in (
            (self.tr("All"), None),
            (self.tr("Found"), RowStatus.FOUND),
            (self.tr("No chat"), RowStatus.NO_CHAT),
            (self.tr("Error"), RowStatus.ERROR),
        ):
            self.filter_combo.addItem(text, status)
        self.export_button = named(
            QPushButton(self.tr("Export…"), self),
            "bulkExportButton",
            self.tr("Export the results as CSV or an Excel workbook"),
        )
        self.table = named(QTableView(self), "bulkTable", self.tr("Bulk results"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # input order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move in it)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setResizeContentsPrecision(HEADER_PRECISION)
        self.table.horizontalHeader().setResizeContentsPrecision(HEADER_PRECISION)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(Column.TYPE, 90)
        header.resizeSection(Column.ID, 240)
        self.copy_action = QAction(self.tr("&Copy"), self.table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.copy_action)
        self.open_action = QAction(self.tr("&Open in Bitrix24"), self.table)

        table_row = QHBoxLayout()
        table_row.addWidget(label_for(self.filter_combo, self.tr("&Show:")))
        table_row.addWidget(self.filter_combo)
        table_row.addStretch(1)
        table_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(table_row)
        layout.addWidget(self.table, 1)

    def set_running(self, running: bool) -> None:
        self._running = running
        self._refresh_export()

    def set_looked_up(self, looked_up: bool) -> None:
        """Whether the rows are a run's (exportable) or only read, not yet looked up."""
        self._looked_up = looked_up
        self._refresh_export()

    def set_output(self, shape: OutputShape, file_delimiter: str) -> None:
        """The columns an export has: a file's own (written with its delimiter), or the four
        (with the locale's list separator, as a spreadsheet there reads it)."""
        self._shape = shape
        self._delimiter = file_delimiter if shape.own_columns else spreadsheet_delimiter()

    def _output_shape(self) -> OutputShape:
        """The export's columns: the file's (or the four), with the detail ones when shown."""
        return self._shape.with_details(self.model.details)

    def show_beside(self, id_column: int | None) -> None:
        """Show Chat ID and Error right after a file's ID column (only on screen: the model,
        copies and exports keep the file's order, those two last), the rest sized to fit."""
        self._beside = id_column
        self._move_beside()

    @Slot()
    def _move_beside(self) -> None:
        id_column = self._beside
        header = self.table.horizontalHeader()
        for logical in range(header.count()):  # back to the model's order first
            header.moveSection(header.visualIndex(logical), logical)
        if id_column is None or not 0 <= id_column < self.model.chat_column:
            return
        for offset, logical in enumerate((self.model.chat_column, self.model.error_column)):
            header.moveSection(header.visualIndex(logical), id_column + 1 + offset)
        for logical in range(self.model.chat_column):
            self.table.resizeColumnToContents(logical)
            header.resizeSection(logical, min(header.sectionSize(logical), OWN_COLUMN_MOST))
        header.resizeSection(self.model.chat_column, 90)
        header.resizeSection(self.model.error_column, 160)

    @Slot()
    def _refresh_export(self) -> None:
        """Export only when there is something to export (rows looked up, some of them
        shown) and no export is being written."""
        self.export_button.setEnabled(
            not self._running
            and self._export_job is None
            and self._looked_up
            and self.model.finished_count() > 0
            and self.proxy.rowCount() > 0
        )

    def can_export(self) -> bool:
        return self.export_button.isEnabled()

    # -- copy and open ---------------------------------------------------------------------
    def _selected_source_rows(self) -> list[int]:
        selection = self.table.selectionModel()
        proxy_rows = sorted(index.row() for index in selection.selectedRows())
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in proxy_rows]

    @Slot()
    def copy_selected(self) -> str:
        """Selected rows as tab-separated text on the clipboard, in the order shown."""
        # the exporter's cells (sanitised the same way), so a paste matches an exported file
        shape = self._output_shape()
        text = "\n".join(
            "\t".join(bulk_write.output_cells(bulk_row(self.model.row(number)), shape))
            for number in self._selected_source_rows()
        )
        if text:
            QGuiApplication.clipboard().setText(text + "\n")
        return text

    def open_chat(self, source_row: int) -> bool:
        """Open the row's chat in the portal; False when it has none or no webhook is set."""
        webhook = self._webhook_provider()
        row = self.model.row(source_row)
        if webhook is None or row.chat_id is None:
            return False
        problem = open_in_browser(webhook.chat_url(row.chat_id))
        if problem:
            self.message.emit(problem)
        return problem is None

    @Slot(QModelIndex)
    def open_at(self, index: QModelIndex) -> None:
        """Open the chat of the row at a table (proxy) index."""
        self.open_chat(self.proxy.mapToSource(index).row())

    @Slot()
    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_at(index)

    @Slot(QPoint)
    def _show_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        row = self.model.row(self.proxy.mapToSource(index).row()) if index.isValid() else None
        self.open_action.setEnabled(
            row is not None and row.chat_id is not None and self._webhook_provider() is not None
        )
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.copy_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    # -- export ----------------------------------------------------------------------------
    @Slot()
    def choose_export(self) -> None:
        """Ask which rows (when the filter hides some), then where, then write them."""
        if not self.can_export():
            return
        shown_only = self._ask_which_rows()
        if shown_only is None:
            return
        path, chosen_filter = file_dialogs.save_file_name(
            self,
            self.tr("Export results"),
            "b24-chat-lookup-results.csv",
            self.tr("CSV (*.csv);;Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        asked = True  # the dialog has already asked about overwriting this name
        if not path.lower().endswith((".csv", WORKBOOK_SUFFIX)):
            path += WORKBOOK_SUFFIX if WORKBOOK_SUFFIX in chosen_filter else ".csv"
            asked = False
        self.export_csv(path, overwrite_confirmed=asked, shown_only=shown_only)

    def _ask_which_rows(self) -> bool | None:
        """True: the rows shown; False: all; None: cancelled. Asks only when the filter hides
        rows."""
        if self.proxy.status is None:
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Export which rows?"),
            self.tr(
                "The table shows {shown} of {total} rows. Export the rows shown, or all?"
            ).format(shown=len(self._rows_to_export(True)), total=self.model.finished_count()),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        shown = box.addButton(self.tr("Rows shown"), QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(self.tr("All rows"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(shown)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is shown else False if clicked is every else None

    def _rows_to_export(self, shown_only: bool) -> list[ResultRow]:
        status = self.proxy.status if shown_only else None
        return [row for row in self.model.rows() if status is None or row.status == status]

    def export_csv(
        self, path: str | Path, *, overwrite_confirmed: bool = False, shown_only: bool = False
    ) -> Job | None:
        """Write the rows (all, or those the filter shows) in input order, all or nothing, on
        the worker thread, as CSV with a BOM or, for a name ending in .xlsx, a workbook; never
        overwrite unasked. None when nothing is written; ``message`` says how it went."""
        target = Path(path)
        if target.exists() and not overwrite_confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Replace file?"),
                self.tr("{name} already exists. Replace it?").format(name=target.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        rows = self._rows_to_export(shown_only)  # a snapshot: the table may change meanwhile
        shape, delimiter = self._output_shape(), self._delimiter
        job = self._submit(
            lambda _cancelled: write_export(target, finished_bulk_rows(rows), shape, delimiter)
        )
        job.then(
            self,
            lambda outcome: self._exported(target, outcome),
            lambda error: self._exported(target, error),
        )
        self._export_job = job
        self._refresh_export()
        return job

    def _exported(self, target: Path, outcome: object) -> None:
        self._export_job = None
        self._refresh_export()
        if isinstance(outcome, int):
            text = self.tr("Saved {count} rows to {name}").format(count=outcome, name=target.name)
        else:
            if isinstance(outcome, OSError):
                reason: object = outcome.strerror or outcome
            elif isinstance(outcome, BitrixError):  # more rows than a sheet holds
                reason = translated(outcome)
            else:
                reason = outcome
            text = self.tr("Could not save {name}: {reason}").format(
                name=target.name, reason=reason
            )
        self.message.emit(text)
