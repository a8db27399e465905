"""The settings dialog: webhook (masked, checked as you type, tested on the worker thread),
rate limit, timeout, proxy, certificates and language. Saves through :class:`SettingsStore`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.desktop.connection_box import ConnectionBox
from gui.desktop.status_line import StatusLine
from gui.desktop.token_store_label import TokenStoreLabel
from gui.desktop.wording import translated
from gui.store.app_config import client_config_from
from gui.store.options import declaration
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
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

    # -- building -------------------------------------------------------------------------

    def _build(self, env_webhook: bool) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_webhook_box(env_webhook))
        self.connection = ConnectionBox(self)
        layout.addWidget(self.connection)
        layout.addWidget(self._build_language_box())
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("settingsButtons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Wide enough for the wrapped sentences, in text units so it scales with DPI and font.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    def _build_webhook_box(self, env_webhook: bool) -> QGroupBox:
        box = QGroupBox(self.tr("Portal webhook"), self)
        form = QFormLayout(box)
        self.webhook_edit = QLineEdit(box)
        self.webhook_edit.setObjectName("webhookUrlEdit")
        self.webhook_edit.setEchoMode(QLineEdit.EchoMode.Password)  # the URL holds the token
        self.webhook_edit.setPlaceholderText("https://your-portal.bitrix24.com/rest/1/…/")
        self.webhook_edit.setAccessibleName(self.tr("Webhook URL"))
        self.webhook_edit.setToolTip(
            self.tr(
                "The incoming webhook from Bitrix24: Developer resources → Other → Incoming webhook"
            )
        )
        self.webhook_edit.textChanged.connect(self._check_webhook)
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

    def _build_language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Window"), self)
        form = QFormLayout(box)
        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("languageCombo")
        # each language in its own words, so a user who cannot read this one finds theirs
        names = {"": self.tr("System"), "en": "English", "ru": "Русский"}
        for code in declaration(Settings, "language").option.choices:
            self.language_combo.addItem(names[code], code)
        self.language_combo.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language_combo)
        note = QLabel(self.tr("A new language takes effect after a restart."), box)
        note.setObjectName("languageNote")
        note.setWordWrap(True)
        form.addRow(note)
        self.offer_clipboard_check = QCheckBox(
            self.tr("O&ffer to look up a card link or ID found in the clipboard"), box
        )
        self.offer_clipboard_check.setObjectName("offerClipboardCheck")
        self.offer_clipboard_check.setAccessibleName(self.tr("Offer what the clipboard holds"))
        form.addRow(self.offer_clipboard_check)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Top-level layouts ignore wrapped labels' height-for-width: grow so none is clipped."""
        wanted = self.heightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    # -- values ---------------------------------------------------------------------------

    def _load(self, s: Settings) -> None:
        self.webhook_edit.setText(s.webhook_url)
        self._check_webhook(s.webhook_url)
        self.connection.load(s)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        self.offer_clipboard_check.setChecked(s.offer_clipboard)

    def current_settings(self) -> Settings:
        """What the fields say now (not yet validated or saved)."""
        return Settings(
            webhook_url=self.webhook_edit.text().strip(),
            **self.connection.values(),
            language=str(self.language_combo.currentData()),
            offer_clipboard=self.offer_clipboard_check.isChecked(),
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
        self.webhook_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )

    def test_connection(self) -> Job | None:
        """Ask the worker for ``profile`` and ``scope``; None when nothing was sent."""
        if self._controller is None:
            return None
        try:
            webhook = WebhookUrl.parse(self.webhook_edit.text())
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
        job.then(self, self._on_test_succeeded, self._on_test_failed)
        self._test_job = job  # held, so its answer reaches this dialog
        return job

    def _on_test_succeeded(self, value: object) -> None:
        self._test_job = None
        self.test_button.setEnabled(True)
        answer = value if isinstance(value, dict) else {}
        profile = answer.get("profile") or {}
        scopes = [str(s) for s in answer.get("scopes") or []]
        name = " ".join(str(profile.get(k) or "").strip() for k in ("NAME", "LAST_NAME")).strip()
        role = (
            self.tr("administrator")
            if profile.get("ADMIN") in (True, "Y", "1", 1)
            else self.tr("not an administrator")
        )
        who = self.tr("Connected. The webhook belongs to {0} (ID {1}, {2}).").format(
            name or self.tr("a user without a name"), profile.get("ID", "?"), role
        )
        if "im" in scopes:
            self.test_status.show_text(
                who + " " + self.tr("The im scope is there: lookups will work."),
                QStyle.StandardPixmap.SP_DialogApplyButton,
            )
        else:
            self.test_status.show_text(
                who
                + " "
                + self.tr(
                    "The webhook lacks the im scope, so lookups will fail. In Bitrix24 open "
                    "Developer resources → Other → Incoming webhook, edit this webhook, tick "
                    '"Chat and notifications (im)" and save.'
                ),
                QStyle.StandardPixmap.SP_MessageBoxWarning,
            )
        self._grow_to_fit()

    def _on_test_failed(self, error: object) -> None:
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
        if self._save_job is not None:
            return  # already saving
        settings = self.current_settings()
        problems = settings.validate()
        if problems:
            self._refuse(
                self.tr("These settings need fixing before they can be saved:"),
                [translated(p) for p in problems],
            )
            return
        store = self._store
        if self._controller is None:  # no worker to hand it to (a tool or a test)
            self._saved(settings, _save(store, settings))
            return
        self.buttons.setEnabled(False)
        job = self._controller.submit(lambda _cancelled: _save(store, settings))
        job.then(
            self,
            lambda problem: self._saved(settings, problem),
            lambda error: self._saved(settings, error),
        )
        self._save_job = job

    def reject(self) -> None:
        if self._save_job is None:  # a save under way decides how the dialog ends
            super().reject()

    def _saved(self, settings: Settings, problem: object) -> None:
        self._save_job = None
        self.buttons.setEnabled(True)
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
            else:
                why = str(problem)
            self._refuse(self.tr("The settings could not be saved:"), [why])
        else:
            self._settings = settings
            self.saved.emit(settings)
            super().accept()

    def _refuse(self, lead: str, problems: list[str]) -> None:
        text = lead + "\n\n" + "\n".join(f"• {p}" for p in problems)
        QMessageBox.warning(self, self.tr("Settings not saved"), text)


def _save(store: SettingsStore, settings: Settings) -> Exception | None:
    """Save, and return what went wrong instead of raising it (this runs on a worker)."""
    try:
        store.save(settings)
    except (InvalidInputError, TokenStoreError, OSError) as exc:
        return exc
    return None
