"""How large a shift a scenario asks for, worked out before anything is expanded.

Every rate in a scenario is bounded by the schema, but the bounds multiply: twenty call
types at 120 an hour for twelve hours, at a load factor of 5, is over a hundred thousand
calls. A shift is refused above :data:`MAX_TASKS` (about fifty times the busiest shipped
scenario), so every accepted scenario expands and plays in seconds.
"""

from __future__ import annotations

from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes

#: The most tasks one shift may hold (a shipped shift has about 50 to 100).
MAX_TASKS = 5000


def expected_tasks(scenario: Scenario) -> int:
    """An upper estimate of a shift's tasks.

    Arrivals at the peak load all shift long, every slot booked, and a few tasks per
    scripted event (a clinician out, say, adds calls to the booked patients).
    """
    hours = scenario.shift.minutes / 60
    peak = max([1.0] + [p.factor for p in scenario.arrivals.profile])
    arrivals = scenario.arrivals
    per_hour = (arrivals.walk_ins_per_hour + sum(arrivals.calls_per_hour.values())
                + sum(arrivals.inbox_per_hour.values()))
    start = clock_to_minutes(scenario.shift.start)
    end = start + scenario.shift.minutes
    slots = 0
    for provider in scenario.clinic.providers:
        begin, finish = (clock_to_minutes(x) for x in provider.hours.split("-"))
        open_minutes = max(0, min(end, finish) - max(start, begin))
        slots += open_minutes // scenario.clinic.slot_minutes
    return int(per_hour * hours * peak) + slots + 4 * len(scenario.events)
