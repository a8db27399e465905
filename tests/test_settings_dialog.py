"""The settings dialog: validation, saving, token masking, proxy field, test connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import MemoryTokenStore
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui.demo.emulator import PortalEmulator
from gui.desktop.settings_dialog import SettingsDialog
from gui.desktop.worker import WorkerController
from gui.store.paths import AppPaths
from gui.store.secrets import FileTokenStore, TokenStoreError
from gui.store.settings import Settings, SettingsStore

GOOD = "https://b24-demo.bitrix24.com/rest/7/abcdef0123456789/"


@pytest.fixture
def tokens() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
def store(tmp_path: Path, tokens: MemoryTokenStore) -> SettingsStore:
    return SettingsStore(AppPaths.under(tmp_path, portable=False), tokens)


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator() as emulator:
        yield emulator


def make_dialog(
    qtbot: QtBot,
    store: SettingsStore,
    settings: Settings | None = None,
    controller: WorkerController | None = None,
    env_webhook: bool = False,
) -> SettingsDialog:
    dialog = SettingsDialog(store, settings or Settings(), controller, env_webhook=env_webhook)
    qtbot.addWidget(dialog)
    return dialog


def test_object_names_and_accessible_names(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store)
    assert dialog.objectName() == "settingsDialog"
    assert dialog.findChild(QLineEdit, "webhookUrlEdit") is dialog.webhook_edit
    assert dialog.test_button.objectName() == "testConnectionButton"
    for widget in (
        dialog.webhook_edit,
        dialog.show_token_check,
        dialog.test_button,
        dialog.connection.rate_spin,
        dialog.connection.burst_spin,
        dialog.connection.timeout_spin,
        dialog.connection.proxy_combo,
        dialog.connection.proxy_edit,
        dialog.connection.ca_edit,
        dialog.connection.ca_browse,
        dialog.window_box.language_combo,
    ):
        assert widget.accessibleName(), widget.objectName()


def test_defaults_shown(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store)
    assert dialog.connection.rate_spin.value() == 2.0
    assert dialog.connection.burst_spin.value() == 50
    assert dialog.current_settings() == Settings()


def test_bad_url_is_explained_as_you_type(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store)
    dialog.webhook_edit.setText("https://portal.bitrix24.com/rest/abc/token123/")
    assert "user ID" in dialog.webhook_status.text()
    dialog.webhook_edit.setText(GOOD)
    assert "b24-demo.bitrix24.com" in dialog.webhook_status.text()
    assert "abcdef0123456789" not in dialog.webhook_status.text()


def test_bad_url_refused_and_nothing_saved(
    qtbot: QtBot, store: SettingsStore, refusals: list[str], tokens: MemoryTokenStore
) -> None:
    dialog = make_dialog(qtbot, store)
    seen: list[object] = []
    dialog.saved.connect(seen.append)
    dialog.webhook_edit.setText("http://portal.bitrix24.com/rest/1/abcdef0123456789/")
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("custom"))
    dialog.connection.proxy_edit.setText("proxy-without-scheme")
    dialog.accept()
    assert len(refusals) == 1
    assert "https://" in refusals[0] and "proxy address" in refusals[0]
    assert not store.path.exists()
    assert tokens.tokens == {}
    assert seen == []
    assert dialog.result() != dialog.DialogCode.Accepted


def test_good_settings_saved(
    qtbot: QtBot, store: SettingsStore, refusals: list[str], tokens: MemoryTokenStore
) -> None:
    dialog = make_dialog(qtbot, store)
    dialog.webhook_edit.setText(GOOD)
    dialog.connection.rate_spin.setValue(5.0)
    dialog.connection.burst_spin.setValue(250)
    dialog.connection.timeout_spin.setValue(30)
    combo = dialog.window_box.language_combo
    combo.setCurrentIndex(combo.findData("ru"))
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.accept()
    assert refusals == []
    saved = blocker.args[0]
    assert saved == dialog.settings()
    assert (saved.webhook_url, saved.rate, saved.burst, saved.timeout, saved.language) == (
        GOOD,
        5.0,
        250,
        30.0,
        "ru",
    )
    assert store.load().settings == saved
    assert list(tokens.tokens.values()) == ["abcdef0123456789"]
    assert "abcdef0123456789" not in store.path.read_text()
    assert json.loads(store.path.read_text())["burst"] == 250


def test_missing_ca_bundle_refused(
    qtbot: QtBot, store: SettingsStore, refusals: list[str], tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, store)
    dialog.connection.ca_edit.setText(str(tmp_path / "nowhere.pem"))
    dialog.accept()
    assert refusals and "nowhere.pem" in refusals[0]
    assert not store.path.exists()


def test_a_ca_bundle_that_is_not_pem_is_refused_with_the_reason(
    qtbot: QtBot, store: SettingsStore, refusals: list[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("this is not a certificate\n")
    dialog = make_dialog(qtbot, store)
    dialog.connection.ca_edit.setText(str(junk))
    dialog.accept()
    assert refusals and "junk.pem" in refusals[0] and "could not be used" in refusals[0]
    assert not store.path.exists()


def test_token_masked_until_shown(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store, Settings(webhook_url=GOOD))
    masked = "https://b24-demo.bitrix24.com/rest/7/" + "•" * 16 + "/"
    assert dialog.webhook_edit.text() == masked  # the host in clear, only the token hidden
    dialog.show_token_check.setChecked(True)
    assert dialog.webhook_edit.text() == GOOD
    dialog.show_token_check.setChecked(False)
    assert dialog.webhook_edit.text() == masked
    assert dialog.current_settings().webhook_url == GOOD


def test_proxy_address_only_for_custom(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store)
    assert not dialog.connection.proxy_edit.isEnabled()
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("custom"))
    assert dialog.connection.proxy_edit.isEnabled()
    dialog.connection.proxy_edit.setText("http://proxy.example.com:3128")
    assert dialog.client_config().proxy == "http://proxy.example.com:3128"
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("none"))
    assert not dialog.connection.proxy_edit.isEnabled()
    assert dialog.client_config().proxy == ""
    dialog.connection.proxy_combo.setCurrentIndex(dialog.connection.proxy_combo.findData("system"))
    assert dialog.client_config().proxy is None


def test_where_the_token_is_kept(qtbot: QtBot, store: SettingsStore, tmp_path: Path) -> None:
    assert "system keyring" in make_dialog(qtbot, store).token_store_label.text()
    in_file = SettingsStore(AppPaths.under(tmp_path, portable=True), FileTokenStore())
    assert "settings file" in make_dialog(qtbot, in_file).token_store_label.text()


def test_env_webhook_note(qtbot: QtBot, store: SettingsStore) -> None:
    plain = make_dialog(qtbot, store)
    noted = make_dialog(qtbot, store, env_webhook=True)
    assert plain.env_note.isHidden()
    assert not noted.env_note.isHidden()
    assert "B24_WEBHOOK_URL" in noted.env_note.text()


def test_without_controller_test_is_disabled(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make_dialog(qtbot, store)
    assert not dialog.test_button.isEnabled()


def test_connection_success_names_the_owner(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController, portal: PortalEmulator
) -> None:
    dialog = make_dialog(qtbot, store, Settings(webhook_url=portal.webhook_url), controller)
    click_test_and_wait(qtbot, dialog)
    text = dialog.test_status.text()
    assert "Demo Admin" in text and "ID 1" in text and "administrator" in text
    assert "im scope is there" in text
    assert dialog.test_button.isEnabled()


def test_connection_warns_when_im_scope_missing(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController
) -> None:
    with PortalEmulator(scopes=("crm", "user")) as portal:
        dialog = make_dialog(qtbot, store, Settings(webhook_url=portal.webhook_url), controller)
        click_test_and_wait(qtbot, dialog)
    text = dialog.test_status.text()
    assert "lacks the im scope" in text and "Incoming webhook" in text


def test_connection_failure_shown_without_token(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController, portal: PortalEmulator
) -> None:
    wrong = portal.webhook_url.replace(portal_token(portal), "wrongtoken0000000")
    dialog = make_dialog(qtbot, store, Settings(webhook_url=wrong), controller)
    click_test_and_wait(qtbot, dialog)
    text = dialog.test_status.text()
    assert text.startswith("The connection failed")
    assert "wrongtoken0000000" not in text
    assert dialog.test_button.isEnabled()


def test_connection_with_bad_url_never_reaches_worker(
    qtbot: QtBot, store: SettingsStore, controller: WorkerController
) -> None:
    dialog = make_dialog(qtbot, store, Settings(), controller)
    dialog.webhook_edit.setText("not a url")
    dialog.test_button.click()
    assert "https://" in dialog.test_status.text()
    assert dialog.test_button.isEnabled()
    assert not controller.busy


def click_test_and_wait(qtbot: QtBot, dialog: SettingsDialog) -> None:
    """Test connection, then wait for the dialog to show its answer (the button comes back)."""
    dialog.test_button.click()
    assert not dialog.test_button.isEnabled()
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10000)


def portal_token(portal: PortalEmulator) -> str:
    return portal.webhook_url.rstrip("/").rsplit("/", 1)[1]


def test_locked_keyring_refused_with_message(
    qtbot: QtBot, tmp_path: Path, refusals: list[str]
) -> None:
    class LockedKeyring(MemoryTokenStore):
        def set(self, account: str, token: str) -> None:
            raise TokenStoreError("Could not save the webhook token: unlock the keyring")

    store = SettingsStore(AppPaths.under(tmp_path, portable=False), LockedKeyring())
    dialog = make_dialog(qtbot, store)
    dialog.webhook_edit.setText(GOOD)
    dialog.accept()
    assert refusals and "unlock the keyring" in refusals[0]
    assert "abcdef0123456789" not in refusals[0]
    assert not store.path.exists()
    assert dialog.settings() == Settings()


def test_with_a_worker_the_keyring_is_written_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, controller: WorkerController, refusals: list[str]
) -> None:
    import threading

    release = threading.Event()
    writers: list[str] = []

    class SlowKeyring(MemoryTokenStore):
        def set(self, account: str, token: str) -> None:
            writers.append(threading.current_thread().name)
            release.wait(5)
            super().set(account, token)

    store = SettingsStore(AppPaths.under(tmp_path, portable=False), SlowKeyring())
    dialog = make_dialog(qtbot, store, controller=controller)
    dialog.webhook_edit.setText(GOOD)
    dialog.accept()  # returns at once: the keyring is still being written
    assert not dialog.buttons.isEnabled()
    qtbot.waitUntil(lambda: bool(writers), timeout=5000)
    assert writers[0] != threading.main_thread().name
    dialog.reject()  # Cancel while saving changes nothing: the save decides
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        release.set()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert refusals == [] and store.load().settings.webhook_url == GOOD


def test_with_a_worker_a_locked_keyring_is_still_explained(
    qtbot: QtBot, tmp_path: Path, controller: WorkerController, refusals: list[str]
) -> None:
    class LockedKeyring(MemoryTokenStore):
        def set(self, account: str, token: str) -> None:
            raise TokenStoreError("Could not save the webhook token: unlock the keyring")

    store = SettingsStore(AppPaths.under(tmp_path, portable=False), LockedKeyring())
    dialog = make_dialog(qtbot, store, controller=controller)
    dialog.webhook_edit.setText(GOOD)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(refusals), timeout=5000)
    assert "unlock the keyring" in refusals[0] and dialog.buttons.isEnabled()
    assert not store.path.exists()
