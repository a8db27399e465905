"""Portable mode end to end: a frozen app with portable.ini beside it keeps every file it writes
in the folder beside it, through the app's own code paths, and never touches the keyring."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.app import build_window
from gui.bitrix.bulk import BulkItem
from gui.demo.emulator import PortalEmulator, sample_chats
from gui.store.journal import RunJournal
from gui.store.logs import setup_logging
from gui.store.paths import PORTABLE_FOLDER, PORTABLE_MARKER
from gui.store.settings import Settings


class ForbiddenKeyring(KeyringBackend):
    """Fails the test if anything reaches the OS keyring."""

    priority = 10  # type: ignore[assignment]
    touched: list[str] = []  # noqa: RUF012 - one record for the test

    def get_password(self, service: str, username: str) -> str | None:
        self.touched.append("get")
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.touched.append("set")

    def delete_password(self, service: str, username: str) -> None:
        self.touched.append("delete")


@pytest.fixture
def usb_stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "usb" / "B24ChatLookup"
    folder.mkdir(parents=True)
    (folder / PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "b24-chat-lookup"))
    monkeypatch.delenv("B24CHAT_HOME", raising=False)
    monkeypatch.delenv("B24_WEBHOOK_URL", raising=False)
    home = tmp_path / "home"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "share"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    previous = keyring.get_keyring()
    ForbiddenKeyring.touched.clear()
    keyring.set_keyring(ForbiddenKeyring())  # type: ignore[no-untyped-call]
    try:
        yield folder
    finally:
        keyring.set_keyring(previous)


def test_every_file_lands_beside_the_executable(
    qtbot: QtBot, qapp: QApplication, usb_stick: Path, tmp_path: Path
) -> None:
    with PortalEmulator(chats=sample_chats(), rate=100, burst=100) as portal:
        window = build_window([], qapp)
        qtbot.addWidget(window)
        assert window.paths.portable and window.store is not None
        window.store.save(Settings(webhook_url=portal.webhook_url))
        window.apply_settings(window.store.load().settings)
        window.show()
        window.lookup_page.form.entity_edit.setText("LEAD|1")
        job = window.lookup_page.lookup()
        assert job is not None
        with qtbot.waitSignal(job.succeeded, timeout=5000):
            pass
        handler = setup_logging(window.paths)
        logging.getLogger("gui").warning("portable test line")
        journal = RunJournal.start(
            window.paths.journal_dir, [BulkItem.parse(1, "CRM", "LEAD|1")], {"portal": "x"}
        )
        journal.close()
        window.close()
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()

    data = usb_stick / PORTABLE_FOLDER
    written = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert {
        "config/settings.json",
        "data/history.json",
        "data/window.json",
        "logs/b24-chat-lookup.log",
    } <= written
    assert any(name.startswith("data/journal/") for name in written)
    assert not list((tmp_path / "home").rglob("*.*"))  # nothing in the per-user folders
    assert ForbiddenKeyring.touched == []
    assert "demo0token0000000" in (data / "config" / "settings.json").read_text("utf-8")
