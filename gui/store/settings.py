"""The user's settings: declared as data with defaults, loaded forgivingly, saved atomically.

A bad value falls back to its own default and the rest of the file survives; a corrupt file is
renamed ``settings.json.corrupt-<timestamp>``, never overwritten. The webhook token goes to a
:class:`~gui.store.secrets.TokenStore`; the file holds it only when that store is the file itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.ratelimit import DEFAULT_BURST, DEFAULT_RATE, DEFAULT_TIMEOUT
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import Phrase, phrase
from gui.store.options import load_into, option, problems, stored_values
from gui.store.paths import AppPaths
from gui.store.proxy import proxy_problem
from gui.store.secrets import (
    StoreKind,
    TokenStore,
    TokenStoreError,
    account_for,
    choose_token_store,
)
from gui.store.setting_checks import ca_problem, webhook_problem
from gui.store.user_files import UNREADABLE, move_aside, remove_stale_temp, write_atomically

log = logging.getLogger(__name__)

FILE_VERSION = 1
WEBHOOK_ENV = "B24_WEBHOOK_URL"
PROXY_MODES = ("system", "none", "custom")
LANGUAGES = ("", "en", "ru")
TEMP_GRACE_SECONDS = 10.0  # a settings temp file older than this is no save in progress

WEBHOOK_NOT_TEXT = phrase("The webhook URL must be text")
# {low}, {high}, {default} and {choices} come from each setting's declaration (Settings below).
RATE_RANGE = phrase("Requests per second must be a number from {low} to {high}")
BURST_RANGE = phrase("The burst must be a whole number from {low} to {high}")
TIMEOUT_RANGE = phrase("The timeout must be a number of seconds from {low} to {high}")
PROXY_MODE_UNKNOWN = phrase("The proxy setting must be one of: {choices}")
PROXY_NOT_TEXT = phrase("The proxy address must be text")
CA_NOT_PATH = phrase("The CA bundle must be a file path")
LANGUAGE_UNKNOWN = phrase("The language must be empty (the system's) or one of: {choices}")
RATE_HELP = phrase("requests per second, {low} to {high} (default {default})")
BURST_HELP = phrase("requests allowed at once before pacing, {low} to {high} (default {default})")
TIMEOUT_HELP = phrase("seconds each request may take, {low} to {high} (default {default})")
OFFER_CLIPBOARD_NOT_BOOL = phrase("The clipboard offer must be true or false")
USING_SYSTEM_PROXY = phrase("{problem}; using the system proxy instead")
FILE_NEWER = phrase(
    "The settings file {path} was written by a newer version of the app; "
    "settings this version does not know are ignored"
)
FILE_NOT_JSON = phrase("is not valid JSON (line {line})")
FILE_NOT_SETTINGS = phrase("does not hold a settings object")
FILE_TOO_DEEP = phrase("is nested too deeply to be a settings file")
FILE_NOT_MOVED = phrase(
    "The settings file {path} {why} and could not be moved aside ({kind}): "
    "default settings are used for now"
)
FILE_KEPT_ASIDE = phrase(
    "The settings file {path} {why}: it was kept as {aside} and default settings are used; "
    "enter your settings again"
)
WEBHOOK_UNREADABLE = phrase(
    "The saved webhook could not be read: paste the webhook URL again in Settings"
)
TOKEN_ELSEWHERE = phrase(
    "The webhook token was kept in {place}, which this session does not use (it keeps tokens "
    "in {store}): paste the webhook URL again in Settings"
)
TOKEN_NOT_FOUND = phrase(
    "The webhook token for {portal} was not found in {store}: paste the webhook URL again in "
    "Settings"
)
WEBHOOK_INVALID = phrase(
    "The saved webhook is not valid ({why}): paste the webhook URL again in Settings"
)
IN_KEYRING = phrase("the system keyring")
IN_FILE = phrase("the settings file")
IN_OTHER_STORE = phrase("a token store ({kind})")


@dataclass
class Settings:
    """What the user chose; each field declares its check and its words (see gui.store.options)."""

    # The full URL with the token in memory; on disk without it (the token has its own store).
    webhook_url: str = option(
        "",
        problem=WEBHOOK_NOT_TEXT,
        check=webhook_problem,
        stored=False,
        flag="--webhook",
        metavar="URL",
        help="the webhook to save ('' to forget it)",
    )
    rate: float = option(
        DEFAULT_RATE,
        problem=RATE_RANGE,
        low=0.1,
        high=50,
        label="rate",
        unit="requests/s",
        flag="--rate",
        metavar="R",
        help=RATE_HELP,
    )
    burst: int = option(
        DEFAULT_BURST,
        problem=BURST_RANGE,
        low=1,
        high=1000,
        label="burst",
        flag="--burst",
        metavar="B",
        help=BURST_HELP,
    )
    timeout: float = option(
        DEFAULT_TIMEOUT,
        problem=TIMEOUT_RANGE,
        low=1,
        high=300,
        label="timeout",
        unit="s",
        flag="--timeout",
        metavar="SECONDS",
        help=TIMEOUT_HELP,
    )
    proxy_mode: str = option(
        "system", problem=PROXY_MODE_UNKNOWN, choices=PROXY_MODES, label="proxy"
    )
    proxy_url: str = option("", problem=PROXY_NOT_TEXT)  # used when proxy_mode is "custom"
    ca_bundle: str = option(  # "" = the system trust store, else a PEM file
        "",
        problem=CA_NOT_PATH,
        check=ca_problem,
        label="ca bundle",
        unset="(the system's certificates)",
        flag="--ca-bundle",
        metavar="PATH",
        help="a PEM file ('' for the system's)",
    )
    language: str = option("", problem=LANGUAGE_UNKNOWN, choices=LANGUAGES)  # "": the system's
    # the window offers to look up a card link or TYPE|ID found in the clipboard
    offer_clipboard: bool = option(True, problem=OFFER_CLIPBOARD_NOT_BOOL)

    def __repr__(self) -> str:  # webhook_url holds the token
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.webhook_url:
            shown["webhook_url"] = _redacted(self.webhook_url)
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    def validate(self) -> list[str]:
        """One sentence per bad value (a Phrase: the app shows it translated); [] when fine."""
        found = problems(self)
        proxy = self.proxy_problem()
        return [*found, proxy] if proxy else found

    def proxy_problem(self) -> str | None:
        """The proxy address matters only when the proxy mode is "custom"."""
        if self.proxy_mode != "custom" or not isinstance(self.proxy_url, str):
            return None
        return proxy_problem(self.proxy_url)


@dataclass
class LoadResult:
    settings: Settings
    warnings: list[str] = field(default_factory=list)
    recovered_from: Path | None = None  # where the corrupt file was moved
    # The saved webhook, when load() was asked not to read its token yet (see resolve_webhook)
    pending_webhook: object | None = None


def _redacted(url: str) -> str:
    try:
        return WebhookUrl.parse(url).redacted()
    except InvalidInputError:
        return "<not a webhook URL>"


def effective_webhook(settings: Settings, env: Mapping[str, str]) -> tuple[str, str]:
    """The webhook to use and where it came from: ``B24_WEBHOOK_URL`` wins and is never saved."""
    from_env = env.get(WEBHOOK_ENV, "").strip()
    if from_env:
        return from_env, "environment"
    if settings.webhook_url.strip():
        return settings.webhook_url.strip(), "settings"
    return "", ""


class SettingsStore:
    """Loads and saves :class:`Settings` in ``paths.settings_file``."""

    def __init__(
        self,
        paths: AppPaths,
        tokens: TokenStore | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._paths = paths
        self._chosen = tokens
        self._now = now

    @property
    def _tokens(self) -> TokenStore:
        # Chosen on first use: probing the keyring costs a start-up 100 ms or more.
        if self._chosen is None:
            self._chosen = choose_token_store(portable=self._paths.portable)
        return self._chosen

    @property
    def token_store(self) -> TokenStore:
        """The token store, chosen now if need be: that probes the keyring (slow, maybe a
        prompt), so a window asks for it on a worker thread."""
        return self._tokens

    @property
    def chosen_token_store(self) -> TokenStore | None:
        """The token store if it has been chosen already; None means asking would probe."""
        return self._chosen

    @property
    def path(self) -> Path:
        return self._paths.settings_file

    # -- load -----------------------------------------------------------------------------

    def load(self, *, read_token: bool = True) -> LoadResult:
        """The saved settings. With ``read_token=False`` the token store is not touched: the
        webhook stays empty and ``pending_webhook`` holds what :meth:`resolve_webhook` needs,
        so a window can show first and read the keyring off its GUI thread."""
        path = self.path
        # A save killed mid-way (kill -9) leaves its temp file, which may hold the token.
        remove_stale_temp(path, older_than=TEMP_GRACE_SECONDS)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadResult(Settings())
        except (OSError, UnicodeDecodeError) as exc:
            return self._recover(Phrase(UNREADABLE, kind=type(exc).__name__))
        try:
            data = json.loads(text)
        except ValueError as exc:
            return self._recover(Phrase(FILE_NOT_JSON, line=str(getattr(exc, "lineno", "?"))))
        except RecursionError:  # thousands of nested brackets: no settings file of ours
            return self._recover(Phrase(FILE_TOO_DEEP))
        if not isinstance(data, dict):
            return self._recover(Phrase(FILE_NOT_SETTINGS))

        warnings: list[str] = []
        version = data.get("version")
        if isinstance(version, int) and version > FILE_VERSION:
            warnings.append(Phrase(FILE_NEWER, path=str(path)))
        result = LoadResult(load_into(Settings, data, warnings), warnings)
        problem = result.settings.proxy_problem()
        if problem:  # keep the typed address for the dialog, but do not use it
            result.settings.proxy_mode = "system"
            result.warnings.append(Phrase(USING_SYSTEM_PROXY, problem=problem))
        raw_webhook = data.get("webhook")
        if read_token or raw_webhook in (None, {}):
            result.settings.webhook_url = self._load_webhook(raw_webhook, result.warnings)
        else:
            result.pending_webhook = raw_webhook
        for warning in result.warnings:
            log.warning("Settings: %s", warning)
        return result

    def resolve_webhook(self, pending: object) -> tuple[str, list[str]]:
        """The webhook URL held back by ``load(read_token=False)``, and any warnings."""
        warnings: list[str] = []
        url = self._load_webhook(pending, warnings)
        for warning in warnings:
            log.warning("Settings: %s", warning)
        return url, warnings

    def _load_webhook(self, raw: object, warnings: list[str]) -> str:
        if raw is None or raw == {}:
            return ""
        if not isinstance(raw, dict):
            warnings.append(Phrase(WEBHOOK_UNREADABLE))
            return ""
        portal, user_id = raw.get("portal"), raw.get("user_id")
        if not isinstance(portal, str) or not isinstance(user_id, int) or isinstance(user_id, bool):
            warnings.append(Phrase(WEBHOOK_UNREADABLE))
            return ""
        account = f"{portal}|{user_id}"
        token_in = raw.get("token_in")
        file_token = raw.get("token")
        token: str | None = None
        if isinstance(file_token, str) and file_token:
            token = file_token  # written by the file store, or left from before a keyring
            if self._tokens.kind == StoreKind.FILE:
                self._tokens.set(account, token)
        elif token_in not in (None, self._tokens.kind):
            warnings.append(
                Phrase(TOKEN_ELSEWHERE, place=store_words(token_in), store=self._tokens.name)
            )
            return ""
        else:
            try:
                token = self._tokens.get(account)
            except TokenStoreError as exc:
                warnings.append(exc.message)
                return ""
        if not token:
            warnings.append(Phrase(TOKEN_NOT_FOUND, portal=portal, store=self._tokens.name))
            return ""
        try:
            webhook = WebhookUrl.parse(f"{portal}/rest/{user_id}/{token}/")
        except InvalidInputError as exc:
            warnings.append(Phrase(WEBHOOK_INVALID, why=exc.message))
            return ""
        return webhook.base_url()

    def _recover(self, why: str) -> LoadResult:
        """Move the damaged file aside, never overwrite it, and tell the user where it went."""
        path = str(self.path)
        try:
            aside = move_aside(self.path, self._now())
        except OSError as exc:
            message = Phrase(FILE_NOT_MOVED, path=path, why=why, kind=type(exc).__name__)
            log.warning("Settings: %s", message)
            return LoadResult(Settings(), [message], None)
        message = Phrase(FILE_KEPT_ASIDE, path=path, why=why, aside=aside.name)
        log.warning("Settings: %s", message)
        return LoadResult(Settings(), [message], aside)

    # -- save -----------------------------------------------------------------------------

    def save(self, settings: Settings) -> None:
        """Validate, put the token in the token store, then write the file atomically (0600).

        Raises InvalidInputError (nothing written) or TokenStoreError / OSError.
        """
        problems = settings.validate()
        if problems:
            raise InvalidInputError("\n".join(problems))
        previous = self._saved_account()
        data: dict[str, Any] = {"version": FILE_VERSION, "webhook": None}
        account: str | None = None
        if settings.webhook_url.strip():
            webhook = WebhookUrl.parse(settings.webhook_url)
            account = account_for(webhook)
            self._tokens.set(account, webhook.token)
            block: dict[str, Any] = {
                "portal": webhook.portal_url,
                "user_id": webhook.user_id,
                "token_in": self._tokens.kind,
            }
            if self._tokens.kind == StoreKind.FILE:
                block["token"] = webhook.token
            data["webhook"] = block
            log.info(
                "Saving settings (webhook %s, token in %s)", webhook.redacted(), self._tokens.name
            )
        data.update(stored_values(settings))
        self._paths.ensure()
        write_atomically(self.path, json.dumps(data, indent=2) + "\n")
        if previous and previous != account:
            try:
                self._tokens.delete(previous)  # the old webhook's token is no longer needed
            except TokenStoreError as exc:
                log.warning("Settings: %s", exc)

    def _saved_account(self) -> str | None:
        """The account of the webhook in the file now, so its token can be removed on change."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            block = data["webhook"]
            return f"{block['portal']}|{int(block['user_id'])}"
        except Exception:  # no file, no webhook, damaged: nothing to clean up
            return None


def store_words(kind: object) -> str:
    """Where a settings file says its token was kept, in words."""
    if kind == StoreKind.KEYRING:
        return Phrase(IN_KEYRING)
    if kind == StoreKind.FILE:
        return Phrase(IN_FILE)
    return Phrase(IN_OTHER_STORE, kind=str(kind))
