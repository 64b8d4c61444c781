"""Scripted events of the everyday desk (DOMAIN.md section 10).

A desk visit (registration, eligibility, payment, Medicare and coordination of benefits, a
minor with a guardian, an interpreter), a check-out, a records request, a message from a
pharmacy, lab or hospital, a pre-visit eligibility worklist and the end-of-day cash drawer.
Each places one task whose obligations come from :mod:`simulator.everyday.duties`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from simulator.everyday.forms import MESSAGE_REASONS
from simulator.everyday.rules import RECORDS_REQUESTS
from simulator.scenarios.types import ClockTime, Slug, Strict, Text

Registration = Literal["none", "new", "changed_address", "changed_phone", "changed_plan"]
Coverage = Literal["single", "self_pay", "medicare", "medicare_employer_large",
                   "medicare_employer_small", "medicare_medicaid", "two_parents",
                   "workers_comp", "auto"]
Person = Literal["adult", "senior", "child", "teen"]
Guardian = Literal["parent", "legal_guardian", "grandparent", "stepparent"]
Access = Literal["none", "spoken", "sign"]
RecordsRequestType = Literal[RECORDS_REQUESTS]  # type: ignore[valid-type]
MessageReason = Literal[MESSAGE_REASONS]  # type: ignore[valid-type]


class _Base(Strict):
    at: ClockTime = Field(description="Clock time the event starts.")
    id: Slug | None = Field(None, description="Optional id, for debrief notes and rules.")
    note: Text | None = Field(None, description="Trainer's note; never shown to the trainee.")


class PlanFacts(Strict):
    """Benefits the payer portal answers for this patient, in dollars.

    Any left out are derived from the member ID.
    """

    active: bool | None = None
    copay: int | None = Field(None, ge=0, le=1000)
    deductible: int | None = Field(None, ge=0, le=20_000)
    met: int | None = Field(None, ge=0, le=20_000)
    coinsurance: int | None = Field(None, ge=0, le=100, description="Patient's share, %.")

    def as_cents(self) -> dict[str, object]:
        """The facts as the portal holds them (cents)."""
        out: dict[str, object] = {}
        if self.active is not None:
            out["active"] = self.active
        for key in ("copay", "deductible", "met"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value * 100
        if self.coinsurance is not None:
            out["coinsurance"] = self.coinsurance
        return out


class DeskVisit(_Base):
    """A patient arrives for a booked visit with the everyday desk's work to do."""

    kind: Literal["desk_visit"]
    visit: Slug = Field(description="Appointment type id of today's visit.")
    patient: Person = "adult"
    registration: Registration = Field("none", description="new: a first visit, the intake "
                                       "packet is entered; changed_*: a returning patient "
                                       "whose address, phone or plan changed.")
    eligibility: bool = Field(False, description="Check eligibility on the portal at "
                              "check-in (owed for a new patient or a changed plan anyway).")
    payment: bool = Field(True, description="Collect what is owed at the desk (copay, or "
                          "the estimate against the deductible, plus any balance).")
    plan: PlanFacts | None = None
    balance: int = Field(0, ge=0, le=20_000, description="Prior balance, dollars.")
    can_pay: int | None = Field(None, ge=0, le=20_000, description="What the patient can "
                                "pay today, dollars (less than owed: a payment plan).")
    insurance: Coverage = Field("single", description="What the patient is covered by: "
                                "one plan, none, Medicare (with an employer plan or "
                                "Medicaid), both parents' plans, or a work or car injury.")
    abn: bool = Field(False, description="Medicare may not cover today's service: an ABN "
                      "is owed (the Medicare payer must list the visit in may_not_cover).")
    guardian: Guardian | None = Field(None, description="Who brings a child or teen.")
    papers_shown: bool = Field(False, description="The guardian shows guardianship papers "
                               "or the parent's signed consent.")
    access: Access = Field("none", description="spoken: limited English, a qualified "
                           "interpreter is owed; sign: a Deaf patient, a sign-language "
                           "interpreter at the practice's cost.")
    language: Text | None = Field(None, max_length=40, description="The language spoken.")
    service_animal: bool = False
    words: Text | None = Field(None, max_length=400)
    dialogue: Slug | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DeskVisit:
        if self.patient in ("child", "teen") and self.guardian is None:
            raise ValueError("a child or teen comes with someone: set guardian")
        if self.patient in ("adult", "senior") and self.guardian is not None:
            raise ValueError("guardian is only for a child or teen patient")
        if self.insurance == "two_parents" and self.patient not in ("child", "teen"):
            raise ValueError("insurance two_parents is for a child or teen patient")
        if self.abn and not self.insurance.startswith("medicare"):
            raise ValueError("an ABN is for a Medicare patient: set a medicare insurance")
        if self.access == "spoken" and not self.language:
            raise ValueError("access spoken needs the language the patient speaks")
        return self


class Checkout(_Base):
    """A patient checks out after their visit."""

    kind: Literal["checkout"]
    follow_up: Slug | None = Field(None, description="Appointment type to book as the "
                                   "follow-up the clinician ordered.")
    follow_up_days: int = Field(10, ge=1, le=120,
                                description="In about this many business days.")
    referral_to: Text | None = Field(None, max_length=80, description="Specialty of an "
                                     "outgoing referral the clinician ordered.")
    payment: bool = False
    visit: Slug | None = Field(None, description="The visit just had (for its price).")
    plan: PlanFacts | None = None
    balance: int = Field(0, ge=0, le=20_000)
    can_pay: int | None = Field(None, ge=0, le=20_000)
    dialogue: Slug | None = None


class RecordsRequest(_Base):
    """Someone asks for copies of a patient's records."""

    kind: Literal["records_request"]
    request: RecordsRequestType
    channel: Literal["in_person", "phone", "fax"] = "in_person"
    dialogue: Slug | None = None


class ClinicalMessage(_Base):
    """A pharmacy, lab, hospital or patient calls with something for the clinical team."""

    kind: Literal["clinical_message"]
    caller: Literal["pharmacy", "lab", "hospital", "patient"]
    reason: MessageReason
    critical: bool = Field(False, description="A lab's critical value: a live transfer to "
                           "a clinician now, not a message.")
    words: Text | None = Field(None, max_length=400)


class EligibilityWorklist(_Base):
    """The afternoon's visits to verify on the payer portal before the patients arrive."""

    kind: Literal["eligibility_worklist"]
    visits: int = Field(4, ge=1, le=12)
    inactive: int = Field(0, ge=0, le=12, description="How many of them are no longer "
                          "covered.")


class CashDrawer(_Base):
    """Close the cash drawer: count against the payments posted today."""

    kind: Literal["cash_drawer"]
    opening: int = Field(150, ge=0, le=2000, description="Opening float, dollars.")
    payments: int = Field(6, ge=1, le=30, description="Payments posted today.")
    variance: float = Field(0.0, ge=-500, le=500, description="Counted minus expected.")


EVERYDAY_EVENTS = (DeskVisit, Checkout, RecordsRequest, ClinicalMessage, EligibilityWorklist,
                   CashDrawer)
