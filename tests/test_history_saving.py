"""The lookup history is written off the GUI thread, in order, and nothing is lost on quit: a
write under way is waited for, one still pending is written at close, and a write cut short
leaves the old file whole."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import gui.store.history as history_module
import gui.store.user_files as user_files
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.desktop.jobs import Job
from gui.desktop.main_window import MainWindow
from gui.store.paths import AppPaths
from gui.store.settings import Settings

FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)
SLOW_WRITE_S = 0.3


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(chats=sample_chats(), rate=1000, burst=1000) as emulator:
        yield emulator


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, portal: PortalEmulator) -> Iterator[MainWindow]:
    paths = AppPaths.under(tmp_path, portable=False)
    made = MainWindow(paths=paths, settings=Settings(), env={})
    qtbot.addWidget(made)
    made.controller.configure(WebhookUrl.parse(portal.webhook_url), FAST)
    made.show()
    yield made
    made.close()


GATE = threading.Event()  # a history write waits for it: a disk that has stalled


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each history write takes a while (a slow disk's fsync); the threads it ran on."""
    threads: list[str] = []
    real = user_files.write_atomically
    GATE.set()

    def slow_write(path: Path, text: str) -> None:
        threads.append(threading.current_thread().name)
        GATE.wait(5)
        time.sleep(SLOW_WRITE_S)
        real(path, text)

    monkeypatch.setattr(history_module, "write_atomically", slow_write)
    yield threads
    GATE.set()


def look_up(qtbot: QtBot, window: MainWindow, ident: str) -> None:
    page = window.lookup_page
    page.form.entity_edit.setText(ident)
    job = page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=8000):
        pass


def save(window: MainWindow) -> Job:
    job = window.lookup_page.save_history()
    assert job is not None  # the window is open: saved on the history's thread
    return job


def saved_ids(window: MainWindow) -> list[str]:
    data = json.loads(window.paths.history_file.read_text(encoding="utf-8"))
    return [entry["entity_id"] for entry in data["entries"]]


def test_saving_runs_off_the_gui_thread_and_the_newest_is_written_last(
    qtbot: QtBot, window: MainWindow, writes: list[str]
) -> None:
    GATE.clear()
    jobs = []
    for ident in ("LEAD|1", "LEAD|2", "LEAD|3"):
        look_up(qtbot, window, ident)
        jobs.append(save(window))  # returns at once: the write takes its time
    assert not any(job.finished for job in jobs)
    GATE.set()
    qtbot.waitUntil(lambda: all(job.finished for job in jobs), timeout=8000)
    assert writes and threading.main_thread().name not in writes
    assert saved_ids(window) == ["LEAD|3", "LEAD|2", "LEAD|1"]


def test_closing_waits_for_a_write_and_writes_what_is_still_pending(
    qtbot: QtBot, window: MainWindow, writes: list[str]
) -> None:
    look_up(qtbot, window, "LEAD|1")
    window.lookup_page.save_history()
    qtbot.waitUntil(lambda: bool(writes), timeout=5000)  # that write is under way now
    look_up(qtbot, window, "LEAD|2")  # recorded; its save is still waiting for the timer
    window.close()
    assert saved_ids(window) == ["LEAD|2", "LEAD|1"]


def test_a_write_cut_short_keeps_the_old_file_and_the_entry_is_written_later(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.lookup_page
    look_up(qtbot, window, "LEAD|1")
    first = save(window)
    qtbot.waitUntil(lambda: first.finished, timeout=5000)
    before = window.paths.history_file.read_bytes()
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")  # the disk gave up halfway through the write

    monkeypatch.setattr(os, "fsync", failing_fsync)
    look_up(qtbot, window, "LEAD|2")
    messages: list[str] = []
    page.message.connect(messages.append)
    job = save(window)
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert window.paths.history_file.read_bytes() == before  # whole, as it was
    assert not list(window.paths.data_dir.glob("*.tmp"))
    assert any("could not be saved" in m for m in messages), messages
    monkeypatch.setattr(os, "fsync", real_fsync)
    window.close()  # the entry is still pending: written now
    assert saved_ids(window) == ["LEAD|2", "LEAD|1"]


def test_a_history_shown_again_before_its_write_ends_shows_the_newest_entries(
    qtbot: QtBot, window: MainWindow, writes: list[str]
) -> None:
    page = window.lookup_page
    look_up(qtbot, window, "LEAD|1")
    page.save_history()
    qtbot.waitUntil(lambda: bool(writes), timeout=5000)
    look_up(qtbot, window, "LEAD|2")
    page.save_history()  # queued behind the write under way
    page.use_history(history_module.History(window.paths.history_file))  # e.g. a profile back
    assert [e.entity_id for e in page.history.entries] == ["LEAD|2", "LEAD|1"]


def test_an_answer_recorded_as_the_window_closes_is_still_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    look_up(qtbot, window, "LEAD|1")
    window.close()
    page = window.lookup_page
    page.history.record("CRM", "LEAD|2", 2)  # a lookup's answer delivered after close
    assert page.save_history() is None  # written at once: the history's thread has stopped
    assert saved_ids(window) == ["LEAD|2", "LEAD|1"]
