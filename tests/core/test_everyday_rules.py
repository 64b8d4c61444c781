"""The everyday desk's pure rules: typed-data matching, amounts owed, coverage order,
guardians and records requests (simulator.textmatch, simulator.everyday.rules)."""

from __future__ import annotations

import pytest

from simulator.everyday import rules
from simulator.everyday.forms import FORMS, problems
from simulator.everyday.grade import expected, grade
from simulator.textmatch import cents, same_address, same_phone, same_text


@pytest.mark.parametrize(("typed", "on_file"), [
    ("Lukasz Dang", "Łukasz Đặng"), ("Strasse", "Straße"), ("Soren Hjort", "Søren Hjort"),
    ("JOSE NUNEZ", "José Núñez"), ("Nguyen Thi Minh", "Nguyễn Thị Minh")])
def test_names_match_across_scripts(typed, on_file):
    """Letters with no ASCII decomposition (Ł, Đ, ß, Ø) still match their plain forms."""
    assert same_text(typed, on_file)


def test_dr_in_a_name_is_not_drive():
    """Street abbreviations expand only in addresses: "Dr" in a name stays "Dr"."""
    assert not same_text("Drive Okafor", "Dr Okafor")
    assert same_address("14 Wren Dr.", "14 Wren Drive")
    assert not same_address("14 Wren Dr.", "41 Wren Drive")


def test_phone_and_money_parsing():
    """Phones compare by digits; dollar amounts parse with or without $, commas, cents."""
    assert same_phone("617-555-0142", "(617) 555-0142")
    assert not same_phone("617-555-0143", "(617) 555-0142")
    assert cents("$1,204.5") == 120450 and cents("25") == 2500 and cents("ten") is None


PORTAL = {"active": True, "plan_type": "PPO", "copay": 0, "deductible": 150000, "met": 140000,
          "coinsurance": 20, "in_network": True, "pcp": None, "referral_required": False}


def test_amount_due_copay_deductible_inactive_and_balance():
    """Copay when there is one; else what is left of the deductible plus coinsurance."""
    assert rules.amount_due({**PORTAL, "copay": 3000}, 21000, 0) == 3000
    # $100 of the deductible left: $100 + 20 % of the other $110 + a $35 balance.
    assert rules.amount_due(PORTAL, 21000, 3500) == 10000 + 2200 + 3500
    assert rules.amount_due({**PORTAL, "active": False}, 21000, 0) == 21000
    assert rules.amount_due(None, 12000, 500) == 12500


def test_payment_plan_when_the_patient_cannot_pay_it_all():
    """Collect what they can and set up a plan for the rest; no plan when they can pay."""
    assert rules.collection(21000, 8000) == (8000, True)
    assert rules.collection(3000, 8000) == (3000, False)
    assert rules.collection(3000, None) == (3000, False)


def _parent(pid: str, dob: str) -> dict:
    return {"id": pid, "kind": "parent_plan", "holder_dob": dob}


def test_birthday_rule_uses_month_and_day_not_year():
    """The parent whose birthday comes first in the year is primary, however old."""
    older_late = _parent("dad", "1979-11-02")
    younger_early = _parent("mom", "1990-03-14")
    assert rules.coverage_order([older_late, younger_early], None) == ("mom", "dad")


@pytest.mark.parametrize(("size", "primary"), [(240, "employer"), (12, "medicare")])
def test_medicare_secondary_payer_by_employer_size(size, primary):
    """Current work at 20+ employees: the employer plan pays first; fewer: Medicare."""
    plans = [{"id": "medicare", "kind": "medicare"},
             {"id": "employer", "kind": "employer", "current_work": True,
              "employer_size": size}]
    assert rules.coverage_order(plans, None)[0] == primary


def test_medicaid_pays_last_and_injuries_bill_elsewhere():
    """Medicaid is the payer of last resort; a work injury is workers' comp, a crash auto."""
    plans = [{"id": "medicaid", "kind": "medicaid"}, {"id": "medicare", "kind": "medicare"}]
    assert rules.coverage_order(plans, None) == ("medicare", "medicaid")
    health = [{"id": "bluepine", "kind": "employer"}]
    assert rules.coverage_order(health, "work") == ("workers_comp", "none")
    assert rules.coverage_order(health, "auto") == ("auto", "bluepine")


def test_guardian_and_records_decisions():
    """A parent needs no papers; anyone else does; records requests by their kind."""
    assert rules.guardian_decision("parent", False) == ("not_needed", "proceed")
    assert rules.guardian_decision("grandparent", False) == ("missing",
                                                              "reach_parent_or_guardian")
    assert rules.guardian_decision("legal_guardian", True) == ("seen", "proceed")
    assert rules.records_action("own_copy") == "log_and_fulfil"
    assert rules.records_action("subpoena") == "send_to_privacy_officer"
    assert rules.records_action("substance_use") == "get_signed_authorization"


def test_grading_is_tolerant_but_not_blind():
    """The sheet's "Street" matches a typed "St."; a changed address typed from the record
    does not; every field is graded."""
    request = {"intake": {"name": "Zofia Łukaszewska", "dob": "1984-03-27",
                          "address": "812 Kestrel Street", "phone": "(617) 555-0142",
                          "member_id": "NWH-1234-5678", "emergency_name": "Oskar Nowak",
                          "emergency_phone": "(503) 555-0100"}}
    right = expected("registration", request, PORTAL, {}, insured=True)
    typed = {**{k: str(v) for k, v in right.items()}, "name": "Zofia Lukaszewska",
             "address": "812 Kestrel St.", "dob": "03/27/1984", "phone": "617.555.0142"}
    assert all(grade("registration", typed, right).values())
    stale = {**typed, "address": "40 Birch Ave."}
    assert grade("registration", stale, right)["address"] is False


def test_a_submission_must_be_complete_and_use_the_options():
    """Missing fields, unknown fields and values outside the options are named."""
    spec = FORMS["interpreter"]
    wrong = problems(spec, {"interpreter": "my daughter", "extra": "x"}, {}, {})
    assert any("no field 'extra'" in w for w in wrong)
    assert any("'Interpreter' must be one of" in w for w in wrong)
    assert any("fill in 'Interpreter paid by'" in w for w in wrong)
    assert problems(spec, {"interpreter": "phone_interpreter", "paid_by": "practice"},
                    {}, {}) == []
