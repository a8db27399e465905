"""History store: bounded, newest first, atomic, corrupt files set aside (no Qt)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from gui.store.history import History, HistoryEntry


def fixed_now() -> datetime:
    return datetime(2024, 5, 6, 7, 8, 9)


def test_round_trip_keeps_order_and_answers(tmp_path: Path) -> None:
    history = History(tmp_path / "history.json", now=fixed_now)
    history.record("CRM", "LEAD|1", 1001)
    history.record("CRM", "LEAD|7", None)
    history.save()

    again = History(tmp_path / "history.json")
    assert again.load() is None
    assert again.entries == [
        HistoryEntry("CRM", "LEAD|7", None, "2024-05-06T07:08:09"),
        HistoryEntry("CRM", "LEAD|1", 1001, "2024-05-06T07:08:09"),
    ]


def test_bounded_to_the_limit_dropping_the_oldest(tmp_path: Path) -> None:
    history = History(tmp_path / "history.json", limit=500)
    for n in range(1, 506):
        history.record("CRM", f"LEAD|{n}", n)
    assert len(history.entries) == 500
    assert history.entries[0].entity_id == "LEAD|505"
    assert history.entries[-1].entity_id == "LEAD|6"


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "history.json"
    history = History(path)
    history.record("LIVECHAT", "livechat|1", 6002)
    history.save()
    history.clear()
    history.save()
    assert json.loads(path.read_text(encoding="utf-8"))["entries"] == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["history.json"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"entries": 5}', "\udcff"])
def test_corrupt_file_is_renamed_aside_and_reported(tmp_path: Path, content: str) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    history = History(path, now=fixed_now)
    message = history.load()
    assert message is not None and "history.json.corrupt-20240506-070809" in message
    assert history.entries == []
    assert not path.exists()
    aside = tmp_path / "history.json.corrupt-20240506-070809"
    assert aside.read_bytes() == content.encode("utf-8", "surrogateescape")


def test_second_corrupt_file_does_not_overwrite_the_first(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    for text in ("first", "second"):
        path.write_text(text, encoding="utf-8")
        assert History(path, now=fixed_now).load() is not None
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "history.json.corrupt-20240506-070809",
        "history.json.corrupt-20240506-070809-1",
    ]


def test_damaged_entries_are_skipped_the_rest_survive(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    good = {"entity_type": "CRM", "entity_id": "DEAL|2", "chat_id": 2002, "at": "x"}
    path.write_text(
        json.dumps(
            {
                "entries": [
                    good,
                    {"entity_type": "CRM"},
                    "junk",
                    {**good, "chat_id": True},
                    {**good, "chat_id": "12"},
                ]
            }
        ),
        encoding="utf-8",
    )
    history = History(path)
    assert history.load() is None
    assert [e.entity_id for e in history.entries] == ["DEAL|2"]


def test_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    history = History(blocker / "history.json")
    history.record("CRM", "LEAD|1", 1)
    with pytest.raises(OSError):
        history.save()


def test_an_entry_keeps_its_chats_title_across_a_save(tmp_path: Path) -> None:
    history = History(tmp_path / "history.json")
    entry = history.record("CRM", "DEAL|1", 2001)
    untitled = history.record("CRM", "DEAL|6", None)
    titled = history.set_title(entry, "Deal #1")
    assert titled is not None and titled.title == "Deal #1"
    assert history.set_title(entry, "again") is None  # the old entry is gone
    history.save()
    saved = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))["entries"]
    assert "title" not in saved[0] and saved[1]["title"] == "Deal #1"
    again = History(tmp_path / "history.json")
    assert again.load() is None
    assert [e.title for e in again.entries] == [None, "Deal #1"]
    assert untitled.title is None
