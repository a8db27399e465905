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
        self._width = 0  # the width a shown layout gave it (0: not laid out on screen yet)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self._width <= 0:  # not the default width of a widget never laid out: far too tall
            return hint
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self._width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width() if self.isVisible() else 0
        if width != self._width:  # a line more or fewer, perhaps: the layout asks again
            self._width = width
            self.updateGeometry()
