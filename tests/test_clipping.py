"""Nothing cut at the window's minimum size, at 2x (QT_SCALE_FACTOR=2), in English and Russian:
every label, button, tab, placeholder and the damaged-settings notice, on both tabs and in the
Settings dialog (tests/clipping.py looks; a process of its own, as the scale is set at start)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["en", "ru"])
def test_nothing_is_cut_at_the_minimum_size_at_2x(tmp_path: Path, language: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "B24_WEBHOOK_URL"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_SCALE_FACTOR="2",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        B24CHAT_HOME=str(tmp_path),  # the script makes its own; this only keeps the user's out
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "clipping.py"), language],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == "", done.stdout
