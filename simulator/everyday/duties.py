"""What each everyday task owes: one :class:`Duty` per obligation code, with its weights.

A task's hidden ``truth["everyday"]`` says which duties the situation brings (a new
patient registers, a Medicare patient booked for a routine physical signs an ABN, ...);
:func:`owed` lists them with their facts, and :mod:`simulator.protocol` turns each into an
:class:`~simulator.protocol.Obligation`. A duty tied to a form is graded field by field:
the points are the weights of the fields that were right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal

from simulator.everyday.rules import benefits
from simulator.model import Patient, TaskSpec

Dimension = Literal["prioritization", "accuracy", "deescalation", "compliance"]
#: A lab's critical value is passed to a clinician by a live transfer within this many
#: seconds: a message waits in an inbox (DOMAIN.md 10, phone etiquette).
CRITICAL_RESULT_WITHIN: Final = 120


@dataclass(frozen=True, slots=True)
class Duty:
    """One kind of everyday obligation.

    Attributes:
        code: The obligation code.
        dimension: Where it counts.
        competency: The curriculum competency it evidences.
        form: The form that meets it (None: an action such as a portal check does).
        weights: Points per form field that must be right (or ``{"": n}`` for an action).
    """

    code: str
    dimension: Dimension
    competency: str
    form: str | None
    weights: dict[str, int] = field(default_factory=dict)

    @property
    def points(self) -> int:
        """Points at stake."""
        return sum(self.weights.values())


_DEMOGRAPHICS = ("name", "dob", "address", "phone", "member_id", "emergency_name",
                 "emergency_phone")
_SIGNED = ("photo_id", "card_scanned", "privacy_notice", "consent_to_treat",
           "financial_policy", "assignment_of_benefits")

DUTIES: Final[dict[str, Duty]] = {d.code: d for d in (
    Duty("registration_entered", "accuracy", "technology.registration-intake", "registration",
         dict.fromkeys(_DEMOGRAPHICS, 1)),
    # The Notice of Privacy Practices acknowledgment and consents are compliance duties.
    Duty("registration_signed", "compliance", "technology.registration-intake",
         "registration", dict.fromkeys(_SIGNED, 1)),
    Duty("eligibility_checked", "accuracy", "technology.eligibility-benefits", None,
         {"": 3}),
    Duty("eligibility_before", "accuracy", "technology.eligibility-benefits", None, {"": 1}),
    Duty("payment_collected", "accuracy", "technology.time-of-service-collection", "payment",
         {"amount": 2, "payment_plan": 1, "receipt": 1}),
    # The signature is the point: without it the patient cannot be billed.
    Duty("abn_given", "compliance", "technology.medicare-abn", "abn",
         {"service": 1, "signed": 3}),
    Duty("coverage_ordered", "accuracy", "technology.coordination-of-benefits", "coverage",
         {"primary": 2, "secondary": 1, "msp_asked": 1}),
    Duty("guardian_consent", "compliance", "privacy.minors-and-guardians", "guardian",
         {"decision": 2, "relationship": 1, "papers": 1}),
    Duty("interpreter_provided", "compliance", "communication.language-access", "interpreter",
         {"interpreter": 3, "paid_by": 1}),
    Duty("records_handled", "compliance", "privacy.right-of-access", "records",
         {"action": 4, "due_days": 1}),
    Duty("message_complete", "accuracy", "communication.clinician-handoff", "message",
         dict.fromkeys(("to", "who", "callback", "reason", "urgency", "done"), 1)),
    Duty("critical_result", "compliance", "communication.clinician-handoff", None, {"": 5}),
    Duty("checkout_done", "accuracy", "technology.checkout-and-reconciliation", "checkout",
         {"visit_summary": 1, "referral_sent": 2}),
    Duty("drawer_balanced", "accuracy", "technology.checkout-and-reconciliation", "drawer",
         {"variance": 4}),
)}
#: Forms whose duty is owed when the truth names the form (key in ``truth["everyday"]``).
_FORM_DUTIES: Final = {"payment": "payment_collected", "abn": "abn_given",
                       "coverage": "coverage_ordered", "guardian": "guardian_consent",
                       "interpreter": "interpreter_provided", "records": "records_handled",
                       "message": "message_complete", "checkout": "checkout_done",
                       "drawer": "drawer_balanced"}


def everyday(spec: TaskSpec) -> dict[str, Any]:
    """The task's everyday facts (empty for a task with none)."""
    return dict(spec.truth.get("everyday") or {})


def owed(spec: TaskSpec) -> list[tuple[str, dict[str, Any]]]:
    """(duty code, facts) for every everyday duty of ``spec``, in a trainer's order."""
    facts = everyday(spec)
    if not facts:
        return []
    out: list[tuple[str, dict[str, Any]]] = []
    if facts.get("registration"):
        out.append(("registration_entered", {"kind": facts["registration"]}))
        out.append(("registration_signed", {}))
    if facts.get("eligibility"):
        out.append(("eligibility_checked", {}))
    for pid, by in facts.get("worklist", []):
        out.append(("eligibility_before", {"patient": pid, "by": by}))
    for key, code in _FORM_DUTIES.items():
        if facts.get(key):
            out.append((code, {}))
    if facts.get("critical"):
        out.append(("critical_result", {"within": CRITICAL_RESULT_WITHIN}))
    return out


def form_due(spec: TaskSpec, form: str) -> bool:
    """Whether this task's situation calls for ``form`` at all (else it is a misuse)."""
    facts = everyday(spec)
    if form == "registration":
        return bool(facts.get("registration"))
    if form == "payment" and spec.kind in ("checkin", "walk_in"):
        # Any insured arrival owes a copay; the payment form is one way to take it.
        return True
    return bool(facts.get(form))


def covers_copay(spec: TaskSpec) -> bool:
    """True when the payment duty replaces the plain copay obligation for this task."""
    return bool(everyday(spec).get("payment"))


def covers_card(spec: TaskSpec) -> bool:
    """True when registration (card scan plus a portal check) replaces the card comparison.

    A new patient has no record to compare the card with, and a returning one with a new
    plan updates the record from the new card.
    """
    return everyday(spec).get("registration") in ("new", "changed")


def planted_plan(spec: TaskSpec, patient_id: str) -> dict[str, Any] | None:
    """Benefits a scenario fixed for one patient of this task (None: derived from the card)."""
    plans = everyday(spec).get("plans") or {}
    return plans.get(patient_id)


def portal_answer(spec: TaskSpec, patient: Patient) -> dict[str, Any] | None:
    """What the payer portal answers for ``patient`` (None when they present no coverage).

    The card presented is what is checked: a returning patient with a new plan is checked
    on the new card, not on the record.
    """
    card = patient.card or patient.record
    if card is None:
        return None
    return benefits(card.member_id, planted_plan(spec, patient.id)).as_dict()
