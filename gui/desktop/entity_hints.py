"""The entity-ID hints in the user's language: the core declares them as phrase("..."), so
lupdate marks them where they are written (see gui.desktop.wording)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui.bitrix.entities import EntityType, shape_of
from gui.desktop.wording import CONTEXT


def hint_for(kind: EntityType) -> str:
    return QCoreApplication.translate(CONTEXT, shape_of(kind).hint)
