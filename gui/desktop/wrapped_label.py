"""A word-wrapped label that asks for the height its lines need at its width.

A plain wrapped QLabel tells its layout the height of its text laid out at a comfortable width,
not at the one it has: in a narrow window its second line is cut, or the widgets around it are
squashed. Qt does not apply height-for-width to a window's minimum size, so this label reports
it as its minimum height, and the window stops growing narrower before anything is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._height = 0  # the height its lines need at its width, when last resized

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        return QSize(hint.width(), max(hint.height(), needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.heightForWidth(event.size().width())
        if needed != self._height:  # a line more or fewer: the layout asks again
            self._height = needed
            self.updateGeometry()
