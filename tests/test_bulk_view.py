"""The Bulk view against the portal emulator: every row checked against what the portal holds."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_steps import RUN_TIMEOUT_MS, exported, paste, run
from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from gui.bitrix import bulk as bulk_core
from gui.bitrix import bulk_write
from gui.bitrix.bulk import BulkItem, BulkRow, RowStatus
from gui.bitrix.bulk_write import CLASSIC, OutputShape
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig, ClientEvent, EventKind, RetryReason
from gui.bitrix.errors import BitrixError, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, FaultKind, PortalEmulator, sample_chats
from gui.desktop import bulk_worker
from gui.desktop.bulk_model import Column, ResultRow, finished_bulk_rows
from gui.desktop.bulk_view import BulkView
from gui.desktop.bulk_worker import RunOutcome
from gui.desktop.threads import dispatch_event
from gui.store import journal
from gui.store.paths import AppPaths, detect_paths, find_interrupted

CHATS = sample_chats()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    found = detect_paths()
    found.ensure()
    return found


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100, burst=100, chats=CHATS) as emulator:
        yield emulator


@pytest.fixture
def webhook(portal: PortalEmulator) -> WebhookUrl:
    return WebhookUrl.parse(portal.webhook_url)


@pytest.fixture
def client(webhook: WebhookUrl) -> Iterator[BitrixClient]:
    with BitrixClient(
        webhook, ClientConfig(rate=100, burst=100, backoff=0.05), on_event=dispatch_event
    ) as shared:
        yield shared


def offered(qtbot: QtBot, view: BulkView) -> bool:
    """Look for an interrupted run (on the bulk thread) and wait: is one offered?"""
    with qtbot.waitSignal(view.resume_offered, timeout=5000) as blocker:
        view.check_for_interrupted_run()
    return bool(blocker.args[0])


def make_view(
    qtbot: QtBot, client: BitrixClient | None, paths: AppPaths, webhook: WebhookUrl | None
) -> BulkView:
    view = BulkView(lambda: client, paths, lambda: webhook)
    qtbot.addWidget(view)
    return view


@pytest.fixture
def view(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl
) -> Iterator[BulkView]:
    made = make_view(qtbot, client, paths, webhook)
    yield made
    assert made.shutdown(3000)


def answered(view: BulkView) -> list[ResultRow]:
    """The rows looked up so far (the table holds every row from the start)."""
    return [row for row in view.results.model.rows() if row.status != RowStatus.PENDING]


def assert_matches_portal(rows: list[ResultRow] | tuple[ResultRow, ...]) -> None:
    """Every looked-up row says exactly what the emulator holds."""
    for row in rows:
        if row.status == RowStatus.ERROR:
            continue
        expected = CHATS.get((row.entity_type, row.entity_id))
        assert row.chat_id == expected, row
        assert row.status == (RowStatus.FOUND if expected is not None else RowStatus.NO_CHAT), row


MIXED = "\n".join(
    [
        "LEAD|13",  # found
        "CRM,DEAL|6",  # no chat (every sixth deal)
        "LEAD|nope",  # invalid
        "LINES,telegrambot|2|209607941|744",
        "CRM,LEAD|7",  # no chat
        "BOGUS,1",  # invalid: unknown type
        "CRM;COMPANY|7",  # a semicolon row in a comma file: invalid as a whole cell
        "LIVECHAT,3|25",
    ]
)


def test_pasted_rows_are_read_at_once_and_typed_ones_after_a_pause(
    qtbot: QtBot, view: BulkView
) -> None:
    panel = view.input_panel
    wanted: list[bool] = []
    panel.preview_wanted.connect(lambda: wanted.append(True))
    QTest.keyClicks(panel.input_edit, "LEAD|1")
    QApplication.processEvents()
    assert wanted == []  # typing: read once it pauses
    with qtbot.waitSignal(panel.preview_wanted, timeout=5000):
        pass
    assert wanted == [True]
    QGuiApplication.clipboard().setText("LEAD|2\nLEAD|3")
    panel.input_edit.paste()
    QApplication.processEvents()  # the next turn of the event loop, no pause
    assert wanted == [True, True]
    panel.type_combo.setCurrentIndex(2)  # a choice: read at once too
    QApplication.processEvents()
    assert wanted == [True, True, True]


def test_preview_counts_valid_and_invalid_rows_with_reasons(qtbot: QtBot, view: BulkView) -> None:
    paste(qtbot, view, MIXED)
    rows = list(view.results.model.rows())
    assert len(rows) == 8
    invalid = [row for row in rows if row.status == RowStatus.ERROR]
    assert [row.line for row in invalid] == [3, 6, 7]
    assert all(row.error for row in invalid)
    assert "unknown entity type" in invalid[1].error.lower()
    assert "8 rows: 5 valid, 3 invalid" in view.input_panel.preview_label.text()
    assert view.controls.run_button.isEnabled()


def test_run_matches_portal_and_invalid_rows_are_never_sent(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, MIXED)
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert [row.line for row in rows] == list(range(1, 9))  # input order, one row per input row
    assert_matches_portal(rows)
    assert [row.status for row in rows] == [
        RowStatus.FOUND,
        RowStatus.NO_CHAT,
        RowStatus.ERROR,
        RowStatus.FOUND,
        RowStatus.NO_CHAT,
        RowStatus.ERROR,
        RowStatus.ERROR,
        RowStatus.FOUND,
    ]
    stats = portal.stats.snapshot()
    assert stats.commands == 5 and stats.by_method == {"batch": 1}
    assert view.controls.progress.value() == view.controls.progress.maximum() == 8
    assert find_interrupted(view._paths.journal_dir) == []  # finished: nothing to resume


def test_bare_numbers_use_the_chosen_type_and_crm_kind(qtbot: QtBot, view: BulkView) -> None:
    view.input_panel.type_combo.setCurrentIndex(view.input_panel.type_combo.findData("CRM"))
    view.input_panel.kind_combo.setCurrentText("deal")
    paste(qtbot, view, "5\n6\n19\n")
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert [(r.entity_type, r.entity_id) for r in rows] == [
        ("CRM", "DEAL|5"),
        ("CRM", "DEAL|6"),
        ("CRM", "DEAL|19"),
    ]
    assert_matches_portal(rows)
    assert [r.chat_id for r in rows] == [2005, None, 2019]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("cp1251", False)])
def test_open_file_in_utf8_bom_or_cp1251(
    qtbot: QtBot, view: BulkView, tmp_path: Path, encoding: str, bom: bool
) -> None:
    text = "Тип;Идентификатор\r\nCRM;LEAD|1\r\nCRM;LEAD|14\r\nCRM;Лид|3\r\nCRM;DEAL|20\r\n"
    data = text.encode(encoding)
    path = tmp_path / "rows.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.open_file(str(path))
    assert "rows.csv" in view.input_panel.source_label.text()
    rows = list(view.results.model.rows())
    assert [r.line for r in rows] == [2, 3, 4, 5]  # the header row is not a row
    assert rows[2].status == RowStatus.ERROR and "Лид|3" in rows[2].entity_id
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert_matches_portal(rows)
    assert [r.chat_id for r in rows] == [1001, None, None, 2020]
    assert [r.status for r in rows] == [
        RowStatus.FOUND,
        RowStatus.NO_CHAT,
        RowStatus.ERROR,
        RowStatus.FOUND,
    ]


def test_a_file_dropped_on_the_paste_box_is_opened(
    qtbot: QtBot, view: BulkView, tmp_path: Path
) -> None:
    path = tmp_path / "dropped.tsv"
    path.write_text("entity_type\tentity_id\nCRM\tLEAD|2\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert view.input_panel.input_edit.canInsertFromMimeData(mime)
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        view.input_panel.input_edit.insertFromMimeData(mime)
    assert view.input_panel.input_edit.toPlainText() == ""  # not pasted as a path
    assert [(r.entity_type, r.entity_id) for r in view.results.model.rows()] == [("CRM", "LEAD|2")]


def test_a_failing_command_inside_a_batch_fails_only_its_row(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    portal.inject(Fault("http500"), method="im.chat.get")
    paste(qtbot, view, "LEAD|1\nLEAD|2\nLEAD|3\n")
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert [r.status for r in rows] == [RowStatus.ERROR, RowStatus.FOUND, RowStatus.FOUND]
    assert "server error" in rows[0].error.lower()
    assert_matches_portal(rows)


def test_an_export_keeps_each_errors_kind_and_code(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    portal.inject(Fault("http500"), method="im.chat.get")
    paste(qtbot, view, "LEAD|1\nLEAD|x\nLEAD|3\n")
    originals: list[BulkRow] = []
    real_lookup_many = bulk_core.lookup_many  # what the bulk worker calls

    def recording(*args: object, **kwargs: object) -> Iterator[list[BulkRow]]:
        for rows in real_lookup_many(*args, **kwargs):  # type: ignore[arg-type]
            originals.extend(rows)
            yield rows

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk_worker, "lookup_many", recording)
        assert run(qtbot, view) == RunOutcome.DONE
    exported = list(finished_bulk_rows(view.results.model.rows()))
    assert [r.status for r in exported] == [RowStatus.ERROR, RowStatus.ERROR, RowStatus.FOUND]
    for mine, original in zip(exported, originals, strict=True):
        assert type(mine.error) is type(original.error)
        if original.error is not None and mine.error is not None:
            assert (mine.error.kind, mine.error.code) == (original.error.kind, original.error.code)
        assert bulk_write.output_cells(mine) == bulk_write.output_cells(original)
    assert isinstance(exported[1].error, InvalidInputError)
    assert exported[0].error is not None and exported[0].error.kind != BitrixError.kind


def test_copy_formats_rows_as_the_export_does(
    finished: BulkView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = finished
    formatted: list[BulkRow] = []

    def output_cells(row: BulkRow, shape: OutputShape = CLASSIC) -> list[str]:
        formatted.append(row)
        return [cell.upper() for cell in real_output_cells(row, shape)]

    real_output_cells = bulk_write.output_cells
    monkeypatch.setattr(bulk_write, "output_cells", output_cells)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.results.table.selectionModel().select(view.results.proxy.index(2, 0), flags)
    view.results.copy_action.trigger()
    [row] = formatted
    assert isinstance(row.error, InvalidInputError)  # the row's own error, not a copy of text
    assert QGuiApplication.clipboard().text() == "\t".join(real_output_cells(row)).upper() + "\n"


def test_a_503_storm_mid_run_still_completes(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator, client: BitrixClient
) -> None:
    lines = [f"LEAD|{n}" for n in range(1, 41)] * 5  # 200 rows: four batches of distinct refs
    paste(qtbot, view, "\n".join(lines))
    portal.inject(Fault("503"), count=4)
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert len(rows) == 200 and all(r.status != RowStatus.ERROR for r in rows)
    assert_matches_portal(rows)
    assert portal.stats.snapshot().rejected_503 == 4
    assert client.stats.rate_limited == 4


# Bounds a test can go past quickly: a few 503s (short waits) or attempts, then the client gives up.
GIVES_UP = ClientConfig(
    rate=100,
    burst=100,
    backoff=0.05,
    max_attempts=3,
    max_rate_limited=3,
    rate_limited_wait_max=0.05,
)


@pytest.mark.parametrize(
    ("fault", "beyond_the_bound"),
    [
        ("503", GIVES_UP.max_rate_limited + 1),  # a 503 storm the client gives up on
        ("reset", GIVES_UP.max_attempts),  # the portal goes down: every attempt reset
    ],
)
def test_a_portal_that_stops_answering_stops_the_run_and_resume_finishes_it(
    qtbot: QtBot,
    portal: PortalEmulator,
    webhook: WebhookUrl,
    paths: AppPaths,
    fault: FaultKind,
    beyond_the_bound: int,
) -> None:
    with BitrixClient(webhook, GIVES_UP, on_event=dispatch_event) as client:
        view = make_view(qtbot, client, paths, webhook)
        try:
            _stop_then_resume(qtbot, view, portal, paths, fault, beyond_the_bound)
        finally:
            assert view.shutdown(3000)


def _stop_then_resume(
    qtbot: QtBot,
    view: BulkView,
    portal: PortalEmulator,
    paths: AppPaths,
    fault: FaultKind,
    beyond_the_bound: int,
) -> None:
    lines = [f"LEAD|{n}" for n in range(1, 201)]  # 200 distinct refs: four batches
    paste(qtbot, view, "\n".join([*lines, "LEAD|nope"]))
    portal.inject(Fault("slow", seconds=0.01))  # the first batch is answered
    portal.inject(Fault(fault), count=beyond_the_bound)  # the second fails as a whole
    assert run(qtbot, view) == RunOutcome.STOPPED
    assert portal.stats.snapshot().commands == 50
    table = list(view.results.model.rows())
    assert [r.line for r in table] == list(range(1, 202))  # the table keeps every row
    rows = table[:50]
    answered_by_portal = all(r.status not in (RowStatus.ERROR, RowStatus.PENDING) for r in rows)
    assert answered_by_portal
    assert all(r.status == RowStatus.PENDING for r in table[50:200])  # the rest wait for Resume
    assert_matches_portal(rows)
    status = view.status_label.text()
    assert "Stopped after 50 of 201 rows" in status and "Resume" in status
    assert ("rate limit" if fault == "503" else "connect") in status.lower()
    [path] = find_interrupted(paths.journal_dir)
    assert journal.summarise(path).done == 50  # written-off rows are not in the journal
    qtbot.waitUntil(lambda: not view.banner.isHidden(), timeout=5000)  # read on the bulk thread
    assert view.banner.resume_button.isEnabled()
    assert "50 of 201 rows" in view.banner.label.text()

    portal.reset_stats()  # the portal is back
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        view.banner.resume_button.click()
    assert blocker.args == [RunOutcome.DONE]
    rows = list(view.results.model.rows())
    assert [r.line for r in rows] == list(range(1, 202))
    assert_matches_portal(rows)
    assert [r.status == RowStatus.ERROR for r in rows] == [False] * 200 + [True]
    stats = portal.stats.snapshot()
    assert stats.commands == 150 and stats.by_method == {"batch": 3}  # nothing answered re-sent
    assert find_interrupted(paths.journal_dir) == []
    assert view.banner.isHidden()


def _status_texts(view: BulkView, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the status line is given from now on."""
    shown: list[str] = []
    set_text = view.status_label.setText

    def spy(text: str) -> None:
        shown.append(text)
        set_text(text)

    monkeypatch.setattr(view.status_label, "setText", spy)
    return shown


