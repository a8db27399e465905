"""The Bulk view's worker: reads input, runs ``lookup_many`` and writes the journal, off the GUI
thread.

One long-lived QObject on its own QThread. It uses the window's SHARED client, so one rate
limiter paces single lookups and bulk runs together. Pause and cancel are flags checked between
requests; closing the window stops the run but keeps its journal, so it can be resumed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from gui.bitrix.bulk import BulkItem, BulkRow, lookup_many
from gui.bitrix.bulk_details import with_details
from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.desktop.bulk_model import ResultRow, result_row
from gui.desktop.bulk_source import InputSource, Preview, read_input
from gui.desktop.jobs import Job, JobQueue, Work
from gui.desktop.threads import keep_until_finished, listening
from gui.desktop.wording import translated
from gui.desktop.worker import NO_WEBHOOK, words
from gui.store import journal
from gui.store.column_choices import ColumnChoices

if TYPE_CHECKING:
    from gui.bitrix.client import BitrixClient

log = logging.getLogger(__name__)

PAUSE_POLL = 0.05  # seconds between looks at the pause flag: a resume feels instant


class RunOutcome(StrEnum):
    """How a bulk run ended."""

    DONE = "done"  # every row looked up
    CANCELLED = "cancelled"  # the user stopped it; the rows done stay
    STOPPED = "stopped"  # the portal stopped answering, or the window closed: resumable
    FAILED = "failed"  # an unexpected error; resumable from the journal


@dataclass(frozen=True)
class RunJob:
    """A new run (``resume`` None) or the rest of an interrupted one. ``done`` are the first
    items' rows already answered (a run cancelled and run again): journaled, not sent.

    ``client`` gives the window's shared client; it is called on the bulk thread.
    """

    client: Callable[[], BitrixClient | None]
    items: Sequence[BulkItem]
    settings: Mapping[str, Any]
    resume: journal.InterruptedRun | None = None
    done: Sequence[BulkRow] = ()


class _FailureWatch:
    """The client as ``lookup_many`` sees it, noting a request that failed as a whole.

    ``lookup_many`` writes every later row off with that error; the worker stops there instead,
    so the journal holds only rows the portal really answered and the rest can be resumed.
    """

    def __init__(self, client: BitrixClient) -> None:
        self._client = client
        self.failure: BitrixError | None = None

    def batch(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._client.batch(*args, **kwargs)
        except CancelledError:
            raise
        except BitrixError as exc:
            self.failure = exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class BulkWorker(QObject):
    """Lives on the bulk thread. Every request ends in exactly one answering signal."""

    batch_done = Signal(object, int, int)  # list[ResultRow], rows done, rows in all
    client_event = Signal(object)  # ClientEvent: rate-limit waits and retries
    # a RunOutcome, and a message: STOPPED with one means the portal
    # stopped answering (the sentence saying why), without one that the window is closing
    run_finished = Signal(object, str)  # the RunOutcome, and what stopped it

    def __init__(self, journal_dir: Path, choices: ColumnChoices | None = None) -> None:
        super().__init__()
        self.journal_dir = journal_dir
        self.choices = choices
        self.cancel = threading.Event()
        self.closing = threading.Event()
        self.paused = threading.Event()
        self.active_client: BitrixClient | None = None

    def _stopping(self) -> bool:
        return self.cancel.is_set() or self.closing.is_set()

    def stop(self) -> None:
        """The window is closing: end the run between requests, shut a request in flight."""
        self.closing.set()
        client = self.active_client
        if client is not None:
            client.abort()  # a request in flight would otherwise hold the thread

    def read_preview(self, source: InputSource) -> Preview:
        """The input read as the run would read it (a job on the bulk thread). A file that
        cannot be read, or is not a table, raises InvalidInputError with its sentence."""
        try:
            return read_input(source, self.choices)
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise InvalidInputError(
                QCoreApplication.translate(
                    "BulkView", "The file {path} could not be read ({why})"
                ).format(path=source.path, why=why)
            ) from None

    def load_interrupted(self, path: Path) -> tuple[journal.InterruptedRun, list[ResultRow]]:
        """An interrupted run's journal and its done rows (a job on the bulk thread); a
        damaged one raises InvalidInputError with its sentence."""
        try:
            run = journal.load(path)
        except journal.JournalError as exc:
            raise InvalidInputError(translated(exc.message)) from None
        return run, [result_row(row) for row in run.done]

    @Slot(object)
    def run(self, job: RunJob) -> None:
        run_journal: journal.RunJournal | None = None
        items: Sequence[BulkItem]
        outcome, message = RunOutcome.DONE, ""
        try:
            client = job.client()
            if client is None:  # the webhook was removed after Run was clicked
                raise InvalidInputError(words("WorkerController", NO_WEBHOOK))
            run_journal, done, total, items = self._open_journal(job)
            self.active_client = client
            watch = _FailureWatch(client)
            with listening(self.client_event.emit):
                batches = lookup_many(cast("BitrixClient", watch), items, cancelled=self._stopping)
                if job.settings.get("details"):  # their failures never stop the run
                    batches = with_details(client, batches, cancelled=self._stopping)
                for rows in batches:
                    if watch.failure is not None:
                        break  # written off, not answered: left for a resume
                    run_journal.record(rows)
                    done += len(rows)
                    self.batch_done.emit([result_row(row) for row in rows], done, total)
                    if self._wait_while_paused():
                        break
            if watch.failure is not None:
                outcome, message = RunOutcome.STOPPED, translated(watch.failure)
            elif self.closing.is_set():
                outcome = RunOutcome.STOPPED
            elif self.cancel.is_set():
                outcome = RunOutcome.CANCELLED
        except CancelledError:
            outcome = RunOutcome.STOPPED if self.closing.is_set() else RunOutcome.CANCELLED
        except BitrixError as exc:  # the portal stopped answering: resumable later
            outcome, message = RunOutcome.STOPPED, translated(exc)
        except Exception as exc:  # the run ends in an outcome whatever went wrong
            log.exception("bulk run failed")
            outcome, message = RunOutcome.FAILED, type(exc).__name__  # the log has the rest
        finally:
            self.active_client = None
            if run_journal is not None:
                if outcome in (RunOutcome.DONE, RunOutcome.CANCELLED):
                    run_journal.finish()
                else:
                    run_journal.close()  # interrupted: the next start offers to resume
        self.run_finished.emit(outcome, message)

    def _open_journal(self, job: RunJob) -> tuple[journal.RunJournal, int, int, Sequence[BulkItem]]:
        """The run's journal, rows done, rows in all and the items still to look up."""
        if job.resume is not None:
            reopened = journal.RunJournal.reopen(job.resume)
            return reopened, len(job.resume.done), job.resume.total, job.resume.remaining
        started = journal.RunJournal.start(self.journal_dir, job.items, job.settings)
        if job.done:  # answered before a cancel: journaled again, not sent again
            started.record(job.done)
        return started, len(job.done), len(job.items), job.items[len(job.done) :]

    def _wait_while_paused(self) -> bool:
        """Hold between requests while paused; True when the run should stop."""
        while self.paused.is_set() and not self._stopping():
            time.sleep(PAUSE_POLL)
        return self._stopping()


