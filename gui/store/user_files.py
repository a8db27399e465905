"""Never destroy a user's file: write it whole or not at all, and move a damaged one aside."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, private: bool = False, encoding: str = "utf-8"
) -> Iterator[TextIO]:
    """Write a text file (UTF-8 unless told: "utf-8-sig" starts it with a BOM) all or nothing:
    a temp file beside it, fsync, ``os.replace``, then fsync the folder. On an exception the
    temp file goes and the old file stays.

    ``private`` keeps the file readable by the user only (0600: it may hold the token);
    otherwise it gets the old file's mode, or the usual one for a new file.
    """
    with _atomic(path, private) as fd, os.fdopen(fd, "w", encoding=encoding, newline="") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def atomic_binary_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """:func:`atomic_output` for bytes (a workbook)."""
    with _atomic(path, False) as fd, os.fdopen(fd, "wb") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def _atomic(path: str | os.PathLike[str], private: bool) -> Iterator[int]:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    # mkstemp opens with O_EXCL and mode 0600 from creation.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        yield fd  # the caller's file object owns and closes it
        if not private:
            _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(folder)


def write_atomically(path: Path, text: str) -> None:
    """A small private file (settings, history) written whole or not at all, mode 0600."""
    with atomic_output(path, private=True) as out:
        out.write(text)


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<timestamp>[-n]`` and return the new path;
    raises OSError when it cannot be moved (the caller tells the user)."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    os.replace(path, aside)
    return aside


def _copy_mode(target: Path, tmp: Path) -> None:
    """mkstemp makes 0600; a shared file gets the target's mode, else the usual umask one."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # the rename survives a power cut only once the folder is synced
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
