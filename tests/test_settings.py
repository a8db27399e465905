"""Settings: forgiving load, atomic private save, the token kept out of the file and the logs."""

from __future__ import annotations

import json
import logging
import math
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import certifi
import keyring
import pytest
from fakes import MemoryTokenStore
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from gui.bitrix.errors import InvalidInputError
from gui.store.paths import AppPaths
from gui.store.proxy import redacted_proxy
from gui.store.secrets import (
    KEYRING_SERVICE,
    FileTokenStore,
    KeyringTokenStore,
    TokenStoreError,
    choose_token_store,
)
from gui.store.settings import Settings, SettingsStore, effective_webhook

TOKEN = "s3cretT0kenValue42"
WEBHOOK = f"https://portal.bitrix24.com/rest/7/{TOKEN}/"
ACCOUNT = "https://portal.bitrix24.com|7"
OTHER_TOKEN = "anotherTokenZZ99"
OTHER = f"https://other.bitrix24.ru/rest/3/{OTHER_TOKEN}/"
FIXED_NOW = datetime(2024, 1, 2, 3, 4, 5)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home", portable=False)


@pytest.fixture
def tokens() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
def store(paths: AppPaths, tokens: MemoryTokenStore) -> SettingsStore:
    return SettingsStore(paths, tokens, now=lambda: FIXED_NOW)


def write_raw(paths: AppPaths, data: Any) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    paths.settings_file.write_text(text, encoding="utf-8")


# -- load -----------------------------------------------------------------------------------


def test_missing_file_gives_defaults(store: SettingsStore) -> None:
    result = store.load()
    assert result.settings == Settings()
    assert result.warnings == [] and result.recovered_from is None


def test_save_then_load_keeps_every_value(store: SettingsStore, tmp_path: Path) -> None:
    pem = tmp_path / "corp-ca.pem"
    pem.write_text(Path(certifi.where()).read_text(encoding="utf-8"), encoding="utf-8")
    chosen = Settings(
        webhook_url=WEBHOOK,
        rate=1.5,
        burst=10,
        timeout=30.0,
        proxy_mode="custom",
        proxy_url="http://proxy.corp:3128",
        ca_bundle=str(pem),
        language="ru",
    )
    store.save(chosen)
    result = store.load()
    assert result.warnings == []
    assert result.settings == chosen


@pytest.mark.parametrize("garbage", ["{not json", "", "[1, 2, 3]", '"text"', "\xff\xfe"])
def test_corrupt_file_is_kept_aside_and_defaults_used(
    store: SettingsStore, paths: AppPaths, garbage: str
) -> None:
    write_raw(paths, garbage)
    original = paths.settings_file.read_bytes()
    result = store.load()
    aside = paths.config_dir / "settings.json.corrupt-20240102-030405"
    assert result.settings == Settings()
    assert result.recovered_from == aside
    assert aside.read_bytes() == original
    assert not paths.settings_file.exists()
    assert len(result.warnings) == 1 and aside.name in result.warnings[0]


def test_undecodable_bytes_are_kept_aside(store: SettingsStore, paths: AppPaths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_bytes(b'{"rate": \xff}')
    result = store.load()
    assert result.recovered_from is not None
    assert result.recovered_from.read_bytes() == b'{"rate": \xff}'


def test_a_second_corrupt_file_in_the_same_second_does_not_overwrite_the_first(
    store: SettingsStore, paths: AppPaths
) -> None:
    write_raw(paths, "{first")
    first = store.load().recovered_from
    write_raw(paths, "{second")
    second = store.load().recovered_from
    assert first is not None and second is not None and first != second
    assert first.read_text(encoding="utf-8") == "{first"
    assert second.read_text(encoding="utf-8") == "{second"


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("rate", "fast"),
        ("rate", 0),
        ("rate", 51),
        ("rate", True),
        ("rate", None),
        ("burst", 0),
        ("burst", 1001),
        ("burst", 2.5),
        ("burst", "50"),
        ("timeout", 0.5),
        ("timeout", 301),
        ("timeout", [15]),
        ("proxy_mode", "socks"),
        ("proxy_url", 3128),
        ("ca_bundle", "/no/such/ca.pem"),
        ("language", "de"),
        ("language", None),
    ],
)
def test_one_bad_value_falls_back_alone(
    store: SettingsStore, paths: AppPaths, key: str, bad: object
) -> None:
    good = {
        "version": 1,
        "rate": 3.0,
        "burst": 20,
        "timeout": 40.0,
        "proxy_mode": "none",
        "proxy_url": "",
        "ca_bundle": "",
        "language": "en",
    }
    write_raw(paths, {**good, key: bad})
    result = store.load()
    assert getattr(result.settings, key) == getattr(Settings(), key)
    for other, value in good.items():
        if other not in (key, "version"):
            assert getattr(result.settings, other) == value, other
    assert len(result.warnings) == 1
    assert result.recovered_from is None
    assert paths.settings_file.exists()  # one bad value never moves the file aside


