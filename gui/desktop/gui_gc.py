"""Python's cycle collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate past its threshold. When that is a
worker thread and the garbage holds a Qt connection, PySide deadlocks: the worker takes Qt's
connection lock and waits for the GIL, while the GUI thread holds the GIL and waits for that
lock (seen in the suite: a Bulk preview's csv.Sniffer collecting while Settings was built). So
once worker threads exist, automatic collection is off and the GUI thread collects instead, on
a timer, by the interpreter's own thresholds (pyqtgraph's GarbageCollector does the same).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_EVERY_MS = 250  # young garbage waits at most this long; reference counting frees the rest


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_EVERY_MS)
        gc.disable()

    def check(self) -> None:
        """Collect the oldest generation over its threshold, as the interpreter would have."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


_collector: GuiThreadCollector | None = None


def collecting_on_gui_thread() -> bool:
    """True once the GUI thread's collector runs (automatic collection must then stay off)."""
    return _collector is not None


def collect_on_gui_thread() -> GuiThreadCollector | None:
    """Install the collector once (from the GUI thread, before a worker thread starts)."""
    global _collector
    app = QCoreApplication.instance()
    if _collector is None and app is not None:
        _collector = GuiThreadCollector(app)
    return _collector
