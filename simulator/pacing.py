"""How long a shift takes a person: the human-paced expert's real minutes on the desk's clock.

A scenario may declare ``shift.real_minutes`` (measured over many seeds, checked by the
content tests and shown in the picker and ``scenario list``); one that does not is measured
here on one seed, which takes a fraction of a second.
"""

from __future__ import annotations

import statistics

from simulator.bots import make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.scenarios.schema import Scenario

#: Real minutes a person should spend on one shift, per tier (DOMAIN.md 6b; issue 12).
TIER_MINUTES: dict[str, tuple[int, int]] = {
    "orientation": (8, 15), "core": (15, 30), "crisis": (15, 30), "go-live": (1, 45)}


def measured_minutes(scenario: Scenario, seeds: range | list[int], speed: float = 1.0,
                     ) -> list[float]:
    """Real minutes the human-paced expert takes on each seed."""
    out = []
    for seed in seeds:
        shift, _ = run_bot(expand(scenario, seed), make_bot("human-expert", seed, speed))
        out.append(shift.real_seconds / 60)
    return out


def expected_minutes(scenario: Scenario) -> int:
    """The real minutes to show for a scenario: declared, else measured on seed 1."""
    if scenario.shift.real_minutes is not None:
        return scenario.shift.real_minutes
    return max(1, round(statistics.fmean(measured_minutes(scenario, [1]))))
