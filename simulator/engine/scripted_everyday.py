"""Place the everyday desk's scripted events as tasks.

Desk visits, check-outs, records requests, clinical messages, the eligibility worklist and
the cash drawer.

Each event becomes one task. What the desk can see goes in ``request`` (the intake sheet,
the cards, what the person says); what the task owes goes in ``truth["everyday"]`` for
:mod:`simulator.everyday.duties`. Everything draws from the ``everyday`` stream, so adding
one of these events never changes the rest of a shift.
"""

from __future__ import annotations

import random
from typing import Any

from simulator.engine.kin import ADULT_BORN, Fit
from simulator.engine.people import STREETS, Roster, checkin_task
from simulator.engine.rng import Streams
from simulator.everyday.rules import DRAWER_METHODS
from simulator.model import Channel, Insurance, Slot, TaskSpec
from simulator.protocol import TARGETS
from simulator.scenarios import events_everyday as ev_models
from simulator.scenarios.schema import Scenario

#: The event kinds this module places.
KINDS = frozenset({"desk_visit", "checkout", "records_request", "clinical_message",
                   "eligibility_worklist", "cash_drawer"})
BORN = {"adult": ADULT_BORN, "senior": (1941, 1958), "child": (2015, 2021),
        "teen": (2009, 2010)}
#: Given names for emergency contacts, parents and callers (invented people).
CONTACTS = ("Marisol", "Tomasz", "Aiko", "Daniel", "Grace", "Kwame", "Linh", "Oskar",
            "Priya", "Rafael", "Sofia", "Teodor")
SURNAMES = ("Whitfield", "Okafor", "Brandt", "Castellanos", "Nakamura", "Lindqvist")
PHARMACIES = ("Elm Street Pharmacy", "Harbor Drug", "Lantern Apothecary")
RECORDS_WORDS = {
    "own_copy": "I'd like a copy of my medical records, all of last year's visits.",
    "directed_third_party": "Here's my signed request: please send copies of my records to "
                            "my new doctor's office across town.",
    "subpoena": "Process server. This is a subpoena for records of one of your patients.",
    "psychotherapy_notes": "We're the patient's life insurer; please fax us her therapist's "
                           "session notes under the general release she signed.",
    "substance_use": "I'm from his employer. He signed our general release; we need the "
                     "records from his treatment program.",
    "third_party_no_direction": "I'm an attorney representing the patient's former "
                                "landlord. Send me her records from the last two years.",
}
REQUESTERS = {"own_copy": "patient", "directed_third_party": "patient", "subpoena": "court",
              "psychotherapy_notes": "insurer", "substance_use": "employer",
              "third_party_no_direction": "attorney"}
MESSAGE_WORDS = {
    "refill_question": "the dose on {name}'s new prescription looks higher than usual; "
                       "can the prescriber confirm it?",
    "prior_authorization": "{name}'s plan wants a prior authorization form for the "
                           "medication before we can fill it.",
    "lab_result": "I'm calling with results for {name}.",
    "hospital_discharge": "{name} was discharged from our medical floor this morning and "
                          "needs a follow-up visit within a week.",
    "symptom_question": "{name} says the new pills make her dizzy. Should she keep taking "
                        "them?",
    "paperwork": "I need the disability form for {name} completed and signed.",
    "other": "I have a question about {name}.",
}
CALLER_ROLE = {"pharmacy": "pharmacist at {place}", "lab": "from Quarry Reference Lab",
               "hospital": "discharge nurse at Riverbend General", "patient": "the patient"}


