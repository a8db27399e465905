"""A link to another of the user's portals: one click switches to its profile, then looks up.

Two local portals, two profiles ("default" on the first, "Live" on the second), the window as
the app builds it.
"""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from activation import switch_to
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.demo.emulator import PortalEmulator
from gui.desktop.main_window import MainWindow
from gui.store.paths import detect_paths
from gui.store.profiles import DEFAULT, Profiles
from gui.store.settings import Settings


@pytest.fixture
def portals() -> Iterator[tuple[PortalEmulator, PortalEmulator]]:
    with (
        PortalEmulator(chats={("CRM", "DEAL|5"): 2005}, rate=1000, burst=1000) as one,
        PortalEmulator(chats={("CRM", "DEAL|5"): 9005}, rate=1000, burst=1000) as two,
    ):
        yield one, two


@pytest.fixture
def window(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    portals: tuple[PortalEmulator, PortalEmulator],
) -> Iterator[MainWindow]:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("B24_PROFILE", raising=False)
    (tmp_path / "portable.ini").write_text("", encoding="utf-8")  # tokens in the files
    one, two = portals
    profiles = Profiles(detect_paths())
    profiles.store(profiles.get(DEFAULT)).save(Settings(webhook_url=one.webhook_url))
    profiles.store(profiles.add("Live")).save(Settings(webhook_url=two.webhook_url))
    QGuiApplication.clipboard().clear()
    made = build_window([], qapp)
    qtbot.addWidget(made)
    made.show()
    made.lookup_page.watch_window()  # as main() does once the window is up
    qtbot.waitUntil(lambda: made.controller.webhook is not None)
    qtbot.waitUntil(lambda: made._token_job is None)  # the saved token has been read
    yield made
    made.close()


def paste(window: MainWindow, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    edit = window.lookup_page.form.entity_edit
    edit.setFocus()
    edit.paste()


def test_the_field_offers_the_switch_and_then_looks_up(
    qtbot: QtBot, window: MainWindow, portals: tuple[PortalEmulator, PortalEmulator]
) -> None:
    one, two = portals
    form = window.lookup_page.form
    paste(window, f"http://127.0.0.1:{two.port}/crm/deal/details/5/")
    button = form.links.switch_button
    assert form.entity_edit.text() == "DEAL|5" and not form.lookup_button.isEnabled()
    assert f"127.0.0.1:{two.port}" in form.input_error.text()
    assert button.isVisible() and button.text() == "Switch to Live"
    # under the field, at its leading edge and as wide as its text
    assert button.x() == form.entity_edit.x() and button.width() == button.sizeHint().width()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.portals is not None and window.portals.profile.name == "Live"
    qtbot.waitUntil(lambda: form.result_edit.text() == "9005", timeout=8000)
    assert not button.isVisible() and not form.input_error.isVisible()
    assert one.stats.snapshot().commands == 0


def test_no_switch_for_a_portal_without_a_profile(window: MainWindow) -> None:
    form = window.lookup_page.form
    paste(window, "https://elsewhere.bitrix24.ru/crm/deal/details/5/")
    assert "elsewhere.bitrix24.ru" in form.input_error.text()
    assert not form.links.switch_button.isVisible()


def test_switching_profile_by_hand_makes_the_link_this_portals(
    qtbot: QtBot, window: MainWindow, portals: tuple[PortalEmulator, PortalEmulator]
) -> None:
    _, two = portals
    form = window.lookup_page.form
    paste(window, f"http://127.0.0.1:{two.port}/crm/deal/details/5/")
    assert not form.lookup_button.isEnabled()
    assert window.switch_to_profile("Live")  # the switcher, say
    qtbot.waitUntil(form.lookup_button.isEnabled, timeout=3000)
    assert not form.input_error.isVisible()


def test_the_clipboard_bar_switches_then_looks_up(
    qtbot: QtBot, window: MainWindow, portals: tuple[PortalEmulator, PortalEmulator]
) -> None:
    _, two = portals
    QGuiApplication.clipboard().setText(f"http://127.0.0.1:{two.port}/crm/deal/details/5/")
    switch_to(window)
    bar = window.lookup_page.pasted_links.offer
    assert bar.isVisible() and bar.look_up_button.isVisible()
    assert bar.look_up_button.text() == "Switch to Live and look up"
    assert f"127.0.0.1:{two.port}" in bar.message.text()
    qtbot.mouseClick(bar.look_up_button, Qt.MouseButton.LeftButton)
    assert window.portals is not None and window.portals.profile.name == "Live"
    qtbot.waitUntil(lambda: window.lookup_page.form.result_edit.text() == "9005", timeout=8000)


def test_a_chat_link_of_another_profile_is_asked_there(
    qtbot: QtBot, window: MainWindow, portals: tuple[PortalEmulator, PortalEmulator]
) -> None:
    one, two = portals
    form = window.lookup_page.form
    paste(window, f"http://127.0.0.1:{two.port}/online/?IM_DIALOG=chat9005")
    assert one.stats.snapshot().requests == 0  # not asked of the first portal
    qtbot.mouseClick(form.links.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.result_edit.text() == "9005", timeout=8000)
    assert form.entity_edit.text() == "DEAL|5"
    assert one.stats.snapshot().requests == 0
