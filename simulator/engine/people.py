"""Synthetic patients: names from Faker, everything else from our own seeded streams.

The data must look fake to a careful eye (DOMAIN.md section 9): phones only in
555-0100..555-0199, e-mail only at example.com/org/net, no SSNs, member IDs in a format no
real payer uses, invented payers. Planted card/record mismatches are made here.
"""

from __future__ import annotations

import random
import re
import unicodedata

from simulator.engine import names
from simulator.engine.kin import ADULT_BORN, Fit
from simulator.engine.rng import Streams, faker_for
from simulator.model import Discrepancy, Insurance, Patient, Slot, TaskSpec
from simulator.protocol import TARGETS
from simulator.protocol import needs_preauth as needs_preauth_for
from simulator.protocol import needs_referral as needs_referral_for
from simulator.scenarios.schema import Scenario

#: Years since the last visit within which a patient counts as established (DOMAIN.md
#: section 10): a patient seen by the practice's clinicians in that time books established
#: visit types, never a new-patient one.
ESTABLISHED_YEARS = 3
#: Share of generated callers and walk-ins who are established patients of the practice.
ESTABLISHED_SHARE = 0.8

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
        #: The name each person goes by (a Vietnamese name ends with it, not starts).
        self.given: dict[str, str] = {}
        #: "f" or "m", so a dialogue about "my dad" is attached to a man.
        self.sex: dict[str, str] = {}
        #: Seen by the practice's clinicians in the last ESTABLISHED_YEARS years.
        self.established: dict[str, bool] = {}
        #: When each person is in the building (arrival to the end of their visit).
        self._in_building: dict[str, list[tuple[int, int]]] = {}
        self._fakers = {}
        for locale in scenario.patients.locales:
            if locale in names.OWN_LISTS:
                continue
            fake = faker_for(locale)
            fake.seed_instance(f"{seed}:faker:{locale}")
            self._fakers[locale] = fake

    def new_patient(self, provider_id: str, type_id: str | None,
                    established: bool | None = None, fit: Fit | None = None) -> Patient:
        """Create a patient of ``provider_id``, with insurance or self-pay.

        Args:
            provider_id: The patient's own clinician.
            type_id: The visit booked for them today, if any.
            established: Whether the practice has seen them in the last 3 years; by default
                a booked visit decides (a new-patient visit means new), else a seeded draw.
            fit: The sex and birth years a dialogue needs of them (see kin.fit_for).

        """
        r = self.rng["patients"]
        locale = r.choice(self.scenario.patients.locales)
        fit = fit or Fit(None, None)
        sex = fit.sex or self.rng["sex"].choice("fm")
        if locale in names.OWN_LISTS:
            name, first = names.vietnamese(self.rng[f"names:{locale}"], sex == "f")
            last = name.split()[0]
        else:
            fake = self._fakers[locale]
            first = names.mend(locale, fake.first_name_female() if sex == "f"
                               else fake.first_name_male())
            last = names.mend(locale, fake.last_name())
            name = f"{first} {last}"
        born = fit.born or ADULT_BORN
        if established is None:
            established = (not is_new_patient_type(type_id) if type_id is not None
                           else self.rng["history"].random() < ESTABLISHED_SHARE)
        dob = f"{r.randint(*born)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
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
        self.given[pid] = first.split()[0] if locale not in names.OWN_LISTS else first
        self.established[pid] = established
        self.sex[pid] = sex
        return patient

    def fitting(self, r: random.Random, fit: Fit, at: int | None = None) -> Patient:
        """Someone who fits what a dialogue says of them: on the books if possible, else new.

        Args:
            r: The stream to draw from.
            fit: The sex and birth years the dialogue implies.
            at: When the event happens; nobody in the waiting room then is chosen.

        """
        if fit == Fit(None, None):
            return self.existing_or_new(r, at)
        lo, hi = fit.born or (0, 9999)
        fits = [p for p in self.patients
                if (fit.sex is None or self.sex[p.id] == fit.sex)
                and lo <= int(p.dob[:4]) <= hi and (at is None or not self.present_at(p.id, at))]
        if fits and r.random() < 0.5:
            return r.choice(fits)
        return self.new_patient(self.any_provider(), None, fit=fit)

    def mark_present(self, pid: str, start: int, end: int) -> None:
        """Note that a person is in the building from ``start`` to ``end`` (shift seconds)."""
        self._in_building.setdefault(pid, []).append((start, end))

    def present_at(self, pid: str, tick: int) -> bool:
        """True while the person is at the clinic (they would not phone it to book)."""
        return any(a <= tick < b for a, b in self._in_building.get(pid, ()))

    def first_name(self, patient: Patient) -> str:
        """The name the person introduces themselves by."""
        return self.given.get(patient.id, patient.name.split()[0])

    def replace(self, patient: Patient) -> None:
        """Swap in a changed copy of a patient (for planted problems)."""
        self._by_id[patient.id] = patient
        self.patients = [patient if p.id == patient.id else p for p in self.patients]

    def get(self, pid: str) -> Patient:
        """Return a patient by id."""
        return self._by_id[pid]

    def existing_or_new(self, r: random.Random, at: int | None = None) -> Patient:
        """Half the time someone already in today's roster, otherwise a new person.

        Args:
            r: The stream to draw from.
            at: When they phone or write; nobody sitting in the waiting room then is chosen.

        """
        if self.patients and r.random() < 0.5:
            # Someone who phones or writes about their own care is an adult.
            away = [p for p in self.patients if int(p.dob[:4]) <= ADULT_BORN[1]
                    and (at is None or not self.present_at(p.id, at))]
            if away:
                return r.choice(away)
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

    def bookable_type(self, provider_id: str, r: random.Random,
                      established: bool | None = None, ahead: bool = False) -> str:
        """An appointment type this provider sees (not telehealth unless nothing else).

        Args:
            provider_id: Whose book.
            r: The stream to draw from.
            established: None for any type; True never gives a new-patient visit; False
                gives one when the provider offers it (a new patient books as new).
            ahead: Booked days ahead, so never a same-day sick visit.

        """
        own = self._provider_types[provider_id]
        types = [t for t in own if not self._types[t].telehealth] or own
        if ahead:
            types = [t for t in types if "same-day" not in self._types[t].name.lower()] or types
        if established is None:
            return r.choice(types)
        new = [t for t in types if is_new_patient_type(t, self._types[t].name)]
        if not established and new:
            return r.choice(new)
        return r.choice([t for t in types if t not in new] or types)

    def is_established(self, pid: str, tick: int | None = None) -> bool:
        """Seen in the last 3 years, or already seen today before ``tick``."""
        seen_today = tick is not None and any(a < tick for a, _ in self._in_building.get(pid, ()))
        return self.established[pid] or seen_today

    def visit_for(self, patient: Patient, r: random.Random, tick: int | None = None,
                  ahead: bool = False) -> str:
        """A visit type that fits the patient's history with the practice at ``tick``."""
        return self.bookable_type(patient.provider_id, r, self.is_established(patient.id, tick),
                                  ahead)

    def same_day_type(self) -> str:
        """The shortest in-person type: what a walk-in asks for."""
        types = [t for t in self._types.values() if not t.telehealth] or list(self._types.values())
        return min(types, key=lambda t: (t.minutes, t.id)).id

    def _preauth(self, payer_id: str) -> list[str]:
        return next(p.preauth_required for p in self.scenario.clinic.payers if p.id == payer_id)

    def _insurance(self, name: str, r: random.Random) -> Insurance:
        # Medicare comes with age or disability, never by chance: desk visits place it.
        payer = r.choice([p for p in self.scenario.clinic.payers if not p.medicare]
                         or self.scenario.clinic.payers)
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


