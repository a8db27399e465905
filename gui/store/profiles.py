"""Portal profiles: several portals, each with its own webhook, connection options and history.

A profile is a set of the app's folders: the first one, ``default``, *is* the folders the app
has always used (``settings.json``, ``history.json``, journals), so today's single settings file
is that profile as it stands, token and all, with nothing to convert and nothing to lose. Every
other profile has the same files under ``profiles/<folder>/`` in the config and data folders.
The index ``profiles.json`` beside ``settings.json`` keeps the names, their folders, the one
used last and the UI language (one for the app, not per portal).

A profile's name is only a label: renaming it rewrites the index, never moves a file or a
token. Its token is kept in the token store under the profile's folder name
(``<folder>/<portal>|<user>``; the ``default`` profile also reads the account it has always
used, so a token saved before profiles existed is found where it is).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.wording import Phrase, phrase
from gui.store.paths import AppPaths
from gui.store.secrets import StoreKind, TokenStore, TokenStoreError, choose_token_store
from gui.store.settings import SettingsStore
from gui.store.user_files import move_aside, write_atomically

log = logging.getLogger(__name__)

DEFAULT = "default"
PROFILE_ENV = "B24_PROFILE"
INDEX_NAME = "profiles.json"
INDEX_VERSION = 1
NAME_MAX = 40

NAME_EMPTY = phrase("A profile needs a name")
NAME_TOO_LONG = phrase("A profile name has at most {n} characters")
NAME_BAD = phrase("A profile name cannot hold / \\ or control characters: {name}")
NAME_TAKEN = phrase("There is already a profile named {name}")
NO_SUCH_PROFILE = phrase("There is no profile named {name}; the profiles are: {names}")
INDEX_UNREADABLE = phrase(
    "The profile list {path} could not be read: it was kept as {aside}, and the profiles are "
    "offered under their folder names (rename them in Settings)"
)
LAST_PROFILE = phrase(
    "The first profile ({name}) holds the app's original files: it cannot be removed"
)


@dataclass(frozen=True)
class Profile:
    name: str
    folder: str  # "" for the first profile: the app's own folders

    @property
    def token_prefix(self) -> str:
        return self.folder or DEFAULT


class ProfileTokens:
    """A token store seen through one profile: its accounts are prefixed with the profile's
    folder, so two profiles for the same portal and user never share (or delete) a token."""

    def __init__(self, inner: Callable[[], TokenStore], profile: Profile) -> None:
        self._inner_factory = inner
        self._inner: TokenStore | None = None
        self._profile = profile

    @property
    def inner(self) -> TokenStore:
        if self._inner is None:  # chosen on first use: probing the keyring is slow
            self._inner = self._inner_factory()
        return self._inner

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.inner.name

    @property
    def kind(self) -> StoreKind:  # type: ignore[override]
        return self.inner.kind

    def _account(self, account: str) -> str:
        return f"{self._profile.token_prefix}/{account}"

    def get(self, account: str) -> str | None:
        token = self.inner.get(self._account(account))
        if token is None and not self._profile.folder:
            token = self.inner.get(account)  # saved before there were profiles
        return token

    def set(self, account: str, token: str) -> None:
        self.inner.set(self._account(account), token)
        if not self._profile.folder:
            self._forget_legacy(account)

    def delete(self, account: str) -> None:
        self.inner.delete(self._account(account))
        if not self._profile.folder:
            self._forget_legacy(account)

    def _forget_legacy(self, account: str) -> None:
        try:
            self.inner.delete(account)
        except TokenStoreError as exc:  # the old copy only; the profile's own is what counts
            log.info("Old token not removed: %s", exc)


class Profiles:
    """The profiles kept in ``base``'s folders; every change is written to the index at once."""

    def __init__(self, base: AppPaths, tokens: Callable[[], TokenStore] | None = None) -> None:
        """``tokens`` makes the token store the profiles share (default: the keyring when one
        works); it is called on first use, as probing the keyring is slow."""
        self.base = base
        self._token_factory = tokens or (lambda: choose_token_store(portable=base.portable))
        self._shared: TokenStore | None = None
        self._profiles: list[Profile] = [Profile(DEFAULT, "")]
        self.last_used = DEFAULT
        self.language: str | None = None  # None: never chosen here (read the settings file)
        self.warning = self._read()

    # -- reading and writing the index -------------------------------------------------------
    @property
    def index_file(self) -> Path:
        return self.base.config_dir / INDEX_NAME

    def _read(self) -> str | None:
        try:
            data = json.loads(self.index_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("Profiles: %s unreadable (%s)", self.index_file, type(exc).__name__)
            return self._recover()
        entries = data.get("profiles") if isinstance(data, dict) else None
        profiles = [
            Profile(str(e["name"]), str(e.get("folder", "")))
            for e in entries or []
            if isinstance(e, dict) and isinstance(e.get("name"), str)
        ]
        if profiles and not any(p.folder == "" for p in profiles):
            profiles.insert(0, Profile(DEFAULT, ""))  # the original files are always a profile
        if profiles:
            self._profiles = profiles
        last = data.get("last_used") if isinstance(data, dict) else None
        if isinstance(last, str) and self.find(last) is not None:
            self.last_used = last
        language = data.get("language") if isinstance(data, dict) else None
        self.language = language if isinstance(language, str) else None
        return None

    def _recover(self) -> str:
        """A damaged index is kept aside, never overwritten; the profiles' folders are still
        there, so each is offered again under its folder's name."""
        try:
            aside = move_aside(self.index_file, datetime.now()).name
        except OSError:
            aside = ""
        found = sorted(
            folder.name
            for folder in (self.base.config_dir / "profiles").glob("*")
            if (folder / "settings.json").is_file()
        )
        self._profiles = [Profile(DEFAULT, ""), *(Profile(name, name) for name in found)]
        return Phrase(INDEX_UNREADABLE, path=str(self.index_file), aside=aside or "-")

    def _write(self) -> None:
        self._write_index(self._profiles, self.last_used)

    def _commit(self, profiles: list[Profile], last_used: str) -> None:
        """Write the index as it is to be, then take it: a failed write changes nothing."""
        self._write_index(profiles, last_used)
        self._profiles, self.last_used = profiles, last_used

    def _write_index(self, profiles: list[Profile], last_used: str) -> None:
        payload = {
            "version": INDEX_VERSION,
            "last_used": last_used,
            "profiles": [{"name": p.name, "folder": p.folder} for p in profiles],
        }
        if self.language is not None:
            payload["language"] = self.language
        self.base.ensure()
        write_atomically(self.index_file, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")

    # -- looking up ----------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [p.name for p in self._profiles]

    def find(self, name: str) -> Profile | None:
        wanted = name.strip().casefold()
        return next((p for p in self._profiles if p.name.casefold() == wanted), None)

    def get(self, name: str) -> Profile:
        found = self.find(name)
        if found is None:
            raise InvalidInputError(
                Phrase(NO_SUCH_PROFILE, name=name, names=", ".join(self.names()))
            )
        return found

    def choose(self, asked: str | None, env: Mapping[str, str]) -> Profile:
        """The profile to use: the one asked for (``--profile``), else ``B24_PROFILE``, else
        the one used last. Raises InvalidInputError naming the profiles for an unknown one."""
        name = asked or env.get(PROFILE_ENV, "").strip() or self.last_used
        return self.get(name)

    def for_portal(self, portal_url: str) -> Profile | None:
        """The first profile whose webhook is on this portal (``https://host`` or ``host``),
        e.g. to open a link to another portal with the right webhook; None when none is."""
        wanted = portal_url.strip().rstrip("/").split("://", 1)[-1].casefold()
        return next((p for p in self._profiles if self.host(p).casefold() == wanted), None)

    def paths(self, profile: Profile) -> AppPaths:
        if not profile.folder:
            return self.base
        return replace(
            self.base,
            config_dir=self.base.config_dir / "profiles" / profile.folder,
            data_dir=self.base.data_dir / "profiles" / profile.folder,
        )

    def tokens(self, profile: Profile) -> ProfileTokens:
        return ProfileTokens(self._shared_tokens, profile)

    def _shared_tokens(self) -> TokenStore:
        if self._shared is None:
            self._shared = self._token_factory()
        return self._shared

    def store(self, profile: Profile) -> SettingsStore:
        """The settings of one profile, its token under the profile's name."""
        return SettingsStore(self.paths(profile), self.tokens(profile))  # type: ignore[arg-type]

    def host(self, profile: Profile) -> str:
        """The portal a profile points to (from its file: no token is read), or ""."""
        try:
            data = json.loads(self.paths(profile).settings_file.read_text(encoding="utf-8"))
            portal = data["webhook"]["portal"]
        except (OSError, ValueError, KeyError, TypeError):
            return ""
        return str(portal).split("://", 1)[-1] if isinstance(portal, str) else ""

    # -- changing ----------------------------------------------------------------------------
    def remember(self, profile: Profile) -> None:
        """The profile the app reopens with next time."""
        if self.last_used != profile.name:
            self.last_used = profile.name
            self._write()

    def ui_language(self) -> str:
        """The app's language: chosen in Settings (kept here), else as the settings file from
        before profiles said."""
        if self.language is not None:
            return self.language
        try:
            value = json.loads(self.base.settings_file.read_text(encoding="utf-8"))["language"]
        except (OSError, ValueError, KeyError, TypeError):
            return ""
        return value if isinstance(value, str) else ""

    def set_language(self, language: str) -> None:
        if self.language != language:
            self.language = language
            self._write()

    # Each change writes the index (fsync) and may touch the keyring: the window calls them
    # on a worker thread. A failed write (OSError) leaves the profiles as they were.
    def add(self, name: str) -> Profile:
        name = self.check_name(name)
        profile = Profile(name, self._free_folder(name))
        self._commit([*self._profiles, profile], self.last_used)
        return profile

    def rename(self, profile: Profile, new_name: str) -> Profile:
        new_name = self.check_name(new_name, allow=profile)
        renamed = Profile(new_name, profile.folder)
        last = new_name if self.last_used == profile.name else self.last_used
        self._commit([renamed if p == profile else p for p in self._profiles], last)
        return renamed

    def remove(self, profile: Profile) -> None:
        """Forget a profile: its token, settings and history go (never the first profile)."""
        if not profile.folder:
            raise InvalidInputError(Phrase(LAST_PROFILE, name=profile.name))
        kept = [p for p in self._profiles if p != profile]
        self._commit(kept, kept[0].name if self.last_used == profile.name else self.last_used)
        self._forget_token(profile)  # once it is out of the index: a failed write keeps it
        paths = self.paths(profile)
        for folder in (paths.config_dir, paths.data_dir):
            shutil.rmtree(folder, ignore_errors=True)

    def _forget_token(self, profile: Profile) -> None:
        try:
            data = json.loads(self.paths(profile).settings_file.read_text(encoding="utf-8"))
            account = f"{data['webhook']['portal']}|{int(data['webhook']['user_id'])}"
        except (OSError, ValueError, KeyError, TypeError):
            return  # no webhook saved: no token to forget
        try:
            self.tokens(profile).delete(account)
        except TokenStoreError as exc:
            log.warning("Profiles: the token of %s was not removed: %s", profile.name, exc)

    def check_name(self, name: str, allow: Profile | None = None) -> str:
        name = " ".join(name.split())  # no leading, trailing or doubled spaces
        if not name:
            raise InvalidInputError(Phrase(NAME_EMPTY))
        if len(name) > NAME_MAX:
            raise InvalidInputError(Phrase(NAME_TOO_LONG, n=str(NAME_MAX)))
        if re.search(r"[/\\\x00-\x1f\x7f]", name):
            raise InvalidInputError(Phrase(NAME_BAD, name=repr(name)))
        taken = self.find(name)
        if taken is not None and taken != allow:
            raise InvalidInputError(Phrase(NAME_TAKEN, name=taken.name))
        return name

    def _free_folder(self, name: str) -> str:
        """A folder name from the profile's name: ASCII letters, digits and dashes, unique."""
        stem = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:24] or "profile"
        used = {p.folder for p in self._profiles}
        on_disk = self.base.config_dir / "profiles"
        folder, n = stem, 2
        while folder in used or folder == DEFAULT or (on_disk / folder).exists():
            folder, n = f"{stem}-{n}", n + 1
        return folder
