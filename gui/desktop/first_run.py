"""The empty state shown while no webhook is set: say so, offer Settings and the demo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from gui.desktop.wrapped_label import WrappedLabel


class FirstRunBanner(QFrame):
    settings_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.message = WrappedLabel(
            self.tr(
                "No webhook is set yet. Paste your portal's incoming webhook URL in Settings "
                "(Bitrix24 → Developer resources → Other → Incoming webhook, with the 'im' scope), "
                "or try the demo with sample data."
            ),
            self,
        )
        self.settings_button = QPushButton(self.tr("Open settings"), self)
        self.settings_button.setObjectName("openSettingsButton")
        self.settings_button.setAccessibleName(self.tr("Open settings"))
        self.settings_button.clicked.connect(self.settings_requested)
        self.demo_button = QPushButton(self.tr("Try the demo"), self)
        self.demo_button.setObjectName("tryDemoButton")
        self.demo_button.setAccessibleName(self.tr("Try the demo"))
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def set_message(self, text: str) -> None:
        self.message.setText(text)
