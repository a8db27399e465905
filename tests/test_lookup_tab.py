"""The Lookup tab as a newcomer meets it: focus, answers that belong to their question, nothing
clipped at the minimum size (English and Russian), the history's search, copy, remove and clear,
and a browser that does not open."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QGroupBox, QLineEdit, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.desktop import i18n
from gui.desktop.main_window import MainWindow
from gui.store.history import History
from gui.store.paths import AppPaths, detect_paths
from gui.store.settings import Settings

FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    return detect_paths()


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(chats=sample_chats(), rate=1000, burst=1000) as emulator:
        yield emulator


def open_window(qtbot: QtBot, paths: AppPaths, url: str = "") -> MainWindow:
    window = MainWindow(paths=paths, settings=Settings(webhook_url=url), env={})
    qtbot.addWidget(window)
    if url:
        window.controller.configure(WebhookUrl.parse(url), FAST)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, paths: AppPaths, portal: PortalEmulator) -> Iterator[MainWindow]:
    made = open_window(qtbot, paths, portal.webhook_url)
    yield made
    made.close()


def look_up(qtbot: QtBot, window: MainWindow, text: str, kind: str = "CRM") -> None:
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData(kind)
    )
    window.lookup_page.form.entity_edit.setText(text)
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=8000):
        pass
    # The chat card's own request follows the lookup: let it end too.
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=8000)


def answer_shown(window: MainWindow) -> bool:
    return bool(
        window.lookup_page.form.result_edit.text()
        or window.lookup_page.form.result_label.text()
        or window.lookup_page.form.copy_button.isEnabled()
        or window.lookup_page.form.open_button.isEnabled()
        or window.copy_action.isEnabled()
    )


# -- focus --------------------------------------------------------------------------------


def test_focus_starts_in_the_id_field_and_typing_goes_there(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.lookup_page.form.entity_edit)
    qtbot.keyClicks(QApplication.focusWidget(), "LEAD|3")
    assert window.lookup_page.form.entity_edit.text() == "LEAD|3"
    assert (
        window.lookup_page.form.entity_combo.currentData() == "CRM"
    )  # typing did not switch the type
    with qtbot.waitSignal(window.lookup_page.chat_shown, timeout=8000):
        qtbot.keyClick(window.lookup_page.form.entity_edit, Qt.Key.Key_Return)
    assert window.lookup_page.form.result_edit.text() == str(sample_chats()[("CRM", "LEAD|3")])


# -- an answer belongs to its question ------------------------------------------------------


def test_editing_the_id_clears_the_answer(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "LEAD|1")
    assert window.lookup_page.form.result_edit.text() == "1001" and window.copy_action.isEnabled()
    card = window.findChild(QGroupBox, "chatCard")
    assert card is not None
    qtbot.waitUntil(card.isVisible)
    qtbot.keyClick(window.lookup_page.form.entity_edit, Qt.Key.Key_Backspace)
    assert not answer_shown(window)
    assert not card.isVisible()  # the card went with the answer
    window.lookup_page.form.entity_edit.setText("LEAD|x")  # through an invalid ID too
    assert window.lookup_page.form.input_error.isVisible() and not answer_shown(window)


def test_changing_the_type_clears_the_answer(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "LEAD|1")
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData("LINES")
    )
    assert not answer_shown(window)


def test_no_old_answer_during_a_rate_limited_wait(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    look_up(qtbot, window, "LEAD|1")
    portal.inject(Fault("slow", seconds=0.1))
    window.lookup_page.form.entity_edit.setText("LEAD|2")
    window.lookup_page.lookup()
    assert not answer_shown(window)  # while the portal thinks, nothing copyable is shown
    qtbot.waitUntil(lambda: window.lookup_page.form.result_edit.text() == "1002", timeout=8000)


def test_an_answer_to_an_edited_question_goes_only_to_the_history(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    portal.inject(Fault("slow", seconds=0.1))
    window.lookup_page.form.entity_edit.setText("LEAD|2")
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=8000):
        window.lookup_page.form.entity_edit.setText("LEAD|3")  # typed while LEAD|2 is answered
    assert not answer_shown(window)
    assert window.lookup_page.history.entries[0].entity_id == "LEAD|2"


def test_choosing_the_demo_clears_no_webhook_is_set(qtbot: QtBot, paths: AppPaths) -> None:
    window = open_window(qtbot, paths)
    window.lookup_page.form.entity_edit.setText("LEAD|1")
    job = window.lookup_page.lookup()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=5000):
        pass
    assert "webhook" in window.lookup_page.form.result_label.text().lower()
    window.start_demo()
    assert not answer_shown(window)
    window.close()


def test_a_new_portal_clears_the_answer(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    look_up(qtbot, window, "LEAD|1")
    with PortalEmulator(chats={}) as other:
        window.apply_settings(Settings(webhook_url=other.webhook_url))
        assert not answer_shown(window)


# -- nothing clipped at the minimum size ----------------------------------------------------


def _fits(edit: QLineEdit, text: str) -> bool:
    # The room a QLineEdit gives its text: its contents minus the frame and text margins.
    inner = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
    return QFontMetrics(edit.font()).horizontalAdvance(text) <= inner - 4


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication, tmp_path: Path) -> Iterator[str]:
    i18n.install_translator(qapp, request.param, cache=tmp_path / "qm")
    yield request.param
    i18n.install_translator(qapp, "en")


def test_nothing_is_clipped_at_the_minimum_size(
    qtbot: QtBot, paths: AppPaths, portal: PortalEmulator, language: str
) -> None:
    window = open_window(qtbot, paths, portal.webhook_url)
    window.resize(window.minimumSizeHint())
    window.resize(1, 1)  # the window stops at its minimum
    qtbot.wait(50)
    assert window.width() >= window.minimumSizeHint().width() - 1
    edit = window.lookup_page.form.result_edit
    assert _fits(edit, edit.placeholderText()), (language, edit.placeholderText(), edit.width())
    look_up(qtbot, window, "LEAD|1")
    assert edit.text() == "1001" and _fits(edit, "1001")
    assert _fits(edit, "4294967295")  # the largest chat ID Bitrix24 hands out still fits
    for button in (
        window.lookup_page.form.copy_button,
        window.lookup_page.form.open_button,
        window.lookup_page.form.lookup_button,
    ):
        metrics = QFontMetrics(button.font())
        assert button.width() >= metrics.horizontalAdvance(button.text().replace("&", "")), (
            button.text()
        )
    window.close()


def test_a_long_lines_entry_keeps_its_chat_number_in_sight(
    qtbot: QtBot, window: MainWindow
) -> None:
    look_up(qtbot, window, "telegrambot|2|209607941|744", kind="LINES")
    window.resize(1, 1)
    qtbot.wait(50)
    listing = window.lookup_page.history_panel.list
    item = listing.item(0)
    rect = listing.visualItemRect(item)
    assert rect.left() >= 0 and rect.right() <= listing.viewport().width()  # no sideways scroll
    assert not listing.horizontalScrollBar().isVisible()
    assert listing.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert listing.textElideMode() == Qt.TextElideMode.ElideRight  # the end is what is cut
    metrics = QFontMetrics(listing.font())
    assert metrics.horizontalAdvance(item.text()) > rect.width()  # too long: it is cut
    shown = metrics.elidedText(item.text(), listing.textElideMode(), rect.width() - 8)
    assert "6001" in shown, shown  # the answer leads: what is cut is the ID's tail


# -- history: search, copy, remove, clear ---------------------------------------------------


def _fill_history(paths: AppPaths) -> None:
    history = History(paths.history_file)
    for kind, ident, chat in (
        ("CRM", "LEAD|1", 1001),
        ("CRM", "DEAL|5", 2005),
        ("CRM", "LEAD|7", None),
    ):
        history.record(kind, ident, chat)
    history.save()


def test_history_search_filters_the_entries(qtbot: QtBot, paths: AppPaths) -> None:
    _fill_history(paths)
    window = open_window(qtbot, paths)
    panel = window.lookup_page.history_panel
    qtbot.keyClicks(panel.search_edit, "lead")
    assert [e.entity_id for e in panel.shown_entries()] == ["LEAD|7", "LEAD|1"]
    panel.search_edit.setText("2005")  # the chat number finds it too
    assert [e.entity_id for e in panel.shown_entries()] == ["DEAL|5"]
    panel.search_edit.clear()
    assert len(panel.shown_entries()) == 3
    window.close()


def test_history_copies_and_removes_one_entry(qtbot: QtBot, paths: AppPaths) -> None:
    _fill_history(paths)
    window = open_window(qtbot, paths)
    listing = window.lookup_page.history_panel.list
    listing.setFocus()
    listing.setCurrentRow(1)  # DEAL|5
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(listing, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "2005"
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert [e.entity_id for e in window.lookup_page.history_panel.shown_entries()] == [
        "LEAD|7",
        "LEAD|1",
    ]
    window.close()  # saves the history
    saved = json.loads(paths.history_file.read_text(encoding="utf-8"))["entries"]
    assert [e["entity_id"] for e in saved] == ["LEAD|7", "LEAD|1"]


def _menu_on_entry(qtbot: QtBot, window: MainWindow, row: int, choose: str) -> list[str]:
    """Right-click the history entry at ``row``, pick ``choose`` from the menu; its items."""
    listing = window.lookup_page.history_panel.list
    shown: list[str] = []

    def pick() -> None:  # runs inside the menu's own loop
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        shown.extend(action.text() for action in menu.actions() if action.text())
        next(action for action in menu.actions() if action.text() == choose).trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    viewport = listing.viewport()
    inside = listing.visualItemRect(listing.item(row)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, inside, viewport.mapToGlobal(inside))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    return shown


def test_history_entries_have_a_context_menu(qtbot: QtBot, paths: AppPaths) -> None:
    _fill_history(paths)
    window = open_window(qtbot, paths)
    QGuiApplication.clipboard().setText("before")
    items = _menu_on_entry(qtbot, window, 1, "&Copy chat ID")  # DEAL|5
    assert items == ["&Copy chat ID", "&Remove entry", "C&lear history…"]
    assert QGuiApplication.clipboard().text() == "2005"
    _menu_on_entry(qtbot, window, 0, "&Remove entry")  # LEAD|7
    shown = window.lookup_page.history_panel.shown_entries()
    assert [e.entity_id for e in shown] == ["DEAL|5", "LEAD|1"]
    window.close()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_clearing_the_history_asks_first(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, answer: object
) -> None:
    _fill_history(paths)
    window = open_window(qtbot, paths)
    asked: list[str] = []

    def question(_parent: QWidget, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(window.lookup_page.history_panel.clear_button, Qt.MouseButton.LeftButton)
    assert asked and "3" in asked[0]
    cleared = answer == QMessageBox.StandardButton.Yes
    assert (window.lookup_page.history_panel.list.count() == 0) == cleared
    window.close()  # waits for the history's write
    saved = json.loads(paths.history_file.read_text(encoding="utf-8"))["entries"]
    assert (saved == []) == cleared


# -- a browser that does not open -----------------------------------------------------------


def test_open_in_bitrix24_without_a_browser_says_so_in_the_window(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    look_up(qtbot, window, "CONTACT|25")
    qtbot.mouseClick(window.lookup_page.form.open_button, Qt.MouseButton.LeftButton)
    url = QUrl(f"{portal.base_url}/online/?IM_DIALOG=chat3025").toString()
    assert (
        "browser" in window.lookup_page.form.result_label.text()
        and url in window.lookup_page.form.result_label.text()
    )
    assert window.lookup_page.form.result_label.isVisible()
    assert url in window.statusBar().currentMessage()
    assert window.lookup_page.form.result_edit.text() == "3025"  # the answer stays
    assert QCoreApplication.instance() is not None


def test_keyboard_only_tab_runs_form_answer_then_history(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "LEAD|1")
    window.activateWindow()
    window.lookup_page.form.entity_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.lookup_page.form.entity_edit)
    visited: list[str] = []
    for _ in range(20):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        visited.append(focused.objectName())
        if focused is window.lookup_page.form.entity_edit:
            break
    wanted = [
        "lookupButton",
        "resultEdit",
        "copyButton",
        "openChatButton",
        "historySearchEdit",
        "historyList",
        "clearHistoryButton",
        "entityTypeCombo",
        "entityIdEdit",
    ]
    assert [name for name in visited if name in wanted] == wanted, visited
    assert "entityTypeCombo" in visited and visited[-1] == "entityIdEdit"  # round and back


def test_the_chat_cards_open_buttons_without_a_browser_say_so_in_the_card(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    look_up(qtbot, window, "LEAD|1")
    open_chat = window.findChild(QPushButton, "chatCardOpenChat")
    note = window.findChild(QLabel, "chatCardNote")
    assert open_chat is not None and note is not None
    qtbot.waitUntil(open_chat.isEnabled)
    open_chat.click()
    assert "browser" in note.text() and "IM_DIALOG=chat1001" in note.text()
    assert note.isVisible()
