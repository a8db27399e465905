"""The fault matrix: every fault a portal, a proxy or the network can throw at us, through the
core (BitrixClient, lookup_many), the CLI (``b24chat lookup`` / ``bulk``) and the GUI workers
(WorkerController, BulkRunner), each against the emulator on 127.0.0.1.

A case either *held* in the audit of issue 9 or was *fixed* by it. At the end of the module the
matrix is printed (case → outcome per channel → seconds): ``pytest tests/test_fault_matrix.py``.
The retry back-off is a ClientConfig field, set to 0 here, so no case waits on a timer of ours.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gui.bitrix import errors
from gui.bitrix.bulk import BulkItem, BulkRow, lookup_many
from gui.bitrix.bulkio import read_items
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.entities import EntityRef
from gui.bitrix.file_text import text_stream
from gui.bitrix.webhook import WebhookUrl
from gui.cli import main as cli_main
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.desktop.bulk_worker import BulkRunner, RunJob, RunOutcome
from gui.desktop.worker import WorkerController

FAST = ClientConfig(
    rate=1000,
    burst=1000,
    timeout=0.4,
    max_attempts=2,
    backoff=0.0,  # retried at once: the matrix measures our behaviour, not our patience
    max_rate_limited=3,
    operation_wait_max=2.0,
)
CHATS = sample_chats()


# ----- what a case expects ----------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    chat: int


@dataclass(frozen=True)
class NoChat:
    pass


@dataclass(frozen=True)
class Fails:
    kind: type[errors.BitrixError] = errors.BitrixError
    exit: int | None = None  # the CLI's view of a failure: its exit code (the sentence: stderr)
    stopped: bool = False  # the Bulk view's: it stopped the run (resumable) on a whole request


Expected = Found | NoChat | Fails


def exit_code_of(expected: Expected) -> int:
    if isinstance(expected, Found):
        return errors.EXIT_FOUND
    if isinstance(expected, NoChat):
        return errors.EXIT_NO_CHAT
    return expected.kind.exit_code


@dataclass
class Case:
    name: str
    expect: Expected | list[Expected]  # a list: one per bulk row
    arrange: Callable[[PortalEmulator], object] = lambda portal: None
    entity: tuple[str, str] = ("CRM", "LEAD|1")
    bulk: Sequence[str | bytes] = field(default_factory=list)  # rows (bytes: as in the file)
    config: dict[str, Any] = field(default_factory=dict)  # ClientConfig fields over FAST
    portal: str = "plain"  # "plain" | "self-signed" | "private-ca" | "closed"
    token: str = ""  # another token than the portal's: a rejected webhook
    scopes: tuple[str, ...] = ("im", "crm", "imopenlines", "user")
    max_requests: int | None = None  # at most this many HTTP requests per channel run
    fixed: bool = False  # broke in the audit; fixed by issue 9

    @property
    def is_bulk(self) -> bool:
        return bool(self.bulk)

    def expected_rows(self) -> list[Expected]:
        if isinstance(self.expect, list):
            return self.expect
        return [self.expect] * len(self.bulk)


def raw(status: int, body: bytes | str, content_type: str = "application/json") -> Fault:
    data = body.encode() if isinstance(body, str) else body
    return Fault("raw", status=status, body=data, headers={"Content-Type": content_type})


def result(value: Any) -> Fault:
    return raw(200, json.dumps({"result": value}))


def batch_answer(results: Any, result_error: Any = ()) -> Fault:
    return result({"result": results, "result_error": list(result_error) or []})


def inject(fault: Fault, count: int = 1, method: str | None = None) -> Callable[..., None]:
    return lambda portal: portal.inject(fault, count, method=method)


DEEP = b"[" * 100_000 + b"]" * 100_000
THREE = ["CRM,LEAD|1", "CRM,LEAD|2", "CRM,LEAD|3"]

CASES = [
    # --- held in the audit --------------------------------------------------------------------
    Case("found", Found(1001)),
    Case("no chat", NoChat(), entity=("CRM", "LEAD|7")),
    Case("500 once, then found", Found(1001), inject(Fault("http500"))),
    Case("500 always", Fails(errors.ServerError), inject(Fault("http500"), 50), max_requests=2),
    Case("502 HTML page", Fails(errors.ServerError), inject(Fault("html"), 50), max_requests=2),
    Case("connection reset", Fails(errors.NetworkError), inject(Fault("reset"), 50)),
    Case("slow once, then found", Found(1001), inject(Fault("slow", seconds=1.0))),
    Case("hang", Fails(errors.NetworkError), inject(Fault("slow", seconds=30), 50)),
    Case("trickle", Fails(errors.NetworkError), inject(Fault("trickle", seconds=0.05), 50)),
    Case("503 storm", Fails(errors.RateLimitError), inject(Fault("503"), 50), max_requests=4),
    Case("503 once, then found", Found(1001), inject(Fault("503"))),
    Case("429, reset near", Found(1001), inject(Fault("429", reset_in=0.2))),
    Case("429, reset far", Fails(errors.OperationLimitError), inject(Fault("429", reset_in=600))),
    Case(
        "redirect to a login page",
        Fails(errors.BadResponseError),
        inject(raw(302, "<html>Login</html>", "text/html"), 50),
        max_requests=1,
    ),
    Case(
        "HTML 200",
        Fails(errors.BadResponseError),
        inject(raw(200, "<html><body>Portal</body></html>", "text/html"), 50),
    ),
    Case("truncated JSON", Fails(errors.BadResponseError), inject(Fault("bad_json"), 50)),
    Case("JSON without result", Fails(errors.BadResponseError), inject(raw(200, '{"x": 1}'), 50)),
    Case("chat ID not a number", Fails(errors.BadResponseError), inject(result({"ID": "abc"}))),
    Case(
        "chat ID past 64 bits, as a string",
        Fails(errors.BadResponseError),
        inject(result({"ID": "99999999999999999999999"})),
    ),
    Case("TLS self-signed", Fails(errors.NetworkError), portal="self-signed", max_requests=1),
    Case("TLS private CA (bundle set)", Found(1001), portal="private-ca"),
    Case("connection refused", Fails(errors.NetworkError), portal="closed"),
    Case("webhook rejected", Fails(errors.AuthError), token="wrong0token0000", max_requests=1),
    Case("no im scope", Fails(errors.ScopeError), scopes=("crm",), max_requests=1),
    Case(
        "bulk, found and no chat",
        [Found(1001), Found(1002), NoChat()],
        bulk=[*THREE[:2], "CRM,LEAD|7"],
    ),
    Case(
        "INVALID_CREDENTIALS in a 500",
        Fails(errors.AuthError),
        inject(raw(500, '{"error": "INVALID_CREDENTIALS"}'), 50),
        max_requests=1,
    ),
    Case(
        "insufficient_scope in a 503",
        Fails(errors.ScopeError),
        inject(raw(503, '{"error": "insufficient_scope"}'), 50),
        max_requests=1,
    ),
    # --- broke in the audit, fixed by issue 9 -------------------------------------------------
    Case("LIVECHAT's real shape", Found(6002), entity=("LIVECHAT", "3|25"), fixed=True),
    Case(
        "$result[ in an ID",
        Fails(errors.InvalidInputError),
        entity=("TASKS", "1$result[c0]"),
        max_requests=0,
        fixed=True,
    ),
    Case(
        "bytes that are not UTF-8 in an ID",
        Fails(errors.InvalidInputError),
        entity=("TASKS", b"\xff\xfe".decode("utf-8", "surrogateescape")),
        max_requests=0,
        fixed=True,
    ),
    Case(
        "bulk: $result[ in an ID",
        [Found(1001), Fails(errors.InvalidInputError), Found(1002)],
        bulk=["CRM,LEAD|1", "TASKS,x$next[c0]", "CRM,LEAD|2"],
        max_requests=1,
        fixed=True,
    ),
    Case(
        "bulk: a cp1251 row in a UTF-8 file",
        [Found(1001), Fails(errors.InvalidInputError), NoChat()],
        bulk=["CRM,LEAD|1", "TASKS,Задача".encode("cp1251"), "TASKS,задача-2"],
        max_requests=1,
        fixed=True,
    ),
    Case(
        "chat ID past 64 bits, as a number",
        Fails(errors.BadResponseError),
        inject(raw(200, '{"result": {"ID": 99999999999999999999999}}')),
        fixed=True,
    ),
    Case(
        "JSON nested 100,000 deep",
        Fails(errors.BadResponseError),
        inject(raw(200, DEEP), 50),
        max_requests=1,
        fixed=True,
    ),
    Case(
        "endless answer",
        Fails(errors.BadResponseError),
        inject(Fault("endless"), 50),
        max_requests=1,
        fixed=True,
    ),
    Case(
        "answer of 9 MB",
        Fails(errors.BadResponseError),
        inject(result({"ID": 1001, "padding": "x" * 9_000_000}), 50),  # held whole before
        max_requests=1,
        fixed=True,
    ),
    Case(
        "503 OVERLOAD_LIMIT",
        Fails(errors.BlockedError),
        inject(raw(503, '{"error": "OVERLOAD_LIMIT", "error_description": "blocked"}'), 50),
        max_requests=1,
        fixed=True,
    ),
    Case(
        "CA bundle not PEM",
        Fails(errors.NetworkError),
        portal="self-signed",
        config={"ca_bundle": "junk"},
        max_requests=0,
        fixed=True,
    ),
    Case(
        "bulk: result_error as a list",
        Fails(errors.BadResponseError),
        inject(batch_answer({"c0": {"ID": 1001}}, [{"error": "ACCESS_DENIED"}]), 50, "batch"),
        bulk=THREE,
        max_requests=1,
        fixed=True,
    ),
    Case(
        "bulk: result as a list keyed 0..n",
        Fails(errors.BadResponseError),
        inject(batch_answer([{"ID": 1001}, {"ID": 1002}, {"ID": 1003}]), 50, "batch"),
        bulk=THREE,
        max_requests=1,
        fixed=True,
    ),
    Case(
        "bulk: commands not run, resent once",
        [Found(1001), Found(1002), Found(1003)],
        inject(batch_answer({"c0": {"ID": 1001}}), 1, "batch"),
        bulk=THREE,
        max_requests=2,
        fixed=True,
    ),
    Case(
        "bulk: commands not run twice",
        [Found(1001), Fails(errors.NotRunError), Fails(errors.NotRunError)],
        inject(batch_answer({"c0": {"ID": 1001}}), 2, "batch"),
        bulk=THREE,
        max_requests=2,
        fixed=True,
    ),
    Case(
        "bulk: ERROR_BATCH_* in a 500",
        Fails(errors.ServerError),
        inject(raw(500, '{"error": "ERROR_BATCH_LENGTH_EXCEEDED"}'), 50, "batch"),
        bulk=THREE,
        max_requests=1,
        fixed=True,
    ),
    Case(
        "bulk: JSON nested 100,000 deep",
        Fails(errors.BadResponseError),
        inject(raw(200, DEEP), 50, "batch"),
        bulk=THREE,
        max_requests=1,
        fixed=True,
    ),
]
CHANNELS = ("core", "cli", "gui")


# ----- portals --------------------------------------------------------------------------------


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A self-signed certificate, and a private CA with a server certificate it signed."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "self.key", folder / "self.pem"
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
    ip = ["-addext", "subjectAltName=IP:127.0.0.1"]
    _openssl(
        "req", "-x509", *ec, "-subj", "/CN=127.0.0.1", *ip, "-keyout", str(key), "-out", str(cert)
    )
    ca_key, ca = folder / "ca.key", folder / "ca.pem"
    _openssl("req", "-x509", *ec, "-subj", "/CN=Corp CA", "-keyout", str(ca_key), "-out", str(ca))
    leaf_key, csr, leaf = folder / "leaf.key", folder / "leaf.csr", folder / "leaf.pem"
    _openssl(
        "req",
        "-new",
        *ec[:4],
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        str(leaf_key),
        "-out",
        str(csr),
    )
    ext = folder / "ext.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-days", "1", "-extfile", str(ext), "-out", str(leaf),
    )  # fmt: skip
    junk = folder / "junk.pem"
    junk.write_text("not a certificate\n")
    return {
        "self": cert,
        "self_key": key,
        "ca": ca,
        "leaf": leaf,
        "leaf_key": leaf_key,
        "junk": junk,
    }


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@dataclass
class Target:
    """One run's portal: the webhook to use, its client options, the emulator (if any)."""

    webhook: str
    config: ClientConfig
    portal: PortalEmulator | None

    def requests(self) -> int:
        return 0 if self.portal is None else self.portal.stats.snapshot().requests


