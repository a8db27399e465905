"""The main window: entity type and ID in, chat ID out, with history, status and menus.

Widgets never call the network: lookups go to the WorkerController, answers come back by signal.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import logging
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.entities import EntityRef, EntityType, shape_warning
from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.desktop.chat_card import attach_chat_card
from gui.desktop.chat_link_lookup import ChatLinkLookup
from gui.desktop.clipboard_offer import ClipboardOffer
from gui.desktop.first_run import FirstRunBanner
from gui.desktop.history_view import HistoryPanel
from gui.desktop.link_paste import portal_host_of
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.wording import translated
from gui.desktop.worker import WorkerController, retry_reason
from gui.store.app_config import client_config_from
from gui.store.history import History, HistoryEntry
from gui.store.paths import AppPaths, resource
from gui.store.settings import Settings, SettingsStore, effective_webhook
from gui.store.user_files import private_folder, write_atomically

if TYPE_CHECKING:
    from gui.bitrix.client_config import ClientEvent
    from gui.demo.emulator import PortalEmulator
    from gui.desktop.bulk_view import BulkView

log = logging.getLogger(__name__)

APP_TITLE = "B24 Chat Lookup"
SHUTDOWN_MS = 3000
HISTORY_SAVE_DELAY_MS = 500  # a burst of answers is written once, not once per answer


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
        self.history = History(paths.history_file)
        # Demo answers must never reach the user's own history or journals (see start_demo).
        self._demo_data: tempfile.TemporaryDirectory[str] | None = None
        self.demo_portal: PortalEmulator | None = None
        self._jobs: dict[int, tuple[EntityRef, float]] = {}
        self._closed = False
        self._token_job: int | None = None
        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.setInterval(HISTORY_SAVE_DELAY_MS)
        self._history_timer.timeout.connect(self._save_history)
        self._build()
        self._build_menus()
        self.controller.succeeded.connect(self._on_succeeded)
        self.controller.failed.connect(self._on_failed)
        self.controller.progress.connect(self._on_progress)
        self._update_title()
        self._load_history()
        self._restore_geometry()
        self._sealed_demo = demo
        if pending_webhook is not None and store is not None and not demo:
            self._read_saved_token(store, pending_webhook)
        self.apply_settings(settings)
        if demo:
            self.start_demo()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        icon = resource("icons", "b24-chat-lookup.png")
        if not icon.is_file():
            icon = resource("icons", "b24-chat-lookup-256.png")
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.setMinimumSize(560, 340)
        self.banner = FirstRunBanner(self)
        self.banner.settings_requested.connect(self.open_settings)
        self.banner.demo_requested.connect(self.start_demo)

        self.lookup_panel = LookupPanel(self)
        self.lookup_panel.lookup_requested.connect(self.lookup)
        self.lookup_panel.copy_requested.connect(self.copy_chat_id)
        self.lookup_panel.open_requested.connect(self.open_chat)

        self.history_panel = HistoryPanel(self)
        self.history_panel.entry_chosen.connect(self.fill_from_history)
        self.history_panel.clear_requested.connect(self.clear_history)
        self.chat_card = attach_chat_card(self)
        splitter = QSplitter(self)
        splitter.addWidget(self.lookup_panel)
        splitter.addWidget(self.history_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([540, 360])  # the history's lines fit without a scroll bar
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        self.clipboard_offer = ClipboardOffer(self, self.lookup_panel, central)
        layout.addWidget(self.clipboard_offer)
        chat_links = ChatLinkLookup(self.controller, self.lookup_panel)  # pasted chat links
        chat_links.status.connect(self.show_message)
        self.lookup_panel.links.chatLinkPasted.connect(chat_links.look_up)
        self.clipboard_offer.offers_chats = True
        # The Bulk view is built the first time it is needed: start-up pays nothing for it.
        self._bulk_view: BulkView | None = None
        self._bulk_page = QWidget(self)
        QVBoxLayout(self._bulk_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(splitter, self.tr("Lookup"))
        self.tabs.addTab(self._bulk_page, self.tr("Bulk"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = QStatusBar(self)
        self.status.setObjectName("statusBar")
        self.setStatusBar(self.status)

        for first, second in (
            (self.open_button, self.history_panel.list),
            (self.history_panel.list, self.history_panel.clear_button),
        ):
            QWidget.setTabOrder(first, second)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.settings_action = self._action(
            self.tr("&Settings…"), self.open_settings, QKeySequence("Ctrl+,")
        )
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence("Ctrl+Q")))
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.copy_action = self._action(
            self.tr("&Copy chat ID"), self.copy_chat_id, QKeySequence("Ctrl+Shift+C")
        )
        self.copy_action.setEnabled(False)  # until there is a chat ID to copy
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(self._action(self.tr("C&lear history"), self.clear_history))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About"), self.show_about))

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    # -- settings and demo -----------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        """Use these settings' webhook (B24_WEBHOOK_URL wins, never saved) and options."""
        self.settings = settings
        if self._sealed_demo:  # saved for later sessions; this one stays on the sample portal
            return
        url, source = effective_webhook(settings, self.env)
        if self.demo_portal is not None and not url:
            return  # the demo keeps running until a real webhook is set
        if not url:
            self.controller.configure(None)
            self.banner.setVisible(self._token_job is None)
            return
        try:
            webhook = WebhookUrl.parse(url)
        except InvalidInputError as exc:
            self.controller.configure(None)
            where = (
                self.tr("The webhook in B24_WEBHOOK_URL")
                if source == "environment"
                else self.tr("The saved webhook")
            )
            self.banner.set_message(
                self.tr("{where} is not valid: {why}").format(
                    where=where, why=translated(exc.message)
                )
            )
            self.banner.show()
            return
        self._stop_demo()
        self.controller.configure(webhook, client_config_from(settings))
        self.banner.hide()
        if source == "environment":
            self.show_message(
                self.tr(
                    "Using the webhook from B24_WEBHOOK_URL ({portal}); it is not saved"
                ).format(portal=webhook.portal_url)
            )
        self._update_title()

    def _read_saved_token(self, store: SettingsStore, pending: object) -> None:
        """The keyring can take a while (or ask to be unlocked): read it on the worker thread."""
        self.show_message(self.tr("Reading the webhook token…"))
        self._token_job = self.controller.run(lambda _cancelled: store.resolve_webhook(pending))

    def _token_read(self, value: Any) -> None:
        self._token_job = None
        url, warnings = value
        if warnings:
            self.show_message(" ".join(warnings))
        else:
            self.statusBar().clearMessage()
        self.apply_settings(dataclasses.replace(self.settings, webhook_url=url))

    @Slot()
    def start_demo(self) -> None:
        """A local sample portal; saved settings are not touched."""
        if self.demo_portal is None:
            from gui.demo.emulator import start_demo_portal

            self.demo_portal = start_demo_portal()
            self._use_demo_data(True)
        self.controller.configure(WebhookUrl.parse(self.demo_portal.webhook_url))
        self.banner.hide()
        self._update_title()
        if not self.entity_edit.text():
            self.entity_edit.setText("LEAD|1")
        self.show_message(
            self.tr(
                "Demo: a sample portal on this computer. Try LEAD|1 to LEAD|40, DEAL|1 to DEAL|20"
            )
        )

    def _stop_demo(self) -> None:
        if self.demo_portal is not None:
            self.demo_portal.stop()
            self.demo_portal = None
            self._use_demo_data(False)

    def _use_demo_data(self, demo: bool) -> None:
        """Swap the history (and the folder bulk journals go to) for a throwaway one, or back."""
        if self._history_timer.isActive():
            self._save_history()
        if demo:
            self._demo_data = tempfile.TemporaryDirectory(prefix="b24chat-demo-")
            self.history = History(Path(self._demo_data.name) / "history.json")
        else:
            self.history = History(self.paths.history_file)
        self._load_history()
        self._drop_bulk_view()  # rebuilt on demand, journaling to the right folder
        if not demo and self._demo_data is not None:
            self._demo_data.cleanup()
            self._demo_data = None

    @property
    def session_paths(self) -> AppPaths:
        """Where history and bulk journals go now: the user's folders, or the demo's."""
        if self._demo_data is None:
            return self.paths
        return dataclasses.replace(self.paths, data_dir=Path(self._demo_data.name))

    @Slot()
    def open_settings(self) -> None:
        from gui.desktop.settings_dialog import SettingsDialog

        if self.store is None:
            self.show_message(self.tr("Settings cannot be saved in this session"))
            return
        if self._bulk_view is not None and self._bulk_view.runner.running:
            # The run holds the current connection: new settings would pull it from under it.
            self.warn(
                self.tr(
                    "A bulk run is in progress: let it finish or cancel it, then "
                    "change the settings."
                )
            )
            return
        from_env = effective_webhook(self.settings, self.env)[1] == "environment"
        dialog = SettingsDialog(
            self.store, self.settings, self.controller, self, env_webhook=from_env
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # one dialog per visit, not one more child each time
        if accepted:
            self.apply_settings(dialog.settings())
            if self._sealed_demo:
                self.show_message(
                    self.tr(
                        "Settings saved; this demo session keeps using the sample portal: "
                        "start the app without --demo to use them"
                    )
                )
            if self._bulk_view is not None:  # a run for this portal may be resumable now
                self._bulk_view.check_for_interrupted_run()

    def _update_title(self) -> None:
        demo = self.tr(" — Demo") if self.demo_portal is not None else ""
        self.setWindowTitle(APP_TITLE + demo)
        # a pasted link may name the portal asked now, or not
        host = portal_host_of(self.controller.webhook)
        self.lookup_panel.links.set_portal_host(host)
        self.clipboard_offer.set_portal_host(host)
        self.lookup_panel.validate()

    # -- the Lookup form (its widgets stay reachable here for the tests and the self-test) --
    @property
    def entity_combo(self) -> QComboBox:
        return self.lookup_panel.entity_combo

    @property
    def entity_edit(self) -> QLineEdit:
        return self.lookup_panel.entity_edit

    @property
    def hint_label(self) -> QLabel:
        return self.lookup_panel.hint_label

    @property
    def input_error(self) -> QLabel:
        return self.lookup_panel.input_error

    @property
    def lookup_button(self) -> QPushButton:
        return self.lookup_panel.lookup_button

    @property
    def result_edit(self) -> QLineEdit:
        return self.lookup_panel.result_edit

    @property
    def result_label(self) -> QLabel:
        return self.lookup_panel.result_label

    @property
    def copy_button(self) -> QPushButton:
        return self.lookup_panel.copy_button

    @property
    def open_button(self) -> QPushButton:
        return self.lookup_panel.open_button

    @property
    def chat_id(self) -> int | None:
        return self.lookup_panel.chat_id

    def entity_type(self) -> EntityType:
        return self.lookup_panel.entity_type()

    def current_ref(self) -> EntityRef | None:
        return self.lookup_panel.current_ref()

    def fill_from_history(self, entry: HistoryEntry) -> None:
        self.lookup_panel.fill(entry.entity_type, entry.entity_id)
        self.chat_card.clear()
        self._show_chat(entry.chat_id)

    # -- lookup ----------------------------------------------------------------------------
    @Slot()
    def lookup(self) -> int | None:
        """Send the form's entity to the worker; None when the input is not valid."""
        ref = self.current_ref()
        if ref is None:
            self.lookup_panel.validate()
            return None
        job_id = self.controller.lookup(ref)
        self._jobs[job_id] = (ref, time.perf_counter())
        self.show_message(self.tr("Looking up {ref}…").format(ref=ref))
        return job_id

    @Slot(int, object)
    def _on_succeeded(self, job_id: int, value: Any) -> None:
        if job_id == self._token_job:
            self._token_read(value)
            return
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        ref, started = job
        chat_id = value if isinstance(value, int) else None
        self._show_chat(chat_id)
        elapsed = (time.perf_counter() - started) * 1000
        warning = shape_warning(ref) if chat_id is None else None
        if warning:  # "no chat" for a shape that never matches: say why it likely found none
            self.show_message(translated(warning))
        else:
            self.show_message(self.tr("Done in {ms} ms").format(ms=round(elapsed)))
        entry = self.history.record(ref.type.value, ref.id, chat_id)
        self.history_panel.prepend(entry, self.history.limit)
        self._history_timer.start()
        self.chat_card.looked_up(ref, chat_id, entry)

    def history_changed(self) -> None:
        """The history changed after a lookup (a chat's title came in): save it soon."""
        self._history_timer.start()

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Any) -> None:
        if job_id == self._token_job:  # resolve_webhook reports problems; this is a crash
            self._token_read(("", [str(error)]))
            return
        if self._jobs.pop(job_id, None) is None or isinstance(error, CancelledError):
            return
        text = translated(error) if isinstance(error, BitrixError) else repr(error)
        self.chat_card.clear()
        self.lookup_panel.show_error(text)
        self.copy_action.setEnabled(False)
        self.show_message(text)

    @Slot(int, object)
    def _on_progress(self, job_id: int, event: ClientEvent) -> None:
        if job_id not in self._jobs:
            return
        if event.kind == "waiting":
            self.show_message(
                self.tr("Waiting for the rate limit ({s} s)…").format(s=f"{event.seconds:.1f}")
            )
        else:
            self.show_message(
                self.tr("Retrying (attempt {n}): {why}…").format(
                    n=event.attempt, why=retry_reason(event)
                )
            )

    def _show_chat(self, chat_id: int | None) -> None:
        self.lookup_panel.show_chat(chat_id, portal_known=self.controller.webhook is not None)
        self.copy_action.setEnabled(chat_id is not None)

    @Slot()
    def copy_chat_id(self) -> None:
        if self.chat_id is not None:
            QGuiApplication.clipboard().setText(str(self.chat_id))
            self.show_message(self.tr("Chat ID {id} copied").format(id=self.chat_id))

    @Slot()
    def open_chat(self) -> None:
        webhook = self.controller.webhook
        if self.chat_id is not None and webhook is not None:
            QDesktopServices.openUrl(QUrl(webhook.chat_url(self.chat_id)))

    def show_message(self, text: str) -> None:
        self.status.showMessage(text)

    # -- history ---------------------------------------------------------------------------
    def _load_history(self) -> None:
        warning = self.history.load()
        self.history_panel.set_entries(self.history.entries)
        if warning:
            self.show_message(warning)

    def _save_history(self) -> None:
        self._history_timer.stop()
        try:
            self.history.save()
        except OSError as exc:
            self.show_message(
                self.tr(
                    "The history could not be saved ({why}): check that {folder} is writable"
                ).format(why=type(exc).__name__, folder=self.paths.data_dir)
            )

    @Slot()
    def clear_history(self) -> None:
        self.history.clear()
        self.history_panel.set_entries([])
        self._save_history()
        self.show_message(self.tr("History cleared"))

    @Slot()
    def show_about(self) -> None:
        from gui.desktop.about import show_about

        show_about(self)

    # -- geometry and closing --------------------------------------------------------------
    @property
    def _window_file(self) -> Path:
        return self.paths.data_dir / "window.json"

    def _restore_geometry(self) -> None:
        try:
            data = json.loads(self._window_file.read_text(encoding="utf-8"))
            geometry = base64.b64decode(data["geometry"], validate=True)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, binascii.Error):
            self.resize(760, 420)
            return
        if not self.restoreGeometry(QByteArray(geometry)):
            self.resize(760, 420)

    def _save_geometry(self) -> None:
        encoded = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        try:
            private_folder(self.paths.data_dir)
            write_atomically(self._window_file, json.dumps({"geometry": encoded}) + "\n")
        except OSError as exc:  # losing the window size is not worth a message
            log.info("window geometry not saved: %s", exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self._save_geometry()
            if self._history_timer.isActive():
                self._save_history()
            self._jobs.clear()
            if self._bulk_view is not None:  # an unfinished run keeps its journal
                self._bulk_view.shutdown(SHUTDOWN_MS)
            self.controller.shutdown(SHUTDOWN_MS)
            self._stop_demo()
        super().closeEvent(event)

    # -- bulk ------------------------------------------------------------------------------
    @property
    def bulk_view(self) -> BulkView:
        if self._bulk_view is None:
            from gui.desktop.bulk_view import BulkView

            self._bulk_view = BulkView(
                lambda: self.controller.client,
                self.session_paths,
                lambda: self.controller.webhook,
                self._bulk_page,
            )
            layout = self._bulk_page.layout()
            assert layout is not None
            layout.addWidget(self._bulk_view)
            self._bulk_view.show()  # a child added to a shown parent is hidden until told
        return self._bulk_view

    def _drop_bulk_view(self) -> None:
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
    def check_for_interrupted_run(self) -> None:
        """After start-up: offer to resume a bulk run the app did not finish."""
        from gui.store.journal import find_interrupted

        journals = self.session_paths.journal_dir
        if find_interrupted(journals) and self.bulk_view.check_for_interrupted_run():
            self.tabs.setCurrentWidget(self._bulk_page)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, APP_TITLE, text)
