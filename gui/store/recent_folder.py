"""The folder the last file dialog ended in, kept across restarts in ``file-dialogs.json``.

Qt-free: the window reads it when it opens (:func:`recall_from`) and writes it when it closes
(:func:`keep`); :mod:`gui.desktop.file_dialogs` asks for it and tells it the new one.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from gui.store.user_files import write_atomically

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


def last_folder() -> Path | None:
    """The remembered folder while it still exists."""
    folder = _memory.folder
    return folder if folder is not None and folder.is_dir() else None


def remember(path: str) -> None:
    """A file was chosen: its folder is where the next dialog starts."""
    if path:
        _memory.folder = Path(path).parent
