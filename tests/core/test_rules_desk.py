"""Desk rules: identity, insurance, check-in, downtime paper, reconciling, patience, privacy."""

import pytest

from simulator.engine import commands as c
from simulator.textmatch import same_address, same_date, same_text
from tests.core.shifts import (
    at,
    ehr_outage,
    event_task,
    expanded,
    find,
    last_rejection,
    outcomes,
    shown_position,
    start,
)


def _patient(pid):
    return next(p for p in expanded().patients if p.id == pid)


def _checkin(tick=10, discrepancy=None):
    """An insured booked check-in, with or without a planted card mismatch."""
    x = expanded()
    spec = find(x, lambda t: t.kind == "checkin" and t.truth.get("discrepancy") == discrepancy
                and not t.truth.get("needs_preauth")
                and _patient(t.patient_id).record is not None)
    return at(spec, tick)


def _at_desk(spec, *systems):
    shift = start(expanded(), spec, systems=systems)
    shift.advance(spec.at)
    return shift


def test_identity_with_name_and_room_number_is_invalid():
    """A room number is not an identifier: name + room_number is not a valid check."""
    spec = _checkin()
    shift = _at_desk(spec)
    assert shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "room_number")))
    checked = outcomes(shift, "IdentityChecked", spec.id)[0]
    assert checked["valid"] is False
    assert shift.tasks[spec.id].identity_valid is False


def test_identity_with_name_and_dob_is_valid():
    """Name and date of birth are two accepted identifiers."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "dob")))
    assert outcomes(shift, "IdentityChecked", spec.id)[0]["valid"] is True


def test_identity_with_one_identifier_twice_is_invalid():
    """Repeating the same identifier does not make two."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "name")))
    assert outcomes(shift, "IdentityChecked", spec.id)[0]["valid"] is False


def test_confirming_insurance_with_a_planted_discrepancy_is_incorrect():
    """Confirming a card that differs from the record records correct=False."""
    x = expanded()
    spec = at(event_task(x, "transposed-id"), 10)
    assert spec.truth["discrepancy"] == "member_id_transposed"
    shift = _at_desk(spec)
    assert shift.apply(c.ConfirmInsurance(task=spec.id))
    confirmed = outcomes(shift, "InsuranceConfirmed", spec.id)[0]
    assert confirmed["correct"] is False
    assert confirmed["missed"] == "member_id"


def test_confirming_a_matching_card_is_correct():
    """Confirming a card that matches the record records correct=True."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.apply(c.ConfirmInsurance(task=spec.id))
    assert outcomes(shift, "InsuranceConfirmed", spec.id)[0]["correct"] is True


def test_flagging_the_planted_field_is_correct():
    """Flagging the field that really differs records a correct DiscrepancyFlagged."""
    spec = at(event_task(expanded(), "transposed-id"), 10)
    shift = _at_desk(spec)
    shift.apply(c.FlagDiscrepancy(task=spec.id, field="member_id"))
    flagged = outcomes(shift, "DiscrepancyFlagged", spec.id)[0]
    assert flagged["correct"] is True and flagged["expected"] == "member_id"


def test_insurance_cannot_be_verified_twice():
    """A second insurance verification on the same visit is rejected."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.apply(c.ConfirmInsurance(task=spec.id))
    assert shift.apply(c.FlagDiscrepancy(task=spec.id, field="dob")) is False
    assert "already verified" in last_rejection(shift)


def test_check_in_during_ehr_downtime_is_rejected_until_paper_mode():
    """With the EHR down and no paper mode, check-in is refused."""
    spec = _checkin()
    shift = _at_desk(spec, ehr_outage(0, 3600))
    assert shift.apply(c.CheckIn(task=spec.id)) is False
    assert "paper mode" in last_rejection(shift)
    assert shift.tasks[spec.id].open


