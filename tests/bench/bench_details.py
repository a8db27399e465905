"""Details at scale: bulk with details against lookup-only and the ideal, and the chat card's
extra time in the window.

Bulk: a fresh portal emulator for each run (its bucket empty) at the portal's own pace, 2/s
with a burst of 50; N CRM rows (every ninth without a chat, every tenth of those with an
open-line chat). The table shows requests (counted by the emulator) against the budget
⌈N/50⌉ + ⌈found/50⌉ + ⌈no chat/50⌉, wall time against the ideal ((requests - burst) / rate, at
least 0), the 503s, and whether every row came back right and in order.

Window: a main window (offscreen) looks up entities one after another; the card's extra time is
from the chat ID on screen to the card filled in (one ``im.dialog.get`` on the shared client).

    .venv/bin/python tests/bench/bench_details.py [--rows 10000] [--part bulk|window|all]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from gui.bitrix.answers import BATCH_LIMIT  # noqa: E402
from gui.bitrix.bulk import BulkItem, BulkRow, lookup_many  # noqa: E402
from gui.bitrix.bulk_details import with_details  # noqa: E402
from gui.bitrix.client import BitrixClient  # noqa: E402
from gui.bitrix.client_config import ClientConfig  # noqa: E402
from gui.bitrix.webhook import WebhookUrl  # noqa: E402
from gui.demo.dialogs import OpenLineChat  # noqa: E402
from gui.demo.emulator import PortalEmulator  # noqa: E402

NO_CHAT_EVERY = 9
OPEN_LINE_EVERY = 10  # of the chatless rows


@dataclass(frozen=True)
class BulkRun:
    name: str
    rows: int
    requests: int
    budget: int
    wall: float
    ideal: float
    rejected_503: int
    right: int
    in_order: bool

    @property
    def ratio(self) -> float:
        return self.wall / self.ideal if self.ideal > 0 else float("nan")


def ideal_seconds(requests: int, rate: float, burst: int) -> float:
    return max(0.0, (requests - burst) / rate)


def portal_for(rows: int, rate: float, burst: int) -> PortalEmulator:
    chats = {("CRM", f"DEAL|{n}"): 100_000 + n for n in range(1, rows + 1) if n % NO_CHAT_EVERY}
    chatless = [n for n in range(1, rows + 1) if n % NO_CHAT_EVERY == 0]
    lines = [
        ("deal", n, OpenLineChat(500_000 + n, "telegrambot", "Telegram"))
        for n in chatless[::OPEN_LINE_EVERY]
    ]
    return PortalEmulator(rate=rate, burst=burst, chats=chats, open_lines=lines)


def check(rows: list[BulkRow], count: int, details: bool) -> tuple[int, bool]:
    right = 0
    lines = [row.item.line for row in rows]
    for row in rows:
        n = row.item.line
        has_chat = n % NO_CHAT_EVERY != 0
        chat_ok = row.error is None and row.chat_id == (100_000 + n if has_chat else None)
        card_ok = True
        if details:
            got = row.details
            if has_chat:
                card_ok = (
                    got is not None and got.card is not None and got.card.chat_id == row.chat_id
                )
            else:
                card_ok = got is not None and got.why_no_chat is not None
        right += chat_ok and card_ok
    return right, lines == list(range(1, count + 1))


def run_bulk(count: int, *, details: bool, rate: float, burst: int) -> BulkRun:
    items = [BulkItem.parse(n, "CRM", f"DEAL|{n}") for n in range(1, count + 1)]
    found = sum(1 for n in range(1, count + 1) if n % NO_CHAT_EVERY)
    budget = math.ceil(count / BATCH_LIMIT)
    if details:
        budget += math.ceil(found / BATCH_LIMIT) + math.ceil((count - found) / BATCH_LIMIT)
    with (
        portal_for(count, rate, burst) as portal,
        BitrixClient(
            WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=rate, burst=burst)
        ) as client,
    ):
        started = time.monotonic()
        batches = lookup_many(client, items)
        if details:
            batches = with_details(client, batches)
        rows = [row for batch in batches for row in batch]
        wall = time.monotonic() - started
        stats = portal.stats.snapshot()
    right, in_order = check(rows, count, details)
    name = "with details" if details else "lookup only"
    return BulkRun(
        name, count, stats.admitted, budget, wall, ideal_seconds(stats.admitted, rate, burst),
        stats.rejected_503, right, in_order,
    )  # fmt: skip


def bulk_table(runs: Sequence[BulkRun], rate: float, burst: int) -> str:
    head = f"bulk at {rate:g}/s, burst {burst}"
    lines = [
        head,
        f"{'run':<14}{'rows':>7}{'requests':>10}{'budget':>8}{'wall s':>9}{'ideal s':>9}"
        f"{'ratio':>7}{'503s':>6}{'right':>13}  order",
    ]
    for run in runs:
        lines.append(
            f"{run.name:<14}{run.rows:>7}{run.requests:>10}{run.budget:>8}{run.wall:>9.1f}"
            f"{run.ideal:>9.1f}{run.ratio:>7.3f}{run.rejected_503:>6}"
            f"{f'{run.right}/{run.rows}':>13}  {'kept' if run.in_order else 'BROKEN'}"
        )
    if len(runs) == 2:
        base, more = runs
        lines.append(
            f"details cost {more.requests - base.requests} more requests and "
            f"{more.wall - base.wall:.1f} s more wall time ({more.wall / base.wall:.2f}x)"
        )
    return "\n".join(lines)


# -- the window --------------------------------------------------------------------------


def window_card_times(lookups: int, rate: float, burst: int) -> tuple[list[float], list[float]]:
    """(ms from Lookup to the ID on screen, ms from the ID to the card), per lookup."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["B24CHAT_HOME"] = tempfile.mkdtemp()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from PySide6.QtWidgets import QApplication

    from gui.demo.emulator import sample_portal
    from gui.desktop.main_window import MainWindow
    from gui.store.paths import detect_paths
    from gui.store.settings import Settings

    app = QApplication.instance() or QApplication([])
    id_ms: list[float] = []
    card_ms: list[float] = []
    with PortalEmulator(sample_portal(rate=rate, burst=burst)) as portal:
        window = MainWindow(
            paths=detect_paths(), settings=Settings(webhook_url=portal.webhook_url), env={}
        )
        window.controller.configure(
            WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=rate, burst=burst)
        )
        window.show()
        card = window.lookup_page.chat_card._card
        for n in range(lookups):
            window.lookup_page.form.entity_edit.setText(
                f"DEAL|{1 + n % 5}" if n % 5 != 1 else "LEAD|1"
            )
            started = time.perf_counter()
            job = window.lookup_page.lookup()
            while job is not None and not job.finished:
                app.processEvents()
            shown = time.perf_counter()
            while card.details is None:
                app.processEvents()
            filled = time.perf_counter()
            id_ms.append((shown - started) * 1000)
            card_ms.append((filled - shown) * 1000)
        window.close()
    return id_ms, card_ms


