"""The chat card under the chat ID: what the chat is, or why there is none.

The ID shows first; :class:`ChatCardHook` then asks the worker for the details (``describe``)
and fills the card in, and gives the history entry the chat's title. The card sends nothing
itself: Open chat, Open CRM card and Copy link use the links the details carry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.bitrix.errors import BitrixError, CancelledError
from gui.desktop.numbers import date_time
from gui.desktop.wording import translated

if TYPE_CHECKING:  # the details' module loads with the first card, not at start-up
    from gui.bitrix.chat_details import ChatDetails
    from gui.bitrix.entities import EntityRef
    from gui.desktop.history_view import HistoryPanel
    from gui.desktop.jobs import Job
    from gui.desktop.lookup_page import LookupPage
    from gui.desktop.worker import WorkerController
    from gui.store.history import History, HistoryEntry

_FIELDS = ("title", "chat_type", "owner_id", "members", "messages", "created", "entity_url")


class ChatCardView(QGroupBox):
    """The card: fields, a sentence (hidden, why no chat), open-line chats, three buttons."""

    details_shown = Signal()  # the card was filled in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chat card"), parent)
        self.setObjectName("chatCard")
        self.details: ChatDetails | None = None
        self.note = QLabel(self)
        self.note.setObjectName("chatCardNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(_plain())
        self.open_lines = QLabel(self)
        self.open_lines.setObjectName("chatCardOpenLines")
        self.open_lines.setWordWrap(True)
        self.open_lines.setOpenExternalLinks(True)
        self.values = {name: self._value(name) for name in _FIELDS}
        self.open_chat_button = QPushButton(self.tr("Open chat"), self)
        self.open_chat_button.setObjectName("chatCardOpenChat")
        self.open_crm_button = QPushButton(self.tr("Open CRM card"), self)
        self.open_crm_button.setObjectName("chatCardOpenCrm")
        self.copy_link_button = QPushButton(self.tr("Copy link"), self)
        self.copy_link_button.setObjectName("chatCardCopyLink")
        self.open_chat_button.clicked.connect(lambda: self._open(self.chat_url()))
        self.open_crm_button.clicked.connect(lambda: self._open(self.entity_url()))
        self.copy_link_button.clicked.connect(self.copy_link)
        self._layout()
        self.clear()

    def _value(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"chatCard_{name}")
        label.setWordWrap(True)
        label.setTextFormat(_plain())  # titles come from the portal: never rich text
        label.setTextInteractionFlags(label.textInteractionFlags() | _selectable())
        return label

    def _layout(self) -> None:
        form = QFormLayout()
        names = {
            "title": self.tr("Title:"),
            "chat_type": self.tr("Chat type:"),
            "owner_id": self.tr("Owner (user ID):"),
            "members": self.tr("Members:"),
            "messages": self.tr("Messages:"),
            "created": self.tr("Created:"),
            "entity_url": self.tr("CRM card:"),
        }
        for name, text in names.items():
            form.addRow(text, self.values[name])
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_chat_button)
        buttons.addWidget(self.open_crm_button)
        buttons.addWidget(self.copy_link_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.open_lines)
        layout.addLayout(buttons)
        self._form = form

    # -- what it shows --------------------------------------------------------------------
    def clear(self) -> None:
        self.details = None
        self._fill({}, "")
        self.open_lines.setText("")
        self.open_lines.hide()
        self.hide()

    def show_loading(self) -> None:
        self.clear()
        self._say(self.tr("Reading the chat's details…"))
        self.show()

    def show_error(self, text: str) -> None:
        self.details = None
        self._fill({}, text)
        self.show()

    def show_details(self, details: ChatDetails) -> None:
        self.details = details
        card = details.card
        values = {} if card is None else card.as_json()
        notes = [translated(n) for n in (details.details_error, details.why_no_chat) if n]
        if details.operator_chat_id is not None:
            notes.append(self.tr("Its operators' chat: {id}").format(id=details.operator_chat_id))
        self._fill(values, "\n".join(notes))
        self._show_open_lines(details)
        self.show()
        self.details_shown.emit()

    def _fill(self, values: dict[str, Any], note: str) -> None:
        for name, label in self.values.items():
            value = values.get(name)
            text = "" if value is None else str(value)
            if name == "created" and text:  # ISO 8601 in the CLI, the locale's way here
                text = date_time(text)
            label.setText(text)
            label.setVisible(bool(text))
            self._form.labelForField(label).setVisible(bool(text))
        self._say(note)
        self.open_chat_button.setEnabled(self.chat_url() is not None)
        self.open_crm_button.setEnabled(self.entity_url() is not None)
        self.copy_link_button.setEnabled(self.chat_url() is not None)

    def _open(self, url: str | None) -> None:
        from gui.desktop.browser import open_in_browser  # on the first click, not at start-up

        problem = open_in_browser(url) if url else None
        if problem:  # in the card, where the button was pressed
            self._say(problem)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _show_open_lines(self, details: ChatDetails) -> None:
        chats = details.open_line_chats
        if not chats:
            self.open_lines.hide()
            return
        import html  # with the first open-line chats, not at start-up

        links = ", ".join(
            f'<a href="{html.escape(chat.chat_url)}">{chat.chat_id}</a> '
            f"({html.escape(chat.connector_title or chat.connector)})"
            for chat in chats
        )
        self.open_lines.setText(self.tr("Open-line chats: {links}").format(links=links))
        self.open_lines.show()

    # -- links ----------------------------------------------------------------------------
    def chat_url(self) -> str | None:
        details = self.details
        if details is None:
            return None
        if details.chat_url:
            return details.chat_url
        chats = details.open_line_chats
        return chats[0].chat_url if len(chats) == 1 else None

    def entity_url(self) -> str | None:
        card = None if self.details is None else self.details.card
        return None if card is None else card.entity_url

    @Slot()
    def copy_link(self) -> None:
        url = self.chat_url()
        if url is not None:
            QGuiApplication.clipboard().setText(url)


class ChatCardHook(QObject):
    """Asks the worker for a lookup's details after its ID is shown, and fills the card."""

    def __init__(
        self,
        controller: WorkerController,
        card: ChatCardView,
        history: Callable[[], History],
        history_panel: HistoryPanel,
        history_changed: Callable[[], object],
    ) -> None:
        super().__init__(card)
        self._controller = controller
        self._card = card
        self._history = history
        self._panel = history_panel
        self._history_changed = history_changed
        self._job: Job | None = None
        self._entry: HistoryEntry | None = None

    def looked_up(self, ref: EntityRef, chat_id: int | None, entry: HistoryEntry | None) -> Job:
        """The ID is on screen: fetch the card (or why there is none)."""
        from gui.bitrix.chat_details import describe

        controller = self._controller

        def work(cancelled: Callable[[], bool]) -> object:
            client = controller.shared_client()
            if client is None:
                raise CancelledError("No webhook any more")
            return describe(client, ref, chat_id, cancelled=cancelled)

        self._card.show_loading()
        self._entry = entry
        job = controller.submit(work)
        job.then(
            self,
            lambda value: self._on_succeeded(job, value),
            lambda error: self._on_failed(job, error),
        )
        self._job = job
        return job

    def clear(self) -> None:
        self._job = None
        self._card.clear()

    def _on_succeeded(self, job: Job, value: Any) -> None:
        from gui.bitrix.chat_details import ChatDetails

        if job is not self._job or not isinstance(value, ChatDetails):
            return
        self._job = None
        self._card.show_details(value)
        title = value.card.title if value.card is not None else ""
        if title and self._entry is not None:
            updated = self._history().set_title(self._entry, title)
            if updated is not None:
                self._panel.replace_entry(self._entry, updated)
                self._history_changed()
        self._entry = None

    def _on_failed(self, job: Job, error: Any) -> None:
        if job is not self._job:
            return
        self._job = None
        if isinstance(error, CancelledError):
            self._card.clear()
        else:
            self._card.show_error(translated(error) if isinstance(error, BitrixError) else "")


def _plain() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


def _selectable() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextInteractionFlag.TextSelectableByMouse


def attach_chat_card(page: LookupPage) -> ChatCardHook:
    """Put a card under the Lookup page's chat ID and hook it to the page's worker."""
    card = ChatCardView(page.form)
    layout = page.form.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, card)  # after the form, before the stretch
    return ChatCardHook(
        page.controller,
        card,
        lambda: page.history,
        page.history_panel,
        page.history_changed,
    )
