"""The retry policy on its own: which failures are tried again, and after how long."""

from __future__ import annotations

from gui.bitrix import errors
from gui.bitrix.client_config import ClientConfig
from gui.bitrix.retry import RetryBudget, is_retryable


def test_faults_back_off_by_the_configured_amount_then_give_up() -> None:
    budget = RetryBudget(ClientConfig(max_attempts=3, backoff=0.25, backoff_max=0.4))
    fault = errors.ServerError("boom", http_status=500)
    assert budget.after_fault(fault) == 0.25
    assert budget.after_fault(fault) == 0.4  # doubled, then capped
    assert budget.after_fault(fault) is None
    assert budget.attempt == 3


def test_zero_backoff_retries_at_once() -> None:
    budget = RetryBudget(ClientConfig(backoff=0.0))
    assert budget.after_fault(errors.NetworkError("reset")) == 0.0


def test_tls_and_refusals_are_not_retried() -> None:
    assert not is_retryable(errors.NetworkError("bad certificate", code="TLS"))
    assert not is_retryable(errors.AuthError("no", code="INVALID_CREDENTIALS"))
    assert not is_retryable(errors.BadResponseError("html"))
    assert is_retryable(errors.NetworkError("reset"))


def test_a_503_storm_doubles_its_wait_and_has_a_budget() -> None:
    config = ClientConfig(rate=10.0, max_rate_limited=2, rate_limited_wait_max=1.0)
    budget = RetryBudget(config)
    first = budget.after_rate_limited()
    second = budget.after_rate_limited()
    assert first is not None and second == 2 * first
    assert budget.after_rate_limited() is None


def test_an_operation_limit_is_waited_for_once_and_only_when_near() -> None:
    budget = RetryBudget(ClientConfig(operation_wait_max=5.0))
    assert budget.after_operation_limited(60.0) is None
    assert budget.after_operation_limited(2.0) == 2.0
    assert budget.after_operation_limited(1.0) is None
