"""Links from the browser's address bar: the shapes admins paste, and nothing else gets through."""

from __future__ import annotations

import socket
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls

from gui.bitrix.entities import EntityType
from gui.bitrix.errors import EXIT_INVALID, InvalidInputError
from gui.bitrix.links import (
    CARD_IS_CRM,
    CHAT_NOT_CARD,
    CRM_DIALOG,
    NOT_OUR_LINK,
    OTHER_PORTAL,
    PRIVATE_DIALOG,
    TYPE_MISSING,
    UNKNOWN_CARD_TYPE,
    ChatLink,
    EntityLink,
    entity_of,
    looks_like_link,
    other_portal,
    parse_link,
    read_link,
    recognise,
    same_portal,
)

P = "portal.bitrix24.ru"
A = "a.bitrix24.ru"
CARD_LINKS = [
    # (link as pasted, the CRM ENTITY_ID, the portal host)
    (f"https://{P}/crm/deal/details/1663/", "DEAL|1663", P),
    (f"https://{P}/crm/deal/details/1663", "DEAL|1663", P),
    (f"http://{P}/crm/deal/details/1663/", "DEAL|1663", P),
    ("portal.bitrix24.ru/crm/deal/details/1663/", "DEAL|1663", P),
    ("HTTPS://Portal.Bitrix24.RU/CRM/Deal/Details/1663/", "DEAL|1663", P),
    (
        f"https://{P}/crm/deal/details/1663/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER",
        "DEAL|1663",
        "portal.bitrix24.ru",
    ),
    (f"https://{P}/crm/deal/details/1663/#timeline", "DEAL|1663", P),
    (f"https://{P}/crm/deal/details/1663?x=1#y", "DEAL|1663", P),
    (f"https://{P}/crm/deal/details/001663/", "DEAL|1663", P),
    (f"https://{P}/crm%2Fdeal%2Fdetails%2F1663%2F", "DEAL|1663", P),
    ("  <https://portal.bitrix24.ru/crm/deal/details/1663/>  ", "DEAL|1663", P),
    (f"https://{P}/crm/deal/details/1663/.", "DEAL|1663", P),
    ("https://a.bitrix24.com/crm/lead/details/13/", "LEAD|13", "a.bitrix24.com"),
    ("https://a.bitrix24.de/crm/contact/details/25/", "CONTACT|25", "a.bitrix24.de"),
    ("https://a.bitrix24.com.br/crm/company/details/7/", "COMPANY|7", "a.bitrix24.com.br"),
    ("https://a.bitrix24.kz/crm/quote/details/9/", "QUOTE|9", "a.bitrix24.kz"),
    ("https://a.bitrix24.by/crm/lead/show/13/", "LEAD|13", "a.bitrix24.by"),  # older portals
    ("https://a.bitrix24.by/crm/invoice/show/4/", "INVOICE|4", "a.bitrix24.by"),  # old invoices
    ("https://crm.example.local/crm/deal/details/5/", "DEAL|5", "crm.example.local"),
    ("https://crm.example.local:8443/crm/deal/details/5/", "DEAL|5", "crm.example.local:8443"),
    ("http://10.0.0.7/crm/deal/details/5/", "DEAL|5", "10.0.0.7"),
    ("http://[::1]:8080/crm/deal/details/5/", "DEAL|5", "[::1]:8080"),
    ("https://портал.рф/crm/deal/details/5/", "DEAL|5", "портал.рф"),
    ("https://crm.example.local/bitrix24/crm/deal/details/5/", "DEAL|5", "crm.example.local"),
    ("/crm/deal/details/1663/", "DEAL|1663", ""),  # a portal path, as entity_link.url gives it
    # the universal card: entityTypeId as the CRM module numbers them (CCrmOwnerType)
    ("https://a.bitrix24.ru/crm/type/1/details/5/", "LEAD|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/2/details/5/", "DEAL|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/3/details/5/", "CONTACT|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/4/details/5/", "COMPANY|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/7/details/5/", "QUOTE|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/31/details/5/", "SMART_INVOICE|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/36/details/5/", "SMART_DOCUMENT|5", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/128/details/3/", "DYNAMIC_128|3", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/128/details/3", "DYNAMIC_128|3", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/128/details/3/?c_sub=1", "DYNAMIC_128|3", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/crm/type/1036/details/3/", "DYNAMIC_1036|3", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/automation/type/130/details/8/", "DYNAMIC_130|8", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/page/ws/proc/type/150/details/2/", "DYNAMIC_150|2", "a.bitrix24.ru"),
    # the mobile CRM's card links
    ("https://a.bitrix24.ru/mobile/crm/deal/?page=view&deal_id=1663", "DEAL|1663", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/mobile/crm/lead/?page=view&lead_id=13", "LEAD|13", "a.bitrix24.ru"),
    ("https://a.bitrix24.ru/mobile/crm/company/?company_id=7&page=view", "COMPANY|7", A),
]

CHAT_LINKS = [
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chat1439", "chat1439", 1439),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chat1439&IM_MESSAGE=2209348", "chat1439", 1439),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chat1439#x", "chat1439", 1439),
    ("https://a.bitrix24.ru/im/?IM_DIALOG=chat123", "chat123", 123),
    ("https://a.bitrix24.ru/online/?im_dialog=Chat7", "chat7", 7),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chat%31%34", "chat14", 14),
    ("https://a.bitrix24.ru/?backurl=%2Fonline%2F%3FIM_DIALOG%3Dchat1439", "chat1439", 1439),
    ("https://a.bitrix24.ru/?u=%252Fonline%252F%253FIM_DIALOG%253Dchat9", "chat9", 9),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=sg45", "sg45", None),
    ("a.bitrix24.ru/online/?IM_DIALOG=chat5", "chat5", 5),
    ("/online/?IM_DIALOG=chat5", "chat5", 5),
]

