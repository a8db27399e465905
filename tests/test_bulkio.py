"""Bulk input/output: row forms, delimiters, headers, encodings, streaming, atomic output."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.bitrix.bulk import BulkItem, BulkRow
from gui.bitrix.bulk_write import RowWriter, safe_cell, write_rows
from gui.bitrix.bulkio import read_items
from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import AuthError, CancelledError, InvalidInputError, NetworkError
from gui.bitrix.file_text import HEAD_BYTES, decode_head, open_text
from gui.cli.bulk_tally import BulkTally, Tracked, cancelled_rows


def refs(
    lines: list[str], *, default_type: str | None = None, crm_kind: str | None = None
) -> list[tuple[int, str | None]]:
    items = read_items(lines, default_type=default_type, crm_kind=crm_kind)
    return [(i.line, str(i.ref) if i.ref else None) for i in items]


# -- row forms ----------------------------------------------------------------------------


def test_type_and_id_rows() -> None:
    items = list(
        read_items(
            ["CRM,LEAD|13\n", "LINES,telegrambot|2|209607941|744\n", "livechat,livechat|1\n"]
        )
    )
    assert [i.ref for i in items] == [
        EntityRef.parse("CRM", "LEAD|13"),
        EntityRef.parse("LINES", "telegrambot|2|209607941|744"),
        EntityRef.parse("LIVECHAT", "livechat|1"),
    ]
    assert [i.line for i in items] == [1, 2, 3]


def test_id_alone_infers_crm_or_uses_default_type() -> None:
    assert refs(["LEAD|13\n", "deal|5\n"]) == [(1, "CRM LEAD|13"), (2, "CRM DEAL|5")]
    assert refs(["livechat|1\n"], default_type="LIVECHAT") == [(1, "LIVECHAT livechat|1")]
    # four parts can only be an Open Lines session
    assert refs(["telegrambot|2|209607941|744"]) == [(1, "LINES telegrambot|2|209607941|744")]


def test_bare_number_needs_crm_kind() -> None:
    assert refs(["13\n", "0014\n"], default_type="CRM", crm_kind="lead") == [
        (1, "CRM LEAD|13"),
        (2, "CRM LEAD|14"),
    ]
    assert refs(["13\n"], crm_kind="DEAL") == [(1, "CRM DEAL|13")]
    [item] = read_items(["13\n"])
    assert item.ref is None and item.error is not None
    assert "--crm-kind" in str(item.error)
    [item] = read_items(["13\n"], default_type="CRM")
    assert item.ref is None and "--crm-kind" in str(item.error)


def test_crm_kind_and_number_in_two_columns() -> None:
    assert refs(["LEAD,13\n", "DYNAMIC_128,3\n"]) == [(1, "CRM LEAD|13"), (2, "CRM DYNAMIC_128|3")]
    assert refs(["deal;7\n"]) == [(1, "CRM DEAL|7")]


def test_blank_lines_are_not_rows_but_count_as_lines() -> None:
    assert refs(["\n", "CRM,LEAD|1\n", "   \n", ",,\n", "CRM,LEAD|2\n"]) == [
        (2, "CRM LEAD|1"),
        (5, "CRM LEAD|2"),
    ]


def test_invalid_rows_carry_a_reason_and_keep_their_place() -> None:
    items = list(
        read_items(
            ["CRM,LEAD|1\n", "FOO,bar\n", "CRM,LEAD|x\n", "what\n", ",LEAD|3\n", "LINES,a|b\n"]
        )
    )
    assert [i.line for i in items] == [1, 2, 3, 4, 5, 6]
    assert items[0].error is None
    reasons = [str(i.error) for i in items[1:]]
    assert "Unknown entity type 'FOO'" in reasons[0]
    assert "not a CRM entity ID" in reasons[1]
    assert "has no entity type" in reasons[2] and "--type" in reasons[2]
    assert "entity type is empty" in reasons[3]
    assert "four non-empty parts" in reasons[4]
    assert all(isinstance(i.error, InvalidInputError) for i in items[1:])
    assert (items[1].entity_type, items[1].entity_id) == ("FOO", "bar")


def test_extra_columns_are_ignored_so_output_feeds_back_in() -> None:
    out = io.StringIO()
    item = BulkItem.parse(1, "CRM", "LEAD|3")
    write_rows([BulkRow(item, chat_id=7)], out)
    out.seek(0)
    assert refs(list(out)) == [(2, "CRM LEAD|3")]


# -- delimiters, quoting, headers ---------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiters(sep: str) -> None:
    lines = [f"CRM{sep}LEAD|{n}\n" for n in range(1, 4)]
    assert refs(lines) == [(n, f"CRM LEAD|{n}") for n in range(1, 4)]


def test_semicolon_file_with_commas_in_quoted_field() -> None:
    lines = ["entity_type;entity_id;note\n", 'CRM;LEAD|1;"a, b"\n', '"CRM";"LEAD|2";x\n']
    assert refs(lines) == [(2, "CRM LEAD|1"), (3, "CRM LEAD|2")]


def test_quoted_fields_with_pipes_and_commas() -> None:
    lines = [
        '"CRM","LEAD|1"\n',
        '"LINES","telegrambot|2|209607941|744"\n',
        '"LIVECHAT","livechat|1"\n',
    ]
    assert refs(lines) == [
        (1, "CRM LEAD|1"),
        (2, "LINES telegrambot|2|209607941|744"),
        (3, "LIVECHAT livechat|1"),
    ]
    # a quoted comma inside an ID reaches validation intact instead of splitting the row
    [item] = read_items(['CRM,"LEAD|1,2"\n'])
    assert item.entity_id == "LEAD|1,2" and item.ref is None


@pytest.mark.parametrize(
    "header",
    [
        "entity_type,entity_id",
        "ENTITY_TYPE,ENTITY_ID",
        "type,id",
        "Type;Entity ID",
        "entity_id",
        "Тип,Идентификатор",
        "lead_id",
    ],
)
def test_header_row_is_skipped(header: str) -> None:
    sep = ";" if ";" in header else ","
    lines = [header + "\n", f"CRM{sep}LEAD|1\n"]
    if "," not in header and ";" not in header:
        lines = [header + "\n", "LEAD|1\n"]
    assert refs(lines) == [(2, "CRM LEAD|1")]


def test_a_data_row_first_is_not_a_header() -> None:
    assert refs(["CRM,LEAD|1\n", "type,id\n"])[0] == (1, "CRM LEAD|1")
    assert refs(["LEAD|1\n"]) == [(1, "CRM LEAD|1")]
    # only the first row can be a header: later ones are invalid rows, reported
    items = list(read_items(["CRM,LEAD|1\n", "type,id\n"]))
    assert items[1].error is not None


def test_bom_in_text_is_stripped() -> None:
    assert refs(["\ufeffentity_type,entity_id\n", "CRM,LEAD|1\n"]) == [(2, "CRM LEAD|1")]
    assert refs(["\ufeffCRM,LEAD|1\n"]) == [(1, "CRM LEAD|1")]


def test_lines_without_newlines_and_crlf() -> None:
    assert refs(["CRM,LEAD|1", "CRM,LEAD|2"]) == [(1, "CRM LEAD|1"), (2, "CRM LEAD|2")]
    assert refs(["CRM;LEAD|1\r\n", "CRM;LEAD|2\r\n"]) == [(1, "CRM LEAD|1"), (2, "CRM LEAD|2")]


def test_nul_byte_row_is_invalid_not_fatal() -> None:
    items = list(read_items(["CRM,LEAD|1\n", "CRM,LE\0AD|2\n", "CRM,LEAD|3\n"]))
    assert items[0].ref is not None and items[-1].ref == EntityRef.parse("CRM", "LEAD|3")
    assert any(i.error is not None for i in items[1:-1])


# -- streaming ----------------------------------------------------------------------------


def test_input_is_consumed_lazily() -> None:
    taken = 0

    def endless() -> Iterator[str]:
        nonlocal taken
        for n in itertools.count(1):
            taken += 1
            yield f"CRM,LEAD|{n}\n"

    items = read_items(endless())
    first = list(itertools.islice(items, 5))
    assert [i.ref.id for i in first if i.ref] == [f"LEAD|{n}" for n in range(1, 6)]
    assert taken <= 5 + 20  # the rows sniffed for the delimiter, no more


def test_tracked_gives_back_unanswered_items_in_order() -> None:
    items = [BulkItem.parse(n, "CRM", f"LEAD|{n}") for n in range(1, 8)]
    tracked = Tracked(items)
    it = iter(tracked)
    [next(it) for _ in range(4)]
    tracked.answered(2)
    rows = list(cancelled_rows(tracked.unanswered()))
    assert [r.item.line for r in rows] == [3, 4, 5, 6, 7]
    assert all(isinstance(r.error, CancelledError) and str(r.error) == "cancelled" for r in rows)


# -- encodings ----------------------------------------------------------------------------


def test_decode_head() -> None:
    assert decode_head(b"CRM,LEAD|1\n") == "utf-8"
    assert decode_head(b"\xef\xbb\xbfCRM") == "utf-8-sig"
    assert decode_head("Тип,ИД\n".encode("cp1251")) == "cp1251"
    assert decode_head("\ufeffCRM".encode("utf-16")) == "utf-16"
    # a character cut in two at the chunk's end is still UTF-8
    assert decode_head("Тип".encode()[:-1]) == "utf-8"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_open_text_reads_excel_exports(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "in.csv"
    text = "Тип;Идентификатор\r\nCRM;LEAD|1\r\nCRM;DEAL|2\r\nLINES;телеграм|1|2|3\r\n"
    path.write_bytes(text.encode(encoding))
    with open_text(path) as f:
        items = list(read_items(f))
    assert [i.entity_id for i in items] == ["LEAD|1", "DEAL|2", "телеграм|1|2|3"]
    assert items[0].line == 2


def test_open_text_streams_past_the_head(tmp_path: Path) -> None:
    # a cp1251 byte only after the first 64 KiB: decided as UTF-8, the bad byte is replaced
    path = tmp_path / "big.csv"
    row = b"CRM,LEAD|1\n"
    body = row * (HEAD_BYTES // len(row) + 10) + "CRM,LEAD|\xe9\n".encode("latin-1")
    path.write_bytes(body)
    with open_text(path) as f:
        items = list(read_items(f))
    assert len(items) == HEAD_BYTES // len(row) + 11
    assert items[-1].error is not None and "\ufffd" in items[-1].entity_id
    assert "not UTF-8 text" in str(items[-1].error) and items[-1].ref is None


def test_a_cp1251_row_past_the_head_is_invalid_not_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    row = b"LIVECHAT,3|25\n"
    body = row * (HEAD_BYTES // len(row) + 10) + "LIVECHAT,Тест|1\n".encode("cp1251")
    path.write_bytes(body + row)
    with open_text(path) as f:
        items = list(read_items(f))
    odd = items[-2]
    assert odd.ref is None and odd.error is not None
    assert "not UTF-8 text" in str(odd.error) and "\ufffd" in odd.entity_id
    assert items[-1].ref is not None  # the rows after it are fine


def test_a_cp1251_row_early_leaves_the_utf8_rows_readable(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "TASKS,задача-1\n".encode() + "TASKS,Тест\n".encode("cp1251") + "TASKS,задача-2\n".encode()
    )
    with open_text(path) as f:
        items = list(read_items(f))
    assert [i.entity_id for i in items if i.ref is not None] == ["задача-1", "задача-2"]
    assert items[1].ref is None and "line 2" in str(items[1].error).lower()


def test_a_utf8_row_in_a_cp1251_file_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "TASKS,Тест\n".encode("cp1251") + "TASKS,Ещё\n".encode("cp1251") + "TASKS,вайбер\n".encode()
    )
    with open_text(path) as f:
        items = list(read_items(f))
    assert [i.entity_id for i in items[:2]] == ["Тест", "Ещё"]
    assert items[2].ref is None and "not cp1251 (Windows Cyrillic) text" in str(items[2].error)


# -- writing ------------------------------------------------------------------------------


def test_write_rows_format() -> None:
    found = BulkRow(BulkItem.parse(1, "CRM", "LEAD|1"), chat_id=1001)
    none = BulkRow(BulkItem.parse(2, "LINES", "telegrambot|2|209607941|744"))
    bad = BulkRow(BulkItem.parse(3, "FOO", "x"), error=InvalidInputError('Unknown, "FOO"'))
    out = io.StringIO()
    assert write_rows([found, none, bad], out) == 3
    assert out.getvalue().splitlines() == [
        "entity_type,entity_id,chat_id,error",
        "CRM,LEAD|1,1001,",
        "LINES,telegrambot|2|209607941|744,,",
        'FOO,x,,"Unknown, ""FOO"""',
    ]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-cmd", "'-cmd"),
        ("\t=1", "'\t=1"),
        ("-12", "-12"),
        ("-1.5", "-1.5"),
        ("+7 900 101-01-07", "+7 900 101-01-07"),
        ("+7 (495) 123-45-67", "+7 (495) 123-45-67"),
        ("+7+HYPERLINK()", "'+7+HYPERLINK()"),
        ("+1", "'+1"),
        ("LEAD|1", "LEAD|1"),
        ("a=b", "a=b"),
        ("", ""),
        ("x\x00y", "x\ufffdy"),
        ("\x1b[31m", "\ufffd[31m"),
        ("\x7f\x85", "\ufffd\ufffd"),
        ("=\x00", "'=\ufffd"),
    ],
)
def test_safe_cell(cell: str, written: str) -> None:
    assert safe_cell(cell) == written


