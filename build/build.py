"""Build the standalone app: ``python build/build.py [--onedir] [--zip] [--bare]``.

One file by default (``dist/b24-chat-lookup``); ``--onedir`` makes the portable folder
``dist/b24-chat-lookup-portable/`` and ``--zip`` packs it as ``dist/b24-chat-lookup-portable.zip``.
``--bare`` builds the bare-window baseline (``dist/bare-window``) with the same options.
On Windows each build also makes the console ``b24chat.exe`` (beside the one file, or in the
folder); on macOS both modes make ``dist/b24-chat-lookup.app`` and ``--zip`` zips that.
Needs the build extra: ``pip install -e '.[build]'``.
"""

from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
REPO = BUILD_DIR.parent
sys.path.insert(0, str(BUILD_DIR))  # the spec's rules, also when a bench loads this by path
import bundle_rules  # noqa: E402

SPEC = BUILD_DIR / "b24-chat-lookup.spec"
DIST = REPO / "dist"
WORK = BUILD_DIR / "work"
MIB = 1024 * 1024

# target -> executable name; keep in step with TARGETS in the spec.
TARGET_NAMES = {"app": "b24-chat-lookup", "bare": "bare-window", "placeholder": "placeholder-app"}


@dataclass(frozen=True)
class BuildResult:
    target: str
    onedir: bool
    artifact: Path  # the one file, or the portable folder (the .app on macOS)
    executable: Path  # what to run
    seconds: float
    size: int  # bytes on disk: the file, or the folder's files (symlinks not followed)
    # The other programs (b24chat.exe on Windows): inside the folder, or one file each.
    others: tuple[Path, ...] = ()


def exe_suffix(platform: str = sys.platform) -> str:
    return ".exe" if platform == "win32" else ""


def program_paths(
    target: str, onedir: bool, dist: Path = DIST, platform: str = sys.platform
) -> list[tuple[Path, Path]]:
    """(artifact, executable) of every program of a build, the window's first. The artifact is
    what is handed out: the one file, the portable folder, or (macOS, always) the .app."""
    main_name = TARGET_NAMES[target]
    names = [
        p.name
        for p in bundle_rules.programs(main_name, with_cli=target == "app", platform=platform)
    ]
    if platform == "darwin":
        app = dist / f"{main_name}.app"
        return [(app, app / "Contents" / "MacOS" / name) for name in names]
    suffix = exe_suffix(platform)
    if onedir:
        folder = dist / f"{main_name}-portable"
        return [(folder, folder / f"{name}{suffix}") for name in names]
    return [(dist / f"{name}{suffix}", dist / f"{name}{suffix}") for name in names]


def artifact_paths(
    target: str, onedir: bool, dist: Path = DIST, platform: str = sys.platform
) -> tuple[Path, Path]:
    """(artifact, executable) of the window's program."""
    return program_paths(target, onedir, dist, platform)[0]


def tree_size(path: Path) -> int:
    """Bytes of a file, or of every regular file under a folder; symlinks count as nothing."""
    if path.is_file():
        return path.stat().st_size
    return sum(
        item.lstat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink()
    )


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip ``folder`` as one top-level folder, keeping symlinks and the executable bit."""
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for item in sorted(folder.rglob("*")):
            name = item.relative_to(folder.parent).as_posix()
            if item.is_symlink():
                # Stored as a link (what unzip restores), not a second copy of the library.
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix, so the mode bits below are honoured
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                bundle.writestr(info, os.readlink(item))
            elif item.is_file():
                bundle.write(item, name)
    return archive


def build(
    target: str = "app", onedir: bool = False, clean: bool = False, quiet: bool = False
) -> BuildResult:
    """Run PyInstaller on the spec for one target and mode; raise SystemExit when it fails."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is missing: run  pip install -e '.[build]'") from None
    mode = "onedir" if onedir else "onefile"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK / f"{target}-{mode}"),
        "--log-level",
        "WARN" if quiet else "INFO",
    ]
    if clean:
        command.append("--clean")
    command += ["--", "--target", target, *(["--onedir"] if onedir else [])]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(
            f"PyInstaller failed for {target} ({mode}), exit code "
            f"{completed.returncode}: see its output above"
        )
    (artifact, executable), *others = program_paths(target, onedir)
    for _, program in [(artifact, executable), *others]:
        if not program.exists():
            raise SystemExit(f"PyInstaller finished but {program} is missing")
    return BuildResult(
        target,
        onedir,
        artifact,
        executable,
        seconds,
        tree_size(artifact),
        tuple(program for _, program in others),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--onedir", action="store_true", help="build the portable folder instead of one file"
    )
    parser.add_argument(
        "--zip", action="store_true", help="zip the portable folder (implies --onedir)"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--bare", action="store_true", help="build the bare-window baseline")
    group.add_argument("--placeholder", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--quiet", action="store_true", help="PyInstaller's warnings only")
    args = parser.parse_args(argv)
    target = "bare" if args.bare else "placeholder" if args.placeholder else "app"
    if target == "app" and not (REPO / "gui" / "app.py").is_file():
        raise SystemExit("gui/app.py is missing: nothing to build yet (try --bare)")
    result = build(target, onedir=args.onedir or args.zip, clean=args.clean, quiet=args.quiet)
    kind = "folder" if result.artifact.is_dir() else "file"
    print(
        f"built {result.artifact.relative_to(REPO)} ({kind}) in {result.seconds:.1f} s: "
        f"{result.size / MIB:.1f} MiB"
    )
    for other in result.others:
        beside = "in the folder" if result.onedir else f"{tree_size(other) / MIB:.1f} MiB"
        print(f"built {other.relative_to(REPO)} beside it ({beside})")
    if args.zip:
        archive = zip_folder(result.artifact, DIST / f"{result.artifact.name}.zip")
        print(f"zipped {archive.relative_to(REPO)}: {archive.stat().st_size / MIB:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
