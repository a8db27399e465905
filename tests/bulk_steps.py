"""What a user does in the Bulk view, as the tests do it: paste rows, run, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from gui.desktop.bulk_view import BulkView

RUN_TIMEOUT_MS = 30_000  # a loaded machine; runs take well under a second here


def paste(qtbot: QtBot, view: BulkView, text: str) -> None:
    """As a user pastes rows: select all, paste (read at once, no typing pause to wait for)."""
    QGuiApplication.clipboard().setText(text)
    edit = view.input_panel.input_edit
    with qtbot.waitSignal(view.preview_ready, timeout=5000):
        edit.selectAll()
        edit.paste()


def run(qtbot: QtBot, view: BulkView) -> str:
    """Click Run and wait for the run's outcome."""
    assert view.controls.run_button.isEnabled()
    with qtbot.waitSignal(view.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        view.controls.run_button.click()
    return str(blocker.args[0])


def exported(qtbot: QtBot, view: BulkView, target: Path) -> str:
    """Export to ``target`` (on the bulk thread) and wait for what the view says."""
    with qtbot.waitSignal(view.results.message, timeout=5000) as blocker:
        assert view.results.export_csv(target) is not None
    return str(blocker.args[0])
