"""Shared fixtures. Qt runs offscreen; every network test talks to the emulator on 127.0.0.1."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may read or write the real user's settings, history or logs: unless a test points it
# elsewhere, everything the app keeps goes to a folder of this test session.
os.environ["B24CHAT_HOME"] = tempfile.mkdtemp(prefix="b24chat-tests-")
os.environ.pop("B24_WEBHOOK_URL", None)
