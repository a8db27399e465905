"""Links an admin copies from the browser: a CRM card or a chat, turned into what we send.

``https://portal.bitrix24.ru/crm/deal/details/1663/`` is ``CRM DEAL|1663``; a smart process card
``…/crm/type/128/details/3/`` is ``CRM DYNAMIC_128|3`` (the CRM module names a chat's entity
``CCrmOwnerType::ResolveName(typeId) . '|' . id``); ``…/online/?IM_DIALOG=chat1439`` is chat 1439.
The portal's host is kept, so a link to another portal can say so. Parsing never sends anything.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from .entities import EntityRef, EntityType, is_known_crm_type
from .errors import InvalidInputError
from .webhook import WebhookUrl
from .wording import Phrase, phrase

NOT_OUR_LINK = phrase(
    "This link is not one we can read: paste a CRM card's link (…/crm/deal/details/1663/, also "
    "lead, contact, company or quote; …/crm/type/128/details/3/ for smart processes and smart "
    "invoices) or a chat's link holding IM_DIALOG=chat1439 or IM_DIALOG=sg12"
)
UNKNOWN_CARD_TYPE = phrase(
    "This link opens a CRM card of type {type_id}, a kind we do not know: paste a lead, deal, "
    "contact, company, quote, smart invoice or smart process card"
)
PRIVATE_DIALOG = phrase(
    "This link opens the private dialog with user {user_id}, not a chat of a CRM entity or a group"
)
CRM_DIALOG = phrase(
    "This link opens a CRM chat by its entity ({dialog}): paste the CRM card's link instead"
)
OTHER_PORTAL = phrase("This link is for portal {link_host}; you are asking portal {active_host}")
CHAT_NOT_CARD = phrase("This is a chat's link ({dialog}), not a CRM card's")
CARD_IS_CRM = phrase("A CRM card's link names a CRM entity ({entity_id}), not a {kind} one")
TYPE_MISSING = phrase(
    "Give the entity type before its ID (CRM, LINES, LIVECHAT, …), or paste a link"
)

# CCrmOwnerType (crm/classes/general/crm_owner_type.php): the numeric entityTypeId of a card
# link to the name the CRM module writes into the chat's ENTITY_ID.
OWNER_TYPE_NAMES = {
    1: "LEAD",
    2: "DEAL",
    3: "CONTACT",
    4: "COMPANY",
    5: "INVOICE",
    7: "QUOTE",
    31: "SMART_INVOICE",
    36: "SMART_DOCUMENT",
}
DYNAMIC_TYPE_START = 128  # CCrmOwnerType::DynamicTypeStart: smart processes are DYNAMIC_<id>
_SYSTEM_TYPE = 1024  # CCrmOwnerType::System, a quasi-type with no cards

# Patterns as text, compiled at first use (re keeps them): the window imports this module
# before it shows, and none of them is needed until a link is pasted.
_NAMED_CARD = (
    r"(?i)(?:^|/)crm/(?P<kind>lead|deal|contact|company|quote|invoice)"
    r"/(?:details|show)/(?P<id>\d{1,18})/?$"
)
# /crm/type/T/details/N/, and the same card inside an automation workspace or digital workplace
_TYPED_CARD = r"(?i)(?:^|/)type/(?P<type>\d{1,9})/details/(?P<id>\d{1,18})/?$"
_MOBILE_CARD = r"(?i)(?:^|/)mobile/crm/(?P<kind>lead|deal|contact|company|quote)/?$"
_DIALOG = r"(?i)IM_DIALOG=(?P<dialog>[^&#\s]*)"
_CHAT = r"(?i)(?P<prefix>chat|sg)0*(?P<id>[1-9]\d{0,17})"
_USER = r"\d{1,18}"
_SCHEME = r"(?i)^[a-z][a-z0-9+.\-]*://"
# a host written without a scheme: dotted labels, an optional port, then a path
_BARE_HOST = r"^[\w\-]+(?:\.[\w\-]+)+(?::\d+)?/"
_CRM_ID_TEXT = r"(?P<kind>[A-Za-z][A-Za-z0-9_]*)\s*\|\s*\d{1,18}"
_MAX_RECOGNISED = 2000  # longer clipboard text is a document, not a link
_MAX_UNQUOTE_ROUNDS = 3  # a link inside a link's parameter may be encoded twice


@dataclass(frozen=True)
class EntityLink:
    """A CRM card link: the entity to look up and the portal it belongs to."""

    ref: EntityRef
    host: str  # lower case, with ":port" when the link has one; "" for a bare portal path
    url: str


@dataclass(frozen=True)
class ChatLink:
    """A chat link: the chat's ``DIALOG_ID`` (``chat1439``, ``sg12``) and its portal."""

    dialog_id: str
    host: str
    url: str

    @property
    def chat_id(self) -> int | None:
        """The chat's number for ``chatN``; a group's ``sgN`` names the group, not the chat."""
        if self.dialog_id.startswith("chat"):
            return int(self.dialog_id[4:])
        return None


