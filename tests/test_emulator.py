"""The portal emulator, driven over real HTTP on 127.0.0.1 with httpx."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakes import FakeClock

from gui.demo.emulator import MAX_BATCH, Fault, PortalEmulator, sample_chats

TOKEN = "s3cretToken0042"
CHATS = {
    ("CRM", "LEAD|13"): 10,
    ("LINES", "telegrambot|2|209607941|744"): 77,
    ("LIVECHAT", "livechat|1"): 78,
}


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(token=TOKEN, user_id=7, chats=CHATS, rate=1000, burst=1000) as emu:
        yield emu


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def call(
    client: httpx.Client, portal: PortalEmulator, method: str, **params: Any
) -> httpx.Response:
    return client.post(portal.webhook_url + method + ".json", json=params)


def chat_get(client: httpx.Client, portal: PortalEmulator, etype: str, eid: str) -> Any:
    response = call(client, portal, "im.chat.get", ENTITY_TYPE=etype, ENTITY_ID=eid)
    assert response.status_code == 200
    return response.json()["result"]


# ----- addresses and lifecycle ------------------------------------------------------------


def test_urls_and_repr_hide_nothing_but_the_token(portal: PortalEmulator) -> None:
    assert portal.base_url == f"http://127.0.0.1:{portal.port}"
    assert portal.webhook_url == f"http://127.0.0.1:{portal.port}/rest/7/{TOKEN}/"
    assert portal.port > 0
    assert TOKEN not in repr(portal)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", ""])
def test_non_loopback_host_is_refused(host: str) -> None:
    with pytest.raises(ValueError, match=re.escape("127.0.0.1")):
        PortalEmulator(host=host)


def test_port_before_start_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="start"):
        _ = PortalEmulator().port


def test_stop_is_quick_idempotent_and_closes_the_socket(client: httpx.Client) -> None:
    emu = PortalEmulator().start()
    url = emu.webhook_url
    assert client.get(url + "profile").status_code == 200
    began = time.monotonic()
    emu.stop()
    emu.stop()
    assert time.monotonic() - began < 1.0
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "profile", timeout=2.0)


def test_stop_cuts_a_slow_fault_short(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("slow", seconds=30))
    arrived = threading.Event()
    outcome: list[object] = []

    def slow_call() -> None:
        try:
            outcome.append(client.get(portal.webhook_url + "profile"))
        except httpx.TransportError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=slow_call)
    worker.start()
    deadline = time.monotonic() + 2.0
    while portal.stats.requests == 0 and time.monotonic() < deadline:
        arrived.wait(0.01)
    began = time.monotonic()
    portal.stop()
    worker.join(timeout=3.0)
    assert time.monotonic() - began < 1.5
    assert not worker.is_alive()
    assert isinstance(outcome[0], httpx.TransportError)


def test_trickle_sends_the_answer_a_byte_at_a_time(portal: PortalEmulator) -> None:
    portal.inject(Fault("trickle", seconds=0.002))
    with (
        httpx.Client(timeout=5.0) as client,
        client.stream(
            "POST",
            portal.webhook_url + "im.chat.get.json",
            json={"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|13"},
        ) as response,
    ):
        chunks = list(response.iter_raw())
    body = b"".join(chunks)
    assert json.loads(body)["result"] == {"ID": 10}
    assert len(chunks) > len(body) // 4  # arrived in many small pieces, not one send


def test_stop_cuts_a_trickle_short(portal: PortalEmulator) -> None:
    portal.inject(Fault("trickle", seconds=30))
    outcome: list[object] = []

    def trickled_call() -> None:
        try:
            with httpx.Client(timeout=10.0) as client:
                outcome.append(client.post(portal.webhook_url + "profile.json"))
        except httpx.TransportError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=trickled_call)
    worker.start()
    deadline = time.monotonic() + 2.0
    while portal.stats.snapshot().admitted == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    began = time.monotonic()
    portal.stop()
    worker.join(timeout=5.0)
    assert time.monotonic() - began < 1.5
    assert isinstance(outcome[0], httpx.TransportError)


def test_keep_alive_reuses_one_connection(portal: PortalEmulator) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=5)
    path = f"/rest/7/{TOKEN}/profile.json"
    conn.request("GET", path)
    first = conn.getresponse()
    first.read()
    sock = conn.sock
    conn.request("GET", path)
    second = conn.getresponse()
    assert second.status == 200 and json.loads(second.read())["result"]["ID"] == "7"
    assert conn.sock is sock and sock is not None
    assert first.version == 11 and first.getheader("Content-Length")
    conn.close()


# ----- im.chat.get ------------------------------------------------------------------------


def test_chat_get_finds_the_chat_by_exact_entity(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    assert chat_get(client, portal, "CRM", "LEAD|13") == {"ID": 10}
    assert chat_get(client, portal, "LINES", "telegrambot|2|209607941|744") == {"ID": 77}
    assert chat_get(client, portal, "LIVECHAT", "livechat|1") == {"ID": 78}
    assert chat_get(client, portal, "CRM", "LEAD|14") is None
    assert chat_get(client, portal, "CRM", "lead|13") is None
    assert chat_get(client, portal, "LINES", "LEAD|13") is None


def test_chat_get_accepts_get_form_and_json_with_or_without_suffix(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    params = {"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|13"}
    base = portal.webhook_url
    answers = [
        client.get(base + "im.chat.get.json", params=params),
        client.get(base + "im.chat.get", params=params),
        client.post(base + "im.chat.get.json", data=params),
        client.post(base + "im.chat.get", json=params),
    ]
    assert [r.json()["result"] for r in answers] == [{"ID": 10}] * 4
    assert portal.stats.commands == 4


def test_chat_get_missing_or_malformed_params_answer_null(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    url = portal.webhook_url + "im.chat.get.json"
    assert client.post(url, json={}).json()["result"] is None
    assert client.post(url, json={"ENTITY_TYPE": "CRM"}).json()["result"] is None
    assert (
        client.post(url, json={"ENTITY_TYPE": "CRM", "ENTITY_ID": ["LEAD|13"]}).json()["result"]
        is None
    )
    lower = client.post(url, json={"entity_type": "CRM", "entity_id": "LEAD|13"})
    assert lower.status_code == 200 and lower.json()["result"] is None


def test_int_result_shape_and_set_chat() -> None:
    with PortalEmulator(result_shape="int") as emu, httpx.Client() as c:
        assert chat_get(c, emu, "CRM", "DEAL|5") is None
        emu.set_chat("CRM", "DEAL|5", 555)
        assert chat_get(c, emu, "CRM", "DEAL|5") == 555


def test_every_success_has_a_time_block(portal: PortalEmulator, client: httpx.Client) -> None:
    before = time.time()
    block = call(client, portal, "profile").json()["time"]
    assert set(block) == {
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating_reset_at",
        "operating",
    }
    assert before - 1 <= block["start"] <= block["finish"] <= time.time() + 1
    assert block["operating_reset_at"] > block["start"]
    assert block["date_start"][:4].isdigit() and "T" in block["date_start"]


# ----- auth, paths, methods, scopes -------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/rest/7/wrong{TOKEN}/profile.json",
        f"/rest/8/{TOKEN}/profile.json",
        "/rest/7/x/im.chat.get",
    ],
)
def test_bad_credentials_are_401(portal: PortalEmulator, client: httpx.Client, path: str) -> None:
    response = client.get(portal.base_url + path)
    assert response.status_code == 401
    assert response.json() == {
        "error": "INVALID_CREDENTIALS",
        "error_description": "Invalid request credentials",
    }
    assert TOKEN not in response.text
    assert portal.bucket.level() == 0  # refused before the rate limit


@pytest.mark.parametrize("path", ["/", "/index.php", "/api/7/x/profile", "/rest/7"])
def test_paths_outside_rest_are_an_html_404(
    portal: PortalEmulator, client: httpx.Client, path: str
) -> None:
    response = client.get(portal.base_url + path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_unknown_method_is_404_json(portal: PortalEmulator, client: httpx.Client) -> None:
    response = call(client, portal, "im.chat.gett")
    assert response.status_code == 404
    assert response.json() == {
        "error": "ERROR_METHOD_NOT_FOUND",
        "error_description": "Method not found!",
    }


def test_profile_and_scope(portal: PortalEmulator, client: httpx.Client) -> None:
    profile = call(client, portal, "profile").json()["result"]
    assert profile == {
        "ID": "7",
        "ADMIN": True,
        "NAME": "Demo",
        "LAST_NAME": "Admin",
        "PERSONAL_GENDER": "",
        "TIME_ZONE": "",
    }
    assert call(client, portal, "scope").json()["result"] == ["im", "crm", "imopenlines", "user"]


def test_missing_scope_is_403_and_lands_in_batch_errors(client: httpx.Client) -> None:
    with PortalEmulator(scopes=("crm",), chats=CHATS) as emu:
        refused = call(client, emu, "im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|13")
        assert refused.status_code == 403
        assert refused.json()["error"] == "insufficient_scope"
        assert call(client, emu, "scope").json()["result"] == ["crm"]
        profile = call(client, emu, "profile").json()["result"]
        batch = call(
            client, emu, "batch", cmd={"a": "im.chat.get?ENTITY_TYPE=CRM", "b": "profile"}
        ).json()["result"]
        assert batch["result"] == {"b": profile}
        assert batch["result_error"]["a"]["error"] == "insufficient_scope"
        assert emu.stats.commands == 0


# ----- batch ------------------------------------------------------------------------------


def lead(n: int) -> str:
    return f"im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C{n}"


def test_batch_with_numbered_keys_is_a_list_and_no_errors_is_empty_list(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    form = {"halt": "0", "cmd[0]": lead(13), "cmd[1]": lead(99), "cmd[2]": lead(13)}
    response = client.post(portal.webhook_url + "batch.json", data=form)
    body = response.json()
    assert response.status_code == 200 and "time" in body
    result = body["result"]
    assert result["result"] == [{"ID": 10}, None, {"ID": 10}]
    assert result["result_error"] == []
    assert result["result_total"] == [] and result["result_next"] == []
    assert isinstance(result["result_time"], list) and len(result["result_time"]) == 3
    assert portal.stats.admitted == 1 and portal.stats.commands == 3
    assert portal.stats.by_method == {"batch": 1}


def test_batch_with_named_keys_is_a_map(portal: PortalEmulator, client: httpx.Client) -> None:
    cmd = {"x13": lead(13), "x99": lead(99), "who": "profile"}
    result = call(client, portal, "batch", halt=0, cmd=cmd).json()["result"]
    assert list(result["result"]) == ["x13", "x99", "who"]
    assert result["result"]["x13"] == {"ID": 10} and result["result"]["x99"] is None
    assert set(result["result_time"]) == {"x13", "x99", "who"}


def test_batch_out_of_order_numbers_stay_a_map(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    result = call(client, portal, "batch", cmd={"1": lead(13), "0": lead(13)}).json()["result"]
    assert result["result"] == {"1": {"ID": 10}, "0": {"ID": 10}}


def test_batch_errors_per_command_and_halt(portal: PortalEmulator, client: httpx.Client) -> None:
    cmd = {"a": lead(13), "b": "no.such.method?x=1", "c": lead(13)}
    going = call(client, portal, "batch", halt=0, cmd=cmd).json()["result"]
    assert going["result"] == {"a": {"ID": 10}, "c": {"ID": 10}}
    assert going["result_error"] == {
        "b": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
    }
    halted = client.post(
        portal.webhook_url + "batch",
        data={"halt": "1", "cmd[a]": cmd["a"], "cmd[b]": cmd["b"], "cmd[c]": cmd["c"]},
    ).json()
    assert halted["result"]["result"] == {"a": {"ID": 10}}
    assert list(halted["result"]["result_error"]) == ["b"]


def test_batch_length_limit(portal: PortalEmulator, client: httpx.Client) -> None:
    full = call(client, portal, "batch", cmd=[lead(13)] * MAX_BATCH).json()["result"]
    assert full["result"] == [{"ID": 10}] * MAX_BATCH
    over = call(client, portal, "batch", cmd=[lead(13)] * (MAX_BATCH + 1))
    assert over.status_code == 400
    assert over.json() == {
        "error": "ERROR_BATCH_LENGTH_EXCEEDED",
        "error_description": "Max batch length exceeded",
    }


def test_fault_inside_batch_fails_one_command(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("http500"), method="im.chat.get")
    result = call(client, portal, "batch", cmd=[lead(13), lead(13)]).json()["result"]
    assert result["result"] == {"1": {"ID": 10}}
    # PHP quirk: the only error key is 0, so result_error is a list
    assert result["result_error"] == [
        {"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"}
    ]
    assert chat_get(client, portal, "CRM", "LEAD|13") == {"ID": 10}  # consumed


def test_spoiling_fault_inside_batch_spoils_the_answer(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    portal.inject(Fault("html"), method="im.chat.get")
    response = call(client, portal, "batch", cmd=[lead(13)])
    assert response.status_code == 502


# ----- rate limit -------------------------------------------------------------------------


def test_rate_limit_with_a_hand_driven_clock(client: httpx.Client) -> None:
    clock = FakeClock()
    with PortalEmulator(rate=2.0, burst=3, clock=clock) as emu:
        codes = [call(client, emu, "profile").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 503]
        refused = call(client, emu, "batch", cmd=["profile"] * 5)
        assert refused.json() == {
            "error": "QUERY_LIMIT_EXCEEDED",
            "error_description": "Too many requests",
        }
        clock.now += 0.5  # one slot drains at 2/s
        assert call(client, emu, "profile").status_code == 200
        assert call(client, emu, "profile").status_code == 503
        clock.now += 1.0
        batch = call(client, emu, "batch", cmd=["profile"] * 5)
        assert batch.status_code == 200 and len(batch.json()["result"]["result"]) == 5
        stats = emu.stats.snapshot()
        assert (stats.requests, stats.admitted, stats.rejected_503) == (8, 5, 3)
        assert stats.request_times == [1000.0] * 3 + [1000.5, 1001.5]
        assert stats.by_method == {"profile": 4, "batch": 1}
        emu.reset_stats()
        assert emu.stats.requests == 0 and emu.stats.by_method == {}


# ----- faults -----------------------------------------------------------------------------


def test_http500_fault(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("http500"))
    response = call(client, portal, "profile")
    assert response.status_code == 500
    assert response.json()["error"] == "INTERNAL_SERVER_ERROR"
    assert call(client, portal, "profile").status_code == 200


def test_html_fault(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("html"))
    response = call(client, portal, "profile")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text


def test_bad_json_fault(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("bad_json"))
    response = call(client, portal, "im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|13")
    assert response.status_code == 200 and response.text.startswith("{")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_slow_fault_delays_then_answers(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("slow", seconds=0.2))
    began = time.monotonic()
    response = call(client, portal, "im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|13")
    assert time.monotonic() - began >= 0.2
    assert response.json()["result"] == {"ID": 10}


def test_reset_fault_drops_the_connection(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("reset"))
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        call(client, portal, "profile")
    assert call(client, portal, "profile").status_code == 200


def test_429_fault(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("429", reset_in=42.0))
    response = call(client, portal, "im.chat.get", ENTITY_TYPE="CRM", ENTITY_ID="LEAD|13")
    body = response.json()
    assert response.status_code == 429
    assert body["error"] == "OPERATION_TIME_LIMIT"
    assert body["error_description"] == "Method is blocked due to operation time limit."
    assert abs(body["time"]["operating_reset_at"] - (time.time() + 42.0)) < 5


def test_503_fault_counts_as_a_refusal(portal: PortalEmulator, client: httpx.Client) -> None:
    portal.inject(Fault("503"), count=2)
    codes = [call(client, portal, "profile").status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    assert portal.stats.rejected_503 == 2


def test_faults_are_fifo_and_match_their_method(
    portal: PortalEmulator, client: httpx.Client
) -> None:
    portal.inject(Fault("http500"), count=2, method="profile")
    portal.inject(Fault("html"))
    assert call(client, portal, "scope").status_code == 502  # only the catch-all matches
    assert [call(client, portal, "profile").status_code for _ in range(3)] == [500, 500, 200]
    portal.inject(Fault("http500"), count=5)
    portal.clear_faults()
    assert call(client, portal, "scope").status_code == 200


def test_bad_fault_arguments_are_refused(portal: PortalEmulator) -> None:
    with pytest.raises(ValueError, match="fault kind"):
        portal.inject(Fault("boom"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count"):
        portal.inject(Fault("http500"), count=0)


# ----- TLS --------------------------------------------------------------------------------


def test_tls_serves_https(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    with (
        PortalEmulator(ssl_context=server_ctx, chats=CHATS) as emu,
        httpx.Client(verify=client_ctx) as c,
    ):
        assert emu.webhook_url.startswith(f"https://127.0.0.1:{emu.port}/rest/1/")
        assert chat_get(c, emu, "CRM", "LEAD|13") == {"ID": 10}
        assert chat_get(c, emu, "CRM", "LEAD|13") == {"ID": 10}


# ----- demo data --------------------------------------------------------------------------


def test_sample_chats_content() -> None:
    chats = sample_chats()
    assert chats == PortalEmulator.sample_chats()
    leads = {eid for (etype, eid) in chats if etype == "CRM" and eid.startswith("LEAD|")}
    assert leads < {f"LEAD|{n}" for n in range(1, 41)}
    assert 30 <= len(leads) < 40 and "LEAD|13" in leads
    deals = {eid for (etype, eid) in chats if eid.startswith("DEAL|")}
    assert deals <= {f"DEAL|{n}" for n in range(1, 21)} and deals
    for key in [
        ("CRM", "CONTACT|25"),
        ("CRM", "COMPANY|7"),
        ("CRM", "DYNAMIC_128|3"),
        ("LINES", "telegrambot|2|209607941|744"),
        ("LIVECHAT", "3|25"),  # <lineId>|<clientUserId>, as imopenlines stores it
        ("LINES", "livechat|3|6002|25"),  # its operators' chat
    ]:
        assert key in chats
    assert not any(eid.startswith("livechat|") for etype, eid in chats if etype == "LIVECHAT")
    assert {etype for etype, _ in chats} == {"CRM", "LINES", "LIVECHAT", "SONET_GROUP"}
    assert len(set(chats.values())) == len(chats)
    assert all(isinstance(v, int) and v > 0 for v in chats.values())


def test_a_refused_request_leaves_its_fault_for_the_next(client: httpx.Client) -> None:
    clock = FakeClock()
    with PortalEmulator(rate=1.0, burst=1, clock=clock) as emu:
        emu.inject(Fault("http500"))
        assert call(client, emu, "profile").status_code == 500
        emu.inject(Fault("http500"))
        assert call(client, emu, "profile").status_code == 503
        clock.now += 1.0
        assert call(client, emu, "profile").status_code == 500
        assert emu.stats.admitted == 2 and emu.stats.rejected_503 == 1


def test_start_demo_portal_serves_the_sample_chats() -> None:
    from gui.demo.emulator import start_demo_portal

    for start in (start_demo_portal,):
        demo = start()
        try:
            with httpx.Client(timeout=5.0) as client:
                answer = client.post(
                    demo.webhook_url + "im.chat.get.json",
                    json={"ENTITY_TYPE": "CRM", "ENTITY_ID": "LEAD|1"},
                )
            assert answer.json()["result"] == {"ID": sample_chats()[("CRM", "LEAD|1")]}
            assert demo.bucket.rate == 50.0
        finally:
            demo.stop()
