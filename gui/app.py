"""App entry: ``b24-chat-lookup [--demo] [--version] [--self-test]``, or ``b24-chat-lookup
COMMAND …`` with a ``b24chat`` command (the frozen executable is the command line too).

Imports stay lazy: ``--version`` and the commands need no Qt (and no display), and the window
imports only what it shows; the HTTP client loads at the first lookup.
"""

from __future__ import annotations

import argparse
import gc
import linecache
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

import gui
from gui.console import give_commands_std_streams, runs_command_line

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from gui.desktop.main_window import MainWindow
    from gui.store.profiles import Profile, Profiles
    from gui.store.settings import LoadResult, SettingsStore

log = logging.getLogger(__name__)

BENCH_ENV = "B24_BENCH_EXIT_ON_SHOW"
SELF_TEST_SECONDS = 20.0
# What the parser gives for no arguments (tests/test_app.py checks they stay the same)
NO_OPTIONS = {"demo": False, "version": False, "profile": None, "self_test": False}
_IMPORTED_AT = time.perf_counter()


def process_age_ms() -> float:
    """Milliseconds since the process started (Linux: from /proc; else since this import)."""
    try:
        with open("/proc/self/stat", encoding="utf-8") as stat:  # utf-8: its codec is loaded
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="utf-8") as uptime:
            now = float(uptime.read().split()[0])
        return (now - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000


def _parser() -> argparse.ArgumentParser:
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
        "--profile",
        metavar="NAME",
        help="open this portal profile (default: $B24_PROFILE, else the one used last)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, look up a demo entity, exit 0 when it works",
    )
    parser.epilog = (
        "Qt's own options work too, e.g. -style Fusion, -platform xcb, -reverse (right to left)."
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    return _parser().parse_args(argv)


def split_qt_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (``-style Fusion``, ``-platform xcb``, ``-reverse``…):
    argparse must not refuse those. Whatever Qt does not take either is refused afterwards,
    by :func:`refuse_leftovers`."""
    if not argv:  # the usual start: the defaults, without building the parser (~3 ms)
        return argparse.Namespace(**NO_OPTIONS), []
    return _parser().parse_known_args(argv)


def refuse_leftovers(leftovers: list[str]) -> None:
    """Arguments neither we nor Qt know: a usage error (exit 2), as argparse would say."""
    if leftovers:
        _parser().error("unrecognized arguments: " + " ".join(leftovers))


@dataclass
class StartUp:
    """What the window opens with, read from disk before Qt starts: the profile, its settings
    (no token yet: the keyring is read after the window is up) and the warnings to show."""

    options: argparse.Namespace
    profiles: Profiles
    profile: Profile
    store: SettingsStore
    loaded: LoadResult
    warnings: list[str]


def read_start_up(args: argparse.Namespace | list[str] | None) -> StartUp:
    """The profile (``--profile``, else B24_PROFILE, else the one used last) and its settings.

    Qt-free, so :func:`main` reads it before importing PySide6: PySide6 reads the source of each
    module imported after it (its feature check), and these modules' own imports are then spared
    that."""
    from gui.bitrix.errors import InvalidInputError
    from gui.store.paths import detect_paths
    from gui.store.profiles import Profiles

    options = args if isinstance(args, argparse.Namespace) else parse_args(args)
    profiles = Profiles(detect_paths())
    warnings = [profiles.warning] if profiles.warning else []
    try:
        profile = profiles.choose(options.profile, os.environ)
    except InvalidInputError as exc:
        warnings.append(exc.message)
        profile = profiles.get(profiles.last_used)
    store = profiles.store(profile)
    loaded = store.load(read_token=False)
    return StartUp(options, profiles, profile, store, loaded, warnings + loaded.warnings)


def build_window(
    args: argparse.Namespace | list[str] | None, app: QApplication, start: StartUp | None = None
) -> MainWindow:
    """The main window with the user's settings, history and translations (not shown yet)."""
    from gui.desktop.main_window import MainWindow
    from gui.desktop.wording import translated

    start = read_start_up(args) if start is None else start
    _install_translator(app, start.profiles.ui_language())
    window = MainWindow(
        paths=start.profiles.paths(start.profile),
        settings=start.loaded.settings,
        store=start.store,
        pending_webhook=start.loaded.pending_webhook,
        profiles=start.profiles,
        profile=start.profile,
        demo=start.options.demo or start.options.self_test,  # sealed: the saved portal unused
    )
    if start.warnings:  # a damaged file set aside: told whole, above the tabs
        from gui.desktop.notice_bar import show_notice

        show_notice(window, [translated(w) for w in start.warnings])
    return window


def _install_translator(app: QApplication, language: str) -> None:
    from gui.desktop.i18n import install_translator

    try:
        install_translator(app, language)
    except Exception:  # a missing translation must never stop the app
        log.exception("translations not installed")


def show_window(args: argparse.Namespace, for_qt: list[str]) -> tuple[QApplication, MainWindow]:
    """The application and its main window, shown; Qt takes its options from ``for_qt``."""
    collecting = gc.isenabled()
    gc.disable()  # no collections while starting (~5 ms of them, for a few hundred objects)
    try:
        start = read_start_up(args)  # before PySide6: see read_start_up
        from PySide6.QtWidgets import QApplication

        existing = QApplication.instance()
        if isinstance(existing, QApplication):
            app = existing
        else:  # Qt takes its own options out of the list it is given
            app = QApplication([sys.argv[0] if sys.argv else "b24-chat-lookup", *for_qt])
            for_qt = app.arguments()[1:]
        refuse_leftovers(for_qt)
        app.setApplicationName("B24 Chat Lookup")
        app.setApplicationVersion(gui.__version__)
        window = build_window(args, app, start)
        window.show()
    finally:
        gc.freeze()  # what start-up built lives as long as the app: later collections skip it
        _resume_collection(collecting)
    # PySide6's feature check read the source of each module imported since it loaded into
    # linecache (~2 MiB here) and keeps doing so; nothing needs those lines (a traceback reads
    # its own again): freed now, the memory is used again by what loads after the window shows.
    linecache.clearcache()
    return app, window


def _resume_collection(was_on: bool) -> None:
    """Automatic collection back on, unless the GUI thread's collector has taken over (it does
    once a worker thread exists: see gui.desktop.gui_gc)."""
    from gui.desktop.gui_gc import collecting_on_gui_thread

    if was_on and not collecting_on_gui_thread():
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if runs_command_line(arguments):
        from gui.cli import main as cli_main

        give_commands_std_streams()
        return cli_main(arguments)
    args, for_qt = split_qt_options(arguments)
    if args.version:
        refuse_leftovers(for_qt)  # no Qt to take them: `--version lookup` is a mistake
        print(f"b24-chat-lookup {gui.__version__}")
        return 0
    if args.self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app, window = show_window(args, for_qt)
    from PySide6.QtCore import QTimer

    if os.environ.get(BENCH_ENV) == "1":
        QTimer.singleShot(0, lambda: _report_shown(app))
    # Once the window is on screen: the log file, an interrupted bulk run to offer, the
    # clipboard to offer when the window is activated.
    QTimer.singleShot(0, lambda: set_app_icon(app))  # every window's, dialogs' too
    QTimer.singleShot(0, lambda: _start_logging(window, args))
    QTimer.singleShot(0, window.check_for_interrupted_run)
    QTimer.singleShot(0, window.lookup_page.watch_window)
    if args.self_test:
        from gui.desktop.self_test import run_self_test

        code = run_self_test(window, app, timeout_s=SELF_TEST_SECONDS)
        window.close()
        return code
    sys.excepthook = crash_guard(window)
    terminated: list[bool] = []  # SIGTERM is handled from the window's first turn on
    QTimer.singleShot(0, lambda: _close_on_sigterm(window, terminated))
    code = app.exec()
    return _exit_code(EXIT_TERMINATED if terminated else code)


EXIT_TERMINATED = 143  # 128 + SIGTERM


def _close_on_sigterm(window: MainWindow, terminated: list[bool]) -> None:
    """SIGTERM (a logout, systemd, ``kill``) closes the window as its Quit does: the history
    saved, a bulk run's journal kept for resuming, the demo's temp folder removed; True goes
    into ``terminated``. Python runs signal handlers only between its own bytecodes, so a timer
    lets it look every 200 ms. (``signal`` and its enums load after the window shows.)"""
    import signal

    from PySide6.QtCore import QTimer

    def close(signum: int, frame: object) -> None:
        terminated.append(True)
        QTimer.singleShot(0, window.close)

    try:
        signal.signal(signal.SIGTERM, close)
    except ValueError:  # not the main thread (a test): nothing to install
        return
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(200)


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


def set_app_icon(app: QApplication) -> None:
    """The icon of every window of the app (set once the window shows: loading QIcon builds
    its 151 theme-icon names, decoding the picture takes a while more)."""
    from PySide6.QtGui import QIcon

    from gui.store.paths import resource

    icon = resource("icons", "b24-chat-lookup-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _report_shown(app: QApplication) -> None:
    print(f"window-shown {process_age_ms():.0f}", flush=True)
    app.quit()


def _exit_code(code: int) -> int:
    from gui.desktop.threads import orphans_running

    if orphans_running():
        # A request stuck past its bounded wait: a hard exit, since Qt aborts when a running
        # thread is destroyed at interpreter shutdown.
        logging.shutdown()
        os._exit(code)
    return code