@contextlib.contextmanager
def open_target(case: Case, certificates: dict[str, Path]) -> Iterator[Target]:
    config = replace(FAST, **case.config)
    if config.ca_bundle == "junk":
        config = replace(config, ca_bundle=str(certificates["junk"]))
    if case.portal == "closed":
        with PortalEmulator() as gone:
            url = gone.webhook_url
        yield Target(url, config, None)
        return
    context = None
    if case.portal == "self-signed":
        context = _server_context(certificates["self"], certificates["self_key"])
    elif case.portal == "private-ca":
        context = _server_context(certificates["leaf"], certificates["leaf_key"])
        config = replace(config, ca_bundle=str(certificates["ca"]))
    with PortalEmulator(
        rate=1000, burst=1000, chats=CHATS, scopes=case.scopes, ssl_context=context
    ) as portal:
        case.arrange(portal)
        url = portal.webhook_url
        if case.token:
            url = url.replace("demo0token0000000", case.token)
        yield Target(url, config, portal)


# ----- the three channels ---------------------------------------------------------------------


def outcome_of(value: Any) -> Expected:
    """A lookup's value (int | None) or error, as the Expected it amounts to."""
    if isinstance(value, errors.BitrixError):
        return Fails(type(value))
    return NoChat() if value is None else Found(int(value))


