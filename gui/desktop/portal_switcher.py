"""Which portal answers: the switcher beside the tabs, the portal in the title and the status
bar, and switching from one profile (or the demo) to another.

A profile switch takes the profile's settings, history and journals as a whole; the demo is one
more entry of the switcher, never mixed with a profile (its answers go to a throwaway history).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from gui.bitrix.errors import InvalidInputError
from gui.desktop.qt_values import TOOLTIP_ROLE
from gui.desktop.wording import translated
from gui.store.history import History
from gui.store.profiles import DEFAULT, Profile, Profiles
from gui.store.settings import WEBHOOK_ENV, Settings, effective_webhook

if TYPE_CHECKING:
    from gui.desktop.jobs import Job
    from gui.desktop.main_window import MainWindow
    from gui.desktop.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)

DEMO = "\x00demo"  # the switcher's data for the demo entry: no profile can be named that


class PortalSwitcher(QObject):
    """Owns the profile list of one window and its switcher widgets."""

    switched = Signal(str)  # the profile now in use (DEMO for the demo)

    def __init__(self, window: MainWindow, profiles: Profiles, profile: Profile) -> None:
        super().__init__(window)  # the window is its parent, not an attribute: no cycle
        self.profiles = profiles
        self.profile = profile
        self._remembering: Job | None = None  # writing "reopen with this profile"
        self.combo = QComboBox(window)
        self.combo.setObjectName("portalSwitcher")
        self.combo.setAccessibleName(self.tr("Portal profile"))
        self.combo.setToolTip(self.tr("Which portal answers: a profile, or the demo portal"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(self._chosen)
        label = QLabel(self.tr("&Portal:"), window)
        label.setBuddy(self.combo)
        self.corner = QWidget(window)
        row = QHBoxLayout(self.corner)
        row.setContentsMargins(0, 0, 4, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        self.status_label = QLabel(window)
        self.status_label.setObjectName("portalStatus")
        self.fill()

    @classmethod
    def attach(
        cls, window: MainWindow, profiles: Profiles, profile: Profile | None
    ) -> PortalSwitcher:
        """A switcher in the corner of the window's tabs, the portal in its status bar."""
        switcher = cls(window, profiles, profile or profiles.get(DEFAULT))
        window.tabs.setCornerWidget(switcher.corner)
        window.status.addPermanentWidget(switcher.status_label)
        return switcher

    @property
    def window(self) -> MainWindow:
        return cast("MainWindow", self.parent())

    # -- the switcher ------------------------------------------------------------------------
    def fill(self) -> None:
        """The profiles, then the demo; the one in use selected."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for name in self.profiles.names():
            host = self.profiles.host(self.profiles.get(name))
            self.combo.addItem(name, name)
            self.combo.setItemData(
                self.combo.count() - 1,
                host or self.tr("no webhook yet"),
                TOOLTIP_ROLE,
            )
        self.combo.insertSeparator(self.combo.count())
        self.combo.addItem(self.tr("Demo portal"), DEMO)
        current = DEMO if self.window.demo_portal is not None else self.profile.name
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.setEnabled(not self.window.sealed_demo)  # --demo: nothing else this session
        self.combo.blockSignals(False)

    @Slot(int)
    def _chosen(self, index: int) -> None:
        choice = self.combo.itemData(index)
        if choice == DEMO:
            self.window.start_demo()
        elif isinstance(choice, str) and not self.switch(choice):
            self.fill()  # refused: show the portal still in use

    # -- what the title and the status bar say -----------------------------------------------
    def portal_words(self) -> str:
        """The profile and the host that answer, e.g. "Live · live.bitrix24.ru"; the demo."""
        if self.window.demo_portal is not None:
            return self.tr("Demo portal")
        webhook = self.window.controller.webhook
        host = webhook.portal_url.split("://", 1)[-1] if webhook is not None else ""
        if not host:
            return self.tr("{profile} · no webhook").format(profile=self.profile.name)
        if effective_webhook(self.window.settings, self.window.env)[1] == "environment":
            return f"{WEBHOOK_ENV} · {host}"  # it answers, whatever the profile says
        return f"{self.profile.name} · {host}"

    def refresh(self) -> None:
        """The title, the status bar and the switcher say which portal answers."""
        from gui.desktop.main_window import APP_TITLE  # loaded: it is this one's window

        words = self.portal_words()
        demo = self.window.demo_portal is not None
        title = QCoreApplication.translate("MainWindow", " — Demo") if demo else f" — {words}"
        self.window.setWindowTitle(APP_TITLE + title)
        self.status_label.setText(words)
        self.status_label.setAccessibleName(self.tr("Portal in use: {0}").format(words))
        self.fill()

    # -- what Settings did -------------------------------------------------------------------
    def settings_to_edit(self, settings: Settings) -> Settings:
        """The profile's settings with the app's language (one for every profile)."""
        return dataclasses.replace(settings, language=self.profiles.ui_language())

    def follow_settings(self, dialog: SettingsDialog, accepted: bool) -> bool:
        """Follow what Settings did to the profiles; True when another profile is now in use
        (a new one saved, or the one in use removed)."""
        box = dialog.profiles_box
        if box is not None and box.profile.folder == self.profile.folder:
            self.profile = box.profile  # perhaps renamed
        if dialog.removed_profile is not None:
            self.window.lookup_page.discard_pending_history()
            self.switch(self.profiles.last_used)
            return True
        if accepted:
            language, profiles = dialog.settings().language, self.profiles  # written off the
            self.window.controller.submit(lambda _c: profiles.set_language(language))  # GUI
            saved = dialog.saved_profile
            if saved is not None and saved.folder != self.profile.folder:
                self.switch(saved.name)
                return True
        self.window.update_title()  # a renamed profile shows its new name
        return False

    # -- switching ---------------------------------------------------------------------------
    def switch(self, name: str) -> bool:
        """Use the profile named ``name`` (its settings, history and journals); the demo ends.
        False, with the reason in the window, when it cannot be done now."""
        window = self.window
        try:
            profile = self.profiles.get(name)
        except InvalidInputError as exc:
            window.show_message(translated(exc.message))
            return False
        if window.sealed_demo:
            window.show_message(
                self.tr(
                    "This demo session stays on the sample portal: start the app without --demo"
                )
            )
            return False
        if window.bulk_running():
            window.warn(
                self.tr("A bulk run is in progress: let it finish or cancel it, then switch.")
            )
            return False
        if profile == self.profile and window.demo_portal is None:
            return True
        self.profile = profile
        self._remembering = self.window.controller.submit(
            lambda _c: self.profiles.remember(profile)  # fsyncs: on the worker
        )
        self._use_files(profile)
        self.switched.emit(profile.name)
        return True

    def finish_remembering(self) -> None:
        """At close: a switch's "reopen with this profile" still queued (a quit right after
        the switch) is written here, so the next start opens where the user left off."""
        pending, self._remembering = self._remembering, None
        if pending is not None and not pending.finished:
            try:
                self.profiles.remember(self.profile)
            except OSError:
                log.warning("could not remember the profile %s for next time", self.profile.name)

    def _use_files(self, profile: Profile) -> None:
        """The window changes to the profile's files: its history and journals, then its
        settings (the token read on the worker thread, as at start-up)."""
        window, paths, store = (
            self.window,
            self.profiles.paths(profile),
            self.profiles.store(profile),
        )
        window.lookup_page.save_pending_history()  # into the profile it belongs to
        window.paths, window.store = paths, store
        window.stop_demo()
        window.lookup_page.use_history(History(paths.history_file))
        window.drop_bulk_view()
        window.lookup_page.form.clear_answer()
        window.controller.configure(None)
        loaded = store.load(read_token=False)
        if loaded.warnings:
            window.show_message(" ".join(translated(w) for w in loaded.warnings))
        window.settings = loaded.settings
        if loaded.pending_webhook is not None:
            window.read_saved_token(store, loaded.pending_webhook)
        window.apply_settings(loaded.settings)
        window.check_for_interrupted_run()
