"""The window's longest event-loop stall in the moments that used to block it; prints a table.

A 5 ms QTimer heartbeat runs while each action goes and until it has finished; the stall is the
longest gap between beats minus the 5 ms (the target: nothing over 30 ms).

1. the interrupted-run check with a 100,000-row journal on disk (after start-up, and after Save),
   and with a journal of a run with "Chat details" (each done row's card in it)
2. exporting 100,000 result rows to CSV
3. clicking Run in the Bulk tab before any lookup (the shared client not built yet)
4. saving Settings with a keyring that takes 300 ms to write
5. opening Settings when the keyring has not been probed yet (a 300 ms probe)
6. saving a 500-entry history on a disk whose fsync takes 300 ms
7. renaming a portal profile in Settings on the same slow disk
8. switching to another portal profile with a 500-entry history (its files read)

    .venv/bin/python tests/bench/bench_stalls.py [--rows N] [--repeat N]

Each moment is measured ``--repeat`` times (default 3): the machine's other load shows up as
noise, so the median and the worst are printed.

It runs against the checkout it sits in, and also against an older one of the same layout (the
"before" figures): the calls fall back to the older names where they differ.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.bitrix.bulk import BulkItem, BulkRow  # noqa: E402
from gui.bitrix.webhook import WebhookUrl  # noqa: E402
from gui.demo.emulator import PortalEmulator, sample_chats  # noqa: E402
from gui.desktop.main_window import MainWindow  # noqa: E402
from gui.store import journal  # noqa: E402
from gui.store.paths import AppPaths  # noqa: E402
from gui.store.secrets import FileTokenStore  # noqa: E402
from gui.store.settings import Settings, SettingsStore  # noqa: E402

try:
    from gui.store.secrets import StoreKind

    KEYRING_KIND: Any = StoreKind.KEYRING
except ImportError:  # older: the kinds were strings
    KEYRING_KIND = "keyring"

HEARTBEAT_MS = 5
JOURNALS: dict[tuple[int, bool], Path] = {}
SLOW_KEYRING_S = 0.3
WAIT_S = 60.0


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer while it runs."""

    def __init__(self) -> None:
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._last = 0
        self.longest = 0

    def _beat(self) -> None:
        now = self._clock.elapsed()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    @contextmanager
    def running(self) -> Iterator[None]:
        self._clock.start()
        self._last = 0
        self._timer.start()
        try:
            yield
        finally:
            self._timer.stop()

    @property
    def stall_ms(self) -> int:
        return max(0, self.longest - HEARTBEAT_MS)


def spin_until(app: QApplication, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {WAIT_S:g} s")
        app.processEvents()
        time.sleep(0.001)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)


def measure(app: QApplication, action: Callable[[], object], done: Callable[[], bool]) -> int:
    # The moments before leave big object graphs (100,000 rows): collect them now, or a full
    # collection lands inside a later moment and is counted as its stall.
    gc.collect()
    beat = Heartbeat()
    with beat.running():
        settle(app, 0.05)
        action()
        spin_until(app, done, "the action")
        settle(app, 0.05)
    return beat.stall_ms


def signal(view: Any, name: str, older: str) -> Any:
    """A view's signal by its name, or by the camelCase one it had before."""
    return getattr(view, name, None) or getattr(view, older)


def results_panel(view: Any) -> Any:
    return getattr(view, "results", view)  # older: the view itself held the table's methods


def resume_banner_shown(view: Any) -> bool:
    return bool(view.banner.isVisible())


class SlowKeyring(FileTokenStore):
    """A keyring that takes its time, as a locked or remote Secret Service does."""

    kind = KEYRING_KIND
    name = "a slow keyring"

    def set(self, account: str, token: str) -> None:
        time.sleep(SLOW_KEYRING_S)
        super().set(account, token)

    def get(self, account: str) -> str | None:
        time.sleep(SLOW_KEYRING_S)
        return super().get(account)


def make_window(home: Path, store: SettingsStore | None, webhook: str = "") -> MainWindow:
    paths = AppPaths.under(home, portable=False)
    window = MainWindow(paths=paths, settings=Settings(webhook_url=webhook), store=store, env={})
    window.show()
    return window


def _details(line: int) -> Any:
    """A chat card as "Chat details" journals it (a few hundred bytes a row)."""
    from gui.bitrix.bulk_details import RowDetails
    from gui.bitrix.details import ChatCard

    portal = "https://example.bitrix24.com"
    card = ChatCard(
        *(100_000 + line, f"Deal #{line}: a title", "crm", 1, 3, 42, "2026-03-02T10:15:00+03:00"),
        *("CRM", f"DEAL|{line}", f"{portal}/crm/deal/details/{line}/"),
        f"{portal}/online/?IM_DIALOG=chat{100_000 + line}",
    )
    return RowDetails(card)


