"""The Lookup tab: the form and the history beside it, and the one lookup in flight.

The page asks the window's worker for each lookup and hears only its own Job's answer; what it
has to say for the status bar goes out as ``message``, and each answer shown as ``chat_shown``
(the window's Copy action follows it; a chat card can too).
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout, QWidget

from gui.bitrix.entities import shape_warning
from gui.bitrix.errors import BitrixError, CancelledError
from gui.desktop.history_view import HistoryPanel
from gui.desktop.jobs import Job
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.wording import translated
from gui.desktop.worker import WorkerController, retry_reason
from gui.store.history import History, HistoryEntry

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow

    from gui.bitrix.client_config import ClientEvent
    from gui.bitrix.entities import EntityRef
    from gui.bitrix.links import ChatLink
    from gui.desktop.chat_card import ChatCardHook
    from gui.desktop.history_saver import HistorySaver
    from gui.desktop.pasted_links import PastedLinks

HISTORY_SAVE_DELAY_MS = 500  # a burst of answers is written once, not once per answer


class LookupPage(QWidget):
    message = Signal(str)  # a sentence for the status bar
    chat_shown = Signal(object)  # the chat ID now in the form, or None

    def __init__(
        self, controller: WorkerController, history: History, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._pasted_links: PastedLinks | None = None  # built when a link first needs it
        self.setObjectName("lookupPage")
        self.controller = controller
        self.history = history
        self._job: Job | None = None  # the newest lookup; older answers are still recorded
        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.setInterval(HISTORY_SAVE_DELAY_MS)
        self._history_timer.timeout.connect(self.save_history)
        self._saver: HistorySaver | None = None  # built with the first save
        self.form = LookupPanel(self)
        self.form.lookup_requested.connect(self.lookup)
        self.form.copy_requested.connect(self.copy_chat_id)
        self.form.open_requested.connect(self.open_chat)
        self.history_panel = HistoryPanel(self)
        self.history_panel.entry_chosen.connect(self.fill_from_history)
        self.history_panel.clear_requested.connect(self.clear_history)
        self.history_panel.entry_removed.connect(self._remove_history_entry)
        self._chat_card: ChatCardHook | None = None  # built with the first answer
        # An answer belongs to its question: a new ID, type or portal takes it all away.
        self.form.answer_cleared.connect(self._clear_card)
        self.form.links.chat_link_pasted.connect(self._look_up_chat_link)
        self.form.links.switched.connect(self._await_link_portal)
        self.form.answer_cleared.connect(self._recheck_link)
        self._lay_out()

    @property
    def pasted_links(self) -> PastedLinks:
        """The clipboard bar and the chat link lookup, built the first time a link needs them:
        start-up pays nothing for them."""
        if self._pasted_links is None:
            from gui.desktop.pasted_links import PastedLinks

            self._pasted_links = PastedLinks(self.controller, self.form, self)
            self._pasted_links.chats.message.connect(self.message)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self._pasted_links.offer)  # above the form
            self._chain_tabs()  # and before it for Tab
        return self._pasted_links

    @Slot()
    def watch_window(self) -> None:
        """From now on the window's activation may offer the clipboard (and does now, if the
        window is active already); called once the window is up (gui.app). Heard from the
        application's focus window, not by an event filter: that would hand every event of the
        window to Python (PySide6 then builds all ~50 QEvent types, ~0.9 MiB)."""
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_window_changed)
        if self.window().isActiveWindow():  # activated already, before it was watched
            self._window_activated()

    @Slot(object)
    def _focus_window_changed(self, focused: QWindow | None) -> None:
        if focused is not None and focused is self.window().windowHandle():
            self._window_activated()

    def _window_activated(self) -> None:
        # Until the bar is built, build it only for a clipboard it would offer.
        if self._pasted_links is not None:
            self._pasted_links.offer.check()
        else:
            from gui.bitrix.links import recognise  # the link patterns: with the first look

            if recognise(QGuiApplication.clipboard().text()) is not None:
                self.pasted_links.offer.check()

    @Slot(object)
    def _look_up_chat_link(self, link: ChatLink) -> None:
        self.pasted_links.chats.look_up(link)

    @Slot()
    def _recheck_link(self) -> None:
        # A new portal can make the field's link this portal's: only a link needs the hooks.
        if self._pasted_links is not None or self.form.links.link is not None:
            self.pasted_links.recheck()

    @Slot()
    def _await_link_portal(self) -> None:
        self.pasted_links.await_portal()

    @property
    def chat_card(self) -> ChatCardHook:
        """The card under the chat ID (what the chat is), built the first time it is needed:
        start-up pays nothing for it."""
        if self._chat_card is None:
            from gui.desktop.chat_card import attach_chat_card

            self._chat_card = attach_chat_card(self)
        return self._chat_card

    def _clear_card(self) -> None:
        if self._chat_card is not None:  # never built: nothing on screen to clear
            self._chat_card.clear()

    def _lay_out(self) -> None:
        # by keyword: QSplitter(self) tries the (orientation, parent) overload first, which
        # loads Qt's namespace (~17 ms before the window shows)
        splitter = QSplitter(parent=self)
        splitter.setChildrenCollapsible(False)  # a dragged handle never hides the answer
        splitter.addWidget(self.form)
        splitter.addWidget(self.history_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([540, 360])  # the history's lines fit without a scroll bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._chain_tabs()

    def _chain_tabs(self) -> None:
        """The clipboard bar above the form (once built), the form, its answer and the card's
        buttons, then the history: search, list, Clear."""
        card_buttons = [
            button
            for name in ("chatCardOpenChat", "chatCardOpenCrm", "chatCardCopyLink")
            if (button := self.form.findChild(QPushButton, name)) is not None
        ]
        offer = self._pasted_links.offer if self._pasted_links is not None else None
        form = self.form
        chain = [
            *([offer.look_up_button, offer.dismiss_button] if offer is not None else []),
            *(form.entity_combo, form.entity_edit, form.lookup_button, form.result_edit),
            form.copy_button,
            form.open_button,
            *card_buttons,
            self.history_panel.search_edit,
            self.history_panel.list,
            self.history_panel.clear_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- lookup ----------------------------------------------------------------------------
    @Slot()
    def lookup(self) -> Job | None:
        """Send the form's entity to the worker; None when the input is not valid."""
        ref = self.form.current_ref()
        if ref is None:
            self.form.validate()
            return None
        job = self.controller.lookup(ref)
        started = time.perf_counter()
        job.then(
            self,
            lambda value: self._answered(job, ref, started, value),
            lambda error: self._failed(job, ref, error),
            lambda event: self._progressed(job, event),
        )
        self._job = job
        self.form.clear_answer()  # the old answer is not this question's
        self.message.emit(self.tr("Looking up {ref}…").format(ref=ref))
        return job

    def forget_jobs(self) -> None:
        """Closing: answers still to come change nothing on screen."""
        self._job = None

    def _answered(self, job: Job, ref: EntityRef, started: float, value: object) -> None:
        chat_id = value if isinstance(value, int) else None
        entry = self.history.record(ref.type.value, ref.id, chat_id)
        self.history_panel.prepend(entry, self.history.limit)
        self._history_timer.start()
        if not self._owns_form(job, ref):
            return  # a newer lookup, or an ID typed since, owns the form: history only
        self.show_chat(chat_id)
        self.chat_card.looked_up(ref, chat_id, entry)
        warning = shape_warning(ref) if chat_id is None else None
        if warning:  # "no chat" for a shape that never matches: say why it likely found none
            self.message.emit(translated(warning))
        else:
            elapsed = (time.perf_counter() - started) * 1000
            self.message.emit(self.tr("Done in {ms} ms").format(ms=round(elapsed)))

    def _owns_form(self, job: Job, ref: EntityRef) -> bool:
        return job is self._job and ref == self.form.current_ref()

    def _failed(self, job: Job, ref: EntityRef, error: object) -> None:
        if not self._owns_form(job, ref) or isinstance(error, CancelledError):
            return
        text = translated(error) if isinstance(error, BitrixError) else repr(error)
        self._clear_card()
        self.form.show_error(text)
        self.chat_shown.emit(None)
        self.message.emit(text)

    def _progressed(self, job: Job, event: ClientEvent) -> None:
        if job is not self._job:
            return
        if event.kind == "waiting":
            from gui.desktop.numbers import decimal  # only while waiting: not at start-up

            text = self.tr("Waiting for the rate limit ({s} s)…").format(s=decimal(event.seconds))
        else:
            text = self.tr("Retrying (attempt {n}): {why}…").format(
                n=event.attempt, why=retry_reason(event)
            )
        self.message.emit(text)

    def show_chat(self, chat_id: int | None) -> None:
        self.form.show_chat(chat_id, portal_known=self.controller.webhook is not None)
        self.chat_shown.emit(chat_id)

    @Slot()
    def copy_chat_id(self) -> None:
        chat_id = self.form.chat_id
        if chat_id is not None:
            QGuiApplication.clipboard().setText(str(chat_id))
            self.message.emit(self.tr("Chat ID {id} copied").format(id=chat_id))

    @Slot()
    def open_chat(self) -> None:
        webhook = self.controller.webhook
        if self.form.chat_id is None or webhook is None:
            return
        from gui.desktop.browser import open_in_browser  # on the first click, not at start-up

        problem = open_in_browser(webhook.chat_url(self.form.chat_id))  # no token in it
        if problem:
            self.form.show_note(problem, error=True)
            self.message.emit(problem)

    # -- history ---------------------------------------------------------------------------
    @property
    def saver(self) -> HistorySaver:
        """Writes the history on a thread of its own; built (and the thread started) with the
        first save, so start-up pays nothing for it."""
        if self._saver is None:
            from gui.desktop.history_saver import HistorySaver

            self._saver = HistorySaver(self)
        return self._saver

    def fill_from_history(self, entry: HistoryEntry) -> None:
        self.form.fill(entry.entity_type, entry.entity_id)
        self._clear_card()
        self.show_chat(entry.chat_id)

    def history_changed(self) -> None:
        """The history changed after a lookup (a chat's title came in): save it soon."""
        self._history_timer.start()

    def use_history(self, history: History, *, keep_old: bool = True) -> None:
        """Show (and from now on record into) this history; the old one is saved first, unless
        ``keep_old`` is False (the demo's: its folder goes, and no save may make it again)."""
        if keep_old:
            self.save_pending_history()
        else:
            self.discard_pending_history()
        self.history = history
        self.load_history()

    def load_history(self) -> None:
        # A save still on its way to the file is newer than the file.
        saver, path = self._saver, self.history.path
        pending = saver.pending_entries(path) if saver is not None else None
        if pending is not None:
            self.history.entries, warning = list(pending), None
        else:
            warning = self.history.load()
        self.history_panel.set_entries(self.history.entries)
        if warning:
            self.message.emit(translated(warning))

    def save_history(self) -> Job | None:
        """Save the history on the saver's thread (the file is fsynced: slow on some disks);
        None once the window has closed (written at once)."""
        self._history_timer.stop()
        history = self.history
        job = self.saver.save(history)
        if job is not None:
            job.then(self, lambda problem: self._history_saved(history, problem))
        return job

    def _history_saved(self, history: History, problem: object) -> None:
        if isinstance(problem, OSError):
            self.message.emit(
                self.tr(
                    "The history could not be saved ({why}): check that {folder} is writable"
                ).format(why=type(problem).__name__, folder=history.path.parent)
            )

    def save_pending_history(self) -> None:
        if self._history_timer.isActive():
            self.save_history()

    def close_history(self, timeout_ms: int) -> None:
        """Closing: every entry is on disk before the window goes."""
        self.save_pending_history()
        if self._saver is not None:
            self._saver.close(timeout_ms)

    def discard_pending_history(self) -> None:
        """Its profile is gone: nothing more is written into its folder."""
        self._history_timer.stop()
        if self._saver is not None:
            self._saver.forget(self.history.path)

    @Slot(object)
    def _remove_history_entry(self, entry: HistoryEntry) -> None:
        self.history.remove(entry)
        self._history_timer.start()

    @Slot()
    def clear_history(self) -> None:
        """Clear every entry (the panel has asked first: see HistoryPanel.ask_to_clear)."""
        self.history.clear()
        self.history_panel.set_entries([])
        self.save_history()
        self.message.emit(self.tr("History cleared"))
