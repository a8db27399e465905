"""A quiet bar offering to look up what the clipboard holds, when the window is activated.

Admins copy a card's link in the browser and switch to us: "Look up DEAL|1663 from the
clipboard?". Offered once per clipboard content, never while the ID field shows it already, and
not at all when Settings say so. Reading the clipboard is a local call, not slow I/O.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from gui.bitrix.entities import EntityRef
from gui.bitrix.links import ChatLink, EntityLink, PortalLink, other_portal, recognise
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.named import named
from gui.desktop.portal_context import asked_host, offers_clipboard, profile_for
from gui.desktop.wording import translated
from gui.desktop.wrapped_label import WrappedLabel


class ClipboardOffer(QFrame):
    """Shown above the Lookup tab's form; hidden until the clipboard holds something worth
    offering; the Lookup page has it look (:meth:`check`) each time the window is activated."""

    def __init__(self, panel: LookupPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("clipboardOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self._panel = panel
        self.offers_chats = False  # set once a chat lookup listens to the field's chat links
        self._switch_to: str | None = None  # the profile "Look up" switches to first
        self._seen: str | None = None  # the clipboard text already considered
        self._text = ""  # what "Look up" puts in the ID field
        self.message = WrappedLabel(parent=self)
        self.message.setObjectName("clipboardOfferMessage")
        self.look_up_button = named(
            QPushButton(self.tr("Look up"), self),
            "clipboardLookUpButton",
            self.tr("Look up what the clipboard holds"),
        )
        self.dismiss_button = named(
            QToolButton(self), "clipboardDismissButton", self.tr("Dismiss the clipboard offer")
        )
        self.dismiss_button.setText("×")
        self.dismiss_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.look_up_button)
        layout.addWidget(self.dismiss_button)
        self.look_up_button.clicked.connect(self._look_up)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    @Slot()
    def check(self) -> None:
        """Offer the clipboard's content if it is new and names something we can look up."""
        text = QGuiApplication.clipboard().text()
        if not offers_clipboard(self) or text == self._seen:
            return
        self._seen = text
        found = recognise(text)
        if found is None or self._already_shown(found):
            return
        if isinstance(found, ChatLink) and not self.offers_chats:
            return
        self._offer(text.strip(), found)

    def _already_shown(self, found: EntityRef | PortalLink) -> bool:
        ref = found.ref if isinstance(found, EntityLink) else found
        return isinstance(ref, EntityRef) and ref == self._panel.current_ref()

    def _offer(self, text: str, found: EntityRef | PortalLink) -> None:
        self._text = text
        shown = (
            found.ref.id
            if isinstance(found, EntityLink)
            else found.dialog_id
            if isinstance(found, ChatLink)
            else found.id
        )
        mismatch = None
        host = asked_host(self)
        if not isinstance(found, EntityRef) and host:
            mismatch = other_portal(found, host)
        self._switch_to = None
        if mismatch is None:
            self.message.setText(self.tr("Look up {id} from the clipboard?").format(id=shown))
            self.look_up_button.setText(self.tr("Look up"))
        else:
            self.message.setText(
                self.tr("{id} from the clipboard: {why}").format(id=shown, why=translated(mismatch))
            )
            assert not isinstance(found, EntityRef)
            self._switch_to = profile_for(self, found.host)
            if self._switch_to is not None:
                self.look_up_button.setText(
                    self.tr("Switch to {profile} and look up").format(profile=self._switch_to)
                )
        self.look_up_button.setVisible(mismatch is None or self._switch_to is not None)
        self.show()

    @Slot()
    def _look_up(self) -> None:
        self.hide()
        links = self._panel.links
        if not links.take(self._text):
            self._panel.fill("CRM", self._text)  # a TYPE|ID
        elif self._switch_to is not None:
            links.switch_to_link_portal()  # looked up once the window asks that portal
            return
        elif isinstance(links.link, ChatLink):
            return  # the chat's entity is looked up first (the field's chat_link_pasted)
        self._panel.lookup_requested.emit()
