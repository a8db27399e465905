"""Open a portal page in the user's browser, and say so in the window when none starts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices


def open_in_browser(url: str) -> str | None:
    """Open ``url`` (a portal page: no token in it); None when a browser took it, else the
    sentence to show, with the address to copy by hand."""
    if QDesktopServices.openUrl(QUrl(url)):
        return None
    return QCoreApplication.translate(
        "Browser", "No web browser could be opened. The address is {url}"
    ).format(url=url)