def write_journal(folder: Path, rows: int, details: bool = False) -> None:
    """Half of ``rows`` done (with their chat cards when ``details``), the rest to resume."""
    cached = JOURNALS.get((rows, details))
    if cached is not None:  # written once, copied for each run
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(cached, folder / cached.name)
        return
    items = [BulkItem.parse(n, "CRM", f"DEAL|{n}") for n in range(1, rows + 1)]
    run = journal.RunJournal.start(folder, items, {"portal": None, "details": details})
    done = [
        BulkRow(item, 100_000 + item.line, details=_details(item.line) if details else None)
        for item in items[: rows // 2]
    ]
    for start in range(0, len(done), 50):
        run.record(done[start : start + 50])
    run.close()  # left unfinished: the next start offers to resume it
    keep = Path(tempfile.mkdtemp(prefix="b24chat-bench-")) / run.path.name
    shutil.copy(run.path, keep)
    JOURNALS[(rows, details)] = keep


def bench_journal(app: QApplication, home: Path, rows: int, details: bool = False) -> int:
    home.mkdir(parents=True)
    window = make_window(home, None)
    write_journal(window.session_paths.journal_dir, rows, details)
    try:
        return measure(
            app,
            window.check_for_interrupted_run,
            lambda: window._bulk_view is not None and resume_banner_shown(window._bulk_view),
        )
    finally:
        window.close()


def bench_export(app: QApplication, home: Path, rows: int) -> int:
    from gui.desktop.bulk_model import result_row

    window = make_window(home, None)
    try:
        view = window.bulk_view
        panel = results_panel(view)
        model = panel.model
        model.set_rows(
            [
                result_row(BulkRow(BulkItem.parse(n, "CRM", f"DEAL|{n}"), 100_000 + n))
                for n in range(1, rows + 1)
            ]
        )
        messages: list[str] = []
        panel.message.connect(messages.append)
        target = home / "export.csv"
        home.mkdir(parents=True, exist_ok=True)
        stall = measure(app, lambda: panel.export_csv(target), lambda: bool(messages))
        assert messages[0].startswith("Saved"), messages
        return stall
    finally:
        window.close()


def bench_run_click(app: QApplication, home: Path, portal: PortalEmulator) -> int:
    window = make_window(home, None)
    try:
        from gui.bitrix import client_config

        window.controller.configure(
            WebhookUrl.parse(portal.webhook_url), client_config.ClientConfig(rate=100, burst=100)
        )
    except ImportError:  # older: ClientConfig lived in the client module
        from gui.bitrix.client import ClientConfig  # type: ignore[attr-defined]

        window.controller.configure(
            WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100, burst=100)
        )
    try:
        window.tabs.setCurrentIndex(1)
        view = window.bulk_view
        ready: list[bool] = []
        signal(view, "preview_ready", "previewReady").connect(lambda: ready.append(True))
        panel: Any = getattr(view, "input_panel", view)
        panel.input_edit.setPlainText("\n".join(f"CRM,LEAD|{n}" for n in range(1, 11)))
        owner: Any = getattr(view, "controls", view)  # older: the view's own buttons
        run_button = owner.run_button
        spin_until(app, lambda: bool(ready) and run_button.isEnabled(), "the preview")
        finished: list[str] = []
        signal(view, "run_finished", "runFinished").connect(finished.append)
        stall = measure(app, run_button.click, lambda: bool(finished))
        assert finished == ["done"], finished
        return stall
    finally:
        window.close()


def bench_settings_save(app: QApplication, home: Path, portal: PortalEmulator) -> int:
    from gui.desktop.settings_dialog import SettingsDialog

    store = SettingsStore(AppPaths.under(home, portable=False), SlowKeyring())
    window = make_window(home, store)
    try:
        dialog = SettingsDialog(store, window.settings, window.controller, window)
        dialog.show()
        dialog.webhook_edit.setText(portal.webhook_url)
        stall = measure(app, dialog.save_button.click, lambda: not dialog.isVisible())
        assert dialog.result() == 1, "the settings were not saved"
        dialog.deleteLater()
        return stall
    finally:
        window.close()


def bench_settings_open(app: QApplication, home: Path) -> int:
    import gui.store.settings as settings_module
    from gui.desktop.settings_dialog import SettingsDialog

    def slow_probe(**_: object) -> FileTokenStore:
        time.sleep(SLOW_KEYRING_S)  # keyring.get_keyring() on a desktop with a Secret Service
        return SlowKeyring()

    original = vars(settings_module)["choose_token_store"]
    setattr(settings_module, "choose_token_store", slow_probe)  # noqa: B010 - how it is looked up
    try:
        store = SettingsStore(AppPaths.under(home, portable=False))
        window = make_window(home, store)
        dialogs: list[Any] = []
        try:

            def open_dialog() -> None:
                dialog = SettingsDialog(store, window.settings, window.controller, window)
                dialog.show()
                dialogs.append(dialog)

            stall = measure(
                app, open_dialog, lambda: bool(dialogs) and "keyring" in _store_label(dialogs)
            )
            dialogs[0].reject()
            return stall
        finally:
            window.close()
    finally:
        setattr(settings_module, "choose_token_store", original)  # noqa: B010