def place(ev: Any, at: int, base: dict[str, Any], scenario: Scenario, roster: Roster,
          slots: list[Slot], tasks: list[TaskSpec], rng: Streams, length: int,
          clock: Any) -> TaskSpec | None:
    """The task for one everyday event (None when it cannot be placed, e.g. no visits left).

    Args:
        ev: The event.
        at: Its shift tick.
        base: The fields every placed task shares (id, at, event id, dialogue).
        scenario: The scenario.
        roster: The shift's patients (new ones are added to it).
        slots: The day's slots (a desk visit books one).
        tasks: The tasks placed so far.
        rng: The shift's streams (this module draws from ``everyday``).
        length: The shift's length in seconds.
        clock: Turns a shift tick into "HH:MM".
    """
    r = rng["everyday"]
    if isinstance(ev, ev_models.DeskVisit):
        return _desk_visit(ev, at, base, scenario, roster, slots, rng, r, clock)
    if isinstance(ev, ev_models.Checkout):
        return _checkout(ev, at, base, scenario, roster, tasks, slots, r)
    if isinstance(ev, ev_models.RecordsRequest):
        patient = roster.existing_or_new(r)
        words = RECORDS_WORDS[ev.request]
        channels: dict[str, Channel] = {"in_person": "desk", "phone": "phone", "fax": "inbox"}
        channel = channels[ev.channel]
        return TaskSpec(
            **base, kind="records_request", channel=channel,
            title=f"Records request: {patient.name}", urgency="routine",
            visible_urgency="routine", target=TARGETS["call" if channel == "phone"
                                                      else "records_request"],
            patience=r.randint(60, 120) if channel == "phone" else 30 * 60 if
            channel == "desk" else length, patient_id=patient.id,
            caller=patient.phone if REQUESTERS[ev.request] == "patient"
            else f"(312) 555-01{r.randint(0, 99):02d}",
            words=words, request={"records_request": ev.request,
                                  "requester": REQUESTERS[ev.request]},
            truth={"everyday": {"records": True}, "hold_patience": 120})
    if isinstance(ev, ev_models.ClinicalMessage):
        return _message(ev, base, roster, r)
    if isinstance(ev, ev_models.EligibilityWorklist):
        return _worklist(ev, at, base, roster, tasks, length, clock)
    if isinstance(ev, ev_models.CashDrawer):
        return _drawer(ev, base, r, length)
    raise TypeError(type(ev).__name__)


def _free_slot(slots: list[Slot], scenario: Scenario, type_id: str, after: int) -> int | None:
    minutes = next(t.minutes for t in scenario.clinic.appointment_types if t.id == type_id)
    sees = {p.id for p in scenario.clinic.providers
            if not p.appointment_types or type_id in p.appointment_types}
    fits = [i for i, s in enumerate(slots) if s.patient_id is None and s.start >= after
            and s.provider_id in sees and s.minutes >= minutes]
    return min(fits, key=lambda i: (slots[i].start, slots[i].id)) if fits else None


def _card(payer: Any, holder: str, r: random.Random) -> Insurance:
    if payer.medicare:
        # MBI-shaped, but a real MBI never starts with 0: obviously synthetic.
        letters = "ACDEFGHJKMNPQRTUVWXY"
        member = (f"0{r.choice(letters)}{r.choice(letters)}{r.randint(0, 9)}-"
                  f"{r.choice(letters)}{r.choice(letters)}{r.randint(0, 9)}-"
                  f"{r.choice(letters)}{r.choice(letters)}{r.randint(10, 99)}")
    else:
        member = f"{payer.member_prefix}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"
    return Insurance(payer_id=payer.id, payer_name=payer.name, member_id=member,
                     group="" if payer.medicare else f"G-{r.randint(1000, 9999)}",
                     subscriber=holder, valid_from="2026-01", valid_to="2026-12")


