"""--demo and --self-test are sealed off from the saved portal, and never print its token."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.demo.emulator import PortalEmulator
from gui.desktop.main_window import MainWindow
from gui.store.paths import AppPaths
from gui.store.secrets import FileTokenStore
from gui.store.settings import Settings, SettingsStore

ROOT = Path(__file__).resolve().parent.parent
SAVED_TOKEN = "savedportal0token9"


@pytest.fixture
def saved_portal() -> Iterator[PortalEmulator]:
    """A live portal the user saved: nothing in a demo session may reach it."""
    with PortalEmulator(token=SAVED_TOKEN, chats={("CRM", "LEAD|1"): 777}) as portal:
        yield portal


@pytest.fixture
def home(tmp_path: Path, saved_portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A profile with the saved portal's webhook, its token in the settings file."""
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    paths = AppPaths.under(tmp_path, portable=False)
    SettingsStore(paths, FileTokenStore()).save(Settings(webhook_url=saved_portal.webhook_url))
    return tmp_path


def answer(qtbot: QtBot, window: MainWindow) -> None:
    """Look up what the form holds and wait for the worker's answer."""
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=5000):
        pass


def test_self_test_passes_whatever_is_saved_and_prints_no_token(
    home: Path, saved_portal: PortalEmulator
) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "--self-test"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed: LEAD|1 -> chat 1001" in done.stdout
    assert SAVED_TOKEN not in done.stdout + done.stderr
    assert saved_portal.stats.snapshot().requests == 0
    holding = [  # the token's one store is the settings file: no log, history or journal
        p.relative_to(home).as_posix()
        for p in home.rglob("*")
        if p.is_file() and SAVED_TOKEN.encode() in p.read_bytes()
    ]
    assert holding == ["config/settings.json"]


def test_demo_with_a_saved_webhook_stays_on_the_demo_portal(
    qtbot: QtBot, qapp: QApplication, home: Path, saved_portal: PortalEmulator
) -> None:
    window = build_window(["--demo"], qapp)
    try:
        window.show()
        for _ in range(2):  # the second lookup comes after any delayed token read
            answer(qtbot, window)
            qtbot.wait(50)
        assert (
            window.lookup_page.form.result_edit.text() == "1001"
        )  # the demo's chat, not the saved 777
        assert window.windowTitle() == "B24 Chat Lookup — Demo"
        window.apply_settings(Settings(webhook_url=saved_portal.webhook_url))  # Settings saved
        answer(qtbot, window)
        assert window.lookup_page.form.result_edit.text() == "1001"
        assert window.demo_portal is not None
        assert window.windowTitle() == "B24 Chat Lookup — Demo"
    finally:
        window.close()
    assert saved_portal.stats.snapshot().requests == 0
    assert not (home / "data" / "history.json").exists()  # demo answers stay out of it


def test_demo_ignores_the_environment_webhook_too(
    qtbot: QtBot,
    qapp: QApplication,
    home: Path,
    saved_portal: PortalEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("B24_WEBHOOK_URL", saved_portal.webhook_url)
    window = build_window(["--demo"], qapp)
    try:
        answer(qtbot, window)
        assert window.lookup_page.form.result_edit.text() == "1001"
    finally:
        window.close()
    assert saved_portal.stats.snapshot().requests == 0


def test_closing_a_demo_window_on_the_bulk_tab_leaves_no_bulk_thread(
    qtbot: QtBot, qapp: QApplication, home: Path
) -> None:
    from gui.desktop.threads import _live

    window = build_window(["--demo"], qapp)
    window.show()
    page = window.bulk_view.parentWidget()
    assert page is not None
    window.tabs.setCurrentWidget(page)
    before = {key for key, (thread, _) in _live.items() if thread.isRunning()}
    window.close()  # stopping the demo must not build a new Bulk view on the way out
    qtbot.waitUntil(
        lambda: (
            not any(thread.isRunning() and key not in before for key, (thread, _) in _live.items())
        ),
        timeout=5000,
    )
    assert window._bulk_view is None
