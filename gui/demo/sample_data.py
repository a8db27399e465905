"""The demo portal's data: a small CRM with chats, an Open Lines session and a live chat."""

from __future__ import annotations


def sample_chats() -> dict[tuple[str, str], int]:
    """Which chat each entity has (``im.chat.get``'s table). Deterministic."""
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
    chats[("LIVECHAT", "livechat|1")] = 6002
    return chats
