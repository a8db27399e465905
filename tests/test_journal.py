"""The bulk-run journal: what a crash leaves on disk can be read back and continued."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gui.bitrix.bulk import BulkItem, BulkRow, lookup_many
from gui.bitrix.bulk_details import with_details
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.errors import InvalidInputError, NetworkError, ServerError
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import Phrase
from gui.demo.emulator import PortalEmulator
from gui.demo.sample_data import sample_portal
from gui.store import journal
from gui.store.paths import JOURNAL_SUFFIX, find_interrupted


def _items() -> list[BulkItem]:
    return [
        BulkItem.parse(1, "CRM", "lead|13"),
        BulkItem.parse(2, "CRM", "nonsense"),
        BulkItem(3, "", "", error=InvalidInputError("Line 3 has no entity ID")),
        BulkItem.parse(4, "LINES", "telegrambot|2|209607941|744"),
        BulkItem.parse(5, "CRM", "DEAL|6"),
    ]


def _rows(items: list[BulkItem]) -> list[BulkRow]:
    return [
        BulkRow(items[0], chat_id=1013),
        BulkRow(items[1], error=items[1].error),
        BulkRow(items[2], error=items[2].error),
        BulkRow(
            items[3],
            error=ServerError(
                "The portal answered with a server error", code="INTERNAL_SERVER_ERROR"
            ),
        ),
        BulkRow(items[4]),
    ]


def test_round_trip_restores_items_and_done_rows(tmp_path: Path) -> None:
    items = _items()
    rows = _rows(items)
    run = journal.RunJournal.start(tmp_path, items, {"portal": "http://127.0.0.1:1/rest/1/****/"})
    run.record(rows[:2])
    run.record(rows[2:4])
    run.close()

    [path] = find_interrupted(tmp_path)
    summary = journal.summarise(path)
    assert (summary.total, summary.done) == (5, 4)
    assert summary.settings["portal"].endswith("/****/")

    loaded = journal.load(path)
    assert [i.line for i in loaded.items] == [1, 2, 3, 4, 5]
    assert loaded.items[0].ref == items[0].ref and loaded.items[0].entity_id == "LEAD|13"
    assert loaded.items[1].ref is None and loaded.items[1].error is not None
    assert [r.status for r in loaded.done] == ["found", "error", "error", "error"]
    assert loaded.done[0].chat_id == 1013
    assert str(loaded.done[1].error) == str(items[1].error)
    assert isinstance(loaded.done[3].error, ServerError)
    assert loaded.done[3].error.code == "INTERNAL_SERVER_ERROR"
    assert loaded.remaining == items[4:]


def test_reopen_appends_and_finish_deletes(tmp_path: Path) -> None:
    items = _items()
    rows = _rows(items)
    first = journal.RunJournal.start(tmp_path, items, {})
    first.record(rows[:3])
    first.close()
    loaded = journal.load(first.path)
    second = journal.RunJournal.reopen(loaded)
    second.record(rows[3:])
    second.close()
    again = journal.load(first.path)
    assert [r.status for r in again.done] == ["found", "error", "error", "error", "no chat"]
    journal.RunJournal.reopen(again).finish()
    assert find_interrupted(tmp_path) == []


def test_cut_off_last_line_is_ignored(tmp_path: Path) -> None:
    items = _items()
    run = journal.RunJournal.start(tmp_path, items, {})
    run.record(_rows(items)[:2])
    run.close()
    with run.path.open("a", encoding="utf-8") as handle:
        handle.write('{"rows": [[5], [6]], "do')  # the crash came mid-write
    assert journal.summarise(run.path).done == 2
    assert len(journal.load(run.path).done) == 2


def test_out_of_step_batch_line_is_not_trusted(tmp_path: Path) -> None:
    items = _items()
    run = journal.RunJournal.start(tmp_path, items, {})
    run.record(_rows(items)[:1])
    run.close()
    with run.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"rows": [[1]], "done": 7}) + "\n")
    assert journal.summarise(run.path).done == 1


def test_a_journal_cut_inside_its_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / f"run-x{JOURNAL_SUFFIX}"
    header = {"format": journal.FORMAT, "version": journal.VERSION, "total": 3, "settings": {}}
    path.write_text(
        json.dumps(header) + "\n" + json.dumps([1, "CRM", "LEAD|1", None]) + "\n", encoding="utf-8"
    )
    with pytest.raises(journal.JournalError, match="ends before its input"):
        journal.load(path)


@pytest.mark.parametrize("text", ["", "not json\n", '{"format": "other"}\n', "\xff\n"])
def test_foreign_files_raise_journal_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / f"run-y{JOURNAL_SUFFIX}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(journal.JournalError):
        journal.summarise(path)


def test_partial_input_file_is_not_listed(tmp_path: Path) -> None:
    (tmp_path / f"run-z{JOURNAL_SUFFIX}.part").write_text("{}", encoding="utf-8")
    assert find_interrupted(tmp_path) == []
    assert find_interrupted(tmp_path / "missing") == []


def test_network_error_kind_survives(tmp_path: Path) -> None:
    items = _items()[:1]
    run = journal.RunJournal.start(tmp_path, items, {})
    run.record([BulkRow(items[0], error=NetworkError("The connection was dropped"))])
    run.close()
    [row] = journal.load(run.path).done
    assert isinstance(row.error, NetworkError) and row.status == "error"


def test_reopen_after_a_cut_off_line_keeps_every_later_batch(tmp_path: Path) -> None:
    items = _items()
    rows = _rows(items)
    run = journal.RunJournal.start(tmp_path, items, {})
    run.record(rows[:2])
    run.close()
    with run.path.open("a", encoding="utf-8") as handle:
        handle.write('{"rows": [[5], [6]], "do')  # the crash came mid-write
    resumed = journal.RunJournal.reopen(journal.load(run.path))
    resumed.record(rows[2:4])
    resumed.record(rows[4:])
    resumed.close()
    again = journal.load(run.path)
    assert [r.status for r in again.done] == ["found", "error", "error", "error", "no chat"]
    assert journal.summarise(run.path).done == 5


def test_reopen_drops_an_out_of_step_line_before_appending(tmp_path: Path) -> None:
    items = _items()
    rows = _rows(items)
    run = journal.RunJournal.start(tmp_path, items, {})
    run.record(rows[:1])
    run.close()
    with run.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"rows": [[1]], "done": 7}) + "\n")
    resumed = journal.RunJournal.reopen(journal.load(run.path))
    resumed.record(rows[1:3])
    resumed.close()
    assert len(journal.load(run.path).done) == 3


def test_the_file_own_cells_survive_a_resume(tmp_path: Path) -> None:
    cells = ("7", "Звонок #7", "+7 900 107-07-49")
    items = [
        BulkItem.parse(2, "CRM", "LEAD|7", cells),
        BulkItem(3, "", "", error=InvalidInputError("The ID column is empty"), cells=("", "x")),
    ]
    run = journal.RunJournal.start(tmp_path, items, {"columns": ["ID", "Имя", "Телефон"]})
    run.record([BulkRow(items[0], chat_id=None)])
    run.close()
    loaded = journal.load(find_interrupted(tmp_path)[0])
    assert [item.cells for item in loaded.items] == [cells, ("", "x")]
    assert loaded.done[0].item.cells == cells
    assert loaded.settings["columns"] == ["ID", "Имя", "Телефон"]


def _looked_up(given: list[tuple[str, str]], **portal: Any) -> list[BulkRow]:
    items = [BulkItem.parse(n, kind, entity) for n, (kind, entity) in enumerate(given, 1)]
    with PortalEmulator(sample_portal(rate=1000, burst=1000, **portal)) as emulator:
        webhook = WebhookUrl.parse(emulator.webhook_url)
        with BitrixClient(webhook, ClientConfig(rate=1000, burst=1000)) as client:
            batches = with_details(client, lookup_many(client, items))
            return [row for batch in batches for row in batch]


def _rows_with_details() -> list[BulkRow]:
    """A run with details, as the portal answered it: a card, a hidden card, open-line chats,
    a line chat, a repeat, an invalid row, and (without the imopenlines scope) why there is no
    chat as a phrase with a phrase in it."""
    given = [
        ("CRM", "DEAL|1"),
        ("CRM", "DEAL|2"),
        ("CRM", "LEAD|7"),
        ("LINES", "telegrambot|2|209607941|744"),
        ("CRM", "DEAL|1"),
        ("CRM", "LEAD|x"),
    ]
    rows = _looked_up(given)
    [no_scope] = _looked_up([("CRM", "DEAL|6")], scopes=("im", "crm"))
    return [*rows, replace(no_scope, item=replace(no_scope.item, line=len(rows) + 1))]


def test_details_survive_a_resume(tmp_path: Path) -> None:
    rows = _rows_with_details()
    assert rows[0].details is not None and rows[0].details.card is not None
    assert rows[2].details is not None and rows[2].details.open_line_chats
    assert any(row.details and isinstance(row.details.why_no_chat, Phrase) for row in rows)
    run = journal.RunJournal.start(tmp_path, [row.item for row in rows], {"details": True})
    run.record(rows[:3])
    run.record(rows[3:])
    run.close()
    loaded = journal.load(run.path)
    assert [row.details for row in loaded.done] == [row.details for row in rows]
    for before, after in zip(rows, loaded.done, strict=True):
        for name in ("details_error", "why_no_chat"):
            said, read = getattr(before.details, name, None), getattr(after.details, name, None)
            assert type(read) is type(said)  # a phrase comes back a phrase: it shows translated
            if isinstance(said, Phrase):
                assert isinstance(read, Phrase)
                assert (read.template, read.params) == (said.template, said.params)
                nested = [type(value) for value in read.params.values()]
                assert nested == [type(value) for value in said.params.values()]
    first, repeat = loaded.done[0].details, loaded.done[4].details
    assert first is not None and repeat is not None
    assert repeat.card is first.card  # a repeat: one card object


def test_a_journal_written_before_details_still_loads(tmp_path: Path) -> None:
    items = _items()
    run = journal.RunJournal.start(tmp_path, items, {"portal": None})
    run.record(_rows(items)[:2])
    run.close()
    lines = run.path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["version"] = 1  # as the app wrote it before rows carried their details
    run.path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    loaded = journal.load(run.path)
    assert [row.chat_id for row in loaded.done] == [1013, None]
    assert all(row.details is None for row in loaded.done)
    assert journal.summarise(run.path).done == 2


def test_a_journal_of_a_later_version_is_left_alone(tmp_path: Path) -> None:
    run = journal.RunJournal.start(tmp_path, _items(), {"portal": None})
    run.close()
    lines = run.path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["version"] = journal.VERSION + 1
    run.path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(journal.JournalError) as caught:
        journal.load(run.path)
    assert not caught.value.damaged  # never moved aside: its own version can resume it


@pytest.mark.parametrize(
    "details",
    [[], {"card": {"chat_id": 1}}, {"lines": [[1]]}, {"why": {"phrase": "x {a}", "params": {}}}],
)
def test_damaged_details_are_refused_not_a_crash(tmp_path: Path, details: Any) -> None:
    items = _items()
    run = journal.RunJournal.start(tmp_path, items, {"portal": None})
    run.close()
    with run.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"rows": [[1013, details]], "done": 1}) + "\n")
    with pytest.raises(journal.JournalError, match="is damaged"):
        journal.load(run.path)
