"""What the right answer is, for each everyday situation (DOMAIN.md section 10).

Each function takes only facts the desk can see once it looks (the intake sheet, the cards
presented, the payer portal's answer, what the person said, as structured fields) and
returns the answer a competent secretary gives. Scoring calls them with the shift's facts,
the expert bot with the same facts read from its view: one rule for both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Final

#: Days to act on a request for records under the HIPAA right of access (one 30-day
#: extension is allowed, with a written reason; the desk logs the first deadline).
RECORDS_DAYS: Final = 30
#: An employer group plan pays before Medicare for someone covered through current work
#: (their own or a spouse's) at an employer of at least this many employees (MSP rules).
MSP_EMPLOYER_SIZE: Final = 20
#: Coverage choices that are not health plans: a work injury bills workers' compensation,
#: a car accident the auto insurer (medical payments / PIP) first.
INJURY_PAYERS: Final = {"work": "workers_comp", "auto": "auto"}
NONE: Final = "none"


@dataclass(frozen=True, slots=True)
class Benefits:
    """The payer portal's eligibility answer (a 271 response, simplified).

    Amounts are in cents; ``coinsurance`` is the patient's share in percent.
    """

    active: bool
    plan_type: str
    copay: int
    deductible: int
    met: int
    coinsurance: int
    in_network: bool
    pcp: str | None
    referral_required: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON form (outcomes and the view carry it)."""
        return {"active": self.active, "plan_type": self.plan_type, "copay": self.copay,
                "deductible": self.deductible, "met": self.met,
                "coinsurance": self.coinsurance, "in_network": self.in_network,
                "pcp": self.pcp, "referral_required": self.referral_required}


def benefits(member_id: str, plan: dict[str, Any] | None = None) -> Benefits:
    """The portal's answer for a member: the scenario's planted plan, else derived.

    Derived from the member id by a pure hash: the same card always gets the same benefits.

    Args:
        member_id: The id on the card being checked.
        plan: Facts a scenario fixed for this patient (any subset of the fields).
    """
    digest = hashlib.sha256(member_id.encode()).digest()
    copay = (0, 2500, 3000, 4000)[digest[0] % 4]
    deductible = (50000, 100000, 150000, 250000)[digest[1] % 4]
    derived: dict[str, Any] = {
        "active": True, "plan_type": "PPO" if digest[2] % 3 else "HMO", "copay": copay,
        "deductible": deductible, "met": min(deductible, (digest[3] % 11) * 10000),
        "coinsurance": (10, 20, 30)[digest[4] % 3], "in_network": True, "pcp": None,
        "referral_required": False}
    derived.update(plan or {})
    return Benefits(**derived)


def amount_due(portal: dict[str, Any] | None, price: int, balance: int) -> int:
    """What the patient owes at the desk today, in cents.

    The copay when the plan has one; with no copay, the estimate against the deductible
    (what is left of it, then the coinsurance share of the rest); the whole price when the
    coverage is not active (or nobody checked and there is none on file); plus any prior
    balance on the account.
    """
    if portal is None or not portal["active"]:
        return price + balance
    if portal["copay"] > 0:
        return portal["copay"] + balance
    left = max(0, portal["deductible"] - portal["met"])
    toward_deductible = min(price, left)
    share = (price - toward_deductible) * portal["coinsurance"] // 100
    return toward_deductible + share + balance


def collection(due: int, can_pay: int | None) -> tuple[int, bool]:
    """(amount to collect now, whether to set up a payment plan for the rest)."""
    if can_pay is None or can_pay >= due:
        return due, False
    return can_pay, True


def coverage_order(coverages: list[dict[str, Any]], injury: str | None) -> tuple[str, str]:
    """(primary, secondary) among the coverages presented, by coordination-of-benefits rules.

    Args:
        coverages: Each ``{"id", "kind", ...}`` with kind ``employer``, ``medicare``,
            ``medicaid``, ``parent_plan`` (a child's cover through a parent, with
            ``holder_dob``) or ``retiree``; an employer plan also has
            ``current_work`` and ``employer_size``.
        injury: ``"work"`` or ``"auto"`` when today's visit is for such an injury.

    Returns:
        Coverage ids (or ``workers_comp``, ``auto``, ``none``).
    """
    plans = [c["id"] for c in _ordered(coverages)]
    if injury in INJURY_PAYERS:
        first = INJURY_PAYERS[injury]
        # Health plans do not pay for a work injury; after an auto insurer's medical
        # payments run out, the health plan is next.
        return first, (plans[0] if injury == "auto" and plans else NONE)
    return (plans[0] if plans else NONE), (plans[1] if len(plans) > 1 else NONE)


