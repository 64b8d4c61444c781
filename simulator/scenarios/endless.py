"""Endless practice: a fresh shift from a parameterised template, mixing situations.

The template is one clinic; the situations come from the shipped pack (each scripted
event with its dialogue is a reusable "recipe"). Difficulty 1-5 sets the length, the load,
the planted mismatches and how many situations are mixed in. With a score history the mix
leans towards the situations the trainee scored worst on; without one it is random.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from simulator.scenarios.schema import Scenario

SITUATION_OF_KIND = {
    "ehr_outage": "ehr-downtime", "power_outage": "power-outage",
    "clinician_callout": "clinician-callout", "medical_emergency": "waiting-room-emergency",
    "threat": "threat-of-violence", "red_flag_call": "red-flag-call",
    "privacy_request": "privacy-request", "referral_conflict": "referral-medication-conflict",
    "good_faith_estimate": "good-faith-estimate", "telehealth_problem": "telehealth",
}

TEMPLATE_CLINIC: dict[str, Any] = {
    "name": "Endless Practice Clinic",
    "phone_lines": 4,
    "slot_minutes": 20,
    "appointment_types": [
        {"id": "new-patient", "name": "New patient visit", "minutes": 20, "self_pay_price": 210},
        {"id": "follow-up", "name": "Follow-up visit", "minutes": 15, "self_pay_price": 120},
        {"id": "sick-visit", "name": "Same-day sick visit", "minutes": 15,
         "self_pay_price": 130},
        {"id": "video-visit", "name": "Video visit", "minutes": 15, "telehealth": True,
         "self_pay_price": 95},
        {"id": "imaging", "name": "In-office ultrasound", "minutes": 30, "self_pay_price": 340},
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
    return SITUATION_OF_KIND[kind]


def recipes(pack: list[Scenario]) -> dict[str, list[tuple[dict, dict | None]]]:
    """Every scripted event of the pack, with its dialogue, grouped by situation."""
    out: dict[str, list[tuple[dict, dict | None]]] = defaultdict(list)
    for scn in pack:
        dialogues = {d.id: d.model_dump(mode="json", exclude_none=True) for d in scn.dialogues}
        for ev in scn.events:
            event = ev.model_dump(mode="json", exclude_none=True)
            out[situation_of(event)].append((event, dialogues.get(event.get("dialogue"))))
    return out


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
    count = min(len(tags), 1 + difficulty)
    chosen: list[str] = []
    while len(chosen) < count:
        left = [t for t in tags if t not in chosen]
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
        "difficulty": difficulty, "tier": "core", "situations": sorted(set(chosen)),
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
                     "inbox_per_hour": {"referral": 0.5, "portal_message": 0.5}},
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
    return event