REFUSED = [
    ("https://a.bitrix24.ru/crm/deal/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/crm/deal/list/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/crm/deal/details/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/crm/deal/details/abc/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/company/personal/user/1/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/mobile/crm/deal/?page=list", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/crm/type/14/details/3/", UNKNOWN_CARD_TYPE),
    ("https://a.bitrix24.ru/crm/type/1024/details/3/", UNKNOWN_CARD_TYPE),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=17", PRIVATE_DIALOG),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=crm|DEAL|5", CRM_DIALOG),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=crmDEAL%7C5", CRM_DIALOG),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chat0", NOT_OUR_LINK),
    ("https://a.bitrix24.ru/online/?IM_DIALOG=chatX", NOT_OUR_LINK),
    ("https://example.com/", NOT_OUR_LINK),
    ("http://[::1/crm/deal/details/5/", NOT_OUR_LINK),
    ("https://a.bitrix24.ru:99999/crm/deal/details/5/", NOT_OUR_LINK),
]


@pytest.mark.parametrize(("text", "entity_id", "host"), CARD_LINKS)
def test_card_links_name_the_crm_entity_and_keep_the_portal(
    text: str, entity_id: str, host: str
) -> None:
    link = parse_link(text)
    assert isinstance(link, EntityLink)
    assert (link.ref.type, link.ref.id, link.host) == (EntityType.CRM, entity_id, host)
    assert link.url == text.strip().strip("<>.").strip()
    assert read_link(text) == link


@pytest.mark.parametrize(("text", "dialog_id", "chat_id"), CHAT_LINKS)
def test_chat_links_name_the_dialog(text: str, dialog_id: str, chat_id: int | None) -> None:
    link = parse_link(text)
    assert isinstance(link, ChatLink)
    assert (link.dialog_id, link.chat_id) == (dialog_id, chat_id)


@pytest.mark.parametrize(("text", "template"), REFUSED)
def test_links_we_cannot_read_get_their_sentence(text: str, template: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_link(text)
    assert caught.value.template == template
    assert caught.value.exit_code == EXIT_INVALID


def test_the_sentence_names_the_shapes_we_read() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_link("https://a.bitrix24.ru/workgroups/group/5/")
    text = str(caught.value)
    assert "/crm/deal/details/1663/" in text
    assert "/crm/type/128/details/3/" in text
    assert "IM_DIALOG=chat1439" in text


def test_a_pasted_webhook_is_refused_without_echoing_its_token() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_link("https://a.bitrix24.ru/rest/1/s3cr3tt0ken0123/")
    assert "s3cr3tt0ken0123" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["LEAD|13", "DEAL | 5", "telegrambot|2|209607941|744", "3|25", "13", "chat1439", "sg12", ""],
)
def test_ids_are_not_links(text: str) -> None:
    assert not looks_like_link(text)
    assert read_link(text) is None


@pytest.mark.parametrize(
    ("link_host", "active_host", "differs"),
    [
        ("a.bitrix24.ru", "a.bitrix24.ru", False),
        ("A.Bitrix24.RU", "a.bitrix24.ru", False),
        ("www.a.bitrix24.ru", "a.bitrix24.ru", False),
        ("a.bitrix24.ru:443", "a.bitrix24.ru", False),
        ("a.bitrix24.ru", "b.bitrix24.ru", True),
        ("a.bitrix24.ru", "a.bitrix24.com", True),
        ("crm.local:8443", "crm.local", True),
    ],
)
def test_same_portal(link_host: str, active_host: str, differs: bool) -> None:
    assert same_portal(link_host, active_host) is not differs


def test_a_link_to_another_portal_says_which() -> None:
    link = parse_link("https://b.bitrix24.ru/crm/deal/details/1663/")
    sentence = other_portal(link, "a.bitrix24.ru")
    assert sentence is not None and sentence.template == OTHER_PORTAL
    assert str(sentence) == (
        "This link is for portal b.bitrix24.ru; you are asking portal a.bitrix24.ru"
    )
    assert other_portal(link, "b.bitrix24.ru") is None
    assert other_portal(parse_link("/crm/deal/details/1/"), "a.bitrix24.ru") is None


