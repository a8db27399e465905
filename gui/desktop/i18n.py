"""Translations: our ``b24chat_<lang>.qm`` plus Qt's own ``qtbase_<lang>.qm``.

The ``.ts`` sources live in ``resources/translations``; ``.qm`` files are built, not committed.
A checkout compiles a missing or stale ``.qm`` with PySide6's ``lrelease`` into a cache folder;
a frozen build ships prebuilt ``.qm`` files beside the sources (see :func:`compile_translations`).
English is the source language and needs no file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.store.paths import APP_NAME, resource

log = logging.getLogger(__name__)

PREFIX = "b24chat_"
SOURCE_LANGUAGE = "en"
TRANSLATOR_NAME = "b24chat-translator"  # objectName, so a second call replaces, not stacks
LRELEASE_TIMEOUT = 60  # seconds; lrelease takes well under one for our file


def translations_dir() -> Path:
    return resource("translations")


def available_languages(folder: Path | None = None) -> list[str]:
    """Languages we have a translation for (from ``.ts`` sources or shipped ``.qm`` files)."""
    folder = translations_dir() if folder is None else folder
    found = {p.stem.removeprefix(PREFIX) for p in folder.glob(PREFIX + "*.ts")}
    found |= {p.stem.removeprefix(PREFIX) for p in folder.glob(PREFIX + "*.qm")}
    return sorted(found)


def find_lrelease() -> Path | None:
    """PySide6's lrelease, found through the PySide6 package itself, not PATH."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if sys.platform == "win32" else ""
    for candidate in (
        package / f"lrelease{exe}",
        package / "Qt" / "bin" / f"lrelease{exe}",
        package / "Qt" / "libexec" / f"lrelease{exe}",
        package / "lrelease.app" / "Contents" / "MacOS" / "lrelease",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def compile_ts(ts: Path, qm: Path) -> Path:
    """Compile one ``.ts`` into ``qm``; raises RuntimeError saying what went wrong."""
    lrelease = find_lrelease()
    if lrelease is None:
        raise RuntimeError("PySide6's lrelease was not found: reinstall PySide6")
    import subprocess  # only when a .qm must be built: not on a normal start

    qm.parent.mkdir(parents=True, exist_ok=True)
    # built beside, then renamed: another process loading ``qm`` meanwhile never sees half a file
    partial = qm.with_name(f"{qm.stem}.{os.getpid()}.partial")
    try:
        done = subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(partial)],
            capture_output=True,
            text=True,
            timeout=LRELEASE_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"lrelease could not run ({type(exc).__name__})") from None
    if done.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"lrelease failed on {ts.name}: {done.stderr.strip()[:300]}")
    os.replace(partial, qm)  # an OSError here: qm_file tries beside the source instead
    return qm


def compile_translations(out_dir: Path, source_dir: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` into ``out_dir`` (the build script ships the result)."""
    source_dir = translations_dir() if source_dir is None else source_dir
    return [
        compile_ts(ts, out_dir / (ts.stem + ".qm"))
        for ts in sorted(source_dir.glob(PREFIX + "*.ts"))
    ]


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, False)) / "translations"


def _fresh(qm: Path, ts: Path) -> bool:
    if not qm.is_file():
        return False
    return not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime


def qm_file(language: str, *, folder: Path | None = None, cache: Path | None = None) -> Path:
    """A current ``.qm`` for ``language``: the one shipped beside a ``.ts`` no newer than it,
    else the cache's one built from this very ``.ts``, compiled when there is none.

    Raises RuntimeError (lrelease missing or failing) or FileNotFoundError (no translation).
    """
    folder = translations_dir() if folder is None else folder
    cache = cache_dir() if cache is None else cache
    name = PREFIX + language
    ts, beside = folder / f"{name}.ts", folder / f"{name}.qm"
    if _fresh(beside, ts):
        return beside
    if not ts.is_file():
        raise FileNotFoundError(f"No translation for {language!r} in {folder}")
    # The cache is shared by every checkout, version and process of this user: named by the
    # source's content, a .qm built from another .ts is never taken for this one's.
    cached = cache / f"{name}-{hashlib.sha256(ts.read_bytes()).hexdigest()[:16]}.qm"
    if cached.is_file():
        return cached
    try:
        return compile_ts(ts, cached)
    except (OSError, RuntimeError) as first:
        if not os.access(folder, os.W_OK):
            raise RuntimeError(str(first)) from None
        return compile_ts(ts, beside)  # the cache was not writable; beside the source is


def system_language() -> str:
    return QLocale.system().name().split("_")[0].lower()


def install_translator(
    app: QCoreApplication,
    language: str = "",
    *,
    folder: Path | None = None,
    cache: Path | None = None,
) -> str:
    """Install our and Qt's translators for ``language`` ("" = the system's); return the
    language actually used. Never raises: any trouble falls back to English with a warning.

    Numbers follow too: a chosen language sets the default QLocale (a Russian UI writes "5,0 s"
    even on an English system); "" keeps the system's locale, as set in the OS."""
    used = _install_translators(app, language, folder, cache)
    QLocale.setDefault(QLocale(used) if language else QLocale.system())
    return used


def _install_translators(
    app: QCoreApplication, language: str, folder: Path | None, cache: Path | None
) -> str:
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    wanted = (language or system_language()).lower()
    if wanted == SOURCE_LANGUAGE or wanted not in available_languages(folder):
        if language and wanted != SOURCE_LANGUAGE:
            log.warning("No translation for %r: using English", wanted)
        return SOURCE_LANGUAGE
    try:
        qm = qm_file(wanted, folder=folder, cache=cache)
    except (OSError, RuntimeError) as exc:
        log.warning("The %s translation is not available (%s): using English", wanted, exc)
        return SOURCE_LANGUAGE
    ours = QTranslator(app)
    ours.setObjectName(TRANSLATOR_NAME)
    if not ours.load(str(qm)):
        log.warning("Could not load %s: using English", qm)
        ours.deleteLater()
        return SOURCE_LANGUAGE
    app.installTranslator(ours)
    qt_own = QTranslator(app)  # Qt's own buttons and dialogs (Cancel, Save, file dialogs)
    qt_own.setObjectName(TRANSLATOR_NAME)
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{wanted}", qt_path):
        app.installTranslator(qt_own)
    else:
        log.info("Qt's own %s translation was not found in %s", wanted, qt_path)
        qt_own.deleteLater()
    return wanted
