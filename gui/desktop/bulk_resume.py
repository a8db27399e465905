"""The Bulk tab's interrupted-run banner: say what was left, offer Resume or Discard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.desktop.named import named
from gui.store import journal


class ResumeBanner(QFrame):
    """Shown (not a dialog) while a run the app did not finish is on disk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "bulkResumeBanner", self.tr("Interrupted run"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.resume_button = named(
            QPushButton(self.tr("Resume"), self),
            "bulkResumeButton",
            self.tr("Resume the interrupted run"),
        )
        self.discard_button = named(
            QPushButton(self.tr("Discard"), self),
            "bulkDiscardButton",
            self.tr("Discard the interrupted run"),
        )
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.hide()

    def offer(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def set_enabled(self, enabled: bool) -> None:
        self.resume_button.setEnabled(enabled)
        self.discard_button.setEnabled(enabled)


def interrupted_run(
    folder: Path, discard: Path | None
) -> tuple[Path, journal.JournalSummary] | None:
    """The newest run in ``folder`` that can be resumed, and its summary (after deleting
    ``discard``); runs on the bulk thread."""
    if discard is not None:
        journal.discard(discard)
    for path in journal.find_interrupted(folder):
        try:
            return path, journal.summarise(path)
        except journal.JournalError:
            continue  # not resumable; left on disk for support, never offered
    return None
