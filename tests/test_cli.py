"""The ``b24chat`` command against a real local portal: exit codes, output, bulk, config, demo."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import gui.cli as cli_module
from gui.bitrix.bulk import BulkItem
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import EXAMPLE, WebhookUrl
from gui.cli import EXIT_INTERRUPTED, ProgressLine, bulk_rows, main
from gui.cli.bulk_tally import Tracked
from gui.demo.emulator import Fault, PortalEmulator, sample_chats

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "demo0token0000000"
FAST = ["--rate", "100", "--burst", "100"]
SAMPLE = sample_chats()


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home  # tests/conftest.py: own home, no keyring, logging restored


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100, burst=100, chats=SAMPLE) as emulator:
        yield emulator


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "B24_WEBHOOK_URL"}
    env.update(
        B24CHAT_HOME=str(tmp_path / "home"),
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui.cli", *args],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path), **env},
        timeout=60,
        cwd=ROOT,
    )


@pytest.fixture
def closed_port_url() -> Iterator[str]:
    """A webhook on a port bound but not listening: refused, and while the test runs no other
    process can listen there, nor can a connection of ours get it as its own port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{s.getsockname()[1]}/rest/1/{TOKEN}/"


def read_output(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- exit codes, as a real process --------------------------------------------------------


def test_exit_codes_as_a_process(tmp_path: Path, portal: PortalEmulator) -> None:
    url = portal.webhook_url
    found = run(tmp_path, "lookup", "CRM", "LEAD|1", "--webhook", url, *FAST)
    assert (found.returncode, found.stdout) == (0, "1001\n")
    none = run(tmp_path, "lookup", "CRM", "LEAD|7", *FAST, B24_WEBHOOK_URL=url)
    assert (none.returncode, none.stdout) == (1, "")
    assert "no chat" in none.stderr
    usage = run(tmp_path, "lookup", "CRM")
    assert usage.returncode == 2 and "usage:" in usage.stderr
    for result in (found, none, usage):
        assert "Traceback" not in result.stderr and TOKEN not in result.stderr


def test_exit_codes_of_refusals_and_broken_answers(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    url = portal.webhook_url
    assert main(["lookup", "NOPE", "1", "--webhook", url]) == 2
    assert "Unknown entity type" in capsys.readouterr().err
    wrong = url.replace(TOKEN, "wrong0token00000")
    assert main(["lookup", "CRM", "LEAD|1", "--webhook", wrong, *FAST]) == 3
    refused = capsys.readouterr().err
    assert "rejected the webhook" in refused and "wrong0token00000" not in refused
    portal.inject(Fault("bad_json"))
    assert main(["lookup", "CRM", "LEAD|1", "--webhook", url, *FAST]) == 4
    broken = capsys.readouterr().err
    assert "not JSON" in broken and TOKEN not in broken and "Traceback" not in broken


def test_installed_console_script(tmp_path: Path, portal: PortalEmulator) -> None:
    script = Path(sys.executable).parent / "b24chat"
    if not script.exists():
        pytest.skip("the b24chat console script is not installed in this environment")
    result = subprocess.run(
        [
            str(script),
            "lookup",
            "LINES",
            "telegrambot|2|209607941|744",
            "--json",
            "--webhook",
            portal.webhook_url,
            *FAST,
        ],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "entity_type": "LINES",
        "entity_id": "telegrambot|2|209607941|744",
        "chat_id": 6001,
    }
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("b24chat ")


def test_bulk_into_a_reader_that_leaves_exits_141_quietly(
    tmp_path: Path, portal: PortalEmulator
) -> None:
    source = tmp_path / "many.csv"
    # 40 distinct refs make one batch, but its 10,000 rows (about 170 KB) are far more than a
    # pipe holds (64 KiB on Linux): the writer cannot finish before the reader has left, however
    # the two are scheduled
    source.write_text("".join(f"CRM;LEAD|{n % 40 + 1}\n" for n in range(10_000)), "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gui.cli", "bulk", str(source), "--webhook", portal.webhook_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(tmp_path),
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines = [proc.stdout.readline() for _ in range(3)]  # `| head -3`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 141, err
    assert lines[0].startswith(b"entity_type") and all(line.endswith(b"\n") for line in lines)
    assert err == ""  # no "could not be written", no "Exception ignored ... BrokenPipeError"


def console(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``b24chat`` as installed (its console script), else ``python -m gui.cli``."""
    script = Path(sys.executable).parent / "b24chat"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gui.cli"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path),
        timeout=60,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("fault", "count", "code", "sentence"),
    [
        (Fault("503"), 11, 4, "kept refusing requests over its rate limit"),
        (Fault("429", reset_in=3600), 1, 4, "paused this method"),
        (Fault("reset"), 4, 4, "dropped before it answered"),
    ],
)
@pytest.mark.usefixtures("fast_retries")
def test_portal_faults_exit_4_after_every_retry(
    portal: PortalEmulator,
    capsys: pytest.CaptureFixture[str],
    fault: Fault,
    count: int,
    code: int,
    sentence: str,
) -> None:
    # in process with the back-off cut (the attempts stay the same): the exit code and the
    # sentence are main()'s; test_exit_codes_as_a_process covers the process around it
    portal.inject(fault, count=count)
    url = portal.webhook_url
    args = ["lookup", "CRM", "LEAD|1", "--webhook", url, "--rate", "1000", "--burst", "1000"]
    assert main([*args, "--timeout", "2"]) == code
    out, err = capsys.readouterr()
    assert sentence in err and out == ""
    assert "Traceback" not in err and TOKEN not in err
    assert portal.stats.snapshot().requests == count  # every retry, and no more


def test_console_script_refusals_exit_3(tmp_path: Path) -> None:
    with PortalEmulator(rate=100, burst=100, scopes=("crm",)) as no_im:
        scope = console(
            tmp_path,
            "lookup",
            "CRM",
            "LEAD|1",
            "--webhook",
            no_im.webhook_url,
            *FAST,
            "--timeout",
            "2",
        )
        unknown = console(
            tmp_path,
            "lookup",
            "CRM",
            "LEAD|1",
            "--webhook",
            no_im.webhook_url.replace("/rest/", "/x/rest/"),
            *FAST,
            "--timeout",
            "2",
        )
        assert no_im.stats.snapshot().requests == 2  # refusals are not retried
    assert scope.returncode == 3 and "lacks the 'im' scope" in scope.stderr
    assert unknown.returncode == 3 and "does not know this method" in unknown.stderr
    for done in (scope, unknown):
        assert "Traceback" not in done.stderr and TOKEN not in done.stderr


# -- lookup, in process -------------------------------------------------------------------


def test_lookup_found_and_json(portal: PortalEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "crm", " lead|014 ", "--webhook", portal.webhook_url, *FAST]) == 1
    assert capsys.readouterr().out == ""
    assert main(["lookup", "CRM", "CONTACT|25", "--webhook", portal.webhook_url, *FAST]) == 0
    assert capsys.readouterr().out == "3025\n"
    assert main(["lookup", "CRM", "deal|06", "--json", "--webhook", portal.webhook_url]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "entity_type": "CRM",
        "entity_id": "DEAL|6",
        "chat_id": None,
    }
    assert main(["lookup", "LIVECHAT", "3|25", "--json", "--webhook", portal.webhook_url]) == 0
    assert json.loads(capsys.readouterr().out)["chat_id"] == 6002


def test_lookup_invalid_input_sends_nothing(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    url = portal.webhook_url
    assert main(["lookup", "CRM", "LEAD|abc", "--webhook", url]) == 2
    assert "not a CRM entity ID" in capsys.readouterr().err
    assert main(["lookup", "LINES", "a|b", "--webhook", url]) == 2
    assert main(["lookup", "TASKZ", "1", "--webhook", url]) == 2
    assert main(["lookup", "CRM", "LEAD|1", "--rate", "fast", "--webhook", url]) == 2
    assert main(["lookup", "CRM", "LEAD|1", "--timeout", "0", "--webhook", url]) == 2
    assert main(["frobnicate"]) == 2
    assert portal.stats.snapshot().requests == 0


def test_invalid_webhook_never_shows_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (
        "ftp://portal.example/rest/1/s3cr3tt0ken999/",
        "https://portal.example/rest/x/s3cr3tt0ken999/",
        "http://portal.example/rest/1/s3cr3tt0ken999/",
    ):
        assert main(["lookup", "CRM", "LEAD|1", "--webhook", bad]) == 2
        err = capsys.readouterr().err
        assert "webhook URL" in err and "s3cr3tt0ken999" not in err


def test_no_webhook_says_how_to_give_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "CRM", "LEAD|1"]) == 2
    err = capsys.readouterr().err
    assert "--webhook" in err and "B24_WEBHOOK_URL" in err and "b24chat config" in err


def test_refusals_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    with PortalEmulator(rate=100, burst=100, scopes=("crm",)) as no_im:
        assert main(["lookup", "CRM", "LEAD|1", "--webhook", no_im.webhook_url, *FAST]) == 3
        assert "'im' scope" in capsys.readouterr().err
        # not a /rest/ webhook of this portal: the server answers 404 (an HTML page)
        elsewhere = no_im.webhook_url.replace("/rest/", "/x/rest/")
        assert main(["lookup", "CRM", "LEAD|1", "--webhook", elsewhere, *FAST]) == 3
        assert "does not know this method" in capsys.readouterr().err


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process commands retry without the real back-off (the attempts stay the same)."""
    from gui.store.app_config import client_config_from

    def fast(settings: Any) -> ClientConfig:
        return replace(client_config_from(settings), backoff=0.0, rate_limited_wait_max=0.01)

    monkeypatch.setattr("gui.cli.connection.client_config_from", fast)


@pytest.mark.usefixtures("fast_retries")
def test_portal_down_exits_4_after_retries(
    capsys: pytest.CaptureFixture[str], closed_port_url: str
) -> None:
    started = time.monotonic()
    assert main(["lookup", "CRM", "LEAD|1", "--webhook", closed_port_url, "--timeout", "1"]) == 4
    err = capsys.readouterr().err
    assert "Could not connect" in err and TOKEN not in err
    assert time.monotonic() - started < ClientConfig(timeout=1).worst_case_seconds()


@pytest.mark.usefixtures("fast_retries")
def test_html_answers_exit_4_after_retries(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    portal.inject(Fault("html"), count=4)
    assert (
        main(["lookup", "CRM", "LEAD|1", "--webhook", portal.webhook_url, *FAST, "--timeout", "2"])
        == 4
    )
    assert "server error page" in capsys.readouterr().err
    assert portal.stats.snapshot().requests == ClientConfig().max_attempts


def test_verbose_log_never_shows_the_token(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-vv", "lookup", "CRM", "LEAD|1", "--webhook", portal.webhook_url]) == 0
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and TOKEN not in err
    assert main(["lookup", "CRM", "LEAD|1", "--webhook", portal.webhook_url, "-v"]) == 0
    err = capsys.readouterr().err
    assert "requests/s" in err and TOKEN not in err


def test_cli_log_hides_the_token_in_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    from gui.cli.terminal import setup_logging

    setup_logging(1)
    try:
        raise RuntimeError(f"boom at http://127.0.0.1/rest/1/{TOKEN}/profile")
    except RuntimeError:
        logging.getLogger("b24chat").exception("failed", stack_info=True)
    err = capsys.readouterr().err
    assert "boom at http://127.0.0.1/rest/1/****/profile" in err and "Stack" in err
    assert TOKEN not in err


def test_help_documents_exit_codes_and_worst_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "--help"]) == 0
    out = capsys.readouterr().out
    worst = ClientConfig().worst_case_seconds()
    assert "exit codes:" in out and f"at most about {int(worst) + 1} s" in " ".join(out.split())
    assert main(["bulk", "--help"]) == 0
    assert "highest portal/network code" in capsys.readouterr().out


# -- bulk ---------------------------------------------------------------------------------

MIXED = (
    "entity_type;entity_id\n"
    "CRM;LEAD|1\n"
    "CRM;LEAD|7\n"
    "\n"
    "LEAD|2\n"
    "FOO;bar\n"
    "CRM;LEAD|x\n"
    '"LINES";"telegrambot|2|209607941|744"\n'
    "LIVECHAT;3|25\n"
    "13\n"
    "CRM;LEAD|1\n"
)


def expected_chat(entity_type: str, entity_id: str) -> str:
    chat = SAMPLE.get((entity_type, entity_id))
    return "" if chat is None else str(chat)


def test_bulk_mixed_rows_row_by_row(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(MIXED, encoding="cp1251")
    assert main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST]) == 2
    assert capsys.readouterr().out == ""
    rows = read_output(out.read_text(encoding="utf-8"))
    given = [
        ("CRM", "LEAD|1"),
        ("CRM", "LEAD|7"),
        ("CRM", "LEAD|2"),
        ("FOO", "bar"),
        ("CRM", "LEAD|x"),
        ("LINES", "telegrambot|2|209607941|744"),
        ("LIVECHAT", "3|25"),
        ("", "13"),
        ("CRM", "LEAD|1"),
    ]
    assert [(r["entity_type"], r["entity_id"]) for r in rows] == given
    invalid = {3, 4, 7}
    for n, row in enumerate(rows):
        if n in invalid:
            assert row["error"] and row["chat_id"] == ""
        else:
            assert row["error"] == ""
            assert row["chat_id"] == expected_chat(row["entity_type"], row["entity_id"])
    assert rows[0]["chat_id"] == "1001" and rows[1]["chat_id"] == ""
    assert portal.stats.snapshot().by_method == {"batch": 1}


def test_bulk_to_stdout_from_stdin_with_crm_kind(
    portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [*range(1, 41), 99]
    stdin = io.TextIOWrapper(io.BytesIO("".join(f"{n}\n" for n in ids).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["bulk", "-", "--crm-kind", "lead", "--webhook", portal.webhook_url, *FAST]) == 0
    captured = capsys.readouterr()
    rows = read_output(captured.out)
    assert [r["entity_id"] for r in rows] == [f"LEAD|{n}" for n in ids]
    assert [r["chat_id"] for r in rows] == [expected_chat("CRM", f"LEAD|{n}") for n in ids]
    assert "41 rows: 35 found, 6 no chat" in captured.err
    assert portal.stats.snapshot().by_method == {"batch": 1}


def test_bulk_error_inside_a_batch(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("".join(f"CRM,DEAL|{n}\n" for n in range(1, 11)))
    portal.inject(Fault("http500"), method="im.chat.get")
    code = main(["bulk", str(source), "--webhook", portal.webhook_url, *FAST])
    rows = read_output(capsys.readouterr().out)
    assert len(rows) == 10
    failed = [r for r in rows if r["error"]]
    assert len(failed) == 1 and "INTERNAL_SERVER_ERROR" in failed[0]["error"]
    assert code in (3, 4)
    for row in rows:
        if not row["error"]:
            assert row["chat_id"] == expected_chat("CRM", row["entity_id"])


def test_bulk_refused_marks_every_row(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("".join(f"CRM,LEAD|{n}\n" for n in range(1, 121)) + "CRM,bad\n")
    wrong = portal.webhook_url.replace(TOKEN, "wrong0token00000")
    assert main(["bulk", str(source), "--webhook", wrong, *FAST]) == 3
    captured = capsys.readouterr()
    rows = read_output(captured.out)
    assert len(rows) == 121
    assert all("rejected the webhook" in r["error"] for r in rows[:120])
    assert "not a CRM entity ID" in rows[120]["error"]
    assert "wrong0token00000" not in captured.err + captured.out
    assert portal.stats.snapshot().requests == 1  # the first refusal stops the run


def test_bulk_only_invalid_rows_sends_nothing(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("13\nFOO,1\n")
    assert main(["bulk", str(source), "--webhook", portal.webhook_url]) == 2
    assert len(read_output(capsys.readouterr().out)) == 2
    assert portal.stats.snapshot().requests == 0


def test_bulk_bad_arguments_leave_output_untouched(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("CRM,LEAD|1\n")
    out.write_text("keep me\n")
    url = portal.webhook_url
    assert main(["bulk", str(source), "-o", str(out), "--type", "NOPE", "--webhook", url]) == 2
    assert main(["bulk", str(tmp_path / "missing.csv"), "-o", str(out), "--webhook", url]) == 2
    assert main(["bulk", str(source), "-o", str(source), "--webhook", url]) == 2
    assert main(["bulk", str(source), "-o", str(out)]) == 2  # no webhook
    assert out.read_text() == "keep me\n" and source.read_text() == "CRM,LEAD|1\n"
    assert portal.stats.snapshot().requests == 0


def test_bulk_rows_cancelled_midway_keeps_every_row(portal: PortalEmulator) -> None:
    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in range(1, 131)]
    batches = 0

    def cancelled() -> bool:
        return batches >= 1

    client = BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100, burst=100))
    with client:
        rows = []
        for chunk in bulk_rows(client, Tracked(items), cancelled=cancelled):
            rows.extend(chunk)
            batches += 1
    assert [r.item.line for r in rows] == list(range(1, 131))
    assert all(r.error is None for r in rows[:50])
    assert all(str(r.error) == "cancelled" for r in rows[50:])
    assert portal.stats.snapshot().by_method == {"batch": 1}


@pytest.mark.skipif(os.name != "posix", reason="Windows has no SIGINT to send a child")
def test_bulk_ctrl_c_writes_every_row(tmp_path: Path, portal: PortalEmulator) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("".join(f"CRM,LEAD|{n}\n" for n in range(1, 61)))
    portal.inject(Fault("slow", seconds=20), method="batch")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gui.cli",
            "bulk",
            str(source),
            "-o",
            str(out),
            "--webhook",
            portal.webhook_url,
            *FAST,
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=cli_env(tmp_path),
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 15  # the emulator has no "request arrived" event
        while portal.stats.snapshot().requests == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert portal.stats.snapshot().requests == 1
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        assert "cancelling" in proc.stderr.readline()
        proc.send_signal(signal.SIGINT)  # the second one stops the request in flight
        assert proc.wait(timeout=15) == EXIT_INTERRUPTED
        err = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    rows = read_output(out.read_text())
    assert [r["entity_id"] for r in rows] == [f"LEAD|{n}" for n in range(1, 61)]
    assert all(r["error"] == "cancelled" for r in rows)
    assert "60 cancelled" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="Windows has no SIGINT to raise")
def test_a_second_ctrl_c_while_the_rest_is_written_keeps_every_row(
    tmp_path: Path,
    portal: PortalEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl+C after the first batch, then again while the rows never looked up are written:
    nothing is lost (a KeyboardInterrupt from the second one threw the whole output away)."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers are the main thread's")
    from gui.bitrix.bulk import lookup_many
    from gui.cli.bulk_tally import cancelled_rows

    def ctrl_c_after_the_first_batch(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for number, rows in enumerate(lookup_many(*args, **kwargs)):
            if number == 1:
                signal.raise_signal(signal.SIGINT)
            yield rows

    def ctrl_c_while_written(items: Any) -> Iterator[Any]:
        for number, row in enumerate(cancelled_rows(items)):
            if number == 10:
                signal.raise_signal(signal.SIGINT)
            yield row

    monkeypatch.setattr("gui.cli.bulk.lookup_many", ctrl_c_after_the_first_batch)
    monkeypatch.setattr("gui.cli.bulk.cancelled_rows", ctrl_c_while_written)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("".join(f"CRM,LEAD|{n}\n" for n in range(1, 3001)))
    code = main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST])
    err = capsys.readouterr().err
    assert code == EXIT_INTERRUPTED and "Traceback" not in err
    rows = read_output(out.read_text())
    assert [r["entity_id"] for r in rows] == [f"LEAD|{n}" for n in range(1, 3001)]
    assert all(r["error"] == "" for r in rows[:100])  # the batch in flight was answered
    assert all(r["error"] == "cancelled" for r in rows[100:])
    assert portal.stats.snapshot().by_method == {"batch": 2}


def test_progress_line() -> None:
    now = [0.0]
    stream = io.StringIO()
    line = ProgressLine(stream, 100, clock=lambda: now[0])
    now[0] = 10.0
    line.show(50)
    assert "50/100 rows" in stream.getvalue() and "5.0 rows/s" in stream.getvalue()
    assert "ETA 0:00:10" in stream.getvalue()
    now[0] = 10.01
    line.show(60)  # throttled: too soon after the last
    assert "60/100" not in stream.getvalue()
    line.finish(100)
    assert stream.getvalue().endswith("\n") and "100/100 rows" in stream.getvalue()


# -- config -------------------------------------------------------------------------------


def test_config_round_trip(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        config_round_trip(tmp_path, portal.webhook_url, capsys)
    finally:
        keyring.set_keyring(previous)


def config_round_trip(tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``config`` saves, shows, refuses and is used by ``lookup``, with no keyring (in process,
    where keyring read its backend setting once, at its first use)."""
    assert (
        main(["config", "--webhook", url, "--rate", "40", "--burst", "60", "--timeout", "20"]) == 0
    )
    capsys.readouterr()
    settings_file = tmp_path / "home" / "config" / "settings.json"
    if os.name == "posix":  # 0600 means nothing on Windows: the profile's ACL protects it
        assert settings_file.stat().st_mode & 0o777 == 0o600
    assert TOKEN in settings_file.read_text()  # the file store: no keyring in this test
    assert main(["config", "--show"]) == 0
    shown = capsys.readouterr()
    assert TOKEN not in shown.out + shown.err
    assert "/rest/1/****/" in shown.out and "settings file" in shown.out
    assert "40 requests/s" in shown.out and "20 s" in shown.out
    assert "token kept in: the settings file" in shown.out
    before = settings_file.read_text()
    assert main(["config", "--rate", "0", "--proxy", "ftp://nowhere"]) == 2
    assert "nothing was saved" in capsys.readouterr().err
    assert settings_file.read_text() == before
    # the saved webhook is used when no --webhook is given
    assert main(["lookup", "CRM", "LEAD|3"]) == 0
    assert capsys.readouterr().out == "1003\n"


def test_config_show_hides_the_proxy_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--proxy", "http://bob:pa55w0rd@proxy.local:3128"]) == 0
    capsys.readouterr()
    assert main(["config", "--show"]) == 0
    out = capsys.readouterr().out
    assert "pa55w0rd" not in out
    assert "http://bob:****@proxy.local:3128" in out


def test_connect_flag_then_environment_then_saved_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from gui.cli.connection import connect
    from gui.store.paths import detect_paths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import Settings, SettingsStore

    saved_url = f"https://saved.example/rest/1/{TOKEN}/"
    SettingsStore(detect_paths(), FileTokenStore()).save(
        Settings(
            webhook_url=saved_url,
            rate=40.0,
            timeout=20.0,
            proxy_mode="custom",
            proxy_url=" http://proxy.local:3128 ",
        )
    )

    def args(webhook: str | None = None, timeout: float | None = None) -> argparse.Namespace:
        return argparse.Namespace(webhook=webhook, rate=None, burst=None, timeout=timeout)

    webhook, config = connect(args(timeout=3.0))
    assert webhook.portal_url == "https://saved.example"
    assert (config.rate, config.timeout) == (40.0, 3.0)  # the flag over the saved value
    assert config.proxy == "http://proxy.local:3128"  # stripped, as the app does
    monkeypatch.setenv("B24_WEBHOOK_URL", f"https://env.example/rest/1/{TOKEN}/")
    assert connect(args())[0].portal_url == "https://env.example"
    flag = f"https://flag.example/rest/1/{TOKEN}/"
    assert connect(args(webhook=flag))[0].portal_url == "https://flag.example"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("lead", "LEAD"),
        (" Deal ", "DEAL"),
        ("dynamic_128", "DYNAMIC_128"),
        ("SMART_X", "SMART_X"),
    ],
)
def test_normalise_crm_kind(text: str, kind: str) -> None:
    from gui.bitrix.entities import normalise_crm_kind

    assert normalise_crm_kind(text) == kind


@pytest.mark.parametrize("text", ["LEAD|1", "1LEAD", "lead kind", "", "ЛИД", "DEAL-1"])
def test_bad_crm_kind_says_what_kinds_exist(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui.bitrix.entities import normalise_crm_kind

    with pytest.raises(InvalidInputError, match=r"DYNAMIC_<typeId>"):
        normalise_crm_kind(text)
    if text.strip():
        source = tmp_path / "in.csv"
        source.write_text("13\n")
        assert (
            main(
                [
                    "bulk",
                    str(source),
                    "--crm-kind",
                    text,
                    "--webhook",
                    f"http://127.0.0.1:9/rest/1/{TOKEN}/",
                ]
            )
            == 2
        )
        assert "--crm-kind" in capsys.readouterr().err


# -- demo-server --------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="terminate() is TerminateProcess on Windows")
def test_demo_server_prints_a_working_webhook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gui.cli",
            "demo-server",
            "--port",
            "0",
            "--rate",
            "100",
            "--burst",
            "100",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/rest/1/" + TOKEN + "/")
        assert main(["lookup", "CRM", "COMPANY|7", "--webhook", url, *FAST]) == 0
        assert capsys.readouterr().out == "4007\n"
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.no_cover  # 100,000 rows through code other tests cover: tracing them doubles the time
def test_bulk_streams_100k_rows_in_bounded_memory(portal: PortalEmulator) -> None:
    from gui.bitrix.bulk import MAX_WINDOW

    consumed = 0

    def items() -> Iterator[BulkItem]:
        nonlocal consumed
        for n in range(1, 100_001):
            consumed += 1
            yield BulkItem.parse(n, "CRM", f"LEAD|{n}")

    emitted = 0
    most_held = 0

    def enough() -> bool:
        return emitted >= 150

    tracked = Tracked(items())
    client = BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100, burst=100))
    with client:
        # three batches looked up, then the rest comes back as "cancelled", still streamed
        for chunk in bulk_rows(client, tracked, cancelled=enough):
            assert [r.item.line for r in chunk] == list(
                range(emitted + 1, emitted + len(chunk) + 1)
            )
            emitted += len(chunk)
            most_held = max(most_held, consumed - emitted + len(chunk))
    assert emitted == consumed == 100_000
    assert most_held <= MAX_WINDOW + 1
    assert portal.stats.snapshot().by_method == {"batch": 3}


def test_lookup_warns_about_a_livechat_id_that_is_not_two_numbers(
    portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "LIVECHAT", "livechat|1", "--webhook", portal.webhook_url]) == 1
    err = capsys.readouterr().err
    assert "likely find nothing" in err and "3|25" in err
    assert portal.stats.snapshot().commands == 1  # warned, still sent


def test_bulk_warns_once_about_livechat_ids_that_are_not_two_numbers(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("LIVECHAT,livechat|1\nLIVECHAT,3|25\nLIVECHAT,livechat|2\n")
    assert main(["bulk", str(source), "--webhook", portal.webhook_url, *FAST]) == 0
    err = capsys.readouterr().err
    assert err.count("likely find nothing") == 1 and "line 1:" in err and "1 more rows" in err


def test_bulk_never_sends_a_row_that_does_not_decode(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    row = b"CRM,LEAD|1\n"
    source.write_bytes(row * 7000 + "TASKS,Задача|1\n".encode("cp1251"))  # past 64 KB
    code = main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST])
    assert code == 2  # an invalid row, not "no chat" with exit 0
    rows = read_output(out.read_text(encoding="utf-8"))
    assert len(rows) == 7001 and rows[-1]["chat_id"] == ""
    assert "not UTF-8 text" in rows[-1]["error"]
    # LEAD|1 looked up once for the whole run, the odd row never sent
    assert portal.stats.snapshot().commands == 1


def test_lookup_of_bytes_that_are_not_utf8_exits_2(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gui.cli",
            "lookup",
            "TASKS",
            b"\xff\xfe".decode("utf-8", "surrogateescape"),
            "--webhook",
            "http://127.0.0.1:9/rest/1/abcd0123token/",
        ],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert b"Traceback" not in done.stderr and b"not valid text" in done.stderr


def test_every_message_on_stderr_goes_through_the_redactor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gui.cli.terminal import say

    say("the portal echoed https://p.bitrix24.com/rest/7/leaky0token0abc/im.chat.get.json")
    err = capsys.readouterr().err
    assert "leaky0token0abc" not in err and "/rest/7/****/" in err
    say(f"A webhook URL looks like {EXAMPLE}")  # the made-up example is no token
    assert EXAMPLE in capsys.readouterr().err


def test_config_refuses_a_proxy_address_that_is_not_text(tmp_path: Path) -> None:
    bad = "http://" + b"\xff".decode("utf-8", "surrogateescape") + ":3128"
    assert main(["config", "--proxy", bad]) == 2


def test_a_bug_of_ours_never_exits_1_which_means_no_chat(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli_module._COMMANDS, "lookup", broken)
    assert main(["lookup", "CRM", "LEAD|1"]) == 70
    assert "unexpected error (RuntimeError)" in capsys.readouterr().err


def test_a_settings_warning_is_said_once(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # in process the keyring backend is whatever an earlier test left: the token goes in the file
    (tmp_path / "home").mkdir(parents=True, exist_ok=True)
    (tmp_path / "home" / "portable.ini").write_text("", encoding="utf-8")
    assert main(["config", "--webhook", portal.webhook_url]) == 0, capsys.readouterr().err
    settings_file = tmp_path / "home" / "config" / "settings.json"
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    settings_file.write_text(json.dumps({**saved, "rate": "fast"}), encoding="utf-8")
    capsys.readouterr()
    flag = ["lookup", "CRM", "LEAD|3", "--webhook", portal.webhook_url]  # its rate still applies
    for args in (["lookup", "CRM", "LEAD|3"], ["config", "--show"], flag):
        assert main(args) == 0
        err = capsys.readouterr().err
        assert err.count("Requests per second must be a number") == 1, err
    assert main(["-v", "lookup", "CRM", "LEAD|3"]) == 0  # -v: the log's record as well
    assert capsys.readouterr().err.count("Requests per second must be a number") == 2


def test_help_lists_the_exit_codes_in_order() -> None:
    import re

    from gui.cli.parser import _EXIT_CODES

    codes = [int(code) for code in re.findall(r"^  (\d+)  ", _EXIT_CODES, flags=re.MULTILINE)]
    assert codes == sorted(codes) and {0, 1, 2, 3, 4, 70, 130, 141, 143} <= set(codes)
