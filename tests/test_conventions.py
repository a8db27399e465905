"""What a native desktop tool does and this one must too: Qt's own options, file dialogs that
start in Documents then the last folder, Qt's dialogs in Russian, the locale's decimal
separator, and a command line that explains itself."""
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from gui.bitrix.client_config import ClientEvent, EventKind
from gui.cli import build_parser
from gui.cli import main as cli_main
from gui.desktop import file_dialogs, i18n
from gui.desktop.bulk_status import client_news
from gui.desktop.main_window import MainWindow
from gui.desktop.settings_dialog import SettingsDialog
from gui.store import recent_folder
from gui.store.paths import AppPaths, detect_paths
from gui.store.secrets import FileTokenStore
from gui.store.settings import Settings, SettingsStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    return detect_paths()


@pytest.fixture
def russian(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    assert i18n.install_translator(qapp, "ru", cache=tmp_path / "qm") == "ru"
    yield
    i18n.install_translator(qapp, "en")


# -- Qt's standard options ------------------------------------------------------------------


def test_qt_standard_options_are_not_refused(tmp_path: Path) -> None:
    code = (
        "import sys; from gui.app import main; rc = main(sys.argv[1:]);"
        "from PySide6.QtWidgets import QApplication; app = QApplication.instance();"
        "print('style', app.style().name(), 'rtl', app.isRightToLeft()); sys.exit(rc)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(B24CHAT_HOME=str(tmp_path), B24_BENCH_EXIT_ON_SHOW="1")
    args = ["-style", "Fusion", "-platform", "offscreen", "-reverse", "--demo"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "window-shown" in done.stdout
    assert "style fusion rtl True" in done.stdout


def test_an_option_nobody_knows_is_still_a_usage_error(tmp_path: Path) -> None:
    env = {**os.environ, "B24CHAT_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "--no-such-option"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr


# -- file dialogs ---------------------------------------------------------------------------


def test_file_dialogs_start_in_documents_then_the_last_folder(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    chosen = tmp_path / "exports" / "leads.csv"
    chosen.parent.mkdir()
    chosen.write_text("ID\n1\n", encoding="utf-8")

    def get_open(_parent: object, _caption: str, folder: str, _filters: str) -> tuple[str, str]:
        started.append(folder)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    Path(documents).mkdir(parents=True, exist_ok=True)
    window = MainWindow(paths=paths, settings=Settings(), env={})
    qtbot.addWidget(window)
    bulk = window.bulk_view
    with qtbot.waitSignal(bulk.input_panel.file_chosen, timeout=2000):
        bulk.input_panel.open_button.click()
    assert Path(started[0]) == Path(documents)
    assert Path(started[0]) != Path.cwd()
    store = SettingsStore(paths, FileTokenStore())
    dialog = SettingsDialog(store, Settings(), None, window)
    dialog.connection.ca_browse.click()  # another dialog: the last folder is shared
    assert Path(started[1]) == chosen.parent
    window.close()  # the folder is written down
    again = MainWindow(paths=paths, settings=Settings(), env={})
    qtbot.addWidget(again)
    assert file_dialogs.start_folder() == chosen.parent
    again.close()


def test_a_folder_gone_since_falls_back_to_documents(tmp_path: Path) -> None:
    (tmp_path / recent_folder.FILE_NAME).write_text('{"last_folder": "/no/such/folder"}')
    recent_folder.recall_from(tmp_path)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert file_dialogs.start_folder() in (Path(documents), Path.home())


# -- Qt's own strings and numbers in Russian ------------------------------------------------


def test_qt_own_dialog_buttons_are_russian(qtbot: QtBot, paths: AppPaths, russian: None) -> None:
    dialog = SettingsDialog(SettingsStore(paths, FileTokenStore()), Settings(), None)
    qtbot.addWidget(dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert (dialog.save_button.text(), cancel.text()) == ("Сохранить", "Отмена")


def test_numbers_use_the_russian_decimal_comma(
    qtbot: QtBot, paths: AppPaths, russian: None
) -> None:
    dialog = SettingsDialog(SettingsStore(paths, FileTokenStore()), Settings(rate=2.5), None)
    qtbot.addWidget(dialog)
    assert dialog.connection.rate_spin.text() == "2,5"
    window = MainWindow(paths=paths, settings=Settings(), env={})
    qtbot.addWidget(window)
    window.lookup_page.form.entity_edit.setText("LEAD|1")
    job = window.lookup_page.lookup()  # a lookup waiting for the rate limit
    assert job is not None
    job.progress.emit(ClientEvent(EventKind.WAITING, 5.0))
    assert "5,0 с" in window.statusBar().currentMessage()
    assert "1,5 с" in (
        client_news(ClientEvent(EventKind.WAITING, 1.5)) or ""
    )  # the Bulk tab's line
    window.close()


def test_english_keeps_the_decimal_point(qapp: QApplication) -> None:
    i18n.install_translator(qapp, "en")
    assert QLocale().decimalPoint() == "."


# -- the command line explains itself -------------------------------------------------------


def test_bare_b24chat_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main([]) == 2  # a usage error: the help goes to stderr, stdout stays empty
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.startswith("usage: b24chat") and "lookup" in printed.err
    assert "exit codes" in printed.err


def test_every_option_has_help_text() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    silent = [
        f"{name} {action.option_strings[0]}"
        for name, sub in commands.items()
        for action in sub._actions
        if action.option_strings and not action.help
    ]
    assert silent == []
    bulk_help = commands["bulk"].format_help()
    assert "--rate R" in bulk_help and "requests per second" in bulk_help
