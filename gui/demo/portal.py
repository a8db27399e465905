"""The emulated portal's semantics, with no HTTP and no Qt: what each call answers.

:class:`Portal` keeps the webhook's credentials and scopes, the leaky-bucket rate limit, the
injected faults, the counters and the portal's data, and answers one method call at a time
(:meth:`Portal.call`), ``batch`` included. The HTTP server (:mod:`gui.demo.emulator`) turns
requests into these calls and outcomes into answers; the steps it takes in order are public:
:meth:`credentials_ok`, :meth:`admit`, :meth:`take_fault`, :meth:`call`.

Faults inside a batch: a fault injected with ``method="im.chat.get"`` (any method other than
``batch``) is consumed by the next matching *command* inside a batch too. ``http500``, ``429`` and
``503`` then become that command's ``result_error`` entry while the rest of the batch runs;
``slow`` delays the command; any other kind spoils the whole answer (:class:`SpoiledAnswer`).
"""

from __future__ import annotations

import hmac
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from gui.bitrix.ratelimit import LeakyBucket
from gui.demo import chat_methods
from gui.demo.dialogs import ChatRecord, Chats, OpenLineChat, default_record
from gui.demo.faults import Fault, FaultQueue
from gui.demo.outcome import (
    IN_BATCH,
    NO_SCOPE,
    NOT_FOUND,
    Outcome,
    SpoiledAnswer,
    error,
)
from gui.demo.php import method_name, php_array, php_params, time_block
from gui.demo.stats import EmulatorStats

MAX_BATCH = 50

Method = Callable[["Portal", Mapping[str, Any]], Outcome]


