"""The retry policy: exponential, capped, jittered, and the server's wish first."""

from __future__ import annotations

import pytest

from services.sync import RetryPolicy


def test_backoff_doubles_up_to_the_cap_without_jitter() -> None:
    policy = RetryPolicy(base=30, factor=2, cap=600, jitter=0.0, rand=lambda: 0.9)
    assert [policy.delay(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 600, 600]


def test_jitter_adds_up_to_its_fraction_from_the_injected_random() -> None:
    low = RetryPolicy(base=100, jitter=0.5, rand=lambda: 0.0)
    high = RetryPolicy(base=100, jitter=0.5, rand=lambda: 1.0)
    assert (low.delay(1), high.delay(1)) == (100, 150)
    assert (low.delay(3), high.delay(3)) == (400, 600)


def test_retry_after_wins_and_is_capped() -> None:
    policy = RetryPolicy(base=30, retry_after_cap=3600, rand=lambda: 1.0)
    assert policy.delay(5, retry_after=12) == 12
    assert policy.delay(1, retry_after=0) == 0
    assert policy.delay(1, retry_after=10**9) == 3600
    assert policy.delay(1, retry_after=-5) == 30 * 1.25  # a nonsense header is ignored


def test_huge_attempt_counts_do_not_overflow() -> None:
    policy = RetryPolicy(base=30, factor=2, cap=3600, jitter=0.0)
    assert policy.delay(10_000) == 3600


@pytest.mark.parametrize("kwargs", [{"base": 0}, {"factor": 0.5}, {"cap": 1, "base": 5},
                                    {"jitter": -1}])
def test_nonsense_policies_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="retry policy"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
