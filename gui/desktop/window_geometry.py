"""The main window's size and place, kept between runs in ``window.json`` (Qt's own encoding)."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from gui.store.user_files import private_folder, write_atomically

if TYPE_CHECKING:  # no PySide6 import at run time: one Qt-importing module less at start-up
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

DEFAULT_SIZE = (760, 420)


def restore_geometry(window: QWidget, file: Path) -> None:
    """Put the window where it was; a missing or damaged file gives the default size."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        geometry = base64.b64decode(data["geometry"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, RecursionError, binascii.Error):
        window.resize(*DEFAULT_SIZE)
        return
    if not window.restoreGeometry(geometry):  # bytes stand in for a QByteArray
        window.resize(*DEFAULT_SIZE)


def save_geometry(window: QWidget, file: Path) -> None:
    encoded = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
    try:
        private_folder(file.parent)
        write_atomically(file, json.dumps({"geometry": encoded}) + "\n")
    except OSError as exc:  # losing the window size is not worth a message
        log.info("window geometry not saved: %s", exc)
