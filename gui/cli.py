"""``b24chat``: the chat behind a Bitrix24 entity, from a terminal, with exit codes scripts use.

Commands: ``lookup`` one entity, ``bulk`` a CSV, ``demo-server`` a local demo portal, ``config``
the settings shared with the desktop app. Errors are one sentence on stderr, never a traceback,
never the webhook token.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from types import FrameType
from typing import Any, TextIO

from gui import __version__
from gui.bitrix.bulk import BulkRow, lookup_many
from gui.bitrix.bulkio import (
    BulkTally,
    RowWriter,
    Tracked,
    atomic_output,
    cancelled_rows,
    count_lines,
    open_text,
    read_items,
)
from gui.bitrix.client import BitrixClient, ClientConfig, ClientEvent
from gui.bitrix.entities import EntityRef, EntityType
from gui.bitrix.errors import (
    EXIT_FOUND,
    EXIT_INVALID,
    EXIT_NO_CHAT,
    EXIT_REFUSED,
    BitrixError,
    InvalidInputError,
)
from gui.bitrix.webhook import EXAMPLE, WebhookUrl

log = logging.getLogger("b24chat")

EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl+C
WEBHOOK_ENV = "B24_WEBHOOK_URL"
MAX_RATE = 1000.0  # flags allow more than Settings (Enterprise plans, the local emulator)
MAX_BURST = 1000
MAX_TIMEOUT = 300.0

_EXIT_CODES = f"""\
exit codes:
  {EXIT_FOUND}  found (bulk: every row was looked up, found or no chat)
  {EXIT_NO_CHAT}  the entity has no chat (lookup only)
  {EXIT_INVALID}  invalid input or usage, nothing sent (bulk: only invalid rows failed)
  {EXIT_REFUSED}  the portal refused: webhook rejected, missing scope, unknown method, REST error
  4  network failure, rate limit or a bad answer, after retries
  {EXIT_INTERRUPTED}  interrupted (Ctrl+C); bulk still writes every row, the rest as "cancelled"
bulk exits with the highest portal/network code (3 or 4) found among its rows.