def window_table(id_ms: list[float], card_ms: list[float], rate: float, burst: int) -> str:
    def stats(values: list[float]) -> str:
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        median = statistics.median(values)
        return f"median {median:6.1f} ms, p90 {p90:6.1f} ms, max {max(values):6.1f} ms"

    return "\n".join(
        [
            f"window, {len(id_ms)} lookups at {rate:g}/s, burst {burst} (offscreen)",
            f"  the chat ID on screen:      {stats(id_ms)}",
            f"  the card's extra time:      {stats(card_ms)}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--lookups", type=int, default=20, help="window lookups")
    parser.add_argument("--part", choices=("bulk", "window", "all"), default="all")
    args = parser.parse_args(argv)
    failed = False
    if args.part in ("bulk", "all"):
        runs = [
            run_bulk(args.rows, details=False, rate=args.rate, burst=args.burst),
            run_bulk(args.rows, details=True, rate=args.rate, burst=args.burst),
        ]
        print(bulk_table(runs, args.rate, args.burst), flush=True)
        failed |= any(
            run.requests > run.budget or run.right != run.rows or not run.in_order for run in runs
        )
    if args.part in ("window", "all"):
        id_ms, card_ms = window_card_times(args.lookups, args.rate, args.burst)
        print(window_table(id_ms, card_ms, args.rate, args.burst), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