def _ordered(coverages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = {c["kind"] for c in coverages}
    if kinds == {"parent_plan"} and len(coverages) > 1:
        # Birthday rule: the parent whose birthday (month and day, not year) comes first
        # in the calendar year holds the primary plan.
        return sorted(coverages, key=lambda c: c["holder_dob"][5:])
    def rank(c: dict[str, Any]) -> int:
        if c["kind"] == "medicaid":
            return 9  # Medicaid is the payer of last resort
        if c["kind"] == "employer" and "medicare" in kinds:
            big = c.get("current_work") and c.get("employer_size", 0) >= MSP_EMPLOYER_SIZE
            return 0 if big else 5  # MSP: current work at 20+ employees pays first
        if c["kind"] == "retiree":
            return 5
        return 1
    return sorted(coverages, key=rank)


def guardian_decision(relationship: str, papers_shown: bool) -> tuple[str, str]:
    """(papers, decision) for a child brought in by ``relationship``.

    A parent consents with no papers. A legal guardian shows the court's guardianship
    order; anyone else (a grandparent, a stepparent who has not adopted) needs the parent's
    or guardian's written consent. Without those, the desk reaches the parent or guardian.
    """
    if relationship == "parent":
        return "not_needed", "proceed"
    if papers_shown:
        return "seen", "proceed"
    return "missing", "reach_parent_or_guardian"


#: The qualified interpreter options for each need (a family member never qualifies for
#: clinical matters; a sign-language interpreter for a Deaf patient is the practice's cost).
INTERPRETER_FOR: Final[dict[str, frozenset[str]]] = {
    "spoken": frozenset({"phone_interpreter", "video_interpreter", "in_person_interpreter"}),
    "sign": frozenset({"sign_language_interpreter"}),
    "none": frozenset({"none_needed"}),
}


def records_action(request_type: str) -> str:
    """The desk's action on a request for records.

    The patient's own request, or copies sent to a third party at the patient's signed
    written direction, are logged and fulfilled within 30 days. Psychotherapy notes and
    substance-use treatment records (42 CFR Part 2) need the patient's specific signed
    authorization, as does anyone asking without the patient's direction. A subpoena goes
    to the privacy officer, who checks it before anything is released.
    """
    return {"own_copy": "log_and_fulfil", "directed_third_party": "log_and_fulfil",
            "subpoena": "send_to_privacy_officer",
            "psychotherapy_notes": "get_signed_authorization",
            "substance_use": "get_signed_authorization",
            "third_party_no_direction": "get_signed_authorization"}[request_type]


RECORDS_REQUESTS: Final = ("own_copy", "directed_third_party", "subpoena",
                           "psychotherapy_notes", "substance_use", "third_party_no_direction")


def abn_due(payers: dict[str, dict[str, Any]], payer_id: str | None,
            type_id: str | None) -> bool:
    """Whether an ABN is owed before the visit.

    A Medicare patient booked for a service Medicare may not cover (the payer list on
    screen names them, e.g. a routine physical) signs one.
    """
    if payer_id is None or type_id is None:
        return False
    payer = payers.get(payer_id, {})
    return bool(payer.get("medicare")) and type_id in payer.get("may_not_cover", ())


#: Payment methods that end up in the cash drawer (card payments settle elsewhere).
DRAWER_METHODS: Final = frozenset({"cash", "check"})


def drawer_variance(opening: int, posted: list[dict[str, Any]], counted: int) -> int:
    """What was counted minus what should be in the drawer, in cents.

    What should be there: the opening float plus the cash and check payments posted.
    """
    return counted - opening - sum(int(p["amount"]) for p in posted
                                   if p.get("method") in DRAWER_METHODS)
