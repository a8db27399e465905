"""A bare PySide6 window with the app's widget types: the size and start-up baseline.

Built with the same spec options as the app (``python build/build.py --bare``) so that
``tests/bench/bench_build.py`` can tell what the app itself costs over Qt.
With ``B24_BENCH_EXIT_ON_SHOW=1`` it prints ``window-shown`` (as gui.app does) once the window
is shown, then quits.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

BENCH_MARKER = "window-shown"  # what gui.app prints too


def build_window() -> QMainWindow:
    """A main window holding a combo, a line edit, a button, a list and a status bar."""
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    central = QWidget()
    row = QHBoxLayout()
    combo = QComboBox()
    combo.addItems(["CRM", "LINES", "LIVECHAT"])
    row.addWidget(combo)
    row.addWidget(QLineEdit())
    row.addWidget(QPushButton("Find chat"))
    column = QVBoxLayout(central)
    column.addLayout(row)
    column.addWidget(QListWidget())
    window.setCentralWidget(central)
    window.statusBar().showMessage("Ready")
    return window


def main() -> int:
    app = QApplication(sys.argv)
    window = build_window()
    window.show()
    if os.environ.get("B24_BENCH_EXIT_ON_SHOW") == "1":
        # singleShot(0) runs after the show events are processed: the window is on screen.
        QTimer.singleShot(0, lambda: (print(BENCH_MARKER, flush=True), app.quit()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
