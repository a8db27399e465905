"""``--self-test``: the real window, workers and demo portal, checked end to end offscreen.

Open and close Settings, look up LEAD|1, then run a few bulk rows and export them as .xlsx
(a frozen build must have bundled openpyxl); exit 0 when every answer
matches the demo data. The frozen build runs it in CI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QTableView

if TYPE_CHECKING:
    from gui.desktop.main_window import MainWindow

# The bulk rows: valid ones with and without a chat, and one that must not be sent.
SELF_TEST_INVALID_ROW = "CRM,LEAD|abc"
SELF_TEST_BULK_ROWS = (
    "CRM,LEAD|1",
    "CRM,LEAD|7",
    "CRM,DEAL|5",
    "LINES,telegrambot|2|209607941|744",
    SELF_TEST_INVALID_ROW,
)


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
        bulk_problem = bulk_problem or _self_test_workbook(window, app, timeout_s)
    except Exception as exc:
        return _self_test_failed(f"unexpected error ({exc!r})")
    if lookup_problem or bulk_problem:
        return _self_test_failed(lookup_problem or bulk_problem or "")
    _say(
        f"self-test passed: LEAD|1 -> chat {window.lookup_page.form.result_edit.text()}; bulk: "
        f"{len(SELF_TEST_BULK_ROWS) - 1} rows looked up, the invalid row not sent, "
        "exported to .xlsx and read back"
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
    form = window.lookup_page.form
    form.entity_combo.setCurrentIndex(form.entity_combo.findData("CRM"))
    form.entity_edit.setText("LEAD|1")
    outcome: list[object] = []
    job = window.lookup_page.lookup()
    if job is None:
        return "LEAD|1 was refused as input"
    job.succeeded.connect(outcome.append)
    job.failed.connect(outcome.append)
    if not _wait(app, timeout_s, lambda: bool(outcome)):
        return f"no answer to LEAD|1 within {timeout_s:g} s"
    shown = form.result_edit.text()
    if outcome[0] != expected or shown != str(expected):
        return f"LEAD|1 gave {outcome[0]!s} (shown {shown!r}), expected {expected}"
    return None


def _self_test_bulk(window: MainWindow, app: QApplication, timeout_s: float) -> str | None:
    """Paste the sample rows into the Bulk tab, run them, check every row of the table."""
    from gui.demo.emulator import sample_chats
    from gui.desktop.bulk_worker import RunOutcome

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
    view.run_finished.connect(outcomes.append)
    run_button.click()
    if not _wait(app, timeout_s, lambda: bool(outcomes), view.run_finished):
        return f"the bulk run did not finish within {timeout_s:g} s"
    if outcomes[0] != RunOutcome.DONE:
        return f"the bulk run ended {outcomes[0]!r}, expected {RunOutcome.DONE!r}"
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


def _self_test_workbook(window: MainWindow, app: QApplication, timeout_s: float) -> str | None:
    """The bulk results through openpyxl (on the bulk thread, as the window exports) and back."""
    import tempfile
    from pathlib import Path

    from gui.bitrix.workbook import read_sheet

    with tempfile.TemporaryDirectory(prefix="b24-self-test-") as folder:
        target = Path(folder) / "results.xlsx"
        outcome: list[object] = []
        job = window.bulk_view.results.export_csv(target)
        if job is None:
            return "the bulk results could not be exported as .xlsx"
        job.succeeded.connect(outcome.append)
        job.failed.connect(outcome.append)
        if not _wait(app, timeout_s, lambda: bool(outcome)):
            return f"the .xlsx export did not finish within {timeout_s:g} s"
        if not isinstance(outcome[0], int):
            return f"the bulk results could not be exported as .xlsx ({outcome[0]!s})"
        with read_sheet(target) as table:
            rows = list(table.rows)
    if len(rows) != 1 + len(SELF_TEST_BULK_ROWS):  # the header, then every row
        return (
            f"the exported workbook has {len(rows)} rows, expected {1 + len(SELF_TEST_BULK_ROWS)}"
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
