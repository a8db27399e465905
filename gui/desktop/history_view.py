"""The history list beside the lookup form: click an entry to fill the form again."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.store.history import HistoryEntry


class HistoryPanel(QWidget):
    entry_chosen = Signal(object)  # HistoryEntry
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("historyList")
        self.list.setAccessibleName(self.tr("Lookup history"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.clear_button = QPushButton(self.tr("Clear history"), self)
        self.clear_button.setObjectName("clearHistoryButton")
        self.clear_button.setAccessibleName(self.tr("Clear history"))
        self.clear_button.clicked.connect(self.clear_requested)
        title = QLabel(self.tr("History"), self)
        title.setBuddy(self.list)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.list.clear()
        for entry in entries:
            self.list.addItem(self._item(entry))
        self.clear_button.setEnabled(bool(entries))

    def prepend(self, entry: HistoryEntry, limit: int) -> None:
        self.list.insertItem(0, self._item(entry))
        while self.list.count() > limit:
            self.list.takeItem(self.list.count() - 1)
        self.clear_button.setEnabled(True)

    def replace_entry(self, old: HistoryEntry, new: HistoryEntry) -> None:
        """Show ``new`` where ``old`` was (its chat's title came in)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) is old:
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
        text = f"{entry.entity_type} {entry.entity_id} → {answer}   {_when(entry.at)}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, entry)
        item.setToolTip(entry.at)
        return item

    def _chosen(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, HistoryEntry):
            self.entry_chosen.emit(entry)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        clear = menu.addAction(self.tr("Clear history"))
        clear.setEnabled(self.list.count() > 0)
        clear.triggered.connect(self.clear_requested)
        menu.exec(self.list.mapToGlobal(pos))


def _when(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.date() == datetime.now().date():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")
