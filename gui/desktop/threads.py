"""Every worker thread of the app, held until it finishes, and client events routed per thread.

A window dropped without close() must not destroy a running QThread (Qt aborts), so each thread
lives here until it finishes, the exit code checks it, and exit stops it.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no PySide6 import at run time: one Qt-importing module less at start-up
    from PySide6.QtCore import QThread

    from gui.bitrix.client_config import ClientEvent

EventListener = Callable[["ClientEvent"], object]

_live: dict[int, tuple[QThread, Callable[[], object]]] = {}
_listener = threading.local()


def keep_until_finished(thread: QThread, stop: Callable[[], object]) -> None:
    """Hold ``thread`` until it finishes; ``stop`` asks its work to end (called at exit)."""
    from gui.desktop.gui_gc import collect_on_gui_thread  # once there is a worker thread

    collect_on_gui_thread()
    key = id(thread)
    _live[key] = (thread, stop)
    thread.finished.connect(lambda: _live.pop(key, None))


def orphans_running() -> bool:
    """True when a worker thread is still stuck in a request after its window closed."""
    return any(thread.isRunning() for thread, _stop in list(_live.values()))


@atexit.register
def _stop_all(timeout_ms: int = 2000) -> None:
    for thread, stop in list(_live.values()):
        stop()
        thread.quit()
        thread.wait(timeout_ms)


def dispatch_event(event: ClientEvent) -> None:
    """A shared client's ``on_event``: hand the event to the job running on this thread."""
    listener: EventListener | None = getattr(_listener, "current", None)
    if listener is not None:
        listener(event)


@contextlib.contextmanager
def listening(listener: EventListener) -> Iterator[None]:
    """Route client events raised on this thread to ``listener`` while the block runs."""
    previous = getattr(_listener, "current", None)
    _listener.current = listener
    try:
        yield
    finally:
        _listener.current = previous
