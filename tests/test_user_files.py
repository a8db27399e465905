"""User files are never destroyed: written whole or not at all, a damaged one moved aside."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from gui.store.user_files import atomic_output, move_aside, write_atomically


def test_atomic_output_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with atomic_output(target) as out:
        out.write("new\n")
        assert target.read_text() == "old\n"  # nothing visible until the end
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_output_leaves_target_intact_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with pytest.raises(KeyboardInterrupt), atomic_output(tmp_path / "new.csv") as out:
        raise KeyboardInterrupt
    assert not (tmp_path / "new.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows has ACLs")
def test_atomic_output_keeps_the_target_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with atomic_output(target) as out:
        out.write("new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_atomically_is_private_and_whole(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old\n")
    os.chmod(target, 0o644)
    write_atomically(target, '{"ключ": 1}\r\n')
    assert target.read_bytes() == '{"ключ": 1}\r\n'.encode()  # no newline translation
    if os.name == "posix":  # on Windows the profile's ACL protects it, not a mode
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it may hold the token
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_move_aside_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    now = datetime(2024, 5, 6, 7, 8, 9)
    target = tmp_path / "history.json"
    names = []
    for text in ("first", "second", "third"):
        target.write_text(text)
        names.append(move_aside(target, now).name)
    assert names == [
        "history.json.corrupt-20240506-070809",
        "history.json.corrupt-20240506-070809-1",
        "history.json.corrupt-20240506-070809-2",
    ]
    assert [(tmp_path / n).read_text() for n in names] == ["first", "second", "third"]
    assert not target.exists()
    with pytest.raises(OSError):
        move_aside(tmp_path / "missing.json", now)


@pytest.mark.skipif(os.name != "posix", reason="folders are synced on POSIX only")
def test_atomic_output_syncs_the_file_and_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with atomic_output(tmp_path / "out.csv") as out:
        out.write("rows\n")
    assert synced == [False, True]  # the data, then the rename
