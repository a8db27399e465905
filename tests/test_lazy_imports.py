"""Start-up does not pay for openpyxl: only reading or writing a workbook imports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MODULES = (
    "gui.app",
    "gui.cli",
    "gui.cli.bulk",
    "gui.desktop.main_window",
    "gui.desktop.bulk_view",
    "gui.bitrix.bulk_columns",
    "gui.bitrix.bulk_write",
)


def _loaded_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_importing_the_app_and_the_cli_does_not_import_openpyxl() -> None:
    loaded = _loaded_after("\n".join(f"import {module}" for module in MODULES))
    assert "gui.desktop.bulk_view" in loaded
    assert not {name for name in loaded if name.split(".")[0] == "openpyxl"}


def test_reading_a_workbook_does() -> None:
    loaded = _loaded_after(
        "import io\nfrom gui.bitrix.workbook import WorkbookWriter\n"
        "from gui.bitrix.bulk_write import CLASSIC\nWorkbookWriter(io.BytesIO(), CLASSIC)"
    )
    assert "openpyxl" in loaded  # the check above would notice an import
