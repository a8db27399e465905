"""A word-wrapped label that asks for the height its lines need at its width.

A plain wrapped QLabel tells its layout the height of its text laid out at a comfortable width,
not at the one it has: in a narrow window its second line is cut, or the widgets around it are
squashed. Qt does not apply height-for-width to a window's minimum size, so this label reports
it as its minimum height, and the window stops growing narrower before anything is cut.

Its width is learnt from its resize events, watched from the event loop's second turn on (a
window is shown at a width that fits its labels): handing an event to Python the first time
makes PySide6 build Qt's event types, which would slow the window's first appearance.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from gui.desktop.qt_values import RESIZE_EVENT

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._width = 0  # the width a shown layout gave it (0: not laid out on screen yet)
        QTimer.singleShot(0, self, self._after_first_turn)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self._width <= 0:  # not the default width of a widget never laid out: far too tall
            return hint
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self._width)))

    def _after_first_turn(self) -> None:
        QTimer.singleShot(0, self, self._watch_width)  # the window has been shown and drawn

    def _watch_width(self) -> None:
        self.installEventFilter(_width_watch())
        self.width_changed()

    def width_changed(self) -> None:
        width = self.width() if self.isVisible() else 0
        if width != self._width:  # a line more or fewer, perhaps: the layout asks again
            self._width = width
            self.updateGeometry()


class _WidthWatch(QObject):
    """One watcher for every wrapped label: tells a label its width changed."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == RESIZE_EVENT and isinstance(watched, WrappedLabel):
            watched.width_changed()
        return False


@functools.cache
def _width_watch() -> _WidthWatch:
    return _WidthWatch()
