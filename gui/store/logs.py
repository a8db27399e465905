"""Logging to ``paths.log_file``, with a filter that removes webhook tokens from every record."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from typing import Any

from gui.store.paths import AppPaths
from gui.store.user_files import private_folder

# /rest/<user id>/<token>/ — the token is the only secret a log line could carry.
_WEBHOOK_TOKEN = re.compile(r"(/rest/\d+/)[A-Za-z0-9_\-]{4,128}")
_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def redact(text: str) -> str:
    return _WEBHOOK_TOKEN.sub(r"\1****", text)


class RedactingFilter(logging.Filter):
    """Formats the message once, redacted, so arguments can't smuggle a token in; the
    traceback and stack text too. The one token filter: the app's log file and the CLI."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record.msg, record.args = message, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the rotated ones too) is created 0600."""

    def _open(self) -> Any:
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        return super()._open()


def setup_logging(paths: AppPaths, *, level: int = logging.INFO) -> logging.Handler | None:
    """Log to a rotating file; when the folder can't be written, log nowhere rather than fail."""
    try:
        private_folder(paths.log_dir)
        handler: logging.Handler = PrivateRotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