def test_echoed_bad_input_is_written_safely() -> None:
    items = list(read_items(['CRM,=HYPERLINK("http://evil")', "@cmd,x\x00y", "CRM,LEAD|1"]))
    rows = [
        BulkRow(item, error=item.error) if item.error else BulkRow(item, chat_id=1001)
        for item in items
    ]
    out = io.StringIO()
    write_rows(rows, out)
    text = out.getvalue()
    assert "\x00" not in text and "\ufffd" in text
    cells = [line.split(",")[:2] for line in text.splitlines()[1:]]
    assert cells[0][1].startswith("\"'=HYPERLINK") and cells[1][0] == "'@cmd"
    assert cells[2] == ["CRM", "LEAD|1"]  # a valid row is untouched
    for line in text.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "@")), line


def test_row_writer_counts() -> None:
    out = io.StringIO()
    writer = RowWriter(out)
    writer.write_all(BulkRow(BulkItem.parse(n, "CRM", f"LEAD|{n}")) for n in range(1, 4))
    assert writer.rows == 3 and len(out.getvalue().splitlines()) == 4


# -- tally --------------------------------------------------------------------------------


def _row(error: Exception | None = None, chat: int | None = None) -> BulkRow:
    return BulkRow(BulkItem.parse(1, "CRM", "LEAD|1"), chat_id=chat, error=error)  # type: ignore[arg-type]


def test_tally_exit_codes() -> None:
    tally = BulkTally()
    for row in (_row(chat=5), _row()):
        tally.add(row)
    assert tally.exit_code == 0 and (tally.found, tally.no_chat) == (1, 1)
    tally.add(_row(InvalidInputError("bad")))
    assert tally.exit_code == 2
    tally.add(_row(AuthError("no")))
    assert tally.exit_code == 3
    tally.add(_row(NetworkError("down")))
    assert tally.exit_code == 4
    assert tally.summary() == "5 rows: 1 found, 1 no chat, 1 invalid, 2 failed"
    assert isinstance(tally.first_error, AuthError)
