"""The settings dialog: webhook (masked, checked as you type, tested on the worker thread),
rate limit, timeout, proxy, certificates and language. Saves through :class:`SettingsStore`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.errors import BitrixError, InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.desktop.wording import translated
from gui.store.app_config import client_config_from
from gui.store.secrets import TokenStoreError
from gui.store.settings import WEBHOOK_ENV, Settings, SettingsStore

if TYPE_CHECKING:  # the client pulls in httpx; the dialog opens before any request
    from gui.bitrix.client_config import ClientConfig

log = logging.getLogger(__name__)


class ConnectionTester(Protocol):
    """What the dialog needs from :class:`gui.desktop.worker.WorkerController`."""

    succeeded: SignalInstance
    failed: SignalInstance

    def test_connection(self, webhook: WebhookUrl, config: ClientConfig) -> Any: ...


class StatusLine(QWidget):
    """An icon and a wrapped sentence: the icon carries the meaning, so no colours are needed."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setObjectName(object_name + "Text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._icon)
        row.addWidget(self.label, 1)
        self.show_text("")

    def show_text(self, text: str, icon: QStyle.StandardPixmap | None = None) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        if icon is None:
            self._icon.clear()
            self._icon.hide()
        else:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self._icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
            self._icon.show()
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()


class SettingsDialog(QDialog):
    saved = Signal(object)  # the Settings just written

    def __init__(
        self,
        store: SettingsStore,
        settings: Settings,
        controller: ConnectionTester | None,
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
        self._test_job: Any = None
        self._test_webhook: WebhookUrl | None = None
        self._build(env_webhook)
        self._load(settings)
        if controller is not None:
            controller.succeeded.connect(self._on_test_succeeded)
            controller.failed.connect(self._on_test_failed)

    # -- building -------------------------------------------------------------------------

    def _build(self, env_webhook: bool) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_webhook_box(env_webhook))
        layout.addWidget(self._build_connection_box())
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

        self.token_store_label = QLabel(
            self.tr("Token kept in: {0}").format(self._token_store_words()), box
        )
        self.token_store_label.setObjectName("tokenStoreLabel")
        self.token_store_label.setWordWrap(True)
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

    def _build_connection_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Connection"), self)
        form = QFormLayout(box)
        self.rate_spin = QDoubleSpinBox(box)
        self.rate_spin.setObjectName("rateSpin")
        self.rate_spin.setRange(0.1, 50.0)
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSingleStep(0.5)
        self.rate_spin.setAccessibleName(self.tr("Requests per second"))
        form.addRow(self.tr("&Requests per second:"), self.rate_spin)
        self.burst_spin = QSpinBox(box)
        self.burst_spin.setObjectName("burstSpin")
        self.burst_spin.setRange(1, 1000)
        self.burst_spin.setAccessibleName(self.tr("Burst"))
        form.addRow(self.tr("&Burst:"), self.burst_spin)
        hint = QLabel(
            self.tr(
                "Bitrix24 allows 2 requests per second and a burst of 50; "
                "Enterprise plans allow 5 and 250."
            ),
            box,
        )
        hint.setObjectName("rateHint")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.timeout_spin = QDoubleSpinBox(box)
        self.timeout_spin.setObjectName("timeoutSpin")
        self.timeout_spin.setRange(1.0, 300.0)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(self.tr(" s"))
        self.timeout_spin.setAccessibleName(self.tr("Request timeout in seconds"))
        form.addRow(self.tr("Request t&imeout:"), self.timeout_spin)

        self.proxy_combo = QComboBox(box)
        self.proxy_combo.setObjectName("proxyCombo")
        self.proxy_combo.addItem(self.tr("System settings"), "system")
        self.proxy_combo.addItem(self.tr("No proxy"), "none")
        self.proxy_combo.addItem(self.tr("Custom proxy"), "custom")
        self.proxy_combo.setAccessibleName(self.tr("Proxy"))
        self.proxy_combo.currentIndexChanged.connect(self._proxy_mode_changed)
        form.addRow(self.tr("&Proxy:"), self.proxy_combo)
        self.proxy_edit = QLineEdit(box)
        self.proxy_edit.setObjectName("proxyUrlEdit")
        self.proxy_edit.setPlaceholderText("http://proxy.example.com:3128")
        self.proxy_edit.setAccessibleName(self.tr("Proxy address"))
        form.addRow(self.tr("Proxy &address:"), self.proxy_edit)

        ca_row = QWidget(box)
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        self.ca_edit = QLineEdit(ca_row)
        self.ca_edit.setObjectName("caBundleEdit")
        self.ca_edit.setPlaceholderText(self.tr("The system's trust store"))
        self.ca_edit.setAccessibleName(self.tr("CA bundle file"))
        self.ca_edit.setToolTip(
            self.tr("For an on-premise portal with its own certificate authority: a PEM file")
        )
        self.ca_browse = QPushButton(self.tr("Br&owse…"), ca_row)
        self.ca_browse.setObjectName("caBundleBrowse")
        self.ca_browse.setAccessibleName(self.tr("Choose a CA bundle file"))
        self.ca_browse.clicked.connect(self._choose_ca_bundle)
        ca_layout.addWidget(self.ca_edit, 1)
        ca_layout.addWidget(self.ca_browse)
        ca_label = QLabel(self.tr("&Certificates:"), box)
        ca_label.setBuddy(self.ca_edit)
        form.addRow(ca_label, ca_row)
        return box

    def _build_language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Language"), self)
        form = QFormLayout(box)
        self.language_combo = QComboBox(box)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("System"), "")
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("Русский", "ru")
        self.language_combo.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language_combo)
        note = QLabel(self.tr("A new language takes effect after a restart."), box)
        note.setObjectName("languageNote")
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Top-level layouts ignore wrapped labels' height-for-width: grow so none is clipped."""
        wanted = self.heightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _token_store_words(self) -> str:
        kind = getattr(self._store.token_store, "kind", "")
        if kind == "file":
            return self.tr("the settings file, readable only by you")
        if kind == "keyring":
            return self.tr("the system keyring")
        return str(self._store.token_store.name)

    # -- values ---------------------------------------------------------------------------

    def _load(self, s: Settings) -> None:
        self.webhook_edit.setText(s.webhook_url)
        self._check_webhook(s.webhook_url)
        self.rate_spin.setValue(s.rate)
        self.burst_spin.setValue(s.burst)
        self.timeout_spin.setValue(s.timeout)
        self.proxy_combo.setCurrentIndex(max(0, self.proxy_combo.findData(s.proxy_mode)))
        self.proxy_edit.setText(s.proxy_url)
        self._proxy_mode_changed()
        self.ca_edit.setText(s.ca_bundle)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))

    def current_settings(self) -> Settings:
        """What the fields say now (not yet validated or saved)."""
        return Settings(
            webhook_url=self.webhook_edit.text().strip(),
            rate=round(self.rate_spin.value(), 1),
            burst=self.burst_spin.value(),
            timeout=float(self.timeout_spin.value()),
            proxy_mode=str(self.proxy_combo.currentData()),
            proxy_url=self.proxy_edit.text().strip(),
            ca_bundle=self.ca_edit.text().strip(),
            language=str(self.language_combo.currentData()),
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

    def _proxy_mode_changed(self) -> None:
        self.proxy_edit.setEnabled(self.proxy_combo.currentData() == "custom")

    def _choose_ca_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a CA bundle"),
            self.ca_edit.text(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)

    def test_connection(self) -> None:
        """Ask the worker for ``profile`` and ``scope``; the answer comes back by signal."""
        if self._controller is None:
            return
        try:
            webhook = WebhookUrl.parse(self.webhook_edit.text())
        except InvalidInputError as exc:
            self.test_status.show_text(
                translated(exc.message), QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return
        problem = self.current_settings().proxy_problem()
        if problem:
            self.test_status.show_text(
                translated(problem), QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return
        self._test_webhook = webhook
        self.test_button.setEnabled(False)
        self.test_status.show_text(self.tr("Testing the connection…"))
        self._test_job = self._controller.test_connection(webhook, self.client_config())

    def _on_test_succeeded(self, job_id: object, value: object) -> None:
        if job_id != self._test_job or self._test_job is None:
            return
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

    def _on_test_failed(self, job_id: object, error: object) -> None:
        if job_id != self._test_job or self._test_job is None:
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
        settings = self.current_settings()
        problems = settings.validate()
        if problems:
            self._refuse(
                self.tr("These settings need fixing before they can be saved:"),
                [translated(p) for p in problems],
            )
            return
        try:
            self._store.save(settings)
        except InvalidInputError as exc:
            self._refuse(
                self.tr("These settings need fixing before they can be saved:"),
                exc.message.splitlines(),
            )
            return
        except (TokenStoreError, OSError) as exc:
            log.warning("Settings not saved: %s", type(exc).__name__)
            self._refuse(self.tr("The settings could not be saved:"), [str(exc)])
            return
        self._settings = settings
        self.saved.emit(settings)
        super().accept()

    def _refuse(self, lead: str, problems: list[str]) -> None:
        text = lead + "\n\n" + "\n".join(f"• {p}" for p in problems)
        QMessageBox.warning(self, self.tr("Settings not saved"), text)
