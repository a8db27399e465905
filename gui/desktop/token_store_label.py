"""Settings: where the webhook token is kept. Choosing the token store probes the keyring (slow,
perhaps a prompt), so until it has been chosen the label asks a worker thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLabel, QWidget

from gui.desktop.wording import translated
from gui.store.secrets import StoreKind, TokenStore
from gui.store.settings import SettingsStore

if TYPE_CHECKING:
    from gui.desktop.jobs import Job, Work


class Submitter(Protocol):
    """What the label needs of a worker (``WorkerController.submit``)."""

    def submit(self, work: Work) -> Job: ...


class TokenStoreLabel(QLabel):
    def __init__(
        self, store: SettingsStore, worker: Submitter | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tokenStoreLabel")
        self.setWordWrap(True)
        self._job: Job | None = None
        chosen = store.chosen_token_store
        if chosen is None and worker is not None:
            self.setText(self.tr("Token kept in: {0}").format("…"))
            self._job = worker.submit(lambda _cancelled: store.token_store).then(self, self.say)
        else:
            self.say(chosen or store.token_store)

    def say(self, store: TokenStore) -> None:
        self._job = None
        self.setText(self.tr("Token kept in: {0}").format(self._words(store)))

    def _words(self, store: TokenStore) -> str:
        kind = getattr(store, "kind", "")
        if kind == StoreKind.FILE:
            return self.tr("the settings file, readable only by you")
        if kind == StoreKind.KEYRING:
            return self.tr("the system keyring")
        return translated(store.name)
