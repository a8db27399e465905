"""Settings → Connection: rate, burst and timeout (bounds from the settings' declarations),
proxy and certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QWidget,
)

from gui.desktop import file_dialogs
from gui.desktop.status_line import StatusLine
from gui.desktop.wording import translated
from gui.store.options import declaration
from gui.store.settings import Settings


def _set_bounds(spin: QSpinBox | QDoubleSpinBox, name: str) -> None:
    """The range a setting declares (gui.store.settings), so the box cannot hold a bad value,
    and its help (the range and the default, from the same declaration) as the tooltip."""
    item = declaration(Settings, name)
    option = item.option
    assert option.low is not None and option.high is not None, name
    if isinstance(spin, QSpinBox):
        spin.setRange(int(option.low), int(option.high))
    else:
        spin.setRange(option.low, option.high)
    help_text = item.help_text()
    if help_text:
        words = translated(help_text)
        spin.setToolTip(words[:1].upper() + words[1:])


class ConnectionBox(QGroupBox):
    changed = Signal()  # the proxy or the certificates changed: a connection test is stale

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connection"))
        form = QFormLayout(self)
        self._build_limits(form)
        self._build_network(form)

    def _build_limits(self, form: QFormLayout) -> None:
        self.rate_spin = QDoubleSpinBox(self)
        self.rate_spin.setObjectName("rateSpin")
        _set_bounds(self.rate_spin, "rate")
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSingleStep(0.5)
        self.rate_spin.setAccessibleName(self.tr("Requests per second"))
        form.addRow(self.tr("&Requests per second:"), self.rate_spin)
        self.burst_spin = QSpinBox(self)
        self.burst_spin.setObjectName("burstSpin")
        _set_bounds(self.burst_spin, "burst")
        self.burst_spin.setAccessibleName(self.tr("Burst"))
        form.addRow(self.tr("&Burst:"), self.burst_spin)
        hint = QLabel(
            self.tr(
                "Bitrix24 allows 2 requests per second and a burst of 50; "
                "Enterprise plans allow 5 and 250."
            ),
            self,
        )
        hint.setObjectName("rateHint")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.timeout_spin = QDoubleSpinBox(self)
        self.timeout_spin.setObjectName("timeoutSpin")
        _set_bounds(self.timeout_spin, "timeout")
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(self.tr(" s"))
        self.timeout_spin.setAccessibleName(self.tr("Request timeout in seconds"))
        form.addRow(self.tr("Request t&imeout:"), self.timeout_spin)

    def _build_network(self, form: QFormLayout) -> None:
        self.proxy_combo = QComboBox(self)
        self.proxy_combo.setObjectName("proxyCombo")
        proxy_words = {
            "system": self.tr("System settings"),
            "none": self.tr("No proxy"),
            "custom": self.tr("Custom proxy"),
        }
        for mode in declaration(Settings, "proxy_mode").option.choices:
            self.proxy_combo.addItem(proxy_words[mode], mode)
        self.proxy_combo.setAccessibleName(self.tr("Proxy"))
        self.proxy_combo.currentIndexChanged.connect(self._proxy_mode_changed)
        form.addRow(self.tr("&Proxy:"), self.proxy_combo)
        self.proxy_edit = QLineEdit(self)
        self.proxy_edit.setObjectName("proxyUrlEdit")
        self.proxy_edit.setPlaceholderText("http://proxy.example.com:3128")
        self.proxy_edit.setAccessibleName(self.tr("Proxy address"))
        self.proxy_edit.textChanged.connect(self._check_proxy)
        self.proxy_edit.textChanged.connect(self.changed)
        form.addRow(self.tr("Proxy &address:"), self.proxy_edit)
        self.proxy_status = StatusLine("proxyStatus", self)  # checked as you type
        form.addRow(self.proxy_status)

        ca_row = QWidget(self)
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        self.ca_edit = QLineEdit(ca_row)
        self.ca_edit.setObjectName("caBundleEdit")
        self.ca_edit.setPlaceholderText(self.tr("System default"))
        self.ca_edit.setAccessibleName(self.tr("CA bundle file"))
        self.ca_edit.setToolTip(
            self.tr(
                "For an on-premise portal with its own certificate authority: a PEM file. "
                "Empty: the system's trust store"
            )
        )
        metrics = self.ca_edit.fontMetrics()  # the placeholder never cut, in any language
        hint = self.ca_edit.placeholderText()
        self.ca_edit.setMinimumWidth(
            metrics.horizontalAdvance(hint) + 2 * metrics.averageCharWidth()
        )
        self.ca_browse = QPushButton(self.tr("Br&owse…"), ca_row)
        self.ca_browse.setObjectName("caBundleBrowse")
        self.ca_browse.setAccessibleName(self.tr("Choose a CA bundle file"))
        self.ca_browse.clicked.connect(self._choose_ca_bundle)
        self.ca_edit.textChanged.connect(self.changed)
        ca_layout.addWidget(self.ca_edit, 1)
        ca_layout.addWidget(self.ca_browse)
        ca_label = QLabel(self.tr("&Certificates:"), self)
        ca_label.setBuddy(self.ca_edit)
        form.addRow(ca_label, ca_row)

    def load(self, s: Settings) -> None:
        self.rate_spin.setValue(s.rate)
        self.burst_spin.setValue(s.burst)
        self.timeout_spin.setValue(s.timeout)
        self.proxy_combo.setCurrentIndex(max(0, self.proxy_combo.findData(s.proxy_mode)))
        self.proxy_edit.setText(s.proxy_url)
        self._proxy_mode_changed()
        self.ca_edit.setText(s.ca_bundle)

    def values(self) -> dict[str, Any]:
        """The fields as Settings' keyword arguments (not yet validated)."""
        return {
            "rate": round(self.rate_spin.value(), 1),
            "burst": self.burst_spin.value(),
            "timeout": float(self.timeout_spin.value()),
            "proxy_mode": str(self.proxy_combo.currentData()),
            "proxy_url": self.proxy_edit.text().strip(),
            "ca_bundle": self.ca_edit.text().strip(),
        }

    def _proxy_mode_changed(self) -> None:
        self.proxy_edit.setEnabled(self.proxy_combo.currentData() == "custom")
        self._check_proxy()
        self.changed.emit()

    def _check_proxy(self) -> None:
        """Like the webhook: what is wrong with the proxy address, as it is typed."""
        values = self.values()
        problem = Settings(
            proxy_mode=values["proxy_mode"], proxy_url=values["proxy_url"]
        ).proxy_problem()
        self.proxy_status.show_text(
            translated(problem) if problem else "",
            QStyle.StandardPixmap.SP_MessageBoxWarning if problem else None,
        )

    def _choose_ca_bundle(self) -> None:
        current = Path(self.ca_edit.text().strip())
        path, _ = file_dialogs.open_file_name(
            self,
            self.tr("Choose a CA bundle"),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
            start=current if current.is_file() else "",
        )
        if path:
            self.ca_edit.setText(path)
