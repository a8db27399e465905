"""The lookup history written off the GUI thread, on a thread of its own.

Each save hands over a snapshot (the entries are frozen); the thread always writes the newest
snapshot of a file, so writes land in order and a burst of saves is written once. Closing
writes what is still pending before the window goes, waiting for a write under way. Each write
is whole or nothing (temp file, fsync, replace): an app that quits mid-write keeps the old file.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread

from gui.desktop.jobs import Job, JobQueue
from gui.desktop.threads import keep_until_finished
from gui.store.history import History, HistoryEntry, write_history

log = logging.getLogger(__name__)

Snapshot = tuple[int, tuple[HistoryEntry, ...]]  # (generation, entries)


class HistorySaver(QObject):
    """Saves histories in the order asked; each :meth:`save`'s Job succeeds with None, or with
    the OSError that kept the file from being written (the snapshot stays pending: the next
    save or :meth:`close` tries again)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = threading.Lock()  # guards the two dicts: held for moments only
        self._writing = threading.Lock()  # one write at a time, the GUI's at close included
        self._newest: dict[Path, Snapshot] = {}
        self._written: dict[Path, int] = {}
        self._generation = 0
        self._jobs: JobQueue | None = None  # the thread starts with the first save
        self._thread: QThread | None = None
        self._closed = False

    def save(self, history: History) -> Job | None:
        """Write ``history`` as it is now, on the saver's thread. After :meth:`close` (an
        answer that came in as the window closed) it is written at once: None."""
        path = history.path
        self._generation += 1
        with self._state:
            self._newest[path] = (self._generation, history.snapshot())
        if self._closed:
            self._write_at_exit(path, timeout_s=-1)
            return None
        return self._queue().submit(lambda _cancelled: self._write_newest(path))

    def pending_entries(self, path: Path) -> tuple[HistoryEntry, ...] | None:
        """The entries saved for ``path`` but not on disk yet (the file is older), or None."""
        with self._state:
            newest = self._newest.get(path)
            if newest is None or self._written.get(path, 0) >= newest[0]:
                return None
            return newest[1]

    def forget(self, path: Path) -> None:
        """Write nothing more into ``path`` (its folder is going away), once a write under way
        has ended."""
        with self._writing, self._state:
            self._newest.pop(path, None)

    def close(self, timeout_ms: int) -> None:
        """Closing: write every pending snapshot now, then stop the thread."""
        self._closed = True
        with self._state:
            paths = list(self._newest)
        for path in paths:
            self._write_at_exit(path, timeout_s=timeout_ms / 1000)
        if self._thread is not None and self._jobs is not None:
            self._thread.quit()
            if not self._thread.wait(max(0, timeout_ms)):
                log.warning("the history thread did not stop within %d ms", timeout_ms)
            self._jobs.cancel_pending()

    def _write_at_exit(self, path: Path, timeout_s: float) -> None:
        problem = self._write_newest(path, timeout_s=timeout_s)
        if problem is not None:  # the window is gone: the log is the one place left to say it
            log.warning("The history %s was not saved at exit: %r", path, problem)

    def _queue(self) -> JobQueue:
        if self._jobs is None:
            self._thread = QThread()
            self._thread.setObjectName("history-writer")
            self._jobs = JobQueue(self._thread, lambda: False, self)  # a save is never dropped
            keep_until_finished(self._thread, lambda: None)
            self._thread.start()
        return self._jobs

    def _write_newest(self, path: Path, timeout_s: float = -1) -> OSError | None:
        """Write the newest snapshot of ``path`` unless it is on disk already."""
        if not self._writing.acquire(timeout=timeout_s):
            return TimeoutError(f"a write of {path.name} is still under way")
        try:
            with self._state:
                newest = self._newest.get(path)
                if newest is None or self._written.get(path, 0) >= newest[0]:
                    return None  # forgotten, or a newer snapshot is written already
            try:
                write_history(path, newest[1])
            except OSError as exc:
                return exc
            with self._state:
                self._written[path] = newest[0]
            return None
        finally:
            self._writing.release()
