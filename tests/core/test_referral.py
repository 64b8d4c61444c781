"""HMO referrals: a plan's referral list makes a check-in owe a PCP referral check."""

from simulator.engine import commands as c
from simulator.protocol import COMMANDS_FOR_KIND, needs_referral, obligations
from simulator.scoring import collect_findings
from simulator.scoring.context import ScoreContext
from tests.core.shifts import at, expanded, find, last_rejection, outcomes, start

SCENARIO = "insurance-heavy-day"


def _patient(x, pid):
    return next(p for p in x.patients if p.id == pid)


def _wanted(x, needed: bool):
    return lambda t: (t.kind == "checkin" and bool(t.truth.get("needs_referral")) == needed
                      and not t.truth.get("needs_preauth") and not t.truth.get("discrepancy")
                      and _patient(x, t.patient_id).record is not None)


def _seed_with_referral() -> int:
    """The first seed whose day has an insured check-in needing a referral (visits are drawn)."""
    return next(seed for seed in range(1, 30)
                if any(_wanted(expanded(SCENARIO, seed), True)(t)
                       for t in expanded(SCENARIO, seed).tasks))


def _referral_checkin(needed: bool):
    """An insured check-in whose plan does (or does not) need a PCP referral for the visit."""
    x = expanded(SCENARIO, _seed_with_referral())
    return x, at(find(x, _wanted(x, needed)), 10)


def _findings(x, shift):
    shift.finish()
    return collect_findings(ScoreContext(shift.x, shift.outcomes))


def test_the_payer_list_decides_whether_a_visit_needs_a_referral():
    """Only a visit type on the payer's referral list needs one; no type needs none."""
    assert needs_referral(["new-patient"], "new-patient")
    assert not needs_referral(["new-patient"], "follow-up")
    assert not needs_referral(["new-patient"], None)


def test_larkmoor_new_patient_visits_need_a_referral_not_a_preauthorization():
    """The HMO plan lists new-patient visits as needing a referral, not prior authorization."""
    x = expanded(SCENARIO, 1)
    assert "new-patient" in x.payers["larkmoor"]["referral"]
    assert "new-patient" not in x.payers["larkmoor"]["preauth"]


def test_a_check_in_on_the_referral_list_owes_the_referral_check():
    """The obligation is owed for an insured visit on the list and not otherwise."""
    x, spec = _referral_checkin(True)
    codes = [o.code for o in obligations(spec, _patient(x, spec.patient_id))]
    assert "referral" in codes
    _, plain = _referral_checkin(False)
    assert "referral" not in [o.code for o in obligations(plain, _patient(x, plain.patient_id))]


def test_checking_the_referral_meets_the_obligation():
    """Check PCP referral before check-in earns the referral points."""
    x, spec = _referral_checkin(True)
    shift = start(x, spec)
    shift.advance(spec.at)
    shift.apply(c.CheckReferral(task=spec.id))
    assert outcomes(shift, "ReferralChecked", spec.id)[0]["needed"] is True
    found = [f for f in _findings(x, shift) if f.code == "referral"]
    assert found and found[0].earned == found[0].possible > 0
    assert found[0].competency == "technology.preauthorization"


def test_a_missed_referral_earns_nothing():
    """Checking the patient in without the referral check loses the referral points."""
    x, spec = _referral_checkin(True)
    shift = start(x, spec)
    shift.advance(spec.at)
    shift.apply(c.CheckIn(task=spec.id))
    found = [f for f in _findings(x, shift) if f.code == "referral"]
    assert found and found[0].earned == 0


def test_a_needless_referral_check_costs_a_point():
    """Asking for a referral the plan does not need is a misuse."""
    x, spec = _referral_checkin(False)
    shift = start(x, spec)
    shift.advance(spec.at)
    shift.apply(c.CheckReferral(task=spec.id))
    assert [f.code for f in _findings(x, shift)].count("needless_referral") == 1


def test_the_referral_is_checked_once():
    """A second check of the same visit is refused with a reason."""
    x, spec = _referral_checkin(True)
    shift = start(x, spec)
    shift.advance(spec.at)
    shift.apply(c.CheckReferral(task=spec.id))
    shift.apply(c.CheckReferral(task=spec.id))
    assert "already" in last_rejection(shift)


def test_the_referral_check_belongs_to_check_ins_only():
    """The desk offers it for check-ins and walk-ins, not for phone calls."""
    assert "check_referral" in COMMANDS_FOR_KIND["checkin"]
    assert "check_referral" in COMMANDS_FOR_KIND["walk_in"]
    assert "check_referral" not in COMMANDS_FOR_KIND["call"]


def test_the_expert_checks_every_referral_it_owes():
    """Over a whole day the expert meets every referral obligation and asks for none needlessly."""
    from simulator.bots import make_bot
    from simulator.engine.runner import run_bot

    seed = _seed_with_referral()
    shift, _ = run_bot(expanded(SCENARIO, seed), make_bot("expert", seed))
    found = collect_findings(ScoreContext(shift.x, shift.outcomes))
    owed = [f for f in found if f.code == "referral"]
    assert owed and all(f.earned == f.possible for f in owed)
    assert not [f for f in found if f.code == "needless_referral"]


def test_the_referral_truth_follows_the_visit_actually_booked():
    """Planted problems that change a visit's type keep the referral truth in step with it."""
    from simulator.scenarios import shipped_scenarios

    checked = 0
    for path in shipped_scenarios():
        for seed in (1, 9):
            x = expanded(path.stem, seed)
            for spec in x.tasks:
                if spec.kind != "checkin":
                    continue
                patient = _patient(x, spec.patient_id)
                if patient.record is None:
                    continue
                listed = x.payers[patient.record.payer_id]["referral"]
                wanted = needs_referral(listed, spec.request.get("appointment_type"))
                assert bool(spec.truth.get("needs_referral")) == wanted, (path.stem, spec.id)
                checked += wanted
    assert checked > 0
