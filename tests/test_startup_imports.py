"""Start-up stays light: the window is up before the HTTP stack, the keyring or the pasted-link
hooks are loaded, and before PySide6 builds the Qt types it does not draw with (Qt's namespace,
``Qt.…``: 137 enums, ~12 ms)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import gc, sys
from gui.app import parse_args, show_window
app, window = show_window(parse_args([]), [])  # as main() starts: settings first, then Qt
from gui.desktop.gui_gc import collecting_on_gui_thread
assert gc.isenabled() or collecting_on_gui_thread(), "nothing collects cycles after start-up"
app.processEvents()
heavy = sorted(name for name in ("httpx", "keyring", "gui.bitrix.client", "gui.demo.emulator",
                                  "subprocess", "gui.store.journal", "gui.desktop.bulk_view",
                                  "gui.desktop.chat_card", "hashlib", "gui.bitrix.client_config",
                                  # the pasted-link hooks: built on the first link they need
                                  "gui.desktop.pasted_links", "gui.desktop.clipboard_offer",
                                  "gui.desktop.chat_link_lookup", "gui.desktop.named",
                                  "gui.bitrix.links")  # the link patterns: the first link
               if name in sys.modules)
import PySide6.QtCore, PySide6.QtWidgets
# PySide6 builds a Qt type (and its enums) when it is first touched: these wait until used
for module, name in ((PySide6.QtCore, "Qt"), (PySide6.QtWidgets, "QMessageBox")):
    if name in vars(module):
        heavy.append(f"{module.__name__}.{name}")
print(",".join(heavy))
# After the window shows, it looks for an interrupted bulk run: none, so the journal's
# reading and writing is not loaded for it either.
import time
job = window.check_for_interrupted_run()
deadline = time.monotonic() + 10
while not job.finished and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(",".join(name for name in ("gui.store.journal", "uuid") if name in sys.modules))
window.close()
"""


def test_window_shows_without_http_stack_or_keyring(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24CHAT_HOME": str(tmp_path)}
    env.pop("B24_WEBHOOK_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr[-800:]
    before_shown, after_the_journal_check = done.stdout.split("\n")[:2]
    assert before_shown == "", f"loaded at start-up: {before_shown}"
    assert after_the_journal_check == "", f"loaded to look for a journal: {after_the_journal_check}"
