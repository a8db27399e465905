"""The Bulk tab: input panel, run controls and progress, results panel, interrupted-run banner.

The view never touches HTTP: reading input, ``lookup_many`` and the run journal live on the
bulk worker's thread, with the window's shared client, so one rate limiter paces everything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.links import webhook_host
from gui.bitrix.run_pace import RunPace
from gui.desktop.bulk_input import BulkInputPanel, local_file
from gui.desktop.bulk_model import ERROR, FOUND, NO_CHAT, ResultRow
from gui.desktop.bulk_results import BulkResultsPanel
from gui.desktop.bulk_worker import CANCELLED, DONE, FAILED, STOPPED, BulkRunner, Preview, RunJob
from gui.desktop.named import named
from gui.desktop.worker import retry_reason
from gui.store import journal

if TYPE_CHECKING:
    from gui.bitrix.client import BitrixClient
    from gui.bitrix.client_config import ClientEvent
    from gui.bitrix.webhook import WebhookUrl
    from gui.store.paths import AppPaths

# Batches reach the table and the progress bar at most ten times a second: every insert repaints
# the table (each cell a Python call) and QProgressBar.setValue repaints at once, so at high
# rates showing every batch the moment it lands would stall the event loop.
SHOW_EVERY_MS = 100


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("BulkView", "{s} s").format(s=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return QCoreApplication.translate("BulkView", "{m} min {s} s").format(
            m=minutes, s=f"{seconds:02d}"
        )
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("BulkView", "{h} h {m} min").format(
        h=hours, m=f"{minutes:02d}"
    )


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
        self._preview: Preview | None = None
        self._preview_id = 0
        self._interrupted: Path | None = None
        self._pace = RunPace()
        self._client_news: str | None = None  # the newest wait or retry, shown at the next tick
        self._done = (0, 0)  # rows done, rows in all: shown by the progress timer
        self._arrived: list[ResultRow] = []  # finished rows not yet in the table
        self.runner = BulkRunner(paths.journal_dir, self)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_EVERY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._build()
        self._connect()
        self._set_running(False)
        self.setAcceptDrops(True)

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = named(QFrame(self), "bulkResumeBanner", self.tr("Interrupted run"))
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.resume_button = named(
            QPushButton(self.tr("Resume"), self.banner),
            "bulkResumeButton",
            self.tr("Resume the interrupted run"),
        )
        self.discard_button = named(
            QPushButton(self.tr("Discard"), self.banner),
            "bulkDiscardButton",
            self.tr("Discard the interrupted run"),
        )
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.resume_button)
        banner_row.addWidget(self.discard_button)
        self.banner.hide()

        self.input_panel = BulkInputPanel(self)
        # the panel's widgets under the names this view has always offered
        self.open_button = self.input_panel.open_button
        self.type_combo = self.input_panel.type_combo
        self.kind_combo = self.input_panel.kind_combo
        self.source_label = self.input_panel.source_label
        self.input_edit = self.input_panel.input_edit
        self.preview_label = self.input_panel.preview_label

        self.run_button = named(
            QPushButton(self.tr("Run"), self), "bulkRunButton", self.tr("Run the bulk lookup")
        )
        self.pause_button = named(
            QPushButton(self.tr("Pause"), self),
            "bulkPauseButton",
            self.tr("Pause or resume the run"),
        )
        self.pause_button.setCheckable(True)
        self.cancel_button = named(
            QPushButton(self.tr("Cancel"), self), "bulkCancelButton", self.tr("Cancel the run")
        )
        self.details_check = named(
            QCheckBox(self.tr("Chat details"), self),
            "bulkDetailsCheck",
            self.tr("Also read each chat's card, and the open-line chats of CRM items without one"),
        )
        self.progress = named(QProgressBar(self), "bulkProgress", self.tr("Bulk progress"))
        self.progress.setFormat(self.tr("%v / %m rows"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = named(QLabel(self), "bulkStatusLabel", self.tr("Run status"))
        self.status_label.setWordWrap(True)

        self.results = BulkResultsPanel(self._webhook_provider, self)
        self.model = self.results.model
        self.proxy = self.results.proxy
        self.filter_combo = self.results.filter_combo
        self.export_button = self.results.export_button
        self.table = self.results.table
        self.copy_action = self.results.copy_action
        self.open_action = self.results.open_action

        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.pause_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.details_check)
        run_row.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.input_panel, 1)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 3)

    def _connect(self) -> None:
        self.input_panel.previewWanted.connect(self.refresh_preview)
        self.input_panel.fileChosen.connect(self.open_file)
        self.run_button.clicked.connect(self.start_run)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.results.message.connect(self.status_label.setText)
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
    @Slot(str)
    def open_file(self, path: str) -> None:
        """Read rows from a CSV/TSV/text file instead of the paste box."""
        if self.runner.running:
            return
        self.input_panel.use_file(path)
        self.refresh_preview()

    @Slot()
    def refresh_preview(self) -> None:
        """Re-read the input on the worker thread; the newest request wins."""
        self._preview = None
        self.run_button.setEnabled(False)
        self.input_panel.show_reading()
        webhook = self._webhook_provider()
        source = self.input_panel.source()
        if webhook is not None:  # links to another portal are refused in the preview already
            source = replace(source, portal_host=webhook_host(webhook))
        self._preview_id = self.runner.preview(source)

    @Slot(int, object)
    def _on_preview(self, request_id: int, preview: Preview) -> None:
        if request_id != self._preview_id or self.runner.running:
            return  # an older request, or a run started meanwhile
        self._preview = preview
        self.model.set_rows(preview.rows)
        self.input_panel.show_preview(preview)
        self.run_button.setEnabled(preview.valid > 0)
        self.previewReady.emit()

    @Slot(int, str)
    def _on_preview_failed(self, request_id: int, message: str) -> None:
        if request_id != self._preview_id:
            return
        self.model.clear()
        self.input_panel.show_failure(message)
        self.previewReady.emit()

    # -- drag and drop on the whole view ---------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.runner.running and local_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = local_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    # -- running ---------------------------------------------------------------------------
    def _client(self) -> BitrixClient | None:
        client = self._client_provider()
        if client is None:
            self.status_label.setText(
                self.tr(
                    "No webhook is set: open Settings and paste the portal's incoming webhook URL"
                )
            )
        return client

    def _settings(self, base: dict[str, Any]) -> dict[str, Any]:
        webhook = self._webhook_provider()
        portal = None if webhook is None else webhook.redacted()
        return {**base, "portal": portal, "details": self.details_check.isChecked()}

    @Slot()
    def start_run(self) -> None:
        preview = self._preview
        if self.runner.running or preview is None or preview.valid == 0:
            return
        client = self._client()
        if client is None:
            return
        self.model.clear()
        self.model.set_details(self.details_check.isChecked())
        self._begin(0, len(preview.items))
        self.runner.start(RunJob(client, preview.items, self._settings(preview.settings)))

    def _begin(self, done: int, total: int) -> None:
        self._pace.start(done)
        self._client_news = None
        self._done = (done, total)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status_label.setText(self.tr("Starting…"))
        self.pause_button.setChecked(False)
        self._set_running(True)

    def _set_running(self, running: bool) -> None:
        self.input_panel.set_running(running)
        self.results.set_running(running)
        for widget in (self.resume_button, self.discard_button):
            widget.setEnabled(not running)
        self.run_button.setEnabled(
            not running and self._preview is not None and self._preview.valid > 0
        )
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)

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
        news, self._client_news = self._client_news, None
        if self.pause_button.isChecked() or not self.runner.running:
            return
        if news is not None:
            self.status_label.setText(news)
            return
        left = self._pace.seconds_left(done, total)
        if left is not None:
            self.status_label.setText(
                self.tr("{rate:.0f} rows/s, about {left} left").format(
                    rate=self._pace.rate(done), left=_duration(left)
                )
            )

    @Slot(object)
    def _on_client_event(self, event: ClientEvent) -> None:
        """Rate-limit waits and retries, shown at the next tick: a storm does not flood."""
        if event.kind == "retrying":
            self._client_news = self.tr(
                "Retrying in {seconds:.1f} s ({reason}, attempt {attempt})"
            ).format(seconds=event.seconds, reason=retry_reason(event), attempt=event.attempt)
        elif event.kind == "waiting":
            self._client_news = self.tr(
                "Waiting for the portal's rate limit ({seconds:.1f} s)…"
            ).format(seconds=event.seconds)
        else:
            return
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot(str, str)
    def _on_run_finished(self, outcome: str, message: str) -> None:
        self._progress_timer.stop()
        self._show_progress()
        self._set_running(False)
        self.pause_button.setChecked(False)
        counts = self.model.counts()
        summary = self.tr("found: {found}, no chat: {none}, errors: {errors}").format(
            found=counts[FOUND], none=counts[NO_CHAT], errors=counts[ERROR]
        )
        if outcome == DONE:
            text = self.tr("Done in {time}: {summary}").format(
                time=_duration(self._pace.elapsed()), summary=summary
            )
        elif outcome == CANCELLED:
            text = self.tr("Cancelled after {done} of {total} rows: {summary}").format(
                done=self.progress.value(), total=self.progress.maximum(), summary=summary
            )
        elif outcome == FAILED:
            text = self.tr(
                "The run stopped on an unexpected error ({message}); it can be "
                "resumed from the journal next time"
            ).format(message=message)
        elif message:  # the portal stopped answering: the rows not answered wait for Resume
            text = self.tr(
                "Stopped after {done} of {total} rows: {message}. Resume retries the rest"
            ).format(done=self.progress.value(), total=self.progress.maximum(), message=message)
        else:
            text = self.tr("Stopped: the run can be resumed next time")
        self.status_label.setText(text)
        if outcome == STOPPED and message:
            self.check_for_interrupted_run()
        self.runFinished.emit(outcome)

    # -- interrupted runs ------------------------------------------------------------------
    def check_for_interrupted_run(self) -> bool:
        """Offer (in a banner, not a dialog) to resume a run the app did not finish."""
        for path in journal.find_interrupted(self._paths.journal_dir):
            try:
                summary = journal.summarise(path)
            except journal.JournalError as exc:  # not resumable: never offered
                told = journal.set_aside(path, exc)  # a damaged one is kept aside for support
                if told:
                    self.status_label.setText(told)
                continue
            self._interrupted = path
            self.banner_label.setText(
                self._other_portal(summary.settings)
                or self.tr(
                    "An interrupted bulk run ({done} of {total} rows done) can be resumed."
                ).format(done=summary.done, total=summary.total)
            )
            self.banner.show()
            return True
        self._interrupted = None
        self.banner.hide()
        return False

    def _other_portal(self, settings: Mapping[str, Any]) -> str | None:
        """Why the run cannot go on here: it was for another portal than the webhook's now."""
        recorded = settings.get("portal")
        webhook = self._webhook_provider()
        if not recorded or webhook is None or recorded == webhook.redacted():
            return None  # no webhook: _client() says so; an old journal: nothing to compare
        return self.tr(
            "This run was for {portal}; the app now uses {other}: switch back in "
            "Settings to resume, or Discard"
        ).format(portal=recorded, other=webhook.redacted())

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
        other_portal = self._other_portal(run.settings)
        if other_portal is not None:  # its rows would mix two portals' answers
            self.resume_button.setEnabled(True)
            self.banner_label.setText(other_portal)
            self.status_label.setText(other_portal)
            return
        self.banner.hide()
        self._interrupted = None
        self._preview = None
        self.model.set_rows(rows)
        self._begin(len(run.done), run.total)
        self.model.set_details(bool(run.settings.get("details")))
        self.runner.start(RunJob(client, run.items, run.settings, resume=run))

    @Slot(str)
    def _on_interrupted_failed(self, message: str) -> None:
        self.resume_button.setEnabled(True)
        self.status_label.setText(
            self.tr("The interrupted run cannot be resumed: {message}").format(message=message)
        )

    @Slot()
    def discard_interrupted(self) -> None:
        if self._interrupted is not None:
            journal.discard(self._interrupted)
        self.check_for_interrupted_run()  # there may be an older one

    # -- results (the panel's, under this view's names) ------------------------------------
    def copy_selected(self) -> str:
        """Selected rows as tab-separated text on the clipboard, in the order shown."""
        return self.results.copy_selected()

    def open_chat(self, source_row: int) -> bool:
        """Open the row's chat in the portal; False when it has none or no webhook is set."""
        return self.results.open_chat(source_row)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.results.open_at(index)

    def export_csv(self, path: str | Path, *, overwrite_confirmed: bool = False) -> bool:
        """Write every row, in input order, all or nothing; never overwrite without asking."""
        return self.results.export_csv(path, overwrite_confirmed=overwrite_confirmed)

    # -- closing ---------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the bulk thread; an unfinished run keeps its journal for the next start."""
        return self.runner.shutdown(timeout_ms)
