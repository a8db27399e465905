"""Entity refs: what the portal accepts passes (normalised), everything else is refused clearly."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.bitrix.entities import (
    MAX_ENTITY_ID_LENGTH,
    EntityRef,
    EntityType,
    is_known_crm_type,
    shape_of,
    shape_warning,
)
from gui.bitrix.errors import EXIT_INVALID, InvalidInputError

OTHER_TYPES = [
    "TASKS",
    "TASKS_TASK",
    "CALENDAR",
    "SONET_GROUP",
    "MAIL",
    "CALL",
    "VIDEOCONF",
    "ANNOUNCEMENT",
    "AI_ASSISTANT_PRIVATE",
]


@pytest.mark.parametrize(
    ("kind", "given_id", "expected"),
    [
        ("CRM", "LEAD|13", "LEAD|13"),
        ("CRM", "DEAL|5", "DEAL|5"),
        ("CRM", "CONTACT|25", "CONTACT|25"),
        ("CRM", "COMPANY|7", "COMPANY|7"),
        ("CRM", "DYNAMIC_128|3", "DYNAMIC_128|3"),
        ("CRM", "lead|13", "LEAD|13"),
        ("CRM", "dynamic_1038|12", "DYNAMIC_1038|12"),
        ("CRM", "  DEAL|5\t", "DEAL|5"),
        ("CRM", "LEAD | 013", "LEAD|13"),
        ("LINES", "telegrambot|2|209607941|744", "telegrambot|2|209607941|744"),
        ("LINES", " telegrambot | 2 | 209607941 | 744 ", "telegrambot|2|209607941|744"),
        ("LINES", "telegrambot|2|-1001234567890|744", "telegrambot|2|-1001234567890|744"),
        ("LINES", "livechat|1|abc-def|5", "livechat|1|abc-def|5"),
        ("LIVECHAT", "livechat|1", "livechat|1"),
        ("LIVECHAT", " livechat | 1 ", "livechat|1"),
        ("crm", "LEAD|13", "LEAD|13"),
        (" lines ", "telegrambot|2|209607941|744", "telegrambot|2|209607941|744"),
    ],
)
def test_valid_refs_are_normalised(kind: str, given_id: str, expected: str) -> None:
    ref = EntityRef.parse(kind, given_id)
    assert ref.id == expected
    assert ref.type is EntityType.parse(kind)
    assert ref.params() == {"ENTITY_TYPE": ref.type.value, "ENTITY_ID": expected}


def test_line_connector_case_is_kept() -> None:
    # Connector IDs are case-sensitive on the portal: only CRM type names are upper-cased.
    assert EntityRef.parse("LINES", "MyConnector|2|x|y").id == "MyConnector|2|x|y"


@pytest.mark.parametrize(
    ("kind", "bad_id", "words"),
    [
        ("CRM", "", "empty"),
        ("CRM", "   ", "empty"),
        ("CRM", "LEAD", "not a CRM entity ID"),
        ("CRM", "13", "not a CRM entity ID"),
        ("CRM", "LEAD|", "not a CRM entity ID"),
        ("CRM", "LEAD|abc", "not a CRM entity ID"),
        ("CRM", "LEAD|13|1", "not a CRM entity ID"),
        ("CRM", "LEAD|0", "start at 1"),
        ("CRM", "LEAD|-3", "not a CRM entity ID"),
        ("CRM", "LEAD\x00|13", "control character"),
        ("CRM", "LEAD|1\n3", "control character"),
        ("CRM", "LEAD|" + "1" * 300, "characters long"),
        ("LINES", "telegrambot|2|209607941", "four non-empty parts"),
        ("LINES", "telegrambot|2||744", "four non-empty parts"),
        ("LINES", "telegrambot|x|209607941|744", "line ID"),
        ("LINES", "tele gram|2|209607941|744", "connector"),
        ("LINES", "telegrambot|2|2096|744|1", "four non-empty parts"),
        ("LIVECHAT", "livechat", "two non-empty parts"),
        ("LIVECHAT", "livechat|", "two non-empty parts"),
        ("LIVECHAT", "livechat|1|2", "two non-empty parts"),
        ("TASKS", "", "empty"),
        ("TASKS", "1\u200b2", "control character"),
    ],
)
def test_invalid_refs_say_what_is_expected(kind: str, bad_id: str, words: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        EntityRef.parse(kind, bad_id)
    message = str(caught.value)
    assert words in message
    shape = shape_of(EntityType.parse(kind))
    assert shape.pattern in message and shape.example in message
    assert caught.value.exit_code == EXIT_INVALID


@pytest.mark.parametrize("kind", OTHER_TYPES)
def test_other_documented_types_are_accepted_with_lighter_checks(kind: str) -> None:
    assert EntityRef.parse(kind, " 42 ").id == "42"
    assert EntityRef.parse(kind.lower(), "007").id == "7"
    assert EntityRef.parse(kind, "task|42").id == "task|42"


def test_unknown_type_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInputError) as caught:
        EntityRef.parse("TICKET", "1")
    message = str(caught.value)
    assert "TICKET" in message
    for kind in EntityType:
        assert kind.value in message


def test_unknown_type_message_stays_short() -> None:
    with pytest.raises(InvalidInputError) as caught:
        EntityType.parse("X" * 100_000)
    assert len(str(caught.value)) < 400


def test_empty_type_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        EntityType.parse("  ")


def test_unknown_crm_kinds_of_the_right_shape_are_not_refused() -> None:
    # Never reject a shape the portal accepts: new CRM types appear with new Bitrix24 releases.
    assert EntityRef.parse("CRM", "SMART_B2B|4").id == "SMART_B2B|4"
    assert not is_known_crm_type("SMART_B2B")
    assert is_known_crm_type("lead") and is_known_crm_type("DYNAMIC_177")


def test_the_longest_accepted_id_fits_the_column() -> None:
    longest = "x" * MAX_ENTITY_ID_LENGTH
    assert EntityRef.parse("TASKS", longest).id == longest
    with pytest.raises(InvalidInputError):
        EntityRef.parse("TASKS", longest + "x")


def test_str_shows_type_and_id() -> None:
    assert str(EntityRef.parse("CRM", "lead|13")) == "CRM LEAD|13"


# ----- properties ---------------------------------------------------------------------------

TYPES = st.sampled_from([t.value for t in EntityType])
CRM_KINDS = st.sampled_from(["lead", "DEAL", "Contact", "company", "dynamic_128", "QUOTE"])
# Text mixing the characters that matter (separators, digits, spaces, controls) with anything.
TRICKY = st.text(
    alphabet=st.sampled_from("|| 0123456789aZ_-.\t\n\x00\u200b\u2028\xa0١²"), max_size=40
)
ANY_ID = st.one_of(
    st.text(max_size=300),
    TRICKY,
    st.builds(lambda k, n: f" {k} | {n} ", CRM_KINDS, st.integers(0, 10**12)),
)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") for ch in text)


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=400, deadline=None)
@given(kind=st.one_of(TYPES, st.text(max_size=30)), entity_id=ANY_ID)
def test_parse_raises_only_invalid_input(kind: str, entity_id: str) -> None:
    try:
        ref = EntityRef.parse(kind, entity_id)
    except InvalidInputError as exc:
        assert str(exc)  # always a message
        return
    assert not _has_control(ref.id)
    assert 0 < len(ref.id) <= MAX_ENTITY_ID_LENGTH
    assert ref.id == ref.id.strip()
    # Idempotent: parsing what we would send gives the same thing back.
    assert EntityRef.parse(ref.type, ref.id) == ref
    assert EntityRef.parse(ref.type.value.lower(), ref.id) == ref


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=200, deadline=None)
@given(kind=CRM_KINDS, number=st.integers(1, 10**15), pad=st.sampled_from(["", " ", "  "]))
def test_crm_refs_normalise_to_upper_type_and_plain_number(
    kind: str, number: int, pad: str
) -> None:
    ref = EntityRef.parse("CRM", f"{pad}{kind}{pad}|{pad}{number:05d}{pad}")
    assert ref.id == f"{kind.upper()}|{number}"


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=200, deadline=None)
@given(
    connector=st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    line=st.integers(1, 999),
    chat=st.from_regex(r"-?[0-9]{1,15}", fullmatch=True),
    user=st.from_regex(r"[0-9]{1,10}", fullmatch=True),
)
def test_lines_refs_round_trip(connector: str, line: int, chat: str, user: str) -> None:
    text = f"{connector}|{line}|{chat}|{user}"
    assert EntityRef.parse("LINES", text).id == text


# ----- what the batch would substitute, bytes that are not text, the real LIVECHAT shape ----


@pytest.mark.parametrize(
    "marker", ["$result[", "$next[", "$total[", "$time[", "$error[", "$RESULT["]
)
def test_an_id_the_batch_would_substitute_is_refused(marker: str) -> None:
    for kind, entity_id in (("LIVECHAT", f"3|{marker}c0]"), ("TASKS", f"{marker}c0][ID]")):
        with pytest.raises(InvalidInputError, match="batch replaces") as caught:
            EntityRef.parse(kind, entity_id)
        assert marker in str(caught.value)


def test_bytes_that_were_not_utf8_are_refused_not_sent() -> None:
    undecodable = b"\xff\xfe".decode("utf-8", "surrogateescape")  # how argv holds them
    with pytest.raises(InvalidInputError, match="not valid text") as caught:
        EntityRef.parse("TASKS", undecodable)
    assert caught.value.exit_code == EXIT_INVALID
    str(caught.value).encode("utf-8")  # the sentence itself can be printed


def test_livechat_shape_is_line_and_client_user() -> None:
    shape = shape_of(EntityType.LIVECHAT)
    assert shape.example == "3|25" and "livechat|1" not in shape.hint
    assert "lineId" in shape.pattern and "3|25" in shape.hint
    assert EntityRef.parse("LIVECHAT", "3|25").id == "3|25"
    assert shape_warning(EntityRef.parse("LIVECHAT", "3|25")) is None


def test_a_non_numeric_livechat_id_is_sent_with_a_warning() -> None:
    ref = EntityRef.parse("LIVECHAT", "livechat|1")  # still accepted: never refuse a shape
    warning = shape_warning(ref)
    assert warning is not None and "likely find nothing" in warning and "3|25" in warning
    assert shape_warning(EntityRef.parse("CRM", "LEAD|1")) is None
