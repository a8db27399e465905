"""The app entry as a frozen executable uses it: `b24chat` commands through gui.app.main, and the
self-test's bulk run (it must fail when an answer is wrong)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import gui
from gui.app import CLI_COMMANDS, build_window, main
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


def test_self_test_leaves_the_users_history_and_journals_alone(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "B24CHAT_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("B24_WEBHOOK_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "gui", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-800:]
    data = tmp_path / "data"
    assert not (data / "history.json").exists()
    journal = data / "journal"
    assert not journal.exists() or not any(journal.iterdir())
