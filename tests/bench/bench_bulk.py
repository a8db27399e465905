"""Bulk lookups against a local portal emulator: wall time versus the portal's bucket.

For each case the portal emulator starts fresh (its bucket empty), one tool looks up every
entity, and the table shows the wall time, the ideal (the least time the portal's bucket
allows: (requests - burst) / rate, at least 0), their ratio, the 503s the portal sent and
whether every row came back right and in input order.

Our client runs in this process over http; the peers (b24pysdk, fast_bitrix24: the ``bench``
extra) run each case in a subprocess with a wall-clock limit, over https with a throwaway CA
made by trustme (b24pysdk always builds ``https://`` URLs).

    .venv/bin/python tests/bench/bench_bulk.py [--quick] [--tools ours,b24pysdk,fast_bitrix24]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from gui.bitrix.answers import BATCH_LIMIT, parse_chat_id  # noqa: E402
from gui.bitrix.bulk import BulkItem, lookup_many  # noqa: E402
from gui.bitrix.client import BitrixClient  # noqa: E402
from gui.bitrix.client_config import ClientConfig  # noqa: E402
from gui.bitrix.errors import BitrixError  # noqa: E402
from gui.bitrix.webhook import WebhookUrl  # noqa: E402
from gui.demo.emulator import PortalEmulator  # noqa: E402

TOOLS = ("ours", "b24pysdk", "fast_bitrix24")
PEERS = TOOLS[1:]
ENTITY_TYPE = "CRM"
NO_CHAT_EVERY = 9  # every ninth deal has no chat, so "no chat" rows are checked too

Chats = dict[tuple[str, str], int]
Returned = list[tuple[str, Any]]  # (entity ID, raw chat value) in the order a tool gave them


@dataclass(frozen=True)
class Case:
    name: str
    lookups: int
    portal_rate: float
    portal_burst: int
    told: bool  # the client is told the portal's rate and burst; else it runs on defaults
    max_ratio: float
    max_503: int

    @property
    def requests(self) -> int:
        return requests_needed(self.lookups)

    @property
    def ideal(self) -> float:
        return ideal_seconds(self.requests, self.portal_rate, self.portal_burst)


@dataclass(frozen=True)
class Outcome:
    case: Case
    tool: str
    wall: float | None  # None: no time to show (gave up before any answer, not installed)
    rejected_503: int
    right: int
    in_order: bool | None  # None: no rows came back, so no order to judge
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.wall is None or self.case.ideal <= 0:
            return None
        return self.wall / self.case.ideal

    @property
    def met(self) -> bool:
        ratio_ok = self.case.ideal <= 0 or (
            self.ratio is not None and self.ratio <= self.case.max_ratio
        )
        return (
            self.wall is not None
            and ratio_ok
            and self.rejected_503 <= self.case.max_503
            and self.right == self.case.lookups
            and self.in_order is True
        )


def requests_needed(lookups: int) -> int:
    return math.ceil(lookups / BATCH_LIMIT)


def ideal_seconds(requests: int, rate: float, burst: int) -> float:
    """The least time a portal with this bucket needs to admit ``requests`` requests."""
    return max(0.0, (requests - burst) / rate)


def cases(quick: bool) -> list[Case]:
    small, large = (200, 3_000) if quick else (1_000, 10_000)
    return [
        Case("a", small, 2.0, 1, told=True, max_ratio=1.05, max_503=0),
        # Defaults assume a burst of 50 the portal lacks: one collision, so one 503 at most.
        Case("b", small, 2.0, 1, told=False, max_ratio=1.10, max_503=1),
        Case("c", large, 2.0, 50, told=False, max_ratio=1.02, max_503=0),
    ]


def entity_ids(n: int) -> list[str]:
    return [f"DEAL|{i}" for i in range(1, n + 1)]


def make_chats(n: int) -> Chats:
    return {(ENTITY_TYPE, f"DEAL|{i}"): 100_000 + i for i in range(1, n + 1) if i % NO_CHAT_EVERY}


def check_rows(returned: Returned, chats: Chats, ids: Sequence[str]) -> tuple[int, bool | None]:
    """(rows right, in input order): each asked ID counted once, with the chat it should have."""
    position = {entity_id: i for i, entity_id in enumerate(ids)}
    seen: set[str] = set()
    right = 0
    order: list[int] = []
    for entity_id, raw in returned:
        if entity_id not in position or entity_id in seen:
            continue
        seen.add(entity_id)
        order.append(position[entity_id])
        try:
            chat = parse_chat_id(raw)
        except BitrixError:
            continue
        if chat == chats.get((ENTITY_TYPE, entity_id)):
            right += 1
    return right, (order == sorted(order)) if order else None


# -- our client --------------------------------------------------------------------------


def run_ours(case: Case) -> Outcome:
    ids = entity_ids(case.lookups)
    chats = make_chats(case.lookups)
    config = (
        ClientConfig(rate=case.portal_rate, burst=case.portal_burst)
        if case.told
        else ClientConfig()
    )
    items = [BulkItem.parse(n, ENTITY_TYPE, entity_id) for n, entity_id in enumerate(ids, 1)]
    with (
        PortalEmulator(rate=case.portal_rate, burst=case.portal_burst, chats=chats) as portal,
        BitrixClient(WebhookUrl.parse(portal.webhook_url), config) as client,
    ):
        started = time.monotonic()
        rows = [row for batch in lookup_many(client, items) for row in batch]
        wall = time.monotonic() - started
        rejected = portal.stats.snapshot().rejected_503
    errors = [row.error for row in rows if row.error is not None]
    returned: Returned = [(row.item.entity_id, row.chat_id) for row in rows if row.error is None]
    right, in_order = check_rows(returned, chats, ids)
    note = f"{len(errors)} rows failed: {errors[0]}" if errors else ""
    return Outcome(case, "ours", wall, rejected, right, in_order, note)


# -- peers, each case in a subprocess ----------------------------------------------------


@dataclass(frozen=True)
class Tls:
    server: ssl.SSLContext
    ca_file: Path


@contextlib.contextmanager
def throwaway_tls() -> Iterator[Tls]:
    """A CA and a 127.0.0.1 certificate that live as long as this block."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server)
    with tempfile.TemporaryDirectory(prefix="b24bench-") as folder:
        ca_file = Path(folder, "ca.pem")
        ca.cert_pem.write_to_path(str(ca_file))
        yield Tls(server, ca_file)


