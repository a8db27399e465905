"""Keyboard-only use: every menu and action has a mnemonic or a shortcut, no two mnemonics on
one screen share a letter (English and Russian), Alt+letter opens the menus and reaches the
fields, and Tab goes through both tabs and the Settings dialog top to bottom, with no trap."""
# pytest-qt's key helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.desktop import i18n
from gui.desktop.main_window import MainWindow
from gui.desktop.settings_dialog import SettingsDialog

MNEMONIC = re.compile(r"&([^&])")
TOP = ["openSettingsButton", "tryDemoButton", "startupNoticeDismissButton"]
LOOKUP = [
    "qt_tabwidget_tabbar",
    "portalSwitcher",
    "entityTypeCombo",
    "entityIdEdit",
    "lookupButton",
    "resultEdit",
    "historySearchEdit",
    "historyList",
]
BULK = [
    "qt_tabwidget_tabbar",
    "portalSwitcher",
    "bulkOpenButton",
    "bulkTypeCombo",
    "bulkCrmKindCombo",
    "bulkInputEdit",
    "bulkRunButton",
    "bulkDetailsCheck",
    "bulkFilterCombo",
    "bulkTable",
]
SETTINGS = [
    "webhookUrlEdit",
    "showTokenCheck",
    "testConnectionButton",
    "rateSpin",
    "burstSpin",
    "timeoutSpin",
    "proxyCombo",
    "caBundleEdit",
    "caBundleBrowse",
    "languageCombo",
    "offerClipboardCheck",
    "saveButton",
    "cancelButton",
    "newProfileButton",
    "renameProfileButton",
]


