"""The emulated portal's semantics without HTTP: the model the server and the demo share."""

from __future__ import annotations

import urllib.parse

import pytest
from fakes import FakeClock

from gui.demo.faults import Fault
from gui.demo.outcome import SpoiledAnswer
from gui.demo.portal import MAX_BATCH, Portal


def command(method: str, **params: str) -> str:
    return f"{method}?{urllib.parse.urlencode(params)}"


def test_chat_get_answers_from_the_binding_table() -> None:
    portal = Portal(chats={("CRM", "LEAD|1"): 11})
    assert portal.call("im.chat.get", {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|1"}).result == {
        "ID": 11
    }
    assert portal.call("im.chat.get", {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|2"}).result is None
    assert portal.call("im.chat.get", {}).result is None  # malformed input: null, as the portal
    assert portal.stats.commands == 3


def test_scope_and_unknown_method_are_refused_before_running() -> None:
    portal = Portal(scopes=("crm",))
    refused = portal.call("im.chat.get", {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|1"})
    assert (refused.status, refused.error) == (403, "insufficient_scope")
    assert portal.call("no.such.method", {}).error == "ERROR_METHOD_NOT_FOUND"
    assert portal.stats.commands == 0


def test_batch_copies_nulls_and_refuses_nesting_and_length() -> None:
    portal = Portal(chats={("CRM", "LEAD|1"): 11})
    cmd = {
        "a": command("im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|1"),
        "b": command("im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|9"),
        "c": "batch?halt=0",
    }
    answer = portal.call("batch", {"cmd": cmd}).result
    assert answer["result"] == {"a": {"ID": 11}, "b": None}
    assert answer["result_error"]["c"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"
    too_long = {f"k{i}": "profile" for i in range(MAX_BATCH + 1)}
    assert portal.call("batch", {"cmd": too_long}).error == "ERROR_BATCH_LENGTH_EXCEEDED"


def test_faults_inside_a_batch_become_errors_or_spoil_the_answer() -> None:
    portal = Portal(chats={("CRM", "LEAD|1"): 11})
    cmd = {"a": command("im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|1")}
    portal.inject(Fault("503"), method="im.chat.get")
    answer = portal.call("batch", {"cmd": cmd}).result
    assert answer["result_error"]["a"]["error"] == "QUERY_LIMIT_EXCEEDED"
    portal.inject(Fault("html"), method="im.chat.get")
    with pytest.raises(SpoiledAnswer):
        portal.call("batch", {"cmd": cmd})


def test_admission_follows_the_leaky_bucket() -> None:
    clock = FakeClock()
    portal = Portal(rate=2, burst=3, clock=clock)
    assert [portal.admit("profile") for _ in range(4)] == [True, True, True, False]
    clock.advance(0.5)
    assert portal.admit("profile")
    assert (portal.stats.admitted, portal.stats.rejected_503) == (4, 1)


def test_credentials_and_repr_keep_the_token() -> None:
    portal = Portal(user_id=3, token="tok3n0000")
    assert portal.credentials_ok("3", "tok3n0000")
    assert not portal.credentials_ok("3", "tok3n0001")
    assert not portal.credentials_ok("4", "tok3n0000")
    assert "tok3n" not in repr(portal)
