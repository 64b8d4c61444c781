"""Every shipped scenario declares the real minutes a person takes, and the figure is honest."""

from __future__ import annotations

import pytest

from simulator.pacing import TIER_MINUTES, measured_minutes
from simulator.scenarios import load_scenario_file, shipped_scenarios


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_declared_real_minutes_match_the_human_paced_expert(path):
    scenario = load_scenario_file(path)
    declared = scenario.shift.real_minutes
    assert declared is not None, f"{path.name}: set shift.real_minutes (see docs/authoring.md)"
    low, high = TIER_MINUTES[scenario.tier]
    assert low <= declared <= high, f"{path.name}: {declared} min is outside {low}-{high}"
    (measured,) = measured_minutes(scenario, [1])
    assert abs(measured - declared) <= max(3.0, 0.25 * declared), (
        f"{path.name}: declares {declared} min, the human-paced expert takes {measured:.1f}")
