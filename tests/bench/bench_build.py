"""Size and start-up of the frozen app against a bare PySide6 window built the same way.

Run: ``python tests/bench/bench_build.py [--no-build] [--runs N]``. Builds the app and the bare
window as one file and as a portable folder (or reuses ``dist/`` with ``--no-build``), then
prints sizes, the size ratio (target <= 1.1), the median time from launch to window shown
(offscreen, ``B24_BENCH_EXIT_ON_SHOW=1``) and the start ratio (target <= 1.15).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
SIZE_TARGET = 1.10
START_TARGET = 1.15
MARKER = "window-shown"
LAUNCH_TIMEOUT_S = 60.0


def load_builder() -> ModuleType:
    """build/build.py, loaded by path: a plain ``import build`` would find the folder."""
    spec = importlib.util.spec_from_file_location("b24_build_script", REPO / "build" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


BENCH_HOME = Path(tempfile.gettempdir()) / "b24chat-bench-home"


def time_to_shown(executable: Path) -> float:
    """Seconds from launch until the program prints the window-shown marker."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "B24_BENCH_EXIT_ON_SHOW": "1",
        "B24CHAT_HOME": str(BENCH_HOME),
    }  # never the user's own settings and history
    env.pop("B24_WEBHOOK_URL", None)
    started = time.perf_counter()
    with subprocess.Popen(
        [str(executable)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(MARKER):
                elapsed = time.perf_counter() - started
                break
        else:
            raise SystemExit(
                f"{executable} exited with {process.wait()} before showing its "
                f"window: run it by hand with B24_BENCH_EXIT_ON_SHOW=1 to see why"
            )
        process.wait(timeout=LAUNCH_TIMEOUT_S)
    return elapsed


def median_start(executable: Path, runs: int) -> float:
    time_to_shown(executable)  # warm-up: the page cache, and the one-file unpack of a new build
    return statistics.median(time_to_shown(executable) for _ in range(runs))


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "OVER TARGET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure the builds in dist/")
    parser.add_argument("--runs", type=int, default=7, help="launches per build (median)")
    parser.add_argument(
        "--target",
        choices=("app", "placeholder"),
        default="app",
        help="what to compare with the bare window",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    builder = load_builder()
    results: dict[tuple[str, bool], tuple[Path, int, float | None]] = {}
    for target in (args.target, "bare"):
        for onedir in (False, True):
            artifact, executable = builder.artifact_paths(target, onedir)
            seconds = None
            if not args.no_build:
                built = builder.build(target, onedir=onedir, quiet=True)
                seconds = built.seconds
            if not executable.exists():
                raise SystemExit(f"{executable} is missing: build it or drop --no-build")
            results[(target, onedir)] = (executable, builder.tree_size(artifact), seconds)

    print(f"{'build':32} {'size MiB':>9} {'start s':>8} {'built in s':>10}")
    starts: dict[tuple[str, bool], float] = {}
    for (target, onedir), (executable, size, seconds) in results.items():
        starts[(target, onedir)] = median_start(executable, args.runs)
        label = f"{target} {'portable folder' if onedir else 'one file'}"
        built = f"{seconds:10.1f}" if seconds is not None else f"{'-':>10}"
        print(f"{label:32} {size / MIB:9.1f} {starts[(target, onedir)]:8.3f} {built}")

    print(f"\nmedian of {args.runs} launches after one warm-up, QT_QPA_PLATFORM=offscreen")
    worst_size = worst_start = 0.0
    for onedir in (False, True):
        mode = "portable folder" if onedir else "one file"
        size_ratio = results[(args.target, onedir)][1] / results[("bare", onedir)][1]
        start_ratio = starts[(args.target, onedir)] / starts[("bare", onedir)]
        worst_size, worst_start = max(worst_size, size_ratio), max(worst_start, start_ratio)
        print(
            f"{mode:16} size ratio {size_ratio:.3f} ({verdict(size_ratio, SIZE_TARGET)}, "
            f"target <= {SIZE_TARGET}), start ratio {start_ratio:.3f} "
            f"({verdict(start_ratio, START_TARGET)}, target <= {START_TARGET})"
        )
    return 0 if worst_size <= SIZE_TARGET and worst_start <= START_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
