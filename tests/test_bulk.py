"""lookup_many: 50 commands a request, input order kept, invalid rows never sent, faults kept
to their rows, cancel between requests. Against the emulator, plus MockTransport for shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gui.bitrix import errors
from gui.bitrix.bulk import MAX_WINDOW, BulkItem, BulkRow, lookup_many
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    chats = {("CRM", f"LEAD|{n}"): 1000 + n for n in range(1, 200) if n % 7}
    with PortalEmulator(rate=100.0, burst=50, chats=chats) as emulator:
        yield emulator


@pytest.fixture
def client(portal: PortalEmulator) -> Iterator[BitrixClient]:
    config = ClientConfig(rate=100.0, burst=50, timeout=2.0, max_attempts=2, backoff=0.01)
    with BitrixClient(WebhookUrl.parse(portal.webhook_url), config) as made:
        yield made


def leads(numbers: range | list[int]) -> list[BulkItem]:
    return [BulkItem.parse(line, "CRM", f"lead|{n}") for line, n in enumerate(numbers, 1)]


def run(client: BitrixClient, items: list[BulkItem], **kwargs: Any) -> list[list[BulkRow]]:
    return list(lookup_many(client, items, **kwargs))


def expected_chat(n: int) -> int | None:
    return 1000 + n if n % 7 else None


def test_bulk_item_parse() -> None:
    good = BulkItem.parse(3, " crm ", " lead|13 ")
    assert good.ref is not None and good.error is None
    assert (good.line, good.entity_type, good.entity_id) == (3, "CRM", "LEAD|13")
    bad = BulkItem.parse(4, "CRM", " LEAD-13 ")
    assert bad.ref is None and isinstance(bad.error, errors.InvalidInputError)
    assert bad.entity_id == "LEAD-13"
    assert isinstance(BulkItem.parse(5, "WHAT", "1").error, errors.InvalidInputError)


def test_120_rows_take_3_requests_in_input_order(
    portal: PortalEmulator, client: BitrixClient
) -> None:
    numbers = list(range(120, 0, -1))  # descending: order must follow the input, not the IDs
    progress: list[int] = []
    batches = run(client, leads(numbers), progress=progress.append)
    assert [len(b) for b in batches] == [50, 50, 20]
    rows = [row for batch in batches for row in batch]
    assert [row.item.line for row in rows] == list(range(1, 121))
    assert [row.chat_id for row in rows] == [expected_chat(n) for n in numbers]
    assert {row.status for row in rows} == {"found", "no chat"}
    assert progress == [50, 100, 120]
    stats = portal.stats.snapshot()
    assert stats.by_method == {"batch": 3}
    assert stats.commands == 120


def test_invalid_rows_are_not_sent_and_keep_their_error(
    portal: PortalEmulator, client: BitrixClient
) -> None:
    items = [
        BulkItem.parse(1, "CRM", "LEAD|1"),
        BulkItem.parse(2, "CRM", "LEAD 2"),
        BulkItem.parse(3, "CRM", ""),
        BulkItem.parse(4, "LINES", "tg|x"),
        BulkItem.parse(5, "CRM", "LEAD|3"),
    ]
    rows = [row for batch in run(client, items) for row in batch]
    assert [row.status for row in rows] == ["found", "error", "error", "error", "found"]
    for row in rows[1:4]:
        assert isinstance(row.error, errors.InvalidInputError)
        assert row.error is row.item.error
    assert portal.stats.snapshot().commands == 2


def test_only_invalid_rows_send_nothing(portal: PortalEmulator, client: BitrixClient) -> None:
    items = [BulkItem.parse(n, "CRM", "nope") for n in range(1, MAX_WINDOW + 500)]
    batches = run(client, items)
    assert all(len(batch) <= MAX_WINDOW for batch in batches)  # memory stays bounded
    assert sum(len(batch) for batch in batches) == len(items)
    assert portal.stats.snapshot().requests == 0


def test_duplicates_in_a_batch_are_sent_once(portal: PortalEmulator, client: BitrixClient) -> None:
    items = leads([1, 2, 1, 1, 2, 3])
    rows = [row for batch in run(client, items) for row in batch]
    assert [row.chat_id for row in rows] == [1001, 1002, 1001, 1001, 1002, 1003]
    assert portal.stats.snapshot().commands == 3


def test_duplicates_do_not_count_toward_the_50(
    portal: PortalEmulator, client: BitrixClient
) -> None:
    numbers = [n for n in range(1, 51) for _ in range(2)]  # 100 rows, 50 distinct refs
    assert len(run(client, leads(numbers))) == 1
    assert portal.stats.snapshot().by_method == {"batch": 1}


def test_per_command_errors_stay_on_their_row(portal: PortalEmulator, client: BitrixClient) -> None:
    portal.inject(Fault("http500"), count=1, method="im.chat.get")
    portal.inject(Fault("429"), count=1, method="im.chat.get")
    rows = [row for batch in run(client, leads([1, 2, 3, 4])) for row in batch]
    assert isinstance(rows[0].error, errors.ServerError)
    assert isinstance(rows[1].error, errors.OperationLimitError)
    assert [row.chat_id for row in rows[2:]] == [1003, 1004]
    assert [row.status for row in rows] == ["error", "error", "found", "found"]


def test_whole_request_failure_marks_all_later_rows_without_sending(
    portal: PortalEmulator, client: BitrixClient
) -> None:
    portal.inject(Fault("http500"), count=100)
    items = [*leads(range(1, 121)), BulkItem.parse(121, "CRM", "bad")]
    batches = run(client, items)
    rows = [row for batch in batches for row in batch]
    assert len(rows) == 121
    assert all(isinstance(row.error, errors.ServerError) for row in rows[:120])
    assert isinstance(rows[120].error, errors.InvalidInputError)  # its own error wins
    assert portal.stats.snapshot().requests == 2  # max_attempts of the first batch, no more


def test_cancel_between_requests(portal: PortalEmulator, client: BitrixClient) -> None:
    seen: list[list[BulkRow]] = []
    for batch in lookup_many(client, leads(range(1, 121)), cancelled=lambda: bool(seen)):
        seen.append(batch)
    assert [len(batch) for batch in seen] == [50]
    assert portal.stats.snapshot().by_method == {"batch": 1}


def test_batch_size_is_clamped(portal: PortalEmulator, client: BitrixClient) -> None:
    assert [len(b) for b in run(client, leads(range(1, 11)), batch_size=4)] == [4, 4, 2]
    assert len(run(client, leads(range(1, 121)), batch_size=500)) == 3
    assert len(run(client, leads(range(1, 4)), batch_size=0)) == 3


def test_an_empty_input_yields_nothing(client: BitrixClient) -> None:
    assert run(client, []) == []


# ----- the PHP shapes, narrowly -------------------------------------------------------------


def scripted(*answers: Any) -> tuple[BitrixClient, list[dict[str, Any]]]:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"result": answers[len(sent) - 1]})

    hook = WebhookUrl.parse("https://portal.example.com/rest/1/abcd0123token/")
    return BitrixClient(hook, transport=httpx.MockTransport(handler)), sent


def test_keys_are_not_numbers_and_both_shapes_are_read() -> None:
    client, sent = scripted(
        {"result": {"c0": {"ID": 5}, "c1": None, "c2": 7}, "result_error": []},
        {
            "result": [],
            "result_error": {"c0": {"error": "ACCESS_DENIED", "error_description": "no"}},
        },
    )
    with client:
        first = [r for b in lookup_many(client, leads([1, 2, 3])) for r in b]
        second = [r for b in lookup_many(client, leads([9])) for r in b]
    keys = list(sent[0]["cmd"])
    assert keys == ["c0", "c1", "c2"] and not any(k.isdigit() for k in keys)
    assert sent[0]["cmd"]["c1"] == "im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C2"
    assert [r.chat_id for r in first] == [5, None, 7]
    assert isinstance(second[0].error, errors.ScopeError)


def test_a_nonsense_command_result_is_that_rows_error() -> None:
    client, _ = scripted({"result": {"c0": "chat?", "c1": {"ID": 2}}, "result_error": []})
    with client:
        rows = [r for b in lookup_many(client, leads([1, 2])) for r in b]
    assert isinstance(rows[0].error, errors.BadResponseError)
    assert rows[1].chat_id == 2


# ----- commands the portal did not run ------------------------------------------------------


def test_a_command_absent_from_both_parts_is_retried_once_then_an_error() -> None:
    client, sent = scripted(
        {"result": {"c0": {"ID": 5}}, "result_error": []},  # c1, c2 did not run
        {"result": {"c1": None}, "result_error": []},  # c1 ran (no chat); c2 still not
    )
    with client:
        rows = [r for b in lookup_many(client, leads([1, 2, 3])) for r in b]
    assert list(sent[1]["cmd"]) == ["c1", "c2"]
    assert [r.status for r in rows] == ["found", "no chat", "error"]
    assert isinstance(rows[2].error, errors.NotRunError)
    assert rows[2].error.exit_code == errors.EXIT_NETWORK


def test_a_failed_command_is_not_resent_when_others_did_not_run() -> None:
    client, sent = scripted(
        {"result": [], "result_error": {"c0": {"error": "ACCESS_DENIED"}}},
        {"result": {"c1": {"ID": 8}}, "result_error": []},
    )
    with client:
        rows = [r for b in lookup_many(client, leads([1, 2])) for r in b]
    assert len(sent) == 2 and list(sent[1]["cmd"]) == ["c1"]
    assert isinstance(rows[0].error, errors.ScopeError) and rows[1].chat_id == 8


@pytest.mark.parametrize(
    "answer",
    [
        {"result": [{"ID": 4}, None, {"ID": 6}], "result_error": []},  # result as a list
        {"result": {"c0": {"ID": 4}}, "result_error": [{"error": "X"}]},  # errors as a list
    ],
)
def test_a_list_where_the_keyed_map_belongs_is_a_bad_response(answer: dict[str, Any]) -> None:
    client, _ = scripted(answer)
    with client:
        rows = [r for b in lookup_many(client, leads([1, 2, 3])) for r in b]
    assert [r.status for r in rows] == ["error"] * 3
    assert all(isinstance(r.error, errors.BadResponseError) for r in rows)
