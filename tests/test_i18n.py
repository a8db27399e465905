"""Translations: Russian loads and translates; trouble falls back to English, never crashes."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from gui.desktop import i18n
from gui.desktop.wording import LUPDATE_ARGS
from gui.store.paths import resource

RU_TS = resource("translations", "b24chat_ru.ts")


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    i18n.install_translator(qapp, "en")  # leave English for the other tests


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def test_russian_translates_a_known_string(app: QApplication, tmp_path: Path) -> None:
    assert i18n.install_translator(app, "ru", cache=tmp_path / "cache") == "ru"
    assert tr("Settings") == "Настройки"
    assert tr("Test connection") == "Проверить подключение"
    assert [p.name[: len("b24chat_ru-")] for p in (tmp_path / "cache").iterdir()] == ["b24chat_ru-"]


def test_english_removes_the_translation(app: QApplication, tmp_path: Path) -> None:
    i18n.install_translator(app, "ru", cache=tmp_path)
    assert i18n.install_translator(app, "en", cache=tmp_path) == "en"
    assert tr("Settings") == "Settings"


def translations_saying(folder: Path, settings: str) -> Path:
    """A copy of our .ts in ``folder`` that translates "Settings" as ``settings``."""
    folder.mkdir()
    ts = folder / "b24chat_ru.ts"
    tree = ET.parse(RU_TS)
    for message in tree.getroot().iter("message"):
        if message.findtext("source") == "Settings":
            translation = message.find("translation")
            assert translation is not None
            translation.text = settings
    tree.write(ts, encoding="utf-8")
    return ts


def test_stale_qm_is_rebuilt(app: QApplication, tmp_path: Path) -> None:
    folder, cache = tmp_path / "ts", tmp_path / "cache"
    ts = translations_saying(folder, "Настройки")
    assert i18n.install_translator(app, "ru", folder=folder, cache=cache) == "ru"
    (built,) = cache.iterdir()
    edited = translations_saying(tmp_path / "edited", "Параметры").read_bytes()
    ts.write_bytes(edited)
    old = built.stat().st_mtime - 10
    os.utime(ts, (old, old))  # the edit is not judged by its time: the .qm looks newer
    assert i18n.install_translator(app, "ru", folder=folder, cache=cache) == "ru"
    assert tr("Settings") == "Параметры"


def test_checkouts_sharing_the_cache_each_get_their_own_translations(
    app: QApplication, tmp_path: Path
) -> None:
    """The cache is the user's, shared by every checkout, version and test process: a .qm built
    from another .ts is never taken for this one's, whatever the files' times say."""
    cache = tmp_path / "cache"
    newer = translations_saying(tmp_path / "newer", "Настройки")
    older = translations_saying(tmp_path / "older", "Параметры")
    past = newer.stat().st_mtime - 3600
    os.utime(older, (past, past))  # another branch's .ts, not touched for an hour
    assert i18n.install_translator(app, "ru", folder=newer.parent, cache=cache) == "ru"
    assert tr("Settings") == "Настройки"
    assert i18n.install_translator(app, "ru", folder=older.parent, cache=cache) == "ru"
    assert tr("Settings") == "Параметры"
    assert not [p for p in cache.iterdir() if not p.name.endswith(".qm")]  # no half-written file


def test_missing_lrelease_falls_back_to_english(
    app: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder = tmp_path / "ts"
    folder.mkdir()
    shutil.copy(RU_TS, folder / "b24chat_ru.ts")
    monkeypatch.setattr(i18n, "find_lrelease", lambda: None)
    with caplog.at_level(logging.WARNING, logger="gui.desktop.i18n"):
        used = i18n.install_translator(app, "ru", folder=folder, cache=tmp_path / "cache")
    assert used == "en"
    assert tr("Settings") == "Settings"
    assert "lrelease" in caplog.text


def test_unknown_language_falls_back(app: QApplication, tmp_path: Path) -> None:
    assert i18n.install_translator(app, "xx", cache=tmp_path) == "en"


def test_system_language_used_when_empty(
    app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "system_language", lambda: "ru")
    assert i18n.install_translator(app, "", cache=tmp_path) == "ru"
    monkeypatch.setattr(i18n, "system_language", lambda: "de")
    assert i18n.install_translator(app, "", cache=tmp_path) == "en"


def test_compile_translations_for_the_build(tmp_path: Path) -> None:
    built = i18n.compile_translations(tmp_path)
    assert [p.name for p in built] == ["b24chat_ru.qm"]
    assert built[0].stat().st_size > 1000


def test_every_russian_entry_is_translated() -> None:
    unfinished = [
        m.findtext("source")
        for m in ET.parse(RU_TS).getroot().iter("message")
        if (t := m.find("translation")) is not None
        and t.get("type") not in ("vanished", "obsolete")
        and (t.get("type") == "unfinished" or not "".join(t.itertext()).strip())
    ]
    assert unfinished == []


def test_translations_keep_placeholders() -> None:
    """A lost {name} would raise KeyError in str.format, or show a raw %v, at run time."""
    pattern = re.compile(r"\{[^{}]*\}|%[a-z]")
    wrong = []
    for message in ET.parse(RU_TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or message.get("numerus") == "yes":
            continue
        text = "".join(translation.itertext())
        if sorted(pattern.findall(source)) != sorted(pattern.findall(text)):
            wrong.append(source)
    assert wrong == []


def _entries(ts: Path) -> set[tuple[str, str]]:
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }


def test_the_russian_file_has_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over gui/ finds nothing new and nothing gone: the .ts is current."""
    import PySide6

    lupdate = Path(PySide6.__file__).resolve().parent / "lupdate"
    if not lupdate.is_file():
        pytest.skip("PySide6's lupdate is not installed")
    fresh = tmp_path / "b24chat_ru.ts"
    shutil.copy(RU_TS, fresh)
    gui_dir = Path(i18n.__file__).resolve().parent.parent  # the whole package: app.py too
    done = subprocess.run(
        [str(lupdate), *LUPDATE_ARGS, "-no-obsolete", str(gui_dir), "-ts", str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _entries(fresh) == _entries(RU_TS)


def test_russian_covers_the_tabs_bulk_panels_and_about(app: QApplication, tmp_path: Path) -> None:
    assert i18n.install_translator(app, "ru", cache=tmp_path) == "ru"
    translate = QCoreApplication.translate
    assert translate("MainWindow", "Bulk") == "Массовый поиск"
    assert translate("MainWindow", "Lookup") == "Поиск"
    assert translate("BulkResultsModel", "Chat ID") == "ID чата"
    assert translate("BulkInputPanel", "Open file…") == "Открыть файл…"
    assert translate("BulkResultsPanel", "Export…") == "Экспорт…"
    assert translate("About", "About B24 Chat Lookup") == "О программе B24 Chat Lookup"
