"""The main window against the local emulator: every flow a user meets."""
# pytest-qt's key and mouse helpers carry no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bulk_steps import paste
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.bitrix.client_config import ClientConfig
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.desktop.main_window import MainWindow
from gui.store.paths import JOURNAL_SUFFIX, AppPaths, detect_paths
from gui.store.secrets import StoreKind
from gui.store.settings import Settings

# Fault tests need not wait as a real portal makes us: short back-off and 503 waits.
FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2, rate_limited_wait_max=0.02)
WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    return detect_paths()


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(chats=sample_chats(), rate=1000, burst=1000) as emulator:
        yield emulator


@pytest.fixture
def make_window(qtbot: QtBot, paths: AppPaths) -> Iterator[WindowFactory]:
    made: list[MainWindow] = []

    def make(
        url: str = "", *, env: dict[str, str] | None = None, config: ClientConfig | None = FAST
    ) -> MainWindow:
        window = MainWindow(paths=paths, settings=Settings(webhook_url=url), env=env or {})
        if url and config is not None:
            window.controller.configure(WebhookUrl.parse(url), config)
        made.append(window)
        window.show()
        return window

    yield make
    for window in made:
        window.close()
        assert not window.controller.is_running()


@pytest.fixture
def window(make_window: WindowFactory, portal: PortalEmulator) -> MainWindow:
    return make_window(portal.webhook_url)


def child(window: MainWindow, kind: type, name: str) -> QWidget:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found  # type: ignore[no-any-return]


def look_up(
    qtbot: QtBot, window: MainWindow, text: str, *, kind: str = "CRM", ok: bool = True
) -> None:
    combo = child(window, QComboBox, "entityTypeCombo")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(kind))
    edit = child(window, QLineEdit, "entityIdEdit")
    assert isinstance(edit, QLineEdit)
    edit.setText(text)
    with qtbot.waitSignal(window.lookup_page.chat_shown, timeout=8000):
        qtbot.mouseClick(child(window, QAbstractButton, "lookupButton"), Qt.MouseButton.LeftButton)
    form = window.lookup_page.form
    answered = (
        bool(form.result_edit.text()) or form.result_label.text() == "No chat for this entity"
    )
    assert answered == ok, form.result_label.text()
    # The chat card's own request follows the lookup: let it end too.
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=8000)


