"""The Bulk tab: paste rows or open a CSV, preview, run, watch progress, filter, copy, export.

The view never touches HTTP: reading input, ``lookup_many`` and the run journal live on the
bulk worker's thread, with the window's shared client, so one rate limiter paces everything.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import journal
from gui.bitrix import bulkio
from gui.bitrix.bulk import BulkItem, BulkRow
from gui.bitrix.entities import EntityType
from gui.bitrix.errors import BitrixError
from gui.ui.bulk_model import (
    ERROR,
    FOUND,
    NO_CHAT,
    PENDING,
    BulkFilterProxy,
    BulkResultsModel,
    Column,
    ResultRow,
)
from gui.ui.bulk_worker import (
    CANCELLED,
    DONE,
    FAILED,
    BulkRunner,
    InputSource,
    Preview,
    RunJob,
)

if TYPE_CHECKING:
    from gui.bitrix.client import BitrixClient, ClientEvent
    from gui.bitrix.webhook import WebhookUrl
    from gui.paths import AppPaths

PREVIEW_DELAY_MS = 300  # wait for typing to pause before re-reading the pasted rows
# Batches reach the table and the progress bar at most ten times a second: every insert repaints
# the table (each cell a Python call) and QProgressBar.setValue repaints at once, so at high
# rates showing every batch the moment it lands would stall the event loop.
SHOW_EVERY_MS = 100
HEADER_PRECISION = 20  # line-number header: measure a few sections, not a thousand, per insert
CRM_KINDS = ("LEAD", "DEAL", "CONTACT", "COMPANY", "QUOTE", "SMART_INVOICE")
FILE_FILTER = "CSV / TSV / text (*.csv *.tsv *.txt);;All files (*)"


def _local_file(mime: QMimeData) -> str | None:
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            return url.toLocalFile()
    return None


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _as_bulk_row(row: ResultRow) -> BulkRow:
    """The exporter's row type, so the file matches ``b24chat bulk`` column for column."""
    item = BulkItem(row.line, row.entity_type, row.entity_id)
    return BulkRow(item, row.chat_id, BitrixError(row.error) if row.error else None)


class _InputEdit(QPlainTextEdit):
    """The paste box; a file dropped on it is opened, not pasted as its path."""

    fileDropped = Signal(str)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return _local_file(source) is not None or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        path = _local_file(source)
        if path is not None:
            self.fileDropped.emit(path)
        else:
            super().insertFromMimeData(source)


