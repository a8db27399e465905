"""A link to another of the user's portals: one click switches to its profile, then looks up.

The window's profile switch is the profiles work's; here a stand-in switches the window to a
second local portal, as a profile switch ends (the window asks the new portal).
"""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import PortalEmulator, sample_portal
from gui.desktop.main_window import MainWindow

FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)


@pytest.fixture
def second() -> Iterator[PortalEmulator]:
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emulator:
        yield emulator


@pytest.fixture
def window(portal_window: MainWindow, second: PortalEmulator) -> MainWindow:
    """The window on the first portal; the user also has a profile "Second" for the other."""
    switched: list[str] = []

    def switch(name: str) -> None:  # what the window's profile switch does, in the end
        switched.append(name)
        portal_window.use_portal(WebhookUrl.parse(second.webhook_url), FAST)

    portal_window.pasted_links.switch_requested.connect(switch)
    portal_window.pasted_links.portal_changed(
        portal_window.controller.webhook, profiles={f"127.0.0.1:{second.port}": "Second"}
    )
    portal_window.switched = switched  # type: ignore[attr-defined]
    return portal_window


def result_text(window: MainWindow) -> str:
    result = window.findChild(QLineEdit, "resultEdit")
    assert isinstance(result, QLineEdit)
    return result.text()


def test_the_field_offers_the_switch_and_then_looks_up(
    qtbot: QtBot, window: MainWindow, second: PortalEmulator
) -> None:
    form = window.lookup_page.form
    QGuiApplication.clipboard().setText(f"http://127.0.0.1:{second.port}/crm/deal/details/5/")
    form.entity_edit.setFocus()
    form.entity_edit.paste()
    button = form.links.switch_button
    assert form.entity_edit.text() == "DEAL|5" and not form.lookup_button.isEnabled()
    assert button.isVisible() and button.text() == "Switch to Second"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.switched == ["Second"]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: result_text(window) == "2005", timeout=8000)
    assert second.stats.snapshot().by_method.get("im.chat.get") == 1
    assert not button.isVisible()


def test_no_switch_for_a_portal_without_a_profile(window: MainWindow) -> None:
    form = window.lookup_page.form
    QGuiApplication.clipboard().setText("https://elsewhere.bitrix24.ru/crm/deal/details/5/")
    form.entity_edit.setFocus()
    form.entity_edit.paste()
    assert "elsewhere.bitrix24.ru" in form.input_error.text()
    assert not form.links.switch_button.isVisible()


def test_the_clipboard_bar_switches_then_looks_up(
    qtbot: QtBot, window: MainWindow, second: PortalEmulator
) -> None:
    QGuiApplication.clipboard().setText(f"http://127.0.0.1:{second.port}/crm/contact/details/25/")
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    bar = window.pasted_links.offer
    assert bar.isVisible() and bar.look_up_button.isVisible()
    assert bar.look_up_button.text() == "Switch to Second and look up"
    assert f"127.0.0.1:{second.port}" in bar.message.text()
    qtbot.mouseClick(bar.look_up_button, Qt.MouseButton.LeftButton)
    assert window.switched == ["Second"]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: result_text(window) == "3025", timeout=8000)
