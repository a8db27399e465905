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
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal

from gui.bitrix.errors import InvalidInputError
from gui.desktop.jobs import Cancelled, Job, JobQueue, Work
from gui.desktop.threads import dispatch_event, keep_until_finished

if TYPE_CHECKING:  # the client pulls in httpx: imported on the worker thread, at first use
    from gui.bitrix.client import BitrixClient
    from gui.bitrix.client_config import ClientConfig, ClientEvent
    from gui.bitrix.entities import EntityRef
    from gui.bitrix.webhook import WebhookUrl

log = logging.getLogger(__name__)

NO_WEBHOOK = QT_TRANSLATE_NOOP(
    "WorkerController",
    "No webhook is set: open File → Settings… and paste the portal's incoming webhook URL, or try the demo",
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


class WorkerController(QObject):
    """The window's side of the worker: takes requests, hands each outcome to its own Job."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # guards the client, built on a worker thread
        self._webhook: WebhookUrl | None = None
        self._config: ClientConfig | None = None
        self._client: BitrixClient | None = None
        self._active: set[BitrixClient] = set()  # clients a job is using now, for shutdown
        self._thread = QThread()
        self._thread.setObjectName("lookup-worker")
        self._jobs = JobQueue(self._thread, self._cancel.is_set, self)
        self._jobs.busy_changed.connect(self.busy_changed)
        keep_until_finished(self._thread, self._cancel.set)
        self._thread.start()

    # -- configuration -------------------------------------------------------------------
    def configure(self, webhook: WebhookUrl | None, config: ClientConfig | None = None) -> None:
        """Use this webhook and these options from the next job on (None: no webhook)."""
        with self._lock:
            old, self._client = self._client, None
            self._webhook, self._config = webhook, config
        if old is not None:  # closed on the worker thread, after the jobs already queued
            self._jobs.post(lambda _cancelled: old.close())

    @property
    def webhook(self) -> WebhookUrl | None:
        return self._webhook

    def shared_client(self) -> BitrixClient | None:
        """The shared client (one rate limiter for every worker of the window), or None.

        Built at first use, which imports httpx and loads the trust store: call it from a
        worker thread (the lookup and bulk threads do), never from the GUI thread.
        """
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
        return self._jobs.busy

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
        """Run ``work(cancelled) -> value`` on the worker thread, after the requests before
        (slow disk or keyring work too: the window never waits for it)."""
        return self._jobs.submit(work)

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
        self._jobs.cancel_pending()
        return stopped

    @contextlib.contextmanager
    def _using(self, client: BitrixClient) -> Iterator[None]:
        with self._lock:
            self._active.add(client)
        try:
            yield
        finally:
            with self._lock:
                self._active.discard(client)
