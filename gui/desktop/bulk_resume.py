"""The Bulk view's banner for a run the app did not finish: what it was, Resume or Discard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.desktop.named import named
from gui.store import journal

if TYPE_CHECKING:
    from gui.bitrix.webhook import WebhookUrl


class ResumeBanner(QFrame):
    """Offers (in a banner, not a dialog) the newest interrupted run of a journal folder;
    ``message`` says when a damaged journal was set aside."""

    message = Signal(str)

    def __init__(
        self,
        journal_dir: Callable[[], Path],
        webhook_provider: Callable[[], WebhookUrl | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "bulkResumeBanner", QCoreApplication.translate("BulkView", "Interrupted run"))
        self._journal_dir = journal_dir
        self._webhook_provider = webhook_provider
        self.interrupted: Path | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.resume_button = named(
            QPushButton(QCoreApplication.translate("BulkView", "Resume"), self),
            "bulkResumeButton",
            QCoreApplication.translate("BulkView", "Resume the interrupted run"),
        )
        self.discard_button = named(
            QPushButton(QCoreApplication.translate("BulkView", "Discard"), self),
            "bulkDiscardButton",
            QCoreApplication.translate("BulkView", "Discard the interrupted run"),
        )
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.hide()

    def offer(self) -> bool:
        """Show the newest resumable run, if any; True when one is offered."""
        for path in journal.find_interrupted(self._journal_dir()):
            try:
                summary = journal.summarise(path)
            except journal.JournalError as exc:  # not resumable: never offered
                told = journal.set_aside(path, exc)  # a damaged one is kept aside for support
                if told:
                    self.message.emit(told)
                continue
            self.interrupted = path
            self.label.setText(
                self.other_portal(summary.settings)
                or QCoreApplication.translate(
                    "BulkView",
                    "An interrupted bulk run ({done} of {total} rows done) can be resumed.",
                ).format(done=summary.done, total=summary.total)
            )
            self.show()
            return True
        self.interrupted = None
        self.hide()
        return False

    def other_portal(self, settings: Mapping[str, Any]) -> str | None:
        """Why the run cannot go on here: it was for another portal than the webhook's now."""
        recorded = settings.get("portal")
        webhook = self._webhook_provider()
        if not recorded or webhook is None or recorded == webhook.redacted():
            return None  # no webhook: the view says so; an old journal: nothing to compare
        return QCoreApplication.translate(
            "BulkView",
            "This run was for {portal}; the app now uses {other}: switch back in "
            "Settings to resume, or Discard",
        ).format(portal=recorded, other=webhook.redacted())

    def discard(self) -> bool:
        """Delete the offered run's journal, then offer an older one if there is one."""
        if self.interrupted is not None:
            journal.discard(self.interrupted)
        return self.offer()

    def taken(self) -> None:
        """The offered run is being resumed."""
        self.interrupted = None
        self.hide()
