"""The core's English sentences reach the Russian UI in Russian, and stay the same English text
everywhere else (the CLI, exports, ``str(error)``)."""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import string
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

import gui.bitrix
import gui.store
from gui.bitrix.bulk_write import output_cells
from gui.bitrix.bulkio import read_items
from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import AuthError, BitrixError, InvalidInputError, error_from_response
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import TEMPLATES, Phrase
from gui.desktop.bulk_model import BulkResultsModel, Column, bulk_row, preview_row
from gui.desktop.i18n import install_translator
from gui.desktop.lookup_panel import LookupPanel
from gui.desktop.wording import CONTEXT, LUPDATE_ARGS, translated
from gui.store.paths import resource
from gui.store.settings import Settings


def _all_core_templates() -> set[str]:
    for package in (gui.bitrix, gui.store):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    return set(TEMPLATES)


def _core_context(ts: Path) -> dict[str, str]:
    """Source → translation of the core's sentences in a .ts file."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        if (context.findtext("name") or "") != CONTEXT:
            continue
        for message in context.iter("message"):
            found[message.findtext("source") or ""] = message.findtext("translation") or ""
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _invalid(entity_type: str, entity_id: str) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        EntityRef.parse(entity_type, entity_id)
    return caught.value


@pytest.fixture
def russian(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    assert install_translator(qapp, "ru", cache=tmp_path) == "ru"
    yield
    install_translator(qapp, "en")


def test_lupdate_finds_every_core_template_where_it_is_declared(tmp_path: Path) -> None:
    """A template built at run time, or declared some other way than phrase("..."), would
    never reach the translators: lupdate must see exactly the templates the core declares."""
    import PySide6

    lupdate = Path(PySide6.__file__).resolve().parent / "lupdate"
    if not lupdate.is_file():
        pytest.skip("PySide6's lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    core = [str(Path(str(package.__file__)).parent) for package in (gui.bitrix, gui.store)]
    done = subprocess.run(
        [str(lupdate), *LUPDATE_ARGS, *core, "-ts", str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert set(_core_context(fresh)) == _all_core_templates()


def test_every_core_template_has_russian_with_the_same_placeholders() -> None:
    found = _core_context(resource("translations", "b24chat_ru.ts"))
    assert set(found) == _all_core_templates()
    for source, translation in found.items():
        assert translation, source
        assert _placeholders(translation) == _placeholders(source), source


def test_a_phrase_is_its_english_sentence() -> None:
    error = error_from_response(500, "")
    assert error.template == (
        "The portal answered with a server error (HTTP {status}): try again later"
    )
    assert error.params == {"status": "500"}
    assert error.message == error.template.format(**error.params)
    plain = BitrixError("made up")
    assert (plain.template, plain.params, translated(plain)) == ("made up", {}, "made up")


def test_a_phrase_survives_copy_and_pickle() -> None:
    reason = _invalid("CRM", "LEAD|0").message
    assert isinstance(reason, Phrase)
    for again in (copy.deepcopy(reason), pickle.loads(pickle.dumps(reason))):
        assert isinstance(again, Phrase)
        assert again == reason
        assert (again.template, again.params) == (reason.template, reason.params)


@pytest.mark.usefixtures("qapp")
def test_english_ui_shows_exactly_the_core_text() -> None:
    error = error_from_response(401, "INVALID_CREDENTIALS")
    assert translated(error) == str(error)
    nested = _invalid("LINES", "a|b")
    assert translated(nested) == str(nested)
    problems = Settings(rate=0, proxy_mode="custom").validate()
    assert [translated(p) for p in problems] == problems


@pytest.mark.usefixtures("russian")
def test_portal_errors_come_out_in_russian_with_their_code() -> None:
    error = error_from_response(401, "INVALID_CREDENTIALS")
    assert isinstance(error, AuthError)
    shown = translated(error)
    assert shown.startswith("Портал отклонил вебхук")
    assert shown.endswith(" (INVALID_CREDENTIALS)")
    assert str(error).startswith("The portal rejected the webhook")  # the core's text is kept
    assert translated(error_from_response(502, "")) == (
        "Портал ответил ошибкой сервера (HTTP 502): повторите позже"
    )


@pytest.mark.usefixtures("russian")
def test_nested_reasons_are_translated_and_parameters_kept() -> None:
    shown = translated(_invalid("LINES", "telegrambot|x|1|2"))
    assert shown == (
        "ID линии 'x' — не число: ID сущности LINES выглядит как "
        "connector|lineId|chatId|userId, например telegrambot|2|209607941|744"
    )
    with pytest.raises(InvalidInputError) as caught:
        WebhookUrl.parse("ftp://portal.example/rest/1/token0000/")
    assert translated(caught.value).startswith(
        "Адрес вебхука должен начинаться с https://, а не с ftp://. Адрес вебхука выглядит так:"
    )


@pytest.mark.usefixtures("russian")
def test_settings_and_bulk_reasons_come_out_in_russian() -> None:
    problems = Settings(burst=0).validate()
    assert [translated(p) for p in problems] == ["Запас запросов — целое число от 1 до 1000"]
    (item,) = read_items(["13"])
    assert item.error is not None
    assert translated(item.error).startswith("Просто число (13)")
    assert str(item.error).startswith("A bare number (13)")


@pytest.mark.usefixtures("qapp")
def test_a_translation_that_does_not_fit_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class BrokenTranslation:
        @staticmethod
        def translate(context: str, text: str) -> str:
            return "{nonsense}"

    # wording imports Qt when it first translates: patch the method it will find
    monkeypatch.setattr(QCoreApplication, "translate", BrokenTranslation.translate)
    error = error_from_response(500, "")
    assert translated(error) == str(error)


@pytest.mark.usefixtures("russian")
def test_the_lookup_panel_says_what_is_wrong_in_russian(qapp: QApplication) -> None:
    panel = LookupPanel()
    try:
        panel.entity_edit.setText("LEAD|x")  # CRM is the first type offered
        assert panel.input_error.text().startswith("'LEAD|x' — не ID сущности CRM")
        assert not panel.lookup_button.isEnabled()
    finally:
        panel.deleteLater()


@pytest.mark.usefixtures("russian")
def test_bulk_error_column_is_russian_but_export_stays_english() -> None:
    (item,) = read_items(["LEAD|0"])
    model = BulkResultsModel()
    model.set_rows([preview_row(item)])
    shown = model.data(model.index(0, Column.ERROR))
    assert shown.startswith("ID в CRM начинаются с 1")
    exported = output_cells(bulk_row(model.row(0)))
    assert exported[3] == str(item.error)
    assert exported[3].startswith("CRM IDs start at 1")


@pytest.mark.usefixtures("qapp")
def test_retry_reasons_and_worker_sentences_come_out_in_russian() -> None:
    from PySide6.QtCore import QCoreApplication

    from gui.bitrix.client_config import ClientEvent, EventKind, RetryReason
    from gui.desktop.i18n import install_translator
    from gui.desktop.worker import NO_WEBHOOK, retry_reason, words

    app = QCoreApplication.instance()
    assert app is not None
    try:
        install_translator(app, "ru")
        assert (
            retry_reason(ClientEvent(EventKind.RETRYING, 1.0, 2, RetryReason.RATE_LIMIT))
            == "лимит запросов"
        )
        assert words("WorkerController", NO_WEBHOOK).startswith("Вебхук не задан")
    finally:
        install_translator(app, "en")
    assert retry_reason(ClientEvent(EventKind.RETRYING, 1.0, 2, RetryReason.NETWORK)) == "network"


@pytest.mark.usefixtures("russian")
def test_settings_history_and_token_store_problems_come_out_in_russian(tmp_path: Path) -> None:
    from gui.store.history import History
    from gui.store.paths import AppPaths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import SettingsStore

    paths = AppPaths.under(tmp_path, portable=True)
    paths.ensure()
    paths.settings_file.write_text('{"version": 1, "burst": 0, "webhook": 3}', encoding="utf-8")
    warnings = SettingsStore(paths, FileTokenStore()).load().warnings
    assert [translated(w) for w in warnings] == [
        "Запас запросов — целое число от 1 до 1000; вместо этого используется значение по "
        "умолчанию (50)",
        "Сохранённый вебхук не удалось прочитать: снова вставьте URL вебхука в настройках",
    ]
    assert warnings[1] == (
        "The saved webhook could not be read: paste the webhook URL again in Settings"
    )
    history = tmp_path / "history.json"
    history.write_text("[]", encoding="utf-8")
    shown = translated(History(history).load() or "")
    assert shown.startswith(f"Файл истории {history} не содержит истории: он сохранён как")
    assert translated(FileTokenStore().name) == "в файле настроек (доступном только вам)"
