"""Shared fixtures. Qt runs offscreen; every network test talks to the emulator on 127.0.0.1."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from gui.demo.emulator import PortalEmulator
    from gui.desktop.main_window import MainWindow
    from gui.desktop.worker import WorkerController

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may read or write the real user's settings, history or logs: unless a test points it
# elsewhere, everything the app keeps goes to a folder of this test session.
os.environ["B24CHAT_HOME"] = tempfile.mkdtemp(prefix="b24chat-tests-")
os.environ.pop("B24_WEBHOOK_URL", None)
# The suite starts the app and b24chat as processes dozens of times: where the environment
# forbids bytecode caches, each start would compile gui/ again (~70 ms). Write them, as an
# installed package has them.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        from rewrite_ahead import rewrite_ahead  # the controller, before workers start

        rewrite_ahead(config, Path(__file__).parent)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: half again as many workers as cores. The suite waits more than it computes
    (timeouts, paced runs, programs started as processes: 35 s of CPU in 55 s of test time on
    2 cores), so a worker per core leaves the cores idle a third of the time."""
    asked = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if asked:
        return int(asked)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (3 * (cores or 1) + 1) // 2)


@pytest.fixture(autouse=True)
def no_worker_thread_outlives_its_test() -> Iterator[None]:
    """A worker thread still running after its test (a window or view never shut down) would
    turn the app's exit checks of any later test red; fail the test that left it instead."""
    yield
    # the registry of worker threads, wherever it lives (only once the Qt layer is imported)
    registry = sys.modules.get("gui.desktop.threads") or sys.modules.get("gui.desktop.worker")
    orphans_running = getattr(registry, "orphans_running", None)
    if orphans_running is None:
        return
    deadline = time.monotonic() + 10  # a stopped thread finishes in milliseconds, even loaded
    while orphans_running() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not orphans_running(), "a worker thread is still running: shut its owner down"


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warning boxes shown (none opens: each is answered Ok at once)."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    shown: list[str] = []

    def fake_warning(parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake_warning))
    return shown


@pytest.fixture
def controller(qtbot: object) -> Iterator[WorkerController]:
    """A lookup worker of its own (no window), stopped after the test."""
    from gui.desktop.worker import WorkerController

    worker = WorkerController()
    yield worker
    assert worker.shutdown(3000)


@pytest.fixture(autouse=True)
def garbage_collected_between_tests() -> Iterator[None]:
    """Once a worker thread exists the GUI thread's timer collects cycles (gui/desktop/gui_gc.py);
    a test that never turns the event loop would leave them all to the end of the session."""
    yield
    gui_gc = sys.modules.get("gui.desktop.gui_gc")
    collector = gui_gc.collect_on_gui_thread() if gui_gc is not None else None
    if collector is not None:
        collector.check()


# -- fixtures shared by the tests of pasted links (CLI, bulk, window, clipboard) -------------
# Imported inside the fixtures: collecting the suite should not load Qt or the window.
@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A command's own settings folder, no keyring, no webhook from the environment; the
    stderr handler ``main()`` adds is taken away after."""
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield tmp_path / "home"
    root.handlers, root.level = handlers, level


@pytest.fixture
def sample_portal() -> Iterator[PortalEmulator]:
    """The demo portal (chats, cards, open lines), fast enough that pacing never shows."""
    from gui.demo.emulator import PortalEmulator, sample_portal

    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emulator:
        yield emulator


@pytest.fixture
def portal_window(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_portal: PortalEmulator
) -> Iterator[MainWindow]:
    """A shown main window asking ``sample_portal``, with an empty clipboard."""
    from PySide6.QtGui import QGuiApplication

    from gui.bitrix.client_config import ClientConfig
    from gui.bitrix.webhook import WebhookUrl
    from gui.desktop.main_window import MainWindow
    from gui.store.paths import detect_paths
    from gui.store.settings import Settings

    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    QGuiApplication.clipboard().clear()
    url = sample_portal.webhook_url
    window = MainWindow(paths=detect_paths(), settings=Settings(webhook_url=url), env={})
    fast = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)
    window.controller.configure(WebhookUrl.parse(url), fast)
    window.show()
    window.lookup_page.watch_window()  # as main() does once the window is up
    yield window
    window.close()
