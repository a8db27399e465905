"""BitrixClient: answers parsed, faults retried within bounds, every error the right kind with
no token in it. Unit cases over httpx.MockTransport with a fake clock; then the real emulator."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakes import FakeClock

from gui.bitrix import errors
from gui.bitrix.answers import parse_batch, parse_chat_id
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig, ClientEvent, EventKind, paced_rate
from gui.bitrix.entities import EntityRef
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator

TOKEN = "s3cr3ttoken0abcd"
_JSON = "application/json"
HOOK = WebhookUrl.parse(f"https://portal.example.com/rest/1/{TOKEN}/")
LEAD = EntityRef.parse("CRM", "LEAD|13")
Handler = Callable[[httpx.Request], httpx.Response]


class Portal:
    """A scripted portal: answers in order, the last one repeats; records every request."""

    def __init__(self, *answers: Handler | httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return answer(request) if callable(answer) else answer


def ok(result: Any) -> httpx.Response:
    return httpx.Response(200, json={"result": result, "time": {"operating": 0}})


def fail(status: int, code: str, description: str = "") -> httpx.Response:
    return httpx.Response(status, json={"error": code, "error_description": description})


def html(status: int) -> httpx.Response:
    return httpx.Response(
        status, text="<html><body>Bad gateway</body></html>", headers={"content-type": "text/html"}
    )


def raising(exc: type[httpx.RequestError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc(f"failed {request.url}", request=request)  # httpx puts the URL in messages

    return handler


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(5000.0)


@pytest.fixture
def events() -> list[ClientEvent]:
    return []


@pytest.fixture
def make(clock: FakeClock, events: list[ClientEvent]) -> Iterator[Callable[..., BitrixClient]]:
    made: list[BitrixClient] = []

    def make(portal: Portal, **config: Any) -> BitrixClient:
        client = BitrixClient(
            HOOK,
            ClientConfig(**config),
            transport=httpx.MockTransport(portal),
            on_event=events.append,
            clock=clock,
            sleep=clock.sleep,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


# ----- answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "chat"),
    [
        ({"ID": 1437}, 1437),
        (10, 10),
        ("25", 25),
        (" 7 ", 7),
        ({"ID": "12"}, 12),
        ({"ID": 2**63 - 1}, 2**63 - 1),
        (None, None),
        ({"ID": None}, None),
        (False, None),
        (0, None),
        ("", None),
    ],
)
def test_chat_id_shapes(make: Callable[..., BitrixClient], result: Any, chat: int | None) -> None:
    portal = Portal(ok(result))
    assert make(portal).chat_id(LEAD) == chat
    request = portal.requests[0]
    assert request.method == "POST"
    assert request.url.path == f"/rest/1/{TOKEN}/im.chat.get.json"
    assert json.loads(request.content) == {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|13"}


@pytest.mark.parametrize(
    "result",
    [
        "abc",
        -1,
        [1],
        {"X": 1},
        "²",
        1.5,
        "9" * 5000,
        2**63,  # past a signed 64-bit chat ID
        {"ID": 99999999999999999999999},
        {"ID": "9223372036854775808"},
        "9999999999999999999",  # 19 digits, still past 64 bits
        {"ID": {"ID": 5}},
    ],
)
def test_chat_id_nonsense_is_a_bad_response(result: Any) -> None:
    with pytest.raises(errors.BadResponseError):
        parse_chat_id(result)


def test_a_deeply_nested_answer_is_a_bad_response(make: Callable[..., BitrixClient]) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    client = make(Portal(httpx.Response(200, content=nested, headers={"content-type": _JSON})))
    with pytest.raises(errors.BadResponseError, match="nested"):
        client.chat_id(LEAD)


def test_an_answer_past_the_size_cap_is_cut_off(make: Callable[..., BitrixClient]) -> None:
    huge = b'{"result": "' + b"x" * 5000 + b'"}'
    portal = Portal(httpx.Response(200, content=huge, headers={"content-type": _JSON}))
    with pytest.raises(errors.BadResponseError, match="larger than"):
        make(portal, max_answer_bytes=4096).chat_id(LEAD)
    assert len(portal.requests) == 1  # not retried: the same answer would come again


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (503, "OVERLOAD_LIMIT", errors.BlockedError),
        (500, "INVALID_CREDENTIALS", errors.AuthError),
        (503, "insufficient_scope", errors.ScopeError),
        (500, "ERROR_BATCH_LENGTH_EXCEEDED", errors.ServerError),
        (503, "ERROR_BATCH_METHOD_NOT_ALLOWED", errors.ServerError),
    ],
)
def test_codes_a_retry_cannot_fix_are_never_retried(
    make: Callable[..., BitrixClient], status: int, code: str, kind: type[errors.BitrixError]
) -> None:
    portal = Portal(fail(status, code, "no"))
    with pytest.raises(kind) as caught:
        make(portal).chat_id(LEAD)
    assert len(portal.requests) == 1
    assert caught.value.code == code


def test_overload_limit_says_to_contact_support(make: Callable[..., BitrixClient]) -> None:
    with pytest.raises(errors.BlockedError, match="Bitrix24 support") as caught:
        make(Portal(fail(503, "OVERLOAD_LIMIT"))).chat_id(LEAD)
    assert caught.value.exit_code == errors.EXIT_REFUSED


def test_an_unusable_ca_bundle_is_a_tls_error_on_use(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    client = BitrixClient(HOOK, ClientConfig(ca_bundle=str(junk)))
    with client, pytest.raises(errors.NetworkError, match="CA bundle") as caught:
        client.chat_id(LEAD)
    assert caught.value.code == "TLS"
    junk.unlink()  # a bundle that disappears later
    with pytest.raises(errors.NetworkError, match="CA bundle"):
        BitrixClient(HOOK, ClientConfig(ca_bundle=str(junk))).chat_id(LEAD)


def test_profile_and_scopes(make: Callable[..., BitrixClient]) -> None:
    client = make(Portal(ok({"ID": "1", "ADMIN": True}), ok(["im", "crm"]), ok("oops")))
    assert client.profile()["ADMIN"] is True
    assert client.scopes() == ["im", "crm"]
    with pytest.raises(errors.BadResponseError):
        client.profile()


def test_answer_without_result_is_a_bad_response(make: Callable[..., BitrixClient]) -> None:
    with pytest.raises(errors.BadResponseError):
        make(Portal(httpx.Response(200, json={"something": 1}))).chat_id(LEAD)


# ----- rate limits --------------------------------------------------------------------------


def test_query_limit_marks_bucket_full_retries_and_succeeds(
    make: Callable[..., BitrixClient], clock: FakeClock, events: list[ClientEvent]
) -> None:
    limit = fail(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    portal = Portal(limit, limit, ok({"ID": 5}))
    client = make(portal, rate=2.0, burst=50)
    assert client.chat_id(LEAD) == 5
    assert len(portal.requests) == 3
    assert client.stats.rate_limited == 2 and client.stats.requests == 3
    # The bucket believed the portal: the first retry waited one drain step (1 / rate), the
    # second 503 in a row twice that.
    assert clock.now - 5000.0 == pytest.approx(3 / paced_rate(2.0), rel=1e-6)
    assert [e.reason for e in events if e.kind == "retrying"] == ["rate limit", "rate limit"]
    assert [e.kind for e in events].count(EventKind.WAITING) == 2


def test_query_limit_gives_up_after_max_rate_limited(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(fail(503, "QUERY_LIMIT_EXCEEDED"))
    with pytest.raises(errors.RateLimitError) as caught:
        make(portal, max_rate_limited=3).chat_id(LEAD)
    assert len(portal.requests) == 4
    assert caught.value.exit_code == errors.EXIT_NETWORK


def test_a_503_storm_backs_off_exponentially_to_a_cap(
    make: Callable[..., BitrixClient], clock: FakeClock, events: list[ClientEvent]
) -> None:
    limit = fail(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    portal = Portal(*[limit] * 8, ok({"ID": 5}))
    client = make(portal, rate=2.0, burst=50)
    assert client.chat_id(LEAD) == 5
    interval = 1 / paced_rate(2.0)
    expected = [
        interval,
        2 * interval,
        4 * interval,
        8 * interval,
        16 * interval,
        32 * interval,
        30.0,
        30.0,
    ]  # 64 intervals would be over the 30 s cap
    waits = [e.seconds for e in events if e.kind == "retrying"]
    assert waits == pytest.approx(expected, rel=1e-6)
    assert [e.attempt for e in events if e.kind == "retrying"] == list(range(1, 9))
    assert clock.now - 5000.0 == pytest.approx(sum(expected), rel=1e-6)
    assert len(portal.requests) == 9


def test_a_503_after_another_fault_costs_one_interval_again(
    make: Callable[..., BitrixClient], clock: FakeClock, events: list[ClientEvent]
) -> None:
    limit = fail(503, "QUERY_LIMIT_EXCEEDED")
    portal = Portal(limit, limit, fail(500, "INTERNAL_SERVER_ERROR"), limit, ok({"ID": 5}))
    assert make(portal, rate=2.0, backoff=0.5).chat_id(LEAD) == 5
    interval = 1 / paced_rate(2.0)
    assert [e.seconds for e in events if e.kind == "retrying"] == pytest.approx(
        [interval, 2 * interval, 0.5, interval], rel=1e-6
    )


def test_a_503_storm_gives_up_after_the_default_bound(
    make: Callable[..., BitrixClient], clock: FakeClock
) -> None:
    portal = Portal(fail(503, "QUERY_LIMIT_EXCEEDED"))
    client = make(portal)
    with pytest.raises(errors.RateLimitError):
        client.chat_id(LEAD)
    assert len(portal.requests) == ClientConfig().max_rate_limited + 1 == 11
    # every wait is inside the bound the help text promises
    assert clock.now - 5000.0 <= ClientConfig().worst_case_seconds()


def operation_limit(reset_in: float) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            json={
                "error": "OPERATION_TIME_LIMIT",
                "error_description": "blocked",
                "time": {"operating_reset_at": time.time() + reset_in},
            },
        )

    return handler


def test_operation_limit_waits_for_a_near_reset(
    make: Callable[..., BitrixClient], clock: FakeClock, events: list[ClientEvent]
) -> None:
    portal = Portal(operation_limit(5.0), ok(10))
    assert make(portal).chat_id(LEAD) == 10
    retry = [e for e in events if e.kind == "retrying"]
    assert len(retry) == 1 and retry[0].reason == "operation time limit"
    assert retry[0].seconds == pytest.approx(5.0, abs=0.5)
    assert clock.now - 5000.0 == pytest.approx(retry[0].seconds, abs=0.06)


def test_operation_limit_far_away_raises_at_once(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(operation_limit(100.0), ok(10))
    with pytest.raises(errors.OperationLimitError):
        make(portal, operation_wait_max=30.0).chat_id(LEAD)
    assert len(portal.requests) == 1


def test_operation_limit_twice_raises(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(operation_limit(1.0))
    with pytest.raises(errors.OperationLimitError):
        make(portal).chat_id(LEAD)
    assert len(portal.requests) == 2


def test_operation_limit_without_reset_time_raises(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(fail(429, "OPERATION_TIME_LIMIT"), ok(1))
    with pytest.raises(errors.OperationLimitError):
        make(portal).chat_id(LEAD)
    assert len(portal.requests) == 1


def test_waiting_for_the_bucket_is_reported(
    make: Callable[..., BitrixClient], events: list[ClientEvent]
) -> None:
    client = make(Portal(ok(1)), rate=2.0, burst=1)
    client.chat_id(LEAD)
    assert events == []
    client.chat_id(LEAD)
    assert [(e.kind, e.reason) for e in events] == [("waiting", "rate limit")]
    assert events[0].seconds == pytest.approx(1 / paced_rate(2.0))


# ----- transient faults ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (fail(500, "INTERNAL_SERVER_ERROR"), errors.ServerError),
        (fail(503, "SERVICE_UNAVAILABLE"), errors.ServerError),
        (html(502), errors.ServerError),
        (raising(httpx.ReadTimeout), errors.NetworkError),
        (raising(httpx.ConnectTimeout), errors.NetworkError),
        (raising(httpx.ConnectError), errors.NetworkError),
        (raising(httpx.RemoteProtocolError), errors.NetworkError),
        (raising(httpx.ReadError), errors.NetworkError),
    ],
)
def test_transient_faults_are_retried_with_backoff_then_raised(
    make: Callable[..., BitrixClient],
    events: list[ClientEvent],
    fault: Handler | httpx.Response,
    kind: type[errors.BitrixError],
) -> None:
    portal = Portal(fault)
    client = make(portal, max_attempts=4, backoff=0.5, backoff_max=1.5)
    with pytest.raises(kind) as caught:
        client.chat_id(LEAD)
    assert len(portal.requests) == 4
    retries = [e for e in events if e.kind == "retrying"]
    assert [e.seconds for e in retries] == [0.5, 1.0, 1.5]  # doubling, capped
    assert [e.attempt for e in retries] == [2, 3, 4]
    assert client.stats.retries == 3
    assert caught.value.exit_code == errors.EXIT_NETWORK
    assert TOKEN not in str(caught.value)


def test_a_fault_then_success(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(fail(500, "INTERNAL_SERVER_ERROR"), raising(httpx.ReadError), ok({"ID": 3}))
    assert make(portal).chat_id(LEAD) == 3
    assert len(portal.requests) == 3


# ----- refusals: no retry, right kind, no token ---------------------------------------------


@pytest.mark.parametrize(
    ("answer", "kind", "exit_code"),
    [
        (fail(401, "INVALID_CREDENTIALS", "Invalid request credentials"), errors.AuthError, 3),
        (fail(401, "NO_AUTH_FOUND", "Wrong authorization data"), errors.AuthError, 3),
        (fail(403, "insufficient_scope", "higher privileges"), errors.ScopeError, 3),
        (fail(403, "ACCESS_DENIED", "Access denied"), errors.ScopeError, 3),
        (fail(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"), errors.MethodNotFoundError, 3),
        (fail(400, "ERROR_ARGUMENT", "Bad argument"), errors.PortalError, 3),
        (html(401), errors.AuthError, 3),
        (html(403), errors.ScopeError, 3),
        (html(404), errors.MethodNotFoundError, 3),
        (html(200), errors.BadResponseError, 4),
        (httpx.Response(200, content=b'{"result": {"ID"'), errors.BadResponseError, 4),
        (httpx.Response(200, content=b"\xff\xfe\x00garbage"), errors.BadResponseError, 4),
    ],
)
def test_refusals_are_not_retried(
    make: Callable[..., BitrixClient],
    answer: httpx.Response,
    kind: type[errors.BitrixError],
    exit_code: int,
) -> None:
    portal = Portal(answer)
    with pytest.raises(kind) as caught:
        make(portal).chat_id(LEAD)
    assert type(caught.value) is kind
    assert len(portal.requests) == 1
    assert caught.value.exit_code == exit_code


def echo_url(status: int, code: str) -> Handler:
    """A proxy or portal that repeats the request URL, token included, in its answer."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, json={"error": code, "error_description": f"at {request.url}"}
        )

    return handler


