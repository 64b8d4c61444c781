"""Scoring rules, table-driven over hand-written outcome lists: obligations and misuses."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.model import ExpandedShift, TaskSpec
from simulator.protocol import MISUSES, POINTS, command_refusal, obligations
from simulator.scoring import collect_findings, score_outcomes
from simulator.scoring.context import Finding, ScoreContext
from tests.core.shifts import expanded, find, generated_call, small

X = expanded("busy-monday", 1)
PATIENTS = {p.id: p for p in X.patients}
#: An everyday day holds at most one crisis; the collapse has a day of its own.
COLLAPSE_DAY = expanded("waiting-room-collapse", 1)
COLLAPSE = find(COLLAPSE_DAY, lambda t: t.kind == "medical_emergency")


def _clean_checkin() -> TaskSpec:
    return find(X, lambda t: t.kind == "checkin" and PATIENTS[t.patient_id].record is not None
                and not t.truth.get("discrepancy") and not t.truth.get("needs_preauth"))


def _o(kind: str, task: str | None, t: int, **data: Any) -> dict[str, Any]:
    return {"t": t, "kind": kind, "task": task, **data}


def _arrived(spec: TaskSpec) -> dict[str, Any]:
    return _o("TaskArrived", spec.id, spec.at, task_kind=spec.kind, channel=spec.channel,
              urgency=spec.urgency)


def _findings(spec: TaskSpec, outcomes: list[dict[str, Any]],
              x: ExpandedShift = X) -> dict[str, Finding]:
    ctx = ScoreContext(small(x, [spec]), [_arrived(spec), *outcomes])
    return {f.code: f for f in collect_findings(ctx) if f.task == spec.id}


def _checked_in(spec: TaskSpec, t: int) -> dict[str, Any]:
    return _o("PatientCheckedIn", spec.id, t, identity_valid=True, insurance="match",
              copay=True, preauth=False, on_paper=False, insured=True, needs_preauth=False,
              discrepancy=None)


CHECKIN = _clean_checkin()
A = CHECKIN.at
DONE_RIGHT = [
    _o("ArrivalAcknowledged", CHECKIN.id, A + 5, after=5),
    _o("IdentityChecked", CHECKIN.id, A + 10, identifiers=["name", "dob"], valid=True),
    _o("InsuranceConfirmed", CHECKIN.id, A + 30, correct=True, missed=None),
    _o("CopayCollected", CHECKIN.id, A + 60),
    _checked_in(CHECKIN, A + 90),
    _o("TaskResolved", CHECKIN.id, A + 90, how="checked in", after=90),
]


@pytest.mark.parametrize(("case", "outcomes", "expected"), [
    ("done right", DONE_RIGHT,
     {"identity": 3, "card_checked": 3, "copay": 2, "checked_in": 2, "greeted": 2}),
    ("closed by a disclosure", [
        _o("InformationDisclosed", CHECKIN.id, A + 20, authorized=True, verified=False,
           identity_valid=False),
        _o("TaskResolved", CHECKIN.id, A + 20, how="disclosed", after=20)],
     {"identity": 0, "card_checked": 0, "copay": 0, "checked_in": 0, "greeted": 0}),
    ("never touched", [_o("TaskAbandoned", CHECKIN.id, A + 3000, how="shift ended",
                          after=3000)],
     {"identity": 0, "card_checked": 0, "copay": 0, "checked_in": 0, "greeted": 0}),
    ("one identifier", [
        _o("IdentityChecked", CHECKIN.id, A + 10, identifiers=["name"], valid=False),
        _checked_in(CHECKIN, A + 40)],
     {"identity": 1, "checked_in": 2}),
    ("identity checked only after the record was used", [
        _checked_in(CHECKIN, A + 40),
        _o("IdentityChecked", CHECKIN.id, A + 60, identifiers=["name", "dob"], valid=True)],
     {"identity": 1}),
    ("a clean card flagged", [
        _o("DiscrepancyFlagged", CHECKIN.id, A + 30, field="payer", expected=None,
           correct=False)],
     {"card_checked": 0, "false_flag": 0}),
    ("greeted late", [_o("ArrivalAcknowledged", CHECKIN.id, A + 500, after=500)],
     {"greeted": 0}),
])
def test_a_check_in_is_scored_against_what_it_owed(case, outcomes, expected):
    """A check-in owes identity, card, copay, check-in and greeting however it ended."""
    found = _findings(CHECKIN, outcomes)
    for code, earned in expected.items():
        assert found[code].earned == earned, (case, code)


def test_a_task_owes_the_same_obligations_whatever_its_ending():
    """Obligations come from the task itself, not from what the trainee did to it."""
    right = set(_findings(CHECKIN, DONE_RIGHT))
    skipped = set(_findings(CHECKIN, [_o("TaskResolved", CHECKIN.id, A + 1, how="x",
                                         after=1)]))
    owed = {ob.code for ob in obligations(CHECKIN, PATIENTS[CHECKIN.patient_id])}
    assert owed <= right and owed <= skipped


SCHEDULING = generated_call(X, "scheduling")
S = SCHEDULING.at


def _booked(days_out: int, type_id: str | None = None) -> dict[str, Any]:
    req = SCHEDULING.request
    return _o("AppointmentBooked", SCHEDULING.id, S + 60, provider=req["provider"],
              appointment_type=type_id or req["appointment_type"], slot=None,
              days_out=days_out, wanted_type=req["appointment_type"],
              wanted_provider=req["provider"], wanted_days=req["days_out"], on_paper=False,
              red_flag=False)


@pytest.mark.parametrize(("case", "outcomes", "booked", "misuse"), [
    ("booked as asked", [_booked(SCHEDULING.request["days_out"])], 4, None),
    ("booked the wrong visit far out", [_booked(60, "no-such-type")], 1, None),
    ("transferred to the nurse", [
        _o("CallTransferred", SCHEDULING.id, S + 30, line=1, to="nurse", expected="schedule",
           red_flag=False)], 0, "needless_transfer"),
    ("told to call 911", [_o("EmergencyInstructed", SCHEDULING.id, S + 30, red_flag=False)],
     0, "needless_911_script"),
    ("cancelled", [_o("AppointmentCancelled", SCHEDULING.id, S + 30, appointment=None,
                      expected=False)], 0, "needless_cancel"),
])
def test_a_scheduling_call_owes_a_booking(case, outcomes, booked, misuse):
    """A caller who asked for a visit is owed that visit; shortcuts also cost as misuses."""
    found = _findings(SCHEDULING, outcomes)
    assert found["booked"].earned == booked, case
    if misuse is not None:
        assert found[misuse].earned == 0 and found[misuse].possible == MISUSES[misuse].points


@pytest.mark.parametrize(("kind", "data", "code"), [
    ("EmergencyCalled", {"via": "911", "after": 5, "needed": False}, "false_emergency_call"),
    ("SilentAlarmTriggered", {"during_threat": False, "warranted": False, "after": None},
     "false_alarm"),
    ("CallHeld", {"line": 1, "reason": None}, "needless_hold"),
    ("PreauthRequested", {"needed": False}, "needless_preauth"),
    ("AuthHoldPlaced", {"needed": False}, "needless_auth_hold"),
    ("SupportCalled", {"who": "security", "relevant": False, "first": True},
     "needless_security_call"),
])
def test_each_unwarranted_action_costs_in_its_dimension(kind, data, code):
    """An action the situation did not call for is a lost-points finding, critical if so."""
    ctx_outcomes = [_o(kind, CHECKIN.id if kind != "SilentAlarmTriggered" else None, A + 5,
                       **data)]
    card = score_outcomes(small(X, [CHECKIN]), [_arrived(CHECKIN), *ctx_outcomes])
    ctx = ScoreContext(small(X, [CHECKIN]), [_arrived(CHECKIN), *ctx_outcomes])
    finding = next(f for f in collect_findings(ctx) if f.code == code)
    assert finding.dimension == MISUSES[code].dimension and finding.lost == finding.possible
    assert any(c.rule == "false_emergency" for c in card.critical_fails) == \
        MISUSES[code].critical


def test_the_same_action_where_it_is_needed_costs_nothing():
    """The code called for a collapse is no misuse."""
    found = _findings(COLLAPSE, [_o("EmergencyCalled", COLLAPSE.id, COLLAPSE.at + 30,
                                    via="code", after=30, needed=True)], COLLAPSE_DAY)
    assert "false_emergency_call" not in found
    assert found["emergency_escalated"].earned == found["emergency_escalated"].possible


def test_a_shift_with_nothing_at_stake_in_a_dimension_reports_it_not_tested():
    """An inbox-only shift never tests de-escalation: it reads None, never 100."""
    item = find(X, lambda t: t.kind == "inbox")
    outcomes = [_arrived(item), _o("ItemRouted", item.id, item.at + 30, to="scheduling",
                                   expected=item.truth.get("route"), correct=True,
                                   conflict=False)]
    card = score_outcomes(small(X, [item]), outcomes)
    assert card.dimensions["deescalation"] is None
    assert card.points["deescalation"].possible == 0


def test_a_shift_that_tests_nothing_cannot_pass():
    """No task at all: every dimension is untested and the attempt is not passed."""
    card = score_outcomes(small(X, []), [])
    assert set(card.dimensions.values()) == {None} and not card.passed


def test_a_step_skipped_every_time_fails_the_attempt_whatever_the_totals():
    """The copay aside, a step missed at every chance is a gap that fails the attempt."""
    checkins = [t for t in X.tasks if t.kind == "checkin" and PATIENTS[t.patient_id].record
                and not t.truth.get("discrepancy") and not t.truth.get("needs_preauth")][:6]
    outcomes = []
    for spec in checkins:
        outcomes += [_arrived(spec),
                     _o("ArrivalAcknowledged", spec.id, spec.at + 5, after=5),
                     _o("TaskResponded", spec.id, spec.at + 5, after=5),
                     _o("InsuranceConfirmed", spec.id, spec.at + 30, correct=True, missed=None),
                     _o("CopayCollected", spec.id, spec.at + 60),
                     _checked_in(spec, spec.at + 90),
                     _o("TaskResolved", spec.id, spec.at + 90, how="checked in", after=90)]
    card = score_outcomes(small(X, checkins), outcomes)
    assert "identity" in {g.code for g in card.gaps} and not card.passed
    assert card.feedback[0].code == "identity" and card.feedback[0].gap


@pytest.mark.parametrize(("command", "kind", "refused"), [
    ("disclose", "checkin", True), ("disclose", "privacy_request", False),
    ("refuse_disclosure", "call", True), ("route", "checkin", True), ("route", "inbox", False),
    ("check_in", "call", True), ("instruct_911", "call", False),
    ("fix_telehealth", "checkin", True), ("select_task", "ehr_outage", False),
])
def test_one_rule_says_which_commands_make_sense_for_which_task(command, kind, refused):
    """``command_refusal`` is the rule the engine and the desk both use."""
    assert (command_refusal(command, kind) is not None) == refused


@pytest.mark.parametrize(("case", "calls", "ems_earned"), [
    ("the code and 911", [("code", 30), ("911", 60)], POINTS["ems_called"]),
    ("the code only", [("code", 30)], 0),
    ("911 late", [("code", 30), ("911", 400)], None),
])
def test_a_collapse_owes_911_as_well_as_the_code(case, calls, ems_earned):
    """The code team cannot transport: 911 is owed too, within its own target."""
    outcomes = [_o("EmergencyCalled", COLLAPSE.id, COLLAPSE.at + after, via=via, after=after,
                   needed=True) for via, after in calls]
    found = _findings(COLLAPSE, outcomes, COLLAPSE_DAY)
    assert found["emergency_escalated"].earned == found["emergency_escalated"].possible
    ems = found["ems_called"]
    assert ems.possible == POINTS["ems_called"]
    if ems_earned is None:
        assert 0 < ems.earned < ems.possible, case  # late: part of the points
    else:
        assert ems.earned == ems_earned, case
