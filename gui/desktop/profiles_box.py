"""The Settings dialog's "Portal profile" section: which profile these settings are for, and
New…, Rename… and Remove… for the profiles themselves.

A new profile exists once its settings are saved (Cancel leaves nothing behind); a rename is
kept at once (only the name changes: no file, no token moves); Remove asks first. Both write
the profile list (and Remove the keyring) on the worker thread, the buttons held meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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

from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.desktop.wording import translated
from gui.store.profiles import Profile, Profiles

if TYPE_CHECKING:
    from gui.desktop.jobs import Callback, Job
    from gui.desktop.settings_dialog import DialogWorker
    from gui.store.settings import SettingsStore


class ProfilesBox(QGroupBox):
    new_profile_named = Signal(str)  # a name checked and free: the dialog now edits that profile
    renamed = Signal(object)  # the Profile under its new name
    removed = Signal(object)  # the Profile that is gone
    busy_changed = Signal(bool)  # a rename or remove is under way: the dialog waits for it

    def __init__(
        self,
        profiles: Profiles,
        profile: Profile,
        worker: DialogWorker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Portal profile"), parent)
        self.setObjectName("profilesBox")
        self.profiles = profiles
        self.profile = profile
        self._worker = worker
        self.busy = False
        self._created: Profile | None = None  # a new profile Save has just made
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
            self.new_profile_named.emit(name)

    @Slot()
    def ask_rename(self) -> Job | None:
        """Ask for the new name, then rename on the worker (the index is fsynced); None when
        nothing was sent."""
        title = self.tr("Rename the profile")
        name = self._ask_name(title, self.tr("The profile's new name:"), self.profile.name)
        if not name or name == self.profile.name:
            return None
        profiles, profile = self.profiles, self.profile
        return self._run(lambda: profiles.rename(profile, name), self._renamed, title)

    def _renamed(self, profile: object) -> None:
        assert isinstance(profile, Profile)
        self.profile = profile
        self._show()
        self.renamed.emit(profile)

    @Slot()
    def ask_remove(self) -> Job | None:
        """Ask first, then remove on the worker (the keyring and the files); None when nothing
        was sent."""
        title = self.tr("Remove the profile")
        answer = QMessageBox.question(
            self,
            title,
            self.tr(
                "Remove the profile {name}? Its webhook token, settings and history are deleted."
            ).format(name=self.profile.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        profiles, profile = self.profiles, self.profile
        return self._run(
            lambda: profiles.remove(profile), lambda _: self.removed.emit(profile), title
        )

    # -- a new profile, made by Save ---------------------------------------------------------
    def save_target(self, store: SettingsStore) -> Callable[[], SettingsStore]:
        """Where Save writes, called on the worker: ``store``, or a new profile's, made only
        then (Cancel leaves none; the profile list is fsynced)."""
        if not self.pending_name:
            return lambda: store
        profiles, name = self.profiles, self.pending_name

        def create() -> SettingsStore:
            self._created = profiles.add(name)  # taken on the GUI thread once Save has ended
            return profiles.store(self._created)

        return create

    def take_created(self) -> SettingsStore | None:
        """After Save (even a failed one: the next Save goes there): the new profile's store."""
        created, self._created = self._created, None
        if created is None:
            return None
        self.pending_name, self.profile = "", created
        return self.profiles.store(created)

    # -- the change on the worker ----------------------------------------------------------------
    def _run(self, change: Callable[[], object], done: Callback, title: str) -> Job | None:
        """Make ``change`` on the worker, the buttons held until it has ended; ``done`` gets
        its value, a failure is told in a message box titled ``title``."""
        self._set_busy(True)
        if self._worker is None:  # no worker to hand it to (a tool or a test)
            self._ended(_attempt(change), done, title)
            return None
        job = self._worker.submit(lambda _cancelled: _attempt(change))
        job.then(
            self,
            lambda outcome: self._ended(outcome, done, title),
            lambda error: self._ended(error, done, title),
        )
        return job

    def _ended(self, outcome: object, done: Callback, title: str) -> None:
        self._set_busy(False)
        if isinstance(outcome, CancelledError):
            return  # the window is closing
        if isinstance(outcome, BaseException):
            QMessageBox.warning(self, title, self._problem_words(outcome))
            return
        done(outcome)

    def _problem_words(self, problem: BaseException) -> str:
        if isinstance(problem, InvalidInputError):
            return translated(problem.message)
        if isinstance(problem, BitrixError):
            return translated(problem)
        return self.tr(
            "The profile list {path} could not be written ({why}): check that its folder is "
            "writable. Nothing was changed."
        ).format(path=self.profiles.index_file, why=_reason(problem))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.new_button, self.rename_button, self.remove_button):
            button.setEnabled(not busy)
        if not busy:
            self._show()  # which buttons this profile allows
        self.busy_changed.emit(busy)


def _attempt(change: Callable[[], object]) -> object:
    """The change's value, or what kept it from being made (this runs on a worker)."""
    try:
        return change()
    except (InvalidInputError, OSError) as exc:
        return exc


def _reason(problem: BaseException) -> str:
    return (
        problem.strerror
        if isinstance(problem, OSError) and problem.strerror
        else type(problem).__name__
    )
