"""The history list beside the lookup form: click an entry to fill the form again; search,
copy or remove one entry, or clear them all (after asking)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from gui.desktop.qt_values import ENTRY_ROLE, SCROLL_BAR_ALWAYS_OFF
from gui.store.history import HistoryEntry

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize
    from PySide6.QtGui import QContextMenuEvent, QKeyEvent
    from PySide6.QtWidgets import QStyleOptionViewItem


class HistoryPanel(QWidget):
    entry_chosen = Signal(object)  # HistoryEntry
    entry_removed = Signal(object)  # HistoryEntry
    clear_requested = Signal()  # the user confirmed: clear every entry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("historySearchEdit")
        self.search_edit.setAccessibleName(self.tr("Search the history"))
        self.search_edit.setPlaceholderText(self.tr("Search"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.list = HistoryList(self)
        self.list.setObjectName("historyList")
        self.list.setAccessibleName(self.tr("Lookup history"))
        # The answer leads each line and always has room: a long Open Lines ID is what gives way.
        self.list.setMinimumWidth(
            self.list.fontMetrics().horizontalAdvance(
                self.tr("chat {id}").format(id=4294967295) + " ← CRM"
            )
        )
        self.list.copy_pressed.connect(self.copy_current)
        self.list.delete_pressed.connect(self.remove_current)
        self.list.menu_requested.connect(self._context_menu)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.clear_button = QPushButton(self.tr("Clear history"), self)
        self.clear_button.setObjectName("clearHistoryButton")
        self.clear_button.setAccessibleName(self.tr("Clear history"))
        self.clear_button.clicked.connect(self.ask_to_clear)
        title = QLabel(self.tr("Hi&story"), self)  # Alt+H is the Help menu
        title.setBuddy(self.search_edit)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.search_edit, self.list)
        QWidget.setTabOrder(self.list, self.clear_button)

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.list.clear()
        for entry in entries:
            self.list.addItem(self._item(entry))
        self._filter()
        self.clear_button.setEnabled(bool(entries))

    def prepend(self, entry: HistoryEntry, limit: int) -> None:
        self.list.insertItem(0, self._item(entry))
        while self.list.count() > limit:
            self.list.takeItem(self.list.count() - 1)
        self._filter()
        self.clear_button.setEnabled(True)

    def shown_entries(self) -> list[HistoryEntry]:
        """The entries the search leaves visible, top to bottom."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [_entry(item) for item in items if item is not None and not item.isHidden()]

    def replace_entry(self, old: HistoryEntry, new: HistoryEntry) -> None:
        """Show ``new`` where ``old`` was (its chat's title came in)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ENTRY_ROLE) is old:
                self.list.takeItem(row)
                self.list.insertItem(row, self._item(new))
                return

    def _item(self, entry: HistoryEntry) -> QListWidgetItem:
        answer = (
            self.tr("chat {id}").format(id=entry.chat_id)
            if entry.chat_id is not None
            else self.tr("no chat")
        )
        if entry.title:
            answer = f"{answer} «{entry.title}»"
        text = f"{answer} ← {entry.entity_type} {entry.entity_id}   {_when(entry.at)}"
        item = QListWidgetItem(text)
        item.setData(ENTRY_ROLE, entry)
        item.setToolTip(f"{entry.entity_type} {entry.entity_id} → {answer}\n{entry.at}")
        return item

    @Slot()
    def _filter(self) -> None:
        """Hide the entries that do not hold every word typed in the search box."""
        words = self.search_edit.text().casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            entry = _entry(item)
            haystack = (
                f"{entry.entity_type} {entry.entity_id} {entry.chat_id or ''} {entry.title} "
                f"{entry.at}"
            )
            item.setHidden(not all(word in haystack.casefold() for word in words))

    def _chosen(self, item: QListWidgetItem) -> None:
        self.entry_chosen.emit(_entry(item))

    def _current(self) -> QListWidgetItem | None:
        item = self.list.currentItem()
        return item if item is not None and not item.isHidden() else None

    @Slot()
    def copy_current(self) -> None:
        """The chosen entry's chat ID on the clipboard (nothing for a 'no chat' entry)."""
        item = self._current()
        if item is not None and _entry(item).chat_id is not None:
            QGuiApplication.clipboard().setText(str(_entry(item).chat_id))

    @Slot()
    def remove_current(self) -> None:
        item = self._current()
        if item is None:
            return
        entry = _entry(item)
        self.list.takeItem(self.list.row(item))
        self.clear_button.setEnabled(self.list.count() > 0)
        self.entry_removed.emit(entry)

    @Slot()
    def ask_to_clear(self) -> None:
        """Clearing cannot be undone: ask first, with No as the default."""
        if self.list.count() == 0:
            return
        from PySide6.QtWidgets import QMessageBox  # its type costs ~5 ms: not at start-up

        answer = QMessageBox.question(
            self,
            self.tr("Clear history"),
            self.tr("Remove all {n} entries from the history? This cannot be undone.").format(
                n=self.list.count()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_requested.emit()

    def _context_menu(self, pos: QPoint, at: QPoint) -> None:
        """The menu for the entry at ``pos`` (the list's viewport), opened at ``at`` (global)."""
        from PySide6.QtGui import QKeySequence
        from PySide6.QtWidgets import QMenu

        item = self.list.itemAt(pos)
        if item is not None:
            self.list.setCurrentItem(item)
        menu = QMenu(self)
        copy = menu.addAction(self.tr("&Copy chat ID"), QKeySequence.StandardKey.Copy)
        copy.setEnabled(item is not None and _entry(item).chat_id is not None)
        copy.triggered.connect(self.copy_current)
        remove = menu.addAction(self.tr("&Remove entry"), QKeySequence.StandardKey.Delete)
        remove.setEnabled(item is not None)
        remove.triggered.connect(self.remove_current)
        menu.addSeparator()
        clear = menu.addAction(self.tr("C&lear history…"))
        clear.setEnabled(self.list.count() > 0)
        clear.triggered.connect(self.ask_to_clear)
        menu.exec(at)


class HistoryList(QListWidget):
    """Ctrl+C copies the entry's chat ID (not the whole line, as a plain list would); Delete
    removes the entry. Lines are as wide as the list and cut at the end, never scrolled
    sideways: the answer at the start of each line stays in sight (Qt's default elide mode,
    ElideRight, cuts the end)."""

    copy_pressed = Signal()
    delete_pressed = Signal()
    menu_requested = Signal(object, object)  # QPoint in the viewport, QPoint on the screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_ListWide(self))
        # as the property: the setter's enum argument would load Qt's namespace (~12 ms)
        self.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # lines re-fit when the list resizes

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # the default policy's event, not customContextMenuRequested: that policy is an enum
        # of Qt's namespace, which would load before the window shows
        self.menu_requested.emit(event.pos(), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtGui import QKeySequence  # its type loads with the first key, not before

        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_pressed.emit()
        elif event.matches(QKeySequence.StandardKey.Delete):
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class _ListWide(QStyledItemDelegate):
    """An item no wider than the list's viewport, so its text is elided instead of cut off."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        size.setWidth(min(size.width(), self._view.viewport().width()))
        return size


def _entry(item: QListWidgetItem) -> HistoryEntry:
    entry = item.data(ENTRY_ROLE)
    assert isinstance(entry, HistoryEntry)  # every item is made by _item()
    return entry


def _when(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.date() == datetime.now().date():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")
