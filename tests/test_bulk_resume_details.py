"""A Bulk run with "Chat details", interrupted and resumed: the rows finished before the
interruption keep their detail columns (in the table and in the export)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.bitrix.bulk import RowStatus
from gui.bitrix.bulk_details import DETAIL_COLUMNS
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator
from gui.desktop.bulk_model import COLUMNS
from gui.desktop.bulk_view import BulkView
from gui.desktop.bulk_worker import RunOutcome
from gui.desktop.threads import dispatch_event
from gui.store import journal
from gui.store.paths import AppPaths, detect_paths, find_interrupted

ROWS = 100  # two lookup batches; the first one's 50 cards fill a request of their own
GIVES_UP = ClientConfig(rate=100, burst=100, backoff=0.05, max_attempts=2)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    found = detect_paths()
    found.ensure()
    return found


def _view(qtbot: QtBot, client: BitrixClient, paths: AppPaths, webhook: WebhookUrl) -> BulkView:
    view = BulkView(lambda: client, paths, lambda: webhook)
    qtbot.addWidget(view)
    return view


def _titles(view: BulkView) -> list[str]:
    model = view.results.model
    title = COLUMNS + DETAIL_COLUMNS.index("title")
    return [str(model.data(model.index(row, title))) for row in range(model.rowCount())]


def _stopped_after_first_batch(
    qtbot: QtBot, client: BitrixClient, paths: AppPaths, portal: PortalEmulator
) -> None:
    """The first batch and its cards are answered, then the portal goes down; the app quits."""
    view = _view(qtbot, client, paths, WebhookUrl.parse(portal.webhook_url))
    try:
        with qtbot.waitSignal(view.preview_ready, timeout=5000):
            view.input_panel.input_edit.setPlainText(
                "\n".join(f"CRM,LEAD|{n}" for n in range(1, ROWS + 1))
            )
        view.controls.details_check.setChecked(True)
        portal.inject(Fault("slow", seconds=0.01), count=2)  # the lookup and the cards
        portal.inject(Fault("reset"), count=GIVES_UP.max_attempts)  # the second lookup
        with qtbot.waitSignal(view.run_finished, timeout=20_000) as blocker:
            view.controls.run_button.click()
        assert blocker.args[0] == RunOutcome.STOPPED
        assert _titles(view)[:2] == ["Lead #1", "Lead #2"]
    finally:
        assert view.shutdown(3000)


def test_a_resumed_run_keeps_the_details_of_rows_done_before(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    chats = {("CRM", f"LEAD|{n}"): 100_000 + n for n in range(1, ROWS + 1)}
    with PortalEmulator(rate=100, burst=100, chats=chats) as portal:
        webhook = WebhookUrl.parse(portal.webhook_url)
        with BitrixClient(webhook, GIVES_UP, on_event=dispatch_event) as client:
            _stopped_after_first_batch(qtbot, client, paths, portal)
            [path] = find_interrupted(paths.journal_dir)
            assert journal.summarise(path).done == 50
            view = _view(qtbot, client, paths, webhook)  # the app started again
            try:
                with qtbot.waitSignal(view.resume_offered, timeout=5000):
                    view.check_for_interrupted_run()
                portal.reset_stats()
                with qtbot.waitSignal(view.run_finished, timeout=20_000) as blocker:
                    view.banner.resume_button.click()
                assert blocker.args[0] == RunOutcome.DONE
                model = view.results.model
                assert model.columnCount() == COLUMNS + len(DETAIL_COLUMNS)
                header = model.headerData(COLUMNS, Qt.Orientation.Horizontal)
                assert header == "Title"
                assert _titles(view) == [f"Lead #{n}" for n in range(1, ROWS + 1)]
                assert all(row.status == RowStatus.FOUND for row in model.rows())
                # Only the rest was asked: 50 lookups and their 50 cards.
                calls = portal.stats.snapshot().calls
                assert (calls["im.chat.get"], calls["im.dialog.get"]) == (50, 50)
                target = tmp_path / "out.csv"
                with qtbot.waitSignal(view.results.message, timeout=5000):
                    assert view.results.export_csv(target) is not None
                with target.open(encoding="utf-8-sig", newline="") as handle:
                    exported = list(csv.DictReader(handle))
                assert [row["title"] for row in exported][:2] == ["Lead #1", "Lead #2"]
                assert exported[0]["members"] != ""
            finally:
                assert view.shutdown(3000)
