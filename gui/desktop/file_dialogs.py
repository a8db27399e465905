"""File dialogs that start where a user expects: the folder of the last file chosen, else the
user's Documents (never the folder the app happens to run from).

The last folder survives a restart: :func:`recall_from` reads it when the window opens and
:func:`keep` writes it when the window closes (one small file, ``file-dialogs.json``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from gui.store.user_files import write_atomically

if TYPE_CHECKING:  # Qt is imported when a dialog opens: the window's start-up pays nothing
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

FILE_NAME = "file-dialogs.json"


class _Memory:
    file: Path | None = None
    folder: Path | None = None


_memory = _Memory()


def recall_from(data_dir: Path) -> None:
    """Use ``data_dir``'s remembered folder from now on (a missing or damaged file: none)."""
    _memory.file = data_dir / FILE_NAME
    _memory.folder = None
    try:
        folder = json.loads(_memory.file.read_text(encoding="utf-8"))["last_folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if isinstance(folder, str) and folder:
        _memory.folder = Path(folder)


def keep() -> None:
    """Write the last folder down (when the window closes); losing it is not worth a message."""
    if _memory.file is None or _memory.folder is None:
        return
    try:
        _memory.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(_memory.file, json.dumps({"last_folder": str(_memory.folder)}) + "\n")
    except OSError as exc:
        log.info("last folder not kept: %s", exc)


def start_folder() -> Path:
    """The last folder used while it still exists, else Documents, else the home folder."""
    from PySide6.QtCore import QStandardPaths

    if _memory.folder is not None and _memory.folder.is_dir():
        return _memory.folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def _chosen(path: str) -> str:
    if path:
        _memory.folder = Path(path).parent
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