PortalLink = EntityLink | ChatLink


def looks_like_link(text: str) -> bool:
    """True for text we should read as a link rather than as an ID: a scheme, a host with a
    path, a portal path, or an IM_DIALOG parameter. IDs with ``|`` never are."""
    cleaned = _unwrap(text)
    if re.match(_SCHEME, cleaned) or "im_dialog=" in cleaned.lower():
        return True
    if "|" in cleaned:
        return False
    return re.match(_BARE_HOST, cleaned) is not None or cleaned.lower().startswith(
        ("/crm/", "/online/", "/mobile/", "/im/")
    )


def parse_link(text: str) -> PortalLink:
    """The entity or chat a link names; raises InvalidInputError (a sentence naming the shapes
    we read) for anything else."""
    cleaned = _unwrap(text)
    host, path, query = _split(cleaned)
    dialog = dialog_in_link(cleaned)
    if dialog is not None:
        return ChatLink(_dialog_id(dialog), host, cleaned)
    ref = _card_of(path, query)
    if ref is None:
        raise InvalidInputError(Phrase(NOT_OUR_LINK))
    return EntityLink(ref, host, cleaned)


def read_link(text: str) -> PortalLink | None:
    """The link in ``text``, or None when the text is not a link at all (an ID to parse as
    usual); a link we cannot read raises InvalidInputError."""
    return parse_link(text) if looks_like_link(text) else None


def recognise(text: str) -> EntityRef | PortalLink | None:
    """What a piece of text (the clipboard's) names, if anything: a link we read or a CRM
    ``TYPE|ID`` of a known kind. Never raises: text that is neither is simply not offered."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > _MAX_RECOGNISED or "\n" in cleaned:
        return None
    try:
        if looks_like_link(cleaned):
            return parse_link(cleaned)
        crm = re.fullmatch(_CRM_ID_TEXT, cleaned)
        if crm and is_known_crm_type(crm["kind"]):
            return EntityRef.parse(EntityType.CRM, cleaned)
    except InvalidInputError:
        return None
    return None


def entity_of(
    entity_type: EntityType | str | None, text: str
) -> tuple[EntityRef, EntityLink | None]:
    """What to send for an entity typed or pasted: a card link names its own CRM entity (the
    type, if given, must be CRM); any other text is an ID of ``entity_type``."""
    link = read_link(text)
    if link is None:
        if entity_type is None or not str(entity_type).strip():
            raise InvalidInputError(Phrase(TYPE_MISSING))
        return EntityRef.parse(entity_type, text), None
    if isinstance(link, ChatLink):
        raise InvalidInputError(Phrase(CHAT_NOT_CARD, dialog=link.dialog_id))
    if entity_type is not None and str(entity_type).strip():
        kind = EntityType.parse(entity_type) if isinstance(entity_type, str) else entity_type
        if kind is not EntityType.CRM:
            raise InvalidInputError(Phrase(CARD_IS_CRM, entity_id=link.ref.id, kind=kind.value))
    return link.ref, link


def webhook_host(webhook: WebhookUrl) -> str:
    """The webhook's portal as a link's host reads: ``host[:port]``."""
    return urllib.parse.urlsplit(webhook.portal_url).netloc


def other_portal(link: PortalLink, active_host: str) -> Phrase | None:
    """The sentence saying a link belongs to another portal, or None when it is this one's (or
    names no portal)."""
    return portal_mismatch(link.host, active_host)


def portal_mismatch(link_host: str, active_host: str) -> Phrase | None:
    """As :func:`other_portal`, from the link's host alone ("" names no portal)."""
    if not link_host or same_portal(link_host, active_host):
        return None
    return Phrase(OTHER_PORTAL, link_host=link_host, active_host=active_host)