def result(window: MainWindow) -> str:
    edit = child(window, QLineEdit, "resultEdit")
    assert isinstance(edit, QLineEdit)
    return edit.text()


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_object_names_are_the_contract(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    assert window.statusBar().objectName() == "statusBar"
    for kind, name in (
        (QComboBox, "entityTypeCombo"),
        (QLineEdit, "entityIdEdit"),
        (QAbstractButton, "lookupButton"),
        (QLineEdit, "resultEdit"),
        (QAbstractButton, "copyButton"),
        (QAbstractButton, "openChatButton"),
        (QListWidget, "historyList"),
    ):
        widget = child(window, kind, name)
        assert widget.accessibleName(), name


def test_valid_lookup_shows_the_chat_id(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "lead|3")
    assert result(window) == str(sample_chats()[("CRM", "LEAD|3")])
    assert status(window).startswith("Done in ") and status(window).endswith(" ms")
    assert (
        window.lookup_page.form.copy_button.isEnabled()
        and window.lookup_page.form.open_button.isEnabled()
    )


def test_open_lines_and_live_chat(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "telegrambot|2|209607941|744", kind="LINES")
    assert result(window) == "6001"
    look_up(qtbot, window, "3|25", kind="LIVECHAT")
    assert result(window) == "6002"


def test_a_livechat_id_that_is_not_two_numbers_warns_when_nothing_is_found(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData("LIVECHAT")
    )
    window.lookup_page.form.entity_edit.setText(
        "livechat|1"
    )  # the docs' example: warned as you type
    assert "likely find nothing" in window.lookup_page.form.input_error.text()
    assert (
        window.lookup_page.form.lookup_button.isEnabled()
    )  # still sent: never refuse what the portal may take
    look_up(qtbot, window, "livechat|1", kind="LIVECHAT")
    assert result(window) == ""
    assert "likely find nothing" in status(window) and "3|25" in status(window)
    window.lookup_page.form.entity_edit.setText("3|25")
    assert window.lookup_page.form.input_error.text() == ""


def test_no_chat_is_said_plainly(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "LEAD|7")
    assert result(window) == ""
    assert window.lookup_page.form.result_label.text() == "No chat for this entity"
    assert (
        not window.lookup_page.form.copy_button.isEnabled()
        and not window.lookup_page.form.open_button.isEnabled()
    )


def test_invalid_input_is_flagged_and_never_sent(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    qtbot.keyClicks(window.lookup_page.form.entity_edit, "LEAD|x")
    assert window.lookup_page.form.input_error.isVisible()
    assert "not a CRM entity ID" in window.lookup_page.form.input_error.text()
    assert (
        "LEAD|13" in window.lookup_page.form.input_error.text()
    )  # says what a good one looks like
    assert not window.lookup_page.form.lookup_button.isEnabled()
    qtbot.keyClick(window.lookup_page.form.entity_edit, Qt.Key.Key_Return)
    assert window.lookup_page.lookup() is None
    qtbot.waitUntil(lambda: not window.controller.busy)
    assert portal.stats.requests == 0
    window.lookup_page.form.entity_edit.setText("LEAD|13")
    assert (
        not window.lookup_page.form.input_error.isVisible()
        and window.lookup_page.form.lookup_button.isEnabled()
    )


def test_placeholder_and_hint_follow_the_type(window: MainWindow) -> None:
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData("LINES")
    )
    assert "telegrambot|2|209607941|744" in window.lookup_page.form.entity_edit.placeholderText()
    assert "Open Lines" in window.lookup_page.form.hint_label.text()
    window.lookup_page.form.entity_edit.setText("3|25")  # fine for LIVECHAT, not for LINES
    assert not window.lookup_page.form.lookup_button.isEnabled()
    window.lookup_page.form.entity_combo.setCurrentIndex(
        window.lookup_page.form.entity_combo.findData("LIVECHAT")
    )
    assert window.lookup_page.form.lookup_button.isEnabled()


def test_enter_triggers_the_lookup(qtbot: QtBot, window: MainWindow) -> None:
    window.lookup_page.form.entity_edit.setText("DEAL|5")
    with qtbot.waitSignal(window.lookup_page.chat_shown, timeout=5000):
        qtbot.keyClick(window.lookup_page.form.entity_edit, Qt.Key.Key_Return)
    assert result(window) == "2005"


def test_copy_puts_the_chat_id_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("before")
    look_up(qtbot, window, "COMPANY|7")
    qtbot.mouseClick(window.lookup_page.form.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "4007"


def test_ctrl_c_in_the_result_field_copies_the_chat_id(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, "DEAL|5")
    QGuiApplication.clipboard().setText("before")
    window.lookup_page.form.result_edit.setFocus()
    window.lookup_page.form.result_edit.deselect()
    qtbot.keyClick(
        window.lookup_page.form.result_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
    )
    assert QGuiApplication.clipboard().text() == "2005"


def test_open_in_bitrix24_opens_the_chat_url(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(QUrl(url).toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    look_up(qtbot, window, "CONTACT|25")
    qtbot.mouseClick(window.lookup_page.form.open_button, Qt.MouseButton.LeftButton)
    assert opened == [f"{portal.base_url}/online/?IM_DIALOG=chat3025"]


def test_bad_token_shows_the_auth_sentence(
    qtbot: QtBot, make_window: WindowFactory, portal: PortalEmulator
) -> None:
    window = make_window(portal.webhook_url.replace("demo0token", "wrong0token"))
    look_up(qtbot, window, "LEAD|1", ok=False)
    for text in (window.lookup_page.form.result_label.text(), status(window)):
        assert "rejected the webhook" in text and "INVALID_CREDENTIALS" in text
    assert "wrong0token" not in window.lookup_page.form.result_label.text() + status(window)
    assert result(window) == ""


def test_missing_scope_shows_the_scope_sentence(qtbot: QtBot, make_window: WindowFactory) -> None:
    with PortalEmulator(chats=sample_chats(), scopes=()) as bare:
        window = make_window(bare.webhook_url)
        look_up(qtbot, window, "LEAD|1", ok=False)
    assert "'im' scope" in window.lookup_page.form.result_label.text()
    assert "insufficient_scope" in status(window)


def test_portal_down_says_it_could_not_connect(qtbot: QtBot, make_window: WindowFactory) -> None:
    # bound, never listening, held through the lookup: no other process can listen there
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        window = make_window(f"http://127.0.0.1:{port}/rest/1/demo0token0000000/")
        look_up(qtbot, window, "LEAD|1", ok=False)
    assert "Could not connect" in window.lookup_page.form.result_label.text()
    assert window.lookup_page.form.result_label.isVisible()


def test_503_storm_is_retried_then_answered(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    portal.inject(Fault("503"), count=3)
    look_up(qtbot, window, "LEAD|4")
    assert result(window) == "1004"
    assert any(m.startswith("Retrying (attempt") for m in messages)


def test_endless_503_shows_the_rate_limit_sentence(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    portal.inject(Fault("503"), count=50)
    look_up(qtbot, window, "LEAD|4", ok=False)
    assert "QUERY_LIMIT_EXCEEDED" in window.lookup_page.form.result_label.text()
    assert "requests per second" in window.lookup_page.form.result_label.text()


def test_quick_lookups_queue_and_answer_in_order(qtbot: QtBot, window: MainWindow) -> None:
    for n in (1, 2, 3):
        window.lookup_page.form.entity_edit.setText(f"LEAD|{n}")
        window.lookup_page.lookup()
    qtbot.waitUntil(lambda: window.lookup_page.history_panel.list.count() == 3, timeout=5000)
    assert [e.entity_id for e in window.lookup_page.history.entries] == [
        "LEAD|3",
        "LEAD|2",
        "LEAD|1",
    ]
    assert result(window) == "1003"


def test_close_during_a_lookup_returns_fast(
    qtbot: QtBot, window: MainWindow, portal: PortalEmulator
) -> None:
    portal.inject(Fault("slow", seconds=30))
    window.lookup_page.form.entity_edit.setText("LEAD|1")
    window.lookup_page.lookup()
    qtbot.waitUntil(lambda: portal.stats.requests >= 1, timeout=5000)
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 1.5
    assert not window.controller.is_running()


def test_history_persists_reloads_fills_and_clears(
    qtbot: QtBot,
    make_window: WindowFactory,
    portal: PortalEmulator,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)
    first = make_window(portal.webhook_url)
    look_up(qtbot, first, "DEAL|2")
    look_up(qtbot, first, "DEAL|6")
    first.close()
    saved = json.loads(paths.history_file.read_text(encoding="utf-8"))["entries"]
    assert [(e["entity_id"], e["chat_id"]) for e in saved] == [("DEAL|6", None), ("DEAL|2", 2002)]

    second = make_window(portal.webhook_url)
    assert second.lookup_page.history_panel.list.count() == 2
    item = second.lookup_page.history_panel.list.item(1)
    qtbot.mouseClick(
        second.lookup_page.history_panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=second.lookup_page.history_panel.list.visualItemRect(item).center(),
    )
    assert second.lookup_page.form.entity_edit.text() == "DEAL|2"
    assert second.lookup_page.form.entity_combo.currentData() == "CRM"
    assert result(second) == "2002"
    qtbot.mouseClick(second.lookup_page.history_panel.clear_button, Qt.MouseButton.LeftButton)
    assert second.lookup_page.history_panel.list.count() == 0
    qtbot.waitUntil(  # written on the history's own thread
        lambda: json.loads(paths.history_file.read_text(encoding="utf-8"))["entries"] == []
    )


def test_corrupt_history_is_set_aside_and_reported(
    make_window: WindowFactory, portal: PortalEmulator, paths: AppPaths
) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.history_file.write_text("{broken", encoding="utf-8")
    window = make_window(portal.webhook_url)
    assert ".corrupt-" in status(window)
    assert [p.name for p in paths.data_dir.glob("history.json.corrupt-*")]
    assert window.lookup_page.history_panel.list.count() == 0


def test_first_run_banner_and_demo(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window("")
    assert window.banner.isVisible()
    assert "Demo" not in window.windowTitle()
    qtbot.mouseClick(window.banner.demo_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    assert window.windowTitle().endswith("Demo")
    assert window.demo_portal is not None
    job = window.lookup_page.lookup()  # the demo fills in LEAD|1
    assert job is not None
    with qtbot.waitSignal(job.succeeded, timeout=5000):
        pass
    assert result(window) == "1001"
    window.close()
    assert window.demo_portal is None


def test_environment_webhook_wins_and_is_not_saved(
    qtbot: QtBot, make_window: WindowFactory, portal: PortalEmulator, paths: AppPaths
) -> None:
    window = make_window("", env={"B24_WEBHOOK_URL": portal.webhook_url}, config=None)
    assert not window.banner.isVisible()
    assert "B24_WEBHOOK_URL" in status(window)
    look_up(qtbot, window, "LEAD|2")
    assert result(window) == "1002"
    assert not paths.settings_file.exists()


def test_invalid_environment_webhook_is_explained(make_window: WindowFactory) -> None:
    window = make_window("", env={"B24_WEBHOOK_URL": "https://portal.example/rest/x/"})
    assert window.banner.isVisible()
    assert "B24_WEBHOOK_URL is not valid" in window.banner.message.text()


def test_geometry_is_remembered(qtbot: QtBot, make_window: WindowFactory, paths: AppPaths) -> None:
    first = make_window("")
    first.resize(731, 537)  # not the default 760 x 420, above the minimum, inside 800 x 600
    first.close()
    assert (paths.data_dir / "window.json").is_file()
    second = make_window("")
    # the offscreen platform's frame margins move the size by a few pixels
    assert abs(second.width() - 731) <= 8 and abs(second.height() - 537) <= 8


class SlowKeyring:
    """A keyring-kind token store that records which thread reads it."""

    kind = StoreKind.KEYRING
    name = "a test keyring"

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.read_on: list[object] = []

    def get(self, account: str) -> str | None:
        import threading

        self.read_on.append(threading.current_thread())
        return self.tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self.tokens[account] = token

    def delete(self, account: str) -> None:
        self.tokens.pop(account, None)


def test_saved_token_is_read_off_the_gui_thread_then_used(
    qtbot: QtBot, paths: AppPaths, portal: PortalEmulator
) -> None:
    import threading

    from gui.store.settings import SettingsStore

    keyring = SlowKeyring()
    store = SettingsStore(paths, keyring)
    store.save(Settings(webhook_url=portal.webhook_url, rate=50, burst=500))
    loaded = store.load(read_token=False)
    assert keyring.read_on == []
    window = MainWindow(
        paths=paths,
        settings=loaded.settings,
        store=store,
        env={},
        pending_webhook=loaded.pending_webhook,
    )
    qtbot.addWidget(window)
    window.show()
    assert not window.banner.isVisible()  # no "set up a webhook" flash while reading
    qtbot.waitUntil(lambda: window.settings.webhook_url == portal.webhook_url, timeout=5000)
    assert keyring.read_on and keyring.read_on[0] is not threading.main_thread()
    look_up(qtbot, window, "LEAD|1")
    assert result(window) == str(sample_chats()[("CRM", "LEAD|1")])
    window.close()


def test_bulk_tab_is_built_when_first_opened(
    make_window: WindowFactory, portal: PortalEmulator
) -> None:
    window = make_window(portal.webhook_url)
    assert window._bulk_view is None  # start-up pays nothing for it
    window.tabs.setCurrentIndex(1)
    assert window._bulk_view is not None and window._bulk_view.isVisible()


def test_an_interrupted_bulk_run_is_offered_after_start(
    qtbot: QtBot, make_window: WindowFactory, paths: AppPaths, portal: PortalEmulator
) -> None:
    from gui.bitrix.bulk import BulkItem
    from gui.store import journal

    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in range(1, 4)]
    journal.RunJournal.start(paths.journal_dir, items, {"portal": "x"}).close()
    window = make_window(portal.webhook_url)
    assert window.tabs.currentIndex() == 0
    window.check_for_interrupted_run()
    assert window._bulk_view is None  # the folder is looked at on the worker thread
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1, timeout=5000)
    assert window.bulk_view.banner.isVisible()


def test_a_damaged_journal_alone_does_not_bring_the_bulk_tab_forward(
    qtbot: QtBot, make_window: WindowFactory, paths: AppPaths, portal: PortalEmulator
) -> None:

    paths.journal_dir.mkdir(parents=True, exist_ok=True)
    damaged = paths.journal_dir / f"run-damaged{JOURNAL_SUFFIX}"
    damaged.write_text("{not json\n")
    window = make_window(portal.webhook_url)
    job = window.check_for_interrupted_run()
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    qtbot.waitUntil(lambda: not damaged.exists(), timeout=5000)  # set aside by the Bulk check
    qtbot.wait(50)  # the Bulk check's answer has been handled
    assert window.tabs.currentIndex() == 0


def test_settings_wait_for_a_bulk_run_to_end(
    qtbot: QtBot,
    make_window: WindowFactory,
    paths: AppPaths,
    portal: PortalEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui.store.settings import SettingsStore

    window = MainWindow(
        paths=paths,
        settings=Settings(webhook_url=portal.webhook_url),
        store=SettingsStore(paths),
        env={},
    )
    qtbot.addWidget(window)
    window.controller.configure(WebhookUrl.parse(portal.webhook_url), FAST)
    window.show()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    opened: list[bool] = []

    def fake_exec(_self: object) -> int:
        opened.append(True)
        return 0

    monkeypatch.setattr("gui.desktop.settings_dialog.SettingsDialog.exec", fake_exec)
    bulk = window.bulk_view
    paste(qtbot, bulk, "\n".join(f"CRM,LEAD|{n}" for n in range(1, 201)))
    portal.inject(Fault("slow", seconds=0.15), count=10)
    with qtbot.waitSignal(bulk.runner.worker.batch_done, timeout=10000):
        bulk.controls.run_button.click()
    window.open_settings()
    assert warnings and "bulk run" in warnings[0] and opened == []
    with qtbot.waitSignal(bulk.run_finished, timeout=10000):
        bulk.controls.cancel_button.click()
    window.open_settings()
    assert opened == [True]
    window.close()


def test_copy_chat_id_is_offered_only_with_an_answer(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.copy_action.isEnabled()
    look_up(qtbot, window, "LEAD|1")
    assert window.copy_action.isEnabled()
    look_up(qtbot, window, "LEAD|7")
    assert not window.copy_action.isEnabled()


def test_demo_answers_stay_out_of_the_users_history(
    qtbot: QtBot, make_window: WindowFactory, paths: AppPaths, portal: PortalEmulator
) -> None:
    from gui.store.history import History

    real = History(paths.history_file)
    real.record("CRM", "DEAL|9", 77)
    real.save()
    window = make_window("")
    assert window.lookup_page.history_panel.list.count() == 1
    assert window.bulk_view.runner.worker.journal_dir == paths.journal_dir
    window.start_demo()
    assert (
        window.lookup_page.history_panel.list.count() == 0
    )  # the demo has its own, throwaway history
    assert window.session_paths.journal_dir != paths.journal_dir
    assert window.bulk_view.runner.worker.journal_dir == window.session_paths.journal_dir
    demo_folder = window.session_paths.data_dir
    look_up(qtbot, window, "LEAD|1")
    window.lookup_page.save_history()
    assert "LEAD|1" not in paths.history_file.read_text(encoding="utf-8")
    window.apply_settings(Settings(webhook_url=portal.webhook_url))  # a real webhook ends it
    assert window.demo_portal is None
    assert [e.entity_id for e in window.lookup_page.history.entries] == ["DEAL|9"]  # the user's
    assert window.lookup_page.history.path == paths.history_file
    assert window.session_paths == paths
    assert window.bulk_view.runner.worker.journal_dir == paths.journal_dir
    window.close()
    assert not demo_folder.exists()  # gone, and no late save of the demo's made it again


def test_each_settings_visit_frees_its_dialog(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.settings import SettingsStore

    window = MainWindow(paths=paths, settings=Settings(), store=SettingsStore(paths), env={})
    qtbot.addWidget(window)
    monkeypatch.setattr(SettingsDialog, "exec", lambda _self: 0)
    for _ in range(3):
        window.open_settings()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(SettingsDialog) == []
    window.close()
    assert not window.controller.is_running()


def test_menu_actions_have_their_shortcuts(window: MainWindow) -> None:
    shortcuts = {
        action.text(): action.shortcut().toString()
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty()
    }
    assert shortcuts == {"&Settings…": "Ctrl+,", "&Quit": "Ctrl+Q", "&Copy chat ID": "Ctrl+Shift+C"}
