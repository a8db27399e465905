"""The user's settings: declared as data with defaults, loaded forgivingly, saved atomically.

A bad value falls back to its own default and the rest of the file survives; a corrupt file is
renamed ``settings.json.corrupt-<timestamp>``, never overwritten. The webhook token goes to a
:class:`~gui.store.secrets.TokenStore`; the file holds it only when that store is the file itself.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.tls import ca_bundle_problem
from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import Phrase, phrase
from gui.store.paths import AppPaths
from gui.store.secrets import TokenStore, TokenStoreError, account_for, choose_token_store
from gui.store.user_files import move_aside, remove_stale_temp, write_atomically

log = logging.getLogger(__name__)

FILE_VERSION = 1
WEBHOOK_ENV = "B24_WEBHOOK_URL"
PROXY_MODES = ("system", "none", "custom")
LANGUAGES = ("", "en", "ru")
PROXY_EXAMPLE = "http://proxy.example.com:3128"
TEMP_GRACE_SECONDS = 10.0  # a settings temp file older than this is no save in progress

PROXY_MISSING = phrase("Enter the proxy address, like {example}")
PROXY_BAD_HOST_OR_PORT = phrase("The proxy address has a bad host or port: write it like {example}")
PROXY_BAD_SCHEME = phrase("The proxy address must start with http:// or https://, like {example}")
PROXY_NO_HOST = phrase("The proxy address has no host: write it like {example}")
PROXY_NO_PORT = phrase("The proxy address needs a port after the host, like {example}")
PROXY_EXTRA_PARTS = phrase("The proxy address must be only scheme, host and port, like {example}")
WEBHOOK_NOT_TEXT = phrase("The webhook URL must be text")
RATE_RANGE = phrase("Requests per second must be a number from 0.1 to 50")
BURST_RANGE = phrase("The burst must be a whole number from 1 to 1000")
TIMEOUT_RANGE = phrase("The timeout must be a number of seconds from 1 to 300")
PROXY_MODE_UNKNOWN = phrase("The proxy setting must be one of: system, none, custom")
PROXY_NOT_TEXT = phrase("The proxy address must be text")
CA_NOT_PATH = phrase("The CA bundle must be a file path")
CA_MISSING = phrase(
    "The CA bundle file {path} does not exist: choose a PEM file, or leave it "
    "empty to use the system's certificates"
)
LANGUAGE_UNKNOWN = phrase("The language must be empty (the system's), en or ru")


@dataclass
class Settings:
    webhook_url: str = ""  # the full URL with the token in memory; on disk without it
    rate: float = 2.0  # requests per second
    burst: int = 50
    timeout: float = 15.0  # seconds per request
    proxy_mode: str = "system"  # "system" | "none" | "custom"
    proxy_url: str = ""  # used when proxy_mode is "custom"
    ca_bundle: str = ""  # "" = the system trust store, else a PEM file
    language: str = ""  # "" = the system's language

    def __repr__(self) -> str:  # webhook_url holds the token
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.webhook_url:
            shown["webhook_url"] = _redacted(self.webhook_url)
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    def validate(self) -> list[str]:
        """Human messages, one per bad value; empty when everything is fine. Each is a
        :class:`~gui.bitrix.wording.Phrase`, so the desktop app can show it translated."""
        problems = [_problem(f.name, getattr(self, f.name)) for f in fields(self)]
        problems.append(self.proxy_problem())
        return [p for p in problems if p]

    def proxy_problem(self) -> str | None:
        """The proxy address matters only when the proxy mode is "custom"."""
        if self.proxy_mode != "custom" or not isinstance(self.proxy_url, str):
            return None
        return _proxy_problem(self.proxy_url)


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


def redacted_proxy(url: str) -> str:
    """A proxy URL fit to show: ``http://user:****@host:port``; the password never appears."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    userinfo, at, host = rest.rpartition("@")  # the last "@": a password may hold one
    if not at or ":" not in userinfo:
        return url
    user = userinfo.partition(":")[0]
    return f"{scheme}{sep}{user}:****@{host}"


def _in_range(value: object, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def _proxy_problem(url: object) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return Phrase(PROXY_MISSING, example=PROXY_EXAMPLE)
    if not url.isascii():  # bytes that were not UTF-8 (surrogates), or an IDN: httpx can't use it
        return Phrase(PROXY_BAD_HOST_OR_PORT, example=PROXY_EXAMPLE)
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return Phrase(PROXY_BAD_HOST_OR_PORT, example=PROXY_EXAMPLE)
    if parts.scheme.lower() not in ("http", "https"):
        return Phrase(PROXY_BAD_SCHEME, example=PROXY_EXAMPLE)
    if not parts.hostname:
        return Phrase(PROXY_NO_HOST, example=PROXY_EXAMPLE)
    if port is None:
        return Phrase(PROXY_NO_PORT, example=PROXY_EXAMPLE)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return Phrase(PROXY_EXTRA_PARTS, example=PROXY_EXAMPLE)
    return None


def _problem(name: str, value: object) -> str | None:
    """What is wrong with one field's value, in words that say how to fix it; None when fine."""
    if name == "webhook_url":
        if not isinstance(value, str):
            return Phrase(WEBHOOK_NOT_TEXT)
        if not value.strip():
            return None
        try:
            WebhookUrl.parse(value)
        except InvalidInputError as exc:
            return exc.message
        return None
    if name == "rate":
        if not _in_range(value, 0.1, 50):
            return Phrase(RATE_RANGE)
        return None
    if name == "burst":
        if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000):
            return Phrase(BURST_RANGE)
        return None
    if name == "timeout":
        if not _in_range(value, 1, 300):
            return Phrase(TIMEOUT_RANGE)
        return None
    if name == "proxy_mode":
        if value not in PROXY_MODES:
            return Phrase(PROXY_MODE_UNKNOWN)
        return None
    if name == "proxy_url":
        return None if isinstance(value, str) else Phrase(PROXY_NOT_TEXT)
    if name == "ca_bundle":
        if not isinstance(value, str):
            return Phrase(CA_NOT_PATH)
        if value and not Path(value).is_file():
            return Phrase(CA_MISSING, path=value)
        return ca_bundle_problem(value) if value else None
    if name == "language":
        if value not in LANGUAGES:
            return Phrase(LANGUAGE_UNKNOWN)
        return None
    raise KeyError(name)


