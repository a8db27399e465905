"""A bar above the tabs for what the admin must read whole, not a status-bar line clipped at
the window's edge: a damaged settings or profile file set aside at start, and where it went.

Like KDE's KMessageWidget: a warning icon, the sentences word-wrapped (selectable, so the kept
file's name can be copied), and a button that dismisses it. No dialog: nothing waits on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QWidget,
)

from gui.desktop.named import named
from gui.desktop.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from gui.desktop.main_window import MainWindow

NAME = "startupNotice"


class NoticeBar(QFrame):
    """Word-wrapped warnings, one paragraph each, shown until the user dismisses them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, NAME, self.tr("Warning"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)  # the theme's "notice" colours
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = named(WrappedLabel(parent=self), "startupNoticeMessage", self.tr("Warning"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.dismiss_button = named(
            QToolButton(self), "startupNoticeDismissButton", self.tr("Dismiss the warning")
        )
        self.dismiss_button.setText("×")
        self.dismiss_button.setToolTip(self.tr("Dismiss the warning"))
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 2, 4)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    def add(self, sentence: str) -> None:
        """One more warning, as its own paragraph."""
        text = self.message.text()
        self.message.setText(f"{text}\n{sentence}" if text else sentence)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.message.clear()


def show_notice(window: MainWindow, sentences: list[str]) -> NoticeBar:
    """Tell ``sentences`` in the window's notice bar (made the first time, above the tabs)."""
    bar = window.findChild(NoticeBar, NAME)
    if bar is None:
        bar = NoticeBar(window)
        window.add_bar(bar)
    for sentence in sentences:
        bar.add(sentence)
    return bar
