"""The ``b24chat`` command line: commands, flags, their checks and the exit codes in --help."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any, TypeAlias

from gui import __version__
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.errors import EXIT_FOUND, EXIT_INVALID, EXIT_NO_CHAT, EXIT_REFUSED
from gui.bitrix.webhook import EXAMPLE
from gui.cli.terminal import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED
from gui.store.options import declaration, declared
from gui.store.profiles import PROFILE_ENV
from gui.store.settings import WEBHOOK_ENV, Settings

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

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
  {EXIT_INTERNAL}  an unexpected error of the program itself (please report it)
  {EXIT_INTERRUPTED}  interrupted (Ctrl+C); bulk still writes every row, the rest as "cancelled"
  {EXIT_BROKEN_PIPE}  the program reading the output closed it (like `| head`); no message
  {EXIT_TERMINATED}  terminated (SIGTERM: timeout, systemd, docker); bulk as for Ctrl+C
bulk exits with the highest portal/network code (3 or 4) found among its rows.

the webhook comes from --webhook, else ${WEBHOOK_ENV}, else the saved settings (b24chat config).
"""
# the exit codes as the epilog of a command's --help, laid out as written
_WITH_EXIT_CODES: dict[str, Any] = {
    "epilog": _EXIT_CODES,
    "formatter_class": argparse.RawDescriptionHelpFormatter,
}


def _default(name: str) -> str:
    """A setting's default as its declaration says (gui.store.settings)."""
    return declaration(Settings, name).words()["default"]


def _worst_case_text() -> str:
    config = ClientConfig()
    return (
        f"A trickling answer is cut when the timeout has passed, so one attempt takes at "
        f"most 2 x the timeout. With the default {config.timeout:g} s, one lookup takes at "
        f"most about {math.ceil(config.worst_case_seconds())} s ({config.max_attempts} "
        f"attempts on faults, up to {config.max_rate_limited} 'too many requests' answers "
        f"with waits doubling to {config.rate_limited_wait_max:g} s, and a wait for an "
        "operation-limit reset), plus rate-limit pacing."
    )


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
    parser.add_argument(
        "--webhook", metavar="URL", help=f"the portal's incoming webhook, like {EXAMPLE}"
    )
    parser.add_argument(
        "--rate",
        type=_positive("rate", MAX_RATE),
        metavar="R",
        help=f"requests per second (default: saved settings, else {_default('rate')})",
    )
    parser.add_argument(
        "--burst",
        type=_burst,
        metavar="B",
        help=f"requests allowed at once before pacing (default: saved, else {_default('burst')})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive("timeout", MAX_TIMEOUT),
        metavar="SECONDS",
        help="seconds each HTTP request may take, from sending to the whole answer "
        f"(default: saved, else {_default('timeout')}). " + _worst_case_text(),
    )


_PROFILE_HELP: dict[str, Any] = {
    "metavar": "NAME",
    "help": f"the portal profile to use (default: ${PROFILE_ENV}, else the one the app used "
    "last); see b24chat config --list-profiles",
}


