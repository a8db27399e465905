"""The lookup worker: one long-lived QObject on a QThread per window.

Each request returns its own :class:`Job`, and only that Job hears how the request ended:
exactly one ``succeeded(value)`` or ``failed(error)``, with ``progress(event)`` before. Closing
stops the thread within a bounded time: a cancel flag the client checks between requests, and
in-flight sockets shut.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal, Slot

from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.desktop.threads import dispatch_event, keep_until_finished, listening

if TYPE_CHECKING:  # the client pulls in httpx: imported on the worker thread, at first use
    from gui.bitrix.client import BitrixClient
    from gui.bitrix.client_config import ClientConfig, ClientEvent
    from gui.bitrix.entities import EntityRef
    from gui.bitrix.webhook import WebhookUrl

log = logging.getLogger(__name__)

Cancelled = Callable[[], bool]
Work = Callable[[Cancelled], object]

NO_WEBHOOK = QT_TRANSLATE_NOOP(
    "WorkerController",
    "No webhook is set: open File → Settings… and paste the portal's incoming webhook URL, or try the demo",
)
UNEXPECTED = QT_TRANSLATE_NOOP(
    "WorkerController",
    "Something unexpected went wrong ({kind}): the details are in the log file; please report it",
)
CLOSING = "Cancelled: the window is closing"
# Why the client retries (ClientEvent.reason), in the user's language.
RETRY_REASONS = (
    QT_TRANSLATE_NOOP("RetryReason", "rate limit"),
    QT_TRANSLATE_NOOP("RetryReason", "operation time limit"),
    QT_TRANSLATE_NOOP("RetryReason", "network"),
    QT_TRANSLATE_NOOP("RetryReason", "server"),
)


def words(context: str, text: object) -> str:
    """A marked string in the user's language (safe on the worker thread)."""
    return QCoreApplication.translate(context, str(text))


def retry_reason(event: ClientEvent) -> str:
    return words("RetryReason", event.reason)


def unexpected_error(exc: BaseException) -> BitrixError:
    return BitrixError(
        words("WorkerController", UNEXPECTED).format(kind=type(exc).__name__), code="INTERNAL"
    )


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


class LookupWorker(QObject):
    """Lives on the worker thread; runs one job at a time, in the order they were sent."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)

    def __init__(self, cancel: threading.Event) -> None:
        super().__init__()
        self._cancel = cancel

    @Slot(int, object)
    def run(self, job_id: int, work: Work) -> None:
        def report(event: ClientEvent) -> None:
            self.progress.emit(job_id, event)

        try:
            if self._cancel.is_set():
                raise CancelledError(CLOSING)
            with listening(report):
                value = work(self._cancel.is_set)
        except BitrixError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:  # every job ends in an outcome, whatever went wrong
            log.exception("lookup job %d failed unexpectedly", job_id)
            self.failed.emit(job_id, unexpected_error(exc))
        else:
            self.succeeded.emit(job_id, value)


class WorkerController(QObject):
    """The window's side of the worker: takes requests, hands each outcome to its own Job."""

    busy_changed = Signal(bool)
    _submit = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # guards the client, built on a worker thread
        self._webhook: WebhookUrl | None = None
        self._config: ClientConfig | None = None
        self._client: BitrixClient | None = None
        self._active: set[BitrixClient] = set()  # clients a job is using now, for shutdown
        self._pending: dict[int, Job] = {}
        self._next_id = 0
        self._thread = QThread()
        self._thread.setObjectName("lookup-worker")
        self._worker = LookupWorker(self._cancel)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._worker.progress.connect(self._on_progress)
        self._thread.finished.connect(self._worker.deleteLater)
        keep_until_finished(self._thread, self._cancel.set)
        self._thread.start()

    # -- configuration -------------------------------------------------------------------
    def configure(
        self,
        webhook: WebhookUrl | None,
        config: ClientConfig | None = None,
    ) -> None:
        """Use this webhook and these options from the next job on (None: no webhook)."""
        with self._lock:
            old, self._client = self._client, None
            self._webhook, self._config = webhook, config
        if old is not None:  # closed on the worker thread, after the jobs already queued
            self._enqueue(lambda _cancelled: old.close())

    @property
    def webhook(self) -> WebhookUrl | None:
        return self._webhook

    def shared_client(self) -> BitrixClient | None:
        """The shared client (one rate limiter for every worker of the window), or None.

        Built at first use, which imports httpx and loads the trust store: call it from a
        worker thread (or after :meth:`warm_up`), never first from the GUI thread.
        """
        with self._lock:
            if self._client is None and self._webhook is not None:
                from gui.bitrix.client import BitrixClient

                self._client = BitrixClient(self._webhook, self._config, on_event=dispatch_event)
            return self._client

    def warm_up(self) -> None:
        """Build the shared client on the worker thread now, so the first request is quick."""
        self._enqueue(lambda _cancelled: self.shared_client())

    def is_running(self) -> bool:
        """True while the worker thread runs (False after shutdown)."""
        return self._thread.isRunning()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # -- requests ------------------------------------------------------------------------
    def lookup(self, ref: EntityRef) -> Job:
        """Look up ``ref``'s chat; the Job succeeds with the chat ID, or None for no chat."""

        def work(cancelled: Cancelled) -> object:
            client = self.shared_client()
            if client is None:
                raise InvalidInputError(words("WorkerController", NO_WEBHOOK))
            with self._using(client):
                return client.chat_id(ref, cancelled=cancelled)

        return self.submit(work)

    def test_connection(self, webhook: WebhookUrl, config: ClientConfig | None = None) -> Job:
        """Check unsaved settings with a client of their own; value: dict(profile, scopes)."""

        def work(cancelled: Cancelled) -> object:
            from gui.bitrix.client import BitrixClient

            with (
                BitrixClient(webhook, config, on_event=dispatch_event) as client,
                self._using(client),
            ):
                profile = client.profile(cancelled=cancelled)
                scopes = client.scopes(cancelled=cancelled)
            return {"profile": profile, "scopes": scopes}

        return self.submit(work)

    def submit(self, work: Work) -> Job:
        """Run ``work(cancelled) -> value`` on the worker thread, after the requests before."""
        job = Job()  # held in _pending until it ends, then by the caller if it cares
        job_id = self._enqueue(work)
        was_busy = self.busy
        self._pending[job_id] = job
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    # -- shutdown ------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the thread within ``timeout_ms``; True when it stopped. Safe to call twice."""
        if not self._thread.isRunning() and self._cancel.is_set():
            return True
        self._cancel.set()
        with self._lock:
            active = list(self._active)
        for client in active:
            client.abort()  # close() alone leaves a blocked read waiting
        self._thread.quit()
        stopped = self._thread.wait(max(0, timeout_ms))
        if not stopped:
            log.warning("the lookup thread did not stop within %d ms; leaving it", timeout_ms)
        elif self._client is not None:
            self._client.close()
        for job_id in sorted(self._pending):  # jobs the thread never reached still end
            self._on_failed(job_id, CancelledError(CLOSING))
        return stopped

    # -- internals -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _using(self, client: BitrixClient) -> Iterator[None]:
        with self._lock:
            self._active.add(client)
        try:
            yield
        finally:
            with self._lock:
                self._active.discard(client)

    def _enqueue(self, work: Work) -> int:
        self._next_id += 1
        self._submit.emit(self._next_id, work)
        return self._next_id

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
