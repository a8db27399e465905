"""The core's sentences in the user's language.

The core (no Qt) builds its messages as :class:`~gui.bitrix.wording.Phrase` objects: English text
that keeps its template and parameters. This table marks every template for lupdate (a test keeps
it in step with the core), and :func:`translated` rebuilds a sentence from the translated template.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gui.bitrix.errors import BitrixError
from gui.bitrix.wording import Phrase

log = logging.getLogger(__name__)

CONTEXT = "CoreWording"
MARKED = (
    # gui.bitrix.errors
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal rejected the webhook: check the webhook URL in Settings (it may have been deleted or its token changed)",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The webhook lacks the 'im' scope or the right to call im.chat.get: add the 'im' scope in Bitrix24 → Developer resources → Webhooks",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal does not know this method: check that the URL is a Bitrix24 portal's /rest/ webhook and that the portal has the Chats (im) module",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal kept refusing requests over its rate limit: lower the requests per second in Settings, or try again when other integrations are quieter",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal has paused this method for this webhook (too much work in the last 10 minutes): try again later",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The portal answered with a server error (HTTP {status}): try again later"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The portal answered with a server error: try again later"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal refused the request: {description}"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal refused the request"),
    # gui.bitrix.client
    QT_TRANSLATE_NOOP(
        "CoreWording", "The portal's profile answer was not an object: is this a Bitrix24 webhook?"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The portal's scope answer was not a list: is this a Bitrix24 webhook?"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal did not answer within {seconds} s: check the network, or raise the timeout in Settings",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The connection to the portal was dropped before it answered"),
    QT_TRANSLATE_NOOP("CoreWording", "The request to the portal failed: {reason}"),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The certificate of {portal} is not trusted ({reason}): for an on-premise portal, choose its CA bundle in Settings",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "Could not connect to {portal} ({reason}): check the portal address and the network or proxy settings",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal answered with a server error page (HTTP {status}): try again later",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal's answer was not JSON (HTTP {status}, {content_type}): check that the URL is the portal's webhook and that no proxy or login page is in the way",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "no content type"),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal's answer has no result (HTTP {status}): is this a Bitrix24 webhook URL?",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "Cancelled"),
    # gui.bitrix.answers
    QT_TRANSLATE_NOOP("CoreWording", "The portal's im.chat.get answer has no chat ID: {answer}"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal's im.chat.get answer is not a chat ID: {answer}"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal's batch answer has an unexpected part: {answer}"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal's batch answer was not an object"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal refused this command: {answer}"),
    # gui.bitrix.entities
    QT_TRANSLATE_NOOP("CoreWording", "Unknown entity type {shown}: use one of {known}"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "{reason}: a {kind} entity ID looks like {pattern}, e.g. {example}"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The entity ID is empty"),
    QT_TRANSLATE_NOOP("CoreWording", "The entity ID is {length} characters long (at most {most})"),
    QT_TRANSLATE_NOOP("CoreWording", "The entity ID contains a control character ({character})"),
    QT_TRANSLATE_NOOP("CoreWording", "{text} is not a CRM entity ID"),
    QT_TRANSLATE_NOOP("CoreWording", "CRM IDs start at 1"),
    QT_TRANSLATE_NOOP("CoreWording", "{text} does not have four non-empty parts"),
    QT_TRANSLATE_NOOP("CoreWording", "the line ID {line} is not a number"),
    QT_TRANSLATE_NOOP("CoreWording", "{text} does not have two non-empty parts"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "the connector {connector} has characters a connector never has"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{kind} is not a CRM kind: use LEAD, DEAL, CONTACT, COMPANY or DYNAMIC_<typeId>",
    ),
    # gui.bitrix.webhook
    QT_TRANSLATE_NOOP("CoreWording", "{reason}. A webhook URL looks like {example}"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL is empty"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL contains spaces"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL has no https:// at the start"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL's host or port is not valid"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL must start with https://, not {scheme}://"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL has no portal address after https://"),
    QT_TRANSLATE_NOOP("CoreWording", "The portal address has characters a host name never has"),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "Bitrix24 portals only accept https://; plain http:// is allowed for this computer (localhost) only",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The webhook URL must not contain a user name or password before the portal address",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL has no /rest/ part after the portal address"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The webhook URL must have the user ID and the token after /rest/"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The user ID right after /rest/ must be a number such as 1"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The token after the user ID has characters a webhook token never has"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL has unexpected parts after the token"),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL has a ?query or #fragment after the token"),
    # gui.bitrix.bulkio
    QT_TRANSLATE_NOOP("CoreWording", "cancelled"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "Line {line} is not readable as CSV ({reason}): fix or remove it"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The entity type is empty: write it like {example}"),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "A bare number ({value}): say which CRM entity it is with --crm-kind LEAD (or DEAL, CONTACT, …), or write it like LEAD|13",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{value} has no entity type: write it like {example} or LINES,telegrambot|2|209607941|744, or give the type for all rows (--type)",
    ),
    # gui.bitrix.details
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The webhook's user is not a member of chat {chat_id}, so its details are hidden (the chat ID is still right)",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The webhook's user is neither a member of chat {chat_id} nor Open Lines staff, so its details are hidden (the chat ID is still right)",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The portal's answer for chat {chat_id} is not a chat card"),
    # gui.bitrix.why_no_chat
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{entity} has no chat yet: a CRM item's discussion chat is created only when someone first opens the chat from its card, so most items have none; an item in the Recycle Bin is bound as SUS_{kind}|<id> instead",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "A live chat's ENTITY_ID is lineId|clientUserId, two numbers such as 3|25; {entity_id} is not that shape, so no chat can match it",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "An Open Lines chat's ENTITY_ID is connector|lineId|connectorChatId|connectorUserId, exactly as the connector reported it (a live chat's: livechat|lineId|chatId|clientUserId); {entity_id} is not that shape",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "Open-line chats of a CRM item can be looked up only with the webhook's imopenlines scope",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "Its open-line chats could not be read: {reason}"),
    QT_TRANSLATE_NOOP("CoreWording", "{reason}. {note}"),
    # gui.bitrix.reverse
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{text} is a CRM dialog ID: asking for it would join the webhook's user to that CRM item's chat (or create one), so it is never sent. Give the chat's number, e.g. chat1439",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{text} is not a chat: give 1439, chat1439, sg103 (a group's chat) or a link with IM_DIALOG=chat1439",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "{text} is a private dialog with user {user}, not a chat: give the chat's number, e.g. chat1439",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal does not show {chat}: the webhook's user is not a member (or there is no such chat)",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "Chat {chat} is not bound to an entity"),
    # gui.store.settings
    QT_TRANSLATE_NOOP("CoreWording", "Enter the proxy address, like {example}"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The proxy address has a bad host or port: write it like {example}"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The proxy address must start with http:// or https://, like {example}"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The proxy address has no host: write it like {example}"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The proxy address needs a port after the host, like {example}"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording", "The proxy address must be only scheme, host and port, like {example}"
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The webhook URL must be text"),
    QT_TRANSLATE_NOOP("CoreWording", "Requests per second must be a number from 0.1 to 50"),
    QT_TRANSLATE_NOOP("CoreWording", "The burst must be a whole number from 1 to 1000"),
    QT_TRANSLATE_NOOP("CoreWording", "The timeout must be a number of seconds from 1 to 300"),
    QT_TRANSLATE_NOOP("CoreWording", "The proxy setting must be one of: system, none, custom"),
    QT_TRANSLATE_NOOP("CoreWording", "The proxy address must be text"),
    QT_TRANSLATE_NOOP("CoreWording", "The CA bundle must be a file path"),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The CA bundle file {path} does not exist: choose a PEM file, or leave it empty to use the system's certificates",
    ),
    QT_TRANSLATE_NOOP("CoreWording", "The language must be empty (the system's), en or ru"),
    # gui.bitrix.links
    QT_TRANSLATE_NOOP("CoreWording", "This is a chat's link ({dialog}), not a CRM card's"),
    QT_TRANSLATE_NOOP(
        "CoreWording", "A CRM card's link names a CRM entity ({entity_id}), not a {kind} one"
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "Give the entity type before its ID (CRM, LINES, LIVECHAT, …), or paste a link",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "This link is not one we can read: paste a CRM card's link (…/crm/deal/details/1663/, also lead, contact, company or quote; …/crm/type/128/details/3/ for smart processes and smart invoices) or a chat's link holding IM_DIALOG=chat1439 or IM_DIALOG=sg12",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "This link opens a CRM card of type {type_id}, a kind we do not know: paste a lead, deal, contact, company, quote, smart invoice or smart process card",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "This link opens the private dialog with user {user_id}, not a chat of a CRM entity or a group",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "This link opens a CRM chat by its entity ({dialog}): paste the CRM card's link instead",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "This link is for portal {link_host}; you are asking portal {active_host}",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "A live chat's ID is <lineId>|<clientUserId>, two numbers such as 3|25: {text} will likely find nothing (it is looked up anyway)",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The CA bundle {path} could not be used ({reason}): choose a PEM file of certificates in Settings, or leave it empty to use the system's",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The entity ID contains {marker}, which the portal's batch replaces with an earlier answer: such an ID cannot be looked up safely",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The entity ID holds bytes that are not valid text ({character}): type it again, or save the file as UTF-8",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal did not run this lookup in its batch (no answer and no error for it): try again",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal has blocked requests from this computer's address (OVERLOAD_LIMIT): contact Bitrix24 support to lift the block",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal's answer was JSON nested too deeply to read (HTTP {status}): check that the URL is the portal's webhook and that no proxy is in the way",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal's answer was larger than {megabytes} MB, far more than a lookup's answer: check that the URL is the portal's webhook and that no proxy is in the way",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "The portal's batch answer holds a list where the commands' keyed answers belong: {answer}",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "it holds no certificates",
    ),
    QT_TRANSLATE_NOOP(
        "CoreWording",
        "Line {line} is not {encoding} text like the rest of the file, so it was not sent: save the whole file in one encoding (UTF-8)",
    ),
)


def translated(item: BitrixError | str) -> str:
    """An error (its sentence plus " (CODE)", as ``str(error)``) or a core sentence, in the UI's
    language; text that is not a :class:`Phrase` comes back as it is."""
    if isinstance(item, BitrixError):
        text = _sentence(item.message)
        return f"{text} ({item.code})" if item.code else text
    return _sentence(item)


def _sentence(text: str) -> str:
    if not isinstance(text, Phrase):
        return text
    template = QCoreApplication.translate(CONTEXT, text.template)
    params = {name: _sentence(value) for name, value in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message
        log.warning("The translation of %r does not fit its parameters", text.template)
        return str(text)
