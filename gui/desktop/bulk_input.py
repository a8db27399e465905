"""The Bulk tab's input panel: paste rows or open (or drop) a file, choose its ID column and how
to read bare IDs, and see what the rows will be once read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.entities import EntityType
from gui.bitrix.links import webhook_host
from gui.desktop import file_dialogs
from gui.desktop.bulk_source import InputSource, Preview
from gui.desktop.named import label_for, named
from gui.desktop.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from gui.bitrix.webhook import WebhookUrl

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
    text_pasted = Signal()  # a paste or a drop of text: whole rows, no typing to wait for

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return local_file(source) is not None or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        path = local_file(source)
        if path is not None:
            self.file_dropped.emit(path)
        else:
            super().insertFromMimeData(source)
            self.text_pasted.emit()


class BulkInputPanel(QWidget):
    """Where the rows come from; says when they should be read again (``preview_wanted``)."""

    preview_wanted = Signal()  # the input or how to read it changed
    file_chosen = Signal(str)  # from the Open button or a drop on the paste box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkInputPanel")
        self._file: str | None = None
        self._running = False
        self._chosen = False  # the user set the column, type or kind for this input
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.preview_wanted)
        self._build()
        self.input_edit.textChanged.connect(self._on_text_changed)
        self.input_edit.file_dropped.connect(self.file_chosen)
        self.input_edit.text_pasted.connect(self._on_text_pasted)
        self.open_button.clicked.connect(self._choose_file)
        self.type_combo.currentIndexChanged.connect(self._on_option_chosen)
        self.kind_combo.currentTextChanged.connect(self._on_kind_typed)
        self.kind_combo.activated.connect(self._on_option_chosen)  # picked from the list
        self.column_combo.currentIndexChanged.connect(self._on_option_chosen)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet_changed)

    def _build(self) -> None:
        self.open_button = named(
            QPushButton(self.tr("Open file…"), self),
            "bulkOpenButton",
            self.tr("Open a CSV, TSV or Excel file"),
        )
        self._build_column_picker()
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
        self._build_input_edit()
        self.preview_label = named(
            WrappedLabel(parent=self), "bulkPreviewLabel", self.tr("Input preview")
        )

        type_row = QHBoxLayout()
        type_row.addWidget(self.open_button)
        type_row.addWidget(self.source_label, 1)
        type_row.addWidget(label_for(self.type_combo, self.tr("Rows without a t&ype:")))
        type_row.addWidget(self.type_combo)
        type_row.addWidget(label_for(self.kind_combo, self.tr("&Bare numbers are:")))
        type_row.addWidget(self.kind_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(type_row)
        layout.addWidget(self.input_edit, 1)
        preview_row = QHBoxLayout()  # what the rows are, and which column they are read from
        preview_row.addWidget(self.preview_label, 1)
        preview_row.addWidget(self.sheet_label)
        preview_row.addWidget(self.sheet_combo)
        preview_row.addWidget(self.column_label)
        preview_row.addWidget(self.column_combo)
        layout.addLayout(preview_row)
        self._show_columns(())
        self._show_sheets((), None)

    def _build_input_edit(self) -> None:
        self.input_edit = named(_InputEdit(self), "bulkInputEdit", self.tr("Rows to look up"))
        self.input_edit.setTabChangesFocus(True)  # Tab moves on; a tab is pasted, not typed
        # Short enough for the box at the window's minimum size; the tooltip shows each shape.
        self._paste_hint = self.tr(
            "One row a line: LEAD|13, CRM,DEAL|5 or bare numbers of the type chosen above. "
            "Or open (or drop) a CSV/TSV file, a CRM export or an Excel workbook."
        )
        self.input_edit.setPlaceholderText(self._paste_hint)
        self.input_edit.setToolTip(
            self.tr(
                "One row a line, e.g.\nLEAD|13\nCRM,DEAL|5\nLINES,telegrambot|2|209607941|744\n"
                "or bare numbers with the type chosen above.\nOr open (or drop) a CSV/TSV file, "
                "a CRM export or an Excel workbook."
            )
        )

    def _build_column_picker(self) -> None:
        self.column_combo = named(
            QComboBox(self), "bulkIdColumnCombo", self.tr("The column that holds the IDs")
        )
        self.column_combo.setToolTip(
            self.tr("Which of the file's columns holds the IDs; remembered for files like this")
        )
        # as wide as a usual column name, not the longest one of a wide export
        self.column_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.column_combo.setMinimumContentsLength(10)
        self.column_label = QLabel(self.tr("ID column:"), self)
        self.column_label.setBuddy(self.column_combo)
        self.sheet_combo = named(QComboBox(self), "bulkSheetCombo", self.tr("The sheet to read"))
        self.sheet_label = QLabel(self.tr("Sheet:"), self)
        self.sheet_label.setBuddy(self.sheet_combo)

    def source(self, webhook: WebhookUrl | None = None) -> InputSource:
        """The chosen file, else the pasted text, its ID column and how to read bare IDs; with
        the portal asked, rows linking another portal are refused in the preview already."""
        options: dict[str, Any] = {
            "portal_host": webhook_host(webhook) if webhook is not None else "",
            "default_type": self.type_combo.currentData(),
            "crm_kind": self.kind_combo.currentText().strip().upper() or None,
            "id_column": self.column_combo.currentData() if self.column_combo.count() else None,
            "chosen": self._chosen,
            "sheet": self.sheet_combo.currentText() or None,
        }
        if self._file is not None:
            return InputSource(path=self._file, **options)
        return InputSource(text=self.input_edit.toPlainText(), **options)

    def use_file(self, path: str) -> None:
        """Read rows from this file instead of the paste box."""
        self._file = path
        self._chosen = False
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()  # a new workbook starts on its first sheet
        self.sheet_combo.blockSignals(False)
        self.input_edit.blockSignals(True)
        self.input_edit.clear()
        self.input_edit.blockSignals(False)
        self.source_label.setText(self.tr("File: {name}").format(name=Path(path).name))
        self.source_label.setToolTip(path)
        self.input_edit.setPlaceholderText(
            self.tr(
                "The rows come from {name} (the table below shows them).\n"
                "Type or paste rows here to look those up instead."
            ).format(name=Path(path).name)
        )

    def set_running(self, running: bool) -> None:
        self._running = running
        for widget in (
            self.open_button,
            self.type_combo,
            self.kind_combo,
            self.column_combo,
            self.sheet_combo,
        ):
            widget.setEnabled(not running)
        # Read-only, not disabled: a palette change would lay out 10,000 pasted lines again.
        self.input_edit.setReadOnly(running)
        self.input_edit.setAcceptDrops(not running)

    def show_reading(self) -> None:
        self._timer.stop()  # read now: a pending re-read would only repeat it
        self.preview_label.setText(self.tr("Reading rows…"))

    def show_preview(self, preview: Preview) -> None:
        """Say what the rows are, and show the column, type and kind they were read with."""
        self._apply(preview)
        total = preview.valid + preview.invalid
        if total == 0:
            text = self.tr("No rows yet: paste rows or open a file")
        else:
            text = self.tr("{total} rows: {valid} valid, {invalid} invalid").format(
                total=total, valid=preview.valid, invalid=preview.invalid
            )
            if preview.duplicates:
                text += self.tr("; {count} repeat an ID above and are looked up once").format(
                    count=preview.duplicates
                )
            if preview.invalid:
                text += self.tr(" (invalid rows are not sent; the Error column says why)")
        self.preview_label.setText(text)

    def _apply(self, preview: Preview) -> None:
        widgets = (self.column_combo, self.type_combo, self.kind_combo, self.sheet_combo)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._show_sheets(preview.sheets, preview.sheet)
            self._show_columns(preview.columns)
            at = self.column_combo.findData(preview.id_column)
            self.column_combo.setCurrentIndex(max(at, 0))
            self.type_combo.setCurrentIndex(max(self.type_combo.findData(preview.default_type), 0))
            self.kind_combo.setCurrentText(preview.crm_kind or "")
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _show_sheets(self, names: tuple[str, ...], current: str | None) -> None:
        """A workbook's sheets, when it has more than one."""
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(names))
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findText(current or ""), 0))
        for widget in (self.sheet_combo, self.sheet_label):
            widget.setVisible(len(names) > 1)

    def _show_columns(self, names: tuple[str, ...]) -> None:
        """The ID column's choices; hidden for rows with one column and no header."""
        self.column_combo.clear()
        if names:
            self.column_combo.addItem(self.tr("Type and ID columns"), None)
            for index, name in enumerate(names):
                shown = (
                    name if not name.isdigit() else self.tr("Column {number}").format(number=name)
                )
                self.column_combo.addItem(shown, index)
        self.column_combo.setVisible(bool(names))
        self.column_label.setVisible(bool(names))

    def show_failure(self, message: str) -> None:
        self.preview_label.setText(
            self.tr("Could not read the rows: {message}").format(message=message)
        )

    @Slot()
    def _on_text_changed(self) -> None:
        if self._file is not None and self.input_edit.toPlainText():
            self._file = None  # typing switches back to the pasted rows
            self.source_label.clear()
            self.input_edit.setPlaceholderText(self._paste_hint)
        self._chosen = False
        self._timer.start(PREVIEW_DELAY_MS)

    @Slot()
    def _on_text_pasted(self) -> None:
        """Pasted rows are read at once; only typing waits for a pause."""
        self._timer.start(0)

    @Slot()
    def _on_sheet_changed(self) -> None:
        """Another sheet has other columns: its remembered (or guessed) reading applies."""
        if not self._running:
            self._chosen = False
            self._timer.start(0)

    @Slot()
    def _on_option_chosen(self) -> None:
        if not self._running:
            self._chosen = True
            self._timer.start(0)  # a choice is made at once: nothing to wait for

    @Slot()
    def _on_kind_typed(self) -> None:
        if not self._running:
            self._chosen = True
            self._timer.start(PREVIEW_DELAY_MS)  # the kind box takes typing (DYNAMIC_<id>)

    @Slot()
    def _choose_file(self) -> None:
        path, _ = file_dialogs.open_file_name(
            self,
            self.tr("Open rows to look up"),
            self.tr(
                "Tables (*.csv *.tsv *.txt *.xlsx);;CSV / TSV / text (*.csv *.tsv *.txt);;"
                "Excel workbook (*.xlsx);;All files (*)"
            ),
        )
        if path:
            self.file_chosen.emit(path)
