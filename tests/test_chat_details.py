"""The chat card, chat → entity and "why no chat", through the core and the CLI, against the
emulator's HTTP server with the demo data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from gui.bitrix.chat_details import lookup_details
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.reverse import ChatRef, ChatRefusedError, lookup_chat, parse_chat_ref
from gui.bitrix.webhook import WebhookUrl
from gui.cli import main
from gui.demo.dialogs import ChatRecord
from gui.demo.emulator import PortalEmulator, sample_portal

FAST = ["--rate", "100", "--burst", "100"]
CARD_KEYS = {"title", "chat_type", "owner_id", "members", "messages", "created", "entity_url"}


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home  # tests/conftest.py: own home, no keyring, logging restored


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emulator:
        yield emulator


def client_for(portal: PortalEmulator) -> BitrixClient:
    return BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=1000, burst=1000))


def cli_json(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, Any, str]:
    code = main([*argv, "--json", "--webhook", portal.webhook_url, *FAST])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


# ----- the card ------------------------------------------------------------------------------


def test_found_chat_has_its_card_with_absolute_links(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse("CRM", "DEAL|1"))
    assert details.chat_id == 2001 and details.card is not None
    assert details.card.title == "Deal #1: Annual licence"
    assert (details.card.owner_id, details.card.members, details.card.messages) == (2, 3, 42)
    assert details.card.entity_url == f"{portal.base_url}/crm/deal/details/1/"
    assert details.chat_url == f"{portal.base_url}/online/?IM_DIALOG=chat2001"
    assert details.details_error is None and details.why_no_chat is None
    assert portal.stats.snapshot().calls == {"im.chat.get": 1, "im.dialog.get": 1}


def test_hidden_card_keeps_the_chat_id_and_says_why(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli_json(portal, capsys, "lookup", "CRM", "DEAL|2", "--details")
    assert code == 0 and out["chat_id"] == 2002 and out["details"] is None
    assert "not a member of chat 2002" in out["details_error"]
    assert "hidden" in out["details_error"]


def test_a_line_chat_card_is_read_through_open_lines_staff(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse("LINES", "telegrambot|2|209607941|744"))
    assert details.card is not None and details.card.chat_type == "lines"
    assert details.card.entity_url == f"{portal.base_url}/crm/deal/details/5/"
    calls = portal.stats.snapshot().calls  # im.dialog.get refused, then Open Lines
    assert (calls.get("im.dialog.get"), calls.get("imopenlines.dialog.get")) == (1, 1)


def test_a_line_chat_hidden_from_non_staff_says_both() -> None:
    emulator = PortalEmulator(sample_portal(rate=1000, burst=1000, lines_staff=False))
    with emulator, client_for(emulator) as client:
        details = lookup_details(client, EntityRef.parse("LINES", "telegrambot|2|209607941|744"))
    assert details.chat_id == 6001 and details.card is None
    assert "neither a member of chat 6001 nor Open Lines staff" in str(details.details_error)


def test_without_imopenlines_a_member_reads_a_line_chat_through_im() -> None:
    emulator = PortalEmulator(sample_portal(rate=1000, burst=1000, scopes=("im", "crm")))
    with emulator, client_for(emulator) as client:
        details = lookup_details(client, EntityRef.parse("LINES", "livechat|3|6002|25"))
    assert details.chat_id == 6003 and details.card is not None


def test_json_contract_of_lookup_details(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli_json(portal, capsys, "lookup", "CRM", "DEAL|1", "--details")
    assert code == 0
    assert set(out) == {
        "entity_type", "entity_id", "chat_id", "chat_url", "details", "details_error",
        "why_no_chat", "open_line_chats",
    }  # fmt: skip
    assert set(out["details"]) == CARD_KEYS
    assert out["details"]["created"] == "2026-03-02T10:15:00+00:00"


def test_plain_details_prints_the_card_one_field_a_line(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "CRM", "DEAL|1", "--details", "--webhook", portal.webhook_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "chat_id: 2001" and "title: Deal #1: Annual licence" in lines


# ----- why no chat ---------------------------------------------------------------------------


def test_no_chat_says_why_and_lists_open_line_chats(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli_json(portal, capsys, "lookup", "CRM", "LEAD|7", "--details")
    assert code == 1 and out["chat_id"] is None and out["details"] is None
    assert "created only when someone first opens the chat" in out["why_no_chat"]
    assert "SUS_LEAD|<id>" in out["why_no_chat"]
    assert out["open_line_chats"] == [
        {
            "chat_id": 6101,
            "connector": "telegrambot",
            "connector_title": "Telegram",
            "chat_url": f"{portal.base_url}/online/?IM_DIALOG=chat6101",
        }
    ]


def test_inactive_open_line_chats_are_listed_too(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse("CRM", "LEAD|14"))
    assert [chat.chat_id for chat in details.open_line_chats] == [6102, 6104]


def test_without_imopenlines_the_open_line_part_says_it_needs_the_scope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with PortalEmulator(sample_portal(rate=1000, burst=1000, scopes=("im", "crm"))) as emulator:
        code, out, _ = cli_json(emulator, capsys, "lookup", "CRM", "LEAD|7", "--details")
    assert code == 1 and out["open_line_chats"] == []
    assert "created only when" in out["why_no_chat"]
    assert "imopenlines scope" in out["why_no_chat"]


def test_smart_processes_get_the_sentence_but_no_open_line_request(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse("CRM", "DYNAMIC_128|9"))
    assert details.why_no_chat is not None and "created only when" in details.why_no_chat
    assert "imopenlines.crm.chat.get" not in portal.stats.snapshot().calls


@pytest.mark.parametrize(
    ("kind", "entity_id", "expected"),
    [
        ("LIVECHAT", "livechat|1", "lineId|clientUserId"),
        ("LINES", "livechat|1|abc|25", "connector|lineId|connectorChatId|connectorUserId"),
        ("LINES", "5|2|1|2", "connector|lineId|connectorChatId|connectorUserId"),
    ],
)
def test_an_unusual_shape_names_the_expected_one(
    portal: PortalEmulator, kind: str, entity_id: str, expected: str
) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse(kind, entity_id))
    assert details.chat_id is None and expected in str(details.why_no_chat)


def test_a_usual_lines_id_without_a_chat_has_no_extra_sentence(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_details(client, EntityRef.parse("LINES", "telegrambot|2|1|1"))
    assert details.chat_id is None and details.why_no_chat is None


# ----- the live chat's other side ------------------------------------------------------------


def test_a_live_chat_finds_its_operators_chat(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli_json(portal, capsys, "lookup", "LIVECHAT", "3|25", "--details")
    assert code == 0 and out["chat_id"] == 6002 and out["operator_chat_id"] == 6003
    code, out, _ = cli_json(portal, capsys, "lookup", "LIVECHAT", "9|9", "--details")
    assert code == 1 and out["operator_chat_id"] is None


# ----- chat → entity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("1439", ChatRef("chat", 1439)),
        (" chat1439 ", ChatRef("chat", 1439)),
        ("Chat1439", ChatRef("chat", 1439)),
        ("sg103", ChatRef("group", 103)),
        ("https://a.bitrix24.ru/online/?IM_DIALOG=chat1439", ChatRef("chat", 1439)),
        ("https://a.bitrix24.ru/online/?foo=1&IM_DIALOG=chat7#x", ChatRef("chat", 7)),
    ],
)
def test_chat_refs_are_parsed(text: str, ref: ChatRef) -> None:
    assert parse_chat_ref(text) == ref


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("crm|DEAL|1", "never sent"),
        ("CRMDEAL1", "never sent"),
        ("https://a.bitrix24.ru/online/?IM_DIALOG=crm|DEAL|1", "never sent"),
        ("user5", "private dialog with user 5"),
        ("chat", "is not a chat"),
        ("chat0", "is not a chat"),
        ("", "is not a chat"),
        ("deal 5", "is not a chat"),
    ],
)
def test_bad_chat_refs_are_refused_before_sending(text: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        parse_chat_ref(text)


def test_a_bare_number_is_chat_n_not_a_private_dialog(portal: PortalEmulator) -> None:
    # User 2 exists and would answer as a private dialog; chat 2 does not exist: refused.
    with client_for(portal) as client, pytest.raises(ChatRefusedError, match="chat2"):
        lookup_chat(client, parse_chat_ref("2"))


def test_reverse_lookup_gives_the_entity_and_the_card(portal: PortalEmulator) -> None:
    with client_for(portal) as client:
        details = lookup_chat(client, parse_chat_ref("chat1005"))
        group = lookup_chat(client, parse_chat_ref("sg103"))
        live = lookup_chat(client, parse_chat_ref("6002"))
    assert (details.entity_type, details.entity_id, details.chat_id) == ("CRM", "LEAD|5", 1005)
    assert (group.entity_type, group.entity_id, group.chat_id) == ("SONET_GROUP", "103", 7103)
    assert (live.entity_type, live.entity_id, live.operator_chat_id) == ("LIVECHAT", "3|25", 6003)
    assert portal.chats.crm_joins == []


def test_a_chat_bound_to_nothing_says_so() -> None:
    record = ChatRecord(77, "Coffee", "chat", 1, (1,), 3, datetime(2026, 1, 1, tzinfo=UTC))
    emulator = PortalEmulator(rate=1000, burst=1000, records=[record])
    with emulator, client_for(emulator) as client:
        details = lookup_chat(client, ChatRef("chat", 77))
    assert details.entity_type is None and details.chat_id == 77
    assert "not bound to an entity" in str(details.why_no_chat)


def test_info_cli_contract(portal: PortalEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "1005", "--webhook", portal.webhook_url, *FAST]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "CRM LEAD|5" and "title: Lead #5" in lines
    code, out, _ = cli_json(portal, capsys, "info", "chat2001")
    assert code == 0 and out["entity_id"] == "DEAL|1" and set(out["details"]) == CARD_KEYS


def test_info_refused_is_exit_3_with_the_sentence(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "chat2002", "--webhook", portal.webhook_url, *FAST]) == 3
    assert "not a member" in capsys.readouterr().err
    with client_for(portal) as client, pytest.raises(ChatRefusedError):
        lookup_chat(client, ChatRef("chat", 2002))


def test_info_crm_ref_is_exit_2_and_sends_nothing(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "crm|DEAL|2", "--webhook", portal.webhook_url, *FAST]) == 2
    assert "never sent" in capsys.readouterr().err
    assert portal.stats.snapshot().requests == 0 and portal.chats.crm_joins == []


def test_exit_codes_as_a_process(tmp_path: Path, portal: PortalEmulator) -> None:
    """One command through the process (the exit code and JSON as a shell sees them); the
    other codes as main() returns them: test_cli's process test covers every exit path."""
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "B24_WEBHOOK_URL"}
    env.update(B24CHAT_HOME=str(tmp_path / "home"), PYTHONPATH=str(root))
    command = [sys.executable, "-m", "gui.cli", "lookup", "CRM", "DEAL|1", "--details", "--json"]
    found = subprocess.run(
        [*command, "--webhook", portal.webhook_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert found.returncode == 0 and json.loads(found.stdout)["details"]["members"] == 3
    assert "demo0token" not in found.stdout + found.stderr


def test_details_and_info_exit_codes(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--webhook", portal.webhook_url])
        out, err = capsys.readouterr()
        assert "demo0token" not in out + err and "Traceback" not in err
        return code, out, err

    code, out, _ = run("lookup", "CRM", "LEAD|7", "--details", "--json")
    assert code == 1 and json.loads(out)["open_line_chats"][0]["chat_id"] == 6101
    assert run("info", "sg103")[1].splitlines()[0] == "SONET_GROUP 103"
    assert run("info", "chat2002")[0] == 3
    code, _, err = run("info", "crm|DEAL|1")
    assert code == 2 and "never sent" in err
    assert portal.chats.crm_joins == []
