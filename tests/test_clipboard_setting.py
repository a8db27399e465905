"""The clipboard offer's one setting: saved and loaded, checked, shown in Settings, obeyed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from activation import switch_to
from fakes import MemoryTokenStore
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from gui.desktop.main_window import MainWindow
from gui.desktop.settings_dialog import SettingsDialog
from gui.store.paths import AppPaths
from gui.store.settings import OFFER_CLIPBOARD_NOT_BOOL, Settings, SettingsStore


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(AppPaths.under(tmp_path, portable=False), MemoryTokenStore())


def test_saved_and_loaded(store: SettingsStore) -> None:
    assert Settings().offer_clipboard is True
    store.save(Settings(offer_clipboard=False, rate=3.0))
    assert json.loads(store.path.read_text(encoding="utf-8"))["offer_clipboard"] is False
    loaded = store.load()
    assert (loaded.settings.offer_clipboard, loaded.settings.rate, loaded.warnings) == (
        False,
        3.0,
        [],
    )


@pytest.mark.parametrize("bad", ["no", 0, 1, None, [False]])
def test_a_bad_value_falls_back_to_offering_alone(store: SettingsStore, bad: object) -> None:
    store.save(Settings(rate=3.0))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    store.path.write_text(json.dumps({**data, "offer_clipboard": bad}), encoding="utf-8")
    loaded = store.load()
    assert (loaded.settings.offer_clipboard, loaded.settings.rate) == (True, 3.0)
    assert [w.template for w in loaded.warnings]  # type: ignore[attr-defined]
    assert "clipboard offer must be true or false" in loaded.warnings[0]


def test_only_a_bool_setting_takes_a_bool() -> None:
    assert Settings(offer_clipboard=1).validate() == [OFFER_CLIPBOARD_NOT_BOOL]  # type: ignore[arg-type]
    assert Settings(rate=True).validate()  # type: ignore[arg-type]  # True is not 1 request/s
    assert Settings(offer_clipboard=False).validate() == []


def test_the_dialog_shows_and_returns_it(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = SettingsDialog(store, Settings(offer_clipboard=False), None)
    qtbot.addWidget(dialog)
    assert not dialog.window_box.offer_clipboard_check.isChecked()
    assert dialog.window_box.offer_clipboard_check.accessibleName()
    dialog.window_box.offer_clipboard_check.setChecked(True)
    assert dialog.current_settings().offer_clipboard is True


def test_the_window_obeys_it(portal_window: MainWindow) -> None:
    window = portal_window
    QGuiApplication.clipboard().setText("DEAL|5")
    window.apply_settings(replace(window.settings, offer_clipboard=False))
    switch_to(window)
    assert not window.lookup_page.pasted_links.offer.isVisible()
    window.apply_settings(replace(window.settings, offer_clipboard=True))
    switch_to(window)
    assert window.lookup_page.pasted_links.offer.isVisible()
