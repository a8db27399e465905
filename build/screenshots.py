"""Render the README screenshots offscreen: the main window after a demo lookup of LEAD|1, the
Bulk tab after a demo run of a real CRM export (leads as Bitrix24 writes them: cp1251, ``;``),
and the settings dialog after a successful connection test.
The token is never visible. With ``--about`` the About box is rendered too (for checking a
translation; the README does not show it).

    python build/screenshots.py [--out resources/screenshots] [--language en] [--about]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

MAIN_WINDOW_SIZE = (960, 520)
BULK_VIEW_SIZE = (960, 720)
DIALOG_SIZE = (600, 700)
WAIT_MS = 15000
# A few lookups first, so the history panel has something to show; LEAD|1 last, so it is selected.
LOOKUPS = ("DEAL|2", "CONTACT|25", "LEAD|7", "LEAD|1")
# The Bulk tab runs a CRM export of the demo's leads, opened as a file: every seventh demo lead
# has no chat, so "no chat" shows too.
BULK_LEADS = 16
SHOTS = ("main-window.png", "bulk-view.png", "settings-dialog.png", "profiles.png")
# Sample portal profiles for the profile switcher's picture (never contacted: no lookup is made).
PROFILES = (
    ("Test portal", "https://test-company.bitrix24.ru/rest/1/sampletoken00001/"),
    ("Live", "https://company.bitrix24.ru/rest/1/sampletoken00002/"),
)
ABOUT_SHOT = "about.png"
DEMO_TITLE = {"en": " — Demo", "ru": " — демо"}  # a grab has no title bar: checked, not shown


def render(out_dir: Path, language: str = "en", *, about: bool = False) -> list[Path]:
    """Write the PNGs named in ``SHOTS`` (and ``about.png`` when asked) into ``out_dir``."""
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
            return _render_in(app, out_dir, language, about)
        finally:
            os.environ.pop("B24CHAT_HOME", None)


def _render_in(app: Any, out_dir: Path, language: str, about: bool) -> list[Path]:
    from gui.app import build_window
    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.paths import detect_paths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import Settings, SettingsStore

    SettingsStore(detect_paths(), FileTokenStore()).save(Settings(language=language))
    window = build_window(["--demo"], app)
    written: list[Path] = []
    try:
        window.resize(*MAIN_WINDOW_SIZE)
        window.show()
        form = window.lookup_page.form
        form.entity_combo.setCurrentIndex(form.entity_combo.findData("CRM"))
        for ref in LOOKUPS:
            form.entity_edit.setText(ref)
            _wait_for_answer(window.lookup_page.lookup)
        if not window.windowTitle().endswith(DEMO_TITLE.get(language, DEMO_TITLE["en"])):
            print(f"warning: the title {window.windowTitle()!r} does not say Demo", file=sys.stderr)
        written.append(_shoot(window, out_dir / "main-window.png", MAIN_WINDOW_SIZE))

        window.resize(*BULK_VIEW_SIZE)
        _run_bulk(app, window)
        written.append(_shoot(window, out_dir / "bulk-view.png", BULK_VIEW_SIZE))
        window.tabs.setCurrentIndex(0)
        window.resize(*MAIN_WINDOW_SIZE)

        assert window.demo_portal is not None and window.store is not None
        dialog = SettingsDialog(
            window.store,
            Settings(webhook_url=window.demo_portal.webhook_url),
            window.controller,
            window,
            profiles=window.portals.profiles if window.portals else None,
            profile=window.portals.profile if window.portals else None,
        )
        dialog.resize(*DIALOG_SIZE)
        dialog.show()
        _wait_for_answer(dialog.test_connection)
        dialog.resize(*DIALOG_SIZE)
        app.processEvents()
        needed = dialog.heightForWidth(DIALOG_SIZE[0])
        if needed > DIALOG_SIZE[1]:
            print(
                f"warning: the settings dialog needs {needed} px of height, more than "
                f"{DIALOG_SIZE[1]}: its screenshot is clipped",
                file=sys.stderr,
            )
        written.append(_shoot(dialog, out_dir / "settings-dialog.png", DIALOG_SIZE))
        dialog.close()
        written.append(_shoot_profiles(app, window, out_dir / "profiles.png"))
        if about:
            written.append(_shoot_about(app, window, out_dir / ABOUT_SHOT))
    finally:
        window.close()
    return written


def _shoot_profiles(app: Any, window: Any, path: Path) -> Path:
    """A window on a second portal profile: the switcher beside the tabs, the portal in the
    status bar (and the title). The demo window is sealed, so this is a window of its own."""
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app import build_window
    from gui.store.settings import Settings

    profiles = window.portals.profiles
    for name, url in PROFILES:
        profile = profiles.find(name) or profiles.add(name)
        profiles.store(profile).save(Settings(webhook_url=url))
    other = build_window(["--profile", "Live"], app)
    try:
        other.resize(*MAIN_WINDOW_SIZE)
        other.show()
        loop = QEventLoop()
        QTimer.singleShot(500, loop.quit)  # the token is read on the worker thread
        loop.exec()
        if "company.bitrix24.ru" not in other.windowTitle():
            print(f"warning: the title {other.windowTitle()!r} names no portal", file=sys.stderr)
        other.lookup_page.form.entity_edit.clearFocus()
        return _shoot(other, path, MAIN_WINDOW_SIZE)
    finally:
        other.close()


def _run_bulk(app: Any, window: Any) -> None:
    """Show the Bulk tab, open a CRM export of the demo's leads and run it."""
    from PySide6.QtCore import Qt

    from gui.demo.crm_export import write_lead_export

    view = window.bulk_view
    window.tabs.setCurrentWidget(window.bulk_view.parentWidget())
    export = write_lead_export(Path(os.environ["B24CHAT_HOME"]) / "leads.csv", BULK_LEADS)
    _wait_for(
        view.preview_ready, lambda: view.open_file(str(export)), "the Bulk tab did not read it"
    )
    _wait_for(view.run_finished, view.start_run, "the bulk run did not finish")
    app.processEvents()
    view.results.table.clearSelection()
    view.input_panel.input_edit.clearFocus()  # no text caret in the picture
    if view.results.model.rowCount() != BULK_LEADS:
        raise RuntimeError(
            f"the bulk table shows {view.results.model.rowCount()} rows, expected {BULK_LEADS}"
        )
    if view.results.model.headerData(0, Qt.Orientation.Horizontal) != "ID":
        raise RuntimeError("the bulk table does not show the export's own columns")


