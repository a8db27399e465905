"""The Bulk tab's input panel: paste rows or open (or drop) a file, choose how to read bare IDs,
and see what the rows will be once read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.entities import EntityType
from gui.desktop.bulk_worker import InputSource, Preview
from gui.desktop.named import named

PREVIEW_DELAY_MS = 300  # wait for typing to pause before re-reading the pasted rows
CRM_KINDS = ("LEAD", "DEAL", "CONTACT", "COMPANY", "QUOTE", "SMART_INVOICE")


def local_file(mime: QMimeData) -> str | None:
    """The first local file among dragged or pasted URLs, if any."""
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            return url.toLocalFile()
    return None


class _InputEdit(QPlainTextEdit):
    """The paste box; a file dropped on it is opened, not pasted as its path."""

    file_dropped = Signal(str)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return local_file(source) is not None or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        path = local_file(source)
        if path is not None:
            self.file_dropped.emit(path)
        else:
            super().insertFromMimeData(source)


class BulkInputPanel(QWidget):
    """Where the rows come from; says when they should be read again (``preview_wanted``)."""

    preview_wanted = Signal()  # the input or how to read it changed
    file_chosen = Signal(str)  # from the Open button or a drop on the paste box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkInputPanel")
        self._file: str | None = None
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview_wanted)
        self._build()
        self.input_edit.textChanged.connect(self._on_text_changed)
        self.input_edit.file_dropped.connect(self.file_chosen)
        self.open_button.clicked.connect(self._choose_file)
        self.type_combo.currentIndexChanged.connect(self._on_options_changed)
        self.kind_combo.currentTextChanged.connect(self._on_options_changed)

    def _build(self) -> None:
        self.open_button = named(
            QPushButton(self.tr("Open file…"), self),
            "bulkOpenButton",
            self.tr("Open a CSV or TSV file"),
        )
        self.type_combo = named(
            QComboBox(self), "bulkTypeCombo", self.tr("Entity type for rows without one")
        )
        self.type_combo.addItem(self.tr("Type from each row"), None)
        for kind in EntityType:
            self.type_combo.addItem(kind.value, kind.value)
        self.kind_combo = named(
            QComboBox(self), "bulkCrmKindCombo", self.tr("CRM entity for bare numbers")
        )
        self.kind_combo.setEditable(True)
        self.kind_combo.addItem("")
        line_edit = self.kind_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("not used"))
        self.kind_combo.addItems(CRM_KINDS)
        self.kind_combo.setToolTip(
            self.tr("Bare numbers are IDs of this CRM entity (or type DYNAMIC_<typeId>)")
        )
        self.source_label = named(QLabel(self), "bulkSourceLabel", self.tr("Input source"))
        self.input_edit = named(_InputEdit(self), "bulkInputEdit", self.tr("Rows to look up"))
        self.input_edit.setPlaceholderText(
            self.tr(
                "One row a line, e.g.\nLEAD|13\nCRM,DEAL|5\nLINES,telegrambot|2|209607941|744\n"
                "or bare numbers with the type chosen above.\nOr open (or drop) a CSV/TSV file."
            )
        )
        self.preview_label = named(QLabel(self), "bulkPreviewLabel", self.tr("Input preview"))
        self.preview_label.setWordWrap(True)

        type_row = QHBoxLayout()
        type_row.addWidget(self.open_button)
        type_row.addWidget(self.source_label, 1)
        type_row.addWidget(QLabel(self.tr("Rows without a type:"), self))
        type_row.addWidget(self.type_combo)
        type_row.addWidget(QLabel(self.tr("Bare numbers are:"), self))
        type_row.addWidget(self.kind_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(type_row)
        layout.addWidget(self.input_edit, 1)
        layout.addWidget(self.preview_label)

    def source(self) -> InputSource:
        """The chosen file, else the pasted text, and how to read bare IDs."""
        kind = self.kind_combo.currentText().strip().upper() or None
        default_type = self.type_combo.currentData()
        if self._file is not None:
            return InputSource(path=self._file, default_type=default_type, crm_kind=kind)
        return InputSource(
            text=self.input_edit.toPlainText(), default_type=default_type, crm_kind=kind
        )

    def use_file(self, path: str) -> None:
        """Read rows from this file instead of the paste box."""
        self._file = path
        self.input_edit.blockSignals(True)
        self.input_edit.clear()
        self.input_edit.blockSignals(False)
        self.source_label.setText(self.tr("File: {name}").format(name=Path(path).name))
        self.source_label.setToolTip(path)

    def set_running(self, running: bool) -> None:
        self._running = running
        for widget in (self.open_button, self.type_combo, self.kind_combo):
            widget.setEnabled(not running)
        # Read-only, not disabled: a palette change would lay out 10,000 pasted lines again.
        self.input_edit.setReadOnly(running)
        self.input_edit.setAcceptDrops(not running)

    def show_reading(self) -> None:
        self._timer.stop()  # read now: a pending re-read would only repeat it
        self.preview_label.setText(self.tr("Reading rows…"))

    def show_preview(self, preview: Preview) -> None:
        total = preview.valid + preview.invalid
        if total == 0:
            text = self.tr("No rows yet: paste rows or open a file")
        else:
            text = self.tr("{total} rows: {valid} valid, {invalid} invalid").format(
                total=total, valid=preview.valid, invalid=preview.invalid
            )
            if preview.invalid:
                text += self.tr(" (invalid rows are not sent; the Error column says why)")
        self.preview_label.setText(text)

    def show_failure(self, message: str) -> None:
        self.preview_label.setText(
            self.tr("Could not read the rows: {message}").format(message=message)
        )

    @Slot()
    def _on_text_changed(self) -> None:
        if self._file is not None and self.input_edit.toPlainText():
            self._file = None  # typing switches back to the pasted rows
            self.source_label.clear()
        self._timer.start()

    @Slot()
    def _on_options_changed(self) -> None:
        if not self._running:
            self._timer.start()

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open rows to look up"),
            "",
            self.tr("CSV / TSV / text (*.csv *.tsv *.txt);;All files (*)"),
        )
        if path:
            self.file_chosen.emit(path)
