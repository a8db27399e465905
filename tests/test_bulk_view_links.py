"""The Bulk view with a pasted column of CRM card links, against the portal emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bulk_steps import paste, run
from pytestqt.qtbot import QtBot

from gui.bitrix.bulk import RowStatus
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.desktop.bulk_view import BulkView
from gui.desktop.bulk_worker import RunOutcome
from gui.store.paths import detect_paths


@pytest.fixture
def setup(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[BulkView, PortalEmulator]]:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    paths = detect_paths()
    paths.ensure()
    with PortalEmulator(rate=100, burst=100, chats=sample_chats()) as portal:
        webhook = WebhookUrl.parse(portal.webhook_url)
        with BitrixClient(webhook, ClientConfig(rate=100, burst=100)) as client:
            view = BulkView(lambda: client, paths, lambda: webhook)
            qtbot.addWidget(view)
            yield view, portal
            assert view.shutdown(3000)


def test_a_pasted_column_of_links_runs_as_ids_and_other_portals_are_not_sent(
    qtbot: QtBot, setup: tuple[BulkView, PortalEmulator]
) -> None:
    view, portal = setup
    here = f"http://127.0.0.1:{portal.port}"
    paste(
        qtbot,
        view,
        f"{here}/crm/deal/details/5/\n"
        f"{here}/crm/type/128/details/3/?IFRAME=Y\n"
        "https://other.bitrix24.ru/crm/deal/details/1/\n"
        f"{here}/crm/lead/details/7\n",
    )
    rows = list(view.results.model.rows())
    assert [row.entity_id for row in rows] == ["DEAL|5", "DYNAMIC_128|3", "DEAL|1", "LEAD|7"]
    assert "other.bitrix24.ru" in rows[2].error
    assert "4 rows: 3 valid, 1 invalid" in view.input_panel.preview_label.text()
    assert run(qtbot, view) == RunOutcome.DONE
    rows = list(view.results.model.rows())
    assert [(row.status, row.chat_id) for row in rows] == [
        (RowStatus.FOUND, 2005),
        (RowStatus.FOUND, 5003),
        (RowStatus.ERROR, None),
        (RowStatus.NO_CHAT, None),
    ]
    assert portal.stats.snapshot().commands == 3