def same_portal(host: str, other: str) -> bool:
    return _comparable(host) == _comparable(other)


def _comparable(host: str) -> str:
    name = host.strip().lower().rstrip(".")
    name = re.sub(r":(443|80)$", "", name)  # the default ports name the same portal
    return name.removeprefix("www.")


def _unwrap(text: str) -> str:
    # links pasted from mail or Markdown come wrapped in <…>, quotes or brackets
    return text.strip().strip("<>\"'()[].,;").strip()


def _split(text: str) -> tuple[str, str, str]:
    """(host, unquoted path, query) of a link; ("", path, query) for a bare portal path."""
    with_scheme = text
    if not re.match(_SCHEME, text) and not text.startswith("/"):
        with_scheme = "https://" + text
    try:
        parts = urllib.parse.urlsplit(with_scheme)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a broken IPv6 address or port
        raise InvalidInputError(Phrase(NOT_OUR_LINK)) from None
    if ":" in host:  # an IPv6 address keeps its brackets beside a port
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    return host, urllib.parse.unquote(parts.path), parts.query


def dialog_in_link(text: str) -> str | None:
    """The IM_DIALOG value anywhere in a link, as given (``chat1439``, ``sg12``, ``17``), or
    None; decoded when it sits encoded in another parameter (``backurl=…%3FIM_DIALOG%3Dchat1``)."""
    for _ in range(_MAX_UNQUOTE_ROUNDS + 1):
        match = re.search(_DIALOG, text)
        if match:
            return urllib.parse.unquote(match["dialog"]).strip()
        decoded = urllib.parse.unquote(text)
        if decoded == text:
            return None
        text = decoded
    return None


def _dialog_id(dialog: str) -> str:
    chat = re.fullmatch(_CHAT, dialog)
    if chat:
        return f"{chat['prefix'].lower()}{chat['id']}"
    if re.fullmatch(_USER, dialog):
        raise InvalidInputError(Phrase(PRIVATE_DIALOG, user_id=str(int(dialog))))
    if dialog.lower().startswith("crm"):  # sending it would join or create the chat
        raise InvalidInputError(Phrase(CRM_DIALOG, dialog=repr(dialog[:40])))
    raise InvalidInputError(Phrase(NOT_OUR_LINK))


def _card_of(path: str, query: str) -> EntityRef | None:
    named = re.search(_NAMED_CARD, path)
    if named:
        return _crm(named["kind"].upper(), named["id"])
    typed = re.search(_TYPED_CARD, path)
    if typed:
        return _crm(_owner_type_name(typed["type"]), typed["id"])
    mobile = re.search(_MOBILE_CARD, path)
    if mobile:
        kind = mobile["kind"].lower()
        # /mobile/crm/deal/?page=view&deal_id=1663, as the mobile CRM components build it
        fields = urllib.parse.parse_qs(query)
        number = (fields.get(f"{kind}_id") or [""])[0]
        if number.isascii() and number.isdigit() and len(number) <= 18:
            return _crm(kind.upper(), number)
    return None


def _owner_type_name(type_text: str) -> str:
    type_id = int(type_text)
    name = OWNER_TYPE_NAMES.get(type_id)
    if name is not None:
        return name
    if type_id >= DYNAMIC_TYPE_START and type_id != _SYSTEM_TYPE:
        return f"DYNAMIC_{type_id}"
    raise InvalidInputError(Phrase(UNKNOWN_CARD_TYPE, type_id=str(type_id)))


def _crm(kind: str, number: str) -> EntityRef:
    # the usual checks (ID 0, length) still apply: a card link to .../details/0/ is a new card
    return EntityRef.parse(EntityType.CRM, f"{kind}|{number}")
