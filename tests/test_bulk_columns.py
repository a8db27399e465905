"""Files with their own columns: a real Bitrix24 CRM export (cp1251, ``;``), .xlsx in and out,
the ID column chosen by name or number, and outputs that keep the file's shape."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from gui.bitrix.bulk import BulkItem, BulkRow, lookup_many
from gui.bitrix.bulk_columns import (
    choose_column,
    column_items,
    guess_crm_kind,
    guess_id_column,
    header_shape,
    open_table,
)
from gui.bitrix.bulk_write import OutputShape, RowWriter, output_cells
from gui.bitrix.bulkio import FLAGS, WINDOW_BOXES, SourceRow, read_items
from gui.bitrix.client import BitrixClient
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.workbook import WorkbookWriter, cell_text, read_sheet
from gui.demo.crm_export import LEAD_COLUMNS, lead_rows, write_lead_export
from gui.demo.emulator import PortalEmulator, sample_chats


def export(tmp_path: Path, count: int = 12) -> Path:
    return write_lead_export(tmp_path / "leads.csv", count)


def test_a_crm_export_is_read_from_its_id_column(tmp_path: Path) -> None:
    raw = export(tmp_path).read_bytes()
    assert "Название лида".encode("cp1251") in raw and b";" in raw  # as Bitrix24 writes it
    with open_table(tmp_path / "leads.csv") as table:
        assert table.delimiter == ";"
        rows = list(table.rows)
    reading = choose_column(rows[0], "ID")
    assert reading.id_column == 0 and reading.header == LEAD_COLUMNS
    items = list(column_items(rows, reading, crm_kind="lead"))
    assert [str(item.ref) for item in items] == [f"CRM LEAD|{n}" for n in range(1, 13)]
    assert items[0].cells == tuple(lead_rows(1)[1]) and items[0].line == 2


def test_column_by_number_and_headerless_files(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("Иванов;13\nПетров;LEAD|5\n", encoding="cp1251")
    with open_table(path) as table:
        rows = list(table.rows)
    reading = choose_column(rows[0], "2")
    assert reading.header is None and reading.id_column == 1
    items = list(column_items(rows, reading, crm_kind="DEAL"))
    assert [str(item.ref) for item in items] == ["CRM DEAL|13", "CRM LEAD|5"]
    out = io.StringIO()
    RowWriter(out, reading.shape(), ";").write(BulkRow(items[0], chat_id=2013))
    assert out.getvalue() == "Иванов;13;2013;\n"  # the input's shape: no header was there


@pytest.mark.parametrize("spec", ["Телефон", "0", "4"])
def test_a_missing_column_names_the_columns_there_are(spec: str) -> None:
    first = SourceRow(1, ("ID", "Имя", "Статус"))
    with pytest.raises(InvalidInputError) as caught:
        choose_column(first, spec)
    assert "'ID', 'Имя', 'Статус'" in str(caught.value) or "3 columns" in str(caught.value)


def test_bare_numbers_name_the_flag_or_the_window_box() -> None:
    reading = choose_column(SourceRow(1, ("ID",)), "ID")
    rows = [SourceRow(1, ("ID",)), SourceRow(2, ("7",))]
    (cli,) = column_items(rows, reading, controls=FLAGS)
    (window,) = column_items(rows, reading, controls=WINDOW_BOXES)
    assert "--crm-kind" in str(cli.error)
    assert "--" not in str(window.error) and "“Bare numbers are” box" in str(window.error)
    (typeless,) = read_items(["x"], controls=WINDOW_BOXES)
    assert "--type" not in str(typeless.error) and "“Rows without a type” box" in str(
        typeless.error
    )


def test_empty_id_cells_and_unreadable_rows_stay_rows() -> None:
    rows = [SourceRow(1, ("ID", "Имя")), SourceRow(2, ("", "Анна")), SourceRow(3, (), "bad")]
    items = list(column_items(rows, choose_column(rows[0], "ID"), crm_kind="LEAD"))
    assert [item.line for item in items] == [2, 3]
    assert all(item.error is not None for item in items)
    assert items[0].cells == ("", "Анна")  # its cells reach the output


def test_the_output_keeps_the_file_columns_and_adds_chat_id_and_error() -> None:
    shape = OutputShape(("ID", "Имя"))
    assert shape.header == ("ID", "Имя", "chat_id", "error")
    item = BulkItem(2, "CRM", "LEAD|1", cells=("1", "=cmd()", "extra"))
    assert output_cells(BulkRow(item, chat_id=1001), shape) == ["1", "'=cmd()", "1001", "", "extra"]
    again = OutputShape(("ID", "Chat_ID", "Имя", "error"))  # an output fed back in
    assert again.header == ("ID", "Chat_ID", "Имя", "error")
    item = BulkItem(2, "CRM", "LEAD|1", cells=("1", "999", "Анна", "old"))
    assert again.cells(BulkRow(item, chat_id=1001)) == ["1", "1001", "Анна", ""]


def test_guesses_for_a_new_export() -> None:
    assert guess_id_column(LEAD_COLUMNS) == 0
    assert guess_crm_kind(LEAD_COLUMNS) == "LEAD"
    assert guess_crm_kind(("ID", "Название сделки", "Название компании")) == "DEAL"
    assert guess_id_column(("entity_type", "entity_id")) is None  # type and ID columns
    assert guess_id_column(("Имя", "Телефон")) is None
    assert header_shape([" ID ", "Имя"]) == header_shape(["id", "имя"])


# -- workbooks ------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], title: str = "Лиды") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    other = book.create_sheet("Сделки")
    other.append(["ID", "Название сделки"])
    other.append([5, "Поставка"])
    book.save(path)
    return path


def test_an_xlsx_is_read_from_its_first_sheet_or_the_one_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "leads.xlsx", [["ID", "Имя"], [1, "Анна"], [], [2.0, None]])
    with open_table(path) as table:
        assert table.workbook
        rows = list(table.rows)
    assert rows == [
        SourceRow(1, ("ID", "Имя")),
        SourceRow(2, ("1", "Анна")),
        SourceRow(4, ("2",)),  # 2.0 is the ID 2; the blank sheet row 3 is not a row
    ]
    with open_table(path, "сделки") as table:
        assert [row.cells for row in table.rows] == [("ID", "Название сделки"), ("5", "Поставка")]
    with pytest.raises(InvalidInputError, match="'Лиды', 'Сделки'"):
        read_sheet(path, "Контакты")


def test_cell_text() -> None:
    import datetime as dt

    assert cell_text(13.0) == "13" and cell_text(1.5) == "1.5" and cell_text(None) == ""
    assert cell_text(dt.datetime(2026, 12, 1, 10, 15)) == "2026-12-01 10:15:00"
    assert cell_text(True) == "TRUE"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("broken.xlsx", b"PK\x03\x04not really a zip", "could not be read as an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel file"),
        ("leads.xls", b'<html><meta charset="utf-8"><table>', "web page"),
    ],
)
def test_files_no_table_comes_from_say_what_to_do(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInputError, match=words):
        open_table(path)


def test_xlsx_round_trip_keeps_every_cell_and_text_stays_text(tmp_path: Path) -> None:
    shape = OutputShape(("ID", "Название лида", "Телефон"))
    rows = [
        BulkRow(BulkItem(2, "CRM", "LEAD|1", cells=("1", "Звонок", "+7 900 1")), chat_id=1001),
        BulkRow(BulkItem(3, "CRM", "LEAD|2", cells=("2", '=HYPERLINK("x")', "007\x01"))),
    ]
    path = tmp_path / "out.xlsx"
    with path.open("wb") as out:
        writer = WorkbookWriter(out, shape)
        for row in rows:
            writer.write(row)
        writer.close()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["ID", "Название лида", "Телефон", "chat_id", "error"]
    assert values[1] == [1, "Звонок", "+7 900 1", 1001, None]  # IDs are numbers in Excel
    assert values[2][1] == '=HYPERLINK("x")' and sheet.cell(3, 2).data_type == "s"  # no formula
    assert values[2][2] == "007\ufffd"  # a leading zero stays; a control character cannot go in
    with open_table(path) as table:
        read = list(table.rows)
    items = list(column_items(read, choose_column(read[0], "id"), crm_kind="LEAD"))
    assert [item.cells[:2] for item in items] == [("1", "Звонок"), ("2", '=HYPERLINK("x")')]


# -- a run over a real export, against the emulator --------------------------------------------


def test_duplicates_are_looked_up_once_across_batches(tmp_path: Path) -> None:
    chats = sample_chats()
    ids = [n for _ in range(3) for n in range(1, 41)]  # 120 rows, 40 IDs, several batches
    path = tmp_path / "dups.csv"
    with path.open("w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ID", "Название лида"])
        writer.writerows([n, f"Лид {n}"] for n in ids)
    with PortalEmulator(rate=100, burst=100, chats=chats) as portal, open_table(path) as table:
        rows = list(table.rows)
        items = column_items(rows, choose_column(rows[0], "ID"), crm_kind="LEAD")
        client = BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100))
        with client:
            answered = [row for batch in lookup_many(client, items, batch_size=15) for row in batch]
        assert portal.stats.snapshot().commands == 40
    assert [row.item.cells[0] for row in answered] == [str(n) for n in ids]
    for row in answered:
        assert row.chat_id == chats.get(("CRM", f"LEAD|{row.item.cells[0]}"))


def test_the_answers_kept_for_repeats_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.bitrix.bulk as bulk

    monkeypatch.setattr(bulk, "MAX_REMEMBERED", 60)
    chats = sample_chats()
    ids = [*range(1, 151), 1, 150]  # by then LEAD|1 is forgotten, LEAD|150 is not
    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in ids]
    with PortalEmulator(rate=100, burst=100, chats=chats) as portal:
        client = BitrixClient(WebhookUrl.parse(portal.webhook_url), ClientConfig(rate=100))
        with client:
            rows = [row for batch in lookup_many(client, items) for row in batch]
        assert portal.stats.snapshot().commands == 151  # 150 IDs, and LEAD|1 once more
    assert [row.chat_id for row in rows] == [chats.get(("CRM", f"LEAD|{n}")) for n in ids]
