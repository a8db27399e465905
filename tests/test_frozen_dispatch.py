"""The app entry as a frozen executable uses it: `b24chat` commands through gui.app.main, and the
self-test's bulk run (it must fail when an answer is wrong)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import gui
from gui.app import build_window, main
from gui.console import CLI_COMMANDS, program_name, runs_command_line
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.desktop.self_test import SELF_TEST_BULK_ROWS, run_self_test

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(chats=sample_chats()) as running:
        yield running


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)


def test_lookup_through_the_app_entry_prints_the_chat(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["lookup", "CRM", "LEAD|2", "--webhook", portal.webhook_url])
    assert (code, capsys.readouterr().out.strip()) == (0, str(sample_chats()[("CRM", "LEAD|2")]))


def test_lookup_without_a_chat_exits_one(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ("CRM", "LEAD|7") not in sample_chats()
    assert main(["lookup", "CRM", "LEAD|7", "--webhook", portal.webhook_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "no chat" in captured.err


def test_bulk_through_the_app_entry(
    portal: PortalEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("CRM,DEAL|1\nCRM,DEAL|6\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    main(["bulk", str(rows), "-o", str(out), "--webhook", portal.webhook_url])
    written = out.read_text(encoding="utf-8")
    assert str(sample_chats()[("CRM", "DEAL|1")]) in written
    assert ("CRM", "DEAL|6") not in sample_chats() and "DEAL|6" in written


def test_a_command_word_after_an_option_is_not_a_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--version"]) == 0  # the window's options still parse as before
    assert capsys.readouterr().out.strip() == f"b24-chat-lookup {gui.__version__}"
    with pytest.raises(SystemExit):
        main(["--version", "lookup"])  # only the first argument picks the command line


@pytest.mark.parametrize("command", sorted(CLI_COMMANDS))
def test_every_cli_command_is_dispatched(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0  # the window's parser would refuse the word
    assert f"b24chat {command}" in capsys.readouterr().out


def test_commands_import_no_qt() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    code = (
        "import sys; from gui.app import main; rc = main(['config', '--show']); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "rate:" in done.stdout


def test_self_test_bulk_run_checks_every_row(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    window = build_window(["--self-test"], qapp)
    try:
        window.show()
        assert run_self_test(window, qapp, timeout_s=10) == 0
    finally:
        window.close()
    out = capsys.readouterr().out
    assert f"{len(SELF_TEST_BULK_ROWS) - 1} rows looked up" in out


def test_self_test_fails_when_a_bulk_answer_is_wrong(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    window = build_window(["--self-test"], qapp)
    try:
        assert window.demo_portal is not None
        window.demo_portal.set_chat("CRM", "DEAL|5", 999999)  # the portal now disagrees
        window.show()
        assert run_self_test(window, qapp, timeout_s=10) == 1
    finally:
        window.close()
    err = capsys.readouterr().err
    assert "self-test failed" in err and "DEAL|5" in err and "999999" in err


# -- Windows: the console b24chat.exe beside the windowed b24-chat-lookup.exe ----------------


@pytest.fixture
def frozen_windows(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Pretend to be a frozen Windows executable at the given path (only sys is patched, and
    only for the test: the code under test reads sys.platform, sys.frozen, sys.executable)."""

    def pretend(executable: str) -> None:
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "executable", executable)

    return pretend


@pytest.mark.parametrize(
    "executable",
    [
        r"C:\Program Files\B24 Chat Lookup\b24chat.exe",
        r"D:\stick\b24-chat-lookup-portable\B24CHAT.EXE",  # Windows names ignore case
    ],
)
def test_the_console_exe_is_b24chat_whatever_its_arguments(
    executable: str,
    frozen_windows: Callable[[str], None],
    portal: PortalEmulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    frozen_windows(executable)
    assert runs_command_line(["--version"]) and runs_command_line([])
    assert main(["--version"]) == 0  # b24chat's own --version, not the window's
    assert capsys.readouterr().out.strip() == f"b24chat {gui.__version__}"
    assert main([]) == 2  # b24chat with no command: its usage, exit 2; no window opens
    assert "usage: b24chat" in capsys.readouterr().err
    code = main(["lookup", "CRM", "LEAD|1", "--webhook", portal.webhook_url])
    assert (code, capsys.readouterr().out.strip()) == (0, str(sample_chats()[("CRM", "LEAD|1")]))


def test_the_windowed_exe_stays_the_window(frozen_windows: Callable[[str], None]) -> None:
    frozen_windows(r"C:\Program Files\B24 Chat Lookup\b24-chat-lookup.exe")
    assert not runs_command_line([]) and not runs_command_line(["--self-test"])
    assert runs_command_line(["lookup", "CRM", "LEAD|1"])  # a command still runs the CLI
    assert not runs_command_line(["--demo"], executable=r"C:\tools\b24chat-gui.exe")


def test_from_source_python_is_never_taken_for_b24chat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", "/usr/local/bin/b24chat")  # a venv named so, say
    assert not runs_command_line([])
    monkeypatch.setattr(sys, "platform", "linux")
    assert program_name("/opt/b24/b24chat") == "b24chat"
    assert program_name("/opt/b24/B24CHAT") == "B24CHAT"  # POSIX names are case-sensitive


def test_a_command_in_the_windowed_exe_has_no_streams_and_does_not_crash(
    frozen_windows: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
    portal: PortalEmulator,
    tmp_path: Path,
) -> None:
    frozen_windows(r"C:\Apps\b24-chat-lookup.exe")
    monkeypatch.setattr(sys, "stdout", None)  # what a windowed .exe (like pythonw) starts with
    monkeypatch.setattr(sys, "stderr", None)
    rows = tmp_path / "rows.csv"
    rows.write_text("CRM,LEAD|1\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code = main(["bulk", str(rows), "-o", str(out), "--webhook", portal.webhook_url])
    assert code == 0  # bulk asks stderr.isatty(): with None that was an AttributeError
    assert str(sample_chats()[("CRM", "LEAD|1")]) in out.read_text(encoding="utf-8")
    assert sys.stdout is not None and sys.stderr is not None
