"""The Lookup tab's hooks for pasted links: the clipboard bar and chat links.

Built by the Lookup page on the first chat link, portal switch or clipboard worth offering, so
start-up loads none of it.

The ID field reads links itself (link_paste.py) and asks its window which portal is asked and
which profiles the user has (portal_context.py); this puts the clipboard bar above the form,
sends a pasted chat's link to the chat → entity lookup, and looks a link up once a switch to its
portal's profile has made it this portal's.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.bitrix.links import ChatLink, PortalLink, other_portal
from gui.desktop.chat_link_lookup import ChatLinkLookup
from gui.desktop.clipboard_offer import ClipboardOffer
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.portal_context import asked_host
from gui.desktop.worker import WorkerController


class PastedLinks(QObject):
    def __init__(self, controller: WorkerController, form: LookupPanel, page: QWidget) -> None:
        super().__init__(page)
        self.form = form
        self.offer = ClipboardOffer(form, page)
        self.chats = ChatLinkLookup(controller, form)
        self.offer.offers_chats = True  # the page sends the field's chat links to self.chats
        self._awaited: PortalLink | None = None  # a link to look up once its portal is asked
        # A new portal clears the answer before the worker asks it: judge the link after.
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(0)
        self._recheck.timeout.connect(self._rechecked)

    def recheck(self) -> None:
        """The answer was cleared (a new portal, say): judge the field's link again, after."""
        self._recheck.start()

    def await_portal(self) -> None:
        """The window is switching to the portal of the field's link: look it up once asked."""
        self._awaited = self.form.links.link
        self._recheck.start()

    def _rechecked(self) -> None:
        self.form.validate()
        link, host = self.form.links.link, asked_host(self.form)
        if self._awaited is None or link != self._awaited:
            self._awaited = None  # edited meanwhile: nothing to look up by itself
            return
        if host is None or other_portal(link, host) is not None:
            return  # the profile's webhook is still on its way
        self._awaited = None
        if isinstance(link, ChatLink):
            self.chats.look_up(link)
        else:
            self.form.lookup_requested.emit()
