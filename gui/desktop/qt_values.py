"""Qt enum values the window sets before it shows, as the plain numbers Qt documents.

PySide6 builds Qt's whole namespace (``Qt.…``: 137 enums, ~12 ms and ~1 MiB) the first time any
of it is touched; these few values spare the start-up that. Each is checked against Qt's own in
tests/test_qt_values.py, and used where Qt takes an int (item data roles) or through a property.
"""

from __future__ import annotations

ENTRY_ROLE = 0x0100  # Qt.ItemDataRole.UserRole: where a list item keeps its history entry
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff
RESIZE_EVENT = 14  # QEvent.Type.Resize (an IntEnum: compares equal to its number)