@pytest.mark.parametrize(
    "answer",
    [
        echo_url(401, "INVALID_CREDENTIALS"),
        echo_url(403, "insufficient_scope"),
        echo_url(404, "ERROR_METHOD_NOT_FOUND"),
        echo_url(400, "ERROR_CORE"),
        echo_url(500, "INTERNAL_SERVER_ERROR"),
        echo_url(503, "QUERY_LIMIT_EXCEEDED"),
        echo_url(429, "OPERATION_TIME_LIMIT"),
        html(502),
        html(200),
        html(404),
        raising(httpx.ConnectError),
        raising(httpx.ReadTimeout),
        raising(httpx.RemoteProtocolError),
        raising(httpx.ProxyError),
        raising(httpx.UnsupportedProtocol),
    ],
)
def test_the_token_is_never_in_an_error(
    make: Callable[..., BitrixClient], answer: Handler | httpx.Response
) -> None:
    client = make(Portal(answer), max_attempts=2, max_rate_limited=1)
    with pytest.raises(errors.BitrixError) as caught:
        client.chat_id(LEAD)
    error = caught.value
    for shown in (str(error), repr(error), error.message, error.detail, error.code):
        assert TOKEN not in shown
    assert TOKEN not in repr(client.webhook)


# ----- cancellation and listeners -----------------------------------------------------------


