"""``expand(scenario, seed)``: turn a scenario into one concrete, replayable shift.

Booked check-ins come from the providers' slots; walk-ins, calls and inbox items from
Poisson processes (with the scenario's busier and quieter periods); scripted events are
placed at their clock times. Each concern draws from its own seeded stream, and Faker is
seeded per shift, so the same scenario and seed always give the same shift.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from typing import Any

from simulator.engine import kin, people
from simulator.engine.phrases import (
    CALLS,
    INBOX,
    MEDS,
    RED_FLAGS,
    WALK_IN_REASONS,
    fill,
    med_list,
    say,
)
from simulator.engine.rng import Streams
from simulator.engine.scripted import place_events
from simulator.model import ExpandedShift, Patient, ProviderDay, Slot, TaskSpec
from simulator.protocol import (
    CALL_ROUTES,
    DESK_ROUTES,
    ESTIMATE_MIN_DAYS,
    RED_FLAG_ACT_WITHIN,
    TARGETS,
)
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes


def expand(scenario: Scenario, seed: int) -> ExpandedShift:
    """Build the concrete shift for ``scenario`` and ``seed``.

    Args:
        scenario: A validated scenario.
        seed: Any integer; the same seed always gives the same shift.

    Returns:
        The frozen, JSON-serialisable shift.

    """
    rng = Streams(seed)
    start = clock_to_minutes(scenario.shift.start) * 60
    length = scenario.shift.minutes * 60
    roster = people.Roster(scenario, seed, rng)
    providers, slots = _provider_days(scenario, start, length, rng)
    tasks: list[TaskSpec] = []
    counter = itertools.count(1)  # never runs out (scenarios.bounds caps the size)

    def new_id() -> str:
        return f"t{next(counter):03d}"

    # Booked check-ins: one patient per booked slot; most arrive a little early.
    booked: list[Slot] = []
    for slot in slots:
        if rng["slots"].random() >= _booked_share(scenario, slot.provider_id):
            booked.append(slot)
            continue
        slot = _maybe_preauth_visit(slot, scenario, rng)
        patient = roster.new_patient(slot.provider_id, slot.type_id,
                                     fit=kin.fit_for_visit(roster.type_name(slot.type_id)))
        booked.append(slot.model_copy(update={"patient_id": patient.id}))
        if rng["arrivals"].random() < scenario.patients.no_show:
            continue
        arrive = max(0, slot.start - rng["arrivals"].randint(0, 15 * 60))
        # In the building from arrival until the visit ends (plus check-out).
        roster.mark_present(patient.id, arrive, slot.start + (slot.minutes + 15) * 60)
        tasks.append(people.checkin_task(new_id(), arrive, patient, slot, scenario, rng))
    slots = booked

    rate: Callable[[int], float] = _profile(scenario, start)
    for t in _poisson(scenario.arrivals.walk_ins_per_hour, length, rate, rng["walk-ins"]):
        patient = roster.new_patient(roster.any_provider(), None)
        # A walk-in waits to be seen: about an hour and a half in the building.
        roster.mark_present(patient.id, t, t + 90 * 60)
        words = rng["walk-ins"].choice(WALK_IN_REASONS)
        tasks.append(TaskSpec(
            id=new_id(), kind="walk_in", at=t, channel="desk", title=f"Walk-in: {patient.name}",
            urgency="routine", visible_urgency="routine", target=TARGETS["walk_in"],
            patience=rng["patience"].randint(30, 60) * 60, patient_id=patient.id, words=words,
            request={"appointment_type": roster.same_day_type(), "days_out": 0},
            truth={"discrepancy": patient.truth_discrepancy}))

    for call_type, per_hour in sorted(scenario.arrivals.calls_per_hour.items()):
        for t in _poisson(per_hour, length, rate, rng[f"calls:{call_type}"]):
            tasks.append(_call(new_id(), t, call_type, roster, rng,
                               clock_to_minutes(scenario.shift.start) + t // 60))

    for item_type, per_hour in sorted(scenario.arrivals.inbox_per_hour.items()):
        for t in _poisson(per_hour, length, rate, rng[f"inbox:{item_type}"]):
            text, route = rng["inbox"].choice(INBOX[item_type])
            patient = roster.existing_or_new(rng["inbox"])
            words = text.format(name=patient.name, provider=roster.title(patient))
            request: dict[str, Any] = {"item": item_type}
            if item_type == "referral":
                # Every referral lists medicines, conflicting or not: the list alone is no tell.
                meds = med_list(rng["inbox:meds"])
                words += (f" Current medications: {', '.join(meds)}." if meds
                          else " Current medications: none listed.")
                request["medications"] = meds
            tasks.append(TaskSpec(
                id=new_id(), kind="inbox", at=t, channel="inbox",
                title=f"{item_type.replace('_', ' ').capitalize()}: {patient.name}",
                urgency="low", visible_urgency="low", target=TARGETS["inbox"], patience=length,
                patient_id=patient.id, words=words, request=request, truth={"route": route}))

    systems, scripted, overrides = place_events(scenario, start, length, roster, slots, tasks,
                                                rng, new_id)
    tasks = [overrides.get(t.id, t) for t in tasks] + scripted
    tasks.sort(key=lambda t: (t.at, t.id))
    return ExpandedShift(
        scenario_id=scenario.id, title=scenario.title, seed=seed,
        clinic_name=scenario.clinic.name, start_clock=start, length=length,
        time_scale=scenario.shift.time_scale, busy_scale=scenario.shift.busy_scale,
        phone_lines=scenario.clinic.phone_lines,
        duty_clinician=scenario.clinic.duty_clinician,
        appointment_types={t.id: {"name": t.name, "minutes": t.minutes,
                                  "telehealth": t.telehealth, "price": t.self_pay_price}
                           for t in scenario.clinic.appointment_types},
        payers={p.id: {"name": p.name, "preauth": list(p.preauth_required),
                       "referral": list(p.referral_required),
                       **({"medicare": True, "may_not_cover": list(p.may_not_cover)}
                          if p.medicare else {})}
                for p in scenario.clinic.payers},
        providers=tuple(providers), slots=tuple(slots), patients=tuple(roster.patients),
        tasks=tuple(tasks), systems=tuple(systems),
        dialogues={d.id: d.model_dump(mode="json") for d in scenario.dialogues},
        scoring=scenario.scoring.model_dump(mode="json"),
        objectives=tuple(scenario.objectives),
        debrief_notes=dict(scenario.debrief_notes),
    )


def _maybe_preauth_visit(slot: Slot, scenario: Scenario, rng: Streams) -> Slot:
    """With the scenario's ``preauth_needed`` share, make the visit one payers pre-authorize."""
    if rng["preauth"].random() >= scenario.patients.preauth_needed:
        return slot
    needs = {t for p in scenario.clinic.payers for t in p.preauth_required}
    minutes = {t.id: t.minutes for t in scenario.clinic.appointment_types}
    prov = next(p for p in scenario.clinic.providers if p.id == slot.provider_id)
    sees = set(prov.appointment_types) or set(minutes)
    fits = sorted(t for t in needs & sees if minutes[t] <= slot.minutes)
    if not fits:
        return slot
    return slot.model_copy(update={"type_id": rng["preauth"].choice(fits)})


