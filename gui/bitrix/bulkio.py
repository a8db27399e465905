"""Bulk input: text rows (CSV, TSV, pasted lines) in any encoding an export has, read as a
table of cells.

Shared by the ``b24chat bulk`` command and the desktop app's Bulk view, so it is Qt-free and
streams: a 100,000-row file is read, looked up and written a batch at a time, never held whole.
Rows become items in :mod:`.bulk_items`; workbooks are read by :mod:`.workbook`, files with
their own columns by :mod:`.bulk_columns`, and output is written by :mod:`.bulk_write`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import IO, Any, BinaryIO, NamedTuple, TextIO, cast

from .wording import Phrase, phrase

HEAD_BYTES = 64 * 1024  # how much of a file decides its encoding
SNIFF_LINES = 20  # rows the delimiter is guessed from
DELIMITERS = ",;\t"
NOT_CSV = phrase("Line {line} is not readable as CSV ({reason}): fix or remove it")
NOT_DECODABLE = phrase(
    "Line {line} is not {encoding} text like the rest of the file, so it was not sent: save "
    "the whole file in one encoding (UTF-8)"
)


class SourceRow(NamedTuple):
    """One non-blank row of a table: its 1-based line (or sheet row) and its cells, stripped,
    trailing empty ones dropped; ``problem`` says why a row could not be read at all."""

    line: int
    cells: tuple[str, ...]
    problem: str | None = None


def _nothing() -> None:
    return None


@dataclass
class Table:
    """A CSV text or a workbook sheet, row by row; ``delimiter`` is the one its CSV used.
    As a context manager it closes the file it reads."""

    rows: Iterator[SourceRow]
    delimiter: str = ","
    close: Callable[[], object] = _nothing
    workbook: bool = False

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- reading ------------------------------------------------------------------------------


def csv_table(lines: Iterable[str]) -> Table:
    """Text rows as a table: comma, semicolon or tab separated (guessed from the first rows),
    quoted fields, a BOM at the start; blank lines are not rows. A row with bytes its file's
    encoding does not decode is a row with a problem (its cells shown with U+FFFD)."""
    encoding = _ENCODING_NAMES.get(str(getattr(lines, "encoding", "")), "UTF-8")
    source = iter(lines)
    head = _strip_bom([line for _, line in zip(range(SNIFF_LINES), source, strict=False)])
    delimiter = _sniff_delimiter(head)
    reader = csv.reader(chain(head, source), delimiter=delimiter)
    return Table(_csv_rows(reader, encoding), delimiter)


def _csv_rows(reader: Any, encoding: str) -> Iterator[SourceRow]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a NUL byte, an over-long field: this row only
            line = str(reader.line_num)
            yield SourceRow(reader.line_num, (), Phrase(NOT_CSV, line=line, reason=str(exc)))
            continue
        cells = trimmed(row)
        if not cells:
            continue  # a blank line (or only delimiters) is not a row
        if any(_UNDECODED.search(cell) for cell in cells):
            shown = tuple(_UNDECODED.sub("\ufffd", cell) for cell in cells)  # printable anywhere
            reason = Phrase(NOT_DECODABLE, line=str(reader.line_num), encoding=encoding)
            yield SourceRow(reader.line_num, shown, reason)
            continue
        yield SourceRow(reader.line_num, cells)


def trimmed(cells: Iterable[str]) -> tuple[str, ...]:
    """Cells stripped, the empty ones at the end dropped."""
    stripped = [cell.strip() for cell in cells]
    while stripped and not stripped[-1]:
        stripped.pop()
    return tuple(stripped)


def _strip_bom(head: list[str]) -> list[str]:
    if head and head[0].startswith("\ufeff"):
        head[0] = head[0][1:]
    return head


def _sniff_delimiter(head: list[str]) -> str:
    sample = "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in head)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or nothing to go on
        return ","
    return delimiter if delimiter in DELIMITERS and delimiter in sample else ","


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1251": "cp1251 (Windows Cyrillic)", "utf-16": "UTF-16"}
# Bytes the file's encoding could not decode, kept as lone surrogates (surrogateescape).
_UNDECODED = re.compile("[\udc80-\udcff]")


# -- encodings ----------------------------------------------------------------------------


def decode_head(head: bytes) -> str:
    """The encoding of a file from its first bytes: UTF-8 (BOM or not), UTF-16 with a BOM
    (Excel's "Unicode text"), else cp1251 (Russian Excel exports). A head mixing UTF-8 rows
    with undecodable ones is what most of its lines are: the odd rows are the ones refused."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    lines = head.split(b"\n")
    utf8 = broken = 0
    for number, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            # final=False on the last piece: a character cut in two at the chunk's end is fine
            codecs.getincrementaldecoder("utf-8")().decode(line, final=number < len(lines) - 1)
        except UnicodeDecodeError:
            broken += 1
        else:
            utf8 += 1
    return "cp1251" if broken > utf8 else "utf-8"


def decode_line(line: bytes, encoding: str) -> str:
    """One line in the file's encoding; bytes that do not belong to it come back as lone
    surrogates (surrogateescape), which make the row invalid. In a cp1251 file a line that is
    valid UTF-8 is the odd one out too: decoded as cp1251 it would be sent as mojibake."""
    if encoding == "cp1251" and not line.isascii() and _is_utf8(line):
        return line.decode("ascii", "surrogateescape")
    return line.decode(encoding, "surrogateescape")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _DecodedLines(io.TextIOBase):
    """A byte stream read line by line, each line decoded on its own (see decode_line)."""

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self._raw = raw
        self._encoding = encoding

    @property  # read_items names it in an undecodable row's reason
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return decode_line(self._raw.readline(), self._encoding)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()
        super().close()


class _Rejoined(io.RawIOBase):
    """The head already read, then the rest of the stream: so stdin can be sniffed too."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._rest.close()
        super().close()


def text_stream(binary: BinaryIO | IO[bytes]) -> TextIO:
    """Decode a byte stream whose encoding is guessed from its first 64 KiB; the rest streams.
    A line that does not decode in that encoding becomes an invalid row, never a lookup."""
    head = _read_head(binary)
    encoding = decode_head(head)
    raw = io.BufferedReader(_Rejoined(head, binary))
    if encoding == "utf-16":  # lines are not split on the byte 0x0A in UTF-16
        return io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
    return cast(TextIO, _DecodedLines(raw, "utf-8" if encoding == "utf-8-sig" else encoding))


def _read_head(binary: IO[bytes]) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < HEAD_BYTES:
        chunk = binary.read(HEAD_BYTES - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def open_text(path: str | os.PathLike[str]) -> TextIO:
    """Open an input file (``-`` is stdin) as text in its detected encoding."""
    if str(path) == "-":
        return text_stream(sys.stdin.buffer)
    return text_stream(open(path, "rb"))  # the text stream owns and closes it


def count_lines(path: str | os.PathLike[str]) -> int:
    """Non-blank lines of a file, counted in bytes without decoding: a progress bar's total."""
    count = 0
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                count += 1
    return count
