"""Bulk lookups with details: the columns, input order, and the request budget counted by the
emulator: at most ⌈N/50⌉ lookups + ⌈found/50⌉ cards + ⌈CRM rows without a chat/50⌉ open-line
requests."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

from gui.bitrix.bulk import BulkItem, lookup_many
from gui.bitrix.bulk_details import DETAIL_COLUMNS, MAX_WAITING_ROWS, with_details
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.cli import main
from gui.demo.dialogs import OpenLineChat
from gui.demo.emulator import PortalEmulator, sample_portal

FAST = ["--rate", "1000", "--burst", "1000"]


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home  # tests/conftest.py: own home, no keyring, logging restored


def many_leads(count: int) -> PortalEmulator:
    """Leads 1..count: two in three have a chat; every tenth chatless one an open-line chat."""
    chats = {("CRM", f"LEAD|{n}"): 100_000 + n for n in range(1, count + 1) if n % 3}
    lines = [
        ("lead", n, OpenLineChat(200_000 + n, "telegrambot", "Telegram"))
        for n in range(3, count + 1, 30)
    ]
    return PortalEmulator(rate=10_000, burst=10_000, chats=chats, open_lines=lines)


def run_bulk(
    tmp_path: Path, portal: PortalEmulator, rows: list[str], *flags: str
) -> list[dict[str, str]]:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST, *flags])
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("count", [1, 49, 50, 51, 300, 1234])
def test_details_stay_within_the_request_budget(tmp_path: Path, count: int) -> None:
    with many_leads(count) as portal:
        rows = run_bulk(
            tmp_path, portal, [f"CRM,LEAD|{n}" for n in range(1, count + 1)], "--details"
        )
        stats = portal.stats.snapshot()
    found = sum(1 for n in range(1, count + 1) if n % 3)
    no_chat = count - found
    budget = math.ceil(count / 50) + math.ceil(found / 50) + math.ceil(no_chat / 50)
    assert stats.by_method == {"batch": stats.admitted} and stats.admitted <= budget
    assert stats.calls["im.chat.get"] == count and stats.calls["im.dialog.get"] == found
    assert stats.calls.get("imopenlines.crm.chat.get", 0) == no_chat
    assert [row["entity_id"] for row in rows] == [f"LEAD|{n}" for n in range(1, count + 1)]
    assert all(row["title"] == f"Lead #{n}" for n, row in enumerate(rows, 1) if n % 3)
    if count >= 3:
        assert rows[2]["open_line_chats"] == "200003" and rows[2]["chat_id"] == ""


def test_lookup_only_sends_no_detail_requests(tmp_path: Path) -> None:
    with many_leads(120) as portal:
        rows = run_bulk(tmp_path, portal, [f"CRM,LEAD|{n}" for n in range(1, 121)])
        stats = portal.stats.snapshot()
    assert stats.admitted == 3 and set(stats.calls) == {"batch", "im.chat.get"}
    assert list(rows[0]) == ["entity_type", "entity_id", "chat_id", "error"]


def test_detail_columns_for_every_case(tmp_path: Path) -> None:
    given = [
        "CRM,DEAL|1",  # a card
        "CRM,DEAL|2",  # hidden: no details, the chat ID stays
        "CRM,LEAD|7",  # no chat, an open-line chat
        "LINES,telegrambot|2|209607941|744",  # read through Open Lines staff
        "CRM,DEAL|1",  # a repeat is not asked twice
        "CRM,LEAD|x",  # invalid
    ]
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as portal:
        rows = run_bulk(tmp_path, portal, given, "--details")
        calls = portal.stats.snapshot().calls
    assert list(rows[0])[4:] == list(DETAIL_COLUMNS)
    assert rows[0]["title"] == "Deal #1: Annual licence" and rows[0]["members"] == "3"
    assert rows[0]["entity_url"].endswith("/crm/deal/details/1/")
    assert rows[1]["chat_id"] == "2002" and rows[1]["title"] == ""
    assert rows[2]["chat_id"] == "" and rows[2]["open_line_chats"] == "6101"
    assert rows[3]["chat_type"] == "lines" and rows[3]["title"] == "Telegram: Pavel"
    assert rows[4] == rows[0]
    assert rows[5]["error"] and rows[5]["title"] == ""
    assert calls["im.dialog.get"] == 2 and calls["imopenlines.dialog.get"] == 1


def test_line_chats_without_imopenlines_are_asked_through_im(tmp_path: Path) -> None:
    portal = PortalEmulator(sample_portal(rate=1000, burst=1000, scopes=("im", "crm")))
    with portal:
        rows = run_bulk(tmp_path, portal, ["LINES,livechat|3|6002|25", "CRM,LEAD|7"], "--details")
    assert rows[0]["title"] == "Site Visitor - Live chat"
    assert rows[1]["open_line_chats"] == ""


def client_for(portal: PortalEmulator) -> BitrixClient:
    return BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=1e4, burst=10**4))


def test_a_cancel_keeps_every_looked_up_row(tmp_path: Path) -> None:
    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in range(1, 201)]
    seen: list[int] = []
    with many_leads(200) as portal, client_for(portal) as client:
        cancel = lambda: len(seen) >= 2  # noqa: E731 - after two lookup batches
        lookups = lookup_many(client, items, cancelled=cancel, progress=seen.append)
        rows = [row for batch in with_details(client, lookups, cancelled=cancel) for row in batch]
    assert [row.item.line for row in rows] == list(range(1, 101))
    assert sum(1 for row in rows if row.chat_id is not None) == 67


def test_waiting_rows_are_bounded(tmp_path: Path) -> None:
    # Every row the same found chat after the first: no full card request ever builds up.
    count = MAX_WAITING_ROWS + 500
    items = [BulkItem.parse(n, "CRM", "LEAD|1") for n in range(1, count + 1)]
    looked_up: list[int] = []
    held_at_first_yield = None
    total = 0
    with many_leads(3) as portal, client_for(portal) as client:
        lookups = lookup_many(client, items, progress=looked_up.append)
        for batch in with_details(client, lookups):
            if held_at_first_yield is None:
                held_at_first_yield = looked_up[-1] - total
            total += len(batch)
    assert total == count
    assert held_at_first_yield is not None and held_at_first_yield <= MAX_WAITING_ROWS


def test_answers_kept_for_repeats_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.bitrix import bulk_details

    monkeypatch.setattr(bulk_details, "MAX_KEPT", 60)
    items = [BulkItem.parse(n, "CRM", f"LEAD|{n % 200 + 1}") for n in range(1, 601)]
    with many_leads(200) as portal, client_for(portal) as client:
        rows = [row for batch in with_details(client, lookup_many(client, items)) for row in batch]
        calls = portal.stats.snapshot().calls
    assert [row.item.line for row in rows] == list(range(1, 601))
    found = [row for row in rows if row.chat_id is not None]
    assert all(row.details is not None and row.details.card is not None for row in found)
    assert calls["im.dialog.get"] > 134  # repeats were asked again once forgotten
