"""The Qt values spelled out for start-up (gui/desktop/qt_values.py) are Qt's own."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.desktop import qt_values


def test_each_value_is_the_enum_it_stands_for() -> None:
    assert Qt.ItemDataRole.UserRole.value == qt_values.ENTRY_ROLE
    assert Qt.ItemDataRole.ToolTipRole.value == qt_values.TOOLTIP_ROLE
    assert Qt.ScrollBarPolicy.ScrollBarAlwaysOff.value == qt_values.SCROLL_BAR_ALWAYS_OFF


def test_the_event_types_are_qts() -> None:
    from PySide6.QtCore import QEvent

    assert QEvent.Type.Resize.value == qt_values.RESIZE_EVENT
