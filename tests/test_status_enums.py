"""Statuses, outcomes and kinds are StrEnums, not strings, while what files hold stays the same
words: a journal written before still loads, and a new one reads as it always did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.bitrix import errors
from gui.bitrix.bulk import BulkItem, BulkRow, RowStatus
from gui.bitrix.client_config import ClientEvent, EventKind, RetryReason
from gui.bitrix.errors import ErrorKind, InvalidInputError, NetworkError
from gui.desktop.worker import RETRY_REASONS
from gui.store import journal
from gui.store.paths import JOURNAL_SUFFIX
from gui.store.secrets import FileTokenStore, KeyringTokenStore, StoreKind

OLD_JOURNAL = """\
{"format": "b24chat-bulk-journal", "version": 1, "created": "20240101-120000", "total": 3, \
"settings": {"portal": "https://x.bitrix24.com"}}
[1, "CRM", "LEAD|1", null]
[2, "CRM", "LEAD|2", null]
[3, "CRM", "LEAD|3", null]
{"input_end": 3}
{"rows": [[5], [null, "network", "The connection was dropped", "X"], [null]], "done": 3}
"""


def test_a_rows_status_is_a_row_status_with_the_words_of_old() -> None:
    item = BulkItem.parse(1, "CRM", "LEAD|1")
    rows = [BulkRow(item, 5), BulkRow(item), BulkRow(item, error=NetworkError("down"))]
    assert [row.status for row in rows] == [RowStatus.FOUND, RowStatus.NO_CHAT, RowStatus.ERROR]
    assert all(type(row.status) is RowStatus for row in rows)
    assert [str(row.status) for row in rows] == ["found", "no chat", "error"]


def test_every_error_kind_is_an_error_kind_and_the_journal_words_stay() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type)]
    kinds = {c.kind for c in classes if issubclass(c, errors.BitrixError)}
    assert all(type(kind) is ErrorKind for kind in kinds)
    assert {"network", "server", "rate limit", "invalid input", "cancelled"} <= kinds


def test_a_journal_from_before_loads_and_a_new_one_writes_the_same_words(
    tmp_path: Path,
) -> None:
    old = tmp_path / f"run-old{JOURNAL_SUFFIX}"
    old.write_text(OLD_JOURNAL, encoding="utf-8")
    run = journal.load(old)
    assert [row.status for row in run.done] == ["found", "error", "no chat"]
    assert isinstance(run.done[1].error, NetworkError)

    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in (1, 2, 3)]
    new = journal.RunJournal.start(tmp_path / "new", items, {"portal": "https://x.bitrix24.com"})
    new.record(
        [
            BulkRow(items[0], 5),
            BulkRow(items[1], error=NetworkError("The connection was dropped", code="X")),
            BulkRow(items[2]),
        ]
    )
    new.close()
    last = json.loads(new.path.read_text(encoding="utf-8").splitlines()[-1])
    assert last == json.loads(OLD_JOURNAL.splitlines()[-1])


def test_client_events_and_token_stores_say_their_kind_as_an_enum() -> None:
    event = ClientEvent(EventKind.RETRYING, 1.0, 2, RetryReason.NETWORK)
    assert event.kind == "retrying" and event.reason == "network"
    assert set(RetryReason) == set(RETRY_REASONS)  # each reason has its translation
    assert FileTokenStore.kind is StoreKind.FILE and KeyringTokenStore.kind is StoreKind.KEYRING
    assert json.dumps({"token_in": StoreKind.KEYRING}) == '{"token_in": "keyring"}'


@pytest.mark.parametrize("status", list(RowStatus))
def test_the_results_filter_takes_a_status_back_from_its_combo_box(
    qtbot: QtBot, status: RowStatus
) -> None:
    from gui.desktop.bulk_model import BulkFilterProxy

    proxy = BulkFilterProxy()
    proxy.set_status(str(status))  # what QComboBox.currentData() gives back
    assert proxy.status is status


def test_a_bulk_runs_outcome_reaches_the_view_as_a_run_outcome(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from gui.desktop.bulk_worker import BulkRunner, RunJob, RunOutcome

    runner = BulkRunner(tmp_path)
    outcomes: list[object] = []
    runner.worker.run_finished.connect(lambda outcome, _message: outcomes.append(outcome))
    item = BulkItem(1, "CRM", "x", error=InvalidInputError("not an ID"))
    runner.start(RunJob(lambda: None, [item], {}))
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert runner.shutdown(3000)
    assert type(outcomes[0]) is RunOutcome


# -- the words shown when a file fails: sentences, not "[Errno 13] …" -------------------------


def test_a_bulk_file_that_cannot_be_read_is_a_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    from gui.desktop.bulk_source import InputSource
    from gui.desktop.bulk_worker import BulkWorker

    missing = tmp_path / "missing.csv"
    with pytest.raises(InvalidInputError) as refused:
        BulkWorker(tmp_path).read_preview(InputSource(path=str(missing)))
    assert (
        refused.value.message == f"The file {missing} could not be read (No such file or directory)"
    )


def test_settings_that_cannot_be_written_are_a_sentence(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.paths import AppPaths
    from gui.store.settings import Settings, SettingsStore

    store = SettingsStore(AppPaths.under(tmp_path, portable=True), FileTokenStore())

    def refused(_settings: object) -> None:
        raise PermissionError(13, "Permission denied", str(store.path))

    shown: list[str] = []
    monkeypatch.setattr(store, "save", refused)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    dialog = SettingsDialog(store, Settings(), None)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert len(shown) == 1 and "[Errno" not in shown[0]
    assert f"{store.path} could not be written (Permission denied)" in shown[0]
