"""The Bulk tab's interrupted-run banner: say what was left, offer Resume or Discard."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.desktop.named import named


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
