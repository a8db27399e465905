"""Start-up against a bare PySide6 window with the same widgets; prints a table.

1. cold start to window shown (median of interleaved starts, timed from the fork to the
   child's "window-shown" line; target ratio <= 1.3)
2. peak memory of the process (ru_maxrss by os.wait4), which quits at its first event-loop turn
   after the window shows (target ratio <= 1.15)
3. the modules of gui/ imported before the window shows, and which of them import Qt
   (PySide6 reads the source of every module imported after it: each costs more than its size)

    .venv/bin/python tests/bench/bench_startup.py [--starts N]

It measures the checkout it sits in (run a copy from an older checkout for "before" figures).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import BARE_WINDOW  # noqa: E402 - the same bare window as the GUI bench


def run_waited(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(ms from fork to the child's "window-shown" line, its peak RSS in MiB).

    Timed here on the monotonic clock, not by the child: its own figure counts from its start
    time in /proc, which is in clock ticks (10 ms), too coarse for a 90 ms start. The child is
    reaped with os.wait4, so its own peak is read."""
    read, write = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: stdout to the pipe, then the program
        os.close(read)
        os.dup2(write, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.chdir(ROOT)
        os.execve(args[0], args, env)
    os.close(write)
    shown_ms = None
    with os.fdopen(read, encoding="utf-8") as pipe:
        for line in pipe:
            if shown_ms is None and line.startswith("window-shown "):
                shown_ms = (time.monotonic() - started) * 1000
    _pid, _status, usage = os.wait4(pid, 0)
    if shown_ms is None:
        raise RuntimeError(f"{args} did not show a window")
    return shown_ms, usage.ru_maxrss / 1024


def start_env(home: str) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "B24_BENCH_EXIT_ON_SHOW": "1",
        "B24CHAT_HOME": home,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("B24_WEBHOOK_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed apps run from bytecode: so do we
    return env


def qt_modules_before_shown(env: dict[str, str]) -> tuple[list[str], list[str]]:
    """The gui modules ``-X importtime`` saw before the window showed, and those importing Qt."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gui"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = sorted(set(re.findall(r"\|\s+(gui(?:\.\w+)*)\s*$", done.stderr, re.M)))
    qt = []
    for name in names:
        path = ROOT / Path(*name.split("."))
        source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        if source.is_file() and _imports_qt(source.read_text(encoding="utf-8")):
            qt.append(name)
    return names, qt


def _imports_qt(source: str) -> bool:
    """An import of PySide6 that runs: at module level or in a function (not for type hints)."""
    tree = ast.parse(source)
    hints = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
            return True
        if isinstance(node, ast.Import) and any(a.name.startswith("PySide6") for a in node.names):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = start_env(home)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "gui")],
            check=True,
            capture_output=True,
            env=env,
        )
        app = [sys.executable, "-m", "gui"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        run_waited(bare, env)  # warm the disk cache for both
        run_waited(app, env)
        app_runs, bare_runs = [], []
        for _ in range(args.starts):
            bare_runs.append(run_waited(bare, env))
            app_runs.append(run_waited(app, env))
        modules, qt = qt_modules_before_shown(env)
    app_ms = statistics.median(ms for ms, _ in app_runs)
    bare_ms = statistics.median(ms for ms, _ in bare_runs)
    app_mib = statistics.median(mib for _, mib in app_runs)
    bare_mib = statistics.median(mib for _, mib in bare_runs)
    print(f"median of {args.starts} interleaved starts")
    print(
        f"cold start to window shown: app {app_ms:.0f} ms, bare {bare_ms:.0f} ms, "
        f"ratio {app_ms / bare_ms:.2f} (target <= 1.3)"
    )
    print(
        f"peak memory until then:     app {app_mib:.1f} MiB, bare {bare_mib:.1f} MiB, "
        f"ratio {app_mib / bare_mib:.2f} (target <= 1.15)"
    )
    print(f"gui modules imported before the window shows: {len(modules)}, Qt-importing {len(qt)}")
    print("  " + " ".join(name.removeprefix("gui.") for name in qt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
