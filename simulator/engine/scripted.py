"""Place a scenario's scripted events into the shift as tasks and system changes."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, NamedTuple, TypedDict

from simulator.engine import kin, scripted_everyday
from simulator.engine.people import Roster, plant, unanswered
from simulator.engine.phrases import IMMINENT_SUICIDAL_WORDS, RED_FLAGS, say
from simulator.engine.rng import Streams
from simulator.model import Insurance, Patient, Slot, SystemEvent, TaskSpec
from simulator.protocol import ESTIMATE_MIN_DAYS, TARGETS, TELEHEALTH_FIX, needs_referral
from simulator.scenarios.events import InsuranceProblem
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes

#: The fix for each telehealth problem, as the trainee's command names it.

TELEHEALTH_WORDS = {
    "cannot_connect": "The video link just spins. My visit starts in five minutes!",
    "wrong_link": "The link in my text message opens someone else's waiting room.",
    "no_consent_on_file": "The app says I haven't agreed to something before my video visit.",
    "patient_travelling": "I'm visiting my sister out of state this week. Can I still do the "
                          "video visit from here?",
}

PRIVACY_WORDS = {
    "appointment_times": "When is {name}'s next appointment? I want to drive them.",
    "test_results": "I'm calling about {name}'s test results. What did they show?",
    "diagnosis": "What exactly is wrong with {name}? Nobody tells me anything.",
    "balance": "How much does {name} owe you? I'd like to pay it off for them.",
    "address": "Can you give me {name}'s current address? We lost touch.",
    "records": "I need copies of {name}'s chart from last year.",
}


class _Placed(TypedDict):
    """The fields every task placed from one scripted event shares."""

    id: str
    at: int
    event_id: str
    dialogue_id: str | None


def place_events(scenario: Scenario, start: int, length: int, roster: Roster,
                 slots: list[Slot], tasks: list[TaskSpec], rng: Streams,
                 new_id: Callable[[], str],
                 ) -> tuple[list[SystemEvent], list[TaskSpec], dict[str, TaskSpec]]:
    """Turn scripted events into system events, new tasks and changed check-ins.

    Returns:
        (system events, new tasks, check-in tasks replaced by id).

    """
    systems: list[SystemEvent] = []
    new: list[TaskSpec] = []
    overrides: dict[str, TaskSpec] = {}
    dialogues = {d.id: d for d in scenario.dialogues}
    r = rng["events"]
    for index, ev in enumerate(scenario.events):
        at = clock_to_minutes(ev.at) * 60 - start
        eid = ev.id or f"{ev.kind.replace('_', '-')}-{index + 1}"
        dialogue: str | None = getattr(ev, "dialogue", None)
        opening = dialogues[dialogue].beats[0].says if dialogue else ""
        # The person the dialogue is about fits what is said of them (kin.fit_for).
        speaker = dialogues[dialogue].speaker if dialogue else "patient"
        fit = kin.fit_for(speaker, opening)
        base: _Placed = {"id": new_id(), "at": at, "event_id": eid, "dialogue_id": dialogue}
        if ev.kind in ("ehr_outage", "power_outage"):
            until = min(length, at + ev.minutes * 60)
            detail = ({"grace": ev.grace_minutes * 60} if ev.kind == "ehr_outage"
                      else {"backup_fails": ev.backup_fails, "elevator": ev.elevator,
                            "vaccine_fridge": ev.vaccine_fridge,
                            "burning_smell": ev.burning_smell})
            systems.append(SystemEvent(kind=ev.kind, at=at, until=until, event_id=eid,
                                       detail=detail))
            title = "EHR down" if ev.kind == "ehr_outage" else "Power failure"
            words = ("The EHR shows 'connection lost' on every screen." if ev.kind == "ehr_outage"
                     else "The lights die. The backup generator coughs and stops."
                     if ev.backup_fails else "The lights flicker; the backup holds.")
            if ev.kind == "power_outage" and ev.burning_smell:
                words += (" A patient by the hallway says she can smell something burning, "
                          "like hot plastic.")
            new.append(TaskSpec(**base, kind=ev.kind, channel="system", title=title,
                                urgency="urgent", visible_urgency="urgent",
                                target=TARGETS[ev.kind], patience=length, words=words,
                                request={"until_known": False}, truth={"until": until}))
        elif ev.kind == "clinician_callout":
            moved = [s.id for s in slots
                     if s.provider_id == ev.provider and s.patient_id and s.start >= at]
            systems.append(SystemEvent(kind=ev.kind, at=at, event_id=eid,
                                       detail={"provider": ev.provider,
                                               "coverage": ev.coverage}))
            who = next(p.title for p in scenario.clinic.providers if p.id == ev.provider)
            new.append(TaskSpec(
                **base, kind="callout", channel="system",
                title=f"{who} out ({ev.reason.replace('_', ' ')}): {len(moved)} visits to move",
                urgency="urgent", visible_urgency="urgent", target=TARGETS["callout"],
                patience=length, words=f"{who} just called in {ev.reason.replace('_', ' ')}.",
                request={"provider": ev.provider, "coverage": ev.coverage, "slots": moved},
                # Some patients do not pick up: a voicemail first, a second call later.
                truth={"no_answer": unanswered(moved, rng["callout:answers"])}))
        elif ev.kind == "angry_patient":
            patient = roster.fitting(r, fit, at)
            new.append(TaskSpec(
                **base, kind="angry_patient",
                channel="desk" if ev.channel == "in_person" else "phone",
                title=f"Upset {kin.who(speaker)} ({ev.grievance.replace('_', ' ')}): "
                      f"{patient.name}",
                urgency="urgent", visible_urgency="urgent", target=TARGETS["angry_patient"],
                patience=r.randint(8, 15) * 60, patient_id=patient.id, caller=patient.phone,
                words=opening or "I want to talk to someone about this right now.",
                request={"grievance": ev.grievance}, truth={"hold_patience": 90}))
        elif ev.kind == "medical_emergency":
            new.append(TaskSpec(
                **base, kind="medical_emergency", channel="desk",
                title=f"Waiting room: {ev.person} {ev.presentation.replace('_', ' ')}",
                urgency="emergency", visible_urgency="emergency", target=ev.target_seconds,
                patience=length,
                words=_emergency_words(ev.presentation, ev.family_present),
                request={"presentation": ev.presentation, "family_present": ev.family_present,
                         "collapse": ev.presentation == "collapse"}))
        elif ev.kind == "threat":
            new.append(TaskSpec(
                **base, kind="threat", channel="phone" if ev.person == "caller" else "desk",
                title=f"Threatening {ev.person}", urgency="emergency",
                visible_urgency="emergency", target=ev.target_seconds, patience=length,
                words=opening or "You people are going to regret this. I mean it.",
                request={"behaviour": ev.behaviour,
                         "threatens_patient": ev.threatens_patient},
                truth={"hold_patience": 120}))
        elif ev.kind == "red_flag_call":
            patient = roster.fitting(r, fit, at)
            phrases = IMMINENT_SUICIDAL_WORDS if ev.symptom == "suicidal_intent" and \
                ev.imminent else RED_FLAGS[ev.symptom]
            words = opening or ev.words or say(
                r.choice(phrases), clock_to_minutes(ev.at), roster.title(patient))
            new.append(TaskSpec(
                **base, kind="call", channel="phone", title=f"Call: {patient.phone}",
                urgency="emergency", visible_urgency="routine", target=TARGETS["call"],
                patience=r.randint(60, 120), patient_id=patient.id, caller=patient.phone,
                # On screen it is a call like any other: the caller's ask, in the same fields
                # a routine booking has. Only the words say it is an emergency.
                words=words, request={"call_type": "red_flag",
                                      "appointment_type": roster.bookable_type(
                                          patient.provider_id, r),
                                      "provider": patient.provider_id, "days_out": 0},
                truth={"red_flag": ev.symptom, "can_call_911": ev.can_call_911,
                       "imminent": ev.imminent,
                       "act_within": ev.target_seconds, "hold_patience": 60,
                       "asks_for": ev.asks_for}))
        elif ev.kind == "privacy_request":
            patient = (roster.fitting(r, fit, at) if dialogue else r.choice(roster.patients)
                       if roster.patients else roster.new_patient(roster.any_provider(), None))
            words = opening or PRIVACY_WORDS[ev.asks_for].format(name=patient.name)
            new.append(TaskSpec(
                **base, kind="privacy_request",
                channel="desk" if ev.channel == "in_person" else "phone",
                title=f"Request about {patient.name}", urgency="routine",
                visible_urgency="routine",
                target=TARGETS["call" if ev.channel == "phone" else "privacy_request"],
                patience=r.randint(60, 120) if ev.channel == "phone" else 20 * 60,
                patient_id=patient.id, caller=f"(617) 555-01{r.randint(0, 99):02d}",
                words=words, request={"requester": ev.requester, "asks_for": ev.asks_for},
                truth={"authorized": ev.authorized, "hold_patience": 120}))
        elif ev.kind == "referral_conflict":
            patient = r.choice(roster.patients) if roster.patients else roster.new_patient(
                roster.any_provider(), None)
            new.append(TaskSpec(
                **base, kind="inbox", channel="inbox",
                title=f"Referral: {patient.name}", urgency="routine", visible_urgency="low",
                target=TARGETS["inbox"], patience=length, patient_id=patient.id,
                words=f"Referral for {patient.name} to {ev.specialty}. "
                      f"Current medications: {ev.medication}.",
                request={"item": "referral", "medications": [ev.medication]},
                truth={"route": "clinician", "conflict": ev.conflict}))
        elif ev.kind == "insurance_problem":
            _plant_problem(ev, at, roster, tasks, overrides, scenario, r, new, base, slots)
        elif ev.kind == "good_faith_estimate":
            patient = roster.new_patient(roster.any_provider(), None)
            patient = patient.model_copy(update={"record": None, "card": None,
                                                 "truth_discrepancy": None})
            roster.replace(patient)
            name = roster.type_name(ev.service).lower()
            words = (f"I don't have insurance right now, so I'll pay myself. I'd like to book "
                     f"a {name} in about {ev.business_days_out} business days.")
            if ev.requested:
                words += " And how much will all of this cost me?"
            new.append(TaskSpec(
                **base, kind="call" if ev.channel == "phone" else "walk_in",
                channel="phone" if ev.channel == "phone" else "desk",
                title=f"{'Call' if ev.channel == 'phone' else 'Walk-in'}: {patient.name}",
                urgency="routine", visible_urgency="routine",
                target=TARGETS["call" if ev.channel == "phone" else "walk_in"],
                patience=r.randint(60, 120) if ev.channel == "phone" else 30 * 60,
                patient_id=patient.id, caller=patient.phone, words=words,
                request={"call_type": "scheduling", "appointment_type": ev.service,
                         "provider": patient.provider_id, "days_out": ev.business_days_out,
                         "self_pay": True},
                truth={"route": "schedule",
                       "estimate_due": ev.business_days_out >= ESTIMATE_MIN_DAYS,
                       "hold_patience": 120}))
        elif ev.kind in scripted_everyday.KINDS:
            placed = scripted_everyday.place(ev, at, dict(base), scenario, roster, slots,
                                             tasks + new, rng, length,
                                             lambda tick: _clock_of(start, tick))
            if placed is not None:
                new.append(placed)
                _share_plans(placed, tasks, overrides)
        elif ev.kind == "telehealth_problem":
            patient = roster.existing_or_new(r)
            new.append(TaskSpec(
                **base, kind="telehealth", channel="phone",
                title=f"Telehealth trouble: {patient.name}", urgency="urgent",
                visible_urgency="urgent", target=TARGETS["call"], patience=r.randint(60, 120),
                patient_id=patient.id, caller=patient.phone,
                words=TELEHEALTH_WORDS[ev.problem], request={"problem": ev.problem},
                truth={"fix": TELEHEALTH_FIX[ev.problem], "hold_patience": 120}))
    return systems, new, overrides


def _plant_problem(ev: InsuranceProblem, at: int, roster: Roster, tasks: list[TaskSpec],
                   overrides: dict[str, TaskSpec], scenario: Scenario, r: random.Random,
                   new: list[TaskSpec], base: _Placed, slots: list[Slot]) -> None:
    """Give the next insured check-in at or after ``at`` the event's problem."""
    candidates = _insured_checkins(tasks, at, roster, overrides)
    if ev.problem == "preauth_missing":
        # The desk learns that a visit needs pre-authorization from the payer's list, so the
        # planted visit must be one its payer's list names.
        candidates = [c for c in candidates if _preauth_type(ev, c.record, scenario)]
    if not candidates:
        return
    task, patient, record = min(candidates, key=lambda c: (c.task.at, c.task.id))
    update: dict[str, Any] = {}
    truth = dict(task.truth)
    if ev.problem in ("expired_plan", "member_id_transposed", "wrong_payer"):
        update = {"card": plant(record, ev.problem, r, scenario),
                  "truth_discrepancy": ev.problem}
        truth["discrepancy"] = ev.problem
    elif ev.problem == "dob_typo":
        year, rest = patient.dob.split("-", 1)
        update = {"card_dob": f"{int(year) + 1}-{rest}", "truth_discrepancy": "dob_typo"}
        truth["discrepancy"] = "dob_typo"
    elif ev.problem == "preauth_missing":
        update = {"truth_needs_preauth": True}
        truth["needs_preauth"] = True
        truth["discrepancy"] = None
        preauth_type = _preauth_type(ev, record, scenario)
        # The visit type changes, so whether the plan wants a PCP referral is asked anew.
        referrals = next((list(p.referral_required) for p in scenario.clinic.payers
                          if p.id == record.payer_id), [])
        truth["needs_referral"] = needs_referral(referrals, preauth_type)
    elif ev.problem == "auth_hold":
        truth["auth_hold"] = True
        truth["discrepancy"] = None
    # Start from a clean card so the planted problem is the only one on it.
    clean = {"card": patient.record, "card_dob": patient.dob, "truth_discrepancy": None}
    roster.replace(patient.model_copy(update={**clean, **update}))
    request = dict(task.request)
    if ev.problem == "preauth_missing":
        request["appointment_type"] = preauth_type
    if ev.problem == "auth_hold":
        request["account_note"] = "Account flagged: balance review pending."
    overrides[task.id] = task.model_copy(update={"truth": truth, "request": request,
                                                 "event_id": base["event_id"]})