def peer_time_limit(case: Case) -> float:
    return 3 * case.ideal + 30


def run_peer(case: Case, tool: str, tls: Tls) -> Outcome:
    ids = entity_ids(case.lookups)
    chats = make_chats(case.lookups)
    env = dict(os.environ, SSL_CERT_FILE=str(tls.ca_file), REQUESTS_CA_BUNDLE=str(tls.ca_file))
    with PortalEmulator(
        rate=case.portal_rate, burst=case.portal_burst, chats=chats, ssl_context=tls.server
    ) as portal:
        webhook = WebhookUrl.parse(portal.webhook_url)
        command = [
            sys.executable,
            __file__,
            "--peer",
            tool,
            "--webhook",
            portal.webhook_url,
            "--lookups",
            str(case.lookups),
        ]
        if case.told:
            command += ["--rate", str(case.portal_rate), "--burst", str(case.portal_burst)]
        limit = peer_time_limit(case)
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=limit, check=False
            )
        except subprocess.TimeoutExpired:
            rejected = portal.stats.snapshot().rejected_503
            return Outcome(case, tool, None, rejected, 0, None, f"timed out after {limit:.0f} s")
        rejected = portal.stats.snapshot().rejected_503
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        tail = webhook.redact(done.stderr.strip()[-300:])
        return Outcome(
            case, tool, None, rejected, 0, None, f"no report (exit {done.returncode}): {tail}"
        )
    returned: Returned = [(str(entity_id), raw) for entity_id, raw in report["rows"]]
    right, in_order = check_rows(returned, chats, ids)
    note = webhook.redact(report["error"]) if report["error"] else ""
    if report["error"] and returned:
        note = f"{note} ({len(returned)} rows before)"
    return Outcome(case, tool, report["wall"], rejected, right, in_order, note)


