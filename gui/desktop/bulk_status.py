"""The sentences of the Bulk tab's status line: pace, the client's waits and retries, the end.

Plain functions in the "BulkView" translation context, so the view only decides when to say
what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.bitrix.bulk import RowStatus
from gui.desktop.bulk_worker import RunOutcome
from gui.desktop.numbers import decimal, whole
from gui.desktop.worker import retry_reason

if TYPE_CHECKING:
    from gui.bitrix.client_config import ClientEvent


def duration(seconds: float) -> str:
    if seconds < 9.95:  # a short run in tenths: "0.4 s", not "Done in 0 s"
        return QCoreApplication.translate("BulkView", "{s} s").format(s=decimal(max(0, seconds)))
    seconds = round(seconds)
    if seconds < 60:
        return QCoreApplication.translate("BulkView", "{s} s").format(s=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return QCoreApplication.translate("BulkView", "{m} min {s} s").format(
            m=minutes, s=f"{seconds:02d}"
        )
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("BulkView", "{h} h {m} min").format(
        h=hours, m=f"{minutes:02d}"
    )


def pace_text(rate: float, seconds_left: float) -> str:
    return QCoreApplication.translate("BulkView", "{rate} rows/s, about {left} left").format(
        rate=whole(rate), left=duration(seconds_left)
    )


def client_news(event: ClientEvent) -> str | None:
    """A rate-limit wait or a retry in words; None for events the line does not show."""
    if event.kind == "retrying":
        return QCoreApplication.translate(
            "BulkView", "Retrying in {seconds} s ({reason}, attempt {attempt})"
        ).format(seconds=decimal(event.seconds), reason=retry_reason(event), attempt=event.attempt)
    if event.kind == "waiting":
        return QCoreApplication.translate(
            "BulkView", "Waiting for the portal's rate limit ({seconds} s)…"
        ).format(seconds=decimal(event.seconds))
    return None


def finished_text(
    outcome: RunOutcome,
    message: str,
    *,
    done: int,
    total: int,
    counts: Mapping[RowStatus, int],
    elapsed: float,
) -> str:
    """How a run ended: its outcome, the rows done and, for a stop, what happens next."""
    summary = QCoreApplication.translate(
        "BulkView", "found: {found}, no chat: {none}, errors: {errors}"
    ).format(
        found=counts[RowStatus.FOUND],
        none=counts[RowStatus.NO_CHAT],
        errors=counts[RowStatus.ERROR],
    )
    if outcome == RunOutcome.DONE:
        return QCoreApplication.translate("BulkView", "Done in {time}: {summary}").format(
            time=duration(elapsed), summary=summary
        )
    if outcome == RunOutcome.CANCELLED:
        return QCoreApplication.translate(
            "BulkView", "Cancelled after {done} of {total} rows: {summary}"
        ).format(done=done, total=total, summary=summary)
    if outcome == RunOutcome.FAILED:
        return QCoreApplication.translate(
            "BulkView",
            "The run stopped on an unexpected error ({message}); it can be "
            "resumed from the journal next time",
        ).format(message=message)
    if message:  # the portal stopped answering: the rows not answered wait for Resume
        return QCoreApplication.translate(
            "BulkView", "Stopped after {done} of {total} rows: {message}. Resume retries the rest"
        ).format(done=done, total=total, message=message)
    return QCoreApplication.translate("BulkView", "Stopped: the run can be resumed next time")
