"""The demo portal's data: a small CRM with chats, Open Lines sessions and a live chat.

Every case the chat card and "why no chat" handle shows up: cards the webhook's user can read,
hidden cards (not a member), a line chat read through Open Lines staff rights, leads with no chat
but an open-line chat, a live chat (``<lineId>|<clientUserId>``) with its operators' chat
(``livechat|<lineId>|<chatId>|<userId>``), a group's chat (``sg103``) and colleagues' private
dialogs. Deterministic.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from gui.demo.dialogs import ChatRecord, OpenLineChat, crm_path
from gui.demo.portal import Portal

ADMIN = 1  # the demo webhook's user
USERS = {ADMIN: "Demo Admin", 2: "Olga Petrova", 3: "Ivan Sidorov", 25: "Site Visitor"}
LIVE_LINE, LIVE_CLIENT, LIVE_CHAT, OPERATORS_CHAT = 3, 25, 6002, 6003
LIVE_ID = f"{LIVE_LINE}|{LIVE_CLIENT}"
OPERATORS_CODE = f"livechat|{LIVE_LINE}|{LIVE_CHAT}|{LIVE_CLIENT}"
HIDDEN = (("CRM", "DEAL|2"), ("CRM", "LEAD|3"))  # chats the webhook's user is not in
OPEN_LINE_LEADS = {7: 6101, 14: 6102}  # leads with no chat of their own, but an open-line chat


def sample_chats() -> dict[tuple[str, str], int]:
    """Which chat each entity has (``im.chat.get``'s table)."""
    chats: dict[tuple[str, str], int] = {}
    for n in range(1, 41):
        if n % 7:  # every seventh lead has no chat, so "no chat" shows up in the demo
            chats[("CRM", f"LEAD|{n}")] = 1000 + n
    for n in range(1, 21):
        if n % 6:
            chats[("CRM", f"DEAL|{n}")] = 2000 + n
    chats[("CRM", "CONTACT|25")] = 3025
    chats[("CRM", "COMPANY|7")] = 4007
    chats[("CRM", "DYNAMIC_128|3")] = 5003
    chats[("LINES", "telegrambot|2|209607941|744")] = 6001
    chats[("LIVECHAT", LIVE_ID)] = LIVE_CHAT
    chats[("LINES", OPERATORS_CODE)] = OPERATORS_CHAT
    for lead, chat in OPEN_LINE_LEADS.items():
        chats[("LINES", f"telegrambot|2|{500 + lead}|{800 + lead}")] = chat
    chats[("SONET_GROUP", "103")] = 7103
    return chats


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 15, tzinfo=UTC)


def sample_records() -> list[ChatRecord]:
    """The chats whose card says more than a bare binding would."""
    chats = sample_chats()
    records = [
        ChatRecord(2001, "Deal #1: Annual licence", "crm", 2, (ADMIN, 2, 3), 42, _at(2),
                   "CRM", "DEAL|1", entity_link_path=crm_path("DEAL", "1")),
        ChatRecord(3025, "Contact: Anna Smirnova", "crm", 3, (ADMIN, 3), 7, _at(4),
                   "CRM", "CONTACT|25", entity_link_path=crm_path("CONTACT", "25")),
        ChatRecord(6001, "Telegram: Pavel", "lines", 2, (2,), 18, _at(5),
                   "LINES", "telegrambot|2|209607941|744", "Y|DEAL|5|N|N|301",
                   entity_link_path=crm_path("DEAL", "5")),
        ChatRecord(LIVE_CHAT, "Live chat: Site Visitor", "livechat", LIVE_CLIENT,
                   (LIVE_CLIENT, 2), 9, _at(6), "LIVECHAT", LIVE_ID),
        ChatRecord(OPERATORS_CHAT, "Site Visitor - Live chat", "lines", 2, (ADMIN, 2), 9,
                   _at(6), "LINES", OPERATORS_CODE, "N|NONE|0|N|N|302"),
        ChatRecord(7103, "Project Apollo", "sonetGroup", 3, (ADMIN, 2, 3), 120, _at(1),
                   "SONET_GROUP", "103"),
    ]  # fmt: skip
    for entity in HIDDEN:
        kind, number = entity[1].split("|")
        records.append(
            ChatRecord(chats[entity], f"{kind.title()} #{number}", "crm", 3, (2, 3), 5, _at(3),
                       *entity, entity_link_path=crm_path(kind, number))
        )  # fmt: skip
    for lead, chat in OPEN_LINE_LEADS.items():
        code = f"telegrambot|2|{500 + lead}|{800 + lead}"
        records.append(
            ChatRecord(chat, f"Telegram: lead {lead}", "lines", 2, (ADMIN, 2), 3, _at(7),
                       "LINES", code, f"Y|LEAD|{lead}|N|N|{400 + lead}",
                       entity_link_path=crm_path("LEAD", str(lead)))
        )  # fmt: skip
    return records


def sample_open_lines() -> list[tuple[str, int, OpenLineChat]]:
    """``imopenlines.crm.chat.get``'s table: which CRM objects have open-line chats."""
    links = [
        ("lead", lead, OpenLineChat(chat, "telegrambot", "Telegram"))
        for lead, chat in OPEN_LINE_LEADS.items()
    ]
    links.append(("deal", 5, OpenLineChat(6001, "telegrambot", "Telegram")))
    links.append(("lead", 14, OpenLineChat(6104, "livechat", "Live chat", active=False)))
    return links


def sample_portal(**options: Any) -> Portal:
    """The demo portal with all of the above; ``options`` as for :class:`Portal`."""
    options.setdefault("user_id", ADMIN)
    return Portal(
        chats=sample_chats(),
        records=sample_records(),
        users=USERS,
        open_lines=sample_open_lines(),
        **options,
    )