def peer_lookups(
    tool: str, webhook: str, ids: list[str], rate: float | None, burst: int | None
) -> Returned:
    """Look ``ids`` up with a peer's own batch API, used as its docs show (runs in the child)."""
    if tool == "b24pysdk":
        from b24pysdk import BitrixWebhook, Client  # no rate knobs: it retries 503s itself

        parts = WebhookUrl.parse(webhook)
        domain = f"{parts.host}:{parts.port}" if parts.port else parts.host
        client = Client(
            BitrixWebhook(domain=domain, webhook_token=f"{parts.user_id}/{parts.token}")
        )
        requests = {
            f"r{i}": client.im.chat.get(entity_type=ENTITY_TYPE, entity_id=entity_id)
            for i, entity_id in enumerate(ids)
        }
        by_key = {key: entity_id for key, entity_id in zip(requests, ids, strict=True)}
        result = client.call_batches(requests).result.result
        return [(by_key[key], value) for key, value in dict(result).items() if key in by_key]
    if tool == "fast_bitrix24":
        from fast_bitrix24 import Bitrix

        told: dict[str, Any] = {}
        if rate is not None and burst is not None:
            told = {"requests_per_second": rate, "request_pool_size": burst}
        bitrix = Bitrix(webhook, verbose=False, **told)
        # get_by_ID batches 50 a request and keys each answer by its ID.
        answer = bitrix.get_by_ID(
            "im.chat.get", ids, ID_field_name="ENTITY_ID", params={"ENTITY_TYPE": ENTITY_TYPE}
        )
        return [(str(key), value) for key, value in dict(answer).items()]
    raise ValueError(f"unknown peer {tool!r}: use one of {', '.join(PEERS)}")


def child_main(args: argparse.Namespace) -> int:
    ids = entity_ids(args.lookups)
    started = time.monotonic()
    rows: Returned = []
    error = None
    try:
        rows = peer_lookups(args.peer, args.webhook, ids, args.rate, args.burst)
    except ImportError as exc:
        error = f"not installed ({exc.name}): pip install -e '.[bench]'"
    except Exception as exc:  # a peer that gives up: report it, do not crash the table
        error = f"gave up: {type(exc).__name__}: {str(exc)[:200]}"
    wall = time.monotonic() - started
    print(json.dumps({"wall": None if error and not rows else wall, "rows": rows, "error": error}))
    return 0


# -- the table ---------------------------------------------------------------------------


def table(outcomes: Sequence[Outcome]) -> str:
    head = (
        "case",
        "tool",
        "lookups",
        "wall s",
        "ideal s",
        "ratio",
        "target",
        "503s",
        "rows right",
        "in order",
        "met",
    )
    lines = [head]
    for o in outcomes:
        c = o.case
        lines.append(
            (
                c.name + (" (told)" if c.told else ""),
                o.tool,
                f"{c.lookups:,}",
                "-" if o.wall is None else f"{o.wall:.2f}",
                f"{c.ideal:.2f}",
                "-" if o.ratio is None else f"{o.ratio:.3f}",
                f"<={c.max_ratio:.2f}, 503<={c.max_503}",
                str(o.rejected_503),
                f"{o.right}/{c.lookups}",
                {True: "yes", False: "no", None: "-"}[o.in_order],
                "yes" if o.met else "NO",
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in lines
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {o.case.name}/{o.tool}: {o.note}" for o in outcomes if o.note]
    return "\n".join(text + (["notes:", *notes] if notes else []))


def run(selected: Sequence[Case], tools: Sequence[str]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    peers = [t for t in tools if t in PEERS]
    with contextlib.ExitStack() as stack:
        tls = stack.enter_context(throwaway_tls()) if peers else None
        for case in selected:
            for tool in tools:
                print(
                    f"case {case.name}: {tool}, {case.lookups:,} lookups, "
                    f"ideal {case.ideal:.1f} s ...",
                    file=sys.stderr,
                    flush=True,
                )
                if tool == "ours":
                    outcomes.append(run_ours(case))
                elif tls is not None:
                    outcomes.append(run_peer(case, tool, tls))
    return outcomes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="smaller cases for a fast check")
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated, from: {', '.join(TOOLS)}"
    )
    parser.add_argument("--cases", default="a,b,c", help="comma-separated, from: a, b, c")
    # The child side of a peer run (internal).
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--webhook", help=argparse.SUPPRESS)
    parser.add_argument("--lookups", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--burst", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool {unknown[0]!r}: use {', '.join(TOOLS)}")
    names = [n.strip() for n in args.cases.split(",") if n.strip()]
    if not names or any(n not in ("a", "b", "c") for n in names):
        parser.error("--cases takes a, b and/or c, comma-separated")
    args.tool_list, args.case_names = tools, names
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.peer:
        return child_main(args)
    selected = [c for c in cases(args.quick) if c.name in args.case_names]
    outcomes = run(selected, args.tool_list)
    print(table(outcomes))
    ours = [o for o in outcomes if o.tool == "ours"]
    return 0 if all(o.met for o in ours) else 1


if __name__ == "__main__":
    sys.exit(main())
