"""Rate-limit bookkeeping: read the server's budget and wait before it runs out.

Mastodon answers every API call with ``X-RateLimit-Limit``,
``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (an ISO 8601 time) for
the bucket we are closest to exhausting, and ``429`` once it is empty. We
would rather pause briefly than be refused: when only ``reserve`` calls are
left we sleep until the reset if it is near, and otherwise stop with a
``TemporaryError`` whose ``retry_after`` tells the engine when to come back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from services.channel import TemporaryError

__all__ = ["RateLimiter", "parse_reset", "parse_retry_after"]


def parse_reset(value: str | None) -> float | None:
    """``X-RateLimit-Reset`` as epoch seconds (ISO 8601; epoch numbers accepted too)."""
    if not value:
        return None
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.timestamp() if stamp.tzinfo else None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` in seconds from ``now``: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, parsedate_to_datetime(text).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class _Budget:
    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None


class RateLimiter:
    """One instance per client (a token's budget); not shared across accounts.

    ``now`` and ``sleep`` are injectable so tests can watch it wait without
    waiting. ``max_wait`` is the longest pause taken inline; longer ones are
    handed back to the engine as ``retry_after``.
    """

    def __init__(self, *, reserve: int = 2, max_wait: float = 5.0,
                 now: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._reserve = reserve
        self._max_wait = max_wait
        self._now = now
        self._sleep = sleep
        self._budget = _Budget()

    @property
    def remaining(self) -> int | None:
        return self._budget.remaining

    def seconds_to_reset(self) -> float | None:
        reset = self._budget.reset_at
        return None if reset is None else max(0.0, reset - self._now())

    def before_request(self) -> None:
        """Wait (or refuse) when the budget is nearly spent."""
        budget = self._budget
        if budget.remaining is None or budget.remaining > self._reserve:
            return
        wait = self.seconds_to_reset()
        if wait is None:
            wait = 60.0  # no reset time given: assume a short window
        if wait <= self._max_wait:
            if wait > 0:
                self._sleep(wait)
            self._budget = _Budget()  # a fresh window; the next answer tells us more
            return
        raise TemporaryError("the server's request limit is nearly used up; pausing",
                             retry_after=wait)

    def after_response(self, headers: Mapping[str, str]) -> None:
        def number(name: str) -> int | None:
            value = headers.get(name)
            try:
                return int(value) if value is not None else None
            except ValueError:
                return None

        remaining = number("x-ratelimit-remaining")
        if remaining is None:
            return
        self._budget = _Budget(number("x-ratelimit-limit"), remaining,
                               parse_reset(headers.get("x-ratelimit-reset")))

    def retry_after(self, headers: Mapping[str, str]) -> float | None:
        """How long a 429 asks us to wait: Retry-After, else the bucket's reset."""
        now = self._now()
        wait = parse_retry_after(headers.get("retry-after"), now)
        if wait is None:
            reset = parse_reset(headers.get("x-ratelimit-reset"))
            wait = None if reset is None else max(0.0, reset - now)
        return wait
