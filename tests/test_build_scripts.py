"""The build scripts' decisions per OS, checked here with the platform passed in: which programs
each build makes, where they land, how the release names and checksums them, and the PE check
CI runs on the Windows executables. The builds themselves run in .ci/run and on the runners."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from pathlib import Path
from types import ModuleType

import pytest

import gui.console

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> ModuleType:
    """A build/ script by path (build/ is no package: ``import build`` would find the folder)."""
    spec = importlib.util.spec_from_file_location(f"b24_test_{name}", ROOT / "build" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


builder = load("build")
stage = load("stage")
pe = load("pe_subsystem")
rules = builder.bundle_rules


def test_windows_gets_a_console_b24chat_beside_the_windowed_app() -> None:
    programs = rules.programs("b24-chat-lookup", with_cli=True, platform="win32")
    assert [(p.name, p.console) for p in programs] == [
        ("b24-chat-lookup", False),
        ("b24chat", True),
    ]
    assert rules.CLI_PROGRAM == gui.console.CLI_PROGRAM  # the name the app dispatches on


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_elsewhere_one_program_is_both(platform: str) -> None:
    programs = rules.programs("b24-chat-lookup", with_cli=True, platform=platform)
    assert [(p.name, p.console) for p in programs] == [("b24-chat-lookup", False)]


def test_the_baselines_never_get_a_command_line() -> None:
    assert len(rules.programs("bare-window", with_cli=False, platform="win32")) == 1


def test_windows_paths_one_file_and_portable(tmp_path: Path) -> None:
    single = builder.program_paths("app", False, tmp_path, "win32")
    assert single == [
        (tmp_path / "b24-chat-lookup.exe", tmp_path / "b24-chat-lookup.exe"),
        (tmp_path / "b24chat.exe", tmp_path / "b24chat.exe"),
    ]
    folder = tmp_path / "b24-chat-lookup-portable"
    assert builder.program_paths("app", True, tmp_path, "win32") == [
        (folder, folder / "b24-chat-lookup.exe"),
        (folder, folder / "b24chat.exe"),  # one folder, one _internal/ bundle for both
    ]
    assert builder.artifact_paths("bare", False, tmp_path, "win32")[1].name == "bare-window.exe"


@pytest.mark.parametrize("onedir", [False, True])
def test_macos_is_always_the_app_bundle(tmp_path: Path, onedir: bool) -> None:
    app = tmp_path / "b24-chat-lookup.app"
    assert builder.program_paths("app", onedir, tmp_path, "darwin") == [
        (app, app / "Contents" / "MacOS" / "b24-chat-lookup")
    ]


def test_linux_paths(tmp_path: Path) -> None:
    assert builder.artifact_paths("app", False, tmp_path, "linux") == (
        tmp_path / "b24-chat-lookup",
        tmp_path / "b24-chat-lookup",
    )


@pytest.mark.parametrize(
    ("platform", "machine", "label"),
    [
        ("win32", "AMD64", "windows-x86_64"),
        ("darwin", "arm64", "macos-arm64"),
        ("darwin", "x86_64", "macos-x86_64"),
        ("linux", "x86_64", "linux-x86_64"),
        ("linux", "aarch64", "linux-arm64"),
    ],
)
def test_platform_labels(platform: str, machine: str, label: str) -> None:
    assert stage.platform_label(platform, machine) == label


def fake_dist(dist: Path, names: list[str]) -> None:
    dist.mkdir()
    for number, name in enumerate(names):
        (dist / name).write_bytes(bytes([number]) * (1000 + number))


def test_windows_release_names_and_checksums(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    fake_dist(dist, ["b24-chat-lookup.exe", "b24chat.exe", "b24-chat-lookup-portable.zip"])
    pairs = stage.release_names(dist, "1.2.0", "windows-x86_64", "win32")
    staged = stage.stage(pairs, tmp_path / "release")
    assert sorted(p.name for p in staged) == [
        "b24-chat-lookup-1.2.0-windows-x86_64.exe",
        "b24-chat-lookup-portable-1.2.0-windows-x86_64.zip",
        "b24chat-1.2.0-windows-x86_64.exe",
    ]
    sums = (tmp_path / "release" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    expected = {f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}" for path in staged}
    assert set(sums) == expected and len(sums) == 3  # the format `sha256sum -c` checks


def test_macos_release_is_the_zipped_app(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    fake_dist(dist, ["b24-chat-lookup.app.zip"])
    pairs = stage.release_names(dist, "1.2.0", "macos-arm64", "darwin")
    assert [name for _, name in pairs] == ["b24-chat-lookup-1.2.0-macos-arm64.zip"]


def test_staging_takes_what_exists_and_refuses_nothing(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    fake_dist(dist, ["b24-chat-lookup"])  # no portable zip built
    pairs = stage.release_names(dist, "1.2.0", "linux-x86_64", "linux")
    assert [p.name for p in stage.stage(pairs, tmp_path / "out")] == [
        "b24-chat-lookup-1.2.0-linux-x86_64"
    ]
    with pytest.raises(SystemExit, match="nothing to stage"):
        stage.stage(stage.release_names(tmp_path / "none", "1", "linux-x86_64", "linux"), tmp_path)


def minimal_pe(subsystem: int, *, pe_offset: int = 0x80) -> bytes:
    """The bytes the check reads: MZ, e_lfanew, PE signature, file header, optional header."""
    header = bytearray(pe_offset + 4 + 20 + 96)
    header[:2] = b"MZ"
    header[0x3C:0x40] = pe_offset.to_bytes(4, "little")
    header[pe_offset : pe_offset + 4] = b"PE\0\0"
    field = pe_offset + 4 + 20 + 68
    header[field : field + 2] = subsystem.to_bytes(2, "little")
    return bytes(header)


@pytest.mark.parametrize(("value", "kind"), [(2, "windowed"), (3, "console"), (10, "subsystem 10")])
def test_pe_subsystem(tmp_path: Path, value: int, kind: str) -> None:
    exe = tmp_path / "program.exe"
    exe.write_bytes(minimal_pe(value, pe_offset=0xF8))
    assert pe.subsystem(exe) == kind


def test_pe_subsystem_refuses_what_is_not_an_exe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elf = tmp_path / "b24-chat-lookup"
    elf.write_bytes(b"\x7fELF" + bytes(200))
    assert pe.main([str(elf)]) == 1
    assert "not a Windows executable" in capsys.readouterr().err
    truncated = tmp_path / "cut.exe"
    truncated.write_bytes(minimal_pe(3)[:0x90])
    with pytest.raises(ValueError, match="no PE header"):
        pe.subsystem(truncated)


def test_each_windows_program_names_itself_in_its_version_resource() -> None:
    text = rules.windows_version_info("1.2.0", "B24 Chat Lookup", "b24chat")
    assert "StringStruct('OriginalFilename', 'b24chat.exe')" in text
    assert "filevers=(1, 2, 0, 0)" in text


def test_the_version_resource_is_one_pyinstaller_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text the Windows build hands to EXE(version=...), parsed and serialized by
    PyInstaller's own versioninfo code (its Windows-only imports, unused for this, stubbed)."""
    compat = pytest.importorskip("PyInstaller.compat")
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(compat, "win32api", types.ModuleType("win32api"), raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    versioninfo = importlib.import_module("PyInstaller.utils.win32.versioninfo")
    text_file = tmp_path / "version_info-b24chat.txt"
    text_file.write_text(rules.windows_version_info("1.2.3", "B24 Chat Lookup", "b24chat"))
    info = versioninfo.load_version_info_from_text_file(str(text_file))
    assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == (1 << 16 | 2, 3 << 16)
    raw = info.toRaw()
    assert "b24chat.exe".encode("utf-16-le") in raw and "1.2.3".encode("utf-16-le") in raw
