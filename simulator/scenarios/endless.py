"""Endless practice: a fresh shift from a parameterised template, mixing situations.

The template is one clinic; the situations come from the shipped pack (each scripted
event with its dialogue is a reusable "recipe"). Difficulty 1-5 sets the length, the load,
the planted mismatches and how many situations are mixed in. With a score history the mix
leans towards the situations the trainee scored worst on; without one it is random.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Any

from simulator.scenarios.lint import CRISIS_BUDGET
from simulator.scenarios.schema import Scenario

SITUATION_OF_KIND = {
    "ehr_outage": "ehr-downtime", "power_outage": "power-outage",
    "clinician_callout": "clinician-callout", "medical_emergency": "waiting-room-emergency",
    "threat": "threat-of-violence", "red_flag_call": "red-flag-call",
    "privacy_request": "privacy-request", "referral_conflict": "referral-medication-conflict",
    "good_faith_estimate": "good-faith-estimate", "telehealth_problem": "telehealth",
    "checkout": "checkout-collections", "records_request": "records-request",
    "clinical_message": "phone-messages", "eligibility_worklist": "eligibility",
    "cash_drawer": "drawer-reconciliation",
}

TEMPLATE_CLINIC: dict[str, Any] = {
    "name": "Endless Practice Clinic",
    "phone_lines": 4,
    "slot_minutes": 20,
    "appointment_types": [
        # New-patient visits run 30-60 minutes (DOMAIN.md section 10).
        {"id": "new-patient", "name": "New patient visit", "minutes": 40, "self_pay_price": 210},
        {"id": "follow-up", "name": "Follow-up visit", "minutes": 15, "self_pay_price": 120},
        {"id": "sick-visit", "name": "Same-day sick visit", "minutes": 15,
         "self_pay_price": 130},
        {"id": "video-visit", "name": "Video visit", "minutes": 15, "telehealth": True,
         "self_pay_price": 95},
        {"id": "imaging", "name": "In-office ultrasound", "minutes": 30, "self_pay_price": 340},
        # Medicare covers the annual wellness visit, not a routine physical (an ABN first).
        {"id": "annual-physical", "name": "Routine physical", "minutes": 30,
         "self_pay_price": 190},
    ],
    "providers": [
        {"id": "dr-one", "title": "Dr. Okonkwo", "hours": "08:00-16:00", "booked": 0.8},
        {"id": "dr-two", "title": "Dr. Halvorsen", "hours": "08:00-16:00", "booked": 0.8},
        {"id": "np-three", "title": "Ines Varga, NP", "hours": "09:00-16:00", "booked": 0.75,
         "appointment_types": ["new-patient", "follow-up", "sick-visit", "video-visit"]},
    ],
    "payers": [
        {"id": "northwind", "name": "Northwind Health", "member_prefix": "NWH",
         "preauth_required": ["imaging"]},
        {"id": "bluepine", "name": "Bluepine Mutual", "member_prefix": "BPM",
         "preauth_required": ["imaging"]},
        {"id": "cedar", "name": "Cedar Valley Care", "member_prefix": "CVC",
         "preauth_required": []},
        {"id": "medicare", "name": "Medicare", "member_prefix": "MBI", "medicare": True,
         "may_not_cover": ["annual-physical"]},
    ],
}


def situation_of(event: dict[str, Any]) -> str:
    """The situation tag a scripted event trains."""
    kind = event["kind"]
    if kind == "angry_patient":
        return "billing-dispute"
    if kind == "insurance_problem":
        return ("pre-authorization" if event["problem"] in ("preauth_missing", "auth_hold")
                else "insurance-discrepancy")
    if kind == "desk_visit":
        return _desk_visit_situation(event)
    return SITUATION_OF_KIND[kind]


def _desk_visit_situation(event: dict[str, Any]) -> str:
    """What a desk visit mostly trains: its rarest facet first."""
    if event.get("abn") or event.get("insurance", "single") not in ("single", "self_pay"):
        return "medicare-cob"
    if event.get("guardian"):
        return "minor-guardian"
    if event.get("access", "none") != "none":
        return "language-access"
    if event.get("registration", "none") != "none":
        return "registration"
    return "checkout-collections" if event.get("payment", True) else "eligibility"


#: Situations that disrupt the whole clinic; the tier's budget caps how many one day holds.
CRISIS_SITUATIONS = frozenset({"ehr-downtime", "power-outage", "clinician-callout",
                               "waiting-room-emergency", "threat-of-violence"})


def recipes(pack: list[Scenario]) -> dict[str, list[tuple[dict, dict | None]]]:
    """Every scripted event of the pack, with its dialogue, grouped by situation.

    A dialogue written for another clinic names that clinic's clinicians; here they are
    already replaced by the template clinic's own (see :func:`own_clinicians`).
    """
    out: dict[str, list[tuple[dict, dict | None]]] = defaultdict(list)
    for scn in pack:
        names = own_clinicians(scn)
        dialogues = {d.id: _rename(d.model_dump(mode="json", exclude_none=True), names)
                     for d in scn.dialogues}
        for ev in scn.events:
            event = ev.model_dump(mode="json", exclude_none=True)
            out[situation_of(event)].append((event, dialogues.get(event.get("dialogue"))))
    return out


def own_clinicians(scn: Scenario) -> dict[str, str]:
    """How to say each of ``scn``'s clinicians' names in the template clinic.

    The clinician who calls out becomes the template's absent doctor (``dr-two``) and the
    one covering the template's nurse practitioner, as :func:`_adapt` does for the event;
    other physicians take the template's doctors in turn and everyone else its NP.

    Returns:
        Each way the text can name a source clinician (full title, "Dr. Last", first and
        last name alone), mapped to the same form for the template clinician.

    """
    target = {p["id"]: p["title"] for p in TEMPLATE_CLINIC["providers"]}
    assigned: dict[str, str] = {}
    for ev in scn.events:
        if ev.kind == "clinician_callout":
            assigned.setdefault(ev.provider, "dr-two")
            if ev.coverage:
                assigned.setdefault(ev.coverage, "np-three")
    doctors = iter(["dr-one", "dr-two"] * len(scn.clinic.providers))
    for prov in scn.clinic.providers:
        if prov.id not in assigned:
            assigned[prov.id] = (next(doctors) if prov.title.startswith("Dr. ")
                                 else "np-three")
    out: dict[str, str] = {}
    for prov in scn.clinic.providers:
        for said, ours in zip(_forms(prov.title), _forms(target[assigned[prov.id]]),
                              strict=True):
            out.setdefault(said, ours)
    return out


def _forms(title: str) -> tuple[str, str, str, str]:
    """(full title, full name, first or "Dr. Last", last name) of a clinician's title."""
    if title.startswith("Dr. "):
        last = title.removeprefix("Dr. ")
        return title, title, title, last
    name = title.split(",")[0]
    return title, name, name.split()[0], name.split()[-1]


