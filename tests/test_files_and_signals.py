"""Files we write and how we end: special outputs, SIGTERM, temp files, modes, damaged files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import MemoryTokenStore

from gui.bitrix.bulk import BulkItem, BulkRow
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.store import journal
from gui.store.history import History
from gui.store.logs import setup_logging
from gui.store.paths import JOURNAL_SUFFIX, AppPaths, find_interrupted
from gui.store.secrets import FileTokenStore
from gui.store.settings import Settings, SettingsStore
from gui.store.user_files import STALE_SECONDS, atomic_output

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--rate", "100", "--burst", "100"]
WEBHOOK = "https://portal.example.com/rest/1/abcd0123secrettoken/"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes, FIFOs and signals")


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100, burst=100, chats=sample_chats()) as emulator:
        yield emulator


def cli(tmp_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "gui.cli", *args]


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli(tmp_path, *args), capture_output=True, text=True, env=cli_env(tmp_path), timeout=60
    )


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "B24_WEBHOOK_URL"}
    env.update(B24CHAT_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    return env


def leads(count: int) -> str:
    return "".join(f"CRM,LEAD|{n}\n" for n in range(1, count + 1))


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ----- bulk -o onto a FIFO, a symlink --------------------------------------------------------


@posix_only
def test_bulk_output_to_a_fifo_writes_into_it_and_keeps_it(
    tmp_path: Path, portal: PortalEmulator
) -> None:
    source, fifo = tmp_path / "in.csv", tmp_path / "out.fifo"
    source.write_text(leads(3))
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    done = run_cli(
        tmp_path, "bulk", str(source), "-o", str(fifo), "--webhook", portal.webhook_url, *FAST
    )
    reader.join(10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO, not a regular file over it
    assert received and received[0].splitlines()[1] == "CRM,LEAD|1,1001,"
    assert temp_files(tmp_path) == []


@posix_only
def test_bulk_output_through_a_symlink_writes_its_target(
    tmp_path: Path, portal: PortalEmulator
) -> None:
    source, target, link = tmp_path / "in.csv", tmp_path / "real.csv", tmp_path / "link.csv"
    source.write_text(leads(2))
    target.write_text("old\n")
    link.symlink_to(target)
    done = run_cli(
        tmp_path, "bulk", str(source), "-o", str(link), "--webhook", portal.webhook_url, *FAST
    )
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text().splitlines()[2] == "CRM,LEAD|2,1002,"


def test_bulk_help_says_how_special_outputs_are_written(tmp_path: Path) -> None:
    done = subprocess.run(
        cli(tmp_path, "bulk", "--help"), capture_output=True, text=True, env=cli_env(tmp_path)
    )
    assert "symlink" in done.stdout and "FIFO" in done.stdout and "143" in done.stdout


# ----- SIGTERM ----------------------------------------------------------------------------------


@posix_only
def test_sigterm_writes_every_row_and_exits_143(tmp_path: Path, portal: PortalEmulator) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(leads(120))
    portal.inject(Fault("slow", seconds=30), method="batch")  # the first batch hangs
    proc = subprocess.Popen(
        cli(tmp_path, "bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url, *FAST),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=cli_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 15  # the emulator has no "request arrived" event
        while portal.stats.snapshot().requests == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 143
        stopped_in = time.monotonic() - started
        assert proc.stderr is not None
        err = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    rows = [line.split(",") for line in out.read_text().splitlines()[1:]]
    assert [r[1] for r in rows] == [f"LEAD|{n}" for n in range(1, 121)]
    assert all(r[3] == "cancelled" for r in rows)
    assert "120 cancelled" in err and "Traceback" not in err
    assert stopped_in < 5  # the hanging request was cut, not waited for
    assert temp_files(tmp_path) == []


# ----- temp files -------------------------------------------------------------------------------


def test_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write("half")
        raise RuntimeError("cut")
    assert temp_files(tmp_path) == [] and not target.exists()


def test_stale_temp_files_of_ours_go_at_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    stale, fresh, other = (
        tmp_path / ".out.csv.dead1.tmp",
        tmp_path / ".out.csv.live1.tmp",
        tmp_path / ".notes.txt.abc.tmp",
    )
    for path in (stale, fresh, other):
        path.write_text("left by a crash")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    with atomic_output(target) as out:
        out.write("new\n")
    assert not stale.exists()
    assert fresh.exists()  # maybe a save in progress elsewhere
    assert other.exists()  # not the file we saved: not ours to judge


def test_a_settings_temp_file_with_the_token_is_removed_at_the_next_start(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path, portable=False)
    store = SettingsStore(paths, FileTokenStore())
    store.save(Settings(webhook_url=WEBHOOK))
    killed = paths.config_dir / ".settings.json.k9xyz.tmp"  # kill -9 mid-save left it
    killed.write_text(paths.settings_file.read_text())
    assert "abcd0123secrettoken" in killed.read_text()
    old = time.time() - 60
    os.utime(killed, (old, old))
    SettingsStore(paths, FileTokenStore()).load()
    assert not killed.exists()
    assert SettingsStore(paths, FileTokenStore()).load().settings.webhook_url == WEBHOOK


# ----- modes ------------------------------------------------------------------------------------


@posix_only
def test_every_file_we_keep_is_0600_and_every_folder_0700(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        paths = AppPaths.under(tmp_path / "home", portable=False)
        SettingsStore(paths, MemoryTokenStore()).save(Settings())
        history = History(paths.history_file)
        history.record("CRM", "LEAD|1", 1001)
        history.save()
        item = BulkItem.parse(1, "CRM", "LEAD|1")
        run = journal.RunJournal.start(paths.journal_dir, [item], {})
        run.record([BulkRow(item, chat_id=1001)])
        run.close()
        handler = setup_logging(paths)
        assert handler is not None
        import logging

        logging.getLogger("test").warning("a line")
        handler.close()
        logging.getLogger().removeHandler(handler)
    finally:
        os.umask(old_umask)
    files = [paths.settings_file, paths.history_file, run.path, paths.log_file]
    assert {f.name: oct(f.stat().st_mode & 0o777) for f in files} == {
        f.name: "0o600" for f in files
    }
    folders = [paths.config_dir, paths.data_dir, paths.log_dir, paths.journal_dir]
    assert {d.name: oct(d.stat().st_mode & 0o777) for d in folders} == {
        d.name: "0o700" for d in folders
    }


# ----- damaged files: nested past reading ------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


def test_a_deeply_nested_settings_file_is_set_aside(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path, portable=False)
    paths.ensure()
    paths.settings_file.write_text(DEEP)
    result = SettingsStore(paths, MemoryTokenStore()).load()
    assert result.settings == Settings()
    assert result.recovered_from is not None and result.recovered_from.read_text() == DEEP
    assert "nested too deeply" in result.warnings[0] and not paths.settings_file.exists()


def test_a_deeply_nested_history_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text(DEEP)
    history = History(path)
    message = history.load()
    assert message is not None and "nested too deeply" in message
    assert history.entries == [] and not path.exists()
    assert [p.name.startswith("history.json.corrupt-") for p in tmp_path.iterdir()] == [True]


def test_a_deeply_nested_journal_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / f"run-deep{JOURNAL_SUFFIX}"
    path.write_text(DEEP + "\n")
    with pytest.raises(journal.JournalError) as caught:
        journal.summarise(path)
    told = journal.set_aside(path, caught.value)
    assert told is not None and "kept as" in told
    assert find_interrupted(tmp_path) == []


def test_a_journal_of_another_version_is_not_set_aside(tmp_path: Path) -> None:
    path = tmp_path / f"run-new{JOURNAL_SUFFIX}"
    path.write_text(json.dumps({"format": journal.FORMAT, "version": 99, "total": 0}) + "\n")
    with pytest.raises(journal.JournalError) as caught:
        journal.summarise(path)
    assert journal.set_aside(path, caught.value) is None and path.exists()


def test_the_app_starts_over_deeply_nested_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = AppPaths.under(home, portable=False)
    paths.ensure()
    (paths.journal_dir).mkdir()
    for path in (
        paths.settings_file,
        paths.history_file,
        paths.data_dir / "window.json",
        paths.journal_dir / f"run-deep{JOURNAL_SUFFIX}",
    ):
        path.write_text(DEEP + "\n")
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from gui.app import build_window\n"
        "app = QApplication([])\n"
        "window = build_window([], app)\n"
        "window.show(); app.processEvents()\n"
        "import os, pathlib, time\n"
        "window.check_for_interrupted_run()\n"
        "# The journals are read on the worker thread: wait (bounded) until the damaged one is\n"
        "# set aside, then a little more for anything else the check does.\n"
        "home = pathlib.Path(os.environ['B24CHAT_HOME'])\n"
        "deadline = time.monotonic() + 20\n"
        "while time.monotonic() < deadline and not any(home.rglob('*.jsonl.corrupt-*')):\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('started'); window.close()\n"
    )
    env = {**cli_env(tmp_path), "QT_QPA_PLATFORM": "offscreen", "B24CHAT_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and "started" in done.stdout, done.stderr[-800:]
    assert "RecursionError" not in done.stderr
    corrupt = sorted(p.name.split(".corrupt-")[0] for p in home.rglob("*.corrupt-*"))
    assert corrupt == sorted([f"run-deep{JOURNAL_SUFFIX}", "history.json", "settings.json"])


# ----- CA bundle -------------------------------------------------------------------------------


def test_config_refuses_a_ca_bundle_that_is_not_pem(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    done = run_cli(tmp_path, "config", "--ca-bundle", str(junk))
    assert done.returncode == 2, done.stderr
    assert "could not be used" in done.stderr and "nothing was saved" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "home" / "config" / "settings.json").exists()


def test_a_journal_part_left_by_a_crash_goes_at_the_next_run(tmp_path: Path) -> None:
    stale, fresh = (
        tmp_path / f"run-old{JOURNAL_SUFFIX}.part",
        tmp_path / f"run-new{JOURNAL_SUFFIX}.part",
    )
    for part in (stale, fresh):
        part.write_text("{}\n")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    journal.RunJournal.start(tmp_path, [BulkItem.parse(1, "CRM", "LEAD|1")], {}).close()
    assert not stale.exists() and fresh.exists()


def test_a_journal_whose_input_cannot_be_written_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "_item_entry", full_disk)
    with pytest.raises(OSError):
        journal.RunJournal.start(tmp_path, [BulkItem.parse(1, "CRM", "LEAD|1")], {})
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_sigterm_closes_the_window_like_quit(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**cli_env(tmp_path), "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gui", "--demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30  # the demo's throwaway folder shows it is up
        while not list(temp.glob("b24chat-demo-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(temp.glob("b24chat-demo-*")), "the demo did not start"
        time.sleep(0.3)  # the event loop is running
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 143
        assert proc.stderr is not None
        assert "Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert list(temp.glob("b24chat-demo-*")) == []  # its temp folder went with it
    assert (tmp_path / "home" / "data" / "window.json").exists()  # closed as Quit closes it