the webhook comes from --webhook, else ${WEBHOOK_ENV}, else the saved settings (b24chat config).
"""


def _worst_case_text() -> str:
    config = ClientConfig()
    return (f"With the default {config.timeout:g} s, one lookup takes at most about "
            f"{math.ceil(config.worst_case_seconds())} s ({config.max_attempts} attempts, "
            "backoff, and a wait for an operation-limit reset), plus rate-limit pacing.")


# -- arguments ----------------------------------------------------------------------------


def _positive(name: str, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {text!r}") from None
        if not (math.isfinite(value) and 0 < value <= high):
            raise argparse.ArgumentTypeError(f"{name} must be above 0 and at most {high:g}")
        return value

    return parse


def _burst(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"burst must be a whole number, not {text!r}") from None
    if not 1 <= value <= MAX_BURST:
        raise argparse.ArgumentTypeError(f"burst must be from 1 to {MAX_BURST}")
    return value


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--webhook", metavar="URL",
                        help=f"the portal's incoming webhook, like {EXAMPLE}")
    _add_pacing(parser)


def _add_pacing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rate", type=_positive("rate", MAX_RATE), metavar="R",
                        help="requests per second (default: saved settings, else 2)")
    parser.add_argument("--burst", type=_burst, metavar="B",
                        help="requests allowed at once before pacing (default: saved, else 50)")
    parser.add_argument("--timeout", type=_positive("timeout", MAX_TIMEOUT), metavar="SECONDS",
                        help="bound of each HTTP request (default: saved, else 15). "
                             + _worst_case_text())


def _with_verbose(
    add_parser: Callable[..., argparse.ArgumentParser],
) -> Callable[..., argparse.ArgumentParser]:
    """-v works after the command too (``b24chat lookup … -v``); SUPPRESS keeps the top one."""

    def add(*args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        sub = add_parser(*args, **kwargs)
        sub.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                         help="log to stderr (-vv for more); the token is never logged")
        return sub

    return add


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24chat",
        description="Find the Bitrix24 chat behind a CRM entity, an Open Lines session or a "
                    "live chat (REST im.chat.get through an incoming webhook).",
        epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log to stderr (-vv for more); the token is never logged")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.add_parser = _with_verbose(commands.add_parser)  # type: ignore[method-assign]

    lookup = commands.add_parser(
        "lookup", help="the chat ID of one entity",
        description="Print the chat ID of one entity on stdout, e.g. "
                    "b24chat lookup CRM 'LEAD|13'.",
        epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    lookup.add_argument("entity_type", metavar="TYPE", help="CRM, LINES, LIVECHAT, …")
    lookup.add_argument("entity_id", metavar="ENTITY_ID",
                        help="LEAD|13, telegrambot|2|209607941|744, livechat|1, …")
    lookup.add_argument("--json", action="store_true",
                        help='print {"entity_type", "entity_id", "chat_id"} instead')
    _add_connection(lookup)

    bulk = commands.add_parser(
        "bulk", help="the chat IDs of every row of a CSV",
        description="Look up every row of IN (a CSV; - for stdin) and write "
                    "entity_type,entity_id,chat_id,error rows, one per input row, in order. "
                    "Rows: CRM,LEAD|13 or LEAD|13 or 13 (with --crm-kind); comma, semicolon "
                    "or tab separated; a header row is skipped; UTF-8 or cp1251.",
        epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    bulk.add_argument("input", metavar="IN", help="the input CSV, or - for stdin")
    bulk.add_argument("-o", "--output", metavar="OUT",
                      help="write here (all or nothing) instead of stdout")
    bulk.add_argument("--type", dest="entity_type", metavar="TYPE",
                      help="entity type of rows that give only an ID")
    bulk.add_argument("--crm-kind", metavar="KIND",
                      help="CRM kind of rows that are a bare number, e.g. LEAD")
    _add_connection(bulk)

    demo = commands.add_parser(
        "demo-server", help="run a local demo portal and print its webhook URL",
        description="Serve a demo Bitrix24 portal on 127.0.0.1 until Ctrl+C; its webhook URL "
                    "is the first line on stdout. Try: b24chat lookup CRM 'LEAD|1' --webhook URL")
    demo.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    demo.add_argument("--rate", type=_positive("rate", MAX_RATE), default=2.0, metavar="R")
    demo.add_argument("--burst", type=_burst, default=50, metavar="B")

    config = commands.add_parser(
        "config", help="save or show the settings shared with the desktop app",
        description="Validate and save settings (the same ones the desktop app uses). The "
                    "token goes to the system keyring when one works, else into the settings "
                    "file, readable only by you. Without options: show them.")
    config.add_argument("--show", action="store_true", help="print the settings (token hidden)")
    config.add_argument("--webhook", metavar="URL", help="the webhook to save ('' to forget it)")
    config.add_argument("--rate", type=float, metavar="R")
    config.add_argument("--burst", type=int, metavar="B")
    config.add_argument("--timeout", type=float, metavar="SECONDS")
    config.add_argument("--proxy", metavar="system|none|URL")
    config.add_argument("--ca-bundle", metavar="PATH", help="a PEM file ('' for the system's)")
    return parser


# -- output helpers -----------------------------------------------------------------------


class _Redactor(logging.Filter):
    """Belt and braces: no log record leaves with the token in it."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.tokens:
            text = record.getMessage()
            for token in self.tokens:
                text = text.replace(token, "****")
            record.msg, record.args = text, None
        return True


_REDACTOR = _Redactor()


def _setup_logging(verbose: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_REDACTOR)
    handler.setFormatter(logging.Formatter("b24chat: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_b24chat", False)]
    handler._b24chat = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    # httpx logs each request URL, and the URL holds the token
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose > 2 else logging.WARNING)


def _say(message: str) -> None:
    print(f"b24chat: {message}", file=sys.stderr, flush=True)


def _fail(error: BitrixError, webhook: WebhookUrl | None = None) -> int:
    text = str(error)
    if webhook is not None:
        text = webhook.redact(text)
    _say(text)
    return error.exit_code