def _home(tmp_path: Path, language: str, *, damaged: bool) -> None:
    (tmp_path / "config").mkdir()
    if damaged:  # the notice above the tabs
        (tmp_path / "config" / "settings.json").write_text("{", encoding="utf-8")
    index = {"profiles": [{"name": "default", "folder": ""}], "language": language}
    (tmp_path / "config" / "profiles.json").write_text(json.dumps(index), encoding="utf-8")


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def window(
    qapp: QApplication,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> Iterator[MainWindow]:
    """The app as it starts with no webhook and a damaged settings file: banner and notice."""
    QGuiApplication.clipboard().clear()  # no offer to look up what another test copied
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    _home(tmp_path, language, damaged=True)
    made = build_window([], qapp)
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    yield made
    made.close()
    i18n.install_translator(qapp, "en")


def _name(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    if isinstance(widget, QAbstractButton) and widget.objectName() == "":
        return "cancelButton" if widget.text().replace("&", "") in ("Cancel", "Отмена") else "?"
    return widget.objectName() or type(widget).__name__


def _tab_through(qtbot: QtBot, start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[str]:
    """Where Tab (or Shift+Tab) goes from ``start`` until it comes back (at most 40 presses)."""
    start.setFocus()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    visited = [_name(app.focusWidget())]
    for _ in range(40):
        focused = app.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)
        if app.focusWidget() is start:
            return visited
        visited.append(_name(app.focusWidget()))
    raise AssertionError(f"Tab never came back (a trap?): {visited}")


def _mnemonics(root: QWidget) -> dict[str, list[str]]:
    """The Alt+letters of what ``root`` shows, each with the texts that use it."""
    found: dict[str, list[str]] = {}
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    if isinstance(root, MainWindow):
        texts += [action.text() for action in root.menuBar().actions()]
    for text in texts:
        match = MNEMONIC.search(text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).lower(), []).append(text)
    return found


def _settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    portals = window.portals
    assert portals is not None and window.store is not None
    dialog = SettingsDialog(
        window.store,
        window.settings,
        window.controller,
        window,
        profiles=portals.profiles,
        profile=portals.profile,
    )
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def test_every_menu_and_action_has_a_mnemonic_or_a_shortcut(window: MainWindow) -> None:
    menus = [action.menu() for action in window.menuBar().actions()]
    assert all(isinstance(menu, QMenu) for menu in menus)
    for top in window.menuBar().actions():
        assert MNEMONIC.search(top.text()), top.text()
    actions = [action for menu in menus if isinstance(menu, QMenu) for action in menu.actions()]
    bulk = window.bulk_view.results
    actions += [bulk.copy_action, bulk.open_action]  # the results table's context menu
    for action in actions:
        if action.isSeparator():
            continue
        assert MNEMONIC.search(action.text()) or not action.shortcut().isEmpty(), action.text()


def test_no_two_mnemonics_on_one_screen_share_a_letter(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        clashes = {k: v for k, v in _mnemonics(window).items() if len(v) > 1}
        assert clashes == {}, (language, window.tabs.tabText(index))
    dialog = _settings(qtbot, window)
    try:
        assert {k: v for k, v in _mnemonics(dialog).items() if len(v) > 1} == {}, language
    finally:
        dialog.reject()


@pytest.mark.parametrize("language", ["en"])
def test_alt_letters_open_the_menus_and_reach_the_fields(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.menuBar()
    for key, title in ((Qt.Key.Key_F, "&File"), (Qt.Key.Key_E, "&Edit"), (Qt.Key.Key_H, "&Help")):
        window.lookup_page.form.entity_edit.setFocus()
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        menu = next(a.menu() for a in bar.actions() if a.text() == title)
        assert isinstance(menu, QMenu)
        qtbot.waitUntil(menu.isVisible, timeout=2000)
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
        qtbot.waitUntil(menu.isHidden, timeout=2000)
    form, history = window.lookup_page.form, window.lookup_page.history_panel
    for key, field in (
        (Qt.Key.Key_I, form.entity_edit),
        (Qt.Key.Key_C, form.result_edit),
        (Qt.Key.Key_S, history.search_edit),
        (Qt.Key.Key_T, form.entity_combo),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is field, key


def test_tab_goes_top_to_bottom_through_both_tabs(qtbot: QtBot, window: MainWindow) -> None:
    form = window.lookup_page.form
    form.entity_edit.setText("LEAD|1")  # Lookup takes Tab now
    assert _tab_through(qtbot, window.banner.settings_button) == TOP + LOOKUP
    window.tabs.setCurrentIndex(1)
    view = window.bulk_view
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.input_panel.input_edit.setPlainText("LEAD|1\nLEAD|2")
    view.results.table.setCurrentIndex(view.results.proxy.index(0, 0))
    bulk = BULK  # Run too: with no webhook it says what to set
    assert _tab_through(qtbot, window.banner.settings_button) == TOP + bulk
    backwards = _tab_through(qtbot, window.banner.settings_button, Qt.Key.Key_Backtab)
    assert backwards == [TOP[0], *reversed(TOP[1:] + bulk)]


def test_tab_with_a_portal_reaches_run(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    _home(tmp_path, "en", damaged=False)
    with PortalEmulator(chats=sample_chats()) as portal:
        monkeypatch.setenv("B24_WEBHOOK_URL", portal.webhook_url)
        window = build_window([], qapp)
        qtbot.addWidget(window)
        window.show()
        try:
            window.tabs.setCurrentIndex(1)
            view = window.bulk_view
            with qtbot.waitSignal(view.preview_ready, timeout=5000):
                view.input_panel.input_edit.setPlainText("LEAD|1\nLEAD|2")
            assert _tab_through(qtbot, window.tabs.tabBar()) == BULK
        finally:
            window.close()


@pytest.mark.parametrize("language", ["en"])
def test_the_clipboard_offer_comes_before_the_form(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("https://b24-demo.bitrix24.com/crm/deal/details/7/")
    window.lookup_page.pasted_links.offer.check()
    qtbot.waitUntil(window.lookup_page.pasted_links.offer.isVisible, timeout=2000)
    offer = ["clipboardLookUpButton", "clipboardDismissButton"]
    lookup = [name for name in LOOKUP[:2] + offer + LOOKUP[2:] if name != "lookupButton"]
    assert _tab_through(qtbot, window.banner.settings_button) == TOP + lookup
    QGuiApplication.clipboard().clear()


def test_tab_through_the_settings_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _settings(qtbot, window)
    try:
        assert QApplication.focusWidget() is dialog.webhook_edit  # typing starts there
        assert _tab_through(qtbot, dialog.webhook_edit) == SETTINGS
    finally:
        dialog.reject()
