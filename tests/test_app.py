"""App entry: --version without Qt, --demo, --self-test, the bench hook, and log redaction."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import gui
from gui.app import build_window, main, parse_args, split_qt_options
from gui.desktop.main_window import MainWindow
from gui.desktop.notice_bar import NoticeBar
from gui.store.logs import RedactingFilter, redact, setup_logging
from gui.store.paths import detect_paths

TOKEN = "s3cr3ttoken0000"
ROOT = Path(__file__).resolve().parent.parent


def run_app(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "B24_WEBHOOK_URL")
    }
    environ.update(B24CHAT_HOME=str(home), **env)
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_prints_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"b24-chat-lookup {gui.__version__}"


def test_version_needs_no_qt_and_no_display(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    code = (
        "import sys; from gui.app import main; rc = main(['--version']); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert gui.__version__ in done.stdout


def test_self_test_passes_offscreen(tmp_path: Path) -> None:
    done = run_app("--self-test", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "self-test passed: LEAD|1 -> chat 1001" in done.stdout
    assert "exported to .xlsx and read back" in done.stdout
    assert not (tmp_path / "config" / "settings.json").exists()  # settings untouched
    # nor the user's history and journals (with a saved webhook: tests/test_demo_sealed.py)
    assert not (tmp_path / "data" / "history.json").exists()
    journal = tmp_path / "data" / "journal"
    assert not journal.exists() or not any(journal.iterdir())


def test_no_arguments_give_the_parsers_defaults() -> None:
    assert split_qt_options([]) == (parse_args([]), [])  # the parser is skipped for no arguments
    assert split_qt_options(["--demo"])[0] == parse_args(["--demo"])


def test_bench_hook_reports_the_window_shown(tmp_path: Path) -> None:
    done = run_app(home=tmp_path, QT_QPA_PLATFORM="offscreen", B24_BENCH_EXIT_ON_SHOW="1")
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[0] == "window-shown" and float(words[1]) > 0


def test_demo_window_title_and_no_saved_settings(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    window = build_window(["--demo"], qapp)
    try:
        assert window.windowTitle() == "B24 Chat Lookup — Demo"
        assert not window.banner.isVisibleTo(window)
        window.show()
        job = window.lookup_page.lookup()
        assert job is not None
        with qtbot.waitSignal(job.succeeded, timeout=5000):
            pass
        assert window.lookup_page.form.result_edit.text() == "1001"
    finally:
        window.close()
    assert not (tmp_path / "config" / "settings.json").exists()


def test_plain_start_without_webhook_shows_the_banner(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    window = build_window([], qapp)
    try:
        assert window.banner.isVisibleTo(window)
        assert window.windowTitle() == "B24 Chat Lookup — default · no webhook"
    finally:
        window.close()


def _notice(window: MainWindow) -> str:
    bar = window.findChild(NoticeBar, "startupNotice")
    return bar.message.text() if bar is not None and bar.isVisibleTo(window) else ""


def test_corrupt_settings_are_told_whole_above_the_tabs(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text("{oops", encoding="utf-8")
    (tmp_path / "config" / "profiles.json").write_text("[", encoding="utf-8")
    window = build_window([], qapp)
    try:
        told = _notice(window)
        assert "settings.json.corrupt-" in told and told.endswith("enter your settings again")
        assert "profiles.json.corrupt-" in told
        assert window.statusBar().currentMessage() == ""  # not a line cut at the window's edge
    finally:
        window.close()


def test_a_settings_warning_outlives_reading_the_saved_token(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    (tmp_path / "config").mkdir()
    webhook = {"portal": "https://p.bitrix24.com", "user_id": 1, "token_in": "file"}
    saved = {"version": 1, "webhook": {**webhook, "token": TOKEN}, "rate": "fast"}
    (tmp_path / "config" / "settings.json").write_text(json.dumps(saved), encoding="utf-8")
    window = build_window([], qapp)
    try:  # the token is read on the worker after the warning is shown; it must not wipe it
        qtbot.waitUntil(lambda: window.controller.webhook is not None, timeout=5000)
        assert "Requests per second" in _notice(window)
    finally:
        window.close()


def test_redact_removes_webhook_tokens() -> None:
    line = f"POST https://p.bitrix24.com/rest/1/{TOKEN}/im.chat.get.json failed"
    assert TOKEN not in redact(line)
    assert "/rest/1/****/im.chat.get.json" in redact(line)


def test_log_file_never_holds_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    paths = detect_paths()
    handler = setup_logging(paths)
    assert handler is not None
    try:
        logger = logging.getLogger("test.redaction")
        logger.info("calling %s", f"https://p.example/rest/7/{TOKEN}/profile")
        try:
            raise RuntimeError(f"boom at /rest/7/{TOKEN}/")
        except RuntimeError:
            logger.exception("failed")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    text = paths.log_file.read_text(encoding="utf-8")
    assert "calling https://p.example/rest/7/****/profile" in text
    assert "boom at /rest/7/****/" in text
    assert TOKEN not in text
    assert isinstance(handler.filters[0], RedactingFilter)


def test_redacting_filter_covers_message_traceback_and_stack() -> None:
    url = f"https://p.example/rest/7/{TOKEN}/im.chat.get"
    try:
        raise RuntimeError(f"failed {url}")
    except RuntimeError:
        record = logging.LogRecord(
            "t",
            logging.ERROR,
            __file__,
            1,
            "calling %s",
            (url,),
            sys.exc_info(),
            sinfo=f"Stack (most recent call last):\n {url}",
        )
    assert RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert TOKEN not in text
    assert text.count("/rest/7/****/") == 3  # message, traceback, stack


def test_an_escaped_exception_is_logged_and_shown_once(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui.app import crash_guard

    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    window = build_window([], qapp)
    qtbot.addWidget(window)
    shown: list[str] = []

    def fake_critical(parent: object, title: str, text: str) -> None:
        shown.append(text)
        hook(RuntimeError, RuntimeError("again, while the box is open"), None)

    monkeypatch.setattr(QMessageBox, "critical", fake_critical)
    hook = crash_guard(window)
    secret = "https://p.bitrix24.com/rest/1/s3cretT0kenValue42/"
    with caplog.at_level(logging.ERROR):
        hook(ValueError, ValueError(f"boom near {secret}"), None)
    assert len(shown) == 1  # the nested one was logged, not shown on top
    assert "ValueError" in shown[0] and str(window.paths.log_file) in shown[0]
    assert "s3cretT0kenValue42" not in shown[0]
    assert len([r for r in caplog.records if r.message == "Unexpected error"]) == 2


def test_a_stuck_bulk_thread_makes_the_exit_hard(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk thread past its bounded wait counts as an orphan: exit skips Qt's teardown."""
    import threading

    import gui.app
    from gui.desktop import bulk_worker
    from gui.desktop.bulk_source import InputSource, Preview
    from gui.desktop.threads import orphans_running

    entered, release = threading.Event(), threading.Event()

    def stuck(source: InputSource, choices: object = None) -> Preview:
        entered.set()
        release.wait(10)
        raise OSError("released")

    monkeypatch.setattr(bulk_worker, "read_input", stuck)
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)  # the one gui.app calls
    runner = bulk_worker.BulkRunner(tmp_path / "journal")
    try:
        runner.preview(InputSource(text="LEAD|1"))
        assert entered.wait(5)
        assert not runner.shutdown(50)
        assert orphans_running()
        assert gui.app._exit_code(3) == 3
        assert exits == [3]  # the hard exit, not a return into Qt's teardown
    finally:
        release.set()
    qtbot.waitUntil(lambda: not orphans_running(), timeout=5000)
    exits.clear()
    assert gui.app._exit_code(0) == 0 and exits == []


def test_every_window_gets_the_app_icon(qapp: QApplication) -> None:
    from PySide6.QtGui import QIcon

    from gui.app import set_app_icon

    before = qapp.windowIcon()
    try:
        set_app_icon(qapp)
        icon = qapp.windowIcon()
        assert not icon.isNull()
        assert icon.pixmap(32, 32).width() == 32  # the picture decodes
    finally:
        qapp.setWindowIcon(before if not before.isNull() else QIcon())