class _Insured(NamedTuple):
    """A check-in whose patient has insurance on record."""

    task: TaskSpec
    patient: Patient
    record: Insurance


def _insured_checkins(tasks: list[TaskSpec], at: int, roster: Roster,
                      overrides: dict[str, TaskSpec]) -> list[_Insured]:
    """Insured check-ins at or after ``at`` that have no planted problem yet."""
    out: list[_Insured] = []
    for task in tasks:
        if task.kind != "checkin" or task.at < at or task.patient_id is None:
            continue
        patient = roster.get(task.patient_id)
        if patient.record is not None and task.id not in overrides:
            out.append(_Insured(task, patient, patient.record))
    return out


def _preauth_type(ev: InsuranceProblem, record: Insurance, scenario: Scenario) -> str | None:
    """The visit type to plant for a missing pre-authorization, or None if none fits.

    The event's own type when the patient's payer lists it, else the first type on that
    payer's list; None when the payer pre-authorizes nothing.
    """
    listed = next((list(p.preauth_required) for p in scenario.clinic.payers
                   if p.id == record.payer_id), [])
    if ev.appointment_type:
        return ev.appointment_type if ev.appointment_type in listed else None
    return listed[0] if listed else None


def _share_plans(worklist: TaskSpec, tasks: list[TaskSpec],
                 overrides: dict[str, TaskSpec]) -> None:
    """Give each listed patient's own check-in the benefits the worklist found.

    The portal answers the same for a patient whichever task asks: a plan that lapsed on
    the worklist has lapsed at the desk too.
    """
    plans = (worklist.truth.get("everyday") or {}).get("plans") or {}
    for task in tasks:
        if task.kind != "checkin" or task.patient_id not in plans:
            continue
        current = overrides.get(task.id, task)
        facts = dict(current.truth.get("everyday") or {})
        facts["plans"] = {**facts.get("plans", {}), task.patient_id: plans[task.patient_id]}
        overrides[task.id] = current.model_copy(
            update={"truth": {**current.truth, "everyday": facts}})


def _clock_of(start: int, tick: int) -> str:
    minutes = (start + tick) // 60
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _emergency_words(presentation: str, family: bool) -> str:
    what = {"collapse": "A man has slumped out of his chair and isn't responding.",
            "seizure": "A woman is on the floor, shaking all over.",
            "chest_pain": "A man is clutching his chest, gray and sweating.",
            "breathing_difficulty": "A teenager is gasping, lips turning blue.",
            "heavy_bleeding": "A man's bandaged hand is dripping blood onto the floor.",
            "fall": "An older woman tripped on the rug and can't get up; her wrist looks wrong.",
            "allergic_reaction": "A child's face is swelling after a snack from the machine."}
    text = what[presentation]
    return text + (" His wife is screaming for help." if family else "")