def _rename(node: Any, names: dict[str, str]) -> Any:
    """Replace every clinician name in a dumped dialogue, longest form first, in one pass."""
    if not names:
        return node
    pattern = re.compile("|".join(rf"\b{re.escape(k)}\b"
                                  for k in sorted(names, key=len, reverse=True)))
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: names[m.group(0)], value)
        if isinstance(value, dict):
            return {k: v if k == "id" else walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value
    return walk(node)


def weakest_first(history: list[dict[str, Any]]) -> dict[str, float]:
    """Weight per situation: 100 minus the trainee's mean score on shifts that had it."""
    scores: dict[str, list[int]] = defaultdict(list)
    for entry in history:
        for tag in entry.get("situations", []):
            scores[tag].append(int(entry["overall"]))
    return {tag: max(5.0, 100 - sum(v) / len(v)) for tag, v in scores.items()}


def build_endless(pack: list[Scenario], difficulty: int, seed: int,
                  history: list[dict[str, Any]] | None = None) -> Scenario:
    """Generate one endless-practice scenario.

    Args:
        pack: The shipped scenarios (the source of situations and dialogues).
        difficulty: 1 (gentle) to 5 (full load, many situations).
        seed: Makes the mix and the timing repeatable.
        history: The trainee's past shifts; with 3 or more, weak situations come first.
    """
    rng = random.Random(f"{seed}:endless:{difficulty}")
    pool = recipes(pack)
    tags = sorted(pool)
    weights = weakest_first(history or []) if len(history or []) >= 3 else {}
    # An everyday day up to difficulty 3, a crisis day above: the tier caps the crises.
    tier = "core" if difficulty <= 3 else "crisis"
    count = min(len(tags), 1 + difficulty)
    chosen: list[str] = []
    while len(chosen) < count:
        crises = sum(t in CRISIS_SITUATIONS for t in chosen)
        left = [t for t in tags if t not in chosen
                and (t not in CRISIS_SITUATIONS or crises < CRISIS_BUDGET[tier])]
        if not left:
            break
        w = [weights.get(t, 50.0) for t in left]
        chosen.append(rng.choices(left, weights=w)[0] if weights else rng.choice(left))
    minutes = 180 + 60 * difficulty
    events, dialogues = [], []
    slots = sorted(rng.sample(range(20, minutes - 30, 5), len(chosen)))
    for i, (tag, at) in enumerate(zip(chosen, slots, strict=True)):
        event, dialogue = rng.choice(pool[tag])
        event = _adapt(dict(event), at, i)
        if dialogue is not None:
            dialogue = {**dialogue, "id": f"d{i}-{dialogue['id']}"[:64]}
            event["dialogue"] = dialogue["id"]
            dialogues.append(dialogue)
        events.append(event)
    rate = 2 + difficulty
    data = {
        "id": f"endless-d{difficulty}-s{seed}",
        "title": f"Endless practice (difficulty {difficulty})",
        "briefing": "A fresh shift mixing " + ", ".join(sorted(set(chosen))) + ".",
        "difficulty": difficulty, "tier": tier, "situations": sorted(set(chosen)),
        "modes": ["practice"],
        "shift": {"start": "08:00", "minutes": minutes, "time_scale": 30},
        "clinic": TEMPLATE_CLINIC,
        "patients": {"locales": ["en_US", "es_MX", "vi_VN"], "self_pay": 0.1,
                     "discrepancies": {"dob_typo": 0.01 * difficulty,
                                       "member_id_transposed": 0.015 * difficulty,
                                       "expired_plan": 0.01 * difficulty}},
        "arrivals": {"walk_ins_per_hour": 0.5 + 0.2 * difficulty,
                     "calls_per_hour": {"scheduling": rate * 0.5, "reschedule": 0.5,
                                        "refill": 0.5, "billing": 0.5, "general": 0.5},
                     # About one item an hour, of every kind a desk inbox gets.
                     "inbox_per_hour": {"referral": 0.3, "portal_message": 0.4, "fax": 0.2,
                                        "lab_result": 0.2}},
        "events": events, "dialogues": dialogues,
        "objectives": ["organization.prioritization", "communication.deescalation"],
    }
    return Scenario.model_validate(data)


def _adapt(event: dict[str, Any], minute: int, index: int) -> dict[str, Any]:
    """Re-time an event and point its ids at the template clinic."""
    event["at"] = f"{8 + minute // 60:02d}:{minute % 60:02d}"
    event["id"] = f"e{index}-{event.get('id', event['kind'])}"[:64]
    event.pop("note", None)
    if event["kind"] == "clinician_callout":
        event["provider"], event["coverage"] = "dr-two", "np-three"
    if event["kind"] == "good_faith_estimate":
        event["service"] = "imaging"
    if event["kind"] == "insurance_problem":
        event["appointment_type"] = "imaging" if event["problem"] == "preauth_missing" else None
        if event["appointment_type"] is None:
            event.pop("appointment_type")
    if event["kind"] == "desk_visit":
        # The template's own visit types: a routine physical where an ABN is the point.
        event["visit"] = ("annual-physical" if event.get("abn") else "new-patient"
                          if event.get("registration") == "new" else "follow-up")
    if event["kind"] == "checkout":
        event.pop("visit", None)
        if event.get("follow_up"):
            event["follow_up"] = "follow-up"
    return event
