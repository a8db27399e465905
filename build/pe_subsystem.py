"""Is a Windows .exe a ``console`` or a ``windowed`` program? ``python build/pe_subsystem.py EXE``

The PE header's Subsystem field decides whether Windows gives the program a console, and so
whether cmd and PowerShell see its output and wait for its exit code. CI checks both programs.
"""

from __future__ import annotations

import sys
from pathlib import Path

SUBSYSTEMS = {2: "windowed", 3: "console"}  # IMAGE_SUBSYSTEM_WINDOWS_GUI / _CUI
_HEADER_BYTES = 4096  # the DOS stub, PE signature and optional header all sit in the first page
_SUBSYSTEM_OFFSET = 68  # into the optional header, the same for PE32 and PE32+


def subsystem(path: Path) -> str:
    """``console``, ``windowed``, or ``subsystem N``; ValueError when it is no PE file."""
    with path.open("rb") as exe:
        header = exe.read(_HEADER_BYTES)
    if header[:2] != b"MZ" or len(header) < 0x40:
        raise ValueError(f"{path} is not a Windows executable (no MZ header)")
    pe = int.from_bytes(header[0x3C:0x40], "little")
    field = pe + 4 + 20 + _SUBSYSTEM_OFFSET  # signature, file header, then the optional header
    if header[pe : pe + 4] != b"PE\0\0" or field + 2 > len(header):
        raise ValueError(f"{path} is not a Windows executable (no PE header)")
    value = int.from_bytes(header[field : field + 2], "little")
    return SUBSYSTEMS.get(value, f"subsystem {value}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python build/pe_subsystem.py EXE", file=sys.stderr)
        return 2
    try:
        print(subsystem(Path(argv[0])))
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
