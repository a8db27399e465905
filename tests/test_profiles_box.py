"""Settings → Portal profile: Rename… and Remove… write the profile list and the keyring on the
worker thread, the dialog's buttons held meanwhile, and a failure is told as a sentence with
nothing changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import MemoryTokenStore
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

import gui.store.profiles as profiles_module
import gui.store.user_files as user_files
from gui.desktop.settings_dialog import SettingsDialog
from gui.desktop.worker import WorkerController
from gui.store.paths import AppPaths
from gui.store.profiles import DEFAULT, Profile, Profiles
from gui.store.settings import Settings

WEBHOOK = "https://b24-demo.bitrix24.com/rest/7/abcdef0123456789/"
GATE = threading.Event()  # a slow disk or keyring waits for it


class SlowKeyring(MemoryTokenStore):
    def __init__(self) -> None:
        super().__init__()
        self.deleted_on: list[str] = []

    def delete(self, account: str) -> None:
        self.deleted_on.append(threading.current_thread().name)
        GATE.wait(5)
        super().delete(account)

    def set(self, account: str, token: str) -> None:
        GATE.wait(5)
        super().set(account, token)


@pytest.fixture
def keyring() -> SlowKeyring:
    return SlowKeyring()


@pytest.fixture
def profiles(tmp_path: Path, keyring: SlowKeyring) -> Iterator[Profiles]:
    GATE.set()
    made = Profiles(AppPaths.under(tmp_path, portable=False), tokens=lambda: keyring)
    made.store(made.add("Test")).save(Settings(webhook_url=WEBHOOK))
    yield made
    GATE.set()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch, refusals: list[str]) -> list[str]:
    """Remove… is answered Yes, Rename… with "Staging"; the warnings shown."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: ("Staging", True))
    return refusals


@pytest.fixture
def index_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads the profile list was written on; each write waits for GATE."""
    threads: list[str] = []
    real = user_files.write_atomically

    def slow_write(path: Path, text: str) -> None:
        threads.append(threading.current_thread().name)
        GATE.wait(5)
        real(path, text)

    monkeypatch.setattr(profiles_module, "write_atomically", slow_write)
    return threads


def make_dialog(
    qtbot: QtBot, profiles: Profiles, controller: WorkerController | None
) -> SettingsDialog:
    profile = profiles.get("Test")
    store = profiles.store(profile)
    dialog = SettingsDialog(
        store, store.load().settings, controller, profiles=profiles, profile=profile
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_rename_writes_off_the_gui_thread_with_the_dialog_held(
    qtbot: QtBot,
    profiles: Profiles,
    controller: WorkerController,
    warnings: list[str],
    index_writes: list[str],
) -> None:
    dialog = make_dialog(qtbot, profiles, controller)
    box = dialog.profiles_box
    assert box is not None
    GATE.clear()
    box.rename_button.click()  # returns at once: the list is being written
    qtbot.waitUntil(lambda: bool(index_writes), timeout=5000)
    assert index_writes[0] != threading.main_thread().name
    held = [box.rename_button, box.remove_button, box.new_button, dialog.save_button]
    assert not any(button.isEnabled() for button in held)
    dialog.reject()  # Cancel waits for the rename
    assert dialog.isVisible()
    with qtbot.waitSignal(box.renamed, timeout=5000):
        GATE.set()
    assert all(button.isEnabled() for button in held)
    assert box.profile.name == "Staging" and "Staging" in box.label.text()
    assert Profiles(profiles.base).names() == [DEFAULT, "Staging"]
    assert warnings == []


def test_remove_forgets_the_token_off_the_gui_thread(
    qtbot: QtBot,
    profiles: Profiles,
    controller: WorkerController,
    warnings: list[str],
    keyring: SlowKeyring,
) -> None:
    folder = profiles.paths(profiles.get("Test")).config_dir
    dialog = make_dialog(qtbot, profiles, controller)
    assert dialog.profiles_box is not None
    GATE.clear()
    dialog.profiles_box.remove_button.click()
    qtbot.waitUntil(lambda: bool(keyring.deleted_on), timeout=5000)
    assert keyring.deleted_on[0] != threading.main_thread().name
    assert not dialog.save_button.isEnabled() and dialog.isVisible()
    with qtbot.waitSignal(dialog.profiles_box.removed, timeout=5000):
        GATE.set()
    assert not dialog.isVisible() and dialog.removed_profile == Profile("Test", "test")
    assert not folder.exists() and Profiles(profiles.base).names() == [DEFAULT]
    assert not any(token for token in keyring.tokens.values() if token)


@pytest.mark.parametrize("with_worker", [True, False])
@pytest.mark.parametrize("action", ["rename", "remove"])
def test_a_profile_list_that_cannot_be_written_is_told_and_nothing_changes(
    qtbot: QtBot,
    profiles: Profiles,
    controller: WorkerController,
    warnings: list[str],
    monkeypatch: pytest.MonkeyPatch,
    action: str,
    with_worker: bool,
) -> None:
    def refused(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(profiles_module, "write_atomically", refused)
    dialog = make_dialog(qtbot, profiles, controller if with_worker else None)
    box = dialog.profiles_box
    assert box is not None
    button = box.rename_button if action == "rename" else box.remove_button
    button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    assert "could not be written (Permission denied)" in warnings[0], warnings
    assert str(profiles.index_file) in warnings[0] and "[Errno" not in warnings[0]
    assert profiles.names() == [DEFAULT, "Test"] and box.profile.name == "Test"
    assert profiles.paths(profiles.get("Test")).settings_file.is_file()
    assert box.rename_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.isVisible()


def test_while_settings_are_saved_the_profiles_cannot_change(
    qtbot: QtBot, profiles: Profiles, controller: WorkerController, warnings: list[str]
) -> None:
    dialog = make_dialog(qtbot, profiles, controller)
    assert dialog.profiles_box is not None
    GATE.clear()
    dialog.accept()  # the keyring is slow: the save is under way
    assert not dialog.profiles_box.isEnabled() and not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        GATE.set()
    assert dialog.profiles_box.isEnabled() and warnings == []
