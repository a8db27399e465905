"""The start-up notice: a damaged settings or profile file set aside is told whole, above the
tabs, in the UI's language, until the user dismisses it (by mouse or keyboard)."""
# pytest-qt's key helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.desktop import i18n
from gui.desktop.main_window import MainWindow
from gui.desktop.notice_bar import NoticeBar


@pytest.fixture
def damaged_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"rate": ', encoding="utf-8")
    return tmp_path


@pytest.fixture
def window(qapp: QApplication, qtbot: QtBot, damaged_home: Path) -> Iterator[MainWindow]:
    made = build_window([], qapp)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()
    i18n.install_translator(qapp, "en")


def notice(window: MainWindow) -> NoticeBar:
    bar = window.findChild(NoticeBar, "startupNotice")
    assert bar is not None
    return bar


def test_the_notice_sits_above_the_tabs_and_is_never_cut(qtbot: QtBot, window: MainWindow) -> None:
    bar = notice(window)
    assert bar.isVisible() and bar.geometry().bottom() < window.tabs.geometry().top()
    window.resize(1, 1)  # the window stops at its minimum: the lines all show
    qtbot.wait(50)
    label = bar.message
    assert label.height() >= label.heightForWidth(label.width())
    assert label.heightForWidth(label.width()) > label.fontMetrics().height() * 2  # it wraps
    for field in (window.lookup_page.form.entity_edit, window.lookup_page.form.lookup_button):
        assert field.height() >= field.minimumSizeHint().height()  # nothing squashed instead


def test_dismissed_with_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    bar = notice(window)
    button = bar.dismiss_button
    assert button.accessibleName() == "Dismiss the warning" and button.toolTip()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert bar.isHidden()


def test_the_notice_is_in_russian(qapp: QApplication, qtbot: QtBot, damaged_home: Path) -> None:
    index = {"profiles": [{"name": "default", "folder": ""}], "language": "ru"}
    (damaged_home / "config" / "profiles.json").write_text(json.dumps(index), encoding="utf-8")
    made = build_window([], qapp)
    qtbot.addWidget(made)
    try:
        text = notice(made).message.text()
        assert text.startswith("Файл настроек ") and "settings.json.corrupt-" in text
        assert notice(made).dismiss_button.accessibleName() == "Скрыть предупреждение"
    finally:
        made.close()
        i18n.install_translator(qapp, "en")


def test_a_token_that_cannot_be_read_is_told_in_the_notice(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read after the window is up, on the worker: its sentence joins the notice, whole."""
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    (tmp_path / "config").mkdir()
    # The token said to be in the settings file, which does not hold it.
    webhook = {"portal": "https://p.bitrix24.com", "user_id": 1, "token_in": "file"}
    saved = {"version": 1, "webhook": webhook}
    (tmp_path / "config" / "settings.json").write_text(json.dumps(saved), encoding="utf-8")
    made = build_window([], qapp)
    qtbot.addWidget(made)
    try:
        qtbot.waitUntil(
            lambda: made.findChild(NoticeBar, "startupNotice") is not None, timeout=5000
        )
        text = notice(made).message.text()
        assert text.endswith("paste the webhook URL again in Settings"), text
        assert made.statusBar().currentMessage() == ""  # "Reading the webhook token…" gone too
    finally:
        made.close()
