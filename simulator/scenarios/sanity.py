"""Things a valid scenario may say that are probably not what its author meant (warnings).

``scenario validate`` prints them beside the file's line and still accepts the file: a
provider working outside the shift, a busy period outside it, an outage outlasting it, a
pre-authorization rule for a visit no provider offers, a dialogue no event uses, an event
that needs a clinician when none is working (a referral, a red-flag call for the duty
clinician, a callout's cover whose day is over), and overlaps that cannot happen (an
outage of a system that is already out, a clinician calling out twice).
"""

from __future__ import annotations

from simulator.errors import Problem
from simulator.positions import Positions
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes


def _span(text: str) -> tuple[int, int]:
    """``"08:00-11:30"`` as minutes of the day (480, 690)."""
    a, b = (clock_to_minutes(x) for x in text.split("-"))
    return a, b


def _outside(span: str, start: int, end: int) -> bool:
    a, b = _span(span)
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
    out += _no_clinician(scn, pos) + _overlaps(scn, pos)
    used = {getattr(event, "dialogue", None) for event in scn.events}
    for i, dialogue in enumerate(scn.dialogues):
        if dialogue.id not in used:
            out.append(pos.problem(("dialogues", i, "id"),
                                   f"no event uses dialogue '{dialogue.id}'",
                                   "name it in an event's 'dialogue', or remove it"))
    return out


def _working(hours: str, minute: int) -> bool:
    a, b = _span(hours)
    return a <= minute < b


#: Events that only a clinician can take, and what the warning calls them.
_NEEDS_CLINICIAN = {"referral_conflict": "the referral's conflict",
                    "red_flag_call": "a red-flag caller who cannot call 911 themselves"}


def _no_clinician(scn: Scenario, pos: Positions) -> list[Problem]:
    """Events that need a clinician at a moment when no provider is working."""
    hours = {p.id: p.hours for p in scn.clinic.providers}
    out = []
    for i, event in enumerate(scn.events):
        at = clock_to_minutes(event.at)
        what = _NEEDS_CLINICIAN.get(event.kind)
        if event.kind == "red_flag_call" and getattr(event, "can_call_911", True):
            what = None  # the caller is sent to 911: no clinician is needed
        if what and not any(_working(h, at) for h in hours.values()):
            out.append(pos.problem(("events", i, "at"),
                                   f"no clinician is working at {event.at} to take {what}",
                                   "move the event into a provider's hours"))
        cover = getattr(event, "coverage", None)
        if event.kind == "clinician_callout" and cover in hours and _span(hours[cover])[1] <= at:
            out.append(pos.problem(("events", i, "coverage"),
                                   f"{cover}'s day ({hours[cover]}) is over by {event.at}: "
                                   "they cannot absorb any visit",
                                   "name a provider who works later"))
    return out


def _overlaps(scn: Scenario, pos: Positions) -> list[Problem]:
    """An outage that starts while the same system is already out; a second callout."""
    out = []
    until: dict[str, tuple[int, str]] = {}
    called_out: set[str] = set()
    order = sorted(range(len(scn.events)), key=lambda i: clock_to_minutes(scn.events[i].at))
    for i in order:
        event = scn.events[i]
        at = clock_to_minutes(event.at)
        if event.kind in ("ehr_outage", "power_outage"):
            end, began = until.get(event.kind, (-1, ""))
            if at < end:
                out.append(pos.problem(("events", i, "at"),
                                       f"this {event.kind.replace('_', ' ')} starts at "
                                       f"{event.at}, while the one from {began} is still on",
                                       "merge the two, or start this one after it ends"))
            until[event.kind] = max((end, began), (at + getattr(event, "minutes", 0),
                                                    event.at))
        provider = getattr(event, "provider", None)
        if event.kind == "clinician_callout" and provider is not None:
            if provider in called_out:
                out.append(pos.problem(("events", i, "provider"),
                                       f"{provider} already called out earlier in the shift",
                                       "remove one of the two callouts"))
            called_out.add(provider)
    return out
