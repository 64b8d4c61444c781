"""Synthetic patients: names from Faker, everything else from our own seeded streams.

The data must look fake to a careful eye (DOMAIN.md section 9): phones only in
555-0100..555-0199, e-mail only at example.com/org/net, no SSNs, member IDs in a format no
real payer uses, invented payers. Planted card/record mismatches are made here.
"""

from __future__ import annotations

import random
import re
import unicodedata

from simulator.engine.rng import Streams, faker_for
from simulator.model import Discrepancy, Insurance, Patient, Slot, TaskSpec
from simulator.protocol import TARGETS
from simulator.protocol import needs_preauth as needs_preauth_for
from simulator.scenarios.schema import Scenario

#: Where each generated call type is correctly routed.

AREA_CODES = ("312", "415", "503", "617", "720", "808", "919")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
PHONE_RE = re.compile(r"^\(\d{3}\) 555-01\d\d$")
EMAIL_RE = re.compile(r"^[a-z0-9.]+@example\.(com|org|net)$")
SSN_RE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
DISCREPANCIES: tuple[Discrepancy, ...] = (
    "dob_typo", "member_id_transposed", "expired_plan", "wrong_payer")
#: Invented street names (addresses come from our own stream: cheaper than Faker's).
STREETS = ("Maple", "Cedar", "Harbor", "Willow", "Juniper", "Orchard", "Quarry", "Lantern",
           "Birch", "Meadowlark", "Copper", "Foxglove", "Tamarack", "Wren", "Saltbox",
           "Kestrel", "Larkspur", "Millbrook", "Pinecrest", "Riverbend")


class Roster:
    """Creates and keeps the shift's patients."""

    def __init__(self, scenario: Scenario, seed: int, rng: Streams):
        self.scenario = scenario
        self.rng = rng
        self.patients: list[Patient] = []
        self._by_id: dict[str, Patient] = {}
        self._types = {t.id: t for t in scenario.clinic.appointment_types}
        self._titles = {p.id: p.title for p in scenario.clinic.providers}
        self._provider_types = {
            p.id: list(p.appointment_types) or list(self._types)
            for p in scenario.clinic.providers}
        self._fakers = {}
        for locale in scenario.patients.locales:
            fake = faker_for(locale)
            fake.seed_instance(f"{seed}:faker:{locale}")
            self._fakers[locale] = fake

    def new_patient(self, provider_id: str, type_id: str | None) -> Patient:
        """Create a patient of ``provider_id``, with insurance or self-pay."""
        r = self.rng["patients"]
        locale = r.choice(self.scenario.patients.locales)
        fake = self._fakers[locale]
        first, last = fake.first_name(), fake.last_name()
        name = f"{first} {last}"
        dob = f"{r.randint(1938, 2019)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        phone = f"({r.choice(AREA_CODES)}) 555-01{r.randint(0, 99):02d}"
        email = f"{_ascii(first)[:8]}.{_ascii(last)[:10]}{r.randint(1, 99)}@" \
                f"{r.choice(EMAIL_DOMAINS)}"
        address = (f"{r.randint(10, 9899)} {r.choice(STREETS)} "
                   f"{r.choice(('St.', 'Ave.', 'Rd.', 'Ln.', 'Blvd.', 'Ct.'))}")
        pid = f"p{len(self.patients) + 1:03d}"
        record = card = None
        discrepancy = None
        if r.random() >= self.scenario.patients.self_pay:
            record = self._insurance(name, r)
            card, discrepancy = self._present(record, r)
        card_dob = dob
        if discrepancy == "dob_typo":
            card_dob = _dob_typo(dob, r)
        needs_preauth = bool(record) and needs_preauth_for(
            self._preauth(record.payer_id) if record else [], type_id)
        patient = Patient(id=pid, name=name, dob=dob, phone=phone, email=email,
                          address=address, provider_id=provider_id, record=record, card=card,
                          card_dob=card_dob, truth_discrepancy=discrepancy,
                          truth_needs_preauth=needs_preauth)
        self.patients.append(patient)
        self._by_id[pid] = patient
        return patient

    def replace(self, patient: Patient) -> None:
        """Swap in a changed copy of a patient (for planted problems)."""
        self._by_id[patient.id] = patient
        self.patients = [patient if p.id == patient.id else p for p in self.patients]

    def get(self, pid: str) -> Patient:
        """Return a patient by id."""
        return self._by_id[pid]

    def existing_or_new(self, r: random.Random) -> Patient:
        """Half the time someone already on the books, otherwise a new patient."""
        if self.patients and r.random() < 0.5:
            return r.choice(self.patients)
        return self.new_patient(self.any_provider(), None)

    def any_payer_name(self, r: random.Random) -> str:
        """The name of one of the scenario's payers."""
        return r.choice(self.scenario.clinic.payers).name

    def any_provider(self) -> str:
        """A provider id chosen from the patients stream."""
        return self.rng["patients"].choice(sorted(self._titles))

    def title(self, patient: Patient) -> str:
        """The display title of a patient's provider."""
        return self._titles[patient.provider_id]

    def type_name(self, type_id: str) -> str:
        """The display name of an appointment type."""
        return self._types[type_id].name

    def bookable_type(self, provider_id: str, r: random.Random) -> str:
        """An appointment type this provider sees (not telehealth unless nothing else)."""
        types = [t for t in self._provider_types[provider_id] if not self._types[t].telehealth]
        return r.choice(types or self._provider_types[provider_id])

    def same_day_type(self) -> str:
        """The shortest in-person type: what a walk-in asks for."""
        types = [t for t in self._types.values() if not t.telehealth] or list(self._types.values())
        return min(types, key=lambda t: (t.minutes, t.id)).id

    def _preauth(self, payer_id: str) -> list[str]:
        return next(p.preauth_required for p in self.scenario.clinic.payers if p.id == payer_id)

    def _insurance(self, name: str, r: random.Random) -> Insurance:
        payer = r.choice(self.scenario.clinic.payers)
        member = f"{payer.member_prefix}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"
        return Insurance(payer_id=payer.id, payer_name=payer.name, member_id=member,
                         group=f"G-{r.randint(1000, 9999)}", subscriber=name,
                         valid_from="2026-01", valid_to="2026-12")

    def _present(self, record: Insurance,
                 r: random.Random) -> tuple[Insurance, Discrepancy | None]:
        """The card the patient hands over: usually the record, sometimes not."""
        shares = self.scenario.patients.discrepancies
        roll = r.random()
        for kind in DISCREPANCIES:
            share = getattr(shares, kind)
            if roll < share:
                return plant(record, kind, r, self.scenario), kind
            roll -= share
        return record, None