def test_cancelled_before_a_request_sends_nothing(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(ok(1))
    with pytest.raises(errors.CancelledError):
        make(portal).chat_id(LEAD, cancelled=lambda: True)
    assert portal.requests == []


def test_cancel_stops_between_requests(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(ok(1))
    client = make(portal)
    flag = threading.Event()
    assert client.chat_id(LEAD, cancelled=flag.is_set) == 1
    flag.set()
    with pytest.raises(errors.CancelledError):
        client.chat_id(LEAD, cancelled=flag.is_set)
    assert len(portal.requests) == 1


def test_cancel_during_backoff_stops_retrying(
    make: Callable[..., BitrixClient], clock: FakeClock
) -> None:
    portal = Portal(fail(500, "INTERNAL_SERVER_ERROR"))
    client = make(portal, max_attempts=10, backoff=5.0)
    start = clock.now
    with pytest.raises(errors.CancelledError):
        client.chat_id(LEAD, cancelled=lambda: clock.now - start > 1.0)
    assert len(portal.requests) == 1


def test_a_broken_listener_does_not_break_the_lookup(clock: FakeClock) -> None:
    def listener(event: ClientEvent) -> None:
        raise RuntimeError("listener bug")

    portal = Portal(fail(500, "INTERNAL_SERVER_ERROR"), ok(9))
    with BitrixClient(
        HOOK,
        transport=httpx.MockTransport(portal),
        on_event=listener,
        clock=clock,
        sleep=clock.sleep,
    ) as client:
        assert client.chat_id(LEAD) == 9


# ----- batch --------------------------------------------------------------------------------


def test_batch_sends_commands_and_reads_both_php_shapes(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(
        ok({"result": {"a": {"ID": 1}, "b": None}, "result_error": []}),
        ok({"result": {"a": None}, "result_error": {"b": {"error": "ACCESS_DENIED"}}}),
    )
    client = make(portal)
    commands = {
        "a": ("im.chat.get", {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|1"}),
        "b": ("im.chat.get", {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|7"}),
    }
    first = client.batch(commands)
    assert first.results == {"a": {"ID": 1}, "b": None} and first.errors == {}
    assert first.missing == ()
    body = json.loads(portal.requests[0].content)
    assert portal.requests[0].url.path.endswith("/batch.json")
    assert body["cmd"]["b"] == "im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C7"
    second = client.batch(commands)
    assert second.results == {"a": None}
    assert isinstance(second.errors["b"], errors.ScopeError)


def test_batch_limits(make: Callable[..., BitrixClient]) -> None:
    portal = Portal(ok({}))
    client = make(portal)
    assert client.batch({}).results == {}
    assert portal.requests == []
    with pytest.raises(ValueError):
        client.batch({f"k{i}": ("im.chat.get", {}) for i in range(51)})


def test_parse_batch_a_key_in_neither_part_did_not_run() -> None:
    parsed = parse_batch({"result": {"a": None}, "result_error": []}, ["a", "b"])
    assert parsed.results == {"a": None} and parsed.missing == ("b",)
    assert isinstance(parsed.errors["b"], errors.NotRunError)


def test_parse_batch_a_list_for_our_keys_is_a_bad_response() -> None:
    with pytest.raises(errors.BadResponseError, match="list"):
        parse_batch({"result": [{"ID": 4}, None], "result_error": []}, ["c0", "c1"])
    with pytest.raises(errors.BadResponseError, match="list"):
        parse_batch({"result": {}, "result_error": [{"error": "X"}]}, ["c0"])


def test_parse_batch_numeric_keys_as_list() -> None:
    parsed = parse_batch({"result": [{"ID": 4}, None], "result_error": []}, ["0", "1"])
    assert parsed.results == {"0": {"ID": 4}, "1": None}
    with pytest.raises(errors.BadResponseError):
        parse_batch([1, 2], ["0"])
    with pytest.raises(errors.BadResponseError):
        parse_batch({"result": "text"}, ["0"])


def test_worst_case_is_bounded() -> None:
    config = ClientConfig(
        timeout=2.0, max_attempts=3, backoff=0.5, backoff_max=8.0, operation_wait_max=10.0
    )
    # Each attempt at most 2 x timeout: 3 fault attempts + 10 rate-limited + 1 after a 429's wait.
    interval = 1 / paced_rate(config.rate)
    storm = sum(min(30.0, interval * 2**n) for n in range(10))
    assert config.worst_case_seconds() == pytest.approx(
        (3 + 10 + 1) * 2 * 2.0 + 0.5 + 1.0 + storm + 10.0
    )
    assert config.attempt_seconds() == 2 * config.timeout


# ----- against the emulator -----------------------------------------------------------------


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100.0, burst=50) as emulator:
        yield emulator


def real_client(
    emulator: PortalEmulator, events: list[ClientEvent] | None = None, **config: Any
) -> BitrixClient:
    settings = {"rate": 100.0, "burst": 50, "timeout": 2.0, "backoff": 0.01, **config}
    return BitrixClient(
        WebhookUrl.parse(emulator.webhook_url),
        ClientConfig(**settings),
        on_event=None if events is None else events.append,
    )


@pytest.mark.parametrize(
    ("kind", "entity_id", "chat"),
    [
        ("CRM", "lead|1", 1001),
        ("CRM", "LEAD|7", None),
        ("CRM", "CONTACT|25", 3025),
        ("CRM", "DYNAMIC_128|3", 5003),
        ("LINES", "telegrambot|2|209607941|744", 6001),
        ("LIVECHAT", "3|25", 6002),
        ("CRM", "LEAD|999", None),
    ],
)
def test_emulator_lookups(kind: str, entity_id: str, chat: int | None) -> None:
    with (
        PortalEmulator(chats=PortalEmulator.sample_chats()) as emulator,
        real_client(emulator) as client,
    ):
        assert client.chat_id(EntityRef.parse(kind, entity_id)) == chat


def test_emulator_int_result_shape() -> None:
    with (
        PortalEmulator(chats={("CRM", "DEAL|5"): 77}, result_shape="int") as emulator,
        real_client(emulator) as client,
    ):
        assert client.chat_id(EntityRef.parse("CRM", "DEAL|5")) == 77


def test_emulator_profile_and_scope(portal: PortalEmulator) -> None:
    with real_client(portal) as client:
        assert client.profile()["ID"] == "1"
        assert "im" in client.scopes()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Fault("503"), "rate limit"),
        (Fault("http500"), "server"),
        (Fault("html"), "server"),
        (Fault("reset"), "network"),
        (Fault("slow", seconds=3.0), "network"),
    ],
)
def test_emulator_faults_are_retried(portal: PortalEmulator, fault: Fault, reason: str) -> None:
    portal.set_chat("CRM", "LEAD|13", 1313)
    portal.inject(fault, count=1)
    events: list[ClientEvent] = []
    # The timeout only has to cut the 3 s "slow" fault; 0.6 s leaves a loaded machine room for
    # the retried request's answer (0.3 s made a slow retry count as a second, network, retry).
    with real_client(portal, events, timeout=0.6) as client:
        assert client.chat_id(LEAD) == 1313
    assert [e.reason for e in events if e.kind == "retrying"] == [reason]


def test_a_trickling_answer_is_cut_at_the_timeout(portal: PortalEmulator) -> None:
    portal.inject(Fault("trickle", seconds=0.1), count=5)
    started = time.monotonic()
    with (
        real_client(portal, timeout=0.5, max_attempts=1) as client,
        pytest.raises(errors.NetworkError, match=r"did not answer within 0\.5 s"),
    ):
        client.chat_id(LEAD)
    assert time.monotonic() - started < 1.5


def test_worst_case_bounds_a_lookup_against_a_trickling_portal(portal: PortalEmulator) -> None:
    portal.inject(Fault("trickle", seconds=0.05), count=10)
    config = ClientConfig(rate=100.0, timeout=0.25, max_attempts=3, backoff=0.01)
    started = time.monotonic()
    with (
        BitrixClient(WebhookUrl.parse(portal.webhook_url), config) as client,
        pytest.raises(errors.NetworkError),
    ):
        client.chat_id(LEAD)
    elapsed = time.monotonic() - started
    assert portal.stats.snapshot().admitted == 3  # every attempt trickled, and was cut
    assert elapsed < config.worst_case_seconds()
    # the fault part of the bound on its own: attempts x (2 x timeout) + backoffs
    assert elapsed < 3 * config.attempt_seconds() + 0.01 + 0.02


def test_emulator_persistent_fault_ends_in_server_error(portal: PortalEmulator) -> None:
    portal.inject(Fault("http500"), count=10)
    with real_client(portal, max_attempts=3) as client, pytest.raises(errors.ServerError):
        client.chat_id(LEAD)
    assert portal.stats.snapshot().requests == 3


def test_emulator_bad_json_is_a_bad_response(portal: PortalEmulator) -> None:
    portal.inject(Fault("bad_json"))
    with real_client(portal) as client, pytest.raises(errors.BadResponseError):
        client.chat_id(LEAD)


def test_emulator_operation_limit_waits_for_reset(portal: PortalEmulator) -> None:
    portal.set_chat("CRM", "LEAD|13", 1313)
    portal.inject(Fault("429", reset_in=0.3))
    events: list[ClientEvent] = []
    started = time.monotonic()
    with real_client(portal, events) as client:
        assert client.chat_id(LEAD) == 1313
    assert time.monotonic() - started >= 0.2
    assert [e.reason for e in events if e.kind == "retrying"] == ["operation time limit"]


def test_emulator_operation_limit_far_raises(portal: PortalEmulator) -> None:
    portal.inject(Fault("429", reset_in=600))
    with real_client(portal) as client, pytest.raises(errors.OperationLimitError):
        client.chat_id(LEAD)


def test_emulator_refusals() -> None:
    with PortalEmulator(token="right0token00000") as emulator:
        wrong = WebhookUrl.parse(
            emulator.webhook_url.replace("right0token00000", "wrong0token00000")
        )
        with BitrixClient(wrong) as client, pytest.raises(errors.AuthError) as caught:
            client.chat_id(LEAD)
        assert "wrong0token00000" not in str(caught.value)
        with real_client(emulator) as client, pytest.raises(errors.MethodNotFoundError):
            client.call("no.such.method")
    with (
        PortalEmulator(scopes=("crm",)) as emulator,
        real_client(emulator) as client,
        pytest.raises(errors.ScopeError),
    ):
        client.chat_id(LEAD)


def test_emulator_connection_refused_is_a_network_error() -> None:
    with PortalEmulator() as emulator:
        url = emulator.webhook_url
    with (
        BitrixClient(WebhookUrl.parse(url), ClientConfig(max_attempts=2, backoff=0.01)) as client,
        pytest.raises(errors.NetworkError) as caught,
    ):
        client.chat_id(LEAD)
    assert "demo0token0000000" not in str(caught.value)


def test_sustained_run_never_exceeds_the_rate() -> None:
    rate, count = 30.0, 15
    with (
        PortalEmulator(rate=rate, burst=1) as emulator,
        real_client(emulator, rate=rate, burst=1) as client,
    ):
        for _ in range(count):
            client.chat_id(LEAD)
        stats = emulator.stats.snapshot()
    # Loopback jitter under load is a few ms, so at burst 1 the odd 503 may happen (and is
    # retried); a client pacing at the bare rate loses a third of its requests here.
    assert stats.rejected_503 <= 3
    assert stats.admitted == count
    gaps = [b - a for a, b in itertools.pairwise(stats.request_times)]
    assert min(gaps) >= 1 / rate - 0.002
    assert stats.request_times[-1] - stats.request_times[0] >= (count - 1) / rate - 0.01


def test_threads_sharing_one_client_share_one_bucket() -> None:
    rate = 30.0
    with (
        PortalEmulator(rate=rate, burst=1) as emulator,
        real_client(emulator, rate=rate, burst=1) as client,
    ):
        pool = [
            threading.Thread(target=lambda: [client.chat_id(LEAD) for _ in range(3)])
            for _ in range(4)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(timeout=10)
        stats = emulator.stats.snapshot()
    assert stats.admitted == 12
    assert stats.rejected_503 <= 3  # jitter under load may cost the odd retry, as above


def test_pacing_stays_under_the_rate() -> None:
    for rate in (0.5, 2.0, 5.0, 20.0, 100.0):
        assert paced_rate(rate) < rate
    for rate in (0.5, 2.0, 5.0):  # the portal plans: the slack costs them almost nothing
        assert paced_rate(rate) > rate * 0.95


def test_abort_cuts_a_request_in_flight_at_once() -> None:
    """How a closing window stops a worker: cancel (no retry), then cut the connection."""
    with PortalEmulator(rate=100, burst=100) as emulator, real_client(emulator) as client:
        client.chat_id(LEAD)  # a pooled connection exists
        emulator.inject(Fault("slow", seconds=10), method="im.chat.get")
        outcome: list[BaseException] = []
        cancel = threading.Event()

        def look_up() -> None:
            try:
                client.chat_id(LEAD, cancelled=cancel.is_set)
            except errors.BitrixError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=look_up)
        worker.start()
        deadline = time.monotonic() + 5
        while emulator.stats.snapshot().admitted < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # bounded: until the slow request has reached the portal
        started = time.monotonic()
        cancel.set()
        client.abort()
        worker.join(timeout=5)
        assert not worker.is_alive()
        assert time.monotonic() - started < 1.0  # neither the 10 s answer nor the 2 s timeout
        assert outcome and isinstance(outcome[0], errors.CancelledError)
        assert emulator.stats.snapshot().admitted == 2  # no retry after the cut


def test_a_loopback_http_portal_skips_the_trust_store_and_fails_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ssl

    given: list[object] = []
    real = httpx.Client

    def recording(*args: Any, **kwargs: Any) -> httpx.Client:
        given.append(kwargs.get("verify"))
        return real(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", recording)
    with BitrixClient(WebhookUrl.parse("http://127.0.0.1:8080/rest/1/abcdef0123456789/")):
        pass
    [verify] = given
    assert isinstance(verify, ssl.SSLContext) and verify.get_ca_certs() == []
    assert verify.verify_mode == ssl.CERT_REQUIRED and verify.check_hostname  # trusts nothing
    with pytest.raises(errors.InvalidInputError, match="https"):  # http only on loopback
        WebhookUrl.parse("http://bitrix.local/rest/1/abcdef0123456789/")
