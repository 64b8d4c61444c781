"""The fuzzes' Hypothesis budgets, in one place.

Each fuzz runs a small, fixed set of cases in ``make test`` (derandomized: the same cases on
every machine, so a failure there is never luck) and a long, random run in
``make test-slow``. Cases may take a function-scoped fixture (a folder reused across
cases, reset by the case itself) and may be slow (a whole shift played).
"""

from hypothesis import HealthCheck, settings

_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def fixed(examples: int) -> settings:
    """The ``make test`` budget: ``examples`` derandomized cases."""
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=_HEALTH)


def long(examples: int) -> settings:
    """The ``make test-slow`` budget: ``examples`` random cases."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=_HEALTH)
