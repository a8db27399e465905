"""The main window: the Lookup and Bulk tabs, the first-run banner, menus and the status bar.

Widgets never call the network: the tabs send requests to the window's WorkerController and
hear only their own answers. The window owns which portal is in use (settings or the demo).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStatusBar, QTabWidget, QVBoxLayout, QWidget

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.desktop.first_run import FirstRunBanner
from gui.desktop.jobs import Job
from gui.desktop.lookup_page import LookupPage
from gui.desktop.portal_switcher import PortalSwitcher
from gui.desktop.window_geometry import restore_geometry, save_geometry
from gui.desktop.wording import translated
from gui.desktop.worker import WorkerController
from gui.store import recent_folder
from gui.store.history import History
from gui.store.paths import AppPaths, find_interrupted
from gui.store.profiles import Profile, Profiles
from gui.store.settings import Settings, SettingsStore, effective_webhook

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent  # an annotation: its type (QEvent's) loads at close

    from gui.bitrix.client_config import ClientConfig
    from gui.demo.emulator import PortalEmulator
    from gui.desktop.bulk_view import BulkView

log = logging.getLogger(__name__)

APP_TITLE = "B24 Chat Lookup"
SHUTDOWN_MS = 3000


class MainWindow(QMainWindow):
    def __init__(
        self,
        *,
        paths: AppPaths,
        settings: Settings,
        store: SettingsStore | None = None,
        controller: WorkerController | None = None,
        env: Mapping[str, str] | None = None,
        pending_webhook: object | None = None,
        demo: bool = False,
        profiles: Profiles | None = None,
        profile: Profile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``demo``: a sealed demo session (``--demo``, ``--self-test``): the sample portal
        until the window closes; no saved webhook, token read or setting switches it."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.paths = paths
        self.settings = settings
        self.store = store
        self.env = os.environ if env is None else env
        self.controller = controller or WorkerController(self)
        # Demo answers must never reach the user's own history or journals (see start_demo).
        self._demo_data: tempfile.TemporaryDirectory[str] | None = None
        self.demo_portal: PortalEmulator | None = None
        self._closed = False
        self.sealed_demo = demo  # see the docstring
        self._token_job: Job | None = None
        self._build()
        self.portals = PortalSwitcher.attach(self, profiles, profile) if profiles else None
        if self.portals is not None:  # Tab: the switcher comes after the tabs (its one stop)
            QWidget.setTabOrder(self.tabs.tabBar(), self.portals.combo)
        self._build_menus()
        self.update_title()
        self.lookup_page.load_history()
        restore_geometry(self, self._window_file)
        recent_folder.recall_from(paths.data_dir)
        if pending_webhook is not None and store is not None and not demo:
            self.read_saved_token(store, pending_webhook)
        self.apply_settings(settings)
        if demo:
            self.start_demo()
        self.lookup_page.form.entity_edit.setFocus()  # typing starts in the ID field

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        # no fixed minimum size: the layouts' own, so nothing is clipped
        self.banner = FirstRunBanner(self)
        self.banner.settings_requested.connect(self.open_settings)
        self.banner.demo_requested.connect(self.start_demo)
        self.tabs = QTabWidget(self)  # before its pages: Tab reaches the tab bar, then a page
        self.tabs.setObjectName("mainTabs")
        self.lookup_page = LookupPage(self.controller, History(self.paths.history_file), self)
        self.lookup_page.message.connect(self.show_message)
        # The Bulk view is built the first time it is needed: start-up pays nothing for it.
        self._bulk_view: BulkView | None = None
        self._quit_confirmed = False
        self._bulk_page = QWidget(self)
        QVBoxLayout(self._bulk_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.lookup_page, self.tr("Lookup"))
        self.tabs.addTab(self._bulk_page, self.tr("Bulk"))
        self.tabs.currentChanged.connect(self._tab_changed)
        central = QWidget(self)
        self._layout = QVBoxLayout(central)
        self._layout.addWidget(self.banner)
        self._layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = QStatusBar(self)
        self.status.setObjectName("statusBar")
        self.setStatusBar(self.status)

    def add_bar(self, bar: QWidget) -> None:
        """Show a bar (an offer, a notice) above the tabs, below the first-run banner."""
        from gui.desktop.focus_order import follow_above  # with the first bar: not at start-up

        self._layout.insertWidget(self._layout.indexOf(self.tabs), bar)
        follow_above(self._layout, bar)  # Tab order as shown, not last

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.settings_action = self._action(self.tr("&Settings…"), self.open_settings, "Ctrl+,")
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.request_quit, "Ctrl+Q"))
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.copy_action = self._action(
            self.tr("&Copy chat ID"), self.lookup_page.copy_chat_id, "Ctrl+Shift+C"
        )
        self.copy_action.setEnabled(False)  # until there is a chat ID to copy, and no longer
        self.lookup_page.form.answer_changed.connect(self.copy_action.setEnabled)
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(
            self._action(self.tr("C&lear history…"), self.lookup_page.history_panel.ask_to_clear)
        )
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About"), self.show_about))

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:  # e.g. "Ctrl+Q"; the property Qt converts to a QKeySequence:
            action.setProperty("shortcut", shortcut)  # setShortcut would load Qt's namespace
        action.triggered.connect(slot)
        return action

    # -- the portal in use: settings, the saved token, the demo ----------------------------
    def apply_settings(self, settings: Settings) -> None:
        """Use these settings' webhook (B24_WEBHOOK_URL wins, never saved) and options."""
        self.settings = settings
        if self.sealed_demo:  # saved for later sessions; this one stays on the sample portal
            return
        url, source = effective_webhook(settings, self.env)
        if self.demo_portal is not None and not url:
            return  # the demo keeps running until a real webhook is set
        if not url:
            self.controller.configure(None)
            self.banner.setVisible(self._token_job is None)
            self.update_title()
            return
        try:
            webhook = WebhookUrl.parse(url)
        except InvalidInputError as exc:
            self.controller.configure(None)
            self._show_bad_webhook(source, translated(exc.message))
            self.update_title()
            return
        self.stop_demo()
        from gui.store.app_config import client_config_from  # the rate limiter's modules

        self.use_portal(webhook, client_config_from(settings))
        if source == "environment":
            self.show_message(
                self.tr(
                    "Using the webhook from B24_WEBHOOK_URL ({portal}); it is not saved"
                ).format(portal=webhook.portal_url)
            )

    def use_portal(self, webhook: WebhookUrl, config: ClientConfig | None) -> None:
        """Send every request from now on to this portal."""
        if webhook != self.controller.webhook:
            self.lookup_page.form.clear_answer()  # an answer of another portal goes
        self.controller.configure(webhook, config)
        self.banner.hide()
        self.update_title()

    def _show_bad_webhook(self, source: str, why: str) -> None:
        where = (
            self.tr("The webhook in B24_WEBHOOK_URL")
            if source == "environment"
            else self.tr("The saved webhook")
        )
        self.banner.set_message(self.tr("{where} is not valid: {why}").format(where=where, why=why))
        self.banner.show()

    def read_saved_token(self, store: SettingsStore, pending: object) -> None:
        """The keyring can take a while (or ask to be unlocked): read it on the worker thread."""
        self.show_message(self.tr("Reading the webhook token…"))
        job = self.controller.submit(lambda _cancelled: store.resolve_webhook(pending))
        # resolve_webhook reports its problems as warnings: a failure here is a crash
        job.then(self, self._token_read, lambda error: self._token_read(("", [translated(error)])))
        self._token_job = job

    def _token_read(self, value: object) -> None:
        self._token_job = None
        url, warnings = cast(tuple[str, list[str]], value)
        if warnings:  # told whole above the tabs: a status-bar line is cut at the window's edge
            from gui.desktop.notice_bar import show_notice

            show_notice(self, [translated(w) for w in warnings])
        if self.status.currentMessage() == self.tr("Reading the webhook token…"):
            self.statusBar().clearMessage()  # only our own note: a start-up warning stays
        self.apply_settings(dataclasses.replace(self.settings, webhook_url=url))

    @Slot()
    def start_demo(self) -> None:
        """A local sample portal; saved settings are not touched."""
        if self.demo_portal is None:
            from gui.demo.emulator import start_demo_portal

            self.demo_portal = start_demo_portal()
            self._use_demo_data(True)
        self.use_portal(WebhookUrl.parse(self.demo_portal.webhook_url), None)
        form = self.lookup_page.form
        if not form.entity_edit.text():
            form.entity_edit.setText("LEAD|1")
        self.show_message(
            self.tr(
                "Demo: a sample portal on this computer. Try LEAD|1 to LEAD|40, DEAL|1 to DEAL|20"
            )
        )

    def stop_demo(self) -> None:
        if self.demo_portal is not None:
            self.demo_portal.stop()
            self.demo_portal = None
            self._use_demo_data(False)

    def _use_demo_data(self, demo: bool) -> None:
        """Swap the history (and the folder bulk journals go to) for a throwaway one, or back."""
        leaving, self._demo_data = self._demo_data, None  # session_paths: the user's again
        if demo:
            self._demo_data = tempfile.TemporaryDirectory(prefix="b24chat-demo-")
        self.lookup_page.use_history(History(self.session_paths.history_file), keep_old=demo)
        self.drop_bulk_view()  # rebuilt on demand, journaling to the right folder
        if leaving is not None:
            leaving.cleanup()  # no save of the demo's history can land in it now

    @property
    def session_paths(self) -> AppPaths:
        """Where history and bulk journals go now: the user's folders, or the demo's."""
        if self._demo_data is None:
            return self.paths
        return dataclasses.replace(self.paths, data_dir=Path(self._demo_data.name))

    @Slot()
    def open_settings(self) -> None:
        from gui.desktop.settings_flow import run_settings  # Qt's dialogs load when needed

        run_settings(self)

    def update_title(self) -> None:
        """The title (with profiles, the status bar too) says which portal answers."""
        if self.portals is not None:
            self.portals.refresh()
        elif self.demo_portal is None and self.controller.webhook is not None:
            self.setWindowTitle(f"{APP_TITLE} — {self.controller.webhook.portal_url}")
        else:
            demo = self.tr(" — Demo") if self.demo_portal is not None else ""
            self.setWindowTitle(APP_TITLE + demo)

    def switch_to_profile(self, name: str) -> bool:
        """Use the portal profile ``name`` (e.g. for a link to another portal): its webhook,
        options, history and journals. False, with the reason shown, when it cannot be now
        (no such profile, a bulk run in progress, a --demo session)."""
        if self.portals is None:
            self.show_message(self.tr("Portal profiles are not available in this session"))
            return False
        return self.portals.switch(name)

    # -- messages ---------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.status.showMessage(text)

    def warn(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # its type costs ~5 ms: not at start-up

        QMessageBox.warning(self, APP_TITLE, text)

    @Slot()
    def show_about(self) -> None:
        from gui.desktop.about import show_about

        show_about(self)

    # -- bulk ------------------------------------------------------------------------------
    def bulk_running(self) -> bool:
        return self._bulk_view is not None and self._bulk_view.runner.running

    @property
    def bulk_view(self) -> BulkView:
        if self._bulk_view is None:
            from gui.desktop.bulk_view import BulkView

            self._bulk_view = BulkView(
                self.controller.shared_client,
                self.session_paths,
                lambda: self.controller.webhook,
                self._bulk_page,
            )
            layout = self._bulk_page.layout()
            assert layout is not None
            layout.addWidget(self._bulk_view)
            self._bulk_view.show()  # a child added to a shown parent is hidden until told
        return self._bulk_view

    def drop_bulk_view(self) -> None:
        if self._bulk_view is None:
            return
        self._bulk_view.shutdown(SHUTDOWN_MS)
        self._bulk_view.setParent(None)
        self._bulk_view.deleteLater()
        self._bulk_view = None
        if self.tabs.currentWidget() is self._bulk_page and not self._closed:
            self.bulk_view  # noqa: B018 - the tab is on screen: build the new one now

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._bulk_page:
            self.bulk_view  # noqa: B018 - building it is the point

    @Slot()
    def check_for_interrupted_run(self) -> Job:
        """After start-up: offer to resume a bulk run the app did not finish. The folder is
        looked at on the worker thread, and the Bulk tab is built only when there is one."""
        journals = self.session_paths.journal_dir
        job = self.controller.submit(lambda _cancelled: bool(find_interrupted(journals)))
        job.then(self, self._offer_resume)
        return job

    def _offer_resume(self, found: object) -> None:
        if found and not self._closed:
            self.bulk_view.check_for_interrupted_run().then(self, self._show_bulk_if)

    def _show_bulk_if(self, answer: object) -> None:
        # (run or None, sentences about damaged journals): only a resumable run brings the tab
        # forward; a damaged journal is told in the Bulk status line, on the user's next visit.
        run = answer[0] if isinstance(answer, tuple) else None
        if run is not None:
            self.tabs.setCurrentWidget(self._bulk_page)

    # -- closing ---------------------------------------------------------------------------
    @property
    def _window_file(self) -> Path:
        return self.paths.data_dir / "window.json"

    @Slot()
    def request_quit(self) -> None:
        """Quit (Ctrl+Q); during a bulk run, ask first."""
        if self._bulk_view is None or self._bulk_view.confirm_quit():
            self._quit_confirmed = True
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window manager's close button asks too; close() from code (tests, Quit) does not.
        ask = not self._closed and not self._quit_confirmed and event.spontaneous()
        if ask and self._bulk_view is not None and not self._bulk_view.confirm_quit():
            event.ignore()
            return
        if not self._closed:
            self._closed = True
            save_geometry(self, self._window_file)
            recent_folder.keep()
            self.lookup_page.close_history(SHUTDOWN_MS)
            self.lookup_page.forget_jobs()
            if self._bulk_view is not None:  # an unfinished run keeps its journal
                self._bulk_view.shutdown(SHUTDOWN_MS)
            if self.portals is not None:  # before the worker drops what it has not reached
                self.portals.finish_remembering()
            self.controller.shutdown(SHUTDOWN_MS)
            self.stop_demo()
        super().closeEvent(event)
