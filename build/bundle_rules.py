"""What goes into the frozen app: module excludes, Qt plugin/library/translation trimming.

Pure functions over PyInstaller TOC entries ``(dest_name, src_path, typecode)``, kept out of the
spec so they can be type-checked and reused by the build script and the bench.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

TocEntry = tuple[str, str, str]

# Qt modules the app does not import (it uses QtCore, QtGui, QtWidgets only).
UNUSED_QT_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLabsStyleKit",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)

# Python modules that must never ship: dev tools of the build venv, GUI toolkits we do not
# use, and stdlib test/debug helpers. Each was checked not to be needed at run time.
EXCLUDED_MODULES = (
    *(f"PySide6.{module}" for module in UNUSED_QT_MODULES),
    # Dev and build tools that leak in through optional imports.
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "iniconfig",
    "hypothesis",
    "_hypothesis_pytestplugin",
    "sortedcontainers",
    "mypy",
    "mypyc",
    "mypy_extensions",
    "librt",
    "ruff",
    "pathspec",
    "pygments",
    "rich",
    "click",
    "IPython",
    "jedi",
    "parso",
    "coverage",
    "black",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "distutils",
    "pip",
    "wheel",
    "PyInstaller",
    "altgraph",
    "ast_serialize",
    # truststore patches urllib3/requests when present; the app talks through httpx only.
    "requests",
    "urllib3",
    "charset_normalizer",
    # httpx's command-line client (httpx[cli]); importing it is optional inside httpx.
    "httpx._main",
    # Only ProcessPoolExecutor reaches it and the app starts no processes; shipping it adds
    # PyInstaller's multiprocessing runtime hook, run before the window on every start.
    "multiprocessing",
    "concurrent.futures.process",
    # Other GUI toolkits and stdlib parts the app never uses.
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "pydoc_data",
    "unittest",
    "doctest",
    "pdb",
    "lib2to3",
    "ensurepip",
    "venv",
    "test",
    "curses",
    "sqlite3",
    "xmlrpc",
    "PyQt5",
    "PyQt6",
    "PySide2",
)

# Qt shared libraries the kept modules and plugins need; every other Qt library is dropped.
KEPT_QT_LIBS = ("Core", "Gui", "Widgets", "DBus", "XcbQpa")

# Qt plugins kept, by plugin folder, per platform (sys.platform prefix). PNG is built into
# QtGui, so no imageformats plugin is needed as long as the app loads PNG icons, not SVG.
KEPT_QT_PLUGINS: dict[str, dict[str, frozenset[str]]] = {
    "linux": {
        "platforms": frozenset({"qxcb", "qoffscreen", "qminimal"}),
        "platformthemes": frozenset({"qxdgdesktopportal"}),  # gtk3 would pull in all of GTK
        "platforminputcontexts": frozenset(
            {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
        ),
        "xcbglintegrations": frozenset({"qxcb-glx-integration"}),
    },
    "win32": {
        "platforms": frozenset({"qwindows", "qoffscreen", "qminimal"}),
        "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle"}),
    },
    "darwin": {
        "platforms": frozenset({"qcocoa", "qoffscreen", "qminimal"}),
        "styles": frozenset({"qmacstyle"}),
    },
}

# Qt's own strings (standard buttons, file dialog) in the app's languages.
KEPT_QT_TRANSLATIONS = frozenset({"qtbase_en.qm", "qtbase_ru.qm"})

_QT_PLUGIN = re.compile(
    r"PySide6[/\\](?:Qt[/\\])?plugins[/\\](?P<kind>[^/\\]+)[/\\](?P<file>[^/\\]+)$"
)
_QT_LIB = re.compile(r"(?:^|[/\\])(?:lib)?Qt6(?P<module>\w+?)(?:\.so\.6|\.dll|\.dylib)$")
_QT_FRAMEWORK = re.compile(r"(?:^|[/\\])Qt(?P<module>\w+)\.framework(?:[/\\]|$)")
# Windows wheels ship a 20 MiB software OpenGL; a widgets app paints without OpenGL.
DROPPED_FILES = frozenset({"opengl32sw.dll"})
_QT_TRANSLATION = re.compile(r"PySide6[/\\](?:Qt[/\\])?translations[/\\](?P<file>[^/\\]+)$")


# The console executable beside the windowed one on Windows; gui/console.py dispatches on it.
CLI_PROGRAM = "b24chat"


@dataclass(frozen=True)
class Program:
    """One executable of a build, all of them sharing one analysis, PYZ and bundle."""

    name: str
    console: bool


def programs(
    main_name: str, *, with_cli: bool, platform: str = sys.platform
) -> tuple[Program, ...]:
    """The windowed app first; on Windows also the console ``b24chat`` when ``with_cli``.

    A windowed .exe gets no stdout and cmd/PowerShell do not wait for its exit code, so the
    command line needs a console executable there; elsewhere one program is both.
    """
    windowed = Program(main_name, console=False)
    if with_cli and platform_key(platform) == "win32":
        return (windowed, Program(CLI_PROGRAM, console=True))
    return (windowed,)


def platform_key(platform: str = sys.platform) -> str:
    """``linux``, ``win32`` or ``darwin``: the key into :data:`KEPT_QT_PLUGINS`."""
    for key in KEPT_QT_PLUGINS:
        if platform.startswith(key):
            return key
    return "linux"  # other Unixes use the same xcb stack


def plugin_stem(file_name: str) -> str:
    """``libqxcb.so`` / ``qxcb.dll`` / ``libqxcb.dylib`` -> ``qxcb``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_entry(dest_name: str, platform: str = sys.platform) -> bool:
    """False for a Qt plugin, library or translation the app does not need."""
    plugin = _QT_PLUGIN.search(dest_name)
    if plugin:
        kept = KEPT_QT_PLUGINS[platform_key(platform)].get(plugin["kind"], frozenset())
        return plugin_stem(plugin["file"]) in kept
    translation = _QT_TRANSLATION.search(dest_name)
    if translation:
        return translation["file"] in KEPT_QT_TRANSLATIONS
    if Path(dest_name).name.lower() in DROPPED_FILES:
        return False
    library = _QT_LIB.search(dest_name) or _QT_FRAMEWORK.search(dest_name)
    if library:
        return library["module"] in KEPT_QT_LIBS
    return True


