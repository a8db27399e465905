"""The Bulk tab: input panel, run controls and progress, results panel, interrupted-run banner.

The view never touches HTTP: reading input, ``lookup_many`` and the run journal live on the
bulk worker's thread, with the window's shared client, so one rate limiter paces everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.run_pace import RunPace
from gui.desktop.bulk_input import BulkInputPanel, local_file
from gui.desktop.bulk_model import ResultRow
from gui.desktop.bulk_results import BulkResultsPanel
from gui.desktop.bulk_resume import ResumeBanner, interrupted_run
from gui.desktop.bulk_status import client_news, finished_text, pace_text
from gui.desktop.bulk_worker import BulkRunner, Preview, RunJob, RunOutcome, on_portal
from gui.desktop.jobs import Job
from gui.desktop.named import named
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


class BulkView(QWidget):
    run_finished = Signal(str)  # a RunOutcome (for tests and the window)
    preview_ready = Signal()
    resume_offered = Signal(bool)  # after each check: is an interrupted run offered?

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
        self._check_job: Job | None = None
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
        self.banner = ResumeBanner(self)

        self.input_panel = BulkInputPanel(self)

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

        self.results = BulkResultsPanel(self._webhook_provider, self.runner.submit, self)

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
        self.input_panel.preview_wanted.connect(self.refresh_preview)
        self.input_panel.file_chosen.connect(self.open_file)
        self.run_button.clicked.connect(self.start_run)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.results.message.connect(self.status_label.setText)
        self.banner.resume_button.clicked.connect(self.resume_interrupted)
        self.banner.discard_button.clicked.connect(self.discard_interrupted)
        worker = self.runner.worker
        worker.preview_ready.connect(self._on_preview)
        worker.preview_failed.connect(self._on_preview_failed)
        worker.batch_done.connect(self._on_batch)
        worker.client_event.connect(self._on_client_event)
        worker.run_finished.connect(self._on_run_finished)
        worker.interrupted_loaded.connect(self._on_interrupted_loaded)
        worker.interrupted_failed.connect(self._on_interrupted_failed)

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
        source = on_portal(self.input_panel.source(), self._webhook_provider())
        self._preview_id = self.runner.preview(source)

    @Slot(int, object)
    def _on_preview(self, request_id: int, preview: Preview) -> None:
        if request_id != self._preview_id or self.runner.running:
            return  # an older request, or a run started meanwhile
        self._preview = preview
        self.results.model.set_rows(preview.rows)
        self.input_panel.show_preview(preview)
        self.run_button.setEnabled(preview.valid > 0)
        self.preview_ready.emit()

    @Slot(int, str)
    def _on_preview_failed(self, request_id: int, message: str) -> None:
        if request_id != self._preview_id:
            return
        self.results.model.clear()
        self.input_panel.show_failure(message)
        self.preview_ready.emit()

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
    def _has_webhook(self) -> bool:
        """Whether a run can start; the client itself is fetched on the bulk thread (building
        it imports httpx and loads the trust store, which would stall the window)."""
        if self._webhook_provider() is None:
            self.status_label.setText(
                self.tr(
                    "No webhook is set: open Settings and paste the portal's incoming webhook URL"
                )
            )
            return False
        return True

    def _settings(self, base: dict[str, Any]) -> dict[str, Any]:
        webhook = self._webhook_provider()
        portal = None if webhook is None else webhook.redacted()
        return {**base, "portal": portal, "details": self.details_check.isChecked()}

    @Slot()
    def start_run(self) -> None:
        preview = self._preview
        if self.runner.running or preview is None or preview.valid == 0:
            return
        if not self._has_webhook():
            return
        self.results.model.clear()
        self.results.model.set_details(self.details_check.isChecked())
        self._begin(0, len(preview.items))
        settings = self._settings(preview.settings)
        self.runner.start(RunJob(self._client_provider, preview.items, settings))

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
        self.banner.set_enabled(not running)
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
        self.results.model.append_rows(arrived)
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
            self.status_label.setText(pace_text(self._pace.rate(done), left))

    @Slot(object)
    def _on_client_event(self, event: ClientEvent) -> None:
        """Rate-limit waits and retries, shown at the next tick: a storm does not flood."""
        news = client_news(event)
        if news is None:
            return
        self._client_news = news
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot(str, str)
    def _on_run_finished(self, outcome: str, message: str) -> None:
        self._progress_timer.stop()
        self._show_progress()
        self._set_running(False)
        self.pause_button.setChecked(False)
        text = finished_text(
            outcome,
            message,
            done=self.progress.value(),
            total=self.progress.maximum(),
            counts=self.results.model.counts(),
            elapsed=self._pace.elapsed(),
        )
        self.status_label.setText(text)
        if outcome == RunOutcome.STOPPED and message:
            self.check_for_interrupted_run()
        self.run_finished.emit(outcome)

    # -- interrupted runs ------------------------------------------------------------------
    def check_for_interrupted_run(self, *, discard: Path | None = None) -> Job:
        """Offer (in a banner, not a dialog) to resume a run the app did not finish.

        The journals are read (and ``discard`` deleted first) on the bulk thread: a big one
        takes a while to parse. ``resume_offered`` says what was found.
        """
        folder = self._paths.journal_dir
        job = self.runner.submit(lambda _cancelled: interrupted_run(folder, discard))
        job.then(
            self,
            lambda answer: self._show_interrupted(job, *answer),
            lambda _error: self._show_interrupted(job, None, []),
        )
        self._check_job = job
        return job

    def _show_interrupted(
        self, job: Job, found: tuple[Path, journal.JournalSummary] | None, told: list[str]
    ) -> None:
        if job is not self._check_job:
            return  # a newer check is under way
        self._check_job = None
        for sentence in told:  # damaged journals, set aside for support
            self.status_label.setText(sentence)
        if found is None:
            self._interrupted = None
            self.banner.hide()
        else:
            self._interrupted, summary = found
            self.banner.offer(
                self.banner.other_portal(summary.settings, self._webhook_provider())
                or self.tr(
                    "An interrupted bulk run ({done} of {total} rows done) can be resumed."
                ).format(done=summary.done, total=summary.total)
            )
        self.resume_offered.emit(found is not None)

    @Slot()
    def resume_interrupted(self) -> None:
        if self._interrupted is None or self.runner.running:
            return
        if not self._has_webhook():
            return
        self.banner.resume_button.setEnabled(False)
        self.status_label.setText(self.tr("Loading the interrupted run…"))
        self.runner.load_interrupted(self._interrupted)

    @Slot(object, object)
    def _on_interrupted_loaded(self, run: journal.InterruptedRun, rows: list[ResultRow]) -> None:
        if not self._has_webhook() or self.runner.running:
            self.banner.resume_button.setEnabled(True)
            return
        other_portal = self.banner.other_portal(run.settings, self._webhook_provider())
        if other_portal is not None:  # its rows would mix two portals' answers
            self.banner.resume_button.setEnabled(True)
            self.banner.label.setText(other_portal)
            self.status_label.setText(other_portal)
            return
        self.banner.hide()
        self._interrupted = None
        self._preview = None
        self.results.model.set_rows(rows)
        self._begin(len(run.done), run.total)
        self.results.model.set_details(bool(run.settings.get("details")))
        self.runner.start(RunJob(self._client_provider, run.items, run.settings, resume=run))

    @Slot(str)
    def _on_interrupted_failed(self, message: str) -> None:
        self.banner.resume_button.setEnabled(True)
        self.status_label.setText(
            self.tr("The interrupted run cannot be resumed: {message}").format(message=message)
        )

    @Slot()
    def discard_interrupted(self) -> None:
        """Delete the run offered, then look for an older one."""
        self.banner.set_enabled(False)
        self.check_for_interrupted_run(discard=self._interrupted).then(
            self, lambda _found: self.banner.set_enabled(not self.runner.running)
        )

    # -- closing ---------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the bulk thread; an unfinished run keeps its journal for the next start."""
        return self.runner.shutdown(timeout_ms)
