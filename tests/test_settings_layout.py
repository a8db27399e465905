"""The Settings dialog as a user meets it: it fits a 1366 x 768 screen at 150 %, wrapped
sentences never squash a row, the webhook field hides only the token (typing, pasting and
editing in the middle all land in the real URL), the proxy address is checked as you type, and
a connection test's answer goes when the address it tested changes."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import MemoryTokenStore
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from gui.demo.emulator import PortalEmulator
from gui.desktop import i18n
from gui.desktop.settings_dialog import SettingsDialog
from gui.desktop.webhook_field import WebhookField, masked
from gui.desktop.worker import WorkerController
from gui.store.paths import AppPaths
from gui.store.settings import Settings, SettingsStore

GOOD = "https://b24-demo.bitrix24.com/rest/7/abcdef0123456789/"
TOKEN = "abcdef0123456789"
# 1366 x 768 at 150 %: 910 x 512 logical pixels, less a task bar and the title bar.
MAX_MIN_HEIGHT = 500


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(AppPaths.under(tmp_path, portable=False), MemoryTokenStore())


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication, tmp_path: Path) -> Iterator[str]:
    i18n.install_translator(qapp, request.param, cache=tmp_path / "qm")
    yield request.param
    i18n.install_translator(qapp, "en")


def shown_dialog(
    qtbot: QtBot,
    store: SettingsStore,
    settings: Settings | None = None,
    controller: WorkerController | None = None,
) -> SettingsDialog:
    dialog = SettingsDialog(store, settings or Settings(), controller)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def settle(qtbot: QtBot) -> None:
    qtbot.wait(30)  # layout requests and the dialog's deferred fitting


def assert_no_label_squashed(dialog: SettingsDialog) -> None:
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            needed = label.heightForWidth(label.width())
            assert label.height() >= needed, (label.text()[:40], label.height(), needed)


def test_minimum_height_fits_a_1366_by_768_screen_at_150_percent(
    qtbot: QtBot, store: SettingsStore, language: str
) -> None:
    dialog = shown_dialog(qtbot, store, Settings(webhook_url="http://portal.example/rest/1/x/"))
    assert dialog.minimumSizeHint().height() <= MAX_MIN_HEIGHT
    dialog.resize(dialog.width(), MAX_MIN_HEIGHT)
    settle(qtbot)
    assert dialog.height() <= MAX_MIN_HEIGHT
    save = dialog.save_button
    bottom = save.mapTo(dialog, save.rect().bottomLeft()).y()
    assert save.isVisible() and bottom <= dialog.height()  # Save on screen
    assert dialog.scroll_area.verticalScrollBar().maximum() > 0  # the rest scrolls
    assert_no_label_squashed(dialog)


def test_a_wrapping_webhook_warning_squashes_no_row(
    qtbot: QtBot, store: SettingsStore, language: str
) -> None:
    dialog = shown_dialog(qtbot, store, Settings(webhook_url=GOOD))
    settle(qtbot)
    dialog.webhook_edit.setText(GOOD.replace("https", "http"))  # a long, wrapping warning
    settle(qtbot)
    assert dialog.webhook_status.label.height() > dialog.fontMetrics().height() * 2
    assert_no_label_squashed(dialog)
    rows = [dialog.token_store_label, dialog.test_button]
    for upper, lower in zip([dialog.webhook_status, *rows], rows, strict=False):
        upper_bottom = upper.mapTo(dialog, upper.rect().bottomLeft()).y()
        assert lower.mapTo(dialog, lower.rect().topLeft()).y() >= upper_bottom  # no overlap


def test_the_webhook_field_shows_the_host_and_hides_only_the_token(
    qtbot: QtBot, store: SettingsStore
) -> None:
    dialog = shown_dialog(qtbot, store)
    field = dialog.webhook_edit
    field.setFocus()
    qtbot.keyClicks(field, GOOD)  # typed key by key
    assert field.url() == GOOD
    assert field.text() == "https://b24-demo.bitrix24.com/rest/7/" + "•" * len(TOKEN) + "/"
    assert TOKEN not in field.displayText() and "b24-demo.bitrix24.com" in field.displayText()
    assert dialog.current_settings().webhook_url == GOOD
    assert TOKEN not in dialog.grab().toImage().text()  # nothing of it in what is drawn


def test_editing_beside_the_hidden_token_keeps_it(qtbot: QtBot) -> None:
    field = WebhookField()
    qtbot.addWidget(field)
    field.setText(GOOD)
    field.setFocus()
    field.setCursorPosition(len("https://b24-demo"))  # in the host: fix a typo there
    qtbot.keyClicks(field, "2")
    assert field.url() == GOOD.replace("b24-demo", "b24-demo2")
    field.setCursorPosition(len(field.text()) - 1)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # the token's last character
    assert field.url() == GOOD.replace("b24-demo", "b24-demo2").replace("789/", "78/")
    field.selectAll()
    QGuiApplication.clipboard().setText("https://other.bitrix24.ru/rest/3/zzzz1111/")
    field.paste()
    assert field.url() == "https://other.bitrix24.ru/rest/3/zzzz1111/"
    assert field.text() == masked(field.url())
    field.selectAll()
    field.copy()  # what is copied is what is seen
    assert "zzzz1111" not in QGuiApplication.clipboard().text()


def test_the_proxy_address_is_checked_as_you_type(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = shown_dialog(qtbot, store)
    assert not dialog.connection.proxy_status.isVisible()
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("custom"))
    assert (
        "proxy address" in dialog.connection.proxy_status.text()
    )  # nothing typed yet: what to type
    qtbot.keyClicks(dialog.connection.proxy_edit, "proxy.local:3128")
    assert "http://" in dialog.connection.proxy_status.text()
    dialog.connection.proxy_edit.setText("http://proxy.local")
    assert "port" in dialog.connection.proxy_status.text()
    dialog.connection.proxy_edit.setText("http://proxy.local:3128")
    assert not dialog.connection.proxy_status.isVisible()
    dialog.connection.proxy_edit.setText("http://bad")
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("system"))
    assert not dialog.connection.proxy_status.isVisible()  # not used: nothing to fix


def test_a_failed_test_goes_when_the_url_changes(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController
) -> None:
    with PortalEmulator() as portal:
        wrong = portal.webhook_url.replace("/rest/1/", "/rest/1/x")
        dialog = shown_dialog(qtbot, store, Settings(webhook_url=wrong), controller)
        job = dialog.test_connection()
        assert job is not None
        with qtbot.waitSignal(job.failed, timeout=10000):
            pass
        assert dialog.test_status.text().startswith("The connection failed")
        dialog.webhook_edit.setText(portal.webhook_url)
        assert dialog.test_status.text() == "" and not dialog.test_status.isVisible()
        assert dialog.test_button.isEnabled()


def test_an_answer_for_an_address_changed_meanwhile_is_dropped(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController
) -> None:
    with PortalEmulator() as portal:
        dialog = shown_dialog(qtbot, store, Settings(webhook_url=portal.webhook_url), controller)
        job = dialog.test_connection()
        assert job is not None
        with qtbot.waitSignal(job.succeeded, timeout=10000):
            dialog.webhook_edit.setText(GOOD)  # changed before the answer came
        assert dialog.test_status.text() == ""
