"""Help → About: version and links."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

import gui

METHOD_DOCS_URL = "https://apidocs.bitrix24.com/api-reference/chats/im-chat-get.html"


def show_about(parent: QWidget | None) -> None:
    text = QCoreApplication.translate(
        "About",
        "<h3>B24 Chat Lookup {version}</h3>"
        "<p>Finds the Bitrix24 chat behind a CRM entity, an Open Lines session or a live chat, "
        "with the REST method <code>im.chat.get</code>.</p>"
        '<p><a href="{docs}">im.chat.get reference</a></p><p>MIT licence.</p>',
    ).format(version=gui.__version__, docs=METHOD_DOCS_URL)
    QMessageBox.about(parent, QCoreApplication.translate("About", "About B24 Chat Lookup"), text)
