"""The Bulk tab's interrupted-run banner: say what was left, offer Resume or Discard."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from gui.desktop.named import named
from gui.desktop.wrapped_label import WrappedLabel
from gui.store import journal
from gui.store.paths import find_interrupted

if TYPE_CHECKING:
    from gui.bitrix.webhook import WebhookUrl


class ResumeBanner(QFrame):
    """Shown (not a dialog) while a run the app did not finish is on disk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "bulkResumeBanner", self.tr("Interrupted run"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = WrappedLabel(parent=self)
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

    def show_run(self, summary: journal.JournalSummary | None, webhook: WebhookUrl | None) -> None:
        """Offer the interrupted run ``summary`` tells of, or hide when there is none."""
        if summary is None:
            self.hide()
            return
        self.offer(
            self.other_portal(summary.settings, webhook)
            or self.tr(
                "An interrupted bulk run ({done} of {total} rows done) can be resumed."
            ).format(done=summary.done, total=summary.total)
        )

    def other_portal(self, settings: Mapping[str, Any], webhook: WebhookUrl | None) -> str | None:
        """Why the run cannot go on here: it was for another portal than the webhook's now."""
        recorded = settings.get("portal")
        if not recorded or webhook is None or recorded == webhook.redacted():
            return None  # no webhook: Resume says so; an old journal: nothing to compare
        return self.tr(
            "This run was for {portal}; the app now uses {other}: switch back in "
            "Settings to resume, or Discard"
        ).format(portal=recorded, other=webhook.redacted())

    def set_enabled(self, enabled: bool) -> None:
        self.resume_button.setEnabled(enabled)
        self.discard_button.setEnabled(enabled)


def interrupted_run(
    folder: Path, discard: Path | None
) -> tuple[tuple[Path, journal.JournalSummary] | None, list[str]]:
    """The newest run in ``folder`` that can be resumed and its summary (after deleting
    ``discard``), and what to tell about damaged ones set aside; runs on the bulk thread."""
    if discard is not None:
        journal.discard(discard)
    told: list[str] = []
    for path in find_interrupted(folder):
        try:
            return (path, journal.summarise(path)), told
        except journal.JournalError as exc:  # not resumable: never offered
            sentence = journal.set_aside(path, exc)  # a damaged one is kept aside for support
            if sentence:
                told.append(sentence)
    return None, told
