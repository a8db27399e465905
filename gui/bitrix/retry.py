"""When a failed call is tried again, and after how long: the client's retry policy.

One :class:`RetryBudget` per call keeps its counts; each failure asks it for the wait before the
next attempt, or None to give up. Plain data and arithmetic, so it is tested without a network.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import errors
from .client_config import ClientConfig
from .errors import BitrixError

# Codes a retry cannot fix, whatever HTTP status carries them: blocked by hand, a rejected
# webhook, a missing scope, a batch the portal refuses as sent.
NEVER_RETRIED = frozenset({"OVERLOAD_LIMIT", "INVALID_CREDENTIALS", "INSUFFICIENT_SCOPE"})
NEVER_RETRIED_PREFIX = "ERROR_BATCH_"


def is_retryable(error: BitrixError) -> bool:
    """A transient fault (network, 5xx) other than a TLS failure or a code in NEVER_RETRIED."""
    if not isinstance(error, errors.NetworkError | errors.ServerError) or error.code == "TLS":
        return False
    code = error.code.upper()
    return code not in NEVER_RETRIED and not code.startswith(NEVER_RETRIED_PREFIX)


@dataclass
class RetryBudget:
    """What one call has used of its retries; each ``after_*`` returns the wait or None."""

    config: ClientConfig
    attempt: int = 1  # the attempt under way, counting faults only
    rate_limited: int = 0  # 503 QUERY_LIMIT_EXCEEDED answers so far
    in_a_row: int = 0  # consecutive 503s: a storm backs off, a collision costs one interval
    operation_waited: bool = False

    def after_rate_limited(self) -> float | None:
        self.rate_limited += 1
        self.in_a_row += 1
        if self.rate_limited > self.config.max_rate_limited:
            return None
        return self.config.rate_limited_wait(self.in_a_row)

    def after_operation_limited(self, seconds_to_reset: float) -> float | None:
        """A 429: wait for the method's reset once, and only when it is near."""
        if self.operation_waited or seconds_to_reset > self.config.operation_wait_max:
            return None
        self.operation_waited = True
        self.in_a_row = 0
        return max(0.0, seconds_to_reset)

    def after_fault(self, error: BitrixError) -> float | None:
        self.in_a_row = 0
        if not is_retryable(error) or self.attempt >= self.config.max_attempts:
            return None
        wait = self.config.backoff_after(self.attempt)
        self.attempt += 1
        return wait
