"""Entity references for ``im.chat.get``: parse, validate and normalise before anything is sent.

The portal answers ``null`` (not an error) for a malformed ``ENTITY_ID``, so a typo would read as
"no chat". We check the shape here and say what was expected, with an example.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidInputError
from .wording import Phrase, phrase

MAX_ENTITY_ID_LENGTH = 255  # b_im_chat.ENTITY_ID is a VARCHAR(255)

UNKNOWN_TYPE = phrase("Unknown entity type {shown}: use one of {known}")
LOOKS_LIKE = phrase("{reason}: a {kind} entity ID looks like {pattern}, e.g. {example}")
ID_EMPTY = phrase("The entity ID is empty")
ID_TOO_LONG = phrase("The entity ID is {length} characters long (at most {most})")
ID_CONTROL_CHARACTER = phrase("The entity ID contains a control character ({character})")
ID_NOT_TEXT = phrase(
    "The entity ID holds bytes that are not valid text ({character}): type it again, or save "
    "the file as UTF-8"
)
ID_SUBSTITUTED = phrase(
    "The entity ID contains {marker}, which the portal's batch replaces with an earlier "
    "answer: such an ID cannot be looked up safely"
)
LIVECHAT_NOT_NUMBERS = phrase(
    "A live chat's ID is <lineId>|<clientUserId>, two numbers such as 3|25: {text} will "
    "likely find nothing (it is looked up anyway)"
)
NOT_CRM_ID = phrase("{text} is not a CRM entity ID")
CRM_ID_ZERO = phrase("CRM IDs start at 1")
NOT_FOUR_PARTS = phrase("{text} does not have four non-empty parts")
LINE_NOT_NUMBER = phrase("the line ID {line} is not a number")
NOT_TWO_PARTS = phrase("{text} does not have two non-empty parts")
BAD_CONNECTOR = phrase("the connector {connector} has characters a connector never has")
NOT_CRM_KIND = phrase(
    "{kind} is not a CRM kind: use LEAD, DEAL, CONTACT, COMPANY or DYNAMIC_<typeId>"
)


class EntityType(StrEnum):
    CRM = "CRM"
    LINES = "LINES"
    LIVECHAT = "LIVECHAT"
    TASKS = "TASKS"
    TASKS_TASK = "TASKS_TASK"
    CALENDAR = "CALENDAR"
    SONET_GROUP = "SONET_GROUP"
    MAIL = "MAIL"
    CALL = "CALL"
    VIDEOCONF = "VIDEOCONF"
    ANNOUNCEMENT = "ANNOUNCEMENT"
    AI_ASSISTANT_PRIVATE = "AI_ASSISTANT_PRIVATE"

    @classmethod
    def parse(cls, text: str) -> EntityType:
        cleaned = text.strip().upper()
        try:
            return cls(cleaned)
        except ValueError:
            known = ", ".join(t.value for t in cls)
            shown = repr(text.strip()[:40] or "(empty)")  # an essay must not fill the window
            raise InvalidInputError(Phrase(UNKNOWN_TYPE, shown=shown, known=known)) from None


# The three types the window offers first; the rest are accepted with lighter checks.
PRIMARY_TYPES = (EntityType.CRM, EntityType.LINES, EntityType.LIVECHAT)


@dataclass(frozen=True)
class EntityShape:
    """What an ENTITY_ID of a type looks like, in the user's words."""

    pattern: str
    example: str
    hint: str


SHAPES: dict[EntityType, EntityShape] = {
    EntityType.CRM: EntityShape(
        "TYPE|ID",
        "LEAD|13",
        phrase("CRM entity: LEAD|13, DEAL|5, CONTACT|25, COMPANY|7 or DYNAMIC_<typeId>|<id>"),
    ),
    EntityType.LINES: EntityShape(
        "connector|lineId|chatId|userId",
        "telegrambot|2|209607941|744",
        phrase("Open Lines session: connector|lineId|connectorChatId|connectorUserId"),
    ),
    # imopenlines builds ENTITY_ID as "<lineId>|<clientUserId>"; the docs' livechat|1 is wrong
    EntityType.LIVECHAT: EntityShape(
        "lineId|userId",
        "3|25",
        phrase("Live chat: <lineId>|<clientUserId>, two numbers, e.g. 3|25"),
    ),
}
_GENERIC_SHAPE = EntityShape("ID", "42", phrase("The entity's identifier, e.g. 42"))


def shape_of(entity_type: EntityType) -> EntityShape:
    return SHAPES.get(entity_type, _GENERIC_SHAPE)


# CRM owner type names known to Bitrix24; others of the same shape are accepted, not refused.
KNOWN_CRM_TYPES = frozenset(
    {
        "LEAD",
        "DEAL",
        "CONTACT",
        "COMPANY",
        "QUOTE",
        "INVOICE",
        "SMART_INVOICE",
        "SMART_DOCUMENT",
        "ORDER",
    }
)
# Patterns as text, compiled at first use (re keeps them): the window imports this module
# before it shows.
_CRM = r"(?P<kind>[A-Za-z][A-Za-z0-9_]*)\|(?P<id>\d+)"
_CONNECTOR = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
_NUMBER = r"\d+"
_ASCII_NUMBER = r"[0-9]+"
# What the batch's substitution pass replaces with earlier answers (CRestProvider::batch).
BATCH_MARKERS = ("$result[", "$next[", "$total[", "$time[", "$error[")


