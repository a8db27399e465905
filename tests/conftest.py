"""Shared fixtures. Qt runs offscreen; every network test talks to the emulator on 127.0.0.1."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
