"""Links pasted or dropped on the Lookup tab's ID field become the ID they name.

A CRM card's link turns into its normalised ID (``DEAL|1663``) with the type box on CRM and the
link kept as the field's tooltip; a chat's link is handed to whoever looks chats up. Typing a
link by hand converts when editing finishes, not at every keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from gui.bitrix.entities import EntityType
from gui.bitrix.errors import InvalidInputError
from gui.desktop.portal_context import asked_host, profile_for, switch_to
from gui.desktop.wording import translated

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from gui.bitrix.links import PortalLink


def link_text(text: str) -> str | None:
    """The text, stripped, when it is a link rather than an ID."""
    if not text.strip():  # an empty field (as at start-up): no link patterns to load
        return None
    from gui.bitrix.links import looks_like_link

    return text.strip() if looks_like_link(text) else None


def inserted(before: str, after: str) -> str:
    """What one edit put into the text: ``after`` without what it shares with ``before``."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return after[start : len(after) - end]


class LinkField(QLineEdit):
    """The ID field. A link dragged from a browser may come as a URL only, which a line edit
    ignores: this one takes it, as the text of a ``link_dropped``.

    Its own drag handlers, not an event filter: a filter sees every event of the field, and
    PySide6 builds each QEvent type before the window shows to hand them over."""

    link_dropped = Signal(str)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_link(event) is None:
            super().dragEnterEvent(event)
        else:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        url = _dropped_link(event)
        if url is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.link_dropped.emit(url)
        self.setFocus()


def _dropped_link(event: QDragEnterEvent | QDropEvent) -> str | None:
    mime = event.mimeData()
    url = mime.urls()[0].toString() if mime.hasUrls() else mime.text()
    return url if url and link_text(url) is not None else None


class LinkPaste(QObject):
    """Watches the ID field (and its type box) for links."""

    entity_link_taken = Signal(object)  # EntityLink, now shown as its ID
    chat_link_pasted = Signal(object)  # ChatLink: for the chat -> entity lookup
    switched = Signal()  # the window is switching to the portal of the field's link

    def __init__(self, combo: QComboBox, edit: LinkField) -> None:
        super().__init__(edit)
        self._combo, self._edit = combo, edit
        self.link: PortalLink | None = None  # the link behind the field's text
        self._shown = ""  # the text we put in the field for it
        self._before = edit.text()
        self._problem = ""
        self.switch_button = QPushButton(edit.parentWidget())
        self.switch_button.setObjectName("switchPortalButton")
        self.switch_button.hide()
        self.switch_button.clicked.connect(self.switch_to_link_portal)
        edit.textEdited.connect(self._on_edited)
        edit.textChanged.connect(self._on_changed)
        edit.editingFinished.connect(self._on_finished)
        edit.link_dropped.connect(self.take)

    def take(self, text: str) -> bool:
        """Read ``text`` as a link and show what it names; False when it is not a link."""
        found = link_text(text)
        if found is None:
            return False
        from gui.bitrix.links import EntityLink, parse_link

        try:
            link = parse_link(found)
        except InvalidInputError as exc:
            self._forget()
            self._problem = translated(exc.message)
            self._edit.setText(found)  # left as pasted, with the sentence saying why
            return True
        self._problem = ""
        if isinstance(link, EntityLink):
            self._show(link, link.ref.id)
            self._combo.setCurrentIndex(self._combo.findData(EntityType.CRM.value))
            self.entity_link_taken.emit(link)
        else:
            self._show(link, link.dialog_id)
            self.chat_link_pasted.emit(link)
        return True

    def profile_for_link(self) -> str | None:
        """The profile to switch to for the field's link to another portal, if there is one."""
        if self.link is None:  # nothing pasted yet (as at start-up): nothing to load
            return None
        from gui.bitrix.links import other_portal

        host = asked_host(self._edit)
        if not host or other_portal(self.link, host) is None:
            return None
        return profile_for(self._edit, self.link.host)

    def show_switch(self) -> None:
        """Offer the switch while the field holds a link to another of the user's portals."""
        name = self.profile_for_link()
        if name is not None:
            self.switch_button.setText(self.tr("Switch to {profile}").format(profile=name))
            self.switch_button.setAccessibleName(
                self.tr("Switch to the portal profile {profile}").format(profile=name)
            )
        self.switch_button.setVisible(name is not None)

    @Slot()
    def switch_to_link_portal(self) -> bool:
        """Switch to the profile of the link's portal; False when there is none or the window
        cannot switch now (it says why)."""
        name = self.profile_for_link()
        if name is None or not switch_to(self._edit, name):
            return False
        self.switched.emit()
        return True

    def problem(self) -> str:
        """Why the field cannot be looked up as it stands because of its link, or ""."""
        if self._problem:
            return self._problem
        if self.link is not None:
            from gui.bitrix.links import ChatLink, other_portal

            host = asked_host(self._edit)
            mismatch = other_portal(self.link, host) if host else None
            if mismatch is not None:
                return translated(mismatch)
            if isinstance(self.link, ChatLink):  # its entity is asked for first
                return self.tr(
                    "{chat} is a chat: the entity it belongs to is looked up from it"
                ).format(chat=self.link.dialog_id)
        if link_text(self._edit.text()) is not None:
            return self.tr("Press Enter to read the link")
        return ""

    def _show(self, link: PortalLink, text: str) -> None:
        self.link, self._shown = link, text
        self._edit.setText(text)
        self._edit.setToolTip(link.url)

    def _forget(self) -> None:
        self.link, self._shown = None, ""
        self._edit.setToolTip("")

    @Slot(str)
    def _on_edited(self, text: str) -> None:
        chunk = inserted(self._before, text)
        # a paste or a drop (more than one keystroke's worth), even into an ID already there
        if len(chunk) > 1 and link_text(chunk) is not None:
            self.take(chunk)

    @Slot()
    def _on_changed(self) -> None:
        # the field's own text: a change made inside textEdited is signalled with the old one
        text = self._edit.text()
        self._before = text
        if self.link is not None and text != self._shown:
            self._forget()  # edited by hand: the ID no longer comes from the link
        if self._problem and link_text(text) is None:
            self._problem = ""

    @Slot()
    def _on_finished(self) -> None:
        if self.link is None and not self._problem and link_text(self._edit.text()):
            self.take(self._edit.text())
