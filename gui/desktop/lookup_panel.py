"""The Lookup tab's form: entity type and ID in (checked as typed), chat ID out, Copy and Open.

The form sends nothing itself: it asks for a lookup, a copy or an open by signal, and the window
that owns the worker answers with show_chat() or show_error().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.entities import PRIMARY_TYPES, EntityRef, EntityType, shape_of, shape_warning
from gui.bitrix.errors import InvalidInputError
from gui.desktop.link_paste import LinkField, LinkPaste
from gui.desktop.wording import CONTEXT, translated
from gui.desktop.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent


def hint_for(kind: EntityType) -> str:
    """The entity-ID hint in the user's language: the core declares it as phrase("..."), so
    lupdate marks it where it is written (see gui.desktop.wording)."""
    return QCoreApplication.translate(CONTEXT, shape_of(kind).hint)


def error_color(palette: QPalette) -> QColor:
    """A red that reads on this palette: dark red on light themes, light red on dark ones."""
    text = palette.color(QPalette.ColorRole.WindowText)
    return QColor.fromHsl(0, 200, min(200, max(90, text.lightness())))


class LookupPanel(QWidget):
    lookup_requested = Signal()
    copy_requested = Signal()
    open_requested = Signal()
    answer_changed = Signal(bool)  # True while a chat ID is shown (Copy is possible)
    answer_cleared = Signal()  # the question or the portal changed: no answer stands

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupPanel")
        self.chat_id: int | None = None
        self._build()
        self.entity_combo.currentIndexChanged.connect(self._type_changed)
        self.entity_edit.textChanged.connect(self._id_edited)
        self.entity_edit.returnPressed.connect(self.lookup_requested)
        self.lookup_button.clicked.connect(self.lookup_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.open_button.clicked.connect(self.open_requested)
        self._type_changed()
        self.clear_answer()

    def _build(self) -> None:
        self._build_input()
        self._build_answer()
        self._lay_out()

    def _build_input(self) -> None:
        self.entity_combo = QComboBox(self)
        self.entity_combo.setObjectName("entityTypeCombo")
        self.entity_combo.setAccessibleName(self.tr("Entity type"))
        for kind in PRIMARY_TYPES:
            self.entity_combo.addItem(kind.value, kind.value)
        self.entity_combo.insertSeparator(self.entity_combo.count())
        for kind in EntityType:
            if kind not in PRIMARY_TYPES:
                self.entity_combo.addItem(kind.value, kind.value)
        self.entity_edit = LinkField(self)
        self.entity_edit.setObjectName("entityIdEdit")
        self.entity_edit.setAccessibleName(self.tr("Entity ID"))
        self.entity_edit.setClearButtonEnabled(True)
        self.links = LinkPaste(self.entity_combo, self.entity_edit)  # pasted links become IDs
        self.hint_label = WrappedLabel(parent=self)
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.input_error = WrappedLabel(parent=self)
        self.input_error.setObjectName("entityIdError")
        self.input_error.hide()
        self.lookup_button = QPushButton(self.tr("Lookup"), self)
        self.lookup_button.setObjectName("lookupButton")
        self.lookup_button.setAccessibleName(self.tr("Look up the chat"))
        self.lookup_button.setEnabled(False)

    def _build_answer(self) -> None:
        self.result_edit = ChatIdField(self)
        self.result_edit.setObjectName("resultEdit")
        self.result_edit.setReadOnly(True)
        self.result_edit.setAccessibleName(self.tr("Chat ID"))
        self.result_edit.setPlaceholderText(self.tr("The chat ID appears here"))
        answer_font = self.result_edit.font()  # the answer is what the window is for
        answer_font.setBold(True)
        answer_font.setPointSizeF(answer_font.pointSizeF() * 1.25)
        self.result_edit.setFont(answer_font)
        # Nothing clipped at the window's minimum size: a ten-digit ID, and the placeholder.
        self.result_edit.setMinimumWidth(
            max(
                _text_width(self.result_edit, text)
                for text in ("0000000000", self.result_edit.placeholderText())
            )
        )
        self.result_label = WrappedLabel(parent=self)  # selectable from its first message (_show)
        self.result_label.setObjectName("resultMessage")
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setAccessibleName(self.tr("Copy the chat ID"))
        self.open_button = QPushButton(self.tr("Open in Bitrix24"), self)
        self.open_button.setObjectName("openChatButton")
        self.open_button.setAccessibleName(self.tr("Open the chat in Bitrix24"))

    def _lay_out(self) -> None:
        entity_row = QVBoxLayout()
        id_row = QHBoxLayout()
        id_row.addWidget(self.entity_edit, 1)
        id_row.addWidget(self.lookup_button)
        entity_row.addLayout(id_row)
        entity_row.addWidget(self.hint_label)
        entity_row.addWidget(self.input_error)
        # at the leading edge, as wide as its text: a stretch beside it, since an alignment
        # flag would load Qt's namespace (~12 ms) before the window shows
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.links.switch_button)
        switch_row.addStretch(1)
        entity_row.addLayout(switch_row)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_edit, 1)
        result_row.addWidget(self.copy_button)
        result_row.addWidget(self.open_button)
        form = QFormLayout()
        form.addRow(_label(self.tr("Entity &type:"), self.entity_combo), self.entity_combo)
        form.addRow(_label(self.tr("Entity &ID:"), self.entity_edit), entity_row)
        form.addRow(_label(self.tr("&Chat ID:"), self.result_edit), result_row)
        form.addRow("", self.result_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

        for first, second in (
            (self.entity_combo, self.entity_edit),
            (self.entity_edit, self.lookup_button),
            (self.lookup_button, self.result_edit),
            (self.result_edit, self.copy_button),
            (self.copy_button, self.open_button),
        ):
            QWidget.setTabOrder(first, second)

    # -- input -----------------------------------------------------------------------------
    def entity_type(self) -> EntityType:
        return EntityType(str(self.entity_combo.currentData()))

    def current_ref(self) -> EntityRef | None:
        """The entity in the form, or None while the input is not valid."""
        if self.links.problem():
            return None
        try:
            return EntityRef.parse(self.entity_type(), self.entity_edit.text())
        except InvalidInputError:
            return None

    def fill(self, entity_type: str, entity_id: str) -> None:
        """Put an entity in the form (from the history); an unknown type leaves the combo."""
        index = self.entity_combo.findData(entity_type)
        if index >= 0:
            self.entity_combo.setCurrentIndex(index)
        self.entity_edit.setText(entity_id)

    @Slot()
    def _type_changed(self) -> None:
        shape = shape_of(self.entity_type())
        placeholder = (
            self.tr("e.g. {example} or a link")
            if self.entity_type() is EntityType.CRM
            else self.tr("e.g. {example}")
        )
        self.entity_edit.setPlaceholderText(placeholder.format(example=shape.example))
        self.hint_label.setText(hint_for(self.entity_type()))
        self.clear_answer()  # the answer shown was for another question
        self.validate()

    @Slot()
    def _id_edited(self) -> None:
        self.clear_answer()
        self.validate()

    @Slot()
    def validate(self) -> None:
        """Say what is wrong with the typed ID, and allow Lookup only for a valid one."""
        text = self.entity_edit.text()
        problem = warning = ""
        if text.strip():
            problem = self.links.problem()
        if text.strip() and not problem:
            try:
                ref = EntityRef.parse(self.entity_type(), text)
            except InvalidInputError as exc:
                problem = translated(exc.message)
            else:  # a shape that likely finds nothing: said, still allowed
                warning = translated(shape_warning(ref) or "")
        self.input_error.setText(problem or warning)
        self.input_error.setVisible(bool(problem or warning))
        _paint(self.input_error, error=bool(problem))
        self.entity_edit.setAccessibleDescription(problem or warning)
        self.lookup_button.setEnabled(bool(text.strip()) and not problem)
        self.links.show_switch()

    # -- answer ----------------------------------------------------------------------------
    def show_chat(self, chat_id: int | None, *, portal_known: bool) -> None:
        """A lookup's answer: the chat ID, or a plain 'no chat'. Open needs a known portal."""
        self._show(
            chat_id,
            "" if chat_id else self.tr("No chat for this entity"),
            error=False,
            can_open=chat_id is not None and portal_known,
        )

    def show_error(self, text: str) -> None:
        self._show(None, text, error=True, can_open=False)

    def clear_answer(self) -> None:
        """No answer: the question changed, or the portal did."""
        self._show(None, "", error=False, can_open=False)
        self.answer_cleared.emit()

    def show_note(self, text: str, *, error: bool = False) -> None:
        """A sentence under the answer that keeps the answer (a browser that did not open)."""
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
        _paint(self.result_label, error=error)

    def _show(self, chat_id: int | None, message: str, *, error: bool, can_open: bool) -> None:
        self.chat_id = chat_id
        self.result_edit.setText("" if chat_id is None else str(chat_id))
        self.result_label.setText(message)
        if message:  # Qt's namespace (~17 ms to load) waits until there is text to select
            _make_selectable(self.result_label)
        self.result_label.setVisible(bool(message))
        _paint(self.result_label, error=error)
        self.copy_button.setEnabled(chat_id is not None)
        self.open_button.setEnabled(can_open)
        self.answer_changed.emit(chat_id is not None)


class ChatIdField(QLineEdit):
    """The read-only answer: Ctrl+C copies the whole chat ID when nothing is selected."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtGui import QKeySequence  # its type loads with the first key, not before

        if event.matches(QKeySequence.StandardKey.Copy) and not self.hasSelectedText():
            QGuiApplication.clipboard().setText(self.text())
            event.accept()
            return
        super().keyPressEvent(event)


def _text_width(edit: QLineEdit, text: str) -> int:
    """Room for ``text`` in ``edit``'s font, with its frame and text margins."""
    return edit.fontMetrics().horizontalAdvance(text) + 2 * edit.fontMetrics().averageCharWidth()


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label


def _make_selectable(label: QLabel) -> None:
    from PySide6.QtCore import Qt  # with the first message: Qt's namespace loads after start-up

    label.setTextInteractionFlags(
        label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
    )


def _paint(label: QLabel, *, error: bool) -> None:
    palette = label.palette()
    color = (
        error_color(palette)
        if error
        else QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    )
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)
