"""The lookup worker: one long-lived QObject on a QThread per window.

Requests go in by queued signal, answers come out by signal, and every job ends in exactly one
``succeeded(job_id, value)`` or ``failed(job_id, error)``. Closing stops the thread within a
bounded time: a cancel flag the client checks between requests, and in-flight sockets shut.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal, Slot

from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError

if TYPE_CHECKING:  # the client pulls in httpx: imported on the worker thread, at first use
    from gui.bitrix.client import BitrixClient
    from gui.bitrix.client_config import ClientConfig, ClientEvent
    from gui.bitrix.entities import EntityRef
    from gui.bitrix.webhook import WebhookUrl

log = logging.getLogger(__name__)

Cancelled = Callable[[], bool]
Job = Callable[[Cancelled], object]
EventListener = Callable[["ClientEvent"], object]

NO_WEBHOOK = QT_TRANSLATE_NOOP(
    "WorkerController",
    "No webhook is set: open File → Settings… and paste the portal's incoming webhook URL, or try the demo",
)
UNEXPECTED = QT_TRANSLATE_NOOP(
    "WorkerController",
    "Something unexpected went wrong ({kind}): the details are in the log file; please report it",
)
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


_listener = threading.local()
# Every running worker thread (lookup and bulk): a window dropped without close() must not
# destroy a running QThread (Qt aborts), so the thread lives here until it finishes, the exit
# code checks it, and exit stops it.
_live: dict[int, tuple[QThread, Callable[[], object]]] = {}


def keep_until_finished(thread: QThread, stop: Callable[[], object]) -> None:
    """Hold ``thread`` until it finishes; ``stop`` asks its work to end (called at exit)."""
    key = id(thread)
    _live[key] = (thread, stop)
    thread.finished.connect(lambda: _live.pop(key, None))


def dispatch_event(event: ClientEvent) -> None:
    """The shared client's ``on_event``: hand the event to the job running on this thread."""
    listener: EventListener | None = getattr(_listener, "current", None)
    if listener is not None:
        listener(event)


@contextlib.contextmanager
def listening(listener: EventListener) -> Iterator[None]:
    """Route client events raised on this thread to ``listener`` (other workers can use it)."""
    previous = getattr(_listener, "current", None)
    _listener.current = listener
    try:
        yield
    finally:
        _listener.current = previous


def orphans_running() -> bool:
    """True when a worker thread is still stuck in a request after its window closed."""
    return any(thread.isRunning() for thread, _stop in list(_live.values()))


@atexit.register
def _stop_all(timeout_ms: int = 2000) -> None:
    for thread, stop in list(_live.values()):
        stop()
        thread.quit()
        thread.wait(timeout_ms)


def unexpected_error(exc: BaseException) -> BitrixError:
    return BitrixError(
        words("WorkerController", UNEXPECTED).format(kind=type(exc).__name__), code="INTERNAL"
    )


def abort_connections(client: BitrixClient) -> None:
    """Shut the sockets of in-flight requests: ``close()`` alone leaves a blocked read waiting."""
    client.abort()