# -- connection ---------------------------------------------------------------------------


def _load_settings(need_token: bool) -> tuple[Any, list[str]]:
    """The saved settings; the token store is touched only when the token is needed."""
    from gui.paths import detect_paths
    from gui.secrets import FileTokenStore
    from gui.settings import SettingsStore

    paths = detect_paths()
    store = SettingsStore(paths) if need_token else SettingsStore(paths, FileTokenStore())
    result = store.load()
    return result.settings, list(result.warnings)


def _connect(args: argparse.Namespace) -> tuple[WebhookUrl, ClientConfig]:
    """Webhook and client settings from flags, environment and saved settings (that order)."""
    url = (args.webhook or "").strip() or os.environ.get(WEBHOOK_ENV, "").strip()
    settings, warnings = _load_settings(need_token=not url)
    if not url:
        url = settings.webhook_url.strip()
        for warning in warnings:
            _say(warning)
    if not url:
        raise InvalidInputError(
            f"No webhook URL: pass --webhook {EXAMPLE}, set {WEBHOOK_ENV}, or save one with "
            "b24chat config --webhook URL")
    webhook = WebhookUrl.parse(url)
    _REDACTOR.tokens.add(webhook.token)
    proxy = {"system": None, "none": ""}.get(settings.proxy_mode, settings.proxy_url)
    config = ClientConfig(
        rate=args.rate if args.rate is not None else float(settings.rate),
        burst=args.burst if args.burst is not None else int(settings.burst),
        timeout=args.timeout if args.timeout is not None else float(settings.timeout),
        proxy=proxy, ca_bundle=settings.ca_bundle)
    log.info("Portal %s, %g requests/s, burst %d, timeout %g s", webhook.redacted(),
             config.rate, config.burst, config.timeout)
    return webhook, config


def _log_event(event: ClientEvent) -> None:
    if event.kind == "retrying":
        log.info("Retrying in %.1f s (%s, attempt %d)", event.seconds, event.reason,
                 event.attempt)
    else:
        log.debug("Waiting %.2f s for the rate limit", event.seconds)


# -- lookup -------------------------------------------------------------------------------


def cmd_lookup(args: argparse.Namespace) -> int:
    ref = EntityRef.parse(args.entity_type, args.entity_id)  # before anything is sent
    webhook, config = _connect(args)
    with BitrixClient(webhook, config, on_event=_log_event) as client:
        try:
            chat_id = client.chat_id(ref)
        except BitrixError as exc:
            return _fail(exc, webhook)
    if args.json:
        print(json.dumps({"entity_type": ref.type.value, "entity_id": ref.id,
                          "chat_id": chat_id}, ensure_ascii=False))
    elif chat_id is not None:
        print(chat_id)
    else:
        _say(f"{ref} has no chat")
    return EXIT_FOUND if chat_id is not None else EXIT_NO_CHAT


# -- bulk ---------------------------------------------------------------------------------