def test_nan_rate_is_refused(store: SettingsStore, paths: AppPaths) -> None:
    write_raw(paths, '{"version": 1, "rate": NaN, "burst": 9}')
    result = store.load()
    assert result.settings.rate == 2.0 and result.settings.burst == 9
    assert len(result.warnings) == 1


def test_integers_are_accepted_for_seconds(store: SettingsStore, paths: AppPaths) -> None:
    write_raw(paths, {"version": 1, "rate": 5, "timeout": 60})
    result = store.load()
    assert result.warnings == []
    assert result.settings.rate == 5.0 and isinstance(result.settings.rate, float)


def test_bad_custom_proxy_falls_back_to_system_but_keeps_the_text(
    store: SettingsStore, paths: AppPaths
) -> None:
    write_raw(paths, {"version": 1, "proxy_mode": "custom", "proxy_url": "proxy.corp"})
    result = store.load()
    assert result.settings.proxy_mode == "system"
    assert result.settings.proxy_url == "proxy.corp"
    assert len(result.warnings) == 1 and "proxy" in result.warnings[0]


def test_unknown_keys_are_ignored(store: SettingsStore, paths: AppPaths) -> None:
    write_raw(paths, {"version": 1, "burst": 7, "theme": "dark", "webhook_url": WEBHOOK})
    result = store.load()
    assert result.settings == Settings(burst=7)
    assert result.warnings == []


def test_newer_file_version_warns_but_loads(store: SettingsStore, paths: AppPaths) -> None:
    write_raw(paths, {"version": 2, "burst": 7})
    result = store.load()
    assert result.settings.burst == 7
    assert len(result.warnings) == 1 and "newer version" in result.warnings[0]


# -- the token --------------------------------------------------------------------------------


def test_keyring_store_keeps_the_token_out_of_the_file(
    store: SettingsStore, paths: AppPaths, tokens: MemoryTokenStore
) -> None:
    store.save(Settings(webhook_url=WEBHOOK))
    text = paths.settings_file.read_text(encoding="utf-8")
    assert TOKEN not in text
    assert tokens.tokens == {ACCOUNT: TOKEN}
    assert json.loads(text)["webhook"] == {
        "portal": "https://portal.bitrix24.com",
        "user_id": 7,
        "token_in": "keyring",
    }
    assert store.load().settings.webhook_url == WEBHOOK


def test_file_store_keeps_the_token_in_a_private_file(paths: AppPaths) -> None:
    SettingsStore(paths, FileTokenStore()).save(Settings(webhook_url=WEBHOOK))
    block = json.loads(paths.settings_file.read_text(encoding="utf-8"))["webhook"]
    assert block["token_in"] == "file" and block["token"] == TOKEN
    fresh = FileTokenStore()
    assert SettingsStore(paths, fresh).load().settings.webhook_url == WEBHOOK
    assert fresh.get(ACCOUNT) == TOKEN
    assert TOKEN not in repr(fresh)


def test_token_moves_from_the_file_to_the_keyring_on_the_next_save(
    paths: AppPaths, tokens: MemoryTokenStore
) -> None:
    SettingsStore(paths, FileTokenStore()).save(Settings(webhook_url=WEBHOOK))
    keyring_side = SettingsStore(paths, tokens)
    loaded = keyring_side.load()
    assert loaded.settings.webhook_url == WEBHOOK and loaded.warnings == []
    keyring_side.save(loaded.settings)
    assert TOKEN not in paths.settings_file.read_text(encoding="utf-8")
    assert tokens.get(ACCOUNT) == TOKEN


def test_token_missing_from_the_store_asks_to_paste_again(
    store: SettingsStore, tokens: MemoryTokenStore
) -> None:
    store.save(Settings(webhook_url=WEBHOOK, burst=9))
    tokens.tokens.clear()
    result = store.load()
    assert result.settings.webhook_url == "" and result.settings.burst == 9
    assert len(result.warnings) == 1 and "paste the webhook URL again" in result.warnings[0]


