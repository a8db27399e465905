"""``b24chat bulk`` on the files admins have: a Bitrix24 CRM export (cp1251, ``;``) read from its
ID column, Excel workbooks in and out, against a real local portal."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from gui.cli import main
from gui.demo.crm_export import LEAD_COLUMNS, lead_rows, write_lead_export
from gui.demo.emulator import PortalEmulator, sample_chats

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--rate", "100", "--burst", "100"]
SAMPLE = sample_chats()


@pytest.fixture(autouse=True)
def isolated(cli_home: Path) -> Path:
    return cli_home  # tests/conftest.py: own home, no keyring, logging restored


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(rate=100, burst=100, chats=SAMPLE) as emulator:
        yield emulator


def chat_of_lead(number: str) -> str:
    chat = SAMPLE.get(("CRM", f"LEAD|{number}"))
    return "" if chat is None else str(chat)


def test_a_crm_export_keeps_its_columns_and_delimiter(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = write_lead_export(tmp_path / "leads.csv", 14), tmp_path / "out.csv"
    args = ["bulk", str(source), "--id-column", "ID", "--crm-kind", "LEAD", "-o", str(out)]
    assert main([*args, "--webhook", portal.webhook_url, *FAST]) == 0
    assert "14 rows: 12 found, 2 no chat" in capsys.readouterr().err
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # the CLI writes plain UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=";"))
    assert rows[0] == [*LEAD_COLUMNS, "chat_id", "error"]
    for given, written in zip(lead_rows(14)[1:], rows[1:], strict=True):
        assert written == [*given, chat_of_lead(given[0]), ""]


def test_id_column_by_number_to_stdout_has_no_bom(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lead_export(tmp_path / "leads.csv", 3)
    args = ["bulk", str(source), "--id-column", "1", "--crm-kind", "lead"]
    assert main([*args, "--webhook", portal.webhook_url, *FAST]) == 0
    text = capsys.readouterr().out
    assert text.startswith("ID;Название лида;")
    assert text.splitlines()[1].endswith(";1001;")


def test_without_a_crm_kind_the_message_names_the_flag(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lead_export(tmp_path / "leads.csv", 2)
    assert main(["bulk", str(source), "--id-column", "ID", "--webhook", portal.webhook_url]) == 2
    out = capsys.readouterr().out
    assert out.count("--crm-kind LEAD") == 2
    assert portal.stats.snapshot().requests == 0  # invalid rows are never sent


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--id-column", "Телефон"], "--id-column: There is no column 'Телефон': the columns are"),
        (["--id-column", "20"], "There is no column 20: the rows have 9 columns"),
        (["--sheet", "Лиды"], "--sheet is for Excel workbooks"),
    ],
)
def test_bad_column_or_sheet_exits_2_naming_what_there_is(
    tmp_path: Path,
    portal: PortalEmulator,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    words: str,
) -> None:
    source = write_lead_export(tmp_path / "leads.csv", 2)
    assert main(["bulk", str(source), *extra, "--webhook", portal.webhook_url]) == 2
    assert words in capsys.readouterr().err
    assert portal.stats.snapshot().requests == 0


def test_xlsx_in_and_out(tmp_path: Path, portal: PortalEmulator) -> None:
    source = tmp_path / "leads.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["Другое"])
    sheet = book.create_sheet("Лиды")
    for row in lead_rows(8):
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
    book.save(source)
    out = tmp_path / "out.xlsx"
    args = ["bulk", str(source), "--sheet", "лиды", "--id-column", "ID", "--crm-kind", "LEAD"]
    assert main([*args, "-o", str(out), "--webhook", portal.webhook_url, *FAST]) == 0
    written = openpyxl.load_workbook(out).worksheets[0]
    values = [[cell.value for cell in row] for row in written.iter_rows()]
    assert values[0] == [*LEAD_COLUMNS, "chat_id", "error"]
    assert [row[0] for row in values[1:]] == list(range(1, 9))
    assert [row[-2] for row in values[1:]] == [
        SAMPLE.get(("CRM", f"LEAD|{n}")) for n in range(1, 9)
    ]
    assert values[1][1:3] == lead_rows(1)[1][1:3]


def test_classic_rows_to_xlsx(tmp_path: Path, portal: PortalEmulator) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "OUT.XLSX"
    source.write_text("CRM,LEAD|1\nLEAD|7\nFOO,bar\n", encoding="utf-8")
    assert main(["bulk", str(source), "-o", str(out), "--webhook", portal.webhook_url]) == 2
    values = [[c.value for c in row] for row in openpyxl.load_workbook(out).worksheets[0].rows]
    assert values[0] == ["entity_type", "entity_id", "chat_id", "error"]
    assert values[1][:3] == ["CRM", "LEAD|1", 1001] and values[2][2] is None
    assert "Unknown entity type" in str(values[3][3])


def test_the_console_script_reads_a_crm_export(tmp_path: Path, portal: PortalEmulator) -> None:
    source = write_lead_export(tmp_path / "leads.csv", 7)
    env = {k: v for k, v in os.environ.items() if k != "B24_WEBHOOK_URL"}
    env.update(B24CHAT_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    args = ["bulk", str(source), "--id-column", "ID", "--crm-kind", "LEAD"]
    done = subprocess.run(
        [sys.executable, "-m", "gui.cli", *args, "--webhook", portal.webhook_url],
        capture_output=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines[7] == ";".join([*lead_rows(7)[7], "", ""])  # LEAD|7 has no chat
    assert len(lines) == 8


def test_id_column_with_details_adds_them_after_chat_id_and_error(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui.bitrix.bulk_details import DETAIL_COLUMNS

    source = write_lead_export(tmp_path / "leads.csv", 2)
    args = ["bulk", str(source), "--id-column", "ID", "--crm-kind", "LEAD", "--details"]
    assert main([*args, "--webhook", portal.webhook_url, *FAST]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0] == [*LEAD_COLUMNS, "chat_id", "error", *DETAIL_COLUMNS]
    assert rows[1][: len(LEAD_COLUMNS) + 1] == [*lead_rows(1)[1], "1001"]
    assert len(rows[1]) == len(rows[0])


def test_a_crm_export_without_id_column_says_how_to_read_it(
    tmp_path: Path, portal: PortalEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_lead_export(tmp_path / "leads.csv", 3)
    assert main(["bulk", str(source), "--webhook", portal.webhook_url]) == 2
    err = capsys.readouterr().err
    assert "3 rows: 0 found, 0 no chat, 3 invalid" in err
    assert "read its IDs with --id-column 'ID' --crm-kind LEAD" in err
    assert portal.stats.snapshot().requests == 0
    classic = tmp_path / "rows.csv"
    classic.write_text("entity_type,entity_id\nCRM,LEAD|x\n", encoding="utf-8")
    assert main(["bulk", str(classic), "--webhook", portal.webhook_url]) == 2
    assert "--id-column" not in capsys.readouterr().err  # a file of type and ID columns
