"""Portal profiles on disk and on the command line: the old single settings file is the
``default`` profile as it stands (token in the keyring or in the file), every profile has its
own settings, token and history, and ``b24chat`` picks one with --profile or B24_PROFILE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import MemoryTokenStore

from gui import cli
from gui.bitrix.errors import InvalidInputError
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.store.history import History
from gui.store.paths import AppPaths
from gui.store.profiles import DEFAULT, Profiles
from gui.store.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OLD_KEYRING_FILE = {
    "version": 1,
    "webhook": {"portal": "https://old.bitrix24.ru", "user_id": 7, "token_in": "keyring"},
    "rate": 5.0,
    "burst": 250,
    "timeout": 30.0,
    "proxy_mode": "custom",
    "proxy_url": "http://proxy.local:3128",
    "ca_bundle": "",
    "language": "ru",
}


@pytest.fixture
def base(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path, portable=False)


def write_old_file(base: AppPaths, data: dict[str, object]) -> str:
    base.ensure()
    text = json.dumps(data, indent=2) + "\n"
    base.settings_file.write_text(text, encoding="utf-8")
    return text


def test_an_old_file_with_its_token_in_the_keyring_is_the_default_profile(
    base: AppPaths,
) -> None:
    text = write_old_file(base, OLD_KEYRING_FILE)
    keyring = MemoryTokenStore({"https://old.bitrix24.ru|7": "oldtoken12345678"})
    history = History(base.history_file)
    history.record("CRM", "LEAD|3", 1003)
    history.save()
    profiles = Profiles(base, lambda: keyring)
    assert profiles.names() == [DEFAULT] and profiles.last_used == DEFAULT
    default = profiles.get(DEFAULT)
    loaded = profiles.store(default).load()
    assert loaded.warnings == []
    assert loaded.settings == Settings(
        webhook_url="https://old.bitrix24.ru/rest/7/oldtoken12345678/",
        rate=5.0,
        burst=250,
        timeout=30.0,
        proxy_mode="custom",
        proxy_url="http://proxy.local:3128",
        language="ru",
    )
    assert profiles.ui_language() == "ru"
    assert profiles.host(default) == "old.bitrix24.ru"
    assert base.settings_file.read_text(encoding="utf-8") == text  # reading changed nothing
    assert History(profiles.paths(default).history_file).load() is None
    # Saved again, the token moves under the profile; the old account is cleaned up.
    profiles.store(default).save(loaded.settings)
    assert keyring.tokens == {"default/https://old.bitrix24.ru|7": "oldtoken12345678"}
    assert profiles.store(default).load().settings == loaded.settings


def test_an_old_file_with_its_token_inside_is_the_default_profile(tmp_path: Path) -> None:
    base = AppPaths.under(tmp_path, portable=True)
    old = dict(OLD_KEYRING_FILE)
    old["webhook"] = {
        "portal": "https://old.bitrix24.ru",
        "user_id": 7,
        "token_in": "file",
        "token": "filetoken1234567",
    }
    text = write_old_file(base, old)
    profiles = Profiles(base)  # portable: the file store
    loaded = profiles.store(profiles.get(DEFAULT)).load()
    assert loaded.warnings == []
    assert loaded.settings.webhook_url == "https://old.bitrix24.ru/rest/7/filetoken1234567/"
    assert (loaded.settings.rate, loaded.settings.burst) == (5.0, 250)
    assert base.settings_file.read_text(encoding="utf-8") == text


def test_each_profile_has_its_own_settings_token_and_history(base: AppPaths) -> None:
    keyring = MemoryTokenStore()
    profiles = Profiles(base, lambda: keyring)
    live = profiles.add("Live portal")
    same = "https://one.bitrix24.ru/rest/1/tokentoken123456/"
    profiles.store(profiles.get(DEFAULT)).save(Settings(webhook_url=same))
    profiles.store(live).save(Settings(webhook_url=same, rate=5.0))
    assert set(keyring.tokens) == {
        "default/https://one.bitrix24.ru|1",
        "live-portal/https://one.bitrix24.ru|1",
    }
    # A new webhook in one profile never takes the other's token with it.
    profiles.store(live).save(
        Settings(webhook_url="https://two.bitrix24.ru/rest/2/tokentwo12345678/")
    )
    assert profiles.store(profiles.get(DEFAULT)).load().settings.webhook_url == same
    assert profiles.paths(live).history_file != base.history_file
    assert profiles.for_portal("https://TWO.bitrix24.ru/") == live  # a link's portal
    assert profiles.for_portal("three.bitrix24.ru") is None
    assert profiles.store(live).load().settings.rate == 2.0  # a new save: its own options
    assert Profiles(base, lambda: keyring).names() == [DEFAULT, "Live portal"]  # kept on disk


def test_names_are_checked_renamed_in_place_and_removed_with_their_files(base: AppPaths) -> None:
    keyring = MemoryTokenStore()
    profiles = Profiles(base, lambda: keyring)
    test = profiles.add("Test")
    for bad in ("", "  ", "a/b", "x" * 41, "test", "DEFAULT"):
        with pytest.raises(InvalidInputError):
            profiles.add(bad)
    profiles.store(test).save(
        Settings(webhook_url="https://t.bitrix24.ru/rest/1/tokentest1234567/")
    )
    profiles.remember(test)
    renamed = profiles.rename(test, "Staging")
    assert renamed.folder == test.folder and profiles.last_used == "Staging"
    assert profiles.store(renamed).load().settings.webhook_url  # nothing moved, still found
    with pytest.raises(InvalidInputError):
        profiles.remove(profiles.get(DEFAULT))  # the app's own files stay
    profiles.remove(renamed)
    assert profiles.names() == [DEFAULT] and profiles.last_used == DEFAULT
    assert not profiles.paths(renamed).config_dir.exists()
    assert keyring.tokens == {}


def test_the_profile_is_chosen_by_flag_then_environment_then_last_used(base: AppPaths) -> None:
    profiles = Profiles(base, MemoryTokenStore)
    live = profiles.add("Live")
    profiles.add("Test")
    profiles.remember(live)
    assert Profiles(base).choose(None, {}).name == "Live"  # the last one used reopens
    assert profiles.choose(None, {"B24_PROFILE": "test"}).name == "Test"
    assert profiles.choose("default", {"B24_PROFILE": "test"}).name == DEFAULT
    with pytest.raises(InvalidInputError, match="default, Live, Test"):
        profiles.choose("nope", {})


def test_a_damaged_index_is_kept_aside_and_the_profiles_found_again(base: AppPaths) -> None:
    keyring = MemoryTokenStore()
    first = Profiles(base, lambda: keyring)
    live = first.add("Live portal")
    first.store(live).save(Settings(webhook_url="https://l.bitrix24.ru/rest/1/tokenlive1234567/"))
    (base.config_dir / "profiles.json").write_text("{broken", encoding="utf-8")
    profiles = Profiles(base, lambda: keyring)
    assert profiles.names() == [DEFAULT, "live-portal"]  # under its folder's name
    assert profiles.warning and "profiles.json" in profiles.warning
    assert [p.name for p in base.config_dir.glob("profiles.json.corrupt-*")]  # not lost
    found = profiles.get("live-portal")
    assert profiles.store(found).load().settings.webhook_url.startswith("https://l.bitrix24.ru")


# -- the command line ------------------------------------------------------------------------


class Command:
    """``b24chat`` run in this process (as the console script runs it): exit code, out, err."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err