class Portal:
    """One portal and its incoming webhook; thread-safe, every handler thread shares it."""

    def __init__(
        self,
        *,
        user_id: int = 1,
        token: str = "demo0token0000000",
        rate: float = 2.0,
        burst: int = 50,
        scopes: Iterable[str] = ("im", "crm", "imopenlines", "user"),
        chats: Mapping[tuple[str, str], int] | None = None,
        records: Iterable[ChatRecord] = (),
        users: Mapping[int, str] | None = None,
        open_lines: Iterable[tuple[str, int, OpenLineChat]] = (),
        lines_staff: bool = True,
        result_shape: Literal["object", "int"] = "object",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if result_shape not in ("object", "int"):
            raise ValueError("result_shape must be 'object' or 'int'")
        self.user_id = user_id
        self._token = token
        self.scopes = tuple(scopes)
        self._lock = threading.Lock()
        self._bindings: dict[tuple[str, str], int] = {}
        self._bound_to: dict[int, tuple[str, str]] = {}  # chat ID -> its first binding
        for (entity_type, entity_id), chat_id in (chats or {}).items():
            self.set_chat(entity_type, entity_id, chat_id)
        self.chats = Chats(users=dict(users or {user_id: "Demo Admin"}), lines_staff=lines_staff)
        self.chats.add(records)
        for kind, entity, chat in open_lines:
            self.chats.link_open_line(kind, entity, chat)
        self.result_shape = result_shape
        self._clock = clock
        self.bucket = LeakyBucket(rate, burst, clock=clock)
        self.stats = EmulatorStats()
        self.faults = FaultQueue()
        self._interrupted = threading.Event()

    def __repr__(self) -> str:
        return f"Portal(user_id={self.user_id}, token=****)"

    @property
    def webhook_path(self) -> str:
        """``/rest/<user>/<token>/``: the secret part of the webhook URL."""
        return f"/rest/{self.user_id}/{self._token}/"

    # ----- test controls ---------------------------------------------------------------------

    def set_chat(self, entity_type: str, entity_id: str, chat_id: int) -> None:
        """Bind an entity to a chat, as ``im.chat.get`` will answer it."""
        with self._lock:
            self._bindings[(entity_type, entity_id)] = chat_id
            self._bound_to.setdefault(chat_id, (entity_type, entity_id))

    # ----- the data, for the methods ---------------------------------------------------------

    def binding(self, entity_type: str, entity_id: str) -> int | None:
        with self._lock:
            return self._bindings.get((entity_type, entity_id))

    def record(self, chat_id: int) -> ChatRecord | None:
        """A chat's record; a bound chat given without one reads as the webhook user's."""
        found = self.chats.find(chat_id)
        if found is not None:
            return found
        with self._lock:
            bound = self._bound_to.get(chat_id)
        return default_record(chat_id, *bound, self.user_id) if bound else None

    def join_crm(self, dialog_id: str) -> int:
        """The side effect a ``crm…`` DIALOG_ID has on a real portal (recorded for the tests)."""
        with self._lock:
            bindings = dict(self._bindings)
        chat_id = self.chats.join_crm(dialog_id, self.user_id, bindings)
        record = self.chats.find(chat_id)
        if record is not None and self.binding(record.entity_type, record.entity_id) is None:
            self.set_chat(record.entity_type, record.entity_id, chat_id)
        return chat_id

    def inject(self, fault: Fault, count: int = 1, *, method: str | None = None) -> None:
        """The next ``count`` requests for ``method`` (any method when None) get ``fault``."""
        self.faults.add(fault, count, method_name(method) if method else None)

    def clear_faults(self) -> None:
        self.faults.clear()

    def reset_stats(self) -> None:
        self.stats.clear()

    # ----- waits that a stopping server cuts short -------------------------------------------

    def wait(self, seconds: float) -> bool:
        """Wait (a "slow" fault); False when :meth:`interrupt` cut the wait short."""
        return not self._interrupted.wait(max(0.0, seconds))

    @property
    def stopping(self) -> bool:
        """True once the server stops: endless answers end."""
        return self._interrupted.is_set()

    def interrupt(self) -> None:
        self._interrupted.set()

    def resume(self) -> None:
        self._interrupted.clear()

    # ----- one request, step by step ---------------------------------------------------------

    def credentials_ok(self, user: str, token: str) -> bool:
        return user == str(self.user_id) and hmac.compare_digest(
            token.encode("utf-8", "replace"), self._token.encode("utf-8")
        )

    def admit(self, method: str) -> bool:
        """The portal's limiter stands in front of everything: False means answer 503."""
        at = self._clock()
        if not self.bucket.try_acquire():
            self.stats.count_rejected()
            return False
        self.stats.count_admitted(method, at)
        return True

    def take_fault(self, method: str) -> Fault | None:
        return self.faults.take(method)

    def call(self, method: str, params: Mapping[str, Any], *, in_batch: bool = False) -> Outcome:
        """Run one method as the portal would; raises :class:`SpoiledAnswer` from a batch."""
        if method == "batch" and in_batch:
            return error(
                400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"
            )
        known = METHODS.get(method)
        if known is None:
            return error(*NOT_FOUND)
        scope, run = known
        if scope is not None and scope not in self.scopes:
            return error(*NO_SCOPE)
        self.stats.count_call(method)
        return run(self, params)

    # ----- the methods -----------------------------------------------------------------------

    def profile(self, params: Mapping[str, Any]) -> Outcome:
        return Outcome(
            {
                "ID": str(self.user_id),
                "ADMIN": True,
                "NAME": "Demo",
                "LAST_NAME": "Admin",
                "PERSONAL_GENDER": "",
                "TIME_ZONE": "",
            }
        )

    def scope(self, params: Mapping[str, Any]) -> Outcome:
        return Outcome(list(self.scopes))

    def batch(self, params: Mapping[str, Any]) -> Outcome:
        cmd = params.get("cmd") or {}
        if isinstance(cmd, list):
            cmd = {str(i): c for i, c in enumerate(cmd)}
        if not isinstance(cmd, dict):
            return error(400, "ERROR_BATCH_METHOD_NOT_ALLOWED", "cmd must be a map of commands")
        if len(cmd) > MAX_BATCH:
            return error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
        halt = str(params.get("halt", "0")).strip().lower() in ("1", "true", "y", "yes")
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        times: dict[str, Any] = {}
        for key, command in cmd.items():
            started = time.time()
            outcome = self._batch_command(command)
            if outcome.ok:
                results[str(key)] = outcome.result
            else:
                errors[str(key)] = {
                    "error": outcome.error,
                    "error_description": outcome.description,
                }
            times[str(key)] = time_block(started)
            if halt and not outcome.ok:
                break
        return Outcome(
            {
                "result": php_array(results),
                "result_error": php_array(errors),
                "result_total": [],
                "result_next": [],
                "result_time": php_array(times),
            }
        )

    def _batch_command(self, command: Any) -> Outcome:
        if not isinstance(command, str):
            return error(*NOT_FOUND)
        name, _, query = command.partition("?")
        method = method_name(name)
        params = php_params(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if method in METHODS:  # an unknown method cannot draw a fault meant for a real one
            fault = self.faults.take(method, command=True)
            if fault is not None:
                if fault.kind in IN_BATCH:
                    return error(*IN_BATCH[fault.kind])
                if fault.kind != "slow":
                    raise SpoiledAnswer(fault)
                self.wait(fault.seconds)
        return self.call(method, params, in_batch=True)


METHODS: dict[str, tuple[str | None, Method]] = {
    "im.chat.get": ("im", chat_methods.chat_get),
    "im.dialog.get": ("im", chat_methods.dialog_get),
    "imopenlines.dialog.get": ("imopenlines", chat_methods.lines_dialog_get),
    "imopenlines.crm.chat.get": ("imopenlines", chat_methods.crm_chat_get),
    "profile": (None, Portal.profile),
    "scope": (None, Portal.scope),
    "batch": (None, Portal.batch),
}