def test_keyring_token_with_a_file_store_asks_to_paste_again(
    store: SettingsStore, paths: AppPaths
) -> None:
    store.save(Settings(webhook_url=WEBHOOK))
    result = SettingsStore(paths, FileTokenStore()).load()
    assert result.settings.webhook_url == ""
    assert len(result.warnings) == 1 and "keyring" in result.warnings[0]


def test_changing_the_webhook_removes_the_old_token(
    store: SettingsStore, tokens: MemoryTokenStore
) -> None:
    store.save(Settings(webhook_url=WEBHOOK))
    store.save(Settings(webhook_url=OTHER))
    assert tokens.tokens == {"https://other.bitrix24.ru|3": OTHER_TOKEN}
    store.save(Settings())
    assert tokens.tokens == {}
    assert store.load().settings.webhook_url == ""


def test_the_token_never_reaches_logs_or_repr(
    store: SettingsStore,
    paths: AppPaths,
    tokens: MemoryTokenStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    chosen = Settings(webhook_url=WEBHOOK)
    store.save(chosen)
    tokens.tokens.clear()
    store.load()
    assert caplog.records, "save and load should log something"
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(chosen)
    assert "portal.bitrix24.com" in repr(chosen)


def test_a_locked_keyring_gives_a_warning_not_a_crash(
    paths: AppPaths, memory_keyring: MemoryKeyring
) -> None:
    SettingsStore(paths, KeyringTokenStore()).save(Settings(webhook_url=WEBHOOK, burst=5))
    keyring.set_keyring(LockedKeyring())
    result = SettingsStore(paths, KeyringTokenStore()).load()
    assert result.settings.webhook_url == "" and result.settings.burst == 5
    assert len(result.warnings) == 1 and "unlock" in result.warnings[0]
    assert TOKEN not in result.warnings[0]
    with pytest.raises(TokenStoreError) as caught:
        SettingsStore(paths, KeyringTokenStore()).save(Settings(webhook_url=WEBHOOK))
    assert TOKEN not in str(caught.value)


# -- KeyringTokenStore over a real keyring backend -------------------------------------------


def test_keyring_store_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = KeyringTokenStore()
    assert KeyringTokenStore.available()
    assert store.get(ACCOUNT) is None
    store.set(ACCOUNT, TOKEN)
    assert memory_keyring.passwords == {(KEYRING_SERVICE, ACCOUNT): TOKEN}
    assert store.get(ACCOUNT) == TOKEN
    store.delete(ACCOUNT)
    assert store.get(ACCOUNT) is None
    store.delete(ACCOUNT)  # deleting what is gone is fine
    assert "keyring" in store.name


def test_keyring_settings_end_to_end(paths: AppPaths, memory_keyring: MemoryKeyring) -> None:
    SettingsStore(paths, KeyringTokenStore()).save(Settings(webhook_url=WEBHOOK))
    assert TOKEN not in paths.settings_file.read_text(encoding="utf-8")
    assert memory_keyring.passwords[(KEYRING_SERVICE, ACCOUNT)] == TOKEN
    assert SettingsStore(paths, KeyringTokenStore()).load().settings.webhook_url == WEBHOOK


def test_no_keyring_backend_means_not_available() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        assert not KeyringTokenStore.available()
        assert isinstance(choose_token_store(portable=False), FileTokenStore)
    finally:
        keyring.set_keyring(previous)


def test_choose_token_store(memory_keyring: MemoryKeyring) -> None:
    assert isinstance(choose_token_store(portable=False), KeyringTokenStore)
    assert isinstance(choose_token_store(portable=True), FileTokenStore)
    assert isinstance(choose_token_store(portable=False, prefer_keyring=False), FileTokenStore)


def test_store_chooses_by_portability(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    portable = SettingsStore(AppPaths.under(tmp_path / "p", portable=True))
    assert portable.token_store.kind == "file"
    assert "settings file" in portable.token_store.name
    assert SettingsStore(AppPaths.under(tmp_path / "i", portable=False)).token_store.kind == (
        "keyring"
    )


# -- save -------------------------------------------------------------------------------------


def test_save_is_atomic_and_private(store: SettingsStore, paths: AppPaths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("{}", encoding="utf-8")
    os.chmod(paths.settings_file, 0o644)
    old_umask = os.umask(0)  # even a permissive umask must not widen the file
    try:
        store.save(Settings(webhook_url=WEBHOOK))
        store.save(Settings(burst=3))
    finally:
        os.umask(old_umask)
    assert sorted(p.name for p in paths.config_dir.iterdir()) == ["settings.json"]
    if os.name == "posix":
        assert stat.S_IMODE(paths.settings_file.stat().st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file(
    store: SettingsStore, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(Settings(burst=11))
    before = paths.settings_file.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        store.save(Settings(burst=12))
    monkeypatch.undo()
    assert paths.settings_file.read_bytes() == before
    assert sorted(p.name for p in paths.config_dir.iterdir()) == ["settings.json"]


def test_invalid_settings_write_nothing(
    store: SettingsStore, paths: AppPaths, tokens: MemoryTokenStore
) -> None:
    bad = Settings(
        webhook_url="https://portal.bitrix24.com/rest/x/abcd/",
        rate=0,
        burst=5000,
        proxy_mode="custom",
        proxy_url="ftp://p:1",
    )
    with pytest.raises(InvalidInputError) as caught:
        store.save(bad)
    message = str(caught.value)
    for word in ("user ID", "Requests per second", "burst", "proxy"):
        assert word in message
    assert not paths.settings_file.exists()
    assert tokens.tokens == {}

    store.save(Settings(burst=4))
    before = paths.settings_file.read_bytes()
    with pytest.raises(InvalidInputError):
        store.save(Settings(timeout=0))
    assert paths.settings_file.read_bytes() == before


@pytest.mark.parametrize(
    ("proxy", "ok"),
    [
        ("http://proxy.corp:3128", True),
        ("https://10.0.0.1:8443", True),
        ("http://user:pw@proxy.corp:3128", True),
        ("proxy.corp:3128", False),
        ("http://proxy.corp", False),
        ("socks5://p:1080", False),
        ("http://proxy.corp:99999", False),
        ("http://:3128", False),
        ("", False),
        ("http://proxy.corp:3128/path", False),
    ],
)
def test_custom_proxy_address(proxy: str, ok: bool) -> None:
    problems = Settings(proxy_mode="custom", proxy_url=proxy).validate()
    assert (problems == []) == ok, problems
    assert Settings(proxy_mode="none", proxy_url=proxy).validate() == []


def test_ca_bundle_must_exist(tmp_path: Path) -> None:
    pem = tmp_path / "ca.pem"
    assert len(Settings(ca_bundle=str(pem)).validate()) == 1
    pem.write_text(Path(certifi.where()).read_text(encoding="utf-8"), encoding="utf-8")
    assert Settings(ca_bundle=str(pem)).validate() == []


@pytest.mark.parametrize("content", ["x", "-----BEGIN CERTIFICATE-----\nnope\n", ""])
def test_ca_bundle_must_hold_certificates(tmp_path: Path, content: str) -> None:
    pem = tmp_path / "junk.pem"
    pem.write_text(content, encoding="utf-8")
    problems = Settings(ca_bundle=str(pem)).validate()
    assert len(problems) == 1 and "could not be used" in problems[0] and "junk.pem" in problems[0]


def test_a_saved_ca_bundle_that_went_bad_falls_back_with_a_warning(
    store: SettingsStore, tmp_path: Path
) -> None:
    pem = tmp_path / "corp-ca.pem"
    pem.write_text(Path(certifi.where()).read_text(encoding="utf-8"), encoding="utf-8")
    store.save(Settings(ca_bundle=str(pem)))
    pem.write_text("garbage", encoding="utf-8")
    result = store.load()
    assert result.settings.ca_bundle == "" and "could not be used" in result.warnings[0]


# -- the environment --------------------------------------------------------------------------


def test_environment_webhook_wins_and_is_not_saved(store: SettingsStore, paths: AppPaths) -> None:
    saved = Settings(webhook_url=WEBHOOK)
    assert effective_webhook(saved, {"B24_WEBHOOK_URL": f" {OTHER} "}) == (OTHER, "environment")
    assert effective_webhook(saved, {"B24_WEBHOOK_URL": "  "}) == (WEBHOOK, "settings")
    assert effective_webhook(saved, {}) == (WEBHOOK, "settings")
    assert effective_webhook(Settings(), {}) == ("", "")
    store.save(saved)
    assert "other.bitrix24" not in paths.settings_file.read_text(encoding="utf-8")


# -- property: whatever validates survives a round trip ---------------------------------------

HOSTS = st.from_regex(r"[a-z][a-z0-9-]{0,15}\.bitrix24\.(com|ru|de)", fullmatch=True)
WEBHOOKS = st.builds(
    lambda host, port, prefix, uid, token: (
        f"https://{host}{'' if port is None else f':{port}'}{prefix}/rest/{uid}/{token}/"
    ),
    HOSTS,
    st.none() | st.integers(1, 65535),
    st.sampled_from(["", "/b24", "/a/b"]),
    st.integers(1, 10**9),
    st.from_regex(r"[A-Za-z0-9_\-]{4,64}", fullmatch=True),
)
PROXIES = st.builds(
    lambda scheme, host, port: f"{scheme}://{host}:{port}",
    st.sampled_from(["http", "https"]),
    HOSTS,
    st.integers(1, 65535),
)
EXISTING_FILE = certifi.where()  # a real PEM bundle: the CA bundle is checked, not just found


@st.composite
def valid_settings(draw: st.DrawFn) -> Settings:
    mode = draw(st.sampled_from(["system", "none", "custom"]))
    chosen = Settings(
        webhook_url=draw(st.just("") | WEBHOOKS),
        rate=draw(st.floats(0.1, 50)),
        burst=draw(st.integers(1, 1000)),
        timeout=draw(st.floats(1, 300) | st.integers(1, 300).map(float)),
        proxy_mode=mode,
        proxy_url=draw(PROXIES if mode == "custom" else st.text(max_size=40)),
        ca_bundle=draw(st.sampled_from(["", EXISTING_FILE])),
        language=draw(st.sampled_from(["", "en", "ru"])),
    )
    assume(not chosen.validate())
    return chosen


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=valid_settings(), in_file=st.booleans())
def test_any_valid_settings_round_trip(chosen: Settings, in_file: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.under(Path(folder), portable=False)
        tokens = FileTokenStore() if in_file else MemoryTokenStore()
        SettingsStore(paths, tokens).save(chosen)
        reader_tokens = FileTokenStore() if in_file else tokens
        result = SettingsStore(paths, reader_tokens).load()
    assert result.warnings == []
    assert result.settings == chosen
    assert not math.isnan(result.settings.rate)


def test_the_token_store_is_chosen_only_when_a_token_is_needed(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[bool] = []

    def choose(*, portable: bool) -> MemoryTokenStore:
        chosen.append(portable)
        return MemoryTokenStore()

    monkeypatch.setattr("gui.store.settings.choose_token_store", choose)
    store = SettingsStore(paths)
    assert store.load().settings == Settings()  # no file: the keyring is never probed
    assert chosen == []
    store.save(Settings(webhook_url=WEBHOOK))
    assert chosen == [False]


def test_a_window_can_load_first_and_read_the_token_later(
    paths: AppPaths, tokens: MemoryTokenStore
) -> None:
    SettingsStore(paths, tokens).save(Settings(webhook_url=WEBHOOK, rate=3.0))
    reads: list[str] = []
    original_get = tokens.get

    def counting_get(account: str) -> str | None:
        reads.append(account)
        return original_get(account)

    tokens.get = counting_get  # type: ignore[method-assign]
    store = SettingsStore(paths, tokens)
    early = store.load(read_token=False)
    assert early.settings.webhook_url == "" and early.settings.rate == 3.0
    assert early.pending_webhook is not None and reads == []
    url, warnings = store.resolve_webhook(early.pending_webhook)
    assert url == WEBHOOK and warnings == [] and len(reads) == 1


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://bob:secret@proxy.local:3128", "http://bob:****@proxy.local:3128"),
        ("https://bob:se@cr/et@proxy.local:3128/", "https://bob:****@proxy.local:3128/"),
        ("http://:secret@proxy.local:3128", "http://:****@proxy.local:3128"),
        ("bob:secret@proxy.local:3128", "bob:****@proxy.local:3128"),
        ("http://bob@proxy.local:3128", "http://bob@proxy.local:3128"),
        ("http://proxy.local:3128", "http://proxy.local:3128"),
        ("", ""),
    ],
)
def test_redacted_proxy_hides_only_the_password(url: str, shown: str) -> None:
    assert redacted_proxy(url) == shown
