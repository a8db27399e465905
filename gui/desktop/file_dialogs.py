"""File dialogs that start where a user expects: the folder of the last file chosen, else the
user's Documents (never the folder the app happens to run from). The last folder survives a
restart (:mod:`gui.store.recent_folder`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gui.store import recent_folder

if TYPE_CHECKING:  # Qt is imported when a dialog opens: the window's start-up pays nothing
    from PySide6.QtWidgets import QWidget


def start_folder() -> Path:
    """The last folder used while it still exists, else Documents, else the home folder."""
    from PySide6.QtCore import QStandardPaths

    remembered = recent_folder.last_folder()
    if remembered is not None:
        return remembered
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def _chosen(path: str) -> str:
    recent_folder.remember(path)
    return path


def open_file_name(
    parent: QWidget, caption: str, filters: str, start: str | Path = ""
) -> tuple[str, str]:
    """The file to open ("" when cancelled) and the filter chosen; ``start`` overrides the
    remembered folder (e.g. the folder of a file already set)."""
    from PySide6.QtWidgets import QFileDialog

    path, chosen_filter = QFileDialog.getOpenFileName(
        parent, caption, str(start or start_folder()), filters
    )
    return _chosen(path), chosen_filter


def save_file_name(
    parent: QWidget, caption: str, suggested_name: str, filters: str
) -> tuple[str, str]:
    """Where to save ("" when cancelled; the dialog has asked before replacing a file) and the
    filter chosen; the dialog opens in the remembered folder with ``suggested_name`` filled in."""
    from PySide6.QtWidgets import QFileDialog

    path, chosen_filter = QFileDialog.getSaveFileName(
        parent, caption, str(start_folder() / suggested_name), filters
    )
    return _chosen(path), chosen_filter
