"""Activating a window as the user does, by switching to it from another window: the app hears
the application's focus window change (it watches no event of the window itself)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QWidget

_OTHER: list[QWidget] = []  # one stand-in for "another window", made at first use


def switch_to(window: QWidget, timeout_s: float = 3.0) -> None:
    """Activate another window, then ``window``; each must really become the active one."""
    if not _OTHER:
        _OTHER.append(QWidget())
        _OTHER[0].setWindowTitle("Another window")
    other = _OTHER[0]
    other.show()
    for target in (other, window):
        target.activateWindow()
        deadline = time.monotonic() + timeout_s
        while not target.isActiveWindow() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)
        assert target.isActiveWindow(), f"{target.windowTitle()!r} did not become active"
    other.hide()
