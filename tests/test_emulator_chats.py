"""The emulator's chat methods over real HTTP: im.dialog.get, imopenlines.dialog.get,
imopenlines.crm.chat.get, and the demo data that shows every case."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gui.demo.emulator import PortalEmulator, sample_portal
from gui.demo.sample_data import LIVE_ID, OPERATORS_CODE, sample_chats


@pytest.fixture(scope="module")
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def call(client: httpx.Client, portal: PortalEmulator, method: str, **params: Any) -> Any:
    return client.post(portal.webhook_url + method + ".json", json=params)


def test_dialog_get_gives_a_members_card(client: httpx.Client, portal: PortalEmulator) -> None:
    answer = call(client, portal, "im.dialog.get", DIALOG_ID="chat2001")
    assert answer.status_code == 200
    card = answer.json()["result"]
    assert card["id"] == 2001 and card["dialog_id"] == "chat2001"
    assert card["name"] == "Deal #1: Annual licence" and card["type"] == "crm"
    assert (card["owner"], card["user_counter"], card["message_count"]) == (2, 3, 42)
    assert card["entity_type"] == "CRM" and card["entity_id"] == "DEAL|1"
    assert card["entity_link"]["url"] == "/crm/deal/details/1/"
    assert card["date_create"] == "2026-03-02T10:15:00+00:00"


def test_a_bound_chat_without_its_own_card_still_has_one(
    client: httpx.Client, portal: PortalEmulator
) -> None:
    card = call(client, portal, "im.dialog.get", DIALOG_ID="chat1005").json()["result"]
    assert (card["entity_type"], card["entity_id"]) == ("CRM", "LEAD|5")
    assert card["entity_link"]["url"] == "/crm/lead/details/5/"


@pytest.mark.parametrize("dialog", ["chat2002", "chat1003", "chat99999"])
def test_non_members_and_missing_chats_are_refused_with_403(
    client: httpx.Client, portal: PortalEmulator, dialog: str
) -> None:
    answer = call(client, portal, "im.dialog.get", DIALOG_ID=dialog)
    assert answer.status_code == 403
    assert answer.json()["error"] == "ACCESS_ERROR"


def test_a_bare_number_is_a_users_private_dialog(
    client: httpx.Client, portal: PortalEmulator
) -> None:
    user = call(client, portal, "im.dialog.get", DIALOG_ID="2").json()["result"]
    assert user["id"] == 2 and user["name"] == "Olga Petrova" and "entity_type" not in user


def test_sg_is_a_groups_chat(client: httpx.Client, portal: PortalEmulator) -> None:
    card = call(client, portal, "im.dialog.get", DIALOG_ID="sg103").json()["result"]
    assert (card["id"], card["entity_type"], card["entity_id"]) == (7103, "SONET_GROUP", "103")


@pytest.mark.parametrize("dialog", ["", "chat", "chatx1", "user 1"])
def test_not_a_dialog_id_is_dialog_id_empty(
    client: httpx.Client, portal: PortalEmulator, dialog: str
) -> None:
    answer = call(client, portal, "im.dialog.get", DIALOG_ID=dialog)
    assert (answer.status_code, answer.json()["error"]) == (400, "DIALOG_ID_EMPTY")


def test_a_crm_dialog_id_joins_the_caller_as_a_real_portal_does() -> None:
    with PortalEmulator(sample_portal(rate=1000, burst=1000)) as emu, httpx.Client() as c:
        hidden = call(c, emu, "im.dialog.get", DIALOG_ID="chat2002")
        assert hidden.status_code == 403
        joined = call(c, emu, "im.dialog.get", DIALOG_ID="crm|DEAL|2")
        assert joined.status_code == 200 and joined.json()["result"]["id"] == 2002
        assert emu.chats.crm_joins == ["crm|DEAL|2"]
        assert (
            call(c, emu, "im.dialog.get", DIALOG_ID="chat2002").status_code == 200
        )  # a member now
        call(c, emu, "im.dialog.get", DIALOG_ID="crm|LEAD|7")  # no chat: one gets created
        chat = call(c, emu, "im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|7").json()["result"]
        assert chat is not None


def test_lines_dialog_get_opens_line_chats_to_staff(
    client: httpx.Client, portal: PortalEmulator
) -> None:
    assert call(client, portal, "im.dialog.get", DIALOG_ID="chat6001").status_code == 403
    for params in (
        {"CHAT_ID": 6001},
        {"DIALOG_ID": "chat6001"},
        {"USER_CODE": "telegrambot|2|209607941|744"},
    ):
        answer = call(client, portal, "imopenlines.dialog.get", **params)
        assert answer.status_code == 200, params
        card = answer.json()["result"]
        assert card["id"] == 6001 and card["entity_data_1"].startswith("Y|DEAL|5|")


def test_lines_dialog_get_refuses_with_400() -> None:
    with (
        PortalEmulator(sample_portal(rate=1000, burst=1000, lines_staff=False)) as emu,
        httpx.Client() as c,
    ):
        for params in ({"CHAT_ID": 6001}, {"CHAT_ID": 2001}, {"CHAT_ID": 99999}, {}):
            answer = call(c, emu, "imopenlines.dialog.get", **params)
            assert (answer.status_code, answer.json()["error"]) == (400, "ACCESS_ERROR"), params
        assert call(c, emu, "imopenlines.dialog.get", CHAT_ID=6003).status_code == 200  # member


def test_crm_chat_get_lists_open_line_chats(client: httpx.Client, portal: PortalEmulator) -> None:
    answer = call(client, portal, "imopenlines.crm.chat.get", CRM_ENTITY_TYPE="lead", CRM_ENTITY=7)
    assert answer.json()["result"] == [
        {"CHAT_ID": "6101", "CONNECTOR_ID": "telegrambot", "CONNECTOR_TITLE": "Telegram"}
    ]
    everything = call(
        client, portal, "imopenlines.crm.chat.get", CRM_ENTITY_TYPE="lead", CRM_ENTITY=14,
        ACTIVE_ONLY="N",
    )  # fmt: skip
    assert [c["CHAT_ID"] for c in everything.json()["result"]] == ["6102", "6104"]
    upper = call(client, portal, "imopenlines.crm.chat.get", CRM_ENTITY_TYPE="LEAD", CRM_ENTITY=7)
    assert upper.json()["result"] == []  # lower case only: LEAD matches nothing


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"CRM_ENTITY": 7}, "CRM_ENTITY_TYPE is null"),
        ({"CRM_ENTITY_TYPE": "lead", "CRM_ENTITY_ID": 7}, "CRM_ENTITY is null"),
        ({"CRM_ENTITY_TYPE": "lead", "CRM_ENTITY": "x"}, "invalid type"),
    ],
)
def test_crm_chat_get_argument_errors(
    client: httpx.Client, portal: PortalEmulator, params: dict[str, Any], message: str
) -> None:
    answer = call(client, portal, "imopenlines.crm.chat.get", **params)
    assert answer.status_code == 400 and answer.json()["error"] == "ERROR_ARGUMENT"
    assert message in answer.json()["error_description"]


def test_without_imopenlines_scope_the_line_methods_are_refused() -> None:
    with (
        PortalEmulator(sample_portal(rate=1000, burst=1000, scopes=("im", "crm"))) as emu,
        httpx.Client() as c,
    ):
        for method in ("imopenlines.dialog.get", "imopenlines.crm.chat.get"):
            assert call(c, emu, method, CHAT_ID=6001).json()["error"] == "insufficient_scope"


def test_the_live_chat_and_its_operators_chat(client: httpx.Client, portal: PortalEmulator) -> None:
    chats = sample_chats()
    live = chats[("LIVECHAT", LIVE_ID)]
    line, client_user = LIVE_ID.split("|")
    assert f"livechat|{line}|{live}|{client_user}" == OPERATORS_CODE
    assert chats[("LINES", OPERATORS_CODE)] != live
    card = call(client, portal, "imopenlines.dialog.get", CHAT_ID=live).json()["result"]
    assert (card["type"], card["entity_id"]) == ("livechat", LIVE_ID)


def test_dialog_get_inside_a_batch(client: httpx.Client, portal: PortalEmulator) -> None:
    cmd = {
        "a": "im.dialog.get?" + urllib.parse.urlencode({"DIALOG_ID": "chat2001"}),
        "b": "im.dialog.get?" + urllib.parse.urlencode({"DIALOG_ID": "chat2002"}),
    }
    answer = call(client, portal, "batch", halt=0, cmd=cmd).json()["result"]
    assert answer["result"]["a"]["id"] == 2001
    assert answer["result_error"]["b"]["error"] == "ACCESS_ERROR"