class BulkView(QWidget):
    runFinished = Signal(str)  # DONE | CANCELLED | STOPPED | FAILED (for tests and the window)
    previewReady = Signal()

    def __init__(
        self,
        client_provider: Callable[[], BitrixClient | None],
        paths: AppPaths,
        webhook_provider: Callable[[], WebhookUrl | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkView")
        self._client_provider = client_provider
        self._webhook_provider = webhook_provider
        self._paths = paths
        self._file: str | None = None
        self._preview: Preview | None = None
        self._preview_id = 0
        self._interrupted: Path | None = None
        self._run_started = 0.0
        self._run_first_done = 0
        self._done = (0, 0)  # rows done, rows in all: shown by the progress timer
        self._arrived: list[ResultRow] = []  # finished rows not yet in the table
        self.runner = BulkRunner(paths.journal_dir, self)
        self.model = BulkResultsModel(self)
        self.proxy = BulkFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_EVERY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._build()
        self._connect()
        self._set_running(False)
        self.setAcceptDrops(True)

    # -- building --------------------------------------------------------------------------
    def _named(self, widget: Any, name: str, accessible: str) -> Any:
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        return widget

    def _build(self) -> None:
        self.banner = self._named(QFrame(self), "bulkResumeBanner", self.tr("Interrupted run"))
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.resume_button = self._named(QPushButton(self.tr("Resume"), self.banner),
                                         "bulkResumeButton", self.tr("Resume the interrupted run"))
        self.discard_button = self._named(
            QPushButton(self.tr("Discard"), self.banner), "bulkDiscardButton",
            self.tr("Discard the interrupted run"))
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.resume_button)
        banner_row.addWidget(self.discard_button)
        self.banner.hide()

        self.open_button = self._named(QPushButton(self.tr("Open file…"), self), "bulkOpenButton",
                                       self.tr("Open a CSV or TSV file"))
        self.type_combo = self._named(QComboBox(self), "bulkTypeCombo",
                                      self.tr("Entity type for rows without one"))
        self.type_combo.addItem(self.tr("Type from each row"), None)
        for kind in EntityType:
            self.type_combo.addItem(kind.value, kind.value)
        self.kind_combo = self._named(QComboBox(self), "bulkCrmKindCombo",
                                      self.tr("CRM entity for bare numbers"))
        self.kind_combo.setEditable(True)
        self.kind_combo.addItem("")
        self.kind_combo.addItems(CRM_KINDS)
        self.kind_combo.setToolTip(self.tr("Bare numbers are IDs of this CRM entity "
                                      "(or type DYNAMIC_<typeId>)"))
        self.source_label = self._named(QLabel(self), "bulkSourceLabel", self.tr("Input source"))
        self.input_edit = self._named(_InputEdit(self), "bulkInputEdit", self.tr("Rows to look up"))
        self.input_edit.setPlaceholderText(self.tr(
            "One row a line, e.g.\nLEAD|13\nCRM,DEAL|5\nLINES,telegrambot|2|209607941|744\n"
            "or bare numbers with the type chosen above.\nOr open (or drop) a CSV/TSV file."))
        self.preview_label = self._named(QLabel(self), "bulkPreviewLabel", self.tr("Input preview"))
        self.preview_label.setWordWrap(True)

        self.run_button = self._named(QPushButton(self.tr("Run"), self), "bulkRunButton",
                                      self.tr("Run the bulk lookup"))
        self.pause_button = self._named(QPushButton(self.tr("Pause"), self), "bulkPauseButton",
                                        self.tr("Pause or resume the run"))
        self.pause_button.setCheckable(True)
        self.cancel_button = self._named(QPushButton(self.tr("Cancel"), self), "bulkCancelButton",
                                         self.tr("Cancel the run"))
        self.progress = self._named(QProgressBar(self), "bulkProgress", self.tr("Bulk progress"))
        self.progress.setFormat(self.tr("%v / %m rows"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = self._named(QLabel(self), "bulkStatusLabel", self.tr("Run status"))
        self.status_label.setWordWrap(True)

        self.filter_combo = self._named(QComboBox(self), "bulkFilterCombo", self.tr("Show rows"))
        for text, status in ((self.tr("All"), None), (self.tr("Found"), FOUND),
                             (self.tr("No chat"), NO_CHAT), (self.tr("Error"), ERROR)):
            self.filter_combo.addItem(text, status)
        self.export_button = self._named(QPushButton(self.tr("Export CSV…"), self),
                                         "bulkExportButton", self.tr("Export the results as CSV"))
        self.table = self._named(QTableView(self), "bulkTable", self.tr("Bulk results"))
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

        type_row = QHBoxLayout()
        type_row.addWidget(self.open_button)
        type_row.addWidget(self.source_label, 1)
        type_row.addWidget(QLabel(self.tr("Rows without a type:"), self))
        type_row.addWidget(self.type_combo)
        type_row.addWidget(QLabel(self.tr("Bare numbers are:"), self))
        type_row.addWidget(self.kind_combo)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.pause_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        table_row = QHBoxLayout()
        table_row.addWidget(QLabel(self.tr("Show:"), self))
        table_row.addWidget(self.filter_combo)
        table_row.addStretch(1)
        table_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(type_row)
        layout.addWidget(self.input_edit, 1)
        layout.addWidget(self.preview_label)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)
        layout.addLayout(table_row)
        layout.addWidget(self.table, 3)

    def _connect(self) -> None:
        self.input_edit.textChanged.connect(self._on_text_changed)
        self.input_edit.fileDropped.connect(self.open_file)
        self.open_button.clicked.connect(self._choose_file)
        self.type_combo.currentIndexChanged.connect(self._on_options_changed)
        self.kind_combo.currentTextChanged.connect(self._on_options_changed)
        self.run_button.clicked.connect(self.start_run)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.filter_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.filter_combo.currentData()))
        self.export_button.clicked.connect(self._choose_export)
        self.copy_action.triggered.connect(self.copy_selected)
        self.open_action.triggered.connect(self._open_current)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.resume_button.clicked.connect(self.resume_interrupted)
        self.discard_button.clicked.connect(self.discard_interrupted)
        worker = self.runner.worker
        worker.previewReady.connect(self._on_preview)
        worker.previewFailed.connect(self._on_preview_failed)
        worker.batchDone.connect(self._on_batch)
        worker.clientEvent.connect(self._on_client_event)
        worker.runFinished.connect(self._on_run_finished)
        worker.interruptedLoaded.connect(self._on_interrupted_loaded)
        worker.interruptedFailed.connect(self._on_interrupted_failed)

    # -- input -----------------------------------------------------------------------------
    def _source(self) -> InputSource:
        kind = self.kind_combo.currentText().strip().upper() or None
        default_type = self.type_combo.currentData()
        if self._file is not None:
            return InputSource(path=self._file, default_type=default_type, crm_kind=kind)
        return InputSource(text=self.input_edit.toPlainText(), default_type=default_type,
                           crm_kind=kind)

    @Slot()
    def _on_text_changed(self) -> None:
        if self._file is not None and self.input_edit.toPlainText():
            self._file = None  # typing switches back to the pasted rows
            self.source_label.clear()
        self._preview_timer.start()

    @Slot()
    def _on_options_changed(self) -> None:
        if not self.runner.running:
            self._preview_timer.start()

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open rows to look up"), "",
                                              self.tr(FILE_FILTER))
        if path:
            self.open_file(path)

    @Slot(str)
    def open_file(self, path: str) -> None:
        """Read rows from a CSV/TSV/text file instead of the paste box."""
        if self.runner.running:
            return
        self._file = path
        self.input_edit.blockSignals(True)
        self.input_edit.clear()
        self.input_edit.blockSignals(False)
        self.source_label.setText(self.tr("File: {name}").format(name=Path(path).name))
        self.source_label.setToolTip(path)
        self.refresh_preview()

    @Slot()
    def refresh_preview(self) -> None:
        """Re-read the input on the worker thread; the newest request wins."""
        self._preview_timer.stop()
        self._preview = None
        self.run_button.setEnabled(False)
        self.preview_label.setText(self.tr("Reading rows…"))
        self._preview_id = self.runner.preview(self._source())

    @Slot(int, object)
    def _on_preview(self, request_id: int, preview: Preview) -> None:
        if request_id != self._preview_id or self.runner.running:
            return  # an older request, or a run started meanwhile
        self._preview = preview
        self.model.set_rows(preview.rows)
        total = preview.valid + preview.invalid
        if total == 0:
            text = self.tr("No rows yet: paste rows or open a file")
        else:
            text = self.tr("{total} rows: {valid} valid, {invalid} invalid").format(
                total=total, valid=preview.valid, invalid=preview.invalid)
            if preview.invalid:
                text += self.tr(" (invalid rows are not sent; the Error column says why)")
        self.preview_label.setText(text)
        self.run_button.setEnabled(preview.valid > 0)
        self.previewReady.emit()

    @Slot(int, str)
    def _on_preview_failed(self, request_id: int, message: str) -> None:
        if request_id != self._preview_id:
            return
        self.model.clear()
        self.preview_label.setText(self.tr("Could not read the rows: {message}").format(
            message=message))
        self.previewReady.emit()

    # -- drag and drop on the whole view ---------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.runner.running and _local_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _local_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    # -- running ---------------------------------------------------------------------------
    def _client(self) -> BitrixClient | None:
        client = self._client_provider()
        if client is None:
            self.status_label.setText(self.tr(
                "No webhook is set: open Settings and paste the portal's incoming webhook URL"))
        return client

    def _settings(self, base: dict[str, Any]) -> dict[str, Any]:
        webhook = self._webhook_provider()
        return {**base, "portal": None if webhook is None else webhook.redacted()}

    @Slot()
    def start_run(self) -> None:
        preview = self._preview
        if self.runner.running or preview is None or preview.valid == 0:
            return
        client = self._client()
        if client is None:
            return
        self.model.clear()
        self._begin(0, len(preview.items))
        self.runner.start(RunJob(client, preview.items, self._settings(preview.settings)))

    def _begin(self, done: int, total: int) -> None:
        self._run_started = time.monotonic()
        self._run_first_done = done
        self._done = (done, total)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status_label.setText(self.tr("Starting…"))
        self.pause_button.setChecked(False)
        self._set_running(True)

    def _set_running(self, running: bool) -> None:
        for widget in (self.open_button, self.type_combo, self.kind_combo,
                       self.resume_button, self.discard_button):
            widget.setEnabled(not running)
        # Read-only, not disabled: a palette change would lay out 10,000 pasted lines again.
        self.input_edit.setReadOnly(running)
        self.input_edit.setAcceptDrops(not running)
        self.run_button.setEnabled(not running and self._preview is not None
                                   and self._preview.valid > 0)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running)

    @Slot(bool)
    def _on_pause_toggled(self, paused: bool) -> None:
        self.runner.set_paused(paused)
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if paused:
            self.status_label.setText(self.tr("Paused after the current request"))

    @Slot()
    def cancel_run(self) -> None:
        """Stop between requests; the rows already done stay in the table."""
        if self.runner.running:
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling after the current request…"))

    @Slot(object, int, int)
    def _on_batch(self, rows: list[ResultRow], done: int, total: int) -> None:
        self._arrived.extend(rows)
        self._done = (done, total)
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot()
    def _show_progress(self) -> None:
        """Move arrived rows into the table (one insert) and show the progress."""
        arrived, self._arrived = self._arrived, []
        self.model.append_rows(arrived)
        done, total = self._done
        self.progress.setValue(done)
        if self.pause_button.isChecked() or not self.runner.running:
            return
        elapsed = time.monotonic() - self._run_started
        rate = (done - self._run_first_done) / elapsed if elapsed > 0 else 0.0
        if rate > 0:
            self.status_label.setText(self.tr("{rate:.0f} rows/s, about {left} left").format(
                rate=rate, left=_duration((total - done) / rate)))

    @Slot(object)
    def _on_client_event(self, event: ClientEvent) -> None:
        if event.kind == "retrying":
            self.status_label.setText(self.tr(
                "Retrying in {seconds:.1f} s ({reason}, attempt {attempt})").format(
                seconds=event.seconds, reason=event.reason, attempt=event.attempt))

    @Slot(str, str)
    def _on_run_finished(self, outcome: str, message: str) -> None:
        self._progress_timer.stop()
        self._show_progress()
        self._set_running(False)
        self.pause_button.setChecked(False)
        counts = self.model.counts()
        summary = self.tr("{found} found, {none} no chat, {errors} errors").format(
            found=counts[FOUND], none=counts[NO_CHAT], errors=counts[ERROR])
        if outcome == DONE:
            text = self.tr("Done in {time}: {summary}").format(
                time=_duration(time.monotonic() - self._run_started), summary=summary)
        elif outcome == CANCELLED:
            text = self.tr("Cancelled after {done} of {total} rows: {summary}").format(
                done=self.progress.value(), total=self.progress.maximum(), summary=summary)
        elif outcome == FAILED:
            text = self.tr("The run stopped on an unexpected error ({message}); it can be "
                           "resumed from the journal next time").format(message=message)
        else:
            text = self.tr("Stopped: the run can be resumed next time")
        self.status_label.setText(text)
        self.runFinished.emit(outcome)

    # -- interrupted runs ------------------------------------------------------------------
    def check_for_interrupted_run(self) -> bool:
        """Offer (in a banner, not a dialog) to resume a run the app did not finish."""
        for path in journal.find_interrupted(self._paths.journal_dir):
            try:
                summary = journal.summarise(path)
            except journal.JournalError:
                continue  # not resumable; left on disk for support, never offered
            self._interrupted = path
            self.banner_label.setText(self.tr(
                "An interrupted bulk run ({done} of {total} rows done) can be resumed.").format(
                done=summary.done, total=summary.total))
            self.banner.show()
            return True
        self._interrupted = None
        self.banner.hide()
        return False

    @Slot()
    def resume_interrupted(self) -> None:
        if self._interrupted is None or self.runner.running:
            return
        if self._client() is None:
            return
        self.resume_button.setEnabled(False)
        self.status_label.setText(self.tr("Loading the interrupted run…"))
        self.runner.load_interrupted(self._interrupted)

    @Slot(object, object)
    def _on_interrupted_loaded(self, run: journal.InterruptedRun, rows: list[ResultRow]) -> None:
        client = self._client()
        if client is None or self.runner.running:
            self.resume_button.setEnabled(True)
            return
        self.banner.hide()
        self._interrupted = None
        self._preview = None
        self.model.set_rows(rows)
        self._begin(len(run.done), run.total)
        self.runner.start(RunJob(client, run.items, run.settings, resume=run))

    @Slot(str)
    def _on_interrupted_failed(self, message: str) -> None:
        self.resume_button.setEnabled(True)
        self.status_label.setText(self.tr("The interrupted run cannot be resumed: {message}")
                                  .format(message=message))

    @Slot()
    def discard_interrupted(self) -> None:
        if self._interrupted is not None:
            journal.discard(self._interrupted)
        self.check_for_interrupted_run()  # there may be an older one

    # -- results ---------------------------------------------------------------------------
    def _selected_source_rows(self) -> list[int]:
        selection = self.table.selectionModel()
        proxy_rows = sorted(index.row() for index in selection.selectedRows())
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in proxy_rows]

    @Slot()
    def copy_selected(self) -> str:
        """Selected rows as tab-separated text on the clipboard, in the order shown."""
        lines = []
        for number in self._selected_source_rows():
            row = self.model.row(number)
            chat = "" if row.chat_id is None else str(row.chat_id)
            lines.append("\t".join((row.entity_type, row.entity_id, chat, row.error)))
        text = "\n".join(lines)
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
    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.open_chat(self.proxy.mapToSource(index).row())

    @Slot()
    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_chat(self.proxy.mapToSource(index).row())

    @Slot(QPoint)
    def _show_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        row = self.model.row(self.proxy.mapToSource(index).row()) if index.isValid() else None
        self.open_action.setEnabled(row is not None and row.chat_id is not None
                                    and self._webhook_provider() is not None)
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.copy_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    @Slot()
    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), "b24-chat-lookup-results.csv",
            self.tr("CSV (*.csv)"))
        if path:  # the dialog has already asked about overwriting
            self.export_csv(path, overwrite_confirmed=True)

    def export_csv(self, path: str | Path, *, overwrite_confirmed: bool = False) -> bool:
        """Write every row, in input order, all or nothing; never overwrite without asking."""
        target = Path(path)
        if target.exists() and not overwrite_confirmed:
            answer = QMessageBox.question(
                self, self.tr("Replace file?"),
                self.tr("{name} already exists. Replace it?").format(name=target.name))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            with bulkio.atomic_output(target) as out:
                count = bulkio.write_rows(self._export_rows(), out)
        except OSError as exc:
            self.status_label.setText(self.tr("Could not save {name}: {reason}").format(
                name=target.name, reason=exc.strerror or exc))
            return False
        self.status_label.setText(self.tr("Saved {count} rows to {name}").format(
            count=count, name=target.name))
        return True

    def _export_rows(self) -> Iterator[BulkRow]:
        for row in self.model.rows():
            if row.status != PENDING:
                yield _as_bulk_row(row)

    # -- closing ---------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the bulk thread; an unfinished run keeps its journal for the next start."""
        return self.runner.shutdown(timeout_ms)
