"""Where files go: B24CHAT_HOME, portable mode beside the executable, platformdirs, resources."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

import gui
from gui.store.paths import (
    PORTABLE_FOLDER,
    PORTABLE_MARKER,
    AppPaths,
    detect_paths,
    resource,
    resources_dir,
)
from gui.store.secrets import FileTokenStore
from gui.store.settings import Settings, SettingsStore

REPO = Path(__file__).resolve().parents[1]
WEBHOOK = "https://portal.bitrix24.com/rest/1/abcdef0123456789/"


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the per-user folders into tmp_path, so a test can see anything written there."""
    home = tmp_path / "home"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "share"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home


def fake_executable(folder: Path, *, marker: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "b24-chat-lookup.exe"
    exe.write_bytes(b"MZ")
    if marker:
        (folder / PORTABLE_MARKER).write_text("", encoding="utf-8")
    return exe


def all_files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_home_env_puts_everything_under_that_folder(tmp_path: Path) -> None:
    home = tmp_path / "admin-home"
    paths = detect_paths(env={"B24CHAT_HOME": str(home)}, frozen=False)
    assert paths == AppPaths(home / "config", home / "data", home / "logs", portable=False)
    assert paths.settings_file == home / "config" / "settings.json"
    assert paths.history_file == home / "data" / "history.json"
    assert paths.journal_dir == home / "data" / "journal"
    assert paths.log_file == home / "logs" / "b24-chat-lookup.log"


def test_home_env_wins_over_a_portable_executable(tmp_path: Path) -> None:
    exe = fake_executable(tmp_path / "app", marker=True)
    home = tmp_path / "admin-home"
    paths = detect_paths(executable=str(exe), env={"B24CHAT_HOME": str(home)})
    assert paths.config_dir == home / "config"
    assert not paths.portable


def test_home_env_with_a_marker_is_portable(tmp_path: Path) -> None:
    home = tmp_path / "stick"
    home.mkdir()
    (home / PORTABLE_MARKER).touch()
    assert detect_paths(env={"B24CHAT_HOME": str(home)}).portable


def test_blank_home_env_is_ignored(tmp_path: Path, xdg: Path) -> None:
    paths = detect_paths(env={"B24CHAT_HOME": "  "}, frozen=False)
    assert paths.config_dir.is_relative_to(xdg)


def test_detecting_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "h"
    detect_paths(env={"B24CHAT_HOME": str(home)})
    assert not home.exists()


def test_portable_marker_beside_the_executable_keeps_every_file_beside_it(
    tmp_path: Path, xdg: Path
) -> None:
    app = tmp_path / "usb" / "B24ChatLookup"
    exe = fake_executable(app, marker=True)
    paths = detect_paths(executable=str(exe), env={})
    data = app / PORTABLE_FOLDER
    assert paths.portable
    assert paths == AppPaths(data / "config", data / "data", data / "logs", portable=True)

    # Write every kind of file the app keeps and check where each one landed.
    paths.ensure()
    store = SettingsStore(paths)
    assert isinstance(store.token_store, FileTokenStore)  # a USB stick has no keyring
    store.save(Settings(webhook_url=WEBHOOK))
    paths.history_file.write_text("[]", encoding="utf-8")
    paths.journal_dir.mkdir()
    (paths.journal_dir / "run.jsonl").write_text("{}\n", encoding="utf-8")
    paths.log_file.write_text("log\n", encoding="utf-8")

    assert all_files_under(data) == sorted(
        [
            data / "config" / "settings.json",
            data / "data" / "history.json",
            data / "data" / "journal" / "run.jsonl",
            data / "logs" / "b24-chat-lookup.log",
        ]
    )
    assert not xdg.exists(), "portable mode must not write to the user's profile"


def test_no_marker_means_the_per_user_folders(tmp_path: Path, xdg: Path) -> None:
    exe = fake_executable(tmp_path / "app", marker=False)
    paths = detect_paths(executable=str(exe), env={})
    assert not paths.portable
    if sys.platform.startswith("linux"):
        assert paths.config_dir == xdg / "config" / "B24ChatLookup"
        assert paths.data_dir == xdg / "share" / "B24ChatLookup"
        assert paths.log_dir.is_relative_to(xdg / "state" / "B24ChatLookup")
    assert not (tmp_path / "app" / PORTABLE_FOLDER).exists()


def test_marker_beside_python_counts_only_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: Path
) -> None:
    exe = fake_executable(tmp_path / "app", marker=True)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert not detect_paths(frozen=False, env={}).portable
    frozen = detect_paths(frozen=True, env={})
    assert frozen.portable
    assert frozen.config_dir == tmp_path / "app" / PORTABLE_FOLDER / "config"


def test_ensure_creates_the_folders_and_keeps_config_private(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "h", portable=False)
    paths.ensure()
    assert paths.config_dir.is_dir() and paths.data_dir.is_dir() and paths.log_dir.is_dir()
    if os.name == "posix":
        assert stat.S_IMODE(paths.config_dir.stat().st_mode) == 0o700
    paths.ensure()  # twice is fine


def test_resources_dir_finds_the_checkout_folder() -> None:
    assert resources_dir() == REPO / "resources"
    assert resource("icons") == REPO / "resources" / "icons"
    assert resource("icons").is_dir()


def test_resources_inside_the_package_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A wheel or a frozen bundle: gui/resources beside gui/__init__.py.
    package = tmp_path / "site" / "gui"
    (package / "resources").mkdir(parents=True)
    (tmp_path / "site" / "resources").mkdir()  # a decoy that must lose
    monkeypatch.setattr(gui, "__file__", str(package / "__init__.py"))
    assert resources_dir() == package / "resources"


def test_missing_resources_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site" / "gui"
    package.mkdir(parents=True)
    monkeypatch.setattr(gui, "__file__", str(package / "__init__.py"))
    with pytest.raises(FileNotFoundError, match="resources folder is missing"):
        resources_dir()
