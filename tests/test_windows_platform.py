"""Windows as the frozen app meets it, simulated here: platformdirs' Windows folders, portable
mode beside the two .exe files, keyring's Windows backend (Credential Manager) chosen and used
for several portals, and no POSIX modes pretended (0600 means nothing on NTFS: the profile's
access list protects the settings file). Only sys.platform, os.name, platformdirs' folder lookup
and the pywin32-ctypes modules are simulated, each for one test; the code under test is real.
The same code runs for real on the Windows runners (.github/workflows)."""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path, PureWindowsPath
from typing import Any

import keyring
import keyring.backend
import keyring.core
import platformdirs
import platformdirs.macos
import platformdirs.windows
import pytest

from gui.bitrix.webhook import WebhookUrl
from gui.store import paths as paths_module
from gui.store import user_files
from gui.store.paths import PORTABLE_FOLDER, PORTABLE_MARKER, AppPaths, detect_paths
from gui.store.secrets import (
    KEYRING_SERVICE,
    FileTokenStore,
    KeyringTokenStore,
    account_for,
    choose_token_store,
)
from gui.store.settings import Settings, SettingsStore

LOCAL_APPDATA = r"C:\Users\admin\AppData\Local"
ROAMING_APPDATA = r"C:\Users\admin\AppData\Roaming"


@pytest.fixture
def windows_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """sys.platform win32, platformdirs' Windows flavour, and the shell's known folders."""
    known = {"CSIDL_LOCAL_APPDATA": LOCAL_APPDATA, "CSIDL_APPDATA": ROAMING_APPDATA}
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", known.__getitem__)


def as_windows(path: Path) -> PureWindowsPath:
    return PureWindowsPath(str(path))  # on Linux the separators come out mixed: compare as Windows


def test_the_per_user_folders_on_windows(windows_folders: None) -> None:
    paths = detect_paths(env={}, frozen=False)
    app = PureWindowsPath(LOCAL_APPDATA, "B24ChatLookup", "B24ChatLookup")  # author, then app
    assert as_windows(paths.config_dir) == app  # local, not roaming: the token stays on this PC
    assert as_windows(paths.data_dir) == app
    assert as_windows(paths.log_dir) == app / "Logs"
    assert as_windows(paths.settings_file) == app / "settings.json"
    assert not paths.portable


def test_the_per_user_folders_on_macos(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))  # what expanduser reads on a Windows runner
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)  # platformdirs honours them on macOS too
    paths = detect_paths(env={}, frozen=False)
    support = tmp_path / "Library" / "Application Support" / "B24ChatLookup"
    assert (paths.config_dir, paths.data_dir) == (support, support)
    assert paths.log_dir == tmp_path / "Library" / "Logs" / "B24ChatLookup"


@pytest.fixture
def portable_folder(tmp_path: Path) -> Path:
    """A portable folder as the Windows zip unpacks: both programs, and portable.ini."""
    folder = tmp_path / "b24-chat-lookup-portable"
    folder.mkdir()
    for name in ("b24-chat-lookup.exe", "b24chat.exe"):
        (folder / name).write_bytes(b"MZ")
    (folder / PORTABLE_MARKER).write_text("", encoding="utf-8")
    return folder