@dataclass(frozen=True, order=True)
class EntityRef:
    """A validated, normalised (ENTITY_TYPE, ENTITY_ID) pair, ready to send."""

    type: EntityType
    id: str

    def __str__(self) -> str:
        return f"{self.type.value} {self.id}"

    def params(self) -> dict[str, str]:
        return {"ENTITY_TYPE": self.type.value, "ENTITY_ID": self.id}

    @classmethod
    def parse(cls, entity_type: EntityType | str, entity_id: str) -> EntityRef:
        kind = entity_type if isinstance(entity_type, EntityType) else EntityType.parse(entity_type)
        return cls(kind, normalise_entity_id(kind, entity_id))


def _invalid(kind: EntityType, reason: Phrase) -> InvalidInputError:
    shape = shape_of(kind)
    return InvalidInputError(
        Phrase(
            LOOKS_LIKE, reason=reason, kind=kind.value, pattern=shape.pattern, example=shape.example
        )
    )


def _clean(kind: EntityType, text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise _invalid(kind, Phrase(ID_EMPTY))
    if len(cleaned) > MAX_ENTITY_ID_LENGTH:
        raise _invalid(
            kind, Phrase(ID_TOO_LONG, length=str(len(cleaned)), most=str(MAX_ENTITY_ID_LENGTH))
        )
    for ch in cleaned:
        category = unicodedata.category(ch)
        if category == "Cs":  # a byte that was not UTF-8 (surrogateescape), or a lone surrogate
            raise _invalid(kind, Phrase(ID_NOT_TEXT, character=ascii(ch)))
        if category in ("Cc", "Cf", "Zl", "Zp"):
            raise _invalid(kind, Phrase(ID_CONTROL_CHARACTER, character=repr(ch)))
    lowered = cleaned.lower()
    for marker in BATCH_MARKERS:
        if (at := lowered.find(marker)) >= 0:
            found = cleaned[at : at + len(marker)]
            raise _invalid(kind, Phrase(ID_SUBSTITUTED, marker=repr(found)))
    return cleaned


def _int_text(text: str) -> str:
    return str(int(text))  # drops leading zeros: the portal's filter is exact


def normalise_entity_id(kind: EntityType, text: str) -> str:
    cleaned = _clean(kind, text)
    if kind is EntityType.CRM:
        match = re.fullmatch(_CRM, cleaned.replace(" ", ""))
        if not match:
            raise _invalid(kind, Phrase(NOT_CRM_ID, text=repr(cleaned)))
        number = _int_text(match["id"])
        if number == "0":
            raise _invalid(kind, Phrase(CRM_ID_ZERO))
        return f"{match['kind'].upper()}|{number}"
    parts = [part.strip() for part in cleaned.split("|")]
    if kind is EntityType.LINES:
        if len(parts) != 4 or not all(parts):
            raise _invalid(kind, Phrase(NOT_FOUR_PARTS, text=repr(cleaned)))
        connector, line, chat, user = parts
        _check_connector(kind, connector)
        if not re.fullmatch(_NUMBER, line):
            raise _invalid(kind, Phrase(LINE_NOT_NUMBER, line=repr(line)))
        return "|".join((connector, _int_text(line), chat, user))
    if kind is EntityType.LIVECHAT:
        if len(parts) != 2 or not all(parts):
            raise _invalid(kind, Phrase(NOT_TWO_PARTS, text=repr(cleaned)))
        return "|".join(parts)
    if "|" not in cleaned and re.fullmatch(_NUMBER, cleaned):
        return _int_text(cleaned)
    return cleaned


def _check_connector(kind: EntityType, connector: str) -> None:
    if not re.fullmatch(_CONNECTOR, connector):
        raise _invalid(kind, Phrase(BAD_CONNECTOR, connector=repr(connector)))


def shape_warning(ref: EntityRef) -> str | None:
    """A sentence when a valid ID has a shape that will likely find nothing; None when fine."""
    if ref.type is EntityType.LIVECHAT and not all(
        re.fullmatch(_ASCII_NUMBER, part) for part in ref.id.split("|")
    ):
        return Phrase(LIVECHAT_NOT_NUMBERS, text=repr(ref.id))
    return None


def is_known_crm_type(name: str) -> bool:
    upper = name.upper()
    return upper in KNOWN_CRM_TYPES or re.fullmatch(r"DYNAMIC_\d+", upper) is not None


_CRM_KIND = r"[A-Za-z][A-Za-z0-9_]*"


def normalise_crm_kind(text: str) -> str:
    """A CRM kind for bare numeric IDs (``lead`` -> ``LEAD``); raises InvalidInputError when it
    cannot be one. Unknown names of the right shape pass, as for TYPE|ID."""
    kind = text.strip()
    if not re.fullmatch(_CRM_KIND, kind):
        raise InvalidInputError(Phrase(NOT_CRM_KIND, kind=repr(kind)))
    return kind.upper()
