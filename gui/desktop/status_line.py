"""A status line for forms: an icon and a wrapped, selectable sentence (the icon carries the
meaning, so no colours are needed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget


class StatusLine(QWidget):
    """An icon and a wrapped sentence: the icon carries the meaning, so no colours are needed."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setObjectName(object_name + "Text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._icon)
        row.addWidget(self.label, 1)
        self.show_text("")

    def show_text(self, text: str, icon: QStyle.StandardPixmap | None = None) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        if icon is None:
            self._icon.clear()
            self._icon.hide()
        else:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self._icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
            self._icon.show()
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()
