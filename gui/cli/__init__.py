"""``b24chat``: the chat behind a Bitrix24 entity, from a terminal, with exit codes scripts use.

Commands: ``lookup`` one entity (``--details``: its chat card), ``info`` chat → entity,
``bulk`` a CSV, ``demo-server`` a local demo portal, ``config``
the settings shared with the desktop app. Errors are one sentence on stderr, never a traceback,
never the webhook token. This module parses the command line and hands it to its command.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from types import FrameType

from gui.bitrix.errors import EXIT_INVALID, BitrixError
from gui.cli.bulk import bulk_rows, cmd_bulk
from gui.cli.config import cmd_config
from gui.cli.demo_server import cmd_demo_server
from gui.cli.details import cmd_info
from gui.cli.link_args import check_lookup_arguments
from gui.cli.lookup import cmd_lookup
from gui.cli.parser import build_parser
from gui.cli.progress import ProgressLine
from gui.cli.terminal import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    fail,
    say,
    setup_logging,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "ProgressLine",
    "build_parser",
    "bulk_rows",
    "main",
]

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "lookup": cmd_lookup,
    "info": cmd_info,
    "bulk": cmd_bulk,
    "demo-server": cmd_demo_server,
    "config": cmd_config,
}


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM unwinds like an exception, so every ``with`` cleans up (temp files go) and the
    exit code is 143; ``bulk`` installs its own handler that still writes every row."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(EXIT_TERMINATED)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: the default stays
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "lookup":
            check_lookup_arguments(parser, args)
    except SystemExit as exc:  # usage errors are exit 2, --help and --version 0
        return exc.code if isinstance(exc.code, int) else EXIT_INVALID
    if args.command is None:  # a bare `b24chat`: say what it can do rather than complain
        parser.print_help(sys.stderr)  # stderr, as for any usage error: stdout is for answers
        return EXIT_INVALID
    setup_logging(args.verbose)
    try:
        with _terminate_cleanly():
            return _COMMANDS[args.command](args)
    except BitrixError as exc:
        return fail(exc)
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `b24chat bulk … | head`: the reader left, not an error of ours
        # Python's flush at exit would hit the closed pipe again and print "Exception
        # ignored"; point stdout at devnull, as the signal module's documentation advises.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug of ours: never exit 1, which scripts read as "no chat"
        logging.getLogger("b24chat").debug("unexpected error", exc_info=True)
        say(
            f"unexpected error ({type(exc).__name__}); run again with -vv for details, and "
            "please report it"
        )
        return EXIT_INTERNAL
