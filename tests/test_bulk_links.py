"""Bulk input: a column of CRM card links is a column of IDs; other portals' links are not sent."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gui.bitrix.bulk import BulkItem, for_portal
from gui.bitrix.bulkio import read_items
from gui.bitrix.links import OTHER_PORTAL
from gui.cli import main
from gui.demo.emulator import PortalEmulator, sample_chats

FAST = ["--rate", "100", "--burst", "100"]


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home


def items(
    text: str, *, default_type: str | None = None, crm_kind: str | None = None
) -> list[BulkItem]:
    return list(read_items(io.StringIO(text), default_type=default_type, crm_kind=crm_kind))


def test_a_column_of_links_is_a_column_of_ids() -> None:
    rows = items(
        "https://a.bitrix24.ru/crm/deal/details/1663/\n"
        "https://a.bitrix24.ru/crm/type/128/details/3/?IFRAME=Y\n"
        "CRM,https://a.bitrix24.ru/crm/lead/details/13\n"
        "LEAD|7\n"
    )
    assert [(r.entity_type, r.entity_id, r.link_host) for r in rows] == [
        ("CRM", "DEAL|1663", "a.bitrix24.ru"),
        ("CRM", "DYNAMIC_128|3", "a.bitrix24.ru"),
        ("CRM", "LEAD|13", "a.bitrix24.ru"),
        ("CRM", "LEAD|7", ""),
    ]
    assert all(r.error is None for r in rows)


def test_a_link_first_then_other_columns() -> None:
    rows = items(
        "https://a.bitrix24.ru/crm/contact/details/25/;Ivan Petrov;+7 900\n"
        "https://a.bitrix24.ru/crm/company/details/7/;Roga i Kopyta;\n"
    )
    assert [r.entity_id for r in rows] == ["CONTACT|25", "COMPANY|7"]


def test_links_we_cannot_use_are_invalid_rows_in_place() -> None:
    rows = items(
        "https://a.bitrix24.ru/online/?IM_DIALOG=chat5\n"
        "https://a.bitrix24.ru/crm/deal/\n"
        "https://a.bitrix24.ru/crm/deal/details/2/\n",
        default_type="CRM",
    )
    assert [r.ref is None for r in rows] == [True, True, False]
    assert "chat's link" in str(rows[0].error)
    assert "not one we can read" in str(rows[1].error)
    lines = items("https://a.bitrix24.ru/crm/deal/details/2/\n", default_type="LINES")
    assert "not a LINES one" in str(lines[0].error)


def test_rows_linking_another_portal_become_invalid() -> None:
    rows = items(
        "https://a.bitrix24.ru/crm/deal/details/1/\n"
        "https://b.bitrix24.ru/crm/deal/details/2/\n"
        "DEAL|3\n",
        default_type="CRM",
    )
    checked = list(for_portal(rows, "a.bitrix24.ru"))
    assert [r.ref is not None for r in checked] == [True, False, True]
    assert checked[1].error is not None and checked[1].error.template == OTHER_PORTAL
    assert (checked[1].entity_type, checked[1].entity_id) == ("CRM", "DEAL|2")


def test_cli_bulk_over_links_sends_only_this_portals(tmp_path: Path) -> None:
    with PortalEmulator(rate=100, burst=100, chats=sample_chats()) as portal:
        here = f"http://127.0.0.1:{portal.port}"
        source = tmp_path / "links.csv"
        source.write_text(
            f"{here}/crm/deal/details/5/\n"
            f"{here}/crm/type/128/details/3\n"
            "https://elsewhere.bitrix24.ru/crm/deal/details/1/\n"
            f"{here}/crm/lead/details/7/\n",
            encoding="utf-8",
        )
        out = tmp_path / "out.csv"
        code = main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST])
        commands = portal.stats.snapshot().commands
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["entity_id"], r["chat_id"]) for r in rows] == [
        ("DEAL|5", "2005"),
        ("DYNAMIC_128|3", "5003"),
        ("DEAL|1", ""),
        ("LEAD|7", ""),
    ]
    assert "This link is for portal elsewhere.bitrix24.ru" in rows[2]["error"]
    assert rows[3]["error"] == ""
    assert commands == 3  # the other portal's row was never sent
    assert code == 2  # invalid rows, the rest looked up


def test_cli_bulk_an_id_column_of_links(tmp_path: Path) -> None:
    with PortalEmulator(rate=100, burst=100, chats=sample_chats()) as portal:
        here = f"http://127.0.0.1:{portal.port}"
        source = tmp_path / "export.csv"
        source.write_text(
            "Название;Ссылка\n"
            f"Поставка;{here}/crm/deal/details/5/\n"
            f"Процесс;{here}/crm/type/128/details/3/?IFRAME=Y\n"
            "Чужой;https://elsewhere.bitrix24.ru/crm/deal/details/1/\n",
            encoding="utf-8",
        )
        out = tmp_path / "out.csv"
        args = ["bulk", str(source), "-o", str(out), "--id-column", "Ссылка"]
        code = main([*args, "--webhook", portal.webhook_url, *FAST])
        commands = portal.stats.snapshot().commands
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Название;Ссылка;chat_id;error"
    assert [line.split(";")[2] for line in lines[1:]] == ["2005", "5003", ""]
    assert "elsewhere.bitrix24.ru" in lines[3]
    assert (commands, code) == (2, 2)
