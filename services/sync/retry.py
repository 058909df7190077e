"""When to try an outbox item again after a temporary failure.

Exponential backoff spreads retries out so a flaky server is not hammered;
jitter keeps several items (or several Tresen windows) from retrying in
lock-step; a server's own "try later" (SMTP 4xx with a hint, HTTP
Retry-After) wins over our guess, capped so a bogus header cannot park a
reply for days. Pure and with an injectable random source, so tests pin it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``delay(n)`` = min(cap, base · factor^(n-1)) plus up to ``jitter`` of that.

    ``attempts`` counts tries made so far (1 after the first failure).
    """

    base: float = 30.0
    factor: float = 2.0
    cap: float = 3600.0
    jitter: float = 0.25
    retry_after_cap: float = 6 * 3600.0
    rand: Callable[[], float] = field(default=random.random, compare=False)

    def __post_init__(self) -> None:
        if self.base <= 0 or self.factor < 1 or self.cap < self.base or self.jitter < 0:
            raise ValueError("retry policy needs base > 0, factor >= 1, cap >= base, jitter >= 0")

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Seconds to wait before the next try."""
        if retry_after is not None and retry_after >= 0:
            return min(float(retry_after), self.retry_after_cap)
        exponent = max(attempts, 1) - 1
        # Compare in the exponent's domain first: factor**exponent overflows for large counts.
        backoff = self.cap if exponent > 64 else min(self.cap, self.base * self.factor**exponent)
        return backoff + backoff * self.jitter * self.rand()
