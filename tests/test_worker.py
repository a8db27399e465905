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
from gui.desktop.jobs import Job
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
    """Every outcome of the jobs watched, in arrival order, with the job it came to."""

    def __init__(self, *jobs: Job) -> None:
        self.items: list[tuple[str, Job, Any]] = []
        for job in jobs:
            self.watch(job)

    def watch(self, job: Job) -> Job:
        job.succeeded.connect(lambda value: self.items.append(("ok", job, value)))
        job.failed.connect(lambda error: self.items.append(("error", job, error)))
        return job


def ref(text: str) -> EntityRef:
    return EntityRef.parse("CRM", text)


def test_lookup_succeeds_with_the_portals_chat_id(
    qtbot: QtBot, controller: WorkerController
) -> None:
    job = controller.lookup(ref("LEAD|3"))
    with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [1003]
    assert job.finished


def test_each_job_hears_only_its_own_answer(qtbot: QtBot, controller: WorkerController) -> None:
    first, second = controller.lookup(ref("LEAD|1")), controller.lookup(ref("LEAD|7"))
    heard_first, heard_second = Outcomes(first), Outcomes(second)
    qtbot.waitUntil(lambda: second.finished, timeout=5000)
    assert [(kind, value) for kind, _, value in heard_first.items] == [("ok", 1001)]
    assert [(kind, value) for kind, _, value in heard_second.items] == [("ok", None)]


def test_lookups_are_answered_in_order(qtbot: QtBot, controller: WorkerController) -> None:
    outcomes = Outcomes()
    jobs = [outcomes.watch(controller.lookup(ref(f"DEAL|{n}"))) for n in (1, 2, 3, 6)]
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
        job = ctl.lookup(ref("LEAD|1"))
        with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
            pass
        error = blocker.args[0]
        assert isinstance(error, InvalidInputError) and error.message == NO_WEBHOOK
    finally:
        ctl.shutdown()


def test_unexpected_exception_becomes_one_failure(
    qtbot: QtBot, controller: WorkerController
) -> None:
    outcomes = Outcomes()

    def broken(_cancelled: object) -> object:
        raise ZeroDivisionError("boom")

    job = outcomes.watch(controller.submit(broken))
    after = outcomes.watch(controller.lookup(ref("LEAD|1")))  # the thread survives the failure
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
    portal.inject(Fault("503"), count=2)
    job = controller.lookup(ref("LEAD|2"))
    job.progress.connect(events.append)
    with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args[0] == 1002
    assert [e.kind for e in events if e.kind == "retrying"] == ["retrying", "retrying"]


def test_missing_scope_is_a_scope_error(qtbot: QtBot) -> None:
    with PortalEmulator(chats=sample_chats(), scopes=("crm",)) as portal:
        ctl = WorkerController()
        ctl.configure(WebhookUrl.parse(portal.webhook_url), FAST)
        try:
            job = ctl.lookup(ref("LEAD|1"))
            with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
                pass
        finally:
            ctl.shutdown()
    assert isinstance(blocker.args[0], ScopeError)


def test_test_connection_uses_its_own_client(qtbot: QtBot, portal: PortalEmulator) -> None:
    ctl = WorkerController()  # not configured: the unsaved settings are tested
    try:
        job = ctl.test_connection(WebhookUrl.parse(portal.webhook_url), FAST)
        with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
            pass
    finally:
        ctl.shutdown()
    value = blocker.args[0]
    assert value["profile"]["ID"] in (1, "1")
    assert "im" in value["scopes"]
    assert ctl.shared_client() is None


def test_shutdown_during_a_slow_request_is_bounded(
    qtbot: QtBot, controller: WorkerController, portal: PortalEmulator
) -> None:
    outcomes = Outcomes()
    portal.inject(Fault("slow", seconds=30))
    jobs = [outcomes.watch(controller.lookup(ref(f"LEAD|{n}"))) for n in (1, 2)]
    qtbot.waitUntil(lambda: portal.stats.requests >= 1, timeout=5000)
    started = time.perf_counter()
    assert controller.shutdown(3000)
    assert time.perf_counter() - started < 1.5
    assert not controller.is_running()
    # each job ended exactly once, as a cancellation
    assert sorted(jobs.index(job) for _, job, _ in outcomes.items) == [0, 1]
    assert all(isinstance(error, CancelledError) for _, _, error in outcomes.items)
    qtbot.wait(50)  # late signals from the stopped thread must not add outcomes
    assert len(outcomes.items) == 2
    assert controller.shutdown(100)  # twice is fine


def test_an_answer_for_a_closed_receiver_is_dropped(
    qtbot: QtBot, controller: WorkerController
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    heard: list[object] = []
    receiver, witness = QObject(), QObject()
    job = controller.lookup(ref("LEAD|1"))
    job.then(receiver, heard.append)
    job.then(witness, heard.append)
    receiver.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.waitSignal(job.succeeded, timeout=5000):
        pass
    assert heard == [1001]  # only the receiver still alive heard it, and nothing crashed
