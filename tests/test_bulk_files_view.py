"""The Bulk tab with the files admins have: a Bitrix24 CRM export (cp1251, ``;``) read from its
ID column (remembered per header shape), Excel in and out, continuing after Cancel, duplicates,
progress before and during a paced run, export and the filter, keyboard, quitting mid-run."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from bulk_steps import RUN_TIMEOUT_MS, exported, paste, run
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from gui.bitrix.bulk import RowStatus
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.crm_export import LEAD_COLUMNS, lead_rows, write_lead_export
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.desktop.bulk_view import BulkView
from gui.desktop.bulk_worker import RunOutcome
from gui.desktop.i18n import install_translator
from gui.desktop.main_window import MainWindow
from gui.desktop.threads import dispatch_event
from gui.store.paths import AppPaths, detect_paths
from gui.store.settings import Settings

CHATS = sample_chats()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    return detect_paths()


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100, burst=100, chats=CHATS) as emulator:
        yield emulator


@pytest.fixture
def webhook(portal: PortalEmulator) -> WebhookUrl:
    return WebhookUrl.parse(portal.webhook_url)


def _view(qtbot: QtBot, paths: AppPaths, webhook: WebhookUrl, client: BitrixClient) -> BulkView:
    view = BulkView(lambda: client, paths, lambda: webhook)
    qtbot.addWidget(view)
    return view


@pytest.fixture
def view(qtbot: QtBot, paths: AppPaths, webhook: WebhookUrl) -> Iterator[BulkView]:
    config = ClientConfig(rate=100, burst=100)
    with BitrixClient(webhook, config, on_event=dispatch_event) as client:
        made = _view(qtbot, paths, webhook, client)
        yield made
        assert made.shutdown(3000)


def open_file(qtbot: QtBot, view: BulkView, path: Path) -> None:
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.open_file(str(path))


def headers(view: BulkView) -> list[str]:
    model = view.results.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def chat_of_lead(number: str) -> int | None:
    return CHATS.get(("CRM", f"LEAD|{number}"))


# -- a CRM export ----------------------------------------------------------------------------


def test_a_crm_export_opens_with_its_columns_and_runs(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    open_file(qtbot, view, write_lead_export(tmp_path / "leads.csv", 12))
    combo = view.input_panel.column_combo
    assert not combo.isHidden()
    assert [combo.itemText(i) for i in range(combo.count())][1:] == list(LEAD_COLUMNS)
    assert combo.currentText() == "ID"  # guessed: the export's ID column
    assert view.input_panel.kind_combo.currentText() == "LEAD"  # from "Название лида"
    assert headers(view) == [*LEAD_COLUMNS, "Chat ID", "Error"]
    assert "12 rows: 12 valid, 0 invalid" in view.input_panel.preview_label.text()
    assert view.controls.progress.text() == "12 IDs will be sent"
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert [row.cells for row in rows] == [tuple(r) for r in lead_rows(12)[1:]]
    assert [row.chat_id for row in rows] == [chat_of_lead(str(n)) for n in range(1, 13)]
    name_cell = view.results.model.index(0, 1)
    assert view.results.model.data(name_cell) == lead_rows(1)[1][1]  # the file's own text, decoded


def test_its_export_keeps_the_file_shape_with_a_bom(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    open_file(qtbot, view, write_lead_export(tmp_path / "leads.csv", 8))
    assert run(qtbot, view) == RunOutcome.DONE
    target = tmp_path / "out.csv"
    assert exported(qtbot, view, target).startswith("Saved")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel shows the Cyrillic
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert table[0] == [*LEAD_COLUMNS, "chat_id", "error"]
    for given, written in zip(lead_rows(8)[1:], table[1:], strict=True):
        chat = chat_of_lead(given[0])
        assert written == [*given, "" if chat is None else str(chat), ""]
    workbook = tmp_path / "out.xlsx"
    assert exported(qtbot, view, workbook).startswith("Saved")
    sheet = openpyxl.load_workbook(workbook).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [*LEAD_COLUMNS, "chat_id", "error"]
    assert values[1][0] == 1 and values[1][-2] == chat_of_lead("1")


def test_the_id_column_is_remembered_per_header_shape(
    qtbot: QtBot, view: BulkView, paths: AppPaths, tmp_path: Path
) -> None:
    first = tmp_path / "a.csv"
    first.write_text("Номер;Компания;Сделка\n1;ООО Ромашка;5\n", encoding="cp1251")
    open_file(qtbot, view, first)
    assert view.input_panel.column_combo.currentData() is None  # nothing to guess from
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.input_panel.column_combo.setCurrentIndex(3)  # "Сделка"
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.input_panel.kind_combo.setCurrentText("DEAL")
    assert [str(item.ref) for item in view._items] == ["CRM DEAL|5"]
    assert paths.column_choices_file.is_file()  # on disk: the next session finds it too
    again = tmp_path / "b.csv"
    again.write_text("номер;компания;сделка\n2;ИП Иванов;6\n", encoding="utf-8")
    open_file(qtbot, view, again)  # the same columns, case aside
    assert view.input_panel.column_combo.currentText() == "сделка"
    assert view.input_panel.kind_combo.currentText() == "DEAL"
    assert [str(item.ref) for item in view._items] == ["CRM DEAL|6"]
    other = tmp_path / "c.csv"
    other.write_text("Номер;Сделка\n3;7\n", encoding="utf-8")
    open_file(qtbot, view, other)  # another shape: not remembered
    assert view.input_panel.column_combo.currentData() is None


def test_an_xlsx_opens_in_the_window(qtbot: QtBot, view: BulkView, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in lead_rows(5):
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
    book.save(tmp_path / "leads.xlsx")
    open_file(qtbot, view, tmp_path / "leads.xlsx")
    assert view.input_panel.column_combo.currentText() == "ID"
    assert run(qtbot, view) == RunOutcome.DONE
    assert [row.chat_id for row in view.results.model.rows()] == [
        chat_of_lead(str(n)) for n in range(1, 6)
    ]


def test_a_workbook_with_several_sheets_offers_them(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Лиды"
    first.append(["ID", "Название лида"])
    first.append([1, "Звонок"])
    deals = book.create_sheet("Сделки")
    deals.append(["Компания", "ID", "Название сделки"])
    deals.append(["ООО Ромашка", 2, "Поставка"])
    book.save(tmp_path / "crm.xlsx")
    open_file(qtbot, view, tmp_path / "crm.xlsx")
    sheets = view.input_panel.sheet_combo
    assert not sheets.isHidden()
    assert [sheets.itemText(i) for i in range(sheets.count())] == ["Лиды", "Сделки"]
    assert [str(item.ref) for item in view._items] == ["CRM LEAD|1"]
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        sheets.setCurrentIndex(1)
    assert sheets.currentText() == "Сделки"
    assert view.input_panel.column_combo.currentText() == "ID"  # guessed for this sheet
    assert [str(item.ref) for item in view._items] == ["CRM DEAL|2"]
    assert headers(view) == ["Компания", "ID", "Название сделки", "Chat ID", "Error"]
    paste(qtbot, view, "LEAD|1")  # pasted rows have no sheets
    assert sheets.isHidden()


def test_a_file_no_table_comes_from_says_what_to_do(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    old = tmp_path / "leads.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    open_file(qtbot, view, old)
    assert "old Excel file (.xls): save it as .xlsx or CSV" in view.input_panel.preview_label.text()
    assert not view.controls.run_button.isEnabled()


@pytest.fixture
def russian(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    assert install_translator(qapp, "ru", cache=tmp_path / "qm") == "ru"
    yield
    install_translator(qapp, "en")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_bulk_messages_name_window_boxes_not_cli_flags(
    qtbot: QtBot, view: BulkView, request: pytest.FixtureRequest, language: str
) -> None:
    if language == "ru":
        request.getfixturevalue("russian")
    paste(qtbot, view, "13\nsomething")
    errors = [
        view.results.model.data(view.results.model.index(r, view.results.model.error_column))
        for r in (0, 1)
    ]
    assert all("--" not in error for error in errors), errors
    if language == "ru":
        assert "«Числа без типа»" in errors[0] and "«Строки без типа»" in errors[1]
    else:
        assert "“Bare numbers are” box" in errors[0] and "“Rows without a type” box" in errors[1]


# -- runs ------------------------------------------------------------------------------------


def test_cancel_then_run_goes_on_with_the_rows_not_looked_up(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, "\n".join(f"CRM,LEAD|{n}" for n in range(1, 301)))  # 6 batches
    portal.inject(Fault("slow", seconds=0.15), count=100)
    with qtbot.waitSignal(view.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        view.controls.run_button.click()
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        view.controls.cancel_button.click()
    assert blocker.args == [RunOutcome.CANCELLED]
    rows = list(view.results.model.rows())
    sent = portal.stats.snapshot().commands
    assert len(rows) == 300 and 50 <= sent < 300
    assert all(row.error == "cancelled" and row.status == RowStatus.ERROR for row in rows[sent:])
    assert f"with the {300 - sent} IDs not yet looked up" in view.controls.progress.text()
    portal.clear_faults()
    portal.reset_stats()
    assert run(qtbot, view) == RunOutcome.DONE
    assert portal.stats.snapshot().commands == 300 - sent  # nothing looked up twice
    rows = list(view.results.model.rows())
    assert [row.line for row in rows] == list(range(1, 301))
    assert [row.chat_id for row in rows] == [chat_of_lead(str(n)) for n in range(1, 301)]
    assert not any(row.status == RowStatus.ERROR for row in rows)


def test_duplicates_are_counted_and_looked_up_once(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, "\n".join(f"LEAD|{n % 40 + 1}" for n in range(120)))
    assert (
        "120 rows: 120 valid, 0 invalid; 80 repeat an ID above"
        in view.input_panel.preview_label.text()
    )
    assert view.controls.progress.text() == "40 IDs will be sent"
    assert run(qtbot, view) == RunOutcome.DONE
    assert portal.stats.snapshot().commands == 40
    assert len(view.results.model.rows()) == 120


def test_a_paced_run_shows_the_time_left_while_it_waits(
    qtbot: QtBot, paths: AppPaths, webhook: WebhookUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    paced = ClientConfig(rate=5, burst=1, backoff=0.05)  # a 0.2 s wait: two status ticks
    with BitrixClient(webhook, paced, on_event=dispatch_event) as client:
        view = _view(qtbot, paths, webhook, client)
        shown: list[str] = []
        set_text = view.status_label.setText

        def show(text: str) -> None:
            shown.append(text)
            set_text(text)

        monkeypatch.setattr(view.status_label, "setText", show)
        try:
            paste(qtbot, view, "\n".join(f"LEAD|{n}" for n in range(1, 151)))  # 3 requests
            assert run(qtbot, view) == RunOutcome.DONE
        finally:
            assert view.shutdown(3000)
    both = [text for text in shown if " left · Waiting for the portal's rate limit (" in text]
    assert both, shown


# -- export ----------------------------------------------------------------------------------


def test_nothing_to_export_disables_export(qtbot: QtBot, view: BulkView) -> None:
    assert not view.results.export_button.isEnabled()  # no rows
    paste(qtbot, view, "LEAD|1\nLEAD|2\nnonsense")
    assert not view.results.export_button.isEnabled()  # rows, but nothing looked up yet
    assert run(qtbot, view) == RunOutcome.DONE
    assert view.results.export_button.isEnabled()
    view.results.filter_combo.setCurrentIndex(view.results.filter_combo.findData(RowStatus.NO_CHAT))
    assert (
        view.results.proxy.rowCount() == 0 and not view.results.export_button.isEnabled()
    )  # none shown
    view.results.filter_combo.setCurrentIndex(view.results.filter_combo.findData(RowStatus.FOUND))
    assert view.results.export_button.isEnabled()


def _answer_next_box(button_text: str) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize(("answer", "expected"), [("Rows shown", 2), ("All rows", 3)])
def test_export_with_a_filter_asks_all_rows_or_the_shown_ones(
    qtbot: QtBot,
    view: BulkView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    expected: int,
) -> None:
    paste(qtbot, view, "LEAD|1\nLEAD|2\nnonsense")
    assert run(qtbot, view) == RunOutcome.DONE
    view.results.filter_combo.setCurrentIndex(view.results.filter_combo.findData(RowStatus.FOUND))
    target = tmp_path / "shown"  # no extension: the chosen filter's is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)")
    )
    _answer_next_box(answer)
    with qtbot.waitSignal(view.results.message, timeout=5000):  # written on the bulk thread
        view.results.export_button.click()
    sheet = openpyxl.load_workbook(tmp_path / "shown.xlsx").worksheets[0]
    assert sheet.max_row == 1 + expected


# -- keyboard and quitting -------------------------------------------------------------------


def test_tab_leaves_the_paste_box_and_shortcuts_run_open_and_export(
    qtbot: QtBot, view: BulkView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.input_panel.input_edit.setFocus()
    qtbot.keyClick(view.input_panel.input_edit, Qt.Key.Key_Tab)
    assert "\t" not in view.input_panel.input_edit.toPlainText()
    assert QApplication.focusWidget() is not view.input_panel.input_edit
    paste(qtbot, view, "LEAD|1")
    view.input_panel.input_edit.setFocus()
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.keyClick(
            view.input_panel.input_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    asked: list[str] = []

    def dialog(what: str) -> Callable[..., tuple[str, str]]:
        def ask(*_args: object, **_kwargs: object) -> tuple[str, str]:
            asked.append(what)
            return "", ""

        return ask

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog("open"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog("save"))
    for keys in (QKeySequence.StandardKey.Open, QKeySequence.StandardKey.Save):
        combination = QKeySequence(keys)[0]  # type: ignore[index]
        qtbot.keyClick(view.results.table, combination.key(), combination.keyboardModifiers())
    assert asked == ["open", "save"]
    assert (
        "Ctrl+Return" in view.controls.run_button.toolTip()
        or "Ctrl+Enter" in view.controls.run_button.toolTip()
    )


def test_ctrl_q_during_a_run_asks_first(
    qtbot: QtBot, paths: AppPaths, portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(paths=paths, settings=Settings(webhook_url=portal.webhook_url), env={})
    window.controller.configure(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100))
    qtbot.addWidget(window)
    window.show()
    bulk = window.bulk_view
    page = bulk.parentWidget()
    assert page is not None
    window.tabs.setCurrentWidget(page)
    paste(qtbot, bulk, "\n".join(f"LEAD|{n}" for n in range(1, 201)))
    portal.inject(Fault("slow", seconds=0.15), count=100)
    with qtbot.waitSignal(bulk.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        bulk.controls.run_button.click()
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "rows done. Quit anyway?" in asked[0]
    assert window.isVisible() and bulk.runner.running  # "No": the run goes on
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and not window.isVisible()


def test_a_stopped_crm_export_run_resumes_with_its_own_columns(
    qtbot: QtBot, paths: AppPaths, portal: PortalEmulator, webhook: WebhookUrl, tmp_path: Path
) -> None:
    gives_up = ClientConfig(rate=100, burst=100, backoff=0.05, max_attempts=2)
    with BitrixClient(webhook, gives_up, on_event=dispatch_event) as client:
        view = _view(qtbot, paths, webhook, client)
        try:
            open_file(qtbot, view, write_lead_export(tmp_path / "leads.csv", 120))  # 3 batches
            portal.inject(Fault("slow", seconds=0.01))  # the first batch is answered
            portal.inject(Fault("reset"), count=gives_up.max_attempts)  # then the portal is gone
            assert run(qtbot, view) == RunOutcome.STOPPED
            qtbot.waitUntil(lambda: not view.banner.isHidden(), timeout=5000)  # checked off-thread
        finally:
            assert view.shutdown(3000)
    # the next session: a fresh view finds the run and resumes it
    with BitrixClient(webhook, ClientConfig(rate=100, burst=100)) as client:
        view = _view(qtbot, paths, webhook, client)
        try:
            with qtbot.waitSignal(view.resume_offered, timeout=5000) as offered:
                view.check_for_interrupted_run()
            assert offered.args == [True]
            with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
                view.banner.resume_button.click()
            assert blocker.args == [RunOutcome.DONE]
            assert headers(view) == [*LEAD_COLUMNS, "Chat ID", "Error"]
            rows = list(view.results.model.rows())
            assert [row.cells for row in rows] == [tuple(r) for r in lead_rows(120)[1:]]
            target = tmp_path / "out.csv"
            assert exported(qtbot, view, target).startswith("Saved")
            table = list(csv.reader(target.read_text("utf-8-sig").splitlines(), delimiter=";"))
            assert table[0] == [*LEAD_COLUMNS, "chat_id", "error"] and len(table) == 121
        finally:
            assert view.shutdown(3000)


def test_a_pasted_run_exports_with_the_locale_list_separator(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    try:
        paste(qtbot, view, "LEAD|1\nLEAD|7")
        assert run(qtbot, view) == RunOutcome.DONE
        assert exported(qtbot, view, tmp_path / "ru.csv").startswith("Saved")
    finally:
        QLocale.setDefault(before)
    lines = (tmp_path / "ru.csv").read_text("utf-8-sig").splitlines()
    assert lines == ["entity_type;entity_id;chat_id;error", "CRM;LEAD|1;1001;", "CRM;LEAD|7;;"]


def test_rows_pasted_from_a_spreadsheet_get_the_column_picker_too(
    qtbot: QtBot, view: BulkView
) -> None:
    paste(qtbot, view, "ID\tНазвание сделки\tСумма\n5\tПоставка\t1000\n6\tМонтаж\t500")
    combo = view.input_panel.column_combo
    assert not combo.isHidden() and combo.currentText() == "ID"
    assert view.input_panel.kind_combo.currentText() == "DEAL"  # from "Название сделки"
    assert [str(item.ref) for item in view._items] == ["CRM DEAL|5", "CRM DEAL|6"]
    assert headers(view) == ["ID", "Название сделки", "Сумма", "Chat ID", "Error"]
    paste(qtbot, view, "LEAD|1\nLEAD|2")  # one column, no header: nothing to pick
    assert combo.isHidden()