def test_rate_limit_waits_show_in_the_status(
    qtbot: QtBot,
    portal: PortalEmulator,
    webhook: WebhookUrl,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paced = ClientConfig(rate=5, burst=1, backoff=0.05)  # every request after the first waits
    with BitrixClient(webhook, paced, on_event=dispatch_event) as client:
        view = make_view(qtbot, client, paths, webhook)
        try:
            shown = _status_texts(view, monkeypatch)
            paste(qtbot, view, "\n".join(f"LEAD|{n}" for n in range(1, 151)))  # 3 requests
            assert run(qtbot, view) == RunOutcome.DONE
            waits = [text for text in shown if "Waiting for the portal's rate limit (" in text]
            assert len(waits) >= 2  # before the 2nd and the 3rd request
            assert all(text.endswith(" s)…") for text in waits)
            assert_matches_portal(list(view.results.model.rows()))
        finally:
            assert view.shutdown(3000)


def test_a_storm_of_client_events_updates_the_status_once_a_tick(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _status_texts(view, monkeypatch)
    paste(qtbot, view, "\n".join(f"LEAD|{n}" for n in range(1, 151)))  # 3 requests
    portal.inject(Fault("slow", seconds=0.15), count=3)  # the run is still going meanwhile
    with qtbot.waitSignal(view.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        view.controls.run_button.click()
    for n in range(300):
        view._on_client_event(ClientEvent(EventKind.RETRYING, 0.2, n, RetryReason.RATE_LIMIT))
        view._on_client_event(ClientEvent(EventKind.WAITING, 9.5, reason=RetryReason.RATE_LIMIT))
    qtbot.waitUntil(lambda: any("(9.5 s)" in text for text in shown), timeout=5000)
    assert sum("(9.5 s)" in text for text in shown) == 1  # the newest, once
    assert not any("Retrying" in text for text in shown)  # older news is dropped, not queued
    qtbot.waitUntil(lambda: not view.runner.running, timeout=RUN_TIMEOUT_MS)
    assert len(shown) < 20  # ticks, not events


def test_cancel_stops_between_requests_and_keeps_done_rows(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator, paths: AppPaths
) -> None:
    lines = [f"CRM,LEAD|{n}" for n in range(1, 301)]  # 6 batches
    paste(qtbot, view, "\n".join(lines))
    portal.inject(Fault("slow", seconds=0.15), count=100)
    with qtbot.waitSignal(view.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        view.controls.run_button.click()
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        view.controls.cancel_button.click()
    assert blocker.args == [RunOutcome.CANCELLED]
    rows = list(view.results.model.rows())
    sent = portal.stats.snapshot().by_method.get("batch", 0)
    assert [r.line for r in rows] == list(range(1, 301))  # the table keeps every row
    done = [r for r in rows if r.error != "cancelled"]
    assert 50 <= len(done) < 300
    assert len(done) == sent * 50  # every batch sent came back; nothing more was sent
    assert done == rows[: len(done)]
    assert_matches_portal(done)
    assert all(r.status == RowStatus.ERROR and r.chat_id is None for r in rows[len(done) :])
    assert "Cancelled" in view.status_label.text()
    assert find_interrupted(paths.journal_dir) == []


def test_pause_holds_the_run_until_resumed(
    qtbot: QtBot, view: BulkView, portal: PortalEmulator
) -> None:
    paste(qtbot, view, "\n".join(f"DEAL|{n}" for n in range(1, 201)))
    portal.inject(Fault("slow", seconds=0.1), count=100)
    with qtbot.waitSignal(view.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        view.controls.run_button.click()
    view.controls.pause_button.setChecked(True)  # the second request may be in flight: it finishes
    assert view.controls.pause_button.text() == "Resume"
    qtbot.wait(250)
    held = portal.stats.snapshot().by_method.get("batch", 0)
    # the batch in flight when paused still lands, however late a loaded machine shows it
    qtbot.waitUntil(lambda: len(answered(view)) == held * 50, timeout=RUN_TIMEOUT_MS)
    qtbot.wait(250)  # 2.5 answers' time: a run not held would have sent more by now
    assert held <= 2 and portal.stats.snapshot().by_method.get("batch", 0) == held
    assert len(answered(view)) == held * 50
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS):
        view.controls.pause_button.setChecked(False)
    assert len(view.results.model.rows()) == 200
    assert_matches_portal(list(view.results.model.rows()))


def _crashed_run(
    paths: AppPaths, total: int, done_batches: int, portal: str = ""
) -> list[BulkItem]:
    """A journal as the app leaves it when it dies mid-run (for ``portal``: a redacted URL)."""
    items = [
        BulkItem.parse(n, "CRM", f"LEAD|{(n - 1) % 40 + 1}" if n % 10 else "LEAD|x")
        for n in range(1, total + 1)
    ]
    run = journal.RunJournal.start(paths.journal_dir, items, {"portal": portal})
    for start in range(0, done_batches * 50, 50):
        rows = []
        for item in items[start : start + 50]:
            if item.ref is None:
                rows.append(BulkRow(item, error=item.error))
            else:
                rows.append(BulkRow(item, chat_id=CHATS.get(("CRM", item.entity_id))))
        run.record(rows)
    run.close()
    return items


def test_resume_after_a_crash_sends_only_the_rest(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl, portal: PortalEmulator
) -> None:
    items = _crashed_run(paths, total=230, done_batches=2, portal=webhook.redacted())
    view = make_view(qtbot, client, paths, webhook)
    try:
        assert offered(qtbot, view)
        assert not view.banner.isHidden()
        assert "100 of 230 rows" in view.banner.label.text()
        with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
            view.banner.resume_button.click()
        assert blocker.args == [RunOutcome.DONE]
        rows = list(view.results.model.rows())
        assert [r.line for r in rows] == [item.line for item in items]
        assert_matches_portal(rows)
        assert [r.status == RowStatus.ERROR for r in rows] == [item.ref is None for item in items]
        # Nothing done before the crash was sent again: exactly the rest, batch by batch.
        sent = portal.stats.snapshot().commands
        expected = sum(len({i.ref for i in chunk if i.ref}) for chunk in _chunks(items[100:]))
        assert sent == expected
        assert find_interrupted(paths.journal_dir) == []
        assert view.banner.isHidden()
    finally:
        assert view.shutdown(3000)


def test_a_run_for_another_portal_is_not_resumed(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl, portal: PortalEmulator
) -> None:
    other = "https://other.bitrix24.ru/rest/1/****/"
    _crashed_run(paths, total=120, done_batches=1, portal=other)
    view = make_view(qtbot, client, paths, webhook)
    try:
        assert offered(qtbot, view)
        text = view.banner.label.text()
        assert f"This run was for {other}" in text and webhook.redacted() in text
        assert "switch back in Settings" in text and "Discard" in text
        assert "demo0token" not in text
        view.banner.resume_button.click()
        assert not view.banner.resume_button.isEnabled()  # loading the journal
        qtbot.waitUntil(view.banner.resume_button.isEnabled, timeout=5000)  # loaded and refused
        assert not view.runner.running
        assert portal.stats.snapshot().requests == 0
        assert not view.banner.isHidden() and view.banner.resume_button.isEnabled()
        assert f"This run was for {other}" in view.banner.label.text()
        [path] = find_interrupted(paths.journal_dir)
        assert journal.summarise(path).done == 50  # kept for when the user switches back
    finally:
        assert view.shutdown(3000)


def _chunks(items: list[BulkItem]) -> Iterator[list[BulkItem]]:
    """How lookup_many cuts a stream: at most 50 distinct valid refs a batch."""
    chunk: list[BulkItem] = []
    refs: set[object] = set()
    for item in items:
        if item.ref is not None and item.ref not in refs:
            if len(refs) == 50:
                yield chunk
                chunk, refs = [], set()
            refs.add(item.ref)
        chunk.append(item)
    if chunk:
        yield chunk


def test_discard_removes_the_interrupted_run(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl
) -> None:
    _crashed_run(paths, total=60, done_batches=1)
    view = make_view(qtbot, client, paths, webhook)
    try:
        assert offered(qtbot, view)
        with qtbot.waitSignal(view.resume_offered, timeout=5000) as blocker:
            view.banner.discard_button.click()
        assert blocker.args == [False]
        assert view.banner.isHidden()
        assert find_interrupted(paths.journal_dir) == []
        assert not offered(qtbot, view)
    finally:
        assert view.shutdown(3000)


def test_closing_mid_run_keeps_the_journal_for_next_time(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl, portal: PortalEmulator
) -> None:
    view = make_view(qtbot, client, paths, webhook)
    paste(qtbot, view, "\n".join(f"LEAD|{n}" for n in range(1, 201)))
    portal.inject(Fault("slow", seconds=0.15), count=100)
    with qtbot.waitSignal(view.runner.worker.batch_done, timeout=RUN_TIMEOUT_MS):
        view.controls.run_button.click()
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert view.shutdown(3000)
    assert blocker.args == [RunOutcome.STOPPED]
    [path] = find_interrupted(paths.journal_dir)
    summary = journal.summarise(path)
    assert summary.total == 200 and 50 <= summary.done < 200
    assert summary.settings["portal"] == webhook.redacted()  # never the token
    assert "demo0token" not in path.read_text(encoding="utf-8")


@pytest.fixture
def finished(qtbot: QtBot, view: BulkView) -> BulkView:
    paste(qtbot, view, MIXED)
    assert run(qtbot, view) == RunOutcome.DONE
    return view


def test_filters_show_one_status(finished: BulkView) -> None:
    view = finished
    shown = {}
    for index in range(view.results.filter_combo.count()):
        view.results.filter_combo.setCurrentIndex(index)
        status = view.results.filter_combo.currentData()
        lines = [
            int(view.results.proxy.headerData(r, _vertical()))
            for r in range(view.results.proxy.rowCount())
        ]
        shown[status] = lines
    assert shown[None] == list(range(1, 9))
    assert shown[RowStatus.FOUND] == [1, 4, 8]
    assert shown[RowStatus.NO_CHAT] == [2, 5]
    assert shown[RowStatus.ERROR] == [3, 6, 7]


def _vertical() -> Qt.Orientation:
    return Qt.Orientation.Vertical


def test_sorting_by_chat_id_is_numeric(finished: BulkView) -> None:
    view = finished
    view.results.filter_combo.setCurrentIndex(view.results.filter_combo.findData(RowStatus.FOUND))
    view.results.table.sortByColumn(Column.CHAT_ID, Qt.SortOrder.AscendingOrder)
    chats = [
        int(view.results.proxy.index(r, Column.CHAT_ID).data())
        for r in range(view.results.proxy.rowCount())
    ]
    assert chats == sorted(chats) and len(chats) == 3


def test_copy_selected_rows_as_tsv(finished: BulkView) -> None:
    view = finished
    selection = view.results.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(view.results.proxy.index(2, 0), flags)
    selection.select(view.results.proxy.index(0, 0), flags)
    view.results.copy_action.trigger()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "CRM\tLEAD|13\t1013\t"
    cells = lines[1].split("\t")
    assert cells[1:3] == ["LEAD|nope", ""] and "LEAD|nope" in cells[3]  # the invalid row
    assert len(lines) == 2


def test_open_in_bitrix24(
    finished: BulkView, monkeypatch: pytest.MonkeyPatch, webhook: WebhookUrl
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    view = finished
    view.results.open_at(view.results.proxy.index(0, Column.ID))
    assert opened == [webhook.chat_url(1013)]
    assert not view.results.open_chat(1)  # no chat: nothing to open
    assert len(opened) == 1


def test_export_writes_every_row_and_asks_before_replacing(
    qtbot: QtBot, finished: BulkView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = finished
    target = tmp_path / "out.csv"
    assert exported(qtbot, view, target).startswith("Saved 8 rows")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    with target.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["entity_type", "entity_id", "chat_id", "error"]
    model_rows = list(view.results.model.rows())
    assert len(table) == 1 + len(model_rows)
    for cells, row in zip(table[1:], model_rows, strict=True):
        assert cells[:2] == [row.entity_type, row.entity_id]
        assert cells[2] == ("" if row.chat_id is None else str(row.chat_id))
        assert cells[3] == row.error
    assert table[1] == ["CRM", "LEAD|13", "1013", ""]

    target.write_text("keep me", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert view.results.export_csv(target) is None  # asked, and told no
    assert target.read_text(encoding="utf-8") == "keep me"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert exported(qtbot, view, target).startswith("Saved")
    assert target.read_text(encoding="utf-8-sig").startswith("entity_type,")


def test_export_to_a_missing_folder_says_so(
    qtbot: QtBot, finished: BulkView, tmp_path: Path
) -> None:
    said = exported(qtbot, finished, tmp_path / "nowhere" / "out.csv")
    assert said.startswith("Could not save out.csv: No such file or directory")
    assert said == finished.status_label.text()
    assert finished.results.export_button.isEnabled()  # the next try is allowed


def test_export_runs_off_the_gui_thread_and_allows_one_at_a_time(
    qtbot: QtBot, finished: BulkView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from gui.desktop import bulk_export, bulk_results

    threads: list[str] = []
    real = bulk_export.write_export

    def spy(target: Path, rows: Any, shape: Any, delimiter: str) -> int | OSError:
        threads.append(threading.current_thread().name)
        return real(target, rows, shape, delimiter)

    monkeypatch.setattr(bulk_results, "write_export", spy)
    job = finished.results.export_csv(tmp_path / "out.csv")
    assert job is not None and not finished.results.export_button.isEnabled()
    with qtbot.waitSignal(job.succeeded, timeout=5000):
        pass
    assert threads and threads[0] != threading.main_thread().name
    assert finished.results.export_button.isEnabled()


def test_no_webhook_says_what_to_do(qtbot: QtBot, paths: AppPaths) -> None:
    view = make_view(qtbot, None, paths, None)
    try:
        paste(qtbot, view, "LEAD|1")
        view.controls.run_button.click()
        assert "Settings" in view.status_label.text()
        assert not view.runner.running
    finally:
        assert view.shutdown(3000)


def test_contract_object_names(view: BulkView) -> None:
    from PySide6.QtWidgets import QWidget

    for name in (
        "bulkInputEdit",
        "bulkTypeCombo",
        "bulkRunButton",
        "bulkCancelButton",
        "bulkProgress",
        "bulkTable",
        "bulkExportButton",
    ):
        widget = view.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    headers = [
        view.results.model.headerData(c, _horizontal())
        for c in range(view.results.model.columnCount())
    ]
    assert headers == ["Type", "ID", "Chat ID", "Error"]


def _horizontal() -> Qt.Orientation:
    return Qt.Orientation.Horizontal
