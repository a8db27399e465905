"""The settings dialog: webhook (masked, checked as you type, tested on the worker thread),
rate limit, timeout, proxy, certificates and language. Saves through :class:`SettingsStore`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.desktop.connection_box import ConnectionBox
from gui.desktop.connection_test import answer_words
from gui.desktop.profiles_box import ProfilesBox
from gui.desktop.sections_area import SectionsArea
from gui.desktop.status_line import StatusLine
from gui.desktop.token_store_label import TokenStoreLabel
from gui.desktop.webhook_field import WebhookField
from gui.desktop.window_box import WindowBox
from gui.desktop.wording import translated, write_problem
from gui.store.app_config import client_config_from
from gui.store.profiles import DEFAULT, Profile, Profiles
from gui.store.secrets import TokenStoreError
from gui.store.settings import WEBHOOK_ENV, Settings, SettingsStore

if TYPE_CHECKING:  # the client pulls in httpx; the dialog opens before any request
    from gui.bitrix.client_config import ClientConfig
    from gui.desktop.jobs import Job, Work

log = logging.getLogger(__name__)


class DialogWorker(Protocol):
    """What the dialog needs from :class:`gui.desktop.worker.WorkerController`: the
    connection test, and slow work (the keyring, the file) off the GUI thread."""

    def test_connection(self, webhook: WebhookUrl, config: ClientConfig) -> Job: ...

    def submit(self, work: Work) -> Job: ...


class SettingsDialog(QDialog):
    saved = Signal(object)  # the Settings just written

    def __init__(
        self,
        store: SettingsStore,
        settings: Settings,
        controller: DialogWorker | None,
        parent: QWidget | None = None,
        env_webhook: bool = False,
        profiles: Profiles | None = None,
        profile: Profile | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.profiles_box: ProfilesBox | None = None
        if profiles is not None:
            box = ProfilesBox(profiles, profile or profiles.get(DEFAULT), controller, self)
            box.new_profile_named.connect(self._edit_new_profile)
            box.removed.connect(self._profile_removed)
            box.busy_changed.connect(self._profiles_busy)
            self.profiles_box = box
        self.saved_profile: Profile | None = None  # where Save wrote (a new one, perhaps)
        self.removed_profile: Profile | None = None
        self.setWindowTitle(self.tr("Settings"))
        self._store = store
        self._initial = settings
        self._settings = settings
        self._controller = controller
        self._test_job: Job | None = None
        self._save_job: Job | None = None
        self._test_webhook: WebhookUrl | None = None
        self._build(env_webhook)
        self._load(settings)
        self.webhook_edit.setFocus()  # typing starts there, not on Save

    # -- building -------------------------------------------------------------------------

    def _build(self, env_webhook: bool) -> None:
        # The sections scroll and the buttons stay: Save is on screen even at 1366 x 768, 150 %.
        page = QWidget(self)
        sections = QVBoxLayout(page)
        if self.profiles_box is not None:
            sections.addWidget(self.profiles_box)
        sections.addWidget(self._build_webhook_box(env_webhook))
        self.connection = ConnectionBox(page)
        self.connection.changed.connect(self._forget_test)
        sections.addWidget(self.connection)
        self.window_box = WindowBox(page)
        sections.addWidget(self.window_box)
        sections.addStretch(1)
        self.scroll_area = SectionsArea(page, self)
        self.scroll_area.setObjectName("settingsScrollArea")
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("settingsButtons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.scroll_area.keep_window_wide(chars=72)  # for the wrapped sentences and every row

    def _build_webhook_box(self, env_webhook: bool) -> QGroupBox:
        box = QGroupBox(self.tr("Portal webhook"), self)
        form = QFormLayout(box)
        self.webhook_edit = WebhookField(box)  # the host in clear, the token hidden
        self.webhook_edit.setObjectName("webhookUrlEdit")
        self.webhook_edit.setPlaceholderText("https://your-portal.bitrix24.com/rest/1/…/")
        self.webhook_edit.setAccessibleName(self.tr("Webhook URL"))
        self.webhook_edit.setToolTip(
            self.tr(
                "The incoming webhook from Bitrix24: Developer resources → Other → Incoming webhook"
            )
        )
        self.webhook_edit.url_changed.connect(self._check_webhook)
        self.webhook_edit.url_changed.connect(self._forget_test)
        form.addRow(self.tr("&Webhook URL:"), self.webhook_edit)

        self.show_token_check = QCheckBox(self.tr("S&how token"), box)
        self.show_token_check.setObjectName("showTokenCheck")
        self.show_token_check.setAccessibleName(self.tr("Show the webhook token"))
        self.show_token_check.toggled.connect(self._show_token)
        form.addRow("", self.show_token_check)

        self.webhook_status = StatusLine("webhookStatus", box)
        form.addRow(self.webhook_status)

        self.env_note = QLabel(
            self.tr(
                "The webhook in the {0} environment variable is used instead of this one; "
                "it is not saved."
            ).format(WEBHOOK_ENV),
            box,
        )
        self.env_note.setObjectName("envWebhookNote")
        self.env_note.setWordWrap(True)
        self.env_note.setVisible(env_webhook)
        form.addRow(self.env_note)

        self.token_store_label = TokenStoreLabel(self._store, self._controller, box)
        form.addRow(self.token_store_label)

        self.test_button = QPushButton(self.tr("&Test connection"), box)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        if self._controller is None:
            self.test_button.setEnabled(False)
            self.test_button.setToolTip(self.tr("Not available here"))
        self.test_status = StatusLine("testConnectionStatus", box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form.addRow(test_row)
        form.addRow(self.test_status)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        self.scroll_area.grow_to_fit()

    # -- values ---------------------------------------------------------------------------

    def _load(self, s: Settings) -> None:
        self.webhook_edit.setText(s.webhook_url)  # checked as it is set
        self.connection.load(s)
        self.window_box.load(s)

    def current_settings(self) -> Settings:
        """What the fields say now (not yet validated or saved)."""
        return Settings(
            webhook_url=self.webhook_edit.url().strip(),
            **self.connection.values(),
            **self.window_box.values(),
        )

    def settings(self) -> Settings:
        """The saved settings after Save; the ones passed in until then."""
        return self._settings

    def client_config(self) -> ClientConfig:
        """Options as typed, so a test checks the proxy and CA bundle before they are saved."""
        return client_config_from(self.current_settings())

    # -- reactions ------------------------------------------------------------------------

    def _check_webhook(self, text: str) -> None:
        if not text.strip():
            self.webhook_status.show_text(
                self.tr(
                    "No webhook yet: create one in Bitrix24 under Developer resources → Other → "
                    "Incoming webhook, with the im scope, and paste its URL here."
                ),
                QStyle.StandardPixmap.SP_MessageBoxInformation,
            )
            return
        try:
            webhook = WebhookUrl.parse(text)
        except InvalidInputError as exc:
            self.webhook_status.show_text(
                translated(exc.message), QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return
        self.webhook_status.show_text(
            self.tr("Portal {0}, user {1}").format(webhook.portal_url, webhook.user_id),
            QStyle.StandardPixmap.SP_DialogApplyButton,
        )

    def _show_token(self, shown: bool) -> None:
        self.webhook_edit.set_token_shown(shown)

    def _forget_test(self) -> None:
        """A test's answer was for the address tested: a changed one makes it stale."""
        if self._test_job is None and not self.test_status.text():
            return
        self._test_job = None  # its answer, when it comes, is ignored
        self._test_webhook = None
        self.test_status.show_text("")
        self.test_button.setEnabled(self._controller is not None)

    def test_connection(self) -> Job | None:
        """Ask the worker for ``profile`` and ``scope``; None when nothing was sent."""
        if self._controller is None:
            return None
        try:
            webhook = WebhookUrl.parse(self.webhook_edit.url())
        except InvalidInputError as exc:
            self.test_status.show_text(
                translated(exc.message), QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return None
        problem = self.current_settings().proxy_problem()
        if problem:
            self.test_status.show_text(
                translated(problem), QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return None
        self._test_webhook = webhook
        self.test_button.setEnabled(False)
        self.test_status.show_text(self.tr("Testing the connection…"))
        job = self._controller.test_connection(webhook, self.client_config())
        job.then(
            self,
            lambda value: self._on_test_succeeded(job, value),
            lambda error: self._on_test_failed(job, error),
        )
        self._test_job = job  # held, so its answer reaches this dialog
        return job

    def _on_test_succeeded(self, job: Job, value: object) -> None:
        if job is not self._test_job:
            return  # the address changed since: this answer is not about it
        self._test_job = None
        self.test_button.setEnabled(True)
        self.test_status.show_text(*answer_words(value))
        self._grow_to_fit()

    def _on_test_failed(self, job: Job, error: object) -> None:
        if job is not self._test_job:
            return
        self._test_job = None
        self.test_button.setEnabled(True)
        text = translated(error) if isinstance(error, BitrixError) else str(error)
        if self._test_webhook is not None:
            text = self._test_webhook.redact(text)  # the token never reaches the screen
        self.test_status.show_text(
            self.tr("The connection failed: {0}").format(text),
            QStyle.StandardPixmap.SP_MessageBoxCritical,
        )
        self._grow_to_fit()

    # -- saving ---------------------------------------------------------------------------

    def accept(self) -> None:
        """Check, then save on the worker thread (the keyring can take seconds); the dialog
        closes when the save has worked, and says what to fix when it has not."""
        if self._save_job is not None or (self.profiles_box and self.profiles_box.busy):
            return  # already saving, or a profile is being renamed or removed
        settings = self.current_settings()
        problems = settings.validate()
        if problems:
            self._refuse(
                self.tr("These settings need fixing before they can be saved:"),
                [translated(p) for p in problems],
            )
            return
        store = self._target_store()
        if self._controller is None:  # no worker to hand it to (a tool or a test)
            self._saved(settings, _save(store, settings))
            return
        self._hold_buttons(True)
        job = self._controller.submit(lambda _cancelled: _save(store, settings))
        job.then(
            self,
            lambda problem: self._saved(settings, problem),
            lambda error: self._saved(settings, error),
        )
        self._save_job = job

    def reject(self) -> None:
        # A save under way decides how the dialog ends; a profile change is waited for.
        if self._save_job is None and not (self.profiles_box and self.profiles_box.busy):
            super().reject()

    def _saved(self, settings: Settings, problem: object) -> None:
        self._save_job = None
        self._hold_buttons(False)
        self._take_created_profile()  # even when the save failed: the next Save goes there
        if isinstance(problem, CancelledError):
            return  # the window is closing: nothing was saved, and nobody to tell
        if isinstance(problem, InvalidInputError):
            self._refuse(
                self.tr("These settings need fixing before they can be saved:"),
                problem.message.splitlines(),
            )
        elif problem is not None:
            log.warning("Settings not saved: %s", type(problem).__name__)
            if isinstance(problem, TokenStoreError):
                why = translated(problem.message)
            elif isinstance(problem, BitrixError):
                why = translated(problem)
            elif isinstance(problem, OSError):
                why = write_problem(problem, self._store.path)
            else:
                why = str(problem)
            self._refuse(self.tr("The settings could not be saved:"), [why])
        else:
            self._settings = settings
            if self.profiles_box is not None:
                self.saved_profile = self.profiles_box.profile
            self.saved.emit(settings)
            super().accept()

    # -- profiles -------------------------------------------------------------------------

    def _target_store(self) -> Callable[[], SettingsStore]:
        """Where Save writes (called on the worker): a new profile is made only then."""
        store = self._store
        return self.profiles_box.save_target(store) if self.profiles_box else lambda: store

    def _take_created_profile(self) -> None:
        created = self.profiles_box.take_created() if self.profiles_box else None
        if created is not None:
            self._store = created

    def _profiles_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def _hold_buttons(self, saving: bool) -> None:
        """While Save runs, neither it, Cancel nor a profile's Rename or Remove can be pressed."""
        self.buttons.setEnabled(not saving)
        if self.profiles_box is not None:
            self.profiles_box.setEnabled(not saving)

    def _edit_new_profile(self, _name: str) -> None:
        """A new profile starts from the defaults (the app's language stays as it is)."""
        self._load(Settings(language=self.current_settings().language))

    def _profile_removed(self, profile: Profile) -> None:
        self.removed_profile = profile
        self.reject()

    def _refuse(self, lead: str, problems: list[str]) -> None:
        text = lead + "\n\n" + "\n".join(f"• {p}" for p in problems)
        QMessageBox.warning(self, self.tr("Settings not saved"), text)


def _save(store: Callable[[], SettingsStore], settings: Settings) -> Exception | None:
    """Save, and return what went wrong instead of raising it (this runs on a worker)."""
    try:
        store().save(settings)
    except (InvalidInputError, TokenStoreError, OSError) as exc:
        return exc
    return None