class ProgressLine:
    """rows done/total, rate and ETA on one ``\\r`` line of stderr (a terminal only)."""

    def __init__(self, stream: TextIO, total: int | None, *, clock: Callable[[], float]
                 = time.monotonic) -> None:
        self.stream = stream
        self.total = total
        self.clock = clock
        self.started = clock()
        self.shown_at = -1.0
        self.note = ""

    def show(self, done: int, *, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self.shown_at < 0.1:
            return
        self.shown_at = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        total = max(self.total, done) if self.total is not None else None
        text = f"{done:,}/{total:,} rows" if total is not None else f"{done:,} rows"
        text += f"  {rate:.1f} rows/s"
        if total is not None and rate > 0 and done < total:
            text += f"  ETA {_duration((total - done) / rate)}"
        if self.note:
            text += f"  ({self.note})"
        self.stream.write(f"\r{text:<72}")
        self.stream.flush()

    def finish(self, done: int) -> None:
        self.note = ""
        self.show(done, force=True)
        self.stream.write("\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _Interrupt:
    """The first Ctrl+C asks the run to stop after the request in flight; the second stops it
    at once (KeyboardInterrupt). Either way every row still gets written."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self._previous: Any = None
        self._installed = False

    def __call__(self) -> bool:
        return self.requested.is_set()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested.is_set():
            raise KeyboardInterrupt
        self.requested.set()
        _say("cancelling after the request in flight (Ctrl+C again to stop now)")

    def __enter__(self) -> _Interrupt:
        with contextlib.suppress(ValueError):  # not the main thread: plain KeyboardInterrupt
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def bulk_rows(
    client: BitrixClient,
    tracked: Tracked,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[BulkRow]]:
    """lookup_many's batches, then, after a cancel or Ctrl+C, every row not looked up as
    "cancelled": one row per input row, in order, whatever happens."""
    try:
        for rows in lookup_many(client, tracked, cancelled=cancelled):
            tracked.answered(len(rows))
            yield rows
    except KeyboardInterrupt:
        pass
    rest = list(cancelled_rows(tracked.pending))  # at most one window
    tracked.pending.clear()
    if rest:
        yield rest
    chunk: list[BulkRow] = []
    for row in cancelled_rows(tracked.source):
        chunk.append(row)
        if len(chunk) >= 1000:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def cmd_bulk(args: argparse.Namespace) -> int:
    default_type = None
    if args.entity_type:
        default_type = EntityType.parse(args.entity_type).value
    crm_kind = (args.crm_kind or "").strip() or None
    if crm_kind is not None and not crm_kind.replace("_", "").isalnum():
        raise InvalidInputError(f"--crm-kind {crm_kind!r} is not a CRM kind: use LEAD, DEAL, "
                                "CONTACT, COMPANY or DYNAMIC_<typeId>")
    if args.input != "-" and not os.path.isfile(args.input):
        raise InvalidInputError(f"The input file {args.input} does not exist")
    if args.output and args.input != "-" and os.path.exists(args.output) and os.path.samefile(
            args.input, args.output):
        raise InvalidInputError("The output file must not be the input file")
    webhook, config = _connect(args)
    try:
        source = open_text(args.input)
    except OSError as exc:
        raise InvalidInputError(
            f"The input file {args.input} could not be read ({exc.strerror})") from None
    progress = None
    if sys.stderr.isatty():
        total = count_lines(args.input) if args.input != "-" else None
        progress = ProgressLine(sys.stderr, total)
    with source, BitrixClient(webhook, config, on_event=_event_sink(progress)) as client, \
            _Interrupt() as interrupt:
        tracked = Tracked(read_items(source, default_type=default_type, crm_kind=crm_kind))
        batches = bulk_rows(client, tracked, cancelled=interrupt)
        try:
            if args.output:
                with atomic_output(args.output) as out:
                    tally = _write(batches, out, progress)
            else:
                tally = _write(batches, sys.stdout, progress)
        except OSError as exc:
            _say(f"The output could not be written ({exc.strerror or exc}): nothing was "
                 "replaced")
            return EXIT_INVALID
    _say(tally.summary())
    if tally.first_error is not None:
        _say(f"first error: {webhook.redact(str(tally.first_error))}")
    if interrupt.requested.is_set() or tally.cancelled:
        return EXIT_INTERRUPTED
    return tally.exit_code


def _event_sink(progress: ProgressLine | None) -> Callable[[ClientEvent], None]:
    def sink(event: ClientEvent) -> None:
        _log_event(event)
        if progress is not None:
            progress.note = (f"retrying in {event.seconds:.0f} s: {event.reason}"
                             if event.kind == "retrying" else "")

    return sink


def _write(batches: Iterator[list[BulkRow]], out: TextIO,
           progress: ProgressLine | None) -> BulkTally:
    writer = RowWriter(out)
    tally = BulkTally()
    for rows in batches:
        for row in rows:
            writer.write(row)
            tally.add(row)
        writer.flush()  # a script reading our stdout sees each batch as it lands
        if progress is not None:
            progress.show(tally.total)
    if progress is not None:
        progress.finish(tally.total)
    return tally


# -- demo-server --------------------------------------------------------------------------


def cmd_demo_server(args: argparse.Namespace) -> int:
    from gui.bitrix.emulator import PortalEmulator, sample_chats

    if not 0 <= args.port <= 65535:
        raise InvalidInputError(f"The port must be from 0 to 65535, not {args.port}")
    stop = threading.Event()
    try:
        portal = PortalEmulator(host="127.0.0.1", port=args.port, rate=args.rate,
                                burst=args.burst, chats=sample_chats())
        portal.start()
    except OSError as exc:
        raise InvalidInputError(
            f"The demo portal could not listen on port {args.port} ({exc.strerror}): "
            "choose another --port, or 0 for any free one") from None
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        print(portal.webhook_url, flush=True)
        _say("demo portal running; try: b24chat lookup CRM 'LEAD|1' --webhook "
             f"{portal.webhook_url}  (Ctrl+C to stop)")
        while not stop.wait(0.5):  # a timed wait keeps Ctrl+C responsive on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        portal.stop()
    return EXIT_FOUND


# -- config -------------------------------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    from gui.paths import detect_paths
    from gui.secrets import TokenStoreError
    from gui.settings import SettingsStore

    store = SettingsStore(detect_paths())
    loaded = store.load()
    for warning in loaded.warnings:
        _say(warning)
    changes: dict[str, Any] = {}
    if args.webhook is not None:
        changes["webhook_url"] = args.webhook.strip()
    for name in ("rate", "burst", "timeout"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.proxy is not None:
        proxy = args.proxy.strip()
        if proxy.lower() in ("system", "none"):
            changes["proxy_mode"] = proxy.lower()
        else:
            changes.update(proxy_mode="custom", proxy_url=proxy)
    if args.ca_bundle is not None:
        changes["ca_bundle"] = args.ca_bundle.strip()
    settings = loaded.settings
    if changes:
        settings = replace(settings, **changes)
        problems = settings.validate()
        if problems:
            raise InvalidInputError("; ".join(problems) + ": nothing was saved")
        try:
            store.save(settings)
        except TokenStoreError as exc:
            _say(f"{exc}: nothing was saved")
            return EXIT_REFUSED
        except OSError as exc:
            _say(f"The settings could not be saved in {store.path} ({exc.strerror}): "
                 "nothing was saved")
            return EXIT_REFUSED
        _say(f"saved in {store.path}")
    if args.show or not changes:
        _show(settings, store.path, store.token_store.name)
    return EXIT_FOUND


def _show(settings: Any, path: os.PathLike[str], token_place: str) -> None:
    url = settings.webhook_url.strip()
    webhook = "(none)"
    if url:
        try:
            webhook = WebhookUrl.parse(url).redacted()
        except InvalidInputError:
            webhook = "(not a valid webhook URL)"
    proxy = settings.proxy_url if settings.proxy_mode == "custom" else settings.proxy_mode
    lines = [
        ("webhook", webhook),
        ("token kept in", token_place if url else "(no token saved)"),
        ("rate", f"{settings.rate:g} requests/s"),
        ("burst", str(settings.burst)),
        ("timeout", f"{settings.timeout:g} s"),
        ("proxy", proxy),
        ("ca bundle", settings.ca_bundle or "(the system's certificates)"),
        ("settings file", os.fspath(path)),
    ]
    if os.environ.get(WEBHOOK_ENV, "").strip():
        lines.append(("note", f"{WEBHOOK_ENV} is set and overrides the saved webhook"))
    for name, value in lines:
        print(f"{name + ':':<15}{value}")


# -- main ---------------------------------------------------------------------------------

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "lookup": cmd_lookup,
    "bulk": cmd_bulk,
    "demo-server": cmd_demo_server,
    "config": cmd_config,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors are exit 2, --help and --version 0
        return exc.code if isinstance(exc.code, int) else EXIT_INVALID
    _setup_logging(args.verbose)
    try:
        return _COMMANDS[args.command](args)
    except BitrixError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `b24chat bulk … | head`: the reader left, not an error of ours
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FOUND


if __name__ == "__main__":
    sys.exit(main())
