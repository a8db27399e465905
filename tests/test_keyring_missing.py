"""No keyring on this machine (headless Linux, a locked-down desktop): the token goes to the
settings file, readable only by the user; the dialog says so and the app works across restarts."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.desktop.settings_dialog import SettingsDialog


@pytest.fixture
def no_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("B24CHAT_HOME", str(tmp_path))
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_token_lands_in_a_private_settings_file_and_survives_a_restart(
    qtbot: QtBot, qapp: QApplication, no_keyring: None, tmp_path: Path
) -> None:
    with PortalEmulator(chats=sample_chats(), rate=100, burst=100) as portal:
        first = build_window([], qapp)
        qtbot.addWidget(first)
        assert first.store is not None
        dialog = SettingsDialog(first.store, first.settings, first.controller, first)
        qtbot.addWidget(dialog)
        # the store is chosen on the worker thread: choosing it probes the keyring
        qtbot.waitUntil(lambda: "settings file" in dialog.token_store_label.text(), timeout=5000)
        url_edit = dialog.findChild(QLineEdit, "webhookUrlEdit")
        assert isinstance(url_edit, QLineEdit)
        url_edit.setText(portal.webhook_url)
        with qtbot.waitSignal(dialog.saved, timeout=5000):  # saved on the worker thread
            dialog.accept()
        first.close()

        settings_file = first.paths.settings_file
        if os.name == "posix":  # 0600 means nothing on Windows: the profile's ACL protects it
            assert stat.S_IMODE(os.stat(settings_file).st_mode) == 0o600
        assert "demo0token0000000" in settings_file.read_text(encoding="utf-8")

        second = build_window([], qapp)
        qtbot.addWidget(second)
        qtbot.waitUntil(lambda: second.settings.webhook_url == portal.webhook_url, timeout=5000)
        second.lookup_page.form.entity_edit.setText("LEAD|2")
        job = second.lookup_page.lookup()
        assert job is not None
        with qtbot.waitSignal(job.succeeded, timeout=5000):
            pass
        assert second.lookup_page.form.result_edit.text() == str(sample_chats()[("CRM", "LEAD|2")])
        second.close()