def test_both_windows_programs_share_the_portable_folder(
    windows_folders: None, portable_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    found = []
    for name in ("b24-chat-lookup.exe", "b24chat.exe"):
        monkeypatch.setattr(sys, "executable", str(portable_folder / name))
        found.append(detect_paths(env={}))
    expected = AppPaths.under(portable_folder / PORTABLE_FOLDER, portable=True)
    assert found == [expected, expected]  # the window and b24chat see the same settings
    assert isinstance(choose_token_store(portable=True), FileTokenStore)  # no keyring on a stick


def test_without_the_marker_windows_uses_the_profile(
    windows_folders: None, portable_folder: Path
) -> None:
    (portable_folder / PORTABLE_MARKER).unlink()
    paths = detect_paths(executable=str(portable_folder / "b24chat.exe"), env={})
    assert not paths.portable and as_windows(paths.config_dir).parts[:4] == (
        "C:\\",
        "Users",
        "admin",
        "AppData",
    )


# -- the keyring: Windows Credential Manager through pywin32-ctypes ------------------------


class CredentialError(Exception):
    """pywintypes.error as win32ctypes raises it."""

    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


class CredentialManager:
    """win32cred's generic credentials in memory, as win32ctypes hands them back (UTF-16)."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_ENTERPRISE = 3
    NOT_FOUND = 1168

    def __init__(self) -> None:
        self.targets: dict[str, dict[str, object]] = {}

    def CredRead(self, Type: int, TargetName: str) -> dict[str, object]:
        if TargetName not in self.targets:
            raise CredentialError(self.NOT_FOUND, "CredRead", "Element not found.")
        return dict(self.targets[TargetName])

    def CredWrite(self, Credential: dict[str, object], Flags: int) -> None:
        blob = Credential["CredentialBlob"]
        assert isinstance(blob, str)
        self.targets[str(Credential["TargetName"])] = {
            **Credential,
            "CredentialBlob": blob.encode("utf-16-le"),
        }

    def CredDelete(self, Type: int, TargetName: str) -> None:
        if self.targets.pop(TargetName, None) is None:
            raise CredentialError(self.NOT_FOUND, "CredDelete", "Element not found.")


# keyring's backends that are not tied to an OS: with WinVault, all a Windows bundle chooses from.
GENERIC_BACKENDS = {"keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer"}


@pytest.fixture
def credential_manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[CredentialManager]:
    """keyring as it starts in the frozen Windows app: pywin32-ctypes importable, its Windows
    backend loaded fresh, and the backend picked by keyring's own detection."""
    manager = CredentialManager()
    package = types.ModuleType("win32ctypes")
    pywin32 = types.ModuleType("win32ctypes.pywin32")
    pywintypes = types.ModuleType("win32ctypes.pywin32.pywintypes")
    pywintypes.error = CredentialError  # type: ignore[attr-defined]
    win32cred = types.ModuleType("win32ctypes.pywin32.win32cred")
    for name in ("CRED_TYPE_GENERIC", "CRED_PERSIST_ENTERPRISE", "CredRead", "CredWrite"):
        setattr(win32cred, name, getattr(manager, name))
    win32cred.CredDelete = manager.CredDelete  # type: ignore[attr-defined]
    pywin32.pywintypes, pywin32.win32cred = pywintypes, win32cred  # type: ignore[attr-defined]
    package.pywin32 = pywin32  # type: ignore[attr-defined]
    for module in (package, pywin32, pywintypes, win32cred):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.delitem(sys.modules, "keyring.backends.Windows", raising=False)
    windows = importlib.import_module("keyring.backends.Windows")
    previous = keyring.get_keyring()
    forget_backends: Callable[[], None] = lambda: vars(keyring.backend.get_all_keyring).pop(  # noqa: E731
        "saved_result", None
    )
    forget_backends()

    # Only this fresh WinVault and the generic backends compete: not other tests' in-memory
    # ones, not the Linux/macOS backends, and never the real Credential Manager on a Windows
    # runner (its WinVaultKeyring class is the old one).
    def windows_choice(backend: keyring.backend.KeyringBackend) -> bool:
        return type(backend) is windows.WinVaultKeyring or backend.__module__ in GENERIC_BACKENDS

    try:
        keyring.core.init_backend(limit=windows_choice)
        assert isinstance(keyring.get_keyring(), windows.WinVaultKeyring), keyring.get_keyring()
        yield manager
    finally:
        # This WinVaultKeyring holds the fake modules: no later test may find it viable.
        keyring.backend.KeyringBackend._classes.discard(windows.WinVaultKeyring)  # type: ignore[attr-defined]
        forget_backends()
        keyring.set_keyring(previous)


def test_windows_keeps_tokens_in_the_credential_manager(
    credential_manager: CredentialManager, tmp_path: Path
) -> None:
    store = choose_token_store(portable=False)
    assert isinstance(store, KeyringTokenStore) and KeyringTokenStore.available()
    assert "WinVaultKeyring" in store.name  # what Settings shows the user
    first = account_for(WebhookUrl.parse("https://alpha.bitrix24.ru/rest/1/tokenalpha123/"))
    second = account_for(WebhookUrl.parse("https://beta.bitrix24.ru/rest/7/tokenbeta4567/"))
    store.set(first, "tokenalpha123")
    store.set(second, "tokenbeta4567")  # one service, two accounts: WinVault's compound names
    assert (store.get(first), store.get(second)) == ("tokenalpha123", "tokenbeta4567")
    assert set(credential_manager.targets) == {KEYRING_SERVICE, f"{first}@{KEYRING_SERVICE}"}
    assert credential_manager.targets[KEYRING_SERVICE]["UserName"] == second
    store.delete(first)
    assert (store.get(first), store.get(second)) == (None, "tokenbeta4567")
    store.delete(first)  # already gone: no error


def test_windows_settings_file_holds_no_token_when_the_vault_has_it(
    credential_manager: CredentialManager, tmp_path: Path
) -> None:
    paths = AppPaths.under(tmp_path / "profile", portable=False)
    webhook = "https://alpha.bitrix24.ru/rest/1/tokenalpha123/"
    SettingsStore(paths).save(Settings(webhook_url=webhook))
    assert "tokenalpha123" not in paths.settings_file.read_text(encoding="utf-8")
    assert SettingsStore(paths).load().settings.webhook_url == webhook
    assert any(
        b"t\0o\0k\0e\0n\0a\0l\0p\0h\0a\0" in t["CredentialBlob"]  # type: ignore[operator]
        for t in credential_manager.targets.values()
    )


# -- file modes: 0600/0700 are POSIX; on Windows the profile's access list protects the files -----


class WindowsOs(types.ModuleType):
    """The os module with os.name "nt", for the modules under test only: patching os.name
    itself would turn every Path() in the process into a WindowsPath."""

    name = "nt"

    def __getattr__(self, attribute: str) -> object:
        return getattr(os, attribute)


def test_no_posix_modes_are_pretended_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chmods: list[object] = []
    monkeypatch.setattr(Path, "chmod", lambda self, mode, **kw: chmods.append((self, mode)))
    opened: list[tuple[object, ...]] = []
    real_open = os.open

    def recording_open(*a: Any, **kw: Any) -> int:
        opened.append(a)
        return real_open(*a, **kw)

    monkeypatch.setattr(os, "open", recording_open)
    paths = AppPaths.under(tmp_path / "profile", portable=False)
    with monkeypatch.context() as windows:
        windows.setattr(paths_module, "os", WindowsOs("os"))
        windows.setattr(user_files, "os", WindowsOs("os"))
        paths.ensure()
        user_files.write_atomically(paths.settings_file, "{}\n")
    assert chmods == []  # no 0700 on the config folder: chmod on Windows only flips read-only
    folder_syncs = [a for a in opened if a[1] == os.O_RDONLY and Path(str(a[0])).is_dir()]
    assert folder_syncs == []  # Windows cannot open a folder to fsync it
    assert paths.settings_file.read_text(encoding="utf-8") == "{}\n"
    paths.ensure()  # the same calls on POSIX:
    user_files.write_atomically(paths.settings_file, "{}\n")
    # every folder of ours private (issue 9), the folder synced
    assert chmods == [
        (folder, 0o700) for folder in (paths.config_dir, paths.data_dir, paths.log_dir)
    ]
    assert [a for a in opened if a[1] == os.O_RDONLY and Path(str(a[0])).is_dir()]
