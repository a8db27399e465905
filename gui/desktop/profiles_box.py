"""The Settings dialog's "Portal profile" section: which profile these settings are for, and
New…, Rename… and Remove… for the profiles themselves.

A new profile exists once its settings are saved (Cancel leaves nothing behind); a rename is
kept at once (only the name changes: no file, no token moves); Remove asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.errors import InvalidInputError
from gui.desktop.wording import translated
from gui.store.profiles import Profile, Profiles


class ProfilesBox(QGroupBox):
    new_profile = Signal(str)  # a name checked and free: the dialog now edits that profile
    renamed = Signal(object)  # the Profile under its new name
    removed = Signal(object)  # the Profile that is gone

    def __init__(self, profiles: Profiles, profile: Profile, parent: QWidget | None = None):
        super().__init__(self.tr("Portal profile"), parent)
        self.setObjectName("profilesBox")
        self.profiles = profiles
        self.profile = profile
        self.pending_name = ""  # a new profile's name until it is saved
        self.label = QLabel(self)
        self.label.setObjectName("profileNameLabel")
        self.label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&New…"), self)
        self.new_button.setObjectName("newProfileButton")
        self.new_button.setAccessibleName(self.tr("New profile"))
        self.rename_button = QPushButton(self.tr("Rena&me…"), self)
        self.rename_button.setObjectName("renameProfileButton")
        self.rename_button.setAccessibleName(self.tr("Rename the profile"))
        self.remove_button = QPushButton(self.tr("Remo&ve…"), self)
        self.remove_button.setObjectName("removeProfileButton")
        self.remove_button.setAccessibleName(self.tr("Remove the profile"))
        self.new_button.clicked.connect(self.ask_new)
        self.rename_button.clicked.connect(self.ask_rename)
        self.remove_button.clicked.connect(self.ask_remove)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(buttons)
        self._show()

    def _show(self) -> None:
        if self.pending_name:
            text = self.tr("New profile {name}: it is created when you save.").format(
                name=self.pending_name
            )
        else:
            text = self.tr("These settings are for the profile {name}.").format(
                name=self.profile.name
            )
        self.label.setText(text)
        self.rename_button.setEnabled(not self.pending_name)
        # The first profile is the app's own files; the others can go.
        self.remove_button.setEnabled(not self.pending_name and bool(self.profile.folder))

    def _ask_name(self, title: str, label: str, start: str = "") -> str | None:
        """A name that is free and valid, or None when the user gave up."""
        name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, start)
        if not ok:
            return None
        try:
            return self.profiles.check_name(name, allow=self.profile if start else None)
        except InvalidInputError as exc:
            QMessageBox.warning(self, title, translated(exc.message))
            return None

    @Slot()
    def ask_new(self) -> None:
        name = self._ask_name(
            self.tr("New profile"), self.tr("A name for the new portal profile, e.g. Live:")
        )
        if name:
            self.pending_name = name
            self._show()
            self.new_profile.emit(name)

    @Slot()
    def ask_rename(self) -> None:
        name = self._ask_name(
            self.tr("Rename the profile"), self.tr("The profile's new name:"), self.profile.name
        )
        if not name or name == self.profile.name:
            return
        try:
            self.profile = self.profiles.rename(self.profile, name)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Rename the profile"), str(exc))
            return
        self._show()
        self.renamed.emit(self.profile)

    @Slot()
    def ask_remove(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the profile"),
            self.tr(
                "Remove the profile {name}? Its webhook token, settings and history are deleted."
            ).format(name=self.profile.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.profiles.remove(self.profile)
        except (InvalidInputError, OSError) as exc:
            message = translated(exc.message) if isinstance(exc, InvalidInputError) else str(exc)
            QMessageBox.warning(self, self.tr("Remove the profile"), message)
            return
        self.removed.emit(self.profile)
