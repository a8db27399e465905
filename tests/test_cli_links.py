"""``b24chat`` with links pasted from the browser, against the local portal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gui.cli import main
from gui.demo.emulator import PortalEmulator

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--rate", "100", "--burst", "100"]


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home


@pytest.fixture
def portal(sample_portal: PortalEmulator) -> PortalEmulator:
    return sample_portal


def link(portal: PortalEmulator, path: str) -> str:
    return f"http://127.0.0.1:{portal.port}{path}"


def test_a_card_link_alone_is_a_crm_lookup(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    url = portal.webhook_url
    deal = link(portal, "/crm/deal/details/5/?IFRAME=Y#top")
    assert main(["lookup", deal, "--webhook", url, *FAST]) == 0
    assert capsys.readouterr().out == "2005\n"
    smart = link(portal, "/crm/type/128/details/3")
    assert main(["lookup", smart, "--json", "--webhook", url, *FAST]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "entity_type": "CRM",
        "entity_id": "DYNAMIC_128|3",
        "chat_id": 5003,
    }


def test_crm_then_a_link_works_too(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    contact = link(portal, "/crm/contact/details/25/")
    assert main(["lookup", "crm", contact, "--webhook", portal.webhook_url, *FAST]) == 0
    assert capsys.readouterr().out == "3025\n"


def test_a_portal_path_has_no_host_to_check(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "/crm/company/details/7/", "--webhook", portal.webhook_url]) == 0
    assert capsys.readouterr().out == "4007\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["https://b.bitrix24.ru/crm/deal/details/5/"], "This link is for portal b.bitrix24.ru"),
        (["LINES", "https://b.bitrix24.ru/crm/deal/details/5/"], "not a LINES one"),
        (["https://b.bitrix24.ru/online/?IM_DIALOG=chat1439"], "b24chat info"),
        (["CRM", "https://b.bitrix24.ru/online/?IM_DIALOG=chat1439"], "b24chat info"),
        (["https://b.bitrix24.ru/crm/deal/"], "not one we can read"),
        (["https://b.bitrix24.ru/crm/type/14/details/1/"], "type 14"),
        (["DEAL|5"], "usage:"),
    ],
)
def test_links_that_cannot_be_asked_exit_2_and_send_nothing(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert main(["lookup", *args, "--webhook", portal.webhook_url]) == 2
    assert said in capsys.readouterr().err
    assert portal.stats.snapshot().requests == 0


def test_another_portal_says_both_and_how_to_ask_anyway(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["lookup", "https://b.bitrix24.ru/crm/deal/details/5/", "--webhook", portal.webhook_url]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert f"you are asking portal 127.0.0.1:{portal.port}" in err
    assert "CRM 'DEAL|5'" in err
    assert "demo0token" not in err and portal.webhook_url not in err


def test_lookup_a_link_as_a_process(tmp_path: Path, portal: PortalEmulator) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gui.cli", "lookup", link(portal, "/crm/lead/details/1/")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "B24CHAT_HOME": str(tmp_path / "home"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "B24_WEBHOOK_URL": portal.webhook_url,
        },
    )
    assert (done.returncode, done.stdout) == (0, "1001\n")


def test_info_reads_a_chat_link(portal: PortalEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    url = portal.webhook_url
    for chat in (
        link(portal, "/online/?IM_DIALOG=chat3025&IM_MESSAGE=9"),
        link(portal, "/crm/deal/kanban/?backurl=%2Fonline%2F%3FIM_DIALOG%3Dchat3025"),
    ):
        assert main(["info", chat, "--webhook", url, *FAST]) == 0
        assert capsys.readouterr().out.splitlines()[0] == "CRM CONTACT|25"
    assert main(["info", link(portal, "/online/?IM_DIALOG=sg103"), "--webhook", url]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "SONET_GROUP 103"


def test_lookup_a_card_link_with_details(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    deal = link(portal, "/crm/deal/details/1/")
    assert main(["lookup", deal, "--details", "--json", "--webhook", portal.webhook_url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["entity_id"], out["chat_id"]) == ("DEAL|1", 2001)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["info", "https://b.bitrix24.ru/online/?IM_DIALOG=chat3025"], "for portal b.bitrix24.ru"),
        (["info", "https://b.bitrix24.ru/crm/deal/details/5/"], "b24chat lookup LINK"),
        (["info", "https://b.bitrix24.ru/online/?IM_DIALOG=17"], "private dialog with user 17"),
        (["info", "https://b.bitrix24.ru/online/?IM_DIALOG=crmDEAL%7C5"], "CRM chat"),
        (["info", "https://b.bitrix24.ru/workgroups/"], "not one we can read"),
        (
            ["lookup", "https://b.bitrix24.ru/crm/deal/details/5/", "--details"],
            "for portal b.bitrix24.ru",
        ),
    ],
)
def test_chat_and_detail_links_that_cannot_be_asked_exit_2_and_send_nothing(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert main([*args, "--webhook", portal.webhook_url]) == 2
    assert said in capsys.readouterr().err
    assert portal.stats.snapshot().requests == 0


def test_another_portal_that_is_a_profile_names_it(
    cli_home: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui.store.paths import detect_paths
    from gui.store.profiles import DEFAULT, Profiles
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import Settings

    (cli_home).mkdir(parents=True, exist_ok=True)
    with PortalEmulator(chats={("CRM", "DEAL|5"): 9005}, rate=100, burst=100) as other:
        profiles = Profiles(detect_paths(), FileTokenStore)
        profiles.store(profiles.get(DEFAULT)).save(Settings(webhook_url=portal.webhook_url))
        profiles.store(profiles.add("Live one")).save(Settings(webhook_url=other.webhook_url))
        deal = f"http://127.0.0.1:{other.port}/crm/deal/details/5/"
        assert main(["lookup", deal]) == 2  # the default profile asks the first portal
        assert "add --profile 'Live one' to ask that portal" in capsys.readouterr().err
        assert main(["--profile", "Live one", "lookup", deal]) == 0
        assert capsys.readouterr().out == "9005\n"
    assert portal.stats.snapshot().requests == 0