def trim(
    toc: Iterable[TocEntry], platform: str = sys.platform
) -> tuple[list[TocEntry], list[TocEntry]]:
    """The entries to keep, and those dropped."""
    kept: list[TocEntry] = []
    dropped: list[TocEntry] = []
    for entry in toc:
        (kept if keep_entry(entry[0], platform) else dropped).append(entry)
    return kept, dropped


def _closure(roots: Iterable[str], imports: Callable[[str], Iterable[str]]) -> set[str]:
    """Every library reachable from ``roots`` through link-time imports (real paths)."""
    seen: set[str] = set()
    todo = [os.path.realpath(root) for root in roots]
    while todo:
        path = todo.pop()
        for needed in imports(path):
            real = os.path.realpath(needed)
            if real not in seen:
                seen.add(real)
                todo.append(real)
    return seen


def prune_orphans(
    kept: list[TocEntry], dropped_sources: Iterable[str], imports: Callable[[str], Iterable[str]]
) -> tuple[list[TocEntry], list[str]]:
    """Drop shared libraries that only dropped Qt parts needed (GTK, cairo, wayland, ...).

    ``imports(path)`` lists the resolved paths a binary links against. A library goes only if a
    dropped binary needed it and no kept binary does, so ctypes-loaded libraries always stay.
    """
    needed_by_dropped = _closure(dropped_sources, imports)

    def suspect(entry: TocEntry) -> bool:
        return entry[2] == "BINARY" and os.path.realpath(entry[1]) in needed_by_dropped

    # Roots are the binaries that stay for their own sake, not because a dropped one needed them.
    needed_by_kept = _closure(
        (
            src
            for dest, src, kind in kept
            if kind in ("BINARY", "EXTENSION") and not suspect((dest, src, kind))
        ),
        imports,
    )
    orphans = needed_by_dropped - needed_by_kept
    result: list[TocEntry] = []
    removed: list[str] = []
    for entry in kept:
        if entry[2] == "BINARY" and os.path.realpath(entry[1]) in orphans:
            removed.append(entry[0])
        else:
            result.append(entry)
    return result, removed


def project_version(package_init: Path = REPO / "gui" / "__init__.py") -> str:
    """The version in gui/__init__.py, the one source of truth (pyproject.toml reads it too)."""
    match = re.search(r'^__version__ = "([^"]+)"', package_init.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise ValueError(f"no __version__ in {package_init}")
    return match.group(1)


def windows_version_info(version: str, product: str, exe_name: str) -> str:
    """A PyInstaller ``--version-file`` text (VSVersionInfo) for ``version`` like ``1.2.3``."""
    numbers = [int(part) for part in re.findall(r"\d+", version)[:4]]
    numbers += [0] * (4 - len(numbers))
    quad = ", ".join(str(number) for number in numbers)
    dotted = ".".join(str(number) for number in numbers)
    strings = {
        "CompanyName": "B24 Chat Lookup developers",
        "FileDescription": product,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": product,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# Generated by build/bundle_rules.py from gui/__init__.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers=({quad}),
    prodvers=({quad}),
    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
# version {dotted}
"""