@contextmanager
def slow_fsync() -> Iterator[None]:
    """Every fsync takes SLOW_KEYRING_S, as on a busy or network disk."""
    real = os.fsync

    def fsync(fd: Any) -> None:
        time.sleep(SLOW_KEYRING_S)
        real(fd)

    os.fsync = fsync
    try:
        yield
    finally:
        os.fsync = real


def bench_history_save(app: QApplication, home: Path) -> int:
    window = make_window(home, None)
    try:
        page = window.lookup_page
        for n in range(1, page.history.limit + 1):
            page.history.record("CRM", f"DEAL|{n}", 100_000 + n)
        jobs: list[Any] = []
        with slow_fsync():
            # older: save_history wrote before it returned (and returned None)
            stall = measure(
                app,
                lambda: jobs.append(page.save_history()),
                lambda: bool(jobs) and (jobs[0] is None or jobs[0].finished),
            )
        return stall
    finally:
        window.close()


def bench_profile_rename(app: QApplication, home: Path) -> int:
    from PySide6.QtWidgets import QInputDialog

    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.profiles import Profiles

    profiles = Profiles(AppPaths.under(home, portable=False), tokens=FileTokenStore)
    profile = profiles.add("Test")
    store = profiles.store(profile)
    window = make_window(home, store)
    original = QInputDialog.getText
    setattr(QInputDialog, "getText", lambda *_a: ("Staging", True))  # noqa: B010
    try:
        dialog = SettingsDialog(
            store, Settings(), window.controller, window, profiles=profiles, profile=profile
        )
        dialog.show()
        box = dialog.profiles_box
        assert box is not None
        with slow_fsync():
            stall = measure(app, box.rename_button.click, lambda: box.profile.name == "Staging")
        dialog.reject()
        dialog.deleteLater()
        return stall
    finally:
        setattr(QInputDialog, "getText", original)  # noqa: B010
        window.close()


def bench_profile_switch(app: QApplication, home: Path) -> int:
    from gui.store.history import History
    from gui.store.profiles import Profiles

    profiles = Profiles(AppPaths.under(home, portable=False), tokens=FileTokenStore)
    live = profiles.add("Live")
    profiles.store(live).save(Settings(webhook_url="https://live.bitrix24.com/rest/1/abcdef0123/"))
    history = History(profiles.paths(live).history_file)
    for n in range(1, history.limit + 1):
        history.record("CRM", f"DEAL|{n}", 100_000 + n)
    history.save()
    first = profiles.get("default")
    window = MainWindow(
        paths=profiles.paths(first),
        settings=Settings(),
        store=profiles.store(first),
        env={},
        profiles=profiles,
        profile=first,
    )
    window.show()
    try:
        return measure(
            app,
            lambda: window.switch_to_profile("Live"),
            lambda: window.lookup_page.history_panel.list.count() == history.limit,
        )
    finally:
        window.close()


def _store_label(dialogs: list[Any]) -> str:
    return str(dialogs[0].token_store_label.text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="journal and export rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each moment")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with (
        tempfile.TemporaryDirectory() as folder,
        PortalEmulator(chats=sample_chats(), rate=1000, burst=1000) as portal,
    ):
        home = Path(folder)
        rows = args.rows
        moments: list[tuple[str, Callable[[Path], int]]] = [
            (f"interrupted-run check, {rows:,}-row journal", lambda h: bench_journal(app, h, rows)),
            (
                f"the same, {rows:,} rows with chat details",
                lambda h: bench_journal(app, h, rows, details=True),
            ),
            (f"CSV export, {rows:,} rows", lambda h: bench_export(app, h, rows)),
            ("Run click, client not built yet", lambda h: bench_run_click(app, h, portal)),
            ("Settings save, 300 ms keyring", lambda h: bench_settings_save(app, h, portal)),
            ("Settings open, 300 ms keyring probe", lambda h: bench_settings_open(app, h)),
            ("History save, 500 entries, 300 ms fsync", lambda h: bench_history_save(app, h)),
            ("Profile rename, 300 ms fsync", lambda h: bench_profile_rename(app, h)),
            ("Profile switch, 500-entry history", lambda h: bench_profile_switch(app, h)),
        ]
        figures = []
        for number, (what, bench) in enumerate(moments):
            stalls = [bench(home / f"{number}-{run}") for run in range(args.repeat)]
            figures.append((what, statistics.median(stalls), max(stalls)))
    print(f"{'moment':<48} {'median stall':>13} {'worst':>8}")
    for what, median, worst in figures:
        print(f"{what:<48} {median:>10.0f} ms {worst:>5} ms")
    print(f"the worst of all: {max(w for *_, w in figures)} ms (target: none over 30 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