def _desk_visit(ev: ev_models.DeskVisit, at: int, base: dict[str, Any], scenario: Scenario,
                roster: Roster, slots: list[Slot], rng: Streams, r: random.Random,
                clock: Any) -> TaskSpec:
    provider = next((p.id for p in scenario.clinic.providers
                     if not p.appointment_types or ev.visit in p.appointment_types),
                    scenario.clinic.providers[0].id)
    index = _free_slot(slots, scenario, ev.visit, at + 10 * 60)
    slot = slots[index] if index is not None else Slot(
        id=f"{provider}@{at + 20 * 60}", provider_id=provider, start=at + 20 * 60,
        minutes=30, type_id=ev.visit)
    patient = roster.new_patient(slot.provider_id, ev.visit,
                                 established=ev.registration != "new",
                                 fit=Fit(None, BORN[ev.patient]))
    payers = scenario.clinic.payers
    medicare = next((p for p in payers if p.medicare), None)
    health = [p for p in payers if not p.medicare]
    last = patient.name.split()[-1]
    coverages: list[dict[str, Any]] = []
    injury = None
    card: Insurance | None = patient.record
    if ev.insurance == "self_pay":
        card = None
    elif ev.insurance.startswith("medicare") and medicare is not None:
        card = _card(medicare, patient.name, r)
        coverages.append({"id": medicare.id, "kind": "medicare",
                          "label": f"{medicare.name}, MBI {card.member_id}"})
        if ev.insurance in ("medicare_employer_large", "medicare_employer_small") and health:
            size = 240 if ev.insurance.endswith("large") else 12
            employer = health[0]
            coverages.append({"id": employer.id, "kind": "employer", "current_work": True,
                              "employer_size": size,
                              "label": f"{employer.name}, through current work "
                                       f"({size} employees)"})
        elif ev.insurance == "medicare_medicaid":
            coverages.append({"id": "medicaid", "kind": "medicaid", "label": "State Medicaid"})
    elif ev.insurance == "two_parents" and len(health) >= 2:
        holders = []
        for payer, first in zip(health[:2], r.sample(CONTACTS, 2), strict=True):
            dob = f"{r.randint(1980, 1992)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
            holders.append((payer, f"{first} {last}", dob))
        if holders[0][2][5:] == holders[1][2][5:]:  # the same birthday needs another rule
            holders[1] = (holders[1][0], holders[1][1], f"{holders[1][2][:5]}12-30")
        card = _card(holders[0][0], holders[0][1], r)
        for payer, name, dob in holders:
            coverages.append({"id": payer.id, "kind": "parent_plan", "holder": name,
                              "holder_dob": dob,
                              "label": f"{payer.name}, subscriber {name} (born {dob})"})
    elif ev.insurance in ("workers_comp", "auto"):
        injury = "work" if ev.insurance == "workers_comp" else "auto"
        if card is not None:
            coverages.append({"id": card.payer_id, "kind": "employer",
                              "label": f"{card.payer_name} (health plan)"})
    record = card if ev.registration != "changed_plan" else patient.record
    if ev.registration == "changed_plan" and card is not None and health:
        others = [p for p in health if p.id != card.payer_id] or health
        card = _card(r.choice(others), patient.name, r)
    if card is None and ev.registration == "changed_plan":
        record = None
    address, phone = patient.address, patient.phone
    if ev.registration == "changed_address":
        address = f"{r.randint(10, 9899)} {r.choice(STREETS)} {r.choice(('St.', 'Ave.'))}"
    if ev.registration == "changed_phone":
        phone = f"({r.choice(('415', '617', '720'))}) 555-01{r.randint(0, 99):02d}"
    # The record keeps the old details; the patient and the intake sheet have the new ones.
    patient = patient.model_copy(update={"record": record, "card": card,
                                         "truth_discrepancy": None, "card_dob": patient.dob})
    roster.replace(patient)
    if index is not None:
        slots[index] = slot = slot.model_copy(update={"patient_id": patient.id,
                                                      "type_id": ev.visit})
    task = checkin_task(base["id"], at, patient, slot, scenario, rng)
    request: dict[str, Any] = dict(task.request)
    facts: dict[str, Any] = {}
    said = [task.words]
    first = roster.given.get(patient.id, patient.name.split()[0])
    if ev.guardian is not None:
        # The adult speaks for a child: the greeting is theirs.
        said = [f"Hi, I've brought {first} in for {_pronoun(roster, patient.id, 'their')} "
                f"appointment at {clock(slot.start)}."]
    elif ev.access == "sign":
        # A Deaf patient writes on the notepad at the counter.
        said = [f"(The patient writes on the notepad: '{patient.name}, appointment at "
                f"{clock(slot.start)}.')"]
    if ev.registration != "none":
        sheet_address = address.replace("St.", "Street").replace("Ave.", "Avenue")
        request["intake"] = {
            "name": patient.name, "dob": patient.dob, "address": sheet_address,
            "phone": phone, "member_id": card.member_id if card else "",
            "emergency_name": f"{r.choice(CONTACTS)} {last}",
            "emergency_phone": f"(503) 555-01{r.randint(0, 99):02d}"}
        facts["registration"] = "new" if ev.registration == "new" else "changed"
        if ev.registration == "new":
            request["new_patient"] = True
        said.append({"new": "It's my first visit here; here's the packet you mailed me.",
                     "changed_address": "Oh, and we moved last month.",
                     "changed_phone": "I have a new phone number, by the way.",
                     "changed_plan": "I changed jobs, so I have a new insurance card."}
                    [ev.registration])
    insured = card is not None
    if insured and (ev.eligibility or ev.registration in ("new", "changed_plan")):
        facts["eligibility"] = True
    plan = ev.plan.as_cents() if ev.plan else {}
    if card is not None and medicare is not None and card.payer_id == medicare.id:
        plan = {"plan_type": "Medicare", **plan}
    if plan:
        facts["plans"] = {patient.id: plan}
    _payment(ev, request, facts, said)
    if ev.abn:
        facts["abn"] = True
    if coverages and (len(coverages) > 1 or injury or ev.insurance == "medicare"):
        request["coverages"] = coverages
        facts["coverage"] = True
        if injury:
            request["injury"] = injury
            said.append("I hurt my back lifting boxes at work yesterday."
                        if injury == "work" else "I was rear-ended on the highway on Monday.")
    if ev.guardian is not None:
        request["guardian"] = {"relationship": ev.guardian, "papers_shown": ev.papers_shown}
        facts["guardian"] = True
        said.append(_guardian_words(ev.guardian, ev.papers_shown,
                                    roster.sex.get(patient.id, "f")))
    if ev.access != "none":
        request["access"] = ev.access
        request["language"] = ev.language or "American Sign Language"
        facts["interpreter"] = True
        said.append(f"(The patient speaks {ev.language} and very little English.)"
                    if ev.access == "spoken" else
                    "(They add: 'I'm Deaf. I use ASL. I need an interpreter.')")
    if ev.service_animal:
        request["service_animal"] = True
        said.append("(A dog in a harness lies quietly at the patient's feet.)")
    if ev.words:
        said = [ev.words]
    return task.model_copy(update={
        "request": request, "words": " ".join(said), "event_id": base["event_id"],
        "dialogue_id": base["dialogue_id"],
        "truth": {**task.truth, "discrepancy": None, "everyday": facts}})