def matches(got: Expected, expected: Expected) -> bool:
    if isinstance(got, Fails) and isinstance(expected, Fails):
        return issubclass(got.kind, expected.kind)
    return got == expected


def file_of(case: Case) -> bytes:
    """The bulk rows as the bytes of a CSV file (a str row is UTF-8, a bytes row as it is)."""
    return b"".join((r.encode() if isinstance(r, str) else r) + b"\n" for r in case.bulk)


def items_of(case: Case) -> list[BulkItem]:
    """Read as the CLI and the Bulk view read a file: its encoding guessed, line by line."""
    return list(read_items(text_stream(io.BytesIO(file_of(case)))))


def run_core(case: Case, target: Target, tmp_path: Path, qtbot: QtBot) -> list[Expected]:
    with BitrixClient(WebhookUrl.parse(target.webhook), target.config) as client:
        if not case.is_bulk:
            try:
                return [outcome_of(client.chat_id(EntityRef.parse(*case.entity)))]
            except errors.BitrixError as exc:
                return [outcome_of(exc)]
        rows: list[BulkRow] = [r for batch in lookup_many(client, items_of(case)) for r in batch]
    return [outcome_of(row.error or row.chat_id) for row in rows]


def run_cli(case: Case, target: Target, tmp_path: Path, qtbot: QtBot) -> list[Expected]:
    """In process, so the client options (back-off 0) reach it as the saved settings would."""
    flags = ["--webhook", target.webhook]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("gui.cli.connection.client_config_from", lambda settings: target.config)
        if not case.is_bulk:
            kind, ident = case.entity
            with contextlib.redirect_stdout(out := io.StringIO()):
                code = cli_main(["lookup", kind, ident, *flags])
            answers: dict[int, Expected] = {0: Found(int(out.getvalue() or 0)), 1: NoChat()}
            got = answers.get(code)
            return [got or Fails(exit=code)]
        source, output = tmp_path / "in.csv", tmp_path / "out.csv"
        source.write_bytes(file_of(case))
        code = cli_main(["bulk", str(source), "-o", str(output), *flags])
    rows = [line.split(",", 3) for line in output.read_text().splitlines()[1:]]
    outcomes: list[Expected] = []
    for _, _, chat, error in rows:
        if error:
            outcomes.append(Fails(exit=code))
        else:
            outcomes.append(Found(int(chat)) if chat else NoChat())
    return outcomes


