"""Shared fixtures. Qt runs offscreen; every network test talks to the emulator on 127.0.0.1."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may read or write the real user's settings, history or logs: unless a test points it
# elsewhere, everything the app keeps goes to a folder of this test session.
os.environ["B24CHAT_HOME"] = tempfile.mkdtemp(prefix="b24chat-tests-")
os.environ.pop("B24_WEBHOOK_URL", None)


@pytest.fixture(autouse=True)
def no_worker_thread_outlives_its_test() -> Iterator[None]:
    """A worker thread still running after its test (a window or view never shut down) would
    turn the app's exit checks of any later test red; fail the test that left it instead."""
    yield
    # the registry of worker threads, wherever it lives (only once the Qt layer is imported)
    registry = sys.modules.get("gui.desktop.threads") or sys.modules.get("gui.desktop.worker")
    orphans_running = getattr(registry, "orphans_running", None)
    if orphans_running is None:
        return
    deadline = time.monotonic() + 10  # a stopped thread finishes in milliseconds, even loaded
    while orphans_running() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not orphans_running(), "a worker thread is still running: shut its owner down"