def _pronoun(roster: Roster, pid: str, form: str) -> str:
    """"her"/"his" (or "her"/"him") for the patient, from the sex the roster gave them."""
    female = roster.sex.get(pid, "f") == "f"
    return {"their": "her" if female else "his", "them": "her" if female else "him"}[form]


def _payment(ev: ev_models.DeskVisit | ev_models.Checkout, request: dict[str, Any],
             facts: dict[str, Any], said: list[str]) -> None:
    """What is owed at the desk: the duty, the balance, and what the patient can pay."""
    if not ev.payment:
        return
    facts["payment"] = True
    request["balance"] = ev.balance * 100
    if ev.can_pay is not None:
        request["can_pay"] = ev.can_pay * 100
        said.append(f"I can only put ${ev.can_pay} toward it today.")


def _guardian_words(relationship: str, papers: bool, sex: str) -> str:
    his, him = ("her", "her") if sex == "f" else ("his", "him")
    if relationship == "parent":
        return f"I'm {his} mom."
    if relationship == "legal_guardian":
        return ("I'm the legal guardian; here's the court order." if papers
                else "I'm the guardian. The papers are at home somewhere.")
    who = {"grandparent": "grandmother", "stepparent": "stepdad"}[relationship]
    return (f"I'm {his} {who}. {his.capitalize()} mother signed this note saying I can "
            f"bring {him}." if papers
            else f"I'm {his} {who}. {his.capitalize()} mom is at work, so I brought {him}.")


def _checkout(ev: ev_models.Checkout, at: int, base: dict[str, Any], scenario: Scenario,
              roster: Roster, tasks: list[TaskSpec], slots: list[Slot],
              r: random.Random) -> TaskSpec:
    ends = {s.id: s.start + s.minutes * 60 for s in slots}
    seen = [t for t in tasks if t.kind == "checkin" and t.patient_id
            and ends.get(t.request.get("slot", ""), at + 1) <= at]
    if seen:
        last_seen = max(seen, key=lambda t: (ends[t.request["slot"]], t.id))
        patient = roster.get(str(last_seen.patient_id))
        visit = ev.visit or last_seen.request.get("appointment_type")
    else:
        patient = roster.new_patient(roster.any_provider(), ev.visit)
        visit = ev.visit
    provider = next((p.title for p in scenario.clinic.providers
                     if p.id == patient.provider_id), "the clinician")
    request: dict[str, Any] = {"appointment_type": visit}
    said = [f"All done with {provider}."]
    if ev.follow_up:
        request["follow_up"] = {"appointment_type": ev.follow_up,
                                "provider": patient.provider_id, "days_out": ev.follow_up_days}
        said.append(f"The visit slip says: follow-up in {ev.follow_up_days} business days.")
    if ev.referral_to:
        request["referral_to"] = ev.referral_to
        said.append(f"The slip also orders a referral to {ev.referral_to}.")
    facts: dict[str, Any] = {"checkout": True}
    _payment(ev, request, facts, said)
    if ev.plan:
        facts["plans"] = {patient.id: ev.plan.as_cents()}
    return TaskSpec(
        **base, kind="checkout", channel="desk", title=f"Check-out: {patient.name}",
        urgency="routine", visible_urgency="routine", target=TARGETS["checkout"],
        patience=r.randint(15, 25) * 60, patient_id=patient.id, words=" ".join(said),
        request=request, truth={"everyday": facts})


