"""Widgets found by tests (objectName) and by screen readers (accessibleName), set in one call."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def label_for(buddy: QWidget, text: str) -> QLabel:
    """A label whose mnemonic (Alt+the letter after &) moves the focus to ``buddy``."""
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label