def plant(record: Insurance, kind: str, r: random.Random, scenario: Scenario) -> Insurance:
    """Return a card that differs from ``record`` in the way ``kind`` names."""
    if kind == "member_id_transposed":
        return record.model_copy(update={"member_id": _transpose(record.member_id, r)})
    if kind == "expired_plan":
        return record.model_copy(update={"valid_from": "2025-01", "valid_to": "2025-12"})
    if kind == "wrong_payer":
        others = [p for p in scenario.clinic.payers if p.id != record.payer_id]
        if others:
            other = r.choice(others)
            return record.model_copy(update={
                "payer_id": other.id, "payer_name": other.name,
                "member_id": f"{other.member_prefix}{record.member_id[3:]}"})
        return record.model_copy(update={"valid_from": "2025-01", "valid_to": "2025-12"})
    return record  # dob_typo lives on the card's date of birth, not the insurance


def _ascii(text: str) -> str:
    """Lower-case ASCII letters only (José -> jose), never empty."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower()) or "patient"


def _transpose(member_id: str, r: random.Random) -> str:
    digits = [i for i in range(len(member_id) - 1)
              if member_id[i].isdigit() and member_id[i + 1].isdigit()
              and member_id[i] != member_id[i + 1]]
    if not digits:
        return member_id[:-1] + ("1" if member_id[-1] != "1" else "2")
    i = r.choice(digits)
    return member_id[:i] + member_id[i + 1] + member_id[i] + member_id[i + 2:]


def _dob_typo(dob: str, r: random.Random) -> str:
    year, month, day = dob.split("-")
    if r.random() < 0.5 and day[0] != day[1] and int(day[::-1]) <= 28 and day[1] != "0":
        return f"{year}-{month}-{day[::-1]}"
    return f"{int(year) + r.choice([-1, 1])}-{month}-{day}"


def checkin_task(task_id: str, at: int, patient: Patient, slot: Slot, scenario: Scenario,
                 rng: Streams) -> TaskSpec:
    """The check-in of a booked patient who has just walked up to the desk."""
    preauth_lists = {p.id: list(p.preauth_required) for p in scenario.clinic.payers}
    return TaskSpec(
        id=task_id, kind="checkin", at=at, channel="desk",
        title=f"Check-in: {patient.name}", urgency="routine", visible_urgency="routine",
        target=TARGETS["checkin"], patience=rng["patience"].randint(25, 45) * 60,
        patient_id=patient.id,
        words=f"Hi, I'm {patient.name}. I have a {slot.minutes}-minute appointment at "
              f"{_clock(scenario, slot.start)}.",
        request={"slot": slot.id, "appointment_type": slot.type_id},
        truth={"discrepancy": patient.truth_discrepancy,
               "needs_preauth": patient.record is not None and needs_preauth_for(
                   preauth_lists.get(patient.record.payer_id, []), slot.type_id)})


def _clock(scenario: Scenario, tick: int) -> str:
    from simulator.scenarios.types import clock_to_minutes

    minutes = clock_to_minutes(scenario.shift.start) + tick // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def assert_synthetic(p: Patient) -> None:
    """Raise AssertionError if a patient breaks the synthetic-data rules."""
    assert PHONE_RE.match(p.phone), p.phone
    assert EMAIL_RE.match(p.email), p.email
    assert not SSN_RE.search(p.model_dump_json()), p