def _booked_share(scenario: Scenario, provider_id: str) -> float:
    return next(p.booked for p in scenario.clinic.providers if p.id == provider_id)


def _provider_days(scenario: Scenario, start: int, length: int,
                   rng: Streams) -> tuple[list[ProviderDay], list[Slot]]:
    """Lay out each provider's slots across their hours (clipped to the shift)."""
    days, slots = [], []
    step = scenario.clinic.slot_minutes * 60
    all_types = [t.id for t in scenario.clinic.appointment_types]
    minutes = {t.id: t.minutes for t in scenario.clinic.appointment_types}
    for prov in scenario.clinic.providers:
        begin, end = (clock_to_minutes(x) * 60 - start for x in prov.hours.split("-"))
        begin, end = max(0, begin), min(length, end)
        types = list(prov.appointment_types) or all_types
        days.append(ProviderDay(id=prov.id, title=prov.title, role=prov.role, start=begin,
                                end=end, type_ids=tuple(types)))
        t = begin
        while t < end:
            type_id = rng["slots"].choice(types)
            span = max(1, math.ceil(minutes[type_id] * 60 / step)) * step
            if t + span > end:
                break
            slots.append(Slot(id=f"{prov.id}@{t}", provider_id=prov.id, start=t,
                              minutes=span // 60, type_id=type_id))
            t += span
    return days, slots


def _profile(scenario: Scenario, start: int) -> Callable[[int], float]:
    """Return the rate multiplier at a shift tick (1.0 outside any period)."""
    periods = []
    for period in scenario.arrivals.profile:
        a, b = (clock_to_minutes(x) * 60 - start for x in period.between.split("-"))
        periods.append((a, b, period.factor))

    def factor(t: int) -> float:
        for a, b, f in periods:
            if a <= t < b:
                return f
        return 1.0

    return factor


def _poisson(per_hour: float, length: int, factor: Callable[[int], float],
             rng: random.Random) -> list[int]:
    """Arrival ticks of a Poisson process with a time-varying rate (thinning)."""
    if per_hour <= 0:
        return []
    peak = per_hour * max([1.0] + [factor(t) for t in range(0, length, 300)]) / 3600
    out: list[int] = []
    t = 0.0
    while True:
        t += rng.expovariate(peak)
        if t >= length - 60:
            return out
        if rng.random() * peak <= per_hour * factor(int(t)) / 3600:
            out.append(int(t))


def _call(task_id: str, t: int, call_type: str, roster: people.Roster,
          rng: Streams, minute_of_day: int) -> TaskSpec:
    """A generated phone call of one type, made at ``minute_of_day`` (for its greeting)."""
    r = rng["calls"]
    # Nobody phones to book while sitting in the waiting room.
    patient = roster.existing_or_new(r, t)
    first = roster.first_name(patient)
    request: dict[str, Any] = {"call_type": call_type}
    truth: dict[str, Any] = {}
    if call_type == "red_flag":
        symptom = r.choice(sorted(RED_FLAGS))
        words = r.choice(RED_FLAGS[symptom])
        truth = {"red_flag": symptom, "can_call_911": True, "act_within": RED_FLAG_ACT_WITHIN}
        # Red-flag callers usually ask for an ordinary visit ("can he come in this
        # afternoon?"), so their request looks like anyone else's; only the words tell.
        ask = rng["calls:red_flag:asks"]
        request.update({"appointment_type": roster.visit_for(patient, ask, t),
                        "provider": patient.provider_id, "days_out": ask.choice([0, 0, 1])})
    else:
        days = r.choice([2, 4, 5, 7, 10, 12])
        # An established patient never books a new-patient visit, a new one books as new.
        visit = roster.visit_for(patient, r, t, ahead=True)
        words = r.choice(CALLS[call_type])
        if CALL_ROUTES[call_type] in DESK_ROUTES:
            # Only a caller who asks about a visit has one on the request form.
            request.update({"appointment_type": visit, "provider": patient.provider_id,
                            "days_out": days})
        name = roster.type_name(visit).lower()
        article = "an" if name[:1] in "aeiou" else "a"
        words = fill(words, minute_of_day, first=first, provider=roster.title(patient),
                     visit=name, a_visit=f"{article} {name}", days=str(days),
                     med=r.choice(MEDS), payer=roster.any_payer_name(r))
        if call_type == "scheduling" and patient.record is None and days >= ESTIMATE_MIN_DAYS:
            truth["estimate_due"] = True
        truth["route"] = CALL_ROUTES[call_type]
    words = say(words, minute_of_day, roster.title(patient))
    return TaskSpec(
        id=task_id, kind="call", at=t, channel="phone", title=f"Call: {patient.phone}",
        urgency="emergency" if call_type == "red_flag" else "routine",
        visible_urgency="routine", target=TARGETS["call"],
        patience=r.randint(35, 90), patient_id=patient.id, caller=patient.phone,
        words=words, request=request,
        truth=truth | {"hold_patience": r.randint(60, 180),
                       "established": roster.is_established(patient.id, t)})


def check_patient(p: Patient) -> None:
    """Assert the synthetic-data rules on one patient (used by tests and lint)."""
    people.assert_synthetic(p)
