"""The Bulk view's run controls (Run, Pause, Cancel, the progress bar) and status line: how many
rows a Run will send, how far a run is and how long it has left (paced or not), how it ended."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from gui.bitrix.run_pace import RunPace
from gui.desktop.bulk_status import client_news, finished_text, pace_text
from gui.desktop.named import named

if TYPE_CHECKING:
    from gui.bitrix.bulk import RowStatus
    from gui.bitrix.client_config import ClientEvent
    from gui.desktop.bulk_worker import RunOutcome


def add_shortcut(
    owner: QWidget,
    keys: Sequence[QKeySequence | QKeySequence.StandardKey | str],
    slot: Callable[[], object],
    button: QAbstractButton,
) -> QAction:
    """Keys that work while ``owner`` (a tab) has the focus, named in ``button``'s tooltip."""
    action = QAction(owner)
    sequences = [QKeySequence(key) for key in keys]
    action.setShortcuts(sequences)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    shown = sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(
        QCoreApplication.translate("BulkView", "{what} ({keys})").format(
            what=button.accessibleName(), keys=shown
        )
    )
    return action


def ask_to_quit_during_run(parent: QWidget, done: int, total: int) -> bool:
    """True when the user says to quit although a run is going on."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("BulkView", "Quit during a bulk run?"),
        QCoreApplication.translate(
            "BulkView",
            "The bulk run has {done} of {total} rows done. Quit anyway? The rows done are "
            "kept and the run can be resumed next time.",
        ).format(done=done, total=total),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class RunControls(QWidget):
    """Run, Pause and Cancel beside the progress bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_button = named(
            QPushButton(QCoreApplication.translate("BulkView", "Run"), self),
            "bulkRunButton",
            QCoreApplication.translate("BulkView", "Run the bulk lookup"),
        )
        self.pause_button = named(
            QPushButton(QCoreApplication.translate("BulkView", "Pause"), self),
            "bulkPauseButton",
            QCoreApplication.translate("BulkView", "Pause or resume the run"),
        )
        self.pause_button.setCheckable(True)
        self.cancel_button = named(
            QPushButton(QCoreApplication.translate("BulkView", "Cancel"), self),
            "bulkCancelButton",
            QCoreApplication.translate("BulkView", "Cancel the run"),
        )
        self.details_check = named(
            QCheckBox(QCoreApplication.translate("BulkView", "Chat &details"), self),
            "bulkDetailsCheck",
            QCoreApplication.translate(
                "BulkView",
                "Also read each chat's card, and the open-line chats of CRM items without one",
            ),
        )
        self.progress = named(
            QProgressBar(self),
            "bulkProgress",
            QCoreApplication.translate("BulkView", "Bulk progress"),
        )
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.run_button)
        row.addWidget(self.pause_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.details_check)
        row.addWidget(self.progress, 1)

    def set_running(self, running: bool, *, can_run: bool) -> None:
        self.run_button.setEnabled(not running and can_run)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)


class RunProgress(QObject):
    """Drives the view's progress bar and status label; the view says when to tick."""

    def __init__(self, bar: QProgressBar, label: QLabel) -> None:
        super().__init__(bar)
        self.bar, self.label = bar, label
        self.pace = RunPace()
        self._news: str | None = None  # the newest wait or retry, shown at the next tick

    def show_to_send(self, count: int, *, going_on: bool) -> None:
        """Before a run: how many IDs the Run button sends (after a cancel: how many are left)."""
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if count == 0:
            text = QCoreApplication.translate("BulkView", "Nothing to send yet")
        elif going_on:
            text = QCoreApplication.translate(
                "BulkView", "Run goes on with the {count} IDs not yet looked up"
            ).format(count=count)
        else:
            text = QCoreApplication.translate("BulkView", "{count} IDs will be sent").format(
                count=count
            )
        self.bar.setFormat(text.replace("%", "%%"))  # a literal text, not a format

    def begin(self, done: int, total: int) -> None:
        self.pace.start(done)
        self._news = None
        self.bar.setFormat(QCoreApplication.translate("BulkView", "%v / %m rows"))
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        self.label.setText(QCoreApplication.translate("BulkView", "Starting…"))

    def note(self, event: ClientEvent) -> bool:
        """Keep a rate-limit wait or retry for the next tick; True when it is one."""
        news = client_news(event)
        if news is not None:
            self._news = news
        return news is not None

    def tick(self, done: int, total: int, *, live: bool) -> None:
        """Show ``done``; while ``live`` (running, not paused) also the rate, the time left
        and the newest wait or retry: a paced run still says when it ends."""
        self.bar.setValue(done)
        news, self._news = self._news, None
        if not live:
            return
        left = self.pace.seconds_left(done, total)
        pace = None if left is None else pace_text(self.pace.rate(done), left)
        if news is not None and pace is not None:
            self.label.setText(
                QCoreApplication.translate("BulkView", "{pace} · {news}").format(
                    pace=pace, news=news
                )
            )
        elif news is not None or pace is not None:
            self.label.setText(news or pace or "")

    def finished_text(
        self, outcome: RunOutcome, message: str, counts: Mapping[RowStatus, int]
    ) -> str:
        """How the run ended, with the bar's rows done and the table's ``counts``."""
        return finished_text(
            outcome,
            message,
            done=self.bar.value(),
            total=self.bar.maximum(),
            counts=counts,
            elapsed=self.pace.elapsed(),
        )
