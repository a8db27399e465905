"""The clipboard bar: offered once per content when the window is activated, against the portal."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from activation import switch_to
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui.demo.emulator import PortalEmulator
from gui.desktop.clipboard_offer import ClipboardOffer
from gui.desktop.main_window import MainWindow
from gui.store.paths import detect_paths
from gui.store.settings import Settings


@pytest.fixture
def window(portal_window: MainWindow) -> MainWindow:
    return portal_window


@pytest.fixture
def portal(sample_portal: PortalEmulator) -> PortalEmulator:
    return sample_portal


def offer(window: MainWindow) -> ClipboardOffer:
    bar = window.lookup_page.pasted_links.offer  # built by the first clipboard worth offering
    assert isinstance(bar, ClipboardOffer)
    assert window.findChild(ClipboardOffer, "clipboardOffer") is bar  # on screen, above the form
    return bar


def activate(window: MainWindow, clipboard: str | None = None) -> ClipboardOffer:
    if clipboard is not None:
        QGuiApplication.clipboard().setText(clipboard)
    switch_to(window)
    return offer(window)


def id_field(window: MainWindow) -> QLineEdit:
    edit = window.findChild(QLineEdit, "entityIdEdit")
    assert isinstance(edit, QLineEdit)
    return edit


def test_a_copied_card_link_is_offered_and_looked_up(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    bar = activate(window, f"http://127.0.0.1:{portal.port}/crm/deal/details/5/")
    assert bar.isVisible()
    assert bar.message.text() == "Look up DEAL|5 from the clipboard?"
    qtbot.mouseClick(bar.look_up_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert id_field(window).text() == "DEAL|5"
    qtbot.waitUntil(lambda: result_text(window) == "2005", timeout=8000)


def test_offered_once_per_clipboard_content(window: MainWindow, portal: PortalEmulator) -> None:
    bar = activate(window, "DEAL|5")
    assert bar.isVisible() and "DEAL|5" in bar.message.text()
    bar.dismiss_button.click()
    assert not activate(window).isVisible()  # the same content: not again
    assert activate(window, "lead | 13").isVisible()  # new content: offered
    assert "LEAD|13" in bar.message.text()
    assert portal.stats.snapshot().requests == 0  # offering sends nothing


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "13",
        "telegrambot|2|209607941|744",
        "WIDGET|5",
        "https://a.bitrix24.ru/crm/deal/list/",
        "https://example.com/",
        "https://a.bitrix24.ru/crm/deal/details/5/\nhttps://a.bitrix24.ru/crm/deal/details/6/",
        "https://a.bitrix24.ru/online/?IM_DIALOG=17",  # a private dialog
    ],
)
def test_what_is_not_an_entity_is_not_offered(window: MainWindow, text: str) -> None:
    assert not activate(window, text).isVisible()


def test_not_offered_when_turned_off_or_already_in_the_field(window: MainWindow) -> None:
    window.settings = replace(window.settings, offer_clipboard=False)  # Settings say so
    assert not activate(window, "DEAL|5").isVisible()
    window.settings = replace(window.settings, offer_clipboard=True)
    id_field(window).setText("DEAL|6")
    assert not activate(window, "deal|6").isVisible()


def test_another_portals_link_says_so_without_a_look_up(
    window: MainWindow, portal: PortalEmulator
) -> None:
    bar = activate(window, "https://b.bitrix24.ru/crm/deal/details/5/")
    assert bar.isVisible() and not bar.look_up_button.isVisible()
    assert "DEAL|5 from the clipboard" in bar.message.text()
    assert "b.bitrix24.ru" in bar.message.text()
    assert f"127.0.0.1:{portal.port}" in bar.message.text()


def test_a_copied_chat_link_looks_up_its_entity_then_its_chat(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    bar = activate(window, f"http://127.0.0.1:{portal.port}/online/?IM_DIALOG=chat3025")
    assert bar.message.text() == "Look up chat3025 from the clipboard?"
    bar.look_up_button.click()  # the chat's entity first, then its chat
    qtbot.waitUntil(lambda: result_text(window) == "3025", timeout=8000)
    assert id_field(window).text() == "CONTACT|25"


def test_chat_links_are_not_offered_without_a_chat_lookup(window: MainWindow) -> None:
    offer(window).offers_chats = False
    assert not activate(window, "https://a.bitrix24.ru/online/?IM_DIALOG=chat1439").isVisible()


def result_text(window: MainWindow) -> str:
    result = window.findChild(QLineEdit, "resultEdit")
    assert isinstance(result, QLineEdit)
    return result.text()


def test_a_link_copied_before_the_app_started_is_offered(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, portal: PortalEmulator
) -> None:
    # The window is watched once it is up: activated before that, it still offers what the
    # clipboard holds.
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    QGuiApplication.clipboard().setText(f"http://127.0.0.1:{portal.port}/crm/deal/details/5/")
    window = MainWindow(
        paths=detect_paths(), settings=Settings(webhook_url=portal.webhook_url), env={}
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.lookup_page.watch_window()  # as main() does once the window is up
    assert offer(window).isVisible()
    assert offer(window).message.text() == "Look up DEAL|5 from the clipboard?"
    window.close()
