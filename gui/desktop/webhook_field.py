"""The webhook URL field: the portal's host and user in clear, only the token hidden.

A password field would hide the whole URL, so a user cannot see which portal it points to. This
field shows ``https://portal.bitrix24.com/rest/1/••••••••/``: the token's characters are
replaced one for one, so every position on screen is the same position in the real URL and an
edit anywhere (typing, pasting, deleting) maps back onto it. The widget's own text, what
accessibility tools, Copy and screenshots see, never holds the token while it is hidden.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLineEdit, QWidget

MASK = "•"
# The token is the path part after /rest/<user>/, up to the next "/" (a method may follow).
_TOKEN = re.compile(r"(/rest/[^/?#\s]*/)([^/?#\s]+)")


def masked(url: str) -> str:
    """``url`` with the token's characters replaced by dots, one each (same length)."""
    return _TOKEN.sub(lambda m: m.group(1) + MASK * len(m.group(2)), url)


class WebhookField(QLineEdit):
    """Call :meth:`url` / :meth:`setText` for the real URL; ``text()`` is what is shown."""

    url_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._url = ""
        self._token_shown = False
        self.textEdited.connect(self._edited)

    def url(self) -> str:
        return self._url

    def setText(self, text: str | None) -> None:
        self._url = text or ""
        self._render()
        self.url_changed.emit(self._url)

    def set_token_shown(self, shown: bool) -> None:
        self._token_shown = shown
        self._render()

    def token_shown(self) -> bool:
        return self._token_shown

    def _shown_for(self, url: str) -> str:
        return url if self._token_shown else masked(url)

    def _render(self) -> None:
        cursor = self.cursorPosition()
        super().setText(self._shown_for(self._url))
        self.setCursorPosition(min(cursor, len(self._url)))

    @Slot(str)
    def _edited(self, now: str) -> None:
        """Map an edit of the shown text onto the URL: what is left of the old text on both
        sides keeps its real characters, the typed or pasted middle is taken as it is."""
        before, url = self._shown_for(self._url), self._url
        limit = min(len(before), len(now))
        prefix = 0
        while prefix < limit and before[prefix] == now[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and before[-1 - suffix] == now[-1 - suffix]:
            suffix += 1
        self._url = url[:prefix] + now[prefix : len(now) - suffix] + url[len(url) - suffix :]
        if self._shown_for(self._url) != now:
            self._render()
        self.url_changed.emit(self._url)
