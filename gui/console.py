"""Which entry a process is: the window, or the ``b24chat`` command line (no Qt here).

On Windows the bundle holds two executables (build/bundle_rules.py): the windowed
``b24-chat-lookup.exe`` and the console ``b24chat.exe``. A windowed .exe has no stdout and
cmd/PowerShell do not wait for it, so neither output nor exit code would reach the terminal;
the console one is ``b24chat`` whatever its arguments.
"""

from __future__ import annotations

import os
import sys
from pathlib import PurePosixPath, PureWindowsPath

# A first argument naming one of these runs the `b24chat` command line instead of the window.
CLI_COMMANDS = frozenset({"lookup", "bulk", "config", "demo-server"})
CLI_PROGRAM = "b24chat"  # keep in step with bundle_rules.CLI_PROGRAM


def program_name(executable: str) -> str:
    """The executable's name as the OS compares it: ``B24CHAT.EXE`` is ``b24chat`` on Windows."""
    if sys.platform == "win32":
        return PureWindowsPath(executable).stem.casefold()
    return PurePosixPath(executable).name


def runs_command_line(arguments: list[str], executable: str | None = None) -> bool:
    """True for a ``b24chat`` command as the first argument, or in the frozen console
    executable named ``b24chat`` (``executable`` stands in for ``sys.executable`` in tests)."""
    if arguments and arguments[0] in CLI_COMMANDS:
        return True
    if executable is None:
        if not getattr(sys, "frozen", False):
            return False  # from source, sys.executable is python itself
        executable = sys.executable
    return program_name(executable) == CLI_PROGRAM


def give_commands_std_streams() -> None:
    """The windowed .exe starts with sys.stdout/stderr None (as pythonw does): a command run
    there then writes into nothing instead of crashing into PyInstaller's traceback dialog."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
