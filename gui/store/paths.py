"""Where the app keeps its files: the one place that knows every location.

Nothing here touches the disk at import time; :func:`detect_paths` runs when ``main()`` does, and
:meth:`AppPaths.ensure` creates the folders when something is about to be written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

PORTABLE_MARKER = "portable.ini"
PORTABLE_FOLDER = "B24ChatLookup-data"
HOME_ENV = "B24CHAT_HOME"
APP_NAME = "B24ChatLookup"
APP_AUTHOR = "B24ChatLookup"
JOURNAL_SUFFIX = ".bulk.jsonl"  # a bulk run's journal in AppPaths.journal_dir


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    portable: bool

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "history.json"

    @property
    def journal_dir(self) -> Path:
        """Bulk-run journals, so an interrupted run can be resumed."""
        return self.data_dir / "journal"

    @property
    def column_choices_file(self) -> Path:
        """Which column holds the IDs, per kind of file the Bulk view has opened."""
        return self.data_dir / "bulk-columns.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "b24-chat-lookup.log"

    @classmethod
    def under(cls, folder: Path, *, portable: bool) -> AppPaths:
        """Everything in one folder: ``config``, ``data`` and ``logs`` side by side."""
        return cls(folder / "config", folder / "data", folder / "logs", portable)

    def ensure(self) -> None:
        """Create the three folders, each 0700 on POSIX (they hold the token, the history, the
        journals and the log)."""
        from gui.store.user_files import private_folder

        for folder in (self.config_dir, self.data_dir, self.log_dir):
            private_folder(folder)


def detect_paths(
    *,
    executable: str | None = None,
    frozen: bool | None = None,
    env: Mapping[str, str] | None = None,
) -> AppPaths:
    """Find the app's folders.

    1. ``B24CHAT_HOME`` in the environment: everything under that folder (portable when the
       folder holds a ``portable.ini``).
    2. Portable mode: a ``portable.ini`` beside the frozen executable (or beside ``executable``
       when a test passes one) puts everything in ``B24ChatLookup-data`` beside it.
    3. Otherwise the platform's per-user folders.
    """
    environ = os.environ if env is None else env
    home = environ.get(HOME_ENV, "").strip()
    if home:
        folder = Path(home).expanduser().resolve()
        return AppPaths.under(folder, portable=(folder / PORTABLE_MARKER).is_file())

    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if executable is None and is_frozen:
        executable = sys.executable
    # A plain checkout is never portable: sys.argv[0] there is a script or python itself.
    if executable:
        exe_dir = Path(executable).resolve().parent
        if (exe_dir / PORTABLE_MARKER).is_file():
            return AppPaths.under(exe_dir / PORTABLE_FOLDER, portable=True)

    author: str | Literal[False] = APP_AUTHOR if sys.platform == "win32" else False
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, author)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, author)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, author)),
        portable=False,
    )


def resources_dir() -> Path:
    """The ``resources`` folder (icons, translations, style, demo data), found relative to the
    package in a wheel or a frozen bundle (``gui/resources``) and in a checkout (``../resources``).
    """
    import gui  # here, not at the top: gui/__init__ must stay free to import this module

    package_dir = Path(gui.__file__).resolve().parent
    candidates = (package_dir / "resources", package_dir.parent / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"The app's resources folder is missing (looked in {looked}): reinstall the app"
    )


def resource(*parts: str) -> Path:
    """A file under ``resources``, e.g. ``resource("icons", "app.svg")``; it may not exist."""
    return resources_dir().joinpath(*parts)


def find_interrupted(journal_dir: Path) -> list[Path]:
    """Journals left by runs that did not end, newest first (a run's journal goes when it ends).

    Here, not in gui.store.journal: the window looks once the window is up, and that needs none
    of the journal's reading and writing (uuid, the bulk model) loaded."""
    if not journal_dir.is_dir():
        return []
    found = [p for p in journal_dir.iterdir() if p.name.endswith(JOURNAL_SUFFIX) and p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
