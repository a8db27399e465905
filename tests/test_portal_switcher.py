"""Several portals in the window: the switcher, the title and status bar naming the portal that
answers, a history per profile, the last one used reopening, the demo apart from every profile,
and New / Rename / Remove in Settings."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.demo.emulator import PortalEmulator
from gui.desktop.main_window import MainWindow
from gui.desktop.portal_switcher import DEMO
from gui.desktop.settings_dialog import SettingsDialog
from gui.store.paths import detect_paths
from gui.store.profiles import DEFAULT, Profiles
from gui.store.settings import Settings


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("B24_PROFILE", raising=False)
    (tmp_path / "portable.ini").write_text("", encoding="utf-8")  # tokens in the files
    return tmp_path


@pytest.fixture
def portals() -> Iterator[tuple[PortalEmulator, PortalEmulator]]:
    chats_one = {("CRM", "LEAD|1"): 1001}
    chats_two = {("CRM", "LEAD|1"): 9001}
    with (
        PortalEmulator(chats=chats_one, rate=1000, burst=1000) as one,
        PortalEmulator(chats=chats_two, rate=1000, burst=1000) as two,
    ):
        yield one, two


@pytest.fixture
def two_profiles(home: Path, portals: tuple[PortalEmulator, PortalEmulator]) -> Profiles:
    one, two = portals
    profiles = Profiles(detect_paths())
    profiles.store(profiles.get(DEFAULT)).save(Settings(webhook_url=one.webhook_url))
    profiles.store(profiles.add("Live")).save(Settings(webhook_url=two.webhook_url))
    return profiles


def open_window(qtbot: QtBot, qapp: QApplication, args: list[str] | None = None) -> MainWindow:
    window = build_window(args or [], qapp)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.webhook is not None or window.banner.isVisible())
    qtbot.waitUntil(lambda: window._token_job is None)  # the saved token has been read
    return window


def look_up(qtbot: QtBot, window: MainWindow, text: str = "LEAD|1") -> str:
    window.lookup_page.form.entity_edit.setText(text)
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=8000):
        pass
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=8000)  # the card's request
    return window.lookup_page.form.result_edit.text()


def host(portal: PortalEmulator) -> str:
    return f"127.0.0.1:{portal.port}"


def test_the_switcher_lists_profiles_and_the_demo_and_the_title_names_the_portal(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles, portals: tuple[PortalEmulator, ...]
) -> None:
    window = open_window(qtbot, qapp)
    switcher = window.portals
    assert switcher is not None
    combo = switcher.combo
    entries = [combo.itemData(i) for i in range(combo.count()) if combo.itemText(i)]
    assert entries == [DEFAULT, "Live", DEMO]
    tips = [combo.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(2)]
    assert tips == [host(portals[0]), host(portals[1])]  # each profile's portal, on hover
    assert window.windowTitle() == f"B24 Chat Lookup — default · {host(portals[0])}"
    assert switcher.status_label.text() == f"default · {host(portals[0])}"
    assert look_up(qtbot, window) == "1001"
    combo.setCurrentIndex(combo.findData("Live"))
    combo.activated.emit(combo.currentIndex())  # as a user picking it
    qtbot.waitUntil(lambda: window.controller.webhook is not None)
    assert window.windowTitle() == f"B24 Chat Lookup — Live · {host(portals[1])}"
    assert switcher.status_label.text() == f"Live · {host(portals[1])}"
    assert window.lookup_page.form.result_edit.text() == ""  # the other portal's answer is gone
    assert window.lookup_page.history_panel.list.count() == 0  # Live has its own history
    assert look_up(qtbot, window) == "9001"
    assert window.switch_to_profile(DEFAULT)
    qtbot.waitUntil(lambda: window.controller.webhook is not None)
    assert [e.chat_id for e in window.lookup_page.history.entries] == [1001]
    window.close()


def test_the_last_profile_used_reopens(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles, portals: tuple[PortalEmulator, ...]
) -> None:
    first = open_window(qtbot, qapp)
    assert first.switch_to_profile("live")
    first.close()
    again = open_window(qtbot, qapp)
    assert again.portals is not None and again.portals.profile.name == "Live"
    assert host(portals[1]) in again.windowTitle()
    again.close()
    chosen = open_window(qtbot, qapp, ["--profile", DEFAULT])
    assert host(portals[0]) in chosen.windowTitle()
    chosen.close()


def test_a_quit_right_after_a_switch_still_reopens_that_profile(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles
) -> None:
    first = open_window(qtbot, qapp)
    release = threading.Event()

    def busy(cancelled: Callable[[], bool]) -> None:  # the worker is in a slow request
        while not release.wait(0.01) and not cancelled():
            pass

    first.controller.submit(busy)
    assert first.switch_to_profile("live")  # its "reopen with Live" waits behind the request
    first.close()  # at once: the worker drops what it has not reached
    release.set()
    assert Profiles(detect_paths()).last_used == "Live"


def test_an_unknown_profile_is_refused_in_the_window(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles
) -> None:
    window = open_window(qtbot, qapp)
    assert not window.switch_to_profile("nope")
    assert "nope" in window.statusBar().currentMessage()
    window.close()


def test_the_demo_is_a_switcher_entry_never_mixed_with_a_profile(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles, portals: tuple[PortalEmulator, ...]
) -> None:
    window = open_window(qtbot, qapp)
    look_up(qtbot, window)
    switcher = window.portals
    assert switcher is not None
    switcher.combo.setCurrentIndex(switcher.combo.findData(DEMO))
    switcher.combo.activated.emit(switcher.combo.currentIndex())
    assert window.demo_portal is not None
    assert window.windowTitle() == "B24 Chat Lookup — Demo"
    assert switcher.status_label.text() == "Demo portal"
    assert window.lookup_page.history_panel.list.count() == 0  # not the profile's history
    look_up(qtbot, window)
    assert window.switch_to_profile(DEFAULT)
    qtbot.waitUntil(lambda: window.controller.webhook is not None)
    assert window.demo_portal is None
    assert [e.chat_id for e in window.lookup_page.history.entries] == [1001]  # no demo answer in it
    window.close()


def test_settings_add_rename_and_remove_profiles(
    qtbot: QtBot,
    qapp: QApplication,
    home: Path,
    portals: tuple[PortalEmulator, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, qapp)
    names = iter(["Test", "Staging"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (next(names), True))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    def in_settings(act: object) -> None:
        def run(dialog: SettingsDialog) -> int:
            act(dialog)  # type: ignore[operator]
            if dialog.removed_profile is None:
                with qtbot.waitSignal(dialog.saved, timeout=5000):  # saved on the worker
                    dialog.accept()
            return int(dialog.result())

        monkeypatch.setattr(SettingsDialog, "exec", run)
        window.open_settings()

    def add(dialog: SettingsDialog) -> None:
        assert dialog.profiles_box is not None
        dialog.profiles_box.new_button.click()
        assert dialog.webhook_edit.url() == ""  # a new profile starts empty
        dialog.webhook_edit.setText(portals[1].webhook_url)

    in_settings(add)
    assert window.portals is not None and window.portals.profile.name == "Test"
    qtbot.waitUntil(lambda: window.controller.webhook is not None)
    assert host(portals[1]) in window.windowTitle()

    def rename(dialog: SettingsDialog) -> None:
        box = dialog.profiles_box
        assert box is not None
        box.rename_button.click()  # renamed on the worker, the buttons held meanwhile
        assert not dialog.save_button.isEnabled()
        qtbot.waitUntil(lambda: not box.busy, timeout=5000)

    in_settings(rename)
    assert window.windowTitle().startswith("B24 Chat Lookup — Staging ·")
    assert Profiles(detect_paths()).names() == [DEFAULT, "Staging"]

    def remove(dialog: SettingsDialog) -> None:
        assert dialog.profiles_box is not None
        with qtbot.waitSignal(dialog.profiles_box.removed, timeout=5000):
            dialog.profiles_box.remove_button.click()
        assert dialog.result() == QDialog.DialogCode.Rejected

    in_settings(remove)
    assert window.portals.profile.name == DEFAULT
    assert Profiles(detect_paths()).names() == [DEFAULT]
    assert not (home / "config" / "profiles" / "test").exists()
    window.close()


def test_a_webhook_from_the_environment_is_named_as_such(
    qtbot: QtBot,
    qapp: QApplication,
    two_profiles: Profiles,
    portals: tuple[PortalEmulator, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("B24_WEBHOOK_URL", portals[1].webhook_url)
    window = open_window(qtbot, qapp)
    assert window.windowTitle() == f"B24 Chat Lookup — B24_WEBHOOK_URL · {host(portals[1])}"
    assert look_up(qtbot, window) == "9001"  # that portal answers, not the profile's
    window.close()


def test_a_demo_session_stays_on_the_demo(
    qtbot: QtBot, qapp: QApplication, two_profiles: Profiles
) -> None:
    window = build_window(["--demo"], qapp)
    qtbot.addWidget(window)
    window.show()
    assert window.portals is not None and not window.portals.combo.isEnabled()
    assert not window.switch_to_profile("Live")
    assert window.demo_portal is not None and window.windowTitle() == "B24 Chat Lookup — Demo"
    assert "--demo" in window.statusBar().currentMessage()
    window.close()