class BulkRunner(QObject):
    """The view's side: owns the bulk thread, forwards requests by queued signal."""

    _run = Signal(object)

    def __init__(
        self,
        journal_dir: Path,
        parent: QObject | None = None,
        choices: ColumnChoices | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("bulk-worker")
        self.worker = BulkWorker(journal_dir, choices)
        self.worker.moveToThread(self._thread)
        self._run.connect(self.worker.run)
        self._thread.finished.connect(self.worker.deleteLater)
        self.running = False
        self.worker.run_finished.connect(self._on_finished)
        # Slow file work (journals, exports) on the same thread, between runs.
        self._jobs = JobQueue(self._thread, self.worker.closing.is_set, self)
        keep_until_finished(self._thread, self.worker.stop)
        self._thread.start()

    def submit(self, work: Work) -> Job:
        """Run ``work(cancelled) -> value`` on the bulk thread; its Job hears the outcome."""
        return self._jobs.submit(work)

    def preview(self, source: InputSource) -> Job:
        """Read ``source`` on the bulk thread; the Job succeeds with its Preview."""
        return self._jobs.submit(lambda _cancelled: self.worker.read_preview(source))

    def load_interrupted(self, path: Path) -> Job:
        """Read an interrupted run's journal; the Job succeeds with (run, done rows)."""
        return self._jobs.submit(lambda _cancelled: self.worker.load_interrupted(path))

    def start(self, job: RunJob) -> None:
        self.worker.cancel.clear()
        self.worker.paused.clear()
        self.running = True
        self._run.emit(job)

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.worker.paused.set()
        else:
            self.worker.paused.clear()

    def cancel(self) -> None:
        self.worker.cancel.set()

    @Slot(object, str)
    def _on_finished(self, outcome: RunOutcome, message: str) -> None:
        self.running = False

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop within ``timeout_ms``, keeping an unfinished run's journal; True when stopped."""
        if not self._thread.isRunning():
            return True
        self.worker.stop()
        self._thread.quit()
        stopped = self._thread.wait(max(0, timeout_ms))
        if not stopped:  # still held by keep_until_finished, so the exit code sees it
            log.warning("the bulk thread did not stop within %d ms; leaving it", timeout_ms)
        self._jobs.cancel_pending()
        return stopped
