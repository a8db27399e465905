"""The chat card in the window and the Bulk view's details option, against the emulator with
the demo data: the ID first, then the card; every case the card shows; history keeps titles."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_steps import paste, run
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from gui.bitrix import bulk_write
from gui.bitrix.bulk_details import DETAIL_COLUMNS
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator, sample_portal
from gui.desktop.bulk_model import COLUMNS, finished_bulk_rows
from gui.desktop.bulk_view import BulkView
from gui.desktop.chat_card import ChatCardView
from gui.desktop.i18n import install_translator
from gui.desktop.main_window import MainWindow
from gui.desktop.threads import dispatch_event
from gui.store.paths import AppPaths, detect_paths
from gui.store.settings import Settings

FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    found = detect_paths()
    found.ensure()
    return found


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emulator:
        yield emulator


@pytest.fixture
def window(qtbot: QtBot, paths: AppPaths, portal: PortalEmulator) -> Iterator[MainWindow]:
    made = MainWindow(paths=paths, settings=Settings(webhook_url=portal.webhook_url), env={})
    made.controller.configure(WebhookUrl.parse(portal.webhook_url), FAST)
    made.show()
    yield made
    made.close()


def card_of(window: MainWindow) -> ChatCardView:
    card = window.findChild(ChatCardView, "chatCard")
    assert isinstance(card, ChatCardView)
    return card


def look_up(qtbot: QtBot, window: MainWindow, text: str, kind: str = "CRM") -> ChatCardView:
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData(kind)
    )
    window.lookup_page.form.entity_edit.setText(text)
    assert window.lookup_page.lookup() is not None
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=8000)  # the lookup, then the card
    return card_of(window)


def shown(card: ChatCardView, name: str) -> str:
    label = card.findChild(QLabel, f"chatCard_{name}")
    assert isinstance(label, QLabel)
    return label.text() if label.isVisibleTo(card) else ""


def test_the_id_shows_first_then_the_card_fills_in(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    assert window.findChild(ChatCardView, "chatCard") is None  # built with the first answer
    window.lookup_page.chat_card  # noqa: B018 - built now, to hear it fill in
    card = card_of(window)
    assert not card.isVisibleTo(window)
    order: list[str] = []

    def note(*_: object) -> None:
        order.append(window.lookup_page.form.result_edit.text() + ("|card" if card.details else ""))

    window.lookup_page.chat_shown.connect(note)  # the lookup's answer shown
    card.details_shown.connect(note)  # the card filled in
    look_up(qtbot, window, "DEAL|1")
    assert order == ["2001", "2001|card"]  # the lookup's answer, then the card's
    assert shown(card, "title") == "Deal #1: Annual licence"
    assert shown(card, "members") == "3" and shown(card, "messages") == "42"
    assert shown(card, "entity_url") == f"{portal.base_url}/crm/deal/details/1/"
    assert card.open_chat_button.isEnabled() and card.open_crm_button.isEnabled()
    card.copy_link_button.click()
    assert QGuiApplication.clipboard().text() == f"{portal.base_url}/online/?IM_DIALOG=chat2001"


def test_a_hidden_card_says_so_and_the_id_stays(qtbot: QtBot, window: MainWindow) -> None:
    card = look_up(qtbot, window, "DEAL|2")
    assert window.lookup_page.form.result_edit.text() == "2002"
    assert "not a member of chat 2002" in card.note.text()
    assert shown(card, "title") == "" and not card.open_crm_button.isEnabled()
    assert card.open_chat_button.isEnabled()  # the chat itself can still be opened


def test_no_chat_says_why_and_links_the_open_line_chat(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    card = look_up(qtbot, window, "LEAD|7")
    assert window.lookup_page.form.result_edit.text() == ""
    assert "created only when someone first opens the chat" in card.note.text()
    assert "6101" in card.open_lines.text() and card.open_lines.isVisibleTo(card)
    assert f"{portal.base_url}/online/?IM_DIALOG=chat6101" in card.open_lines.text()


def test_a_live_chat_shows_its_operators_chat(qtbot: QtBot, window: MainWindow) -> None:
    card = look_up(qtbot, window, "3|25", kind="LIVECHAT")
    assert window.lookup_page.form.result_edit.text() == "6002"
    assert "6003" in card.note.text() and shown(card, "chat_type") == "livechat"


def test_history_keeps_the_title_beside_the_id(
    qtbot: QtBot, window: MainWindow, paths: AppPaths
) -> None:
    look_up(qtbot, window, "DEAL|1")
    assert "«Deal #1: Annual licence»" in window.lookup_page.history_panel.list.item(0).text()
    window.close()
    saved = json.loads(paths.history_file.read_text(encoding="utf-8"))["entries"]
    assert saved[0]["title"] == "Deal #1: Annual licence"


def test_a_portal_title_is_never_rich_text(qtbot: QtBot, window: MainWindow) -> None:
    card = look_up(qtbot, window, "DEAL|1")
    title = card.findChild(QLabel, "chatCard_title")
    assert title is not None and title.textFormat() == Qt.TextFormat.PlainText


def test_the_card_speaks_russian(
    qtbot: QtBot, window: MainWindow, qapp: QApplication, tmp_path: Path
) -> None:
    assert install_translator(qapp, "ru", cache=tmp_path) == "ru"
    try:
        card = look_up(qtbot, window, "DEAL|2")
        assert "не участник чата 2002" in card.note.text()
    finally:
        install_translator(qapp, "en")


def test_created_is_written_the_ui_languages_way(
    qtbot: QtBot, window: MainWindow, qapp: QApplication, tmp_path: Path
) -> None:
    assert install_translator(qapp, "ru", cache=tmp_path) == "ru"
    try:
        card = look_up(qtbot, window, "DEAL|1")
        assert card.details is not None and card.details.card is not None
        iso = card.details.card.created  # as the CLI writes it: 2026-03-02T10:15:00+00:00
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
        russian = QLocale(QLocale.Language.Russian)
        expected = russian.toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)
        assert shown(card, "created") == expected and "02.03.2026" in expected
    finally:
        install_translator(qapp, "en")


def test_a_failed_lookup_hides_the_card(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    look_up(qtbot, window, "DEAL|1")
    portal.inject(Fault("http500"), count=5)
    card = look_up(qtbot, window, "DEAL|3")
    assert not card.isVisibleTo(window)


# ----- the Bulk view ------------------------------------------------------------------------


@pytest.fixture
def view(qtbot: QtBot, paths: AppPaths, portal: PortalEmulator) -> Iterator[BulkView]:
    webhook = WebhookUrl.parse(portal.webhook_url)
    with BitrixClient(webhook, FAST, on_event=dispatch_event) as client:
        made = BulkView(lambda: client, paths, lambda: webhook)
        qtbot.addWidget(made)
        yield made
        assert made.shutdown(3000)


def test_bulk_details_option_adds_the_columns(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, "CRM,DEAL|1\nCRM,LEAD|7\nCRM,DEAL|2\n")
    view.controls.details_check.setChecked(True)
    run(qtbot, view)
    model = view.results.model
    assert model.columnCount() == COLUMNS + len(DETAIL_COLUMNS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[COLUMNS:] == [
        "Title", "Chat type", "Members", "Messages", "Created", "CRM card", "Open-line chats",
    ]  # fmt: skip

    def cell(row: int, column: int) -> Any:
        return model.data(model.index(row, COLUMNS + column))

    assert cell(0, 0) == "Deal #1: Annual licence" and cell(0, 2) == "3"
    assert cell(1, 6) == "6101" and cell(2, 0) == ""
    out = io.StringIO()
    shape = bulk_write.OutputShape(details=model.details)
    bulk_write.write_rows(finished_bulk_rows(model.rows()), out, shape)
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert exported[0]["title"] == "Deal #1: Annual licence"
    assert exported[1]["open_line_chats"] == "6101"
    assert portal.stats.snapshot().calls.get("im.dialog.get") == 2


def test_bulk_without_details_has_four_columns(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, "CRM,DEAL|1\n")
    run(qtbot, view)
    assert view.results.model.columnCount() == COLUMNS
    assert "im.dialog.get" not in portal.stats.snapshot().calls