class LookupWorker(QObject):
    """Lives on the worker thread; runs one job at a time, in the order they were sent."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)

    def __init__(self, cancel: threading.Event) -> None:
        super().__init__()
        self._cancel = cancel

    @Slot(int, object)
    def run(self, job_id: int, job: Job) -> None:
        def report(event: ClientEvent) -> None:
            self.progress.emit(job_id, event)

        try:
            if self._cancel.is_set():
                raise CancelledError("Cancelled: the window is closing")
            with listening(report):
                value = job(self._cancel.is_set)
        except BitrixError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:  # every job ends in an outcome, whatever went wrong
            log.exception("lookup job %d failed unexpectedly", job_id)
            self.failed.emit(job_id, unexpected_error(exc))
        else:
            self.succeeded.emit(job_id, value)


class WorkerController(QObject):
    """The window's side of the worker: submits jobs, re-emits their outcomes on the GUI thread."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)
    busy_changed = Signal(bool)
    _submit = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # guards the client, built lazily on either thread
        self._webhook: WebhookUrl | None = None
        self._config: ClientConfig | None = None
        self._client: BitrixClient | None = None
        self._active: set[BitrixClient] = set()  # clients a job is using now, for shutdown
        self._pending: set[int] = set()
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
            self._enqueue(lambda _cancelled: old.close(), track=False)

    @property
    def webhook(self) -> WebhookUrl | None:
        return self._webhook

    @property
    def client(self) -> BitrixClient | None:
        """The shared client (one rate limiter for every worker of the window), or None."""
        with self._lock:
            if self._client is None and self._webhook is not None:
                from gui.bitrix.client import BitrixClient

                self._client = BitrixClient(self._webhook, self._config, on_event=dispatch_event)
            return self._client

    def is_running(self) -> bool:
        """True while the worker thread runs (False after shutdown)."""
        return self._thread.isRunning()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # -- jobs ----------------------------------------------------------------------------
    def lookup(self, ref: EntityRef) -> int:
        """Queue a chat-ID lookup; the answer comes as ``succeeded(job_id, int | None)``."""

        def job(cancelled: Cancelled) -> object:
            client = self.client
            if client is None:
                raise InvalidInputError(words("WorkerController", NO_WEBHOOK))
            with self._using(client):
                return client.chat_id(ref, cancelled=cancelled)

        return self._enqueue(job)

    def test_connection(self, webhook: WebhookUrl, config: ClientConfig | None = None) -> int:
        """Check unsaved settings with a client of their own; value: dict(profile, scopes)."""

        def job(cancelled: Cancelled) -> object:
            from gui.bitrix.client import BitrixClient

            with (
                BitrixClient(webhook, config, on_event=dispatch_event) as client,
                self._using(client),
            ):
                profile = client.profile(cancelled=cancelled)
                scopes = client.scopes(cancelled=cancelled)
            return {"profile": profile, "scopes": scopes}

        return self._enqueue(job)

    def run(self, job: Job) -> int:
        """Queue any job ``job(cancelled) -> value`` on the worker thread."""
        return self._enqueue(job)

    # -- shutdown ------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop the thread within ``timeout_ms``; True when it stopped. Safe to call twice."""
        if not self._thread.isRunning() and self._cancel.is_set():
            return True
        self._cancel.set()
        with self._lock:
            active = list(self._active)
        for client in active:
            abort_connections(client)
        self._thread.quit()
        stopped = self._thread.wait(max(0, timeout_ms))
        if not stopped:
            log.warning("the lookup thread did not stop within %d ms; leaving it", timeout_ms)
        elif self._client is not None:
            self._client.close()
        for job_id in sorted(self._pending):  # jobs the thread never reached still end
            self._on_failed(job_id, CancelledError("Cancelled: the window is closing"))
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

    def _enqueue(self, job: Job, *, track: bool = True) -> int:
        self._next_id += 1
        job_id = self._next_id if track else -self._next_id
        if track:
            was_busy = self.busy
            self._pending.add(job_id)
            if not was_busy:
                self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    def _finish(self, job_id: int) -> bool:
        if job_id not in self._pending:
            return False  # untracked, or already ended by shutdown
        self._pending.discard(job_id)
        if not self._pending:
            self.busy_changed.emit(False)
        return True

    @Slot(int, object)
    def _on_succeeded(self, job_id: int, value: Any) -> None:
        if self._finish(job_id):
            self.succeeded.emit(job_id, value)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Any) -> None:
        if self._finish(job_id):
            self.failed.emit(job_id, error)

    @Slot(int, object)
    def _on_progress(self, job_id: int, event: Any) -> None:
        if job_id in self._pending:
            self.progress.emit(job_id, event)