def cli_matches(got: Expected, expected: Expected, worst: int) -> bool:
    if isinstance(got, Fails):
        return isinstance(expected, Fails) and got.exit == worst
    return got == expected


def run_gui(case: Case, target: Target, tmp_path: Path, qtbot: QtBot) -> list[Expected]:
    webhook = WebhookUrl.parse(target.webhook)
    if not case.is_bulk:
        controller = WorkerController()
        controller.configure(webhook, target.config)
        answers: list[Any] = []
        try:  # the lookup panel parses the same way before it asks the worker
            job = controller.lookup(EntityRef.parse(*case.entity))
            job.succeeded.connect(answers.append)
            job.failed.connect(answers.append)
            qtbot.waitUntil(lambda: bool(answers), timeout=20_000)
        except errors.InvalidInputError as exc:
            answers.append(exc)
        finally:
            controller.shutdown(3000)
        return [outcome_of(answers[0])]
    runner = BulkRunner(tmp_path / "journal")
    rows: list[Any] = []
    finished: list[tuple[str, str]] = []
    runner.worker.batch_done.connect(lambda batch, done, total: rows.extend(batch))
    runner.worker.run_finished.connect(lambda outcome, message: finished.append((outcome, message)))
    with BitrixClient(webhook, target.config) as client:
        try:
            runner.start(RunJob(lambda: client, items_of(case), {}))
            qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
        finally:
            runner.shutdown(3000)
    outcome, message = finished[0]
    if (
        outcome == RunOutcome.STOPPED and message
    ):  # the portal stopped answering: nothing was written off
        return [Fails(stopped=True)] * len(case.bulk)
    assert outcome == RunOutcome.DONE, (outcome, message)
    return [outcome_of(row.fault or row.chat_id) for row in rows]


