"""WorkerController: one thread, ordered jobs, exactly one outcome each, bounded shutdown."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gui.bitrix.client_config import ClientConfig, ClientEvent
from gui.bitrix.entities import EntityRef
from gui.bitrix.errors import BitrixError, CancelledError, InvalidInputError, ScopeError
from gui.bitrix.webhook import WebhookUrl
from gui.demo.emulator import Fault, PortalEmulator, sample_chats
from gui.desktop.worker import NO_WEBHOOK, WorkerController

FAST = ClientConfig(rate=1000, burst=1000, backoff=0.01, max_attempts=2)


@pytest.fixture
def portal() -> Iterator[PortalEmulator]:
    with PortalEmulator(chats=sample_chats(), rate=1000, burst=1000) as emulator:
        yield emulator


@pytest.fixture
def controller(portal: PortalEmulator) -> Iterator[WorkerController]:
    ctl = WorkerController()
    ctl.configure(WebhookUrl.parse(portal.webhook_url), FAST)
    yield ctl
    ctl.shutdown(3000)


class Outcomes:
    """Every outcome of a controller, in arrival order."""

    def __init__(self, ctl: WorkerController) -> None:
        self.items: list[tuple[str, int, Any]] = []
        ctl.succeeded.connect(lambda job, value: self.items.append(("ok", job, value)))
        ctl.failed.connect(lambda job, error: self.items.append(("error", job, error)))


def ref(text: str) -> EntityRef:
    return EntityRef.parse("CRM", text)


def test_lookup_succeeds_with_the_portals_chat_id(
    qtbot: QtBot, controller: WorkerController
) -> None:
    with qtbot.waitSignal(controller.succeeded, timeout=5000) as blocker:
        job = controller.lookup(ref("LEAD|3"))
    assert blocker.args == [job, 1003]


def test_lookups_are_answered_in_order(qtbot: QtBot, controller: WorkerController) -> None:
    outcomes = Outcomes(controller)
    jobs = [controller.lookup(ref(f"DEAL|{n}")) for n in (1, 2, 3, 6)]
    qtbot.waitUntil(lambda: len(outcomes.items) == 4, timeout=5000)
    assert [(kind, job) for kind, job, _ in outcomes.items] == [("ok", j) for j in jobs]
    assert [value for *_, value in outcomes.items] == [2001, 2002, 2003, None]


def test_busy_goes_true_then_false(qtbot: QtBot, controller: WorkerController) -> None:
    states: list[bool] = []
    controller.busy_changed.connect(states.append)
    controller.lookup(ref("LEAD|1"))
    controller.lookup(ref("LEAD|2"))
    assert controller.busy
    qtbot.waitUntil(lambda: states == [True, False], timeout=5000)
    assert not controller.busy


def test_no_webhook_fails_with_a_sentence(qtbot: QtBot) -> None:
    ctl = WorkerController()
    try:
        with qtbot.waitSignal(ctl.failed, timeout=5000) as blocker:
            ctl.lookup(ref("LEAD|1"))
        error = blocker.args[1]
        assert isinstance(error, InvalidInputError) and error.message == NO_WEBHOOK
    finally:
        ctl.shutdown()


def test_unexpected_exception_becomes_one_failure(
    qtbot: QtBot, controller: WorkerController
) -> None:
    outcomes = Outcomes(controller)

    def broken(_cancelled: object) -> object:
        raise ZeroDivisionError("boom")

    job = controller.run(broken)
    after = controller.lookup(ref("LEAD|1"))  # the thread survives the failure
    qtbot.waitUntil(lambda: len(outcomes.items) == 2, timeout=5000)
    kind, failed_job, error = outcomes.items[0]
    assert (kind, failed_job) == ("error", job)
    assert isinstance(error, BitrixError) and error.code == "INTERNAL"
    assert "ZeroDivisionError" in str(error)
    assert outcomes.items[1][:2] == ("ok", after)


def test_retries_come_out_as_progress(
    qtbot: QtBot, controller: WorkerController, portal: PortalEmulator
) -> None:
    events: list[ClientEvent] = []
    controller.progress.connect(lambda _job, event: events.append(event))
    portal.inject(Fault("503"), count=2)
    with qtbot.waitSignal(controller.succeeded, timeout=5000) as blocker:
        controller.lookup(ref("LEAD|2"))
    assert blocker.args[1] == 1002
    assert [e.kind for e in events if e.kind == "retrying"] == ["retrying", "retrying"]


def test_missing_scope_is_a_scope_error(qtbot: QtBot) -> None:
    with PortalEmulator(chats=sample_chats(), scopes=("crm",)) as portal:
        ctl = WorkerController()
        ctl.configure(WebhookUrl.parse(portal.webhook_url), FAST)
        try:
            with qtbot.waitSignal(ctl.failed, timeout=5000) as blocker:
                ctl.lookup(ref("LEAD|1"))
        finally:
            ctl.shutdown()
    assert isinstance(blocker.args[1], ScopeError)


def test_test_connection_uses_its_own_client(qtbot: QtBot, portal: PortalEmulator) -> None:
    ctl = WorkerController()  # not configured: the unsaved settings are tested
    try:
        with qtbot.waitSignal(ctl.succeeded, timeout=5000) as blocker:
            ctl.test_connection(WebhookUrl.parse(portal.webhook_url), FAST)
    finally:
        ctl.shutdown()
    value = blocker.args[1]
    assert value["profile"]["ID"] in (1, "1")
    assert "im" in value["scopes"]
    assert ctl.client is None


def test_shutdown_during_a_slow_request_is_bounded(
    qtbot: QtBot, controller: WorkerController, portal: PortalEmulator
) -> None:
    outcomes = Outcomes(controller)
    portal.inject(Fault("slow", seconds=30))
    jobs = [controller.lookup(ref("LEAD|1")), controller.lookup(ref("LEAD|2"))]
    qtbot.waitUntil(lambda: portal.stats.requests >= 1, timeout=5000)
    started = time.perf_counter()
    assert controller.shutdown(3000)
    assert time.perf_counter() - started < 1.5
    assert not controller.is_running()
    # each job ended exactly once, as a cancellation
    assert sorted(job for _, job, _ in outcomes.items) == jobs
    assert all(isinstance(error, CancelledError) for _, _, error in outcomes.items)
    qtbot.wait(50)  # late signals from the stopped thread must not add outcomes
    assert len(outcomes.items) == 2
    assert controller.shutdown(100)  # twice is fine
