"""The everyday desk in the engine: forms, the payer portal, asking before a hold, and the
score of registration-morning against the expert, the novice and players that skip work."""

from __future__ import annotations

import pytest

from simulator.bots import make_bot
from simulator.bots.adversaries import make_adversary
from simulator.bots.paperwork import answers
from simulator.engine import commands as c
from simulator.engine.runner import run_bot
from simulator.engine.view import build_view
from simulator.everyday.duties import DUTIES
from simulator.scoring import score_shift
from tests.core.shifts import event_task, expanded, generated_call, last_rejection, outcomes, start

SCENARIO = "registration-morning"


def _at_desk(event_id: str):
    x = expanded(SCENARIO, 1)
    spec = event_task(x, event_id)
    shift = start(x, spec.model_copy(update={"at": 0}))
    shift.advance(1)
    shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "dob")))
    return x, spec, shift


def _finding(card, code: str):
    return next(f for f in card.feedback if f.code == code)


def test_a_stale_address_typed_from_the_record_loses_points_and_names_the_right_one():
    """The moved patient's form, started from the record, must be corrected from the sheet."""
    x, spec, shift = _at_desk("moved-house")
    view = build_view(shift)
    task = view.task(spec.id)
    fields = answers(view, task, "registration")
    record = shift.patients[spec.patient_id]
    fields["address"] = record.address  # what the record still says
    shift.apply(c.SubmitForm(task=spec.id, form="registration", fields=fields))
    card = score_shift(shift)
    item = _finding(card, "registration_entered")
    assert record.address in item.what
    assert spec.request["intake"]["address"] in item.what


def test_the_portal_answer_appears_only_after_a_check():
    """Copay and deductible are not on screen until the desk asks the payer portal."""
    x, spec, shift = _at_desk("deductible-visit")
    assert "portal" not in build_view(shift).task(spec.id).progress
    shift.apply(c.CheckEligibility(task=spec.id))
    portal = build_view(shift).task(spec.id).progress["portal"][spec.patient_id]
    assert portal["deductible"] == 150000 and portal["met"] == 140000
    assert portal["coinsurance"] == 20 and portal["copay"] == 0


def test_payment_is_graded_on_the_amount_worked_out_from_the_portal():
    """$157 is right for the deductible visit; the card's usual $25 is not."""
    x, spec, shift = _at_desk("deductible-visit")
    shift.apply(c.CheckEligibility(task=spec.id))
    view = build_view(shift)
    fields = answers(view, view.task(spec.id), "payment")
    assert fields["amount"] == "157.00"
    shift.apply(c.SubmitForm(task=spec.id, form="payment", fields={**fields, "amount": "25"}))
    item = _finding(score_shift(shift), "payment_collected")
    assert "$157.00" in item.what


def test_forms_are_refused_where_they_do_not_fit_or_are_incomplete_or_repeated():
    """The engine says why: wrong task kind, a missing field, a second submission."""
    x, spec, shift = _at_desk("first-new-patient")
    shift.apply(c.SubmitForm(task=spec.id, form="records",
                             fields={"action": "refuse", "due_days": "30"}))
    assert "not used for this task" in last_rejection(shift)
    shift.apply(c.SubmitForm(task=spec.id, form="payment", fields={"amount": "30"}))
    assert "fill in 'Method'" in last_rejection(shift)
    full = {"amount": "30", "method": "card", "payment_plan": "no", "receipt": "yes"}
    shift.apply(c.SubmitForm(task=spec.id, form="payment", fields=full))
    shift.apply(c.SubmitForm(task=spec.id, form="payment", fields=full))
    assert "already submitted" in last_rejection(shift)


def test_a_family_member_as_interpreter_costs_the_duty_and_a_misuse():
    """Choosing the daughter loses the interpreter points and is flagged on its own."""
    x, spec, shift = _at_desk("spanish-speaker")
    shift.apply(c.SubmitForm(task=spec.id, form="interpreter",
                             fields={"interpreter": "family_member", "paid_by": "practice"}))
    codes = {f.code for f in score_shift(shift).feedback}
    assert {"interpreter_provided", "family_interpreter"} <= codes


def _two_calls():
    x = expanded(SCENARIO, 1)
    first = generated_call(x, "scheduling")
    second = next(t for t in x.tasks if t.kind == "call" and t.id != first.id)
    shift = start(x, first.model_copy(update={"at": 0}), second.model_copy(update={"at": 5}))
    shift.advance(1)
    shift.apply(c.AnswerCall(line=1))
    shift.advance(10)
    return shift, first


def test_holding_without_asking_is_a_misuse_and_asking_first_is_not():
    """"May I put you on hold?" and a yes come first."""
    shift, first = _two_calls()
    shift.apply(c.HoldCall(line=1))
    assert "hold_unasked" in {f.code for f in score_shift(shift).feedback}
    shift, first = _two_calls()
    shift.apply(c.AskToHold(line=1))
    assert outcomes(shift, "HoldAsked")[-1]["agreed"] is True
    shift.apply(c.HoldCall(line=1))
    assert outcomes(shift, "CallHeld")[-1]["asked"] is True
    assert "hold_unasked" not in {f.code for f in score_shift(shift).feedback}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_expert_meets_every_everyday_duty_and_passes(seed):
    """The expert earns every point of every new duty (no guessing, all from the view)."""
    shift, _ = run_bot(expanded(SCENARIO, seed), make_bot("expert", seed))
    card = score_shift(shift)
    assert card.passed and card.overall >= 95
    assert not [f.code for f in card.feedback if f.code in DUTIES]


@pytest.mark.parametrize("player", ["novice", "forms-anyhow", "spam-submit_form",
                                    "expert-no-registration", "expert-no-eligibility",
                                    "expert+family-interpreter"])
def test_players_that_skip_or_fake_the_paperwork_fail(player):
    """Ticking every form through, skipping registration or the portal does not pass."""
    for seed in (1, 2):
        bot = make_bot(player, seed) if player == "novice" else make_adversary(player, seed)
        shift, _ = run_bot(expanded(SCENARIO, seed), bot)
        assert not score_shift(shift).passed, (player, seed)


def _critical_ids(shift) -> set[str]:
    return {c.id for c in score_shift(shift).critical_fails}


def test_a_child_checked_in_without_consent_is_a_critical_fail():
    """A grandmother with no note: check-in without reaching the parent fails the attempt."""
    x = expanded("medicare-family-day", 1)
    spec = event_task(x, "grandmother-no-note")
    for decision, critical in (("proceed", True), ("reach_parent_or_guardian", False)):
        shift = start(x, spec.model_copy(update={"at": 0, "dialogue_id": None}))
        shift.advance(1)
        shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "dob")))
        shift.apply(c.SubmitForm(task=spec.id, form="guardian", fields={
            "relationship": "grandparent", "papers": "missing", "decision": decision}))
        shift.apply(c.CheckIn(task=spec.id))
        assert ("minor-without-consent" in _critical_ids(shift)) is critical, decision


def test_releasing_records_on_a_subpoena_is_a_critical_fail():
    """A subpoena goes to the privacy officer; logging it for release fails the attempt."""
    x = expanded("checkout-and-collections", 1)
    spec = event_task(x, "subpoena-at-desk")
    for action, critical in (("log_and_fulfil", True), ("send_to_privacy_officer", False)):
        shift = start(x, spec.model_copy(update={"at": 0, "dialogue_id": None}))
        shift.advance(1)
        shift.apply(c.SubmitForm(task=spec.id, form="records",
                                 fields={"action": action, "due_days": "30"}))
        assert ("records-released" in _critical_ids(shift)) is critical, action
