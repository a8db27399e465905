"""What the CLI tells the user on stderr: one sentence per problem, logs without the token."""

from __future__ import annotations

import logging
import sys

from gui.bitrix.errors import BitrixError
from gui.bitrix.webhook import EXAMPLE, WebhookUrl
from gui.store.logs import RedactingFilter, redact

EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl+C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cmd | head` shows for a reader that left
EXIT_INTERNAL = 70  # sysexits' EX_SOFTWARE: a bug of ours, never 1 ("no chat")
EXIT_TERMINATED = 143  # 128 + SIGTERM: what `timeout`, systemd and docker expect


def setup_logging(verbose: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())  # no record leaves with the token in it
    handler.setFormatter(logging.Formatter("b24chat: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_b24chat", False)]
    handler._b24chat = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    # httpx logs each request URL, and the URL holds the token
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose > 2 else logging.WARNING)
    if not verbose:  # the commands say the settings' warnings themselves: no record repeats one
        handler.addFilter(_not_settings_warnings)


def _not_settings_warnings(record: logging.LogRecord) -> bool:
    # On the CLI's own handler, not the logger: other handlers (the app's log file) keep them.
    return record.name != "gui.store.settings" or record.levelno >= logging.ERROR


def say(message: str) -> None:
    """One line on stderr, through the token redactor whatever it holds."""
    shown = redact(message.replace(EXAMPLE, "\0")).replace("\0", EXAMPLE)  # the example stays
    print(f"b24chat: {shown}", file=sys.stderr, flush=True)


def fail(error: BitrixError, webhook: WebhookUrl | None = None) -> int:
    text = str(error)
    if webhook is not None:
        text = webhook.redact(text)
    say(text)
    return error.exit_code
