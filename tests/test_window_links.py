"""Links pasted, dropped or typed into the Lookup tab's ID field, against the local portal."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from gui.bitrix.links import ChatLink
from gui.demo.emulator import PortalEmulator
from gui.desktop.main_window import MainWindow


@pytest.fixture
def window(portal_window: MainWindow) -> MainWindow:
    return portal_window


@pytest.fixture
def portal(sample_portal: PortalEmulator) -> PortalEmulator:
    return sample_portal


def widget(window: MainWindow, kind: type, name: str) -> object:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def parts(window: MainWindow) -> tuple[QComboBox, QLineEdit, QAbstractButton, QLabel]:
    combo = widget(window, QComboBox, "entityTypeCombo")
    edit = widget(window, QLineEdit, "entityIdEdit")
    button = widget(window, QAbstractButton, "lookupButton")
    error = widget(window, QLabel, "entityIdError")
    assert isinstance(combo, QComboBox) and isinstance(edit, QLineEdit)
    assert isinstance(button, QAbstractButton) and isinstance(error, QLabel)
    return combo, edit, button, error


def paste(edit: QLineEdit, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    edit.paste()


def here(portal: PortalEmulator, path: str) -> str:
    return f"http://127.0.0.1:{portal.port}{path}"


def look_up(qtbot: QtBot, window: MainWindow) -> str:
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=8000):
        pass
    return result_text(window)


def test_a_pasted_card_link_shows_its_id_and_the_type_follows(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    combo, edit, button, error = parts(window)
    combo.setCurrentIndex(combo.findData("LINES"))
    link = here(portal, "/crm/type/128/details/3/?IFRAME=Y")
    paste(edit, link)
    assert (combo.currentData(), edit.text(), edit.toolTip()) == ("CRM", "DYNAMIC_128|3", link)
    assert button.isEnabled() and not error.isVisible()
    assert look_up(qtbot, window) == "5003"


def test_a_link_pasted_into_an_id_replaces_it(window: MainWindow, portal: PortalEmulator) -> None:
    _, edit, _, _ = parts(window)
    edit.setText("LEAD|1")
    edit.setCursorPosition(3)
    paste(edit, here(portal, "/crm/deal/details/5/"))
    assert edit.text() == "DEAL|5"


def test_editing_the_shown_id_drops_the_link(window: MainWindow, portal: PortalEmulator) -> None:
    _, edit, _, _ = parts(window)
    paste(edit, here(portal, "/crm/deal/details/5/"))
    edit.setCursorPosition(len(edit.text()))
    edit.insert("0")  # DEAL|50, typed: no longer the link's
    assert (edit.text(), edit.toolTip()) == ("DEAL|50", "")
    assert window.lookup_page.form.links.link is None


def test_a_dropped_browser_link_fills_the_field(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    combo, edit, _, _ = parts(window)
    edit.setText("LEAD|1")
    mime = QMimeData()
    mime.setUrls([QUrl(here(portal, "/crm/contact/details/25/"))])  # a URL only, no text
    point = QPointF(edit.rect().center())
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction | Qt.DropAction.LinkAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(edit, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction | Qt.DropAction.LinkAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(edit, drop)
    assert (combo.currentData(), edit.text()) == ("CRM", "CONTACT|25")
    assert look_up(qtbot, window) == "3025"


def test_a_link_typed_by_hand_is_read_when_editing_finishes(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    _, edit, button, error = parts(window)
    edit.setFocus()
    qtbot.keyClicks(edit, here(portal, "/crm/deal/details/1"))
    assert edit.text().startswith("http")  # not read at "details/1" while typing "details/16"
    assert not button.isEnabled() and "Enter" in error.text()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "DEAL|1"
    assert button.isEnabled()


def test_a_link_to_another_portal_says_so_and_is_not_sent(
    window: MainWindow, portal: PortalEmulator
) -> None:
    _, edit, button, error = parts(window)
    paste(edit, "https://other.bitrix24.ru/crm/deal/details/5/")
    assert edit.text() == "DEAL|5"
    assert not button.isEnabled()
    assert "other.bitrix24.ru" in error.text() and f"127.0.0.1:{portal.port}" in error.text()
    assert window.lookup_page.lookup() is None
    edit.setText("DEAL|5")  # unchanged text keeps the link
    assert not button.isEnabled()
    edit.setText("DEAL|6")  # typed: asks this portal
    assert button.isEnabled()
    assert portal.stats.snapshot().requests == 0


def test_a_link_we_cannot_read_names_the_shapes_and_sends_nothing(
    window: MainWindow, portal: PortalEmulator
) -> None:
    _, edit, button, error = parts(window)
    paste(edit, here(portal, "/crm/deal/list/"))
    assert not button.isEnabled()
    assert "/crm/deal/details/1663/" in error.text()
    assert window.lookup_page.lookup() is None
    edit.clear()
    assert not error.isVisible()
    assert portal.stats.snapshot().requests == 0


def result_text(window: MainWindow) -> str:
    result = widget(window, QLineEdit, "resultEdit")
    assert isinstance(result, QLineEdit)
    return result.text()


def test_a_pasted_chat_link_finds_its_entity_then_looks_it_up(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    combo, edit, _, _ = parts(window)
    with qtbot.waitSignal(window.lookup_page.form.links.chat_link_pasted) as blocker:
        paste(edit, here(portal, "/online/?IM_DIALOG=chat3025&IM_MESSAGE=7"))
    link = blocker.args[0]
    assert isinstance(link, ChatLink) and link.chat_id == 3025
    qtbot.waitUntil(lambda: result_text(window) == "3025", timeout=8000)
    assert (combo.currentData(), edit.text()) == ("CRM", "CONTACT|25")
    # one to find the chat's entity, then the lookup, then the card (which follows the answer)
    qtbot.waitUntil(lambda: portal.stats.snapshot().by_method.get("im.dialog.get") == 2)
    assert portal.stats.snapshot().by_method == {"im.dialog.get": 2, "im.chat.get": 1}


def test_a_group_chat_link_finds_the_group(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    combo, edit, _, _ = parts(window)
    paste(edit, here(portal, "/online/?IM_DIALOG=sg103"))
    qtbot.waitUntil(lambda: result_text(window) == "7103", timeout=8000)
    assert (combo.currentData(), edit.text()) == ("SONET_GROUP", "103")


def test_a_hidden_chat_says_why_and_keeps_the_link(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    _, edit, button, _ = parts(window)
    paste(edit, here(portal, "/online/?IM_DIALOG=chat2002"))  # DEAL|2: not a member
    message = widget(window, QLabel, "resultMessage")
    assert isinstance(message, QLabel)
    qtbot.waitUntil(lambda: "not a member" in message.text(), timeout=8000)
    assert edit.text() == "chat2002" and not button.isEnabled()


def test_another_portals_chat_link_is_not_sent(window: MainWindow, portal: PortalEmulator) -> None:
    _, edit, _, error = parts(window)
    paste(edit, "https://b.bitrix24.ru/online/?IM_DIALOG=chat3025")
    assert "b.bitrix24.ru" in error.text()
    assert portal.stats.snapshot().requests == 0