def test_check_in_in_paper_mode_writes_a_paper_entry():
    """After switching to paper, check-in succeeds on paper and writes an entry."""
    spec = _checkin()
    shift = _at_desk(spec, ehr_outage(0, 3600))
    assert shift.apply(c.SwitchToPaper())
    assert shift.apply(c.CheckIn(task=spec.id))
    assert outcomes(shift, "PatientCheckedIn", spec.id)[0]["on_paper"] is True
    assert outcomes(shift, "PaperEntryWritten", spec.id)[0]["entry"] == "paper-1"
    entry = shift.paper[0]
    assert (entry.name, entry.dob) == (_patient(spec.patient_id).name,
                                        _patient(spec.patient_id).dob)


def test_paper_mode_while_the_ehr_works_is_rejected():
    """Paper mode is only for downtime."""
    shift = _at_desk(_checkin())
    assert shift.apply(c.SwitchToPaper()) is False
    assert "working" in last_rejection(shift)


def _paper_shift():
    """A check-in taken on paper during the outage of the EHR-downtime day."""
    x = expanded("ehr-downtime", 1)
    on_record = {p.id for p in x.patients if p.record is not None}
    spec = at(find(x, lambda t: t.kind == "checkin" and t.patient_id in on_record
                   and not t.truth.get("discrepancy") and not t.truth.get("needs_preauth")), 10)
    outage_task = at(event_task(x, "ehr-dark"), 0)
    shift = start(x, spec, outage_task, systems=[ehr_outage(0, 600)])
    shift.advance(spec.at)
    shift.apply(c.SwitchToPaper())
    shift.apply(c.CheckIn(task=spec.id))
    return shift, spec, outage_task


def test_reconciling_while_the_ehr_is_down_is_rejected():
    """Paper entries go into the EHR only once it is back."""
    shift, _, _ = _paper_shift()
    entry = shift.paper[0]
    assert shift.apply(c.Reconcile(entry=entry.id, name=entry.name, dob=entry.dob,
                                   arrived=entry.arrived)) is False
    assert "still down" in last_rejection(shift)


def test_reconciling_tolerates_case_and_date_format():
    """An upper-cased name and a MM/DD/YYYY date still count as correct."""
    shift, spec, _ = _paper_shift()
    shift.advance(600)
    entry = shift.paper[0]
    year, month, day = entry.dob.split("-")
    assert shift.apply(c.Reconcile(entry=entry.id, name=f"  {entry.name.upper()} ",
                                   dob=f"{month}/{day}/{year}", arrived=entry.arrived))
    reconciled = outcomes(shift, "EntryReconciled", spec.id)[0]
    assert reconciled["correct"] is True and reconciled["wrong"] == []


def test_reconciling_a_wrong_date_of_birth_is_incorrect():
    """A different date of birth is marked wrong on the dob field."""
    shift, spec, _ = _paper_shift()
    shift.advance(600)
    entry = shift.paper[0]
    year, rest = entry.dob.split("-", 1)
    shift.apply(c.Reconcile(entry=entry.id, name=entry.name, dob=f"{int(year) + 1}-{rest}",
                            arrived=entry.arrived))
    reconciled = outcomes(shift, "EntryReconciled", spec.id)[0]
    assert reconciled["correct"] is False and reconciled["wrong"] == ["dob"]


def test_outage_task_resolves_once_restored_and_reconciled():
    """The EHR-outage task stays open until the system is back and paper is entered."""
    shift, _, outage_task = _paper_shift()
    shift.advance(600)
    assert shift.tasks[outage_task.id].open
    entry = shift.paper[0]
    shift.apply(c.Reconcile(entry=entry.id, name=entry.name, dob=entry.dob,
                            arrived=entry.arrived))
    assert outcomes(shift, "TaskResolved", outage_task.id)


@pytest.mark.parametrize(("typed", "expected"), [
    ("123 Main St.", "123 Main Street"),
    ("123 main street", "123 Main Street"),
    ("José  Núñez", "jose nunez"),
    ("42 Oak Ave, Apt 3", "42 Oak Avenue Apartment 3"),
])
def test_same_text_ignores_abbreviations_case_and_accents(typed, expected):
    """Typed text that means the same thing matches (abbreviations only in addresses)."""
    assert same_address(typed, expected)