RUNNERS = {"core": run_core, "cli": run_cli, "gui": run_gui}


# ----- the matrix -----------------------------------------------------------------------------

RESULTS: dict[str, dict[str, str]] = {}


def describe(outcomes: list[Expected]) -> str:
    def one(outcome: Expected) -> str:
        if isinstance(outcome, Found):
            return f"found {outcome.chat}"
        if isinstance(outcome, NoChat):
            return "no chat"
        if outcome.exit is not None:
            return f"error, exit {outcome.exit}"
        if outcome.stopped:
            return "stopped (resumable)"
        return f"{outcome.kind.kind} error"

    shown = [one(o) for o in outcomes]
    return shown[0] if len(set(shown)) == 1 else " / ".join(shown)


@pytest.fixture(scope="module", autouse=True)
def print_matrix(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capture is None or not RESULTS:  # an xdist worker: nowhere to print
        return
    with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
        _print_matrix(reporter)


def _print_matrix(reporter: Any) -> None:
    reporter.write_line("")
    reporter.write_line("Fault matrix (case -> outcome, seconds; per channel):")
    for case in CASES:
        cells = RESULTS.get(case.name, {})
        line = "; ".join(f"{ch}: {cells[ch]}" for ch in CHANNELS if ch in cells)
        reporter.write_line(f"  [{'fixed' if case.fixed else 'held '}] {case.name} -> {line}")
    fixed = sum(1 for c in CASES if c.fixed)
    reporter.write_line(
        f"  {len(CASES)} cases x {len(CHANNELS)} channels: {len(CASES) - fixed} held in the "
        f"audit, {fixed} fixed by issue 9; {sum(len(v) for v in RESULTS.values())} runs recorded"
    )


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(
    case: Case, channel: str, certificates: dict[str, Path], tmp_path: Path, qtbot: QtBot
) -> None:
    with open_target(case, certificates) as target:
        started = time.monotonic()
        got = RUNNERS[channel](case, target, tmp_path, qtbot)
        seconds = time.monotonic() - started
        requests = target.requests()
    RESULTS.setdefault(case.name, {})[channel] = f"{describe(got)} ({seconds:.2f} s)"
    expected = case.expected_rows() if case.is_bulk else [case.expect]
    assert isinstance(expected, list) and len(got) == len(expected), (got, expected)
    expected = [e for e in expected if not isinstance(e, list)]  # one outcome per row
    assert len(got) == len(expected), (got, expected)
    worst = max(exit_code_of(e) for e in expected)
    for outcome, wanted in zip(got, expected, strict=True):
        if channel == "cli":
            assert cli_matches(outcome, wanted, worst), (describe(got), wanted)
        elif isinstance(outcome, Fails) and outcome.stopped:
            assert isinstance(wanted, Fails), (describe(got), wanted)
        else:
            assert matches(outcome, wanted), (describe(got), wanted)
    if case.max_requests is not None:
        assert requests <= case.max_requests, f"{requests} requests: retried what must not be"
    assert seconds < 15, "a fault case must not wait on timers"
