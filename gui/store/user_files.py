"""Never destroy a user's file: write it whole or not at all, and move a damaged one aside."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from gui.bitrix.wording import phrase

TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 24 * 3600  # a temp file of ours this old was left by a crash

# Why a damaged file was set aside (the start of a sentence naming the file).
UNREADABLE = phrase("could not be read ({kind})")


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, private: bool = False, encoding: str = "utf-8"
) -> Iterator[TextIO]:
    """Write a text file (UTF-8 unless told: "utf-8-sig" starts it with a BOM) all or nothing:
    a temp file beside it, fsync, ``os.replace``, then fsync the folder. On any exit but
    success the temp file goes and the old file stays.

    A symlink is written through to its target (the link stays); a device or FIFO (``-o
    /dev/stdout``, a pipe) is written directly, since it cannot be replaced. ``private`` keeps
    the file readable by the user only (0600: it may hold the token); otherwise it gets the
    old file's mode, or the usual one for a new file.
    """
    with _atomic(path, private, "w", encoding) as out:
        yield cast(TextIO, out)


@contextlib.contextmanager
def atomic_binary_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """:func:`atomic_output` for bytes (a workbook)."""
    with _atomic(path, False, "wb", None) as out:
        yield cast(BinaryIO, out)


@contextlib.contextmanager
def _atomic(
    path: str | os.PathLike[str], private: bool, mode: str, encoding: str | None
) -> Iterator[IO[Any]]:
    newline = None if "b" in mode else ""
    target = Path(os.path.realpath(path))
    if _is_special(target):
        with open(target, mode, encoding=encoding, newline=newline) as out:
            yield out
        return
    folder = target.parent
    remove_stale_temp(target)
    # mkstemp opens with O_EXCL and mode 0600 from creation.
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if not private:
            _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(folder)


def remove_stale_temp(target: Path, *, older_than: float = STALE_SECONDS) -> int:
    """Delete temp files of ours for ``target`` (``.<name>.*.tmp`` beside it) left by a crash
    at least ``older_than`` seconds ago; returns how many went."""
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f"{_temp_prefix(target)}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if candidate.is_file() and candidate.lstat().st_mtime <= cutoff:
                    candidate.unlink()
                    removed += 1
    return removed


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed and keep it 0700 on POSIX: the app's own
    folders hold the token, the history and the journals. A folder we do not own keeps its
    mode (an admin's shared B24CHAT_HOME)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            if folder.stat().st_uid == os.getuid():
                folder.chmod(0o700)


def open_private(path: Path, mode: str = "w") -> TextIO:
    """A text file of ours opened for writing, created 0600 (journals, the log)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    return cast(TextIO, os.fdopen(fd, mode, encoding="utf-8", newline="\n"))


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def _is_special(target: Path) -> bool:
    """A character or block device, a FIFO or a socket: something to write to, not replace."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


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