def test_same_text_still_tells_different_addresses_apart():
    """A different house number is not the same address."""
    assert not same_text("124 Main St.", "123 Main Street")


def test_same_date_accepts_us_and_iso_forms():
    """03/07/1980 and 1980-03-07 are the same date; 1980-07-03 is not."""
    assert same_date("03/07/1980", "1980-03-07")
    assert not same_date("1980-07-03", "1980-03-07")


def test_waiting_patient_leaves_after_their_patience():
    """Someone left waiting at the desk walks out when their patience runs out."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.advance(spec.at + spec.patience - 1)
    assert shift.tasks[spec.id].open
    shift.advance(spec.at + spec.patience)
    assert outcomes(shift, "PatientLeft", spec.id)
    assert outcomes(shift, "TaskAbandoned", spec.id)


def test_greeting_restarts_the_patience_clock():
    """A patient greeted with a wait estimate waits a full patience from the greeting."""
    spec = _checkin()
    shift = _at_desk(spec)
    greet = spec.at + spec.patience - 60
    shift.advance(greet)
    assert shift.apply(c.AcknowledgeArrival(task=spec.id))
    shift.advance(spec.at + spec.patience)
    assert shift.tasks[spec.id].open
    shift.advance(greet + spec.patience)
    assert outcomes(shift, "PatientLeft", spec.id)


def test_walk_in_cannot_be_checked_in_without_a_slot():
    """A walk-in must be booked into a slot before check-in."""
    spec = at(find(expanded(), lambda t: t.kind == "walk_in"), 10)
    shift = _at_desk(spec)
    assert shift.apply(c.CheckIn(task=spec.id)) is False
    assert "book the walk-in" in last_rejection(shift)


def test_desk_work_is_rejected_while_away_from_the_desk():
    """Nobody can be checked in by someone who stepped away."""
    spec = _checkin()
    shift = _at_desk(spec)
    shift.apply(c.LeaveDesk())
    assert shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "dob"))) is False
    assert "away from the desk" in last_rejection(shift)


def _privacy_call():
    spec = at(event_task(expanded(), "spouse-results"), 10)
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    return shift, spec


def test_disclosing_to_an_unauthorized_requester_records_phi_disclosed():
    """Sharing a patient's information with an unauthorized caller records PhiDisclosed."""
    shift, spec = _privacy_call()
    assert shift.apply(c.Disclose(task=spec.id))
    assert outcomes(shift, "InformationDisclosed", spec.id)[0]["authorized"] is False
    assert outcomes(shift, "PhiDisclosed", spec.id)[0]["to"] == "spouse"


def test_refusing_an_unauthorized_requester_discloses_nothing():
    """Refusing, citing privacy, resolves the request with no PhiDisclosed."""
    shift, spec = _privacy_call()
    assert shift.apply(c.VerifyAuthority(task=spec.id))
    assert shift.apply(c.RefuseDisclosure(task=spec.id))
    assert not outcomes(shift, "PhiDisclosed")
    assert outcomes(shift, "DisclosureRefused", spec.id)[0]["verified"] is True
    assert outcomes(shift, "TaskResolved", spec.id)


def test_a_reply_that_leaks_results_records_phi_disclosed():
    """Choosing the reply that reads out the results counts as a disclosure."""
    shift, spec = _privacy_call()
    leak = shown_position(shift, spec.id, lambda ch: ch.get("violation") == "phi_disclosure")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=leak))
    assert outcomes(shift, "PhiDisclosed", spec.id)


def test_a_reply_number_past_the_offered_choices_is_rejected():
    """Choosing reply 9 when four are offered is rejected."""
    shift, spec = _privacy_call()
    assert shift.apply(c.ChooseReply(task=spec.id, choice=9)) is False
    assert "only" in last_rejection(shift)
