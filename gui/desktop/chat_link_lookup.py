"""A chat's link pasted on the Lookup tab: find the entity the chat belongs to, then look it up.

``…/online/?IM_DIALOG=chat1439`` asks ``im.dialog.get`` (on the worker) which entity chat 1439
was made for; the form then shows that entity and looks it up as usual, so the chat ID, its card
and the history entry come the one way they always do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from gui.bitrix.chat_details import ChatDetails
from gui.bitrix.errors import BitrixError, CancelledError
from gui.bitrix.links import ChatLink, other_portal, webhook_host
from gui.bitrix.reverse import lookup_chat, parse_chat_ref
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.wording import translated
from gui.desktop.worker import WorkerController


class ChatLinkLookup(QObject):
    """Chat link in, the chat's entity in the form and looked up."""

    status = Signal(str)  # a line for the window's status bar

    def __init__(self, controller: WorkerController, panel: LookupPanel) -> None:
        super().__init__(panel)
        self._controller = controller
        self._panel = panel
        self._job: int | None = None
        self._link: ChatLink | None = None
        controller.succeeded.connect(self._on_succeeded)
        controller.failed.connect(self._on_failed)

    @Slot(object)
    def look_up(self, link: ChatLink) -> int | None:
        """Ask the portal which entity the chat is for; None when the link is for another
        portal or no webhook is set (the form says why)."""
        webhook = self._controller.webhook
        if webhook is None:
            return None
        if other_portal(link, webhook_host(webhook)) is not None:
            return None
        ref = parse_chat_ref(link.dialog_id)
        controller = self._controller

        def job(cancelled: Callable[[], bool]) -> object:
            client = controller.client
            if client is None:
                raise CancelledError("No webhook any more")
            return lookup_chat(client, ref, cancelled=cancelled)

        self._link = link
        self._job = controller.run(job)
        self.status.emit(self.tr("Looking up which entity {chat} belongs to…").format(chat=ref))
        return self._job

    @Slot(int, object)
    def _on_succeeded(self, job_id: int, value: Any) -> None:
        if job_id != self._job or not isinstance(value, ChatDetails):
            return
        self._job = None
        link, self._link = self._link, None
        if link is None or self._panel.links.link != link:
            return  # the field was edited meanwhile: this answer is for an old question
        if value.entity_type is None or value.entity_id is None:
            self._panel.show_error(translated(value.why_no_chat or ""))
            return
        self._panel.fill(value.entity_type, value.entity_id)
        self._panel.lookup_requested.emit()

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Any) -> None:
        if job_id != self._job:
            return
        self._job, self._link = None, None
        if not isinstance(error, CancelledError):
            text = translated(error) if isinstance(error, BitrixError) else repr(error)
            self._panel.show_error(text)
            self.status.emit(text)
