"""Render the README screenshots offscreen: the main window after a demo lookup of LEAD|1, and
the settings dialog after a successful connection test. The token is never visible.

    python build/screenshots.py [--out resources/screenshots] [--language en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

MAIN_WINDOW_SIZE = (960, 420)
DIALOG_SIZE = (600, 580)
WAIT_MS = 15000
# A few lookups first, so the history panel has something to show; LEAD|1 last, so it is selected.
LOOKUPS = ("DEAL|2", "CONTACT|25", "LEAD|7", "LEAD|1")


def render(out_dir: Path, language: str = "en") -> list[Path]:
    """Write ``main-window.png`` and ``settings-dialog.png`` into ``out_dir``; return them."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("B24_WEBHOOK_URL", None)  # the screenshots show the demo, not the user's
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")  # the same look on every machine that renders them
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="b24chat-shots-") as home:
        (Path(home) / "portable.ini").write_text("", encoding="utf-8")  # no keyring involved
        os.environ["B24CHAT_HOME"] = home
        try:
            return _render_in(app, out_dir, language)
        finally:
            os.environ.pop("B24CHAT_HOME", None)


def _render_in(app: object, out_dir: Path, language: str) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from gui.app import build_window
    from gui.paths import detect_paths
    from gui.secrets import FileTokenStore
    from gui.settings import Settings, SettingsStore
    from gui.ui.settings_dialog import SettingsDialog

    assert isinstance(app, QApplication)
    SettingsStore(detect_paths(), FileTokenStore()).save(Settings(language=language))
    window = build_window(["--demo"], app)
    try:
        window.resize(*MAIN_WINDOW_SIZE)
        window.show()
        window.entity_combo.setCurrentIndex(window.entity_combo.findData("CRM"))
        for ref in LOOKUPS:
            window.entity_edit.setText(ref)
            _wait_for_answer(window.controller, window.lookup)
        main_png = out_dir / "main-window.png"
        _save(window.grab(), main_png)

        assert window.demo_portal is not None and window.store is not None
        dialog = SettingsDialog(window.store, Settings(webhook_url=window.demo_portal.webhook_url),
                                window.controller, window)
        dialog.resize(*DIALOG_SIZE)
        dialog.show()
        _wait_for_answer(window.controller, dialog.test_connection)
        dialog.resize(*DIALOG_SIZE)
        app.processEvents()
        needed = dialog.heightForWidth(DIALOG_SIZE[0])
        if needed > DIALOG_SIZE[1]:
            print(f"warning: the settings dialog needs {needed} px of height, more than "
                  f"{DIALOG_SIZE[1]}: its screenshot is clipped", file=sys.stderr)
        dialog_png = out_dir / "settings-dialog.png"
        _save(dialog.grab(), dialog_png)
        dialog.close()
    finally:
        window.close()
    return [main_png, dialog_png]


def _wait_for_answer(controller: object, start: object) -> None:
    """Run ``start`` and spin the event loop until the worker answers (or WAIT_MS passes)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    loop = QEventLoop()
    answered: list[object] = []

    def done(*_: object) -> None:
        answered.append(True)
        loop.quit()

    controller.succeeded.connect(done)  # type: ignore[attr-defined]
    controller.failed.connect(done)  # type: ignore[attr-defined]
    try:
        QTimer.singleShot(WAIT_MS, loop.quit)
        start()  # type: ignore[operator]
        if not answered:
            loop.exec()
        QApplication.processEvents()
    finally:
        controller.succeeded.disconnect(done)  # type: ignore[attr-defined]
        controller.failed.disconnect(done)  # type: ignore[attr-defined]
    if not answered:
        raise RuntimeError(f"The demo portal did not answer within {WAIT_MS} ms")


def _save(pixmap: object, path: Path) -> None:
    from PySide6.QtGui import QPixmap

    assert isinstance(pixmap, QPixmap)
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"Could not write {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots",
                        help="folder for the PNG files (default: resources/screenshots)")
    parser.add_argument("--language", default="en", choices=("en", "ru"),
                        help="the interface language shown (default: en)")
    args = parser.parse_args(argv)
    for path in render(args.out, args.language):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