def test_entity_of_a_typed_id_or_a_pasted_link() -> None:
    deal = "https://a.bitrix24.ru/crm/deal/details/1663/"
    for kind in (None, "", "CRM", "crm", EntityType.CRM):
        ref, link = entity_of(kind, deal)
        assert (ref.id, link and link.host) == ("DEAL|1663", "a.bitrix24.ru")
    ref, link = entity_of("LINES", "telegrambot|2|209607941|744")
    assert (ref.type, link) == (EntityType.LINES, None)


@pytest.mark.parametrize(
    ("kind", "text", "template"),
    [
        ("LINES", "https://a.bitrix24.ru/crm/deal/details/1663/", CARD_IS_CRM),
        ("CRM", "https://a.bitrix24.ru/online/?IM_DIALOG=chat5", CHAT_NOT_CARD),
        (None, "https://a.bitrix24.ru/online/?IM_DIALOG=sg5", CHAT_NOT_CARD),
        (None, "DEAL|5", TYPE_MISSING),
    ],
)
def test_entity_of_refuses_what_is_not_an_entity(
    kind: str | None, text: str, template: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        entity_of(kind, text)
    assert caught.value.template == template


def _no_network() -> mock._patch[mock.MagicMock]:
    return mock.patch.object(socket.socket, "connect", side_effect=AssertionError("sent"))


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=300, deadline=None)
@given(st.one_of(urls(), st.text(max_size=300), st.from_regex(r"https?://[^\s]{0,200}")))
def test_any_text_parses_or_gets_our_error_and_nothing_is_sent(text: str) -> None:
    with _no_network():
        try:
            link = read_link(text)
        except InvalidInputError as exc:
            assert str(exc)
        else:
            assert link is None or isinstance(link, EntityLink | ChatLink)


PIECES = st.sampled_from(
    [
        "/crm/deal/details/",
        "/crm/type/",
        "/details/",
        "IM_DIALOG=",
        "%3D",
        "%25",
        "chat",
        "sg",
        "crm",
        "?",
        "#",
        "&",
        "/",
        "1663",
        "0",
        "99999999999999999999999",
        "\x00",
        "\u202e",
        "[",
        ":",
    ]
)


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_link_like_fragments_never_raise_anything_else(tail: str) -> None:
    with _no_network():
        for text in (f"https://a.bitrix24.ru{tail}", tail):
            try:
                link = read_link(text)
            except InvalidInputError:
                continue
            if isinstance(link, EntityLink):
                assert link.ref.id.split("|")[1].isdigit()
            elif isinstance(link, ChatLink):
                assert link.dialog_id.startswith(("chat", "sg"))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("DEAL|1663", "DEAL|1663"),
        (" deal | 0042 ", "DEAL|42"),
        ("DYNAMIC_128|3", "DYNAMIC_128|3"),
        ("https://a.bitrix24.ru/crm/deal/details/1663/", "DEAL|1663"),
        ("https://a.bitrix24.ru/online/?IM_DIALOG=chat1439", "chat1439"),
        ("WIDGET|5", None),  # not a CRM kind we know: an unrelated clipboard
        ("DEAL|0", None),
        ("13", None),
        ("telegrambot|2|209607941|744", None),
        ("https://a.bitrix24.ru/crm/deal/", None),
        ("DEAL|1\nDEAL|2", None),
        ("x" * 3000, None),
    ],
)
def test_recognise_what_the_clipboard_names(text: str, named: str | None) -> None:
    found = recognise(text)
    if isinstance(found, EntityLink):
        found = found.ref
    shown = found.dialog_id if isinstance(found, ChatLink) else found.id if found else None
    assert shown == named


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), urls(), st.lists(PIECES, max_size=10).map("".join)))
def test_recognise_never_raises(text: str) -> None:
    with _no_network():
        recognise(text)


def test_chat_refs_read_links_as_the_link_parser_does() -> None:
    from gui.bitrix.reverse import ChatRef, parse_chat_ref

    encoded = "https://a.bitrix24.ru/?u=%252Fonline%252F%253FIM_DIALOG%253Dchat9"
    assert parse_chat_ref(encoded) == ChatRef("chat", 9)
    assert parse_chat_ref("https://a.bitrix24.ru/online/#IM_DIALOG=sg4") == ChatRef("group", 4)
    # typed, 17 is chat 17; in a link it is the private dialog with user 17
    assert parse_chat_ref("17") == ChatRef("chat", 17)
    with pytest.raises(InvalidInputError, match="private dialog with user 17"):
        parse_chat_ref("https://a.bitrix24.ru/online/?IM_DIALOG=17")


@pytest.mark.parametrize(
    "entity_id", ["LEAD|1", "DEAL|5", "CONTACT|25", "COMPANY|7", "DYNAMIC_128|3", "DYNAMIC_1036|9"]
)
def test_a_chat_cards_crm_link_reads_back_as_its_entity(entity_id: str) -> None:
    """What the chat card's "Open CRM card" opens (the emulator builds it as the portal does)
    is a link the ID field takes back."""
    from gui.demo.dialogs import crm_path

    kind, number = entity_id.split("|")
    link = parse_link("http://127.0.0.1:8080" + crm_path(kind, number))
    assert isinstance(link, EntityLink) and link.ref.id == entity_id
