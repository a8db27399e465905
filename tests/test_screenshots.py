"""The screenshot script renders every README PNG at its fixed size, nothing clipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "build" / "screenshots.py"


@pytest.mark.slow
def test_screenshots_rendered(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("B24CHAT_HOME", None)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path / "shots")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import screenshots
    finally:
        sys.path.remove(str(SCRIPT.parent))
    expected = {
        "main-window.png": screenshots.MAIN_WINDOW_SIZE,
        "bulk-view.png": screenshots.BULK_VIEW_SIZE,
        "settings-dialog.png": screenshots.DIALOG_SIZE,
        "profiles.png": screenshots.MAIN_WINDOW_SIZE,
    }
    assert sorted(expected) == sorted(screenshots.SHOTS)
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == sorted(expected)
    for name, (width, height) in expected.items():
        path = tmp_path / "shots" / name
        assert path.stat().st_size > 5000, name
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height), name
        # Not a blank canvas: a rendered window has many distinct colours.
        colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
        assert len(colours) > 10, name
    assert "clipped" not in done.stderr
    assert "warning" not in done.stderr


def test_clipped_text_is_found(qapp: object) -> None:
    """The clip check names a button squeezed narrower than its text, and passes a roomy one."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import screenshots
    finally:
        sys.path.remove(str(SCRIPT.parent))
    root = QWidget()
    QHBoxLayout(root)
    button = QPushButton("A rather long button text", root)
    root.layout().addWidget(button)  # type: ignore[union-attr]
    root.show()
    button.setMinimumWidth(0)
    button.resize(button.minimumSizeHint().width(), button.height())
    assert screenshots._cut_texts(root) == []
    button.resize(30, button.height())
    assert screenshots._cut_texts(root) == ["QPushButton 'A rather long button text'"]
    root.close()
