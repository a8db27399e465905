"""The Bulk view's own figures, against a local portal emulator; prints a table.

1. pacing: 1,000 rows through BulkView + bulk worker + shared client at rate 2, burst 1 (portal
   and client alike): wall time against the ideal ((requests - burst) / rate), ratio, 503s.
2. responsiveness: 10,000 rows at 1,000 requests/s: the longest gap between ticks of a 5 ms
   QTimer heartbeat while the run goes (the event loop's worst stall), and RSS growth. Run twice:
   with the emulator in a separate process, as a real portal is (the target), and in this
   process, where the emulator's server threads compete with the GUI thread for the GIL.
3. scale: 100,000 rows from a generated CSV through ``b24chat bulk`` in a subprocess: every row
   back in order and right, and the subprocess's peak RSS.

    .venv/bin/python tests/bench/bench_bulk_gui.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.bitrix.answers import BATCH_LIMIT  # noqa: E402
from gui.bitrix.client import BitrixClient  # noqa: E402
from gui.bitrix.client_config import ClientConfig  # noqa: E402
from gui.bitrix.webhook import WebhookUrl  # noqa: E402
from gui.demo.emulator import PortalEmulator  # noqa: E402
from gui.desktop.bulk_view import BulkView  # noqa: E402
from gui.desktop.threads import dispatch_event  # noqa: E402
from gui.store.paths import AppPaths  # noqa: E402

NO_CHAT_EVERY = 9
HEARTBEAT_MS = 5
Chats = dict[tuple[str, str], int]


def ids(n: int) -> list[str]:
    return [f"DEAL|{i}" for i in range(1, n + 1)]


def chats_for(n: int) -> Chats:
    return {("CRM", f"DEAL|{i}"): 100_000 + i for i in range(1, n + 1) if i % NO_CHAT_EVERY}


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class Heartbeat:
    """A 5 ms timer; the longest gap between its ticks is the event loop's worst stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self.ticks = 0
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def wait_for(signal: object, start: Callable[[], object], limit_s: float) -> bool:
    """Run the event loop until ``signal`` fires (True) or ``limit_s`` passes (False)."""
    loop = QEventLoop()
    fired: list[bool] = []

    def on_signal(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(on_signal)  # type: ignore[attr-defined]
    QTimer.singleShot(int(limit_s * 1000), loop.quit)
    start()
    if not fired:
        loop.exec()
    return bool(fired)


@dataclass
class GuiRun:
    wall: float
    rows_right: int
    rows: int
    rejected_503: int
    longest_stall_ms: float
    rss_growth_run_mb: float
    rss_growth_total_mb: float
    finished: bool


@dataclass
class Portal:
    webhook_url: str
    rejected_503: Callable[[], int]  # -1: not known (the portal runs in another process)
    reset: Callable[[], None]


@contextlib.contextmanager
def portal_here(n: int, rate: float, burst: int) -> Iterator[Portal]:
    with PortalEmulator(rate=rate, burst=burst, chats=chats_for(n)) as emulator:
        yield Portal(
            emulator.webhook_url,
            lambda: emulator.stats.snapshot().rejected_503,
            emulator.reset_stats,
        )


@contextlib.contextmanager
def portal_elsewhere(n: int, rate: float, burst: int) -> Iterator[Portal]:
    """The emulator in a child process (this script with --serve), like a remote portal."""
    command = [sys.executable, __file__, "--serve", str(n), str(rate), str(burst)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url:
            raise RuntimeError("the emulator process did not start")
        yield Portal(url, lambda: -1, lambda: None)
    finally:
        if child.stdin is not None:
            child.stdin.close()  # the child stops when its stdin ends
        child.wait(timeout=10)


def serve(n: int, rate: float, burst: int) -> int:
    with PortalEmulator(rate=rate, burst=burst, chats=chats_for(n)) as emulator:
        print(emulator.webhook_url, flush=True)
        sys.stdin.read()
    return 0


def gui_run(
    n: int,
    rate: float,
    burst: int,
    limit_s: float,
    home: Path,
    where: Callable[[int, float, int], contextlib.AbstractContextManager[Portal]] = portal_here,
) -> GuiRun:
    chats = chats_for(n)
    with where(n, rate, burst) as portal:
        webhook = WebhookUrl.parse(portal.webhook_url)
        client = BitrixClient(
            webhook, ClientConfig(rate=rate, burst=burst), on_event=dispatch_event
        )
        paths = AppPaths.under(home, portable=False)
        paths.ensure()
        rss_start = rss_mb()
        view = BulkView(lambda: client, paths, lambda: webhook)
        view.show()
        text = "\n".join(ids(n))
        if not wait_for(
            view.preview_ready, lambda: view.input_panel.input_edit.setPlainText(text), 60
        ):
            raise RuntimeError("the preview never came")
        heartbeat = Heartbeat()
        rss_run = rss_mb()
        portal.reset()
        heartbeat.start()
        started = time.perf_counter()
        finished = wait_for(view.run_finished, view.controls.run_button.click, limit_s)
        wall = time.perf_counter() - started
        heartbeat.stop()
        rss_end = rss_mb()
        rows = list(view.results.model.rows())
        right = sum(
            1
            for i, row in enumerate(rows)
            if row.entity_id == f"DEAL|{i + 1}"
            and row.chat_id == chats.get(("CRM", row.entity_id))
            and not row.error
        )
        rejected = portal.rejected_503()
        view.shutdown(3000)
        view.deleteLater()
        client.close()
    return GuiRun(
        wall,
        right,
        len(rows),
        rejected,
        heartbeat.longest * 1000,
        rss_end - rss_run,
        rss_end - rss_start,
        finished,
    )


@dataclass
class CliRun:
    wall: float
    rows: int
    rows_right: int
    in_order: bool
    exit_code: int
    peak_rss_mb: float
    stderr_tail: str


def run_watching_peak(
    command: list[str], env: dict[str, str], *, timeout: float
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``command`` and read its own peak RSS (VmHWM, KiB) while it runs.

    ``getrusage(RUSAGE_CHILDREN)`` would not do: a forked child inherits the parent's peak.
    """
    peak_kb = 0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            try:
                with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak_kb = max(peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
        process.wait()
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    return done, peak_kb


def cli_run(n: int, home: Path) -> CliRun:
    chats = chats_for(n)
    source = home / "input.csv"
    output = home / "output.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entity_type", "entity_id"])
        for entity_id in ids(n):
            writer.writerow(["CRM", entity_id])
    with PortalEmulator(rate=1000, burst=1000, chats=chats) as portal:
        env = {**os.environ, "B24CHAT_HOME": str(home / "cli-home")}
        env.pop("B24_WEBHOOK_URL", None)
        command = [
            sys.executable,
            "-m",
            "gui.cli",
            "bulk",
            str(source),
            "-o",
            str(output),
            "--webhook",
            portal.webhook_url,
            "--rate",
            "1000",
            "--burst",
            "1000",
        ]
        started = time.perf_counter()
        done, peak_kb = run_watching_peak(command, env, timeout=900)
        wall = time.perf_counter() - started
    rows = right = 0
    in_order = True
    with output.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for number, cells in enumerate(reader, start=1):
            rows += 1
            expected_id = f"DEAL|{number}"
            if cells[1] != expected_id:
                in_order = False
                continue
            expected = chats.get(("CRM", expected_id))
            if cells[2] == ("" if expected is None else str(expected)) and not cells[3]:
                right += 1
    return CliRun(
        wall,
        rows,
        right,
        in_order,
        done.returncode,
        peak_kb * 1024 / 1e6,
        done.stderr.strip()[-300:],
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller cases (a smoke run)")
    parser.add_argument(
        "--serve", nargs=3, metavar=("ROWS", "RATE", "BURST"), help=argparse.SUPPRESS
    )  # the child process of portal_elsewhere
    args = parser.parse_args(argv)
    if args.serve:
        return serve(int(args.serve[0]), float(args.serve[1]), int(args.serve[2]))
    pacing_rows, big_rows, cli_rows = (
        (200, 2_000, 5_000) if args.quick else (1_000, 10_000, 100_000)
    )
    app = QApplication.instance() or QApplication([])
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-bulk-gui-") as tmp:
        home = Path(tmp)

        requests = -(-pacing_rows // BATCH_LIMIT)
        ideal = max(0.0, (requests - 1) / 2.0)
        paced = gui_run(pacing_rows, 2.0, 1, limit_s=ideal * 2 + 30, home=home / "a")
        ratio = paced.wall / ideal if ideal else float("nan")
        good = (
            paced.finished
            and ratio <= 1.05
            and paced.rejected_503 == 0
            and paced.rows_right == pacing_rows
        )
        ok &= good
        print(
            f"1. pacing, {pacing_rows} rows, {requests} requests at rate 2 burst 1: "
            f"wall {paced.wall:.2f} s, ideal {ideal:.2f} s, ratio {ratio:.3f} (<= 1.05), "
            f"503s {paced.rejected_503} (0), rows right {paced.rows_right}/{paced.rows} "
            f"-> {verdict(good)}"
        )

        for label, where, target in (
            ("portal in another process", portal_elsewhere, True),
            ("portal in this process", portal_here, False),
        ):
            big = gui_run(
                big_rows, 1000.0, 1000, limit_s=300, home=home / f"b-{target}", where=where
            )
            good = (
                big.finished
                and big.longest_stall_ms <= 30
                and big.rss_growth_run_mb < 50
                and big.rows_right == big_rows
            )
            if target:
                ok &= good
            print(
                f"2. responsiveness, {big_rows} rows at 1000/s, {label}: wall {big.wall:.2f} "
                f"s, longest event-loop stall {big.longest_stall_ms:.1f} ms (<= 30; "
                f"{HEARTBEAT_MS} ms heartbeat), RSS growth during the run "
                f"{big.rss_growth_run_mb:.1f} MB (< 50), including paste and preview "
                f"{big.rss_growth_total_mb:.1f} MB, rows right {big.rows_right}/{big.rows} "
                f"-> {verdict(good) if target else 'for comparison'}"
            )

        (home / "c").mkdir()
        cli = cli_run(cli_rows, home / "c")
        good = (
            cli.exit_code == 0
            and cli.rows == cli_rows
            and cli.in_order
            and cli.rows_right == cli_rows
        )
        ok &= good
        print(
            f"3. scale, {cli_rows} rows through `b24chat bulk`: wall {cli.wall:.1f} s, exit "
            f"{cli.exit_code}, rows {cli.rows}/{cli_rows}, in order {cli.in_order}, right "
            f"{cli.rows_right}, peak RSS of the subprocess {cli.peak_rss_mb:.0f} MB "
            f"-> {verdict(good)}"
        )
        if cli.exit_code != 0:
            print(f"   stderr: {cli.stderr_tail}")
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
