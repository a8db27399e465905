"""The PyInstaller spec's Windows and macOS branches, run here: the real spec file executed with
sys.platform simulated and PyInstaller's building blocks (Analysis, PYZ, EXE, COLLECT, BUNDLE)
replaced by recorders, so each OS's targets, console flags, icons, version resources and bundle
can be checked without that OS. The real builds run in .ci/run (Linux) and on the runners."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import gui
import gui.desktop.i18n

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "b24-chat-lookup.spec"


class Made:
    """One call of a PyInstaller building block, as the spec made it."""

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        self.name = kwargs.get("name")
        self.console = kwargs.get("console")
        # What a real Analysis offers the spec afterwards; the recorders need no content.
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[object] = []
        self.scripts: list[object] = []


def run_spec(
    platform: str, options: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Made]:
    made: list[Made] = []

    def block(kind: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Made:
            made.append(Made(kind, *args, **kwargs))
            return made[-1]

        return record

    api = types.ModuleType("PyInstaller.building.api")
    api.COLLECT, api.EXE, api.PYZ = block("COLLECT"), block("EXE"), block("PYZ")  # type: ignore[attr-defined]
    build_main = types.ModuleType("PyInstaller.building.build_main")
    build_main.Analysis = block("Analysis")  # type: ignore[attr-defined]
    osx = types.ModuleType("PyInstaller.building.osx")
    osx.BUNDLE = block("BUNDLE")  # type: ignore[attr-defined]
    depend = types.ModuleType("PyInstaller.depend")
    depend.bindepend = types.SimpleNamespace(get_imports=lambda path: [])  # type: ignore[attr-defined]
    for module in (api, build_main, osx, depend):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    qm = tmp_path / "b24chat_ru.qm"
    qm.write_bytes(b"")
    monkeypatch.setattr(gui.desktop.i18n, "compile_translations", lambda out_dir: [qm])
    monkeypatch.setattr(sys, "argv", ["pyinstaller", *options])
    monkeypatch.delenv("B24_BUILD_ONEDIR", raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    spec_globals = {"__name__": "__main__", "SPECPATH": str(SPEC.parent), "workpath": str(tmp_path)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), spec_globals)
    return made


def of(made: list[Made], kind: str) -> list[Made]:
    return [m for m in made if m.kind == kind]


def test_windows_one_file_makes_the_window_and_the_console_b24chat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_spec("win32", [], tmp_path, monkeypatch)
    exes = of(made, "EXE")
    assert [(e.name, e.console) for e in exes] == [("b24-chat-lookup", False), ("b24chat", True)]
    for exe in exes:
        assert exe.kwargs["icon"].endswith("b24-chat-lookup.ico")
        assert exe.kwargs["strip"] is False and exe.kwargs["upx"] is False
        assert not exe.kwargs.get("exclude_binaries")  # one file: everything inside each
        version = Path(exe.kwargs["version"]).read_text(encoding="utf-8")
        assert f"StringStruct('OriginalFilename', '{exe.name}.exe')" in version
        assert f"StringStruct('ProductVersion', '{gui.__version__}')" in version
    assert of(made, "COLLECT") == [] and of(made, "BUNDLE") == []


def test_windows_portable_folder_holds_both_programs_over_one_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_spec("win32", ["--onedir"], tmp_path, monkeypatch)
    exes = of(made, "EXE")
    assert all(e.kwargs["exclude_binaries"] for e in exes) and len(exes) == 2
    (collect,) = of(made, "COLLECT")
    assert [a for a in collect.args if isinstance(a, Made)] == exes  # both EXEs, one _internal
    assert collect.kwargs["name"] == "b24-chat-lookup-portable"
    assert of(made, "BUNDLE") == []


def test_macos_is_one_windowed_app_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = run_spec("darwin", [], tmp_path, monkeypatch)  # no --onedir: macOS is a folder anyway
    (exe,) = of(made, "EXE")
    assert (exe.name, exe.console, exe.kwargs["exclude_binaries"]) == (
        "b24-chat-lookup",
        False,
        True,
    )
    assert exe.kwargs["icon"].endswith(".icns") and exe.kwargs["version"] is None
    assert exe.kwargs["strip"] is False  # stripped binaries would need signing again
    assert exe.kwargs["argv_emulation"] is False and exe.kwargs["target_arch"] is None
    (collect,) = of(made, "COLLECT")
    (bundle,) = of(made, "BUNDLE")
    assert bundle.args == (collect,)
    assert bundle.kwargs["name"] == "b24-chat-lookup.app"
    assert bundle.kwargs["icon"].endswith("b24-chat-lookup.icns")
    assert bundle.kwargs["bundle_identifier"] == "com.b24chatlookup.app"
    assert bundle.kwargs["version"] == gui.__version__
    assert bundle.kwargs["info_plist"]["NSHighResolutionCapable"] is True


def test_linux_one_file_is_stripped_and_carries_no_icon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_spec("linux", [], tmp_path, monkeypatch)
    (exe,) = of(made, "EXE")
    assert (exe.name, exe.kwargs["icon"], exe.kwargs["strip"]) == ("b24-chat-lookup", None, True)


def test_the_baseline_target_gets_no_console_twin_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_spec("win32", ["--target", "bare"], tmp_path, monkeypatch)
    assert [e.name for e in of(made, "EXE")] == ["bare-window"]


def test_every_os_ships_the_compiled_translations_not_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for platform in ("win32", "darwin"):
        (analysis,) = of(run_spec(platform, [], tmp_path, monkeypatch), "Analysis")
        shipped = [Path(src).name for src, _ in analysis.kwargs["datas"]]
        assert "b24chat_ru.qm" in shipped
        assert not [name for name in shipped if re.search(r"\.ts$", name)]
