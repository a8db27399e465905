"""The window's hooks for pasted links: the clipboard bar, chat links, and the portal asked.

The ID field reads links itself (link_paste.py); this puts the clipboard bar above the tabs,
sends a pasted chat's link to the chat → entity lookup, and tells both which portal the window
asks now, so a link to another one says so instead of being sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.desktop.chat_link_lookup import ChatLinkLookup
from gui.desktop.clipboard_offer import ClipboardOffer
from gui.desktop.link_paste import portal_host_of

if TYPE_CHECKING:
    from gui.bitrix.webhook import WebhookUrl
    from gui.desktop.main_window import MainWindow
    from gui.store.settings import Settings


class PastedLinks(QObject):
    # a link (in the field or the clipboard) is for this profile's portal: the window switches
    switch_requested = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.form = window.lookup_page.form
        self.offer = ClipboardOffer(window, self.form, window)
        window.add_bar(self.offer)
        self.chats = ChatLinkLookup(window.controller, self.form)
        self.chats.status.connect(window.show_message)
        self.form.links.chat_link_pasted.connect(self.chats.look_up)
        self.offer.offers_chats = True
        self.offer.switch_requested.connect(self.switch_requested)
        self.form.links.switch_requested.connect(self._switch_then_look_up)

    def portal_changed(
        self,
        webhook: WebhookUrl | None,
        settings: Settings | None = None,
        profiles: Mapping[str, str] | None = None,
    ) -> None:
        """The window asks this portal now, with these settings (and has these profiles, by
        their portal's host): a link shown or offered may be for it, or for a profile."""
        if settings is not None:
            self.offer.enabled = settings.offer_clipboard
        host = portal_host_of(webhook)
        self.form.links.set_portal_host(host, profiles)
        self.offer.set_portal_host(host, profiles)
        self.form.validate()

    def _switch_then_look_up(self, profile: str) -> None:
        self.switch_requested.emit(profile)  # the window switches at once, or says why not
        if self.form.current_ref() is not None:  # the link is for the portal asked now
            self.form.lookup_requested.emit()
