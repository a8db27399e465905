"""A bulk input file as text: its encoding guessed from its head, then decoded line by line.

UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode text") or cp1251 (Russian Excel
exports). A line that does not decode in the file's encoding keeps its odd bytes as lone
surrogates (surrogateescape), so the reader can refuse that row, never send it as mojibake.
Standard input works too: its head is read, then put back in front of the rest.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from typing import IO, BinaryIO, TextIO, cast

HEAD_BYTES = 64 * 1024  # how much of a file decides its encoding


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