def _with_verbose(
    add_parser: Callable[..., argparse.ArgumentParser],
) -> Callable[..., argparse.ArgumentParser]:
    """-v works after the command too (``b24chat lookup … -v``); SUPPRESS keeps the top one."""

    def add(*args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        sub = add_parser(*args, **kwargs)
        sub.add_argument(
            "-v",
            "--verbose",
            action="count",
            default=argparse.SUPPRESS,
            help="log to stderr (-vv for more); the token is never logged",
        )
        sub.add_argument("--profile", default=argparse.SUPPRESS, **_PROFILE_HELP)
        return sub

    return add


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24chat",
        description="Find the Bitrix24 chat behind a CRM entity, an Open Lines session or a "
        "live chat (REST im.chat.get through an incoming webhook).",
        **_WITH_EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log to stderr (-vv for more); the token is never logged",
    )
    parser.add_argument("--profile", default=None, **_PROFILE_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser = _with_verbose(commands.add_parser)  # type: ignore[method-assign]
    for add in (_add_lookup, _add_info, _add_bulk, _add_demo_server, _add_config):
        add(commands)
    return parser


def _add_lookup(commands: Commands) -> None:
    lookup = commands.add_parser(
        "lookup",
        help="the chat ID of one entity",
        description="Print the chat ID of one entity on stdout, e.g. b24chat lookup CRM 'LEAD|13', "
        "or paste a CRM card's link from the browser: b24chat lookup "
        "https://portal.bitrix24.ru/crm/deal/details/1663/ (the type is then CRM).",
        **_WITH_EXIT_CODES,
    )
    lookup.add_argument(
        "entity_type", metavar="TYPE", help="CRM, LINES, LIVECHAT, …; or a CRM card's link alone"
    )
    lookup.add_argument(
        "entity_id",
        metavar="ENTITY_ID",
        nargs="?",
        help="LEAD|13, telegrambot|2|209607941|744, 3|25 (LIVECHAT: lineId|userId), …, "
        "or a CRM card's link",
    )
    lookup.add_argument(
        "--json", action="store_true", help='print {"entity_type", "entity_id", "chat_id"} instead'
    )
    lookup.add_argument(
        "--details",
        action="store_true",
        help="also the chat card (title, type, members, …), or why there is no chat and the "
        "CRM item's open-line chats; a live chat's operators' chat",
    )
    _add_connection(lookup)


def _add_info(commands: Commands) -> None:
    info = commands.add_parser(
        "info",
        help="which entity a chat belongs to, and its card",
        description="Print the entity a chat was made for (first line ENTITY_TYPE ENTITY_ID), "
        "then its card, e.g. b24chat info chat1439. REF: 1439 (chat 1439), chat1439, sg103 "
        "(a group's chat) or a link with IM_DIALOG=chat1439; crm… is refused.",
        **_WITH_EXIT_CODES,
    )
    info.add_argument("ref", metavar="REF", help="1439, chat1439, sg103 or a link")
    info.add_argument("--json", action="store_true", help="print the lookup --details object")
    _add_connection(info)


def _add_bulk(commands: Commands) -> None:
    """``b24chat bulk``: its input, output, how rows are read, and the connection flags."""
    bulk = commands.add_parser(
        "bulk",
        help="the chat IDs of every row of a CSV or Excel workbook",
        description="Look up every row of IN (a CSV or .xlsx; - for stdin) and write "
        "entity_type,entity_id,chat_id,error rows, one per input row, in order. "
        "Rows: CRM,LEAD|13 or LEAD|13 or 13 (with --crm-kind); comma, semicolon "
        "or tab separated; a header row is skipped; UTF-8 or cp1251. A CRM export "
        "(ID;Название лида;…): --id-column ID --crm-kind LEAD writes its own columns "
        "with chat_id and error added.",
        **_WITH_EXIT_CODES,
    )
    bulk.add_argument("input", metavar="IN", help="the input CSV or .xlsx, or - for stdin")
    bulk.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of stdout, all or nothing (a temp file, then renamed over "
        "OUT); a symlink is written through to its target, a device or FIFO directly; an "
        "Excel workbook when OUT ends in .xlsx",
    )
    bulk.add_argument(
        "--id-column",
        metavar="NAME|N",
        help="the column holding the IDs, by header name or number (1 is the first); the "
        "output is then the input's columns plus chat_id and error, with its delimiter",
    )
    bulk.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)"
    )
    bulk.add_argument(
        "--type",
        dest="entity_type",
        metavar="TYPE",
        help="entity type of rows that give only an ID",
    )
    bulk.add_argument(
        "--crm-kind", metavar="KIND", help="CRM kind of rows that are a bare number, e.g. LEAD"
    )
    bulk.add_argument(
        "--details",
        action="store_true",
        help="add the columns title, chat_type, members, messages, created, entity_url and "
        "open_line_chats (space-separated chat IDs)",
    )
    _add_connection(bulk)


def _add_demo_server(commands: Commands) -> None:
    demo = commands.add_parser(
        "demo-server",
        help="run a local demo portal and print its webhook URL",
        description="Serve a demo Bitrix24 portal on 127.0.0.1 until Ctrl+C; its webhook URL "
        "is the first line on stdout. Try: b24chat lookup CRM 'LEAD|1' --webhook URL",
    )
    demo.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    demo.add_argument(
        "--rate",
        type=_positive("rate", MAX_RATE),
        default=2.0,
        metavar="R",
        help="requests per second the demo portal allows, as a real one (default: 2)",
    )
    demo.add_argument(
        "--burst",
        type=_burst,
        default=50,
        metavar="B",
        help="requests it takes at once before answering 'too many requests' (default: 50)",
    )


def _add_config(commands: Commands) -> None:
    config = commands.add_parser(
        "config",
        help="save or show the settings shared with the desktop app",
        description="Validate and save settings (the same ones the desktop app uses). The "
        "token goes to the system keyring when one works, else into the settings "
        "file, readable only by you. Without options: show them. With --profile NAME, "
        "that profile's settings (saving creates it when there is none of that name).",
    )
    config.add_argument("--show", action="store_true", help="print the settings (token hidden)")
    config.add_argument(
        "--list-profiles",
        action="store_true",
        help="list the profiles: names and portals, never a token",
    )
    for item in declared(Settings):  # one flag per setting that declares one
        if item.option.flag is not None:
            config.add_argument(
                item.option.flag,
                dest=item.name,
                type=item.value_type,
                metavar=item.option.metavar,
                help=item.help_text(),
            )
    config.add_argument(  # two settings: mode and address
        "--proxy",
        metavar="system|none|URL",
        help="the system's proxy settings, no proxy, or a proxy like http://host:3128",
    )
