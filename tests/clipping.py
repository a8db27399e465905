"""Text a widget cannot show whole: labels, buttons, tabs, group titles and placeholders.

Run as a script (``python tests/clipping.py ru``: the language as chosen in Settings) it
opens the main window at its minimum size (both tabs, with the damaged-settings notice) and the
Settings dialog at its own, and prints each cut text; tests/test_clipping.py runs it at
QT_SCALE_FACTOR=2, where fonts measure differently than at 1x.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QWidget,
)

ROOT = Path(__file__).resolve().parent.parent
W = TypeVar("W", bound=QWidget)


def _label_cut(label: QLabel) -> bool:
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        return needed > label.height() + 1  # a wrapped line below the label's bottom
    return label.width() < label.minimumSizeHint().width()


def _placeholder_cut(edit: QLineEdit | QPlainTextEdit) -> bool:
    text = edit.placeholderText()
    metrics = QFontMetrics(edit.font())
    if isinstance(edit, QLineEdit):
        margins = edit.textMargins()
        inner = edit.contentsRect().width() - margins.left() - margins.right()
        return metrics.horizontalAdvance(text) > inner - 4  # QLineEdit's own 2 px each side
    room = edit.viewport().rect().adjusted(4, 4, -4, -4)  # the document's margin
    flags = int(Qt.TextFlag.TextWordWrap)
    shown = metrics.boundingRect(QRect(0, 0, room.width(), 100_000), flags, text)
    widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
    return shown.height() > room.height() or widest > room.width()


def _shown(root: QWidget, kind: type[W]) -> list[W]:
    return [widget for widget in root.findChildren(kind) if widget.isVisibleTo(root)]


def _cut_words(root: QWidget) -> list[str]:
    """Labels, buttons, group titles and tabs narrower (or lower) than their text."""
    cut = [
        f"label {label.text()!r} ({label.width()}x{label.height()})"
        for label in _shown(root, QLabel)
        if label.text() and _label_cut(label)
    ]
    cut += [
        f"button {button.text()!r}"
        for button in _shown(root, QAbstractButton)
        if button.text() and button.width() < button.minimumSizeHint().width()
    ]
    cut += [
        f"group {box.title()!r}"
        for box in _shown(root, QGroupBox)
        if box.width() < box.minimumSizeHint().width()
    ]
    for bar in _shown(root, QTabBar):
        cut += [
            f"tab {bar.tabText(index)!r}"
            for index in range(bar.count())
            if bar.tabRect(index).width() < bar.tabSizeHint(index).width()
        ]
    return cut


def _cut_fields(root: QWidget) -> list[str]:
    """Fields and buttons squashed below their height, pages cut at a scroll area's right edge
    (no bar to reach it) and placeholders that do not fit their field."""
    cut: list[str] = []
    fields = [*_shown(root, QLineEdit), *_shown(root, QComboBox), *_shown(root, QAbstractButton)]
    for field in fields:
        inner = isinstance(field.parentWidget(), QComboBox | QAbstractSpinBox)  # Qt's own parts
        if not inner and field.height() < field.minimumSizeHint().height():
            name = field.objectName() or type(field).__name__
            cut.append(f"squashed {name} ({field.height()} < {field.minimumSizeHint().height()})")
    for area in _shown(root, QScrollArea):
        page, view = area.widget(), area.viewport()
        sideways = area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if page is not None and sideways and page.width() > view.width():
            cut.append(f"scroll area {area.objectName()!r}: {page.width()} > {view.width()}")
    edits: list[QLineEdit | QPlainTextEdit] = [
        *_shown(root, QLineEdit),
        *_shown(root, QPlainTextEdit),
    ]
    for edit in edits:
        empty = not (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText())
        if empty and edit.placeholderText() and _placeholder_cut(edit):
            cut.append(f"placeholder {edit.placeholderText()!r} ({edit.width()} wide)")
    return cut


def cut_texts(root: QWidget) -> list[str]:
    """What in ``root`` (visible) is narrower or lower than its own text needs."""
    return _cut_words(root) + _cut_fields(root)


def _at_minimum(app: QApplication, widget: QWidget) -> None:
    widget.resize(widget.minimumSizeHint())
    widget.resize(1, 1)  # a top-level window stops at its minimum
    for _ in range(3):
        app.processEvents()


def _check(home: Path, language: str) -> list[str]:
    import json
    import os

    from gui.app import build_window, parse_args
    from gui.desktop.settings_dialog import SettingsDialog

    os.environ["B24CHAT_HOME"] = str(home)
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text('{"version": 1, "rate": ', encoding="utf-8")
    chosen = {"profiles": [{"name": "default", "folder": ""}], "language": language}
    (home / "config" / "profiles.json").write_text(json.dumps(chosen), encoding="utf-8")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = build_window(parse_args([]), app)
    window.show()
    cut: list[str] = []
    if language == "ru" and window.tabs.tabText(0) == "Lookup":
        cut.append("the window is not in Russian")
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        _at_minimum(app, window)
        cut += [f"{window.tabs.tabText(index)} tab: {text}" for text in cut_texts(window)]
    assert window.store is not None
    portals = window.portals
    assert portals is not None
    dialog = SettingsDialog(
        window.store,
        window.settings,
        window.controller,
        window,
        profiles=portals.profiles,
        profile=portals.profile,
    )
    dialog.show()
    _at_minimum(app, dialog)
    cut += [f"Settings: {text}" for text in cut_texts(dialog)]
    dialog.reject()
    window.close()
    return cut


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as home:
        cut = _check(Path(home), sys.argv[1])
    for text in cut:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
