"""Work sent to a worker thread, each request's outcome delivered to its own :class:`Job`.

A :class:`JobQueue` (GUI thread) hands work to a :class:`JobRunner` living on a worker thread it
is given; the runner's answers come back by queued signal and go to the one Job they belong to.
The window's lookup worker and the Bulk tab's file work (exports, journals) both use one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal, Slot

from gui.bitrix.errors import BitrixError, CancelledError
from gui.desktop.threads import listening

if TYPE_CHECKING:
    from gui.bitrix.client_config import ClientEvent

log = logging.getLogger(__name__)

Cancelled = Callable[[], bool]
Work = Callable[[Cancelled], object]
Callback = Callable[[Any], object]

UNEXPECTED = QT_TRANSLATE_NOOP(
    "WorkerController",
    "Something unexpected went wrong ({kind}): the details are in the log file; please report it",
)
CLOSING = "Cancelled: the window is closing"


def unexpected_error(exc: BaseException) -> BitrixError:
    template = QCoreApplication.translate("WorkerController", str(UNEXPECTED))
    return BitrixError(template.format(kind=type(exc).__name__), code="INTERNAL")


class Job(QObject):
    """One request, as its caller sees it; lives on the GUI thread.

    ``succeeded(value)`` or ``failed(BitrixError)`` comes exactly once; ``progress(ClientEvent)``
    (rate-limit waits, retries) only before it. Nobody else hears this request's answer.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished = False

    def then(
        self,
        receiver: QObject,
        done: Callback,
        failed: Callback | None = None,
        progress: Callback | None = None,
    ) -> Job:
        """Hand the outcome to ``receiver``'s callbacks, unless ``receiver`` is gone by then
        (a dialog closed while its request ran): the answer is then dropped, not a crash."""
        for signal, callback in ((self.succeeded, done), (self.failed, failed)):
            if callback is not None:
                signal.connect(_while_alive(receiver, callback))
        if progress is not None:
            self.progress.connect(_while_alive(receiver, progress))
        return self


def _while_alive(receiver: QObject, callback: Callback) -> Callback:
    def call(value: Any) -> None:
        if shiboken6.isValid(receiver):
            callback(value)

    return call


class JobRunner(QObject):
    """Lives on a worker thread; runs one piece of work at a time, in the order sent."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)

    def __init__(self, cancelled: Cancelled) -> None:
        super().__init__()
        self._cancelled = cancelled

    @Slot(int, object)
    def run(self, job_id: int, work: Work) -> None:
        def report(event: ClientEvent) -> None:
            self.progress.emit(job_id, event)

        try:
            if self._cancelled():
                raise CancelledError(CLOSING)
            with listening(report):
                value = work(self._cancelled)
        except BitrixError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:  # every job ends in an outcome, whatever went wrong
            log.exception("job %d failed unexpectedly", job_id)
            self.failed.emit(job_id, unexpected_error(exc))
        else:
            self.succeeded.emit(job_id, value)


class JobQueue(QObject):
    """The GUI thread's side: submit work to ``thread``; each answer reaches its own Job."""

    busy_changed = Signal(bool)
    _submit = Signal(int, object)

    def __init__(
        self, thread: QThread, cancelled: Cancelled, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pending: dict[int, Job] = {}
        self._next_id = 0
        self._runner = JobRunner(cancelled)
        self._runner.moveToThread(thread)
        self._submit.connect(self._runner.run)
        self._runner.succeeded.connect(self._on_succeeded)
        self._runner.failed.connect(self._on_failed)
        self._runner.progress.connect(self._on_progress)
        thread.finished.connect(self._runner.deleteLater)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, work: Work) -> Job:
        """Run ``work(cancelled) -> value`` on the thread, after the work sent before."""
        job = Job()  # held in _pending until it ends, then by the caller if it cares
        self._next_id += 1
        was_busy = self.busy
        self._pending[self._next_id] = job
        if not was_busy:
            self.busy_changed.emit(True)
        self._submit.emit(self._next_id, work)
        return job

    def post(self, work: Work) -> None:
        """Housekeeping on the thread, in order with the jobs; nobody waits for it."""
        self._next_id += 1
        self._submit.emit(self._next_id, work)

    def cancel_pending(self) -> None:
        """The thread has stopped: the jobs it never reached still end, as cancelled."""
        for job_id in sorted(self._pending):
            self._on_failed(job_id, CancelledError(CLOSING))

    def _finish(self, job_id: int) -> Job | None:
        job = self._pending.pop(job_id, None)
        if job is None:
            return None  # housekeeping, or already ended by shutdown
        job.finished = True
        if not self._pending:
            self.busy_changed.emit(False)
        return job

    @Slot(int, object)
    def _on_succeeded(self, job_id: int, value: Any) -> None:
        job = self._finish(job_id)
        if job is not None:
            job.succeeded.emit(value)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Any) -> None:
        job = self._finish(job_id)
        if job is not None:
            job.failed.emit(error)

    @Slot(int, object)
    def _on_progress(self, job_id: int, event: Any) -> None:
        job = self._pending.get(job_id)
        if job is not None:
            job.progress.emit(event)
