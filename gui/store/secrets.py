"""Where the webhook token lives: the OS keyring when one works, else the settings file (0600).

Each store names itself in the user's words, so the settings dialog can say which holds the token.
The account key is ``"<portal_url>|<user_id>"`` (see :func:`account_for`), which is not secret.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Protocol

from gui.bitrix.webhook import WebhookUrl
from gui.bitrix.wording import Phrase, phrase

log = logging.getLogger(__name__)

KEYRING_SERVICE = "b24-chat-lookup"

KEYRING_NAME = phrase("the system keyring ({backend})")
FILE_NAME = phrase("the settings file (readable only by you)")
READ_FAILED = phrase(
    "Could not read the webhook token from {store} ({kind}): unlock the keyring, or paste the "
    "webhook URL again in Settings"
)
SAVE_FAILED = phrase(
    "Could not save the webhook token in {store} ({kind}): unlock the keyring and save again"
)
DELETE_FAILED = phrase("Could not remove the old webhook token from {store} ({kind})")


class TokenStoreError(Exception):
    """The token store failed; the message says what to do and never contains the token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message  # a Phrase, so the desktop app can show it translated


class StoreKind(StrEnum):
    """Where a token store keeps tokens; the value is the settings file's ``token_in``."""

    KEYRING = "keyring"
    FILE = "file"


class TokenStore(Protocol):
    name: str  # human words for the settings dialog
    kind: StoreKind  # what the settings file records as ``token_in``

    def get(self, account: str) -> str | None: ...

    def set(self, account: str, token: str) -> None: ...

    def delete(self, account: str) -> None: ...


def account_for(webhook: WebhookUrl) -> str:
    return f"{webhook.portal_url}|{webhook.user_id}"


class KeyringTokenStore:
    """The OS keyring via the ``keyring`` library (Secret Service, macOS Keychain, Windows)."""

    kind = StoreKind.KEYRING

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service
        self.name: str = Phrase(KEYRING_NAME, backend=_backend_name())

    @classmethod
    def available(cls) -> bool:
        """True when keyring has a real backend; headless Linux often has none."""
        try:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
            if isinstance(backend, fail.Keyring):
                return False
            try:
                from keyring.backends import null

                if isinstance(backend, null.Keyring):
                    return False
            except ImportError:  # very old keyring without the null backend
                pass
            return float(backend.priority) > 0
        except Exception as exc:  # a broken keyring install must not stop the app
            log.info("No usable keyring: %s", type(exc).__name__)
            return False

    def get(self, account: str) -> str | None:
        import keyring

        try:
            value = keyring.get_password(self.service, account)
        except Exception as exc:
            raise TokenStoreError(
                Phrase(READ_FAILED, store=self.name, kind=type(exc).__name__)
            ) from None
        return value if isinstance(value, str) else None

    def set(self, account: str, token: str) -> None:
        import keyring

        try:
            keyring.set_password(self.service, account, token)
        except Exception as exc:
            raise TokenStoreError(
                Phrase(SAVE_FAILED, store=self.name, kind=type(exc).__name__)
            ) from None

    def delete(self, account: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(self.service, account)
        except PasswordDeleteError:  # nothing stored under that account: already gone
            pass
        except Exception as exc:
            raise TokenStoreError(
                Phrase(DELETE_FAILED, store=self.name, kind=type(exc).__name__)
            ) from None


def _backend_name() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
        return str(getattr(backend, "name", type(backend).__name__))
    except Exception:
        return "unknown backend"


class FileTokenStore:
    """Tokens kept in memory and persisted by the settings module inside the settings file,
    which is always created readable only by its owner (0600)."""

    kind = StoreKind.FILE
    name: str = Phrase(FILE_NAME)

    def __init__(self, tokens: dict[str, str] | None = None) -> None:
        self.tokens: dict[str, str] = {} if tokens is None else tokens

    def get(self, account: str) -> str | None:
        return self.tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self.tokens[account] = token

    def delete(self, account: str) -> None:
        self.tokens.pop(account, None)

    def __repr__(self) -> str:  # the tokens are passwords: show only how many
        return f"FileTokenStore({len(self.tokens)} token(s))"


def choose_token_store(*, portable: bool, prefer_keyring: bool = True) -> TokenStore:
    """Portable mode always keeps the token beside the app (a USB stick has no keyring)."""
    if not portable and prefer_keyring and KeyringTokenStore.available():
        return KeyringTokenStore()
    return FileTokenStore()