#: Share of patients who do not answer the desk's first call (it goes to voicemail).
NO_ANSWER_SHARE = 0.3


def unanswered(slot_ids: list[str], r: random.Random) -> list[str]:
    """The call-out visits whose patient lets the first call go to voicemail."""
    return [s for s in slot_ids if r.random() < NO_ANSWER_SHARE]


def is_new_patient_type(type_id: str | None, name: str = "") -> bool:
    """True for a new-patient visit type (by its id or name, e.g. ``video-new-patient``)."""
    text = f"{type_id or ''} {name}".lower().replace("-", " ")
    return "new patient" in text


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
    referral_lists = {p.id: list(p.referral_required) for p in scenario.clinic.payers}
    payer = patient.record.payer_id if patient.record is not None else None
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
                   preauth_lists.get(patient.record.payer_id, []), slot.type_id),
               "needs_referral": payer is not None and needs_referral_for(
                   referral_lists.get(payer, []), slot.type_id)})


def _clock(scenario: Scenario, tick: int) -> str:
    from simulator.scenarios.types import clock_to_minutes

    minutes = clock_to_minutes(scenario.shift.start) + tick // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def assert_synthetic(p: Patient) -> None:
    """Raise AssertionError if a patient breaks the synthetic-data rules."""
    assert PHONE_RE.match(p.phone), p.phone
    assert EMAIL_RE.match(p.email), p.email
    assert not SSN_RE.search(p.model_dump_json()), p
