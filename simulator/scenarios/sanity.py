"""Things a valid scenario may say that are probably not what its author meant (warnings).

``scenario validate`` prints them beside the file's line and still accepts the file: a
provider working outside the shift, a busy period outside it, an outage outlasting it, a
pre-authorization rule for a visit no provider offers, a dialogue no event uses.
"""

from __future__ import annotations

from simulator.errors import Problem
from simulator.positions import Positions
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes


def _outside(span: str, start: int, end: int) -> bool:
    a, b = (clock_to_minutes(x) for x in span.split("-"))
    return b <= start or a >= end


def sanity_warnings(scn: Scenario, pos: Positions) -> list[Problem]:
    """Every warning for one schema-valid scenario."""
    start = clock_to_minutes(scn.shift.start)
    end = start + scn.shift.minutes
    shift = f"the shift ({scn.shift.start} for {scn.shift.minutes} minutes)"
    out = []
    for i, provider in enumerate(scn.clinic.providers):
        if _outside(provider.hours, start, end):
            out.append(pos.problem(("clinic", "providers", i, "hours"),
                                   f"{provider.id} works {provider.hours}, wholly outside "
                                   f"{shift}: nobody can be booked with them",
                                   "move their hours into the shift"))
    for i, period in enumerate(scn.arrivals.profile):
        if _outside(period.between, start, end):
            out.append(pos.problem(("arrivals", "profile", i, "between"),
                                   f"{period.between} is wholly outside {shift}: the factor "
                                   "never applies", "move the period into the shift"))
    for i, event in enumerate(scn.events):
        minutes = getattr(event, "minutes", None)
        if isinstance(minutes, int) and clock_to_minutes(event.at) + minutes > end:
            out.append(pos.problem(("events", i, "minutes"),
                                   f"the {event.kind.replace('_', ' ')} lasts past the end of "
                                   f"{shift}: the trainee never sees it end",
                                   "shorten it, or start it earlier"))
    offered = {t for p in scn.clinic.providers
               for t in (p.appointment_types or [a.id for a in scn.clinic.appointment_types])}
    for i, payer in enumerate(scn.clinic.payers):
        for j, type_id in enumerate(payer.preauth_required):
            if type_id not in offered:
                out.append(pos.problem(("clinic", "payers", i, "preauth_required", j),
                                       f"no provider offers '{type_id}', so no visit ever "
                                       f"needs {payer.id}'s pre-authorization for it",
                                       "give a provider that appointment type, or drop it"))
    used = {getattr(event, "dialogue", None) for event in scn.events}
    for i, dialogue in enumerate(scn.dialogues):
        if dialogue.id not in used:
            out.append(pos.problem(("dialogues", i, "id"),
                                   f"no event uses dialogue '{dialogue.id}'",
                                   "name it in an event's 'dialogue', or remove it"))
    return out