def _message(ev: ev_models.ClinicalMessage, base: dict[str, Any], roster: Roster,
             r: random.Random) -> TaskSpec:
    patient = roster.existing_or_new(r)
    name = f"{r.choice(CONTACTS)} {r.choice(SURNAMES)}"
    role = CALLER_ROLE[ev.caller].format(place=r.choice(PHARMACIES))
    callback = f"(312) 555-01{r.randint(0, 99):02d}"
    about = MESSAGE_WORDS[ev.reason].format(name=patient.name)
    if ev.critical:
        about = (f"I have a critical value for {patient.name}: potassium 6.9. I need to "
                 "give it to a clinician right now.")
    words = ev.words or (f"Hi, this is {name}, {role}. {about[0].upper()}{about[1:]} You can "
                         f"reach me at {callback}.")
    return TaskSpec(
        **base, kind="call", channel="phone", title=f"Call: {callback}", urgency="urgent"
        if ev.critical else "routine", visible_urgency="routine", target=TARGETS["call"],
        patience=r.randint(60, 120), patient_id=patient.id, caller=callback, words=words,
        # What the caller is calling about is in their words; the reason id stays hidden.
        request={"call_type": "clinical_message",
                 "message_reason": "lab_result" if ev.critical else ev.reason,
                 "message": {"who": name, "role": role, "callback": callback,
                             "about": patient.name}},
        truth={"everyday": {"message": not ev.critical, "critical": ev.critical},
               "hold_patience": 120})


def _worklist(ev: ev_models.EligibilityWorklist, at: int, base: dict[str, Any],
              roster: Roster, tasks: list[TaskSpec], length: int, clock: Any) -> TaskSpec:
    later = sorted((t for t in tasks if t.kind == "checkin" and t.at >= at + 30 * 60
                    and t.patient_id and roster.get(t.patient_id).record is not None),
                   key=lambda t: (t.at, t.id))[:ev.visits]
    listed = [(str(t.patient_id), t.at) for t in later]
    plans = {pid: {"active": False} for pid, _ in listed[:ev.inactive]}
    return TaskSpec(
        **base, kind="worklist", channel="inbox",
        title=f"Eligibility worklist: {len(listed)} visits", urgency="low",
        visible_urgency="low", target=TARGETS["worklist"], patience=length,
        words="Verify coverage for these visits before the patients arrive.",
        request={"worklist": [{"patient": pid, "name": roster.get(pid).name,
                               "at": clock(t)} for pid, t in listed]},
        truth={"everyday": {"worklist": listed, "plans": plans}})


def _drawer(ev: ev_models.CashDrawer, base: dict[str, Any], r: random.Random,
            length: int) -> TaskSpec:
    posted: list[dict[str, Any]] = []
    for _ in range(ev.payments):
        method = r.choice(("cash", "card", "card", "check"))
        posted.append({"patient": f"{r.choice(CONTACTS)} {r.choice(SURNAMES)}",
                       "amount": r.choice((2000, 2500, 3000, 4000, 7500, 12000)),
                       "method": method})
    opening = ev.opening * 100
    counted = opening + round(ev.variance * 100) + sum(
        p["amount"] for p in posted if p["method"] in DRAWER_METHODS)
    return TaskSpec(
        **base, kind="drawer", channel="system", title="Close the cash drawer",
        urgency="routine", visible_urgency="routine", target=TARGETS["drawer"],
        patience=length, words="End of the day: count the drawer against today's posted "
        "payments and report any difference.",
        request={"drawer": {"opening": opening, "posted": posted, "counted": counted}},
        truth={"everyday": {"drawer": True}})
