"""Settings → Window: the language, and whether the clipboard's links and IDs are offered."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from gui.store.options import declaration
from gui.store.settings import Settings


class WindowBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Window"), parent)
        form = QFormLayout(self)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        # each language in its own words, so a user who cannot read this one finds theirs
        names = {"": self.tr("System"), "en": "English", "ru": "Русский"}
        for code in declaration(Settings, "language").option.choices:
            self.language_combo.addItem(names[code], code)
        self.language_combo.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language_combo)
        note = QLabel(self.tr("A new language takes effect after a restart."), self)
        note.setObjectName("languageNote")
        note.setWordWrap(True)
        form.addRow(note)
        self.offer_clipboard_check = QCheckBox(
            self.tr("O&ffer to look up a card link or ID found in the clipboard"), self
        )
        self.offer_clipboard_check.setObjectName("offerClipboardCheck")
        self.offer_clipboard_check.setAccessibleName(self.tr("Offer what the clipboard holds"))
        form.addRow(self.offer_clipboard_check)

    def load(self, s: Settings) -> None:
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        self.offer_clipboard_check.setChecked(s.offer_clipboard)

    def values(self) -> dict[str, Any]:
        """The fields of :class:`Settings` this box sets."""
        return {
            "language": str(self.language_combo.currentData()),
            "offer_clipboard": self.offer_clipboard_check.isChecked(),
        }
