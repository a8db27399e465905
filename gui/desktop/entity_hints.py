"""The entity-ID hints in the user's language.

The core (no Qt) words them in English; this table marks the same words for lupdate, and a test
keeps the two in step.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gui.bitrix.entities import EntityType, shape_of

CONTEXT = "EntityHints"
MARKED = (
    QT_TRANSLATE_NOOP(
        "EntityHints", "CRM entity: LEAD|13, DEAL|5, CONTACT|25, COMPANY|7 or DYNAMIC_<typeId>|<id>"
    ),
    QT_TRANSLATE_NOOP(
        "EntityHints", "Open Lines session: connector|lineId|connectorChatId|connectorUserId"
    ),
    QT_TRANSLATE_NOOP("EntityHints", "Live chat: <lineId>|<clientUserId>, two numbers, e.g. 3|25"),
    QT_TRANSLATE_NOOP("EntityHints", "The entity's identifier, e.g. 42"),
)


def hint_for(kind: EntityType) -> str:
    return QCoreApplication.translate(CONTEXT, shape_of(kind).hint)