def test_cli_profiles_create_list_and_look_up(
    cli_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_home.mkdir(parents=True)
    (cli_home / "portable.ini").write_text("", encoding="utf-8")  # the token in the file
    b24chat = Command(capsys)
    monkeypatch.delenv("B24_PROFILE", raising=False)
    with (
        PortalEmulator(chats=sample_chats()) as one,
        PortalEmulator(chats={("CRM", "LEAD|1"): 77}) as two,
    ):
        code, _, err = b24chat("config", "--webhook", one.webhook_url)
        assert code == 0, err
        code, _, err = b24chat("config", "--profile", "Other", "--webhook", two.webhook_url)
        assert code == 0 and "new profile Other" in err
        code, _, err = b24chat("config", "--profile", "Other", "--rate", "10")  # updates
        assert code == 0, err
        code, out, err = b24chat("config", "--list-profiles")
        assert code == 0
        assert out.split() == [
            "*",
            "default",
            "127.0.0.1:" + str(one.port),
            "Other",
            "127.0.0.1:" + str(two.port),
        ]
        for token in (one.webhook_url, two.webhook_url):
            assert token.rstrip("/").rsplit("/", 1)[1] not in out + err
        assert b24chat("lookup", "CRM", "LEAD|1")[1].strip() == "1001"
        assert b24chat("--profile", "other", "lookup", "CRM", "LEAD|1")[1].strip() == "77"
        monkeypatch.setenv("B24_PROFILE", "Other")
        assert b24chat("lookup", "CRM", "LEAD|1")[1].strip() == "77"
        monkeypatch.delenv("B24_PROFILE")
        _, out, _ = b24chat("--profile", "Other", "config", "--show")
        assert "profile:       Other" in out and "rate:          10" in out
        code, _, err = b24chat("--profile", "nope", "lookup", "CRM", "LEAD|1")
        assert code == 2 and "default, Other" in err
