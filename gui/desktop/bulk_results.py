"""The Bulk tab's results: the table with its filter, copy, open-in-portal and CSV export."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix import bulkio
from gui.desktop.bulk_model import (
    BulkFilterProxy,
    BulkResultsModel,
    Column,
    ResultRow,
    RowStatus,
    bulk_row,
    finished_bulk_rows,
)
from gui.desktop.jobs import Job, Work
from gui.desktop.named import named
from gui.store.user_files import atomic_output

if TYPE_CHECKING:
    from gui.bitrix.bulk import BulkRow
    from gui.bitrix.webhook import WebhookUrl

YIELD_EVERY = 500  # rows written between pauses that let the GUI thread run
HEADER_PRECISION = 20  # line-number header: measure a few sections, not a thousand, per insert


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
        self._running = False
        self.model = BulkResultsModel(self)
        self.proxy = BulkFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.filter_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.filter_combo.currentData())
        )
        self.export_button.clicked.connect(self._choose_export)
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
            QPushButton(self.tr("Export CSV…"), self),
            "bulkExportButton",
            self.tr("Export the results as CSV"),
        )
        self.table = named(QTableView(self), "bulkTable", self.tr("Bulk results"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # input order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setResizeContentsPrecision(HEADER_PRECISION)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(Column.TYPE, 90)
        header.resizeSection(Column.ID, 240)
        self.copy_action = QAction(self.tr("Copy"), self.table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.copy_action)
        self.open_action = QAction(self.tr("Open in Bitrix24"), self.table)

        table_row = QHBoxLayout()
        table_row.addWidget(QLabel(self.tr("Show:"), self))
        table_row.addWidget(self.filter_combo)
        table_row.addStretch(1)
        table_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(table_row)
        layout.addWidget(self.table, 1)

    def set_running(self, running: bool) -> None:
        self._running = running
        self.export_button.setEnabled(not running and self._export_job is None)

    # -- copy and open ---------------------------------------------------------------------
    def _selected_source_rows(self) -> list[int]:
        selection = self.table.selectionModel()
        proxy_rows = sorted(index.row() for index in selection.selectedRows())
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in proxy_rows]

    @Slot()
    def copy_selected(self) -> str:
        """Selected rows as tab-separated text on the clipboard, in the order shown."""
        # the exporter's cells (sanitised the same way), so a paste matches an exported file
        text = "\n".join(
            "\t".join(bulkio.output_cells(bulk_row(self.model.row(number))))
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
        return QDesktopServices.openUrl(QUrl(webhook.chat_url(row.chat_id)))

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
    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), "b24-chat-lookup-results.csv", self.tr("CSV (*.csv)")
        )
        if path:  # the dialog has already asked about overwriting
            self.export_csv(path, overwrite_confirmed=True)

    def export_csv(self, path: str | Path, *, overwrite_confirmed: bool = False) -> Job | None:
        """Write every row, in input order, all or nothing, on the worker thread; never
        overwrite without asking. None when nothing is written; ``message`` says how it went."""
        target = Path(path)
        if target.exists() and not overwrite_confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Replace file?"),
                self.tr("{name} already exists. Replace it?").format(name=target.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        rows = list(self.model.rows())  # a snapshot: the table may change while it is written
        details = self.model.details
        job = self._submit(lambda _cancelled: _write_csv(target, rows, details=details))
        job.then(
            self,
            lambda outcome: self._exported(target, outcome),
            lambda error: self._exported(target, error),
        )
        self._export_job = job
        self.export_button.setEnabled(False)
        return job

    def _exported(self, target: Path, outcome: object) -> None:
        self._export_job = None
        self.export_button.setEnabled(not self._running)
        if isinstance(outcome, int):
            text = self.tr("Saved {count} rows to {name}").format(count=outcome, name=target.name)
        else:
            reason = outcome.strerror if isinstance(outcome, OSError) else None
            text = self.tr("Could not save {name}: {reason}").format(
                name=target.name, reason=reason or outcome
            )
        self.message.emit(text)


def _write_csv(target: Path, rows: list[ResultRow], *, details: bool) -> int | OSError:
    """The rows as ``b24chat bulk`` writes them; the count, or what stopped the write."""
    try:
        with atomic_output(target) as out:
            return bulkio.write_rows(_yielding(finished_bulk_rows(rows)), out, details=details)
    except OSError as exc:
        return exc


def _yielding(rows: Iterator[BulkRow]) -> Iterator[BulkRow]:
    """The rows, handing the GIL over now and then: the window's event loop keeps ticking."""
    for number, row in enumerate(rows, start=1):
        if number % YIELD_EVERY == 0:
            time.sleep(0)
        yield row
