"""Cyclic garbage is collected on the GUI thread once worker threads exist: a collection on a
worker thread that frees a Qt connection can deadlock PySide against the GUI thread."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from gui.desktop.gui_gc import collect_on_gui_thread
from gui.desktop.worker import WorkerController

freed_on: list[str] = []


class Cycle:
    """Garbage only the cycle collector can free; says on which thread it was freed."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        freed_on.append(threading.current_thread().name)


def make_garbage(_cancelled: object) -> list[list[int]]:
    for _ in range(50):
        Cycle()
    # far past the youngest generation's threshold: the interpreter would collect right here,
    # on this thread; kept alive (the job's answer) so the GUI thread's check sees them too
    return [[n] for n in range(20 * gc.get_threshold()[0])]


def test_cycles_made_on_a_worker_are_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    controller = WorkerController()
    try:
        assert not gc.isenabled()  # a worker thread exists: the GUI thread collects
        freed_on.clear()
        job = controller.submit(make_garbage)
        with qtbot.waitSignal(job.succeeded, timeout=5000) as answer:
            pass
        assert answer.args is not None
        qtbot.waitUntil(lambda: len(freed_on) == 50, timeout=5000)
        assert set(freed_on) == {threading.main_thread().name}
    finally:
        controller.shutdown(3000)


def test_the_collector_follows_the_interpreters_thresholds(qtbot: QtBot) -> None:
    collector = collect_on_gui_thread()
    assert collector is not None
    gc.collect()
    freed_on.clear()
    Cycle()
    collector.check()  # nothing over a threshold yet: nothing collected
    assert freed_on == []
    junk = [[n] for n in range(2 * gc.get_threshold()[0])]
    collector.check()
    assert freed_on == ["MainThread"] and junk
