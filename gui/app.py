"""App entry: ``b24-chat-lookup [--demo] [--version] [--self-test]``, or ``b24-chat-lookup
COMMAND …`` with a ``b24chat`` command (the frozen executable is the command line too).

Imports stay lazy: ``--version`` and the commands need no Qt (and no display), and the window
imports only what it shows; the HTTP client loads at the first lookup.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

import gui
from gui.console import give_commands_std_streams, runs_command_line

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QApplication

    from gui.desktop.main_window import MainWindow

log = logging.getLogger(__name__)

BENCH_ENV = "B24_BENCH_EXIT_ON_SHOW"
SELF_TEST_SECONDS = 20.0
# The self-test's bulk rows: valid ones with and without a chat, and one that must not be sent.
SELF_TEST_INVALID_ROW = "CRM,LEAD|abc"
SELF_TEST_BULK_ROWS = (
    "CRM,LEAD|1",
    "CRM,LEAD|7",
    "CRM,DEAL|5",
    "LINES,telegrambot|2|209607941|744",
    SELF_TEST_INVALID_ROW,
)
_IMPORTED_AT = time.perf_counter()


def process_age_ms() -> float:
    """Milliseconds since the process started (Linux: from /proc; else since this import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        return (now - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="b24-chat-lookup",
        description="Find the Bitrix24 chat behind a CRM entity, an Open Lines session or a "
        "live chat.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a sample portal on this computer; saved settings are untouched",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, look up a demo entity, exit 0 when it works",
    )
    return parser.parse_args(argv)


def build_window(args: argparse.Namespace | list[str] | None, app: QApplication) -> MainWindow:
    """The main window with the user's settings, history and translations (not shown yet)."""
    from gui.desktop.main_window import MainWindow
    from gui.store.paths import detect_paths
    from gui.store.settings import SettingsStore

    options = args if isinstance(args, argparse.Namespace) else parse_args(args)
    paths = detect_paths()
    store = SettingsStore(paths)
    loaded = store.load(read_token=False)  # the keyring is read after the window is up
    _install_translator(app, loaded.settings.language)
    window = MainWindow(
        paths=paths,
        settings=loaded.settings,
        store=store,
        pending_webhook=loaded.pending_webhook,
        demo=options.demo or options.self_test,  # sealed: the saved portal is never used
    )
    if loaded.warnings:
        window.show_message(" ".join(loaded.warnings))
    return window


def _install_translator(app: QApplication, language: str) -> None:
    from gui.desktop.i18n import install_translator

    try:
        install_translator(app, language)
    except Exception:  # a missing translation must never stop the app
        log.exception("translations not installed")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if runs_command_line(arguments):
        from gui.cli import main as cli_main

        give_commands_std_streams()
        return cli_main(arguments)
    args = parse_args(arguments)
    if args.version:
        print(f"b24-chat-lookup {gui.__version__}")
        return 0
    if args.self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("B24 Chat Lookup")
    app.setApplicationVersion(gui.__version__)
    window = build_window(args, app)
    window.show()
    from PySide6.QtCore import QTimer

    if os.environ.get(BENCH_ENV) == "1":
        QTimer.singleShot(0, lambda: _report_shown(app))
    # Once the window is on screen: the log file, then an interrupted bulk run to offer.
    QTimer.singleShot(0, lambda: _start_logging(window, args))
    QTimer.singleShot(0, window.check_for_interrupted_run)
    if args.self_test:
        code = run_self_test(window, app, timeout_s=SELF_TEST_SECONDS)
        window.close()
        return code
    sys.excepthook = crash_guard(window)
    terminated = _close_on_sigterm(window)
    code = app.exec()
    return _exit_code(EXIT_TERMINATED if terminated else code)


EXIT_TERMINATED = 143  # 128 + SIGTERM


def _close_on_sigterm(window: MainWindow) -> list[bool]:
    """SIGTERM (a logout, systemd, ``kill``) closes the window as its Quit does: the history
    saved, a bulk run's journal kept for resuming, the demo's temp folder removed. Python runs
    signal handlers only between its own bytecodes, so a timer lets it look every 200 ms."""
    import signal

    from PySide6.QtCore import QTimer

    terminated: list[bool] = []

    def close(signum: int, frame: object) -> None:
        terminated.append(True)
        QTimer.singleShot(0, window.close)

    try:
        signal.signal(signal.SIGTERM, close)
    except ValueError:  # not the main thread (a test): nothing to install
        return terminated
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(200)
    return terminated


def crash_guard(window: MainWindow) -> Callable[..., None]:
    """An exception escaping a slot is logged and shown once, instead of a silent or fatal end.

    The message names only the exception type and the log file: the log is token-free.
    """
    showing: list[bool] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error", exc_info=(kind, value, tb))
        if showing or issubclass(kind, KeyboardInterrupt):
            return
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        showing.append(True)
        try:
            QMessageBox.critical(
                window,
                "B24 Chat Lookup",
                QCoreApplication.translate(
                    "MainWindow",
                    "Something unexpected went wrong ({kind}). Your data is safe; the details are "
                    "in the log file {log}. Please report it.",
                ).format(kind=kind.__name__, log=window.paths.log_file),
            )
        finally:
            showing.clear()

    return hook


def _start_logging(window: MainWindow, args: argparse.Namespace) -> None:
    from gui.store.logs import setup_logging

    setup_logging(window.paths)
    log.info("B24 Chat Lookup %s started%s", gui.__version__, " (demo)" if args.demo else "")


def _report_shown(app: QApplication) -> None:
    print(f"window-shown {process_age_ms():.0f}", flush=True)
    app.quit()


def _exit_code(code: int) -> int:
    from gui.desktop.worker import orphans_running

    if orphans_running():
        # A request stuck past its bounded wait: a hard exit, since Qt aborts when a running
        # thread is destroyed at interpreter shutdown.
        logging.shutdown()
        os._exit(code)
    return code


def run_self_test(window: MainWindow, app: QApplication, *, timeout_s: float) -> int:
    """Open and close Settings, look up LEAD|1, then run a few bulk rows, all against the demo
    portal through the real workers; 0 when every answer matches the demo data."""
    try:
        _open_and_close_settings(window)
    except Exception as exc:  # the self-test reports, never crashes
        return _self_test_failed(f"the settings dialog did not open ({exc!r})")
    try:
        lookup_problem = _self_test_lookup(window, app, timeout_s)
        bulk_problem = lookup_problem or _self_test_bulk(window, app, timeout_s)
    except Exception as exc:
        return _self_test_failed(f"unexpected error ({exc!r})")
    if lookup_problem or bulk_problem:
        return _self_test_failed(lookup_problem or bulk_problem or "")
    _say(
        f"self-test passed: LEAD|1 -> chat {window.result_edit.text()}; bulk: "
        f"{len(SELF_TEST_BULK_ROWS) - 1} rows looked up, the invalid row not sent"
    )
    return 0


def _self_test_failed(problem: str) -> int:
    _say(f"self-test failed: {problem}", file=sys.stderr)
    return 1


def _say(message: str, file: TextIO | None = None) -> None:
    """Every line the self-test prints goes through the token redactor, failures included."""
    from gui.store.logs import redact

    print(redact(message), file=file or sys.stdout)


def _wait(
    app: QApplication,
    timeout_s: float,
    done: Callable[[], bool],
    signal: SignalInstance | None = None,
) -> bool:
    """Run the event loop until ``done()`` (checked on ``signal`` and every 20 ms) or timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)

    def check() -> None:
        if done():
            loop.quit()

    poll.timeout.connect(check)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    if signal is not None:
        signal.connect(loop.quit)
    poll.start()
    give_up.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    give_up.stop()
    if signal is not None:
        signal.disconnect(loop.quit)
    app.processEvents()
    return done()


def _self_test_lookup(window: MainWindow, app: QApplication, timeout_s: float) -> str | None:
    """LEAD|1 through the lookup worker; a problem sentence, or None when it answered right."""
    from gui.demo.emulator import sample_chats

    expected = sample_chats()[("CRM", "LEAD|1")]
    window.entity_combo.setCurrentIndex(window.entity_combo.findData("CRM"))
    window.entity_edit.setText("LEAD|1")
    outcome: list[object] = []
    asked: list[int] = []

    def answered(job: int, value: object) -> None:
        if job in asked:  # only the answer to our own lookup, never another job's value
            outcome.append(value)

    window.controller.succeeded.connect(answered)
    window.controller.failed.connect(answered)
    job = window.lookup()
    if job is None:
        return "LEAD|1 was refused as input"
    asked.append(job)
    if not _wait(app, timeout_s, lambda: bool(outcome)):
        return f"no answer to LEAD|1 within {timeout_s:g} s"
    shown = window.result_edit.text()
    if outcome[0] != expected or shown != str(expected):
        return f"LEAD|1 gave {outcome[0]!s} (shown {shown!r}), expected {expected}"
    return None


def _self_test_bulk(window: MainWindow, app: QApplication, timeout_s: float) -> str | None:
    """Paste the sample rows into the Bulk tab, run them, check every row of the table."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTableView

    from gui.demo.emulator import sample_chats
    from gui.desktop.bulk_worker import DONE

    view = window.bulk_view
    page = view.parentWidget()
    if page is not None:
        window.tabs.setCurrentWidget(page)
    input_edit = view.findChild(QPlainTextEdit, "bulkInputEdit")
    run_button = view.findChild(QPushButton, "bulkRunButton")
    table = view.findChild(QTableView, "bulkTable")
    if input_edit is None or run_button is None or table is None:
        return "the Bulk tab lacks its input box, Run button or table"
    portal = window.demo_portal
    sent_before = portal.stats.commands if portal is not None else 0
    input_edit.setPlainText("\n".join(SELF_TEST_BULK_ROWS))
    if not _wait(app, timeout_s, run_button.isEnabled):
        return f"the Bulk tab did not accept the pasted rows within {timeout_s:g} s"
    outcomes: list[str] = []
    view.runFinished.connect(outcomes.append)
    run_button.click()
    if not _wait(app, timeout_s, lambda: bool(outcomes), view.runFinished):
        return f"the bulk run did not finish within {timeout_s:g} s"
    if outcomes[0] != DONE:
        return f"the bulk run ended {outcomes[0]!r}, expected {DONE!r}"
    model = table.model()
    if model.rowCount() != len(SELF_TEST_BULK_ROWS):
        return f"the bulk table has {model.rowCount()} rows, expected {len(SELF_TEST_BULK_ROWS)}"
    chats = sample_chats()
    for number, line in enumerate(SELF_TEST_BULK_ROWS):
        entity_type, entity_id = line.split(",", 1)
        cells = [
            str(model.data(model.index(number, column), Qt.ItemDataRole.DisplayRole) or "")
            for column in range(4)
        ]  # type, ID, chat ID, error
        chat, error = cells[2], cells[3]
        if cells[:2] != [entity_type, entity_id]:
            return f"bulk row {number + 1} shows {cells[:2]}, expected {line!r}"
        if line == SELF_TEST_INVALID_ROW:
            if not error or chat:
                return f"the invalid row {line!r} was not marked invalid (chat {chat!r})"
            continue
        expected = chats.get((entity_type, entity_id))
        got = int(chat) if chat.isdigit() else None
        if error or got != expected:
            return (
                f"bulk row {line!r} gave chat {chat or 'none'!s} {error}, expected "
                f"{expected if expected is not None else 'no chat'}"
            ).rstrip()
    sent = (portal.stats.commands if portal is not None else 0) - sent_before
    if portal is not None and sent != len(SELF_TEST_BULK_ROWS) - 1:
        return (
            f"the demo portal got {sent} lookups, expected "
            f"{len(SELF_TEST_BULK_ROWS) - 1} (the invalid row must not be sent)"
        )
    return None


def _open_and_close_settings(window: MainWindow) -> None:
    from gui.desktop.settings_dialog import SettingsDialog

    if window.store is None:
        return
    dialog = SettingsDialog(window.store, window.settings, window.controller, window)
    dialog.show()
    dialog.reject()
    dialog.deleteLater()
