"""How the Bulk view read a kind of file (its ID column, type and CRM kind), remembered per
header shape: the next export of the same CRM list opens ready to run.

A small JSON file of its own, read and written on the bulk worker's thread, never the GUI's.
A damaged file is moved aside and forgotten: losing a remembered column costs one click.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gui.store.user_files import move_aside, write_atomically

log = logging.getLogger(__name__)

FORMAT = "b24chat-bulk-columns"
MAX_SHAPES = 200  # the least recently used shapes go first


@dataclass(frozen=True)
class ColumnChoice:
    """``id_column`` is the column's name (None: the file's type and ID columns are read)."""

    id_column: str | None
    entity_type: str | None = None
    crm_kind: str | None = None


class ColumnChoices:
    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, shape: str) -> ColumnChoice | None:
        entry = self._load().get(shape)
        if not isinstance(entry, dict):
            return None
        return ColumnChoice(
            _text(entry.get("id_column")),
            _text(entry.get("entity_type")),
            _text(entry.get("crm_kind")),
        )

    def remember(self, shape: str, choice: ColumnChoice) -> None:
        """Save the choice for this shape; a failure is logged, never raised (it is a
        convenience, and the run it belongs to must go on)."""
        shapes = self._load()
        shapes.pop(shape, None)
        shapes[shape] = {
            "id_column": choice.id_column,
            "entity_type": choice.entity_type,
            "crm_kind": choice.crm_kind,
            "used": time.time(),
        }
        kept = dict(list(shapes.items())[-MAX_SHAPES:])  # dicts keep order: oldest first
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"format": FORMAT, "shapes": kept}, ensure_ascii=False, indent=1)
            write_atomically(self.path, text + "\n")
        except OSError as exc:
            log.warning("the bulk column choice was not saved: %s", exc)

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("%s is unreadable (%s): moved aside", self.path.name, exc)
            self._move_aside()
            return {}
        shapes = data.get("shapes") if isinstance(data, dict) else None
        if not isinstance(shapes, dict) or data.get("format") != FORMAT:
            self._move_aside()
            return {}
        return shapes

    def _move_aside(self) -> None:
        try:
            move_aside(self.path, datetime.now())
        except OSError as exc:
            log.warning("%s could not be moved aside: %s", self.path.name, exc)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