def _from_json(name: str, value: object) -> object:
    """JSON numbers for float fields may be written as ints; everything else must match."""
    if name in ("rate", "timeout") and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


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
        return self._tokens

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
            return self._recover(f"could not be read ({type(exc).__name__})")
        try:
            data = json.loads(text)
        except ValueError as exc:
            return self._recover(f"is not valid JSON (line {getattr(exc, 'lineno', '?')})")
        except RecursionError:  # thousands of nested brackets: no settings file of ours
            return self._recover("is nested too deeply to be a settings file")
        if not isinstance(data, dict):
            return self._recover("does not hold a settings object")

        result = LoadResult(Settings())
        version = data.get("version")
        if isinstance(version, int) and version > FILE_VERSION:
            result.warnings.append(
                f"The settings file {path} was written by a newer version of the app; "
                "settings this version does not know are ignored"
            )
        defaults = Settings()
        for f in fields(Settings):
            if f.name == "webhook_url" or f.name not in data:
                continue
            value = _from_json(f.name, data[f.name])
            setattr(result.settings, f.name, value)
            problem = _problem(f.name, value)
            if problem:
                default = getattr(defaults, f.name)
                setattr(result.settings, f.name, default)
                result.warnings.append(f"{problem}; using the default ({default!r}) instead")
        problem = result.settings.proxy_problem()
        if problem:  # keep the typed address for the dialog, but do not use it
            result.settings.proxy_mode = defaults.proxy_mode
            result.warnings.append(f"{problem}; using the system proxy instead")
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
        again = "paste the webhook URL again in Settings"
        if not isinstance(raw, dict):
            warnings.append(f"The saved webhook could not be read: {again}")
            return ""
        portal, user_id = raw.get("portal"), raw.get("user_id")
        if not isinstance(portal, str) or not isinstance(user_id, int) or isinstance(user_id, bool):
            warnings.append(f"The saved webhook could not be read: {again}")
            return ""
        account = f"{portal}|{user_id}"
        token_in = raw.get("token_in")
        file_token = raw.get("token")
        token: str | None = None
        if isinstance(file_token, str) and file_token:
            token = file_token  # written by the file store, or left from before a keyring
            if self._tokens.kind == "file":
                self._tokens.set(account, token)
        elif token_in not in (None, self._tokens.kind):
            warnings.append(
                f"The webhook token was kept in {_store_words(token_in)}, which this "
                f"session does not use (it keeps tokens in {self._tokens.name}): {again}"
            )
            return ""
        else:
            try:
                token = self._tokens.get(account)
            except TokenStoreError as exc:
                warnings.append(str(exc))
                return ""
        if not token:
            warnings.append(
                f"The webhook token for {portal} was not found in {self._tokens.name}: {again}"
            )
            return ""
        try:
            webhook = WebhookUrl.parse(f"{portal}/rest/{user_id}/{token}/")
        except InvalidInputError as exc:
            warnings.append(f"The saved webhook is not valid ({exc.message}): {again}")
            return ""
        return webhook.base_url()

    def _recover(self, why: str) -> LoadResult:
        """Move the damaged file aside, never overwrite it, and tell the user where it went."""
        path = self.path
        try:
            aside = move_aside(path, self._now())
        except OSError as exc:
            message = (
                f"The settings file {path} {why} and could not be moved aside "
                f"({type(exc).__name__}): default settings are used for now"
            )
            log.warning("Settings: %s", message)
            return LoadResult(Settings(), [message], None)
        message = (
            f"The settings file {path} {why}: it was kept as {aside.name} and default "
            "settings are used; enter your settings again"
        )
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
            if self._tokens.kind == "file":
                block["token"] = webhook.token
            data["webhook"] = block
            log.info(
                "Saving settings (webhook %s, token in %s)", webhook.redacted(), self._tokens.name
            )
        for f in fields(Settings):
            if f.name != "webhook_url":
                data[f.name] = getattr(settings, f.name)
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


def _store_words(kind: object) -> str:
    return {"keyring": "the system keyring", "file": "the settings file"}.get(
        str(kind), f"a token store ({kind})"
    )