def _shoot_about(app: Any, window: Any, path: Path) -> Path:
    """QMessageBox.about is modal: grab it from inside its own event loop, then close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from gui.desktop.about import show_about

    def grab() -> None:
        box = app.activeModalWidget()
        if isinstance(box, QMessageBox):
            _save(box.grab(), path)
            box.accept()

    QTimer.singleShot(300, grab)
    QTimer.singleShot(WAIT_MS, lambda: app.activeModalWidget() and app.activeModalWidget().reject())
    show_about(window)
    if not path.is_file():
        raise RuntimeError("The About box was not shown")
    return path


def _shoot(widget: Any, path: Path, size: tuple[int, int]) -> Path:
    """Save ``widget`` at ``size``; a widget that would not shrink to it is reported as clipped."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    got = (widget.width(), widget.height())
    if got != size:
        print(
            f"warning: {path.name}: the window is {got[0]}x{got[1]}, not {size[0]}x{size[1]}: "
            f"its content does not fit, the screenshot would be clipped",
            file=sys.stderr,
        )
    for name in _cut_texts(widget):
        print(f"warning: {path.name}: {name} is clipped", file=sys.stderr)
    _save(widget.grab(), path)
    return path


def _cut_texts(root: Any) -> list[str]:
    """Visible one-line labels, buttons and tabs narrower than their own text."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    cut: list[str] = []
    for widget in [root, *root.findChildren(QAbstractButton), *root.findChildren(QLabel)]:
        if not isinstance(widget, QAbstractButton | QLabel) or not widget.isVisibleTo(root):
            continue
        if not widget.text() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue  # icon-only buttons; wrapping labels grow downwards instead
        if widget.width() < widget.minimumSizeHint().width():
            cut.append(f"{type(widget).__name__} {widget.text()!r}")
    for bar in root.findChildren(QTabBar):
        for index in range(bar.count() if bar.isVisibleTo(root) else 0):
            if bar.tabRect(index).width() < bar.tabSizeHint(index).width():
                cut.append(f"tab {bar.tabText(index)!r}")
    return cut


def _wait_for(signal: Any, start: Callable[[], object], what: str) -> None:
    """Run ``start`` and spin the event loop until ``signal`` fires (or WAIT_MS passes)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[object] = []

    def done(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    try:
        QTimer.singleShot(WAIT_MS, loop.quit)
        start()
        if not fired:
            loop.exec()
    finally:
        signal.disconnect(done)
    if not fired:
        raise RuntimeError(f"{what} within {WAIT_MS} ms")


def _wait_for_answer(start: Callable[[], Any]) -> None:
    """Run ``start`` (it returns the worker's Job) and spin the event loop until the Job ends
    (or WAIT_MS passes)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    loop = QEventLoop()
    answered: list[object] = []

    def done(*_: object) -> None:
        answered.append(True)
        loop.quit()

    job = start()
    if job is None:
        raise RuntimeError("the request was refused before it reached the worker")
    job.succeeded.connect(done)
    job.failed.connect(done)
    QTimer.singleShot(WAIT_MS, loop.quit)
    if not answered:
        loop.exec()
    QApplication.processEvents()
    if not answered:
        raise RuntimeError(f"The demo portal did not answer within {WAIT_MS} ms")


def _save(pixmap: Any, path: Path) -> None:
    from PySide6.QtGui import QPixmap

    assert isinstance(pixmap, QPixmap)
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"Could not write {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "resources" / "screenshots",
        help="folder for the PNG files (default: resources/screenshots)",
    )
    parser.add_argument(
        "--language",
        default="en",
        choices=("en", "ru"),
        help="the interface language shown (default: en)",
    )
    parser.add_argument(
        "--about",
        action="store_true",
        help=f"also render the About box ({ABOUT_SHOT}; not for the README)",
    )
    args = parser.parse_args(argv)
    for path in render(args.out, args.language, about=args.about):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
