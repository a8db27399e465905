"""The Bulk tab: input panel, run controls and progress, results panel, interrupted-run banner.

The view never touches HTTP: reading input, ``lookup_many`` and the run journal live on the
bulk worker's thread, with the window's shared client, so one rate limiter paces everything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.bitrix.bulk import BulkItem, cancelled_row
from gui.bitrix.errors import BitrixError, CancelledError
from gui.desktop.bulk_input import BulkInputPanel, local_file
from gui.desktop.bulk_model import ResultRow, bulk_row, preview_row, result_row
from gui.desktop.bulk_progress import RunControls, RunProgress, add_shortcut, ask_to_quit_during_run
from gui.desktop.bulk_results import BulkResultsPanel
from gui.desktop.bulk_resume import ResumeBanner, interrupted_run
from gui.desktop.bulk_source import Preview, shape_of
from gui.desktop.bulk_worker import BulkRunner, RunJob, RunOutcome
from gui.desktop.jobs import Job
from gui.desktop.named import named
from gui.desktop.wording import translated
from gui.desktop.wrapped_label import WrappedLabel
from gui.store import journal
from gui.store.column_choices import ColumnChoices

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
    run_finished = Signal(object)  # the RunOutcome (for tests and the window)
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
        self._items: list[BulkItem] = []  # the table's rows as read (a preview or a resumed run)
        self._run_settings: dict[str, Any] = {}
        self._cursor = 0  # rows answered so far, from the top: a new Run goes on from here
        self._preview_job: Job | None = None  # the newest preview: older answers are dropped
        self._interrupted: Path | None = None  # the run the banner offers
        self._interrupted_is_this_table = False  # the banner's run is the one in the table
        self._check_job: Job | None = None
        self._done = (0, 0)  # rows done, rows in all: shown by the progress timer
        self._arrived: list[ResultRow] = []  # finished rows not yet in the table
        self.runner = BulkRunner(paths.journal_dir, self, ColumnChoices(paths.column_choices_file))
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_EVERY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._build()
        self._add_shortcuts()
        self._connect()
        self._set_running(False)
        self.setAcceptDrops(True)

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = ResumeBanner(self)
        self.input_panel = BulkInputPanel(self)
        self.controls = RunControls(self)
        self.status_label = named(WrappedLabel(), "bulkStatusLabel", self.tr("Run status"))
        self.run_progress = RunProgress(self.controls.progress, self.status_label)
        self.results = BulkResultsPanel(self._webhook_provider, self.runner.submit, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.input_panel, 1)
        layout.addWidget(self.controls)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 3)

    def _add_shortcuts(self) -> None:
        """Run, Open file and Export from the keyboard, while the Bulk tab has focus."""
        run, opening = self.controls.run_button, self.input_panel.open_button
        add_shortcut(self, ["Ctrl+Return", "Ctrl+Enter"], self.start_run, run)
        # click() does nothing on a disabled button: no file dialog during a run
        add_shortcut(self, [QKeySequence.StandardKey.Open], opening.click, opening)
        export = self.results.export_button
        add_shortcut(self, [QKeySequence.StandardKey.Save], self.results.choose_export, export)

    def _connect(self) -> None:
        self.input_panel.preview_wanted.connect(self.refresh_preview)
        self.input_panel.file_chosen.connect(self.open_file)
        self.controls.run_button.clicked.connect(self.start_run)
        self.controls.pause_button.toggled.connect(self._on_pause_toggled)
        self.controls.cancel_button.clicked.connect(self.cancel_run)
        self.results.message.connect(self.status_label.setText)
        self.banner.resume_button.clicked.connect(self.resume_interrupted)
        self.banner.discard_button.clicked.connect(self.discard_interrupted)
        worker = self.runner.worker
        worker.batch_done.connect(self._on_batch)
        worker.client_event.connect(self._on_client_event)
        worker.run_finished.connect(self._on_run_finished)

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
        self.controls.run_button.setEnabled(False)
        self.input_panel.show_reading()
        job = self.runner.preview(self.input_panel.source(self._webhook_provider()))
        answered = functools.partial(self._preview_answered, job)
        job.then(self, answered, answered)
        self._preview_job = job

    def _preview_answered(self, job: Job, answer: object) -> None:
        """The newest preview's Preview, or the error that kept the input from being read."""
        if job is not self._preview_job or self.runner.running:
            return  # an older request, or a run started meanwhile
        if isinstance(answer, Preview):
            self._preview = answer
            self._show_table(answer.items, answer.rows, answer.settings, 0)
            self.input_panel.show_preview(answer)
        elif isinstance(answer, CancelledError):
            return  # the view is closing
        else:
            self._show_table([], [], {}, 0)
            self.input_panel.show_failure(
                translated(answer) if isinstance(answer, BitrixError) else ""
            )
        self.preview_ready.emit()

    def _show_table(
        self,
        items: list[BulkItem],
        rows: list[ResultRow],
        settings: Mapping[str, Any],
        answered: int,
    ) -> None:
        """The rows a Run will fill in (the first ``answered`` already are) and their columns."""
        self._items, self._run_settings, self._cursor = items, dict(settings), answered
        columns = settings.get("columns")
        self.results.model.set_own_columns(
            None if columns is None else tuple(str(name) for name in columns),
            int(settings.get("width") or 0),
        )
        self.results.model.set_rows(rows)
        self.results.show_beside(settings.get("id_column"))
        self.results.set_looked_up(answered > 0)
        self.results.set_output(shape_of(settings), str(settings.get("delimiter") or ","))
        self._show_rows_to_send()
        self._set_running(False)

    def _rows_to_send(self) -> int:
        """IDs the next Run sends: the rest of a cancelled run, else every row's."""
        rest = self._items[self._cursor :] if self._cursor < len(self._items) else self._items
        return len({item.ref for item in rest if item.ref is not None})

    def _show_rows_to_send(self) -> None:
        going_on = 0 < self._cursor < len(self._items)
        self.run_progress.show_to_send(self._rows_to_send(), going_on=going_on)

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
        return {**base, "portal": portal, "details": self.controls.details_check.isChecked()}

    @Slot()
    def start_run(self) -> None:
        """Look the rows up; after a cancel, go on with the rows not yet looked up."""
        if self.runner.running or self._rows_to_send() == 0:
            return
        if self._interrupted is not None and self._interrupted_is_this_table:
            self.resume_interrupted()  # the portal stopped this run: its journal goes on
            return
        if not self._has_webhook():
            return
        model = self.results.model
        if self._cursor >= len(self._items):  # every row answered: a new run from the top
            self._cursor = 0
            model.set_rows([preview_row(item) for item in self._items])
        model.set_details(self.controls.details_check.isChecked())
        done = [bulk_row(row) for row in model.rows()[: self._cursor]]
        self._begin(self._cursor, len(self._items))
        settings = self._settings(self._run_settings)
        self.runner.start(RunJob(self._client_provider, self._items, settings, done=done))

    def _begin(self, done: int, total: int) -> None:
        self._done = (done, total)
        self.results.set_looked_up(True)
        self.run_progress.begin(done, total)
        self.controls.pause_button.setChecked(False)
        self._set_running(True)

    def _set_running(self, running: bool) -> None:
        self.input_panel.set_running(running)
        self.results.set_running(running)
        self.banner.set_enabled(not running)
        self.controls.set_running(running, can_run=self._rows_to_send() > 0)

    @Slot(bool)
    def _on_pause_toggled(self, paused: bool) -> None:
        self.runner.set_paused(paused)
        self.controls.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if paused:
            self.status_label.setText(self.tr("Paused after the current request"))

    @Slot()
    def cancel_run(self) -> None:
        """Stop between requests; the rows already done stay in the table."""
        if self.runner.running:
            self.runner.cancel()
            self.controls.cancel_button.setEnabled(False)
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
        self.results.model.replace_rows(self._cursor, arrived)
        self._cursor += len(arrived)
        done, total = self._done
        live = self.runner.running and not self.controls.pause_button.isChecked()
        self.run_progress.tick(done, total, live=live)

    @Slot(object)
    def _on_client_event(self, event: ClientEvent) -> None:
        """Rate-limit waits and retries, shown at the next tick: a storm does not flood."""
        if self.run_progress.note(event) and not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot(object, str)
    def _on_run_finished(self, outcome: RunOutcome, message: str) -> None:
        self._progress_timer.stop()
        self._show_progress()
        model = self.results.model
        if outcome == RunOutcome.CANCELLED:  # the rows not sent say so, as the CLI writes them
            rest = self._items[self._cursor :]
            model.replace_rows(self._cursor, [result_row(cancelled_row(i)) for i in rest])
        self._set_running(False)
        self.controls.pause_button.setChecked(False)
        text = self.run_progress.finished_text(outcome, message, model.counts())
        self.status_label.setText(text)
        if outcome != RunOutcome.DONE:
            self._show_rows_to_send()
        if outcome == RunOutcome.STOPPED and message:
            self.check_for_interrupted_run(this_table=True)
        self.run_finished.emit(outcome)

    # -- interrupted runs ------------------------------------------------------------------
    def check_for_interrupted_run(
        self, *, discard: Path | None = None, this_table: bool = False
    ) -> Job:
        """Offer (in a banner, not a dialog) to resume a run the app did not finish; the
        journals are read (``discard`` deleted first) on the bulk thread, a big one takes a
        while. ``this_table``: the table's run stopped, so Run goes on with its journal."""
        folder = self._paths.journal_dir
        self._interrupted_is_this_table = False
        job = self.runner.submit(lambda _cancelled: interrupted_run(folder, discard))
        job.then(
            self,
            lambda answer: self._show_interrupted(job, *answer, this_table=this_table),
            lambda _error: self._show_interrupted(job, None, []),
        )
        self._check_job = job
        return job

    def _show_interrupted(
        self,
        job: Job,
        found: tuple[Path, journal.JournalSummary] | None,
        told: list[str],
        *,
        this_table: bool = False,
    ) -> None:
        if job is not self._check_job:
            return  # a newer check is under way
        self._check_job = None
        for sentence in told:  # damaged journals, set aside for support
            self.status_label.setText(translated(sentence))
        self._interrupted_is_this_table = this_table and found is not None
        self._interrupted = None if found is None else found[0]
        self.banner.show_run(None if found is None else found[1], self._webhook_provider())
        self.resume_offered.emit(found is not None)

    @Slot()
    def resume_interrupted(self) -> None:
        if self._interrupted is None or self.runner.running:
            return
        if not self._has_webhook():
            return
        self.banner.resume_button.setEnabled(False)
        self.status_label.setText(self.tr("Loading the interrupted run…"))
        self.runner.load_interrupted(self._interrupted).then(
            self, self._on_interrupted_loaded, self._on_interrupted_failed
        )

    def _on_interrupted_loaded(self, loaded: object) -> None:
        run, rows = cast(tuple[journal.InterruptedRun, list[ResultRow]], loaded)
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
        self._interrupted_is_this_table = False
        self._preview = None
        pending = [preview_row(item) for item in run.remaining]
        self.results.model.set_details(bool(run.settings.get("details")))
        self._show_table(run.items, rows + pending, run.settings, len(run.done))
        self._begin(len(run.done), run.total)
        self.runner.start(RunJob(self._client_provider, run.items, run.settings, resume=run))

    def _on_interrupted_failed(self, error: object) -> None:
        if isinstance(error, CancelledError):
            return  # the view is closing
        message = translated(error.message) if isinstance(error, BitrixError) else str(error)
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
    def confirm_quit(self) -> bool:
        """During a run, ask before the window closes; True when it may close."""
        return not self.runner.running or ask_to_quit_during_run(self, *self._done)

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the bulk thread; an unfinished run keeps its journal for the next start."""
        return self.runner.shutdown(timeout_ms)
