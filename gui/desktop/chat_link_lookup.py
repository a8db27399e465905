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
from gui.desktop.jobs import Job
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.wording import translated
from gui.desktop.worker import WorkerController


class ChatLinkLookup(QObject):
    """Chat link in, the chat's entity in the form and looked up."""

    message = Signal(str)  # a line for the window's status bar

    def __init__(self, controller: WorkerController, panel: LookupPanel) -> None:
        super().__init__(panel)
        self._controller = controller
        self._panel = panel
        self._job: Job | None = None

    @Slot(object)
    def look_up(self, link: ChatLink) -> Job | None:
        """Ask the portal which entity the chat is for; None when the link is for another
        portal or no webhook is set (the form says why)."""
        webhook = self._controller.webhook
        if webhook is None:
            return None
        if other_portal(link, webhook_host(webhook)) is not None:
            return None
        ref = parse_chat_ref(link.dialog_id)
        controller = self._controller

        def work(cancelled: Callable[[], bool]) -> object:
            client = controller.shared_client()
            if client is None:
                raise CancelledError("No webhook any more")
            return lookup_chat(client, ref, cancelled=cancelled)

        job = controller.submit(work)
        job.then(
            self,
            lambda value: self._answered(job, link, value),
            lambda error: self._failed(job, error),
        )
        self._job = job
        self.message.emit(self.tr("Looking up which entity {chat} belongs to…").format(chat=ref))
        return job

    def _answered(self, job: Job, link: ChatLink, value: Any) -> None:
        if job is not self._job or not isinstance(value, ChatDetails):
            return
        self._job = None
        if self._panel.links.link != link:
            return  # the field was edited meanwhile: this answer is for an old question
        if value.entity_type is None or value.entity_id is None:
            self._panel.show_error(translated(value.why_no_chat or ""))
            return
        self._panel.fill(value.entity_type, value.entity_id)
        self._panel.lookup_requested.emit()

    def _failed(self, job: Job, error: Any) -> None:
        if job is not self._job:
            return
        self._job = None
        if not isinstance(error, CancelledError):
            text = translated(error) if isinstance(error, BitrixError) else repr(error)
            self._panel.show_error(text)
            self.message.emit(text)
