"""Scoring: bounds, validity against the bots, critical fails, fixes never lower a score."""

import json
import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.bots import make_bot
from simulator.cli import main
from simulator.engine import commands as c
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.scenarios import load_scenario
from simulator.scoring import ScoreCard, score_outcomes, score_shift
from simulator.scoring.rubric import DIMENSIONS
from tests.core.shifts import replay

SCENARIOS = {name: load_scenario(name)
             for name in ("calm-morning", "busy-monday", "waiting-room-collapse")}
FEW = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))


def _play(name: str, bot: str, seed: int):
    x = expand(SCENARIOS[name], seed)
    shift, log = run_bot(x, make_bot(bot, seed))
    return x, shift, log


@FEW
@given(st.sampled_from(["calm-morning", "busy-monday"]), st.sampled_from(["random", "novice"]),
       st.integers(0, 10_000))
def test_scores_stay_within_bounds(name, bot, seed):
    """Every dimension and the overall score stay within 0..100."""
    _, shift, _ = _play(name, bot, seed)
    card = score_shift(shift)
    for value in [card.overall, *card.dimensions.values()]:
        assert value is None or 0 <= value <= 100
    for share in card.points.values():
        assert 0 <= share.earned <= share.possible


def test_scorecard_json_round_trips():
    """The ScoreCard has a stable JSON form that validates back."""
    _, shift, _ = _play("calm-morning", "novice", 3)
    card = score_shift(shift)
    text = card.model_dump_json()
    assert ScoreCard.model_validate_json(text) == card
    assert json.loads(text)["scenario"] == "calm-morning"


@pytest.mark.parametrize("name", ["calm-morning", "busy-monday"])
def test_skill_levels_separate_on_every_dimension(name):
    """Over a few seeds: expert > novice > random on each dimension; expert passes."""
    means = {}
    for bot in ("expert", "novice", "random"):
        cards = [score_shift(_play(name, bot, s)[1]) for s in range(1, 5)]
        means[bot] = {d: statistics.fmean(cd.dimensions[d] for cd in cards) for d in DIMENSIONS}
        means[bot]["overall"] = statistics.fmean(cd.overall for cd in cards)
        if bot == "expert":
            assert all(cd.passed for cd in cards), [cd.critical_fails for cd in cards]
    for dim in (*DIMENSIONS, "overall"):
        assert means["expert"][dim] > means["novice"][dim] > means["random"][dim], dim
    assert means["expert"]["overall"] >= 90
    assert 35 <= means["novice"]["overall"] <= 80
    assert means["random"]["overall"] <= 30


@pytest.mark.slow
def test_full_validity_fifty_seeds():
    """Opt-in: the issue's full validity targets over 50 seeds per shipped scenario."""
    from benchmarks.validity import check, measure
    from simulator.scenarios import load_scenario_file, shipped_scenarios

    misses = []
    for path in shipped_scenarios():
        misses += check(path.stem, measure(load_scenario_file(path), 50))
    assert not misses, misses


@FEW
@given(st.integers(0, 5000))
def test_every_mishandled_red_flag_is_a_critical_fail(seed):
    """A red-flag call not routed in time, or booked, always yields a critical fail."""
    x, shift, _ = _play("busy-monday", "novice", seed)
    card = score_shift(shift)
    failed_tasks = {f.task for f in card.critical_fails if f.rule == "red_flag_not_routed"}
    for spec in x.tasks:
        if not spec.truth.get("red_flag") or spec.id not in shift.tasks:
            continue
        routed = next((o for o in shift.outcomes
                       if o["kind"] == "RedFlagRouted" and o["task"] == spec.id), None)
        booked = any(o["kind"] == "RedFlagBookedRoutine" and o["task"] == spec.id
                     for o in shift.outcomes)
        if booked or routed is None or routed["after"] > spec.truth["act_within"]:
            assert spec.id in failed_tasks


@FEW
@given(st.integers(0, 5000))
def test_adding_the_missing_identifier_never_lowers_a_dimension(seed):
    """Fixing a one-identifier check (name + DOB instead) never lowers any dimension."""
    x, shift, log = _play("busy-monday", "novice", seed)
    before = score_shift(shift)
    fixed = []
    done = False
    for tick, cmd in log:
        if not done and cmd.type == "check_identity" and "dob" not in cmd.identifiers:
            cmd = c.CheckIdentity(task=cmd.task, identifiers=("name", "dob"))
            done = True
        fixed.append((tick, cmd))
    after = score_shift(replay(x, fixed))
    for dim in DIMENSIONS:
        assert after.dimensions[dim] >= before.dimensions[dim], dim


@FEW
@given(st.integers(0, 5000))
def test_answering_the_emergency_sooner_never_lowers_a_dimension(seed):
    """Calling the code at once for the waiting-room collapse never lowers any dimension."""
    x, shift, log = _play("waiting-room-collapse", "novice", seed)
    emergency = next(t for t in x.tasks if t.kind == "medical_emergency")
    before = score_shift(shift)
    call = (emergency.at, c.CallEmergency(task=emergency.id, via="code"))
    fixed = sorted([*log, call], key=lambda pair: pair[0])
    after = score_shift(replay(x, fixed))
    for dim in DIMENSIONS:
        assert after.dimensions[dim] >= before.dimensions[dim], dim
    assert not any(f.rule == "emergency_not_escalated" for f in after.critical_fails)


def test_scenario_overrides_change_pass_marks_and_add_critical_rules():
    """Overrides raise pass marks and add critical rules (here: any abandoned call)."""
    x, shift, _ = _play("busy-monday", "expert", 2)
    base = score_outcomes(x, shift.outcomes)
    strict = score_outcomes(x, shift.outcomes, {"pass_marks": {"overall": 100}})
    assert base.passed and not strict.passed
    abandoned = [o for o in shift.outcomes if o["kind"] in ("CallAbandoned", "CallMissed")]
    extra = {"critical_fails": [{"id": "no-lost-calls", "rule": "call_abandoned",
                                 "reason": "No call may be lost in this assessment."}]}
    card = score_outcomes(x, shift.outcomes, extra)
    assert bool(abandoned) == any(f.id == "no-lost-calls" for f in card.critical_fails)


def test_feedback_has_what_why_move_and_terms_ordered_by_impact():
    """Every item explains itself and links terms; critical, then failed steps, then impact."""
    from simulator.curriculum import load_curriculum

    terms = {t.id for t in load_curriculum().glossary}
    _, shift, _ = _play("busy-monday", "novice", 5)
    items = score_shift(shift).feedback
    assert items
    for item in items:
        assert item.what and item.why and item.expert_move
        assert set(item.terms) <= terms
    order = [(not i.critical, not i.gap) for i in items]
    assert order == sorted(order)
    for critical, gap in set(order):
        group = [i.impact for i in items if (not i.critical, not i.gap) == (critical, gap)]
        if not critical:
            assert group == sorted(group, reverse=True)


def test_breakdown_covers_competencies_and_nha_domains():
    """The card breaks points down by curriculum competency and NHA CMAA domain."""
    from simulator.curriculum import load_curriculum

    cur = load_curriculum()
    _, shift, _ = _play("busy-monday", "expert", 1)
    card = score_shift(shift)
    assert set(card.competencies) <= {cmp.id for cmp in cur.competencies}
    assert "unmapped" not in card.nha_domains
    assert sum(s.possible for s in card.competencies.values()) == sum(
        s.possible for s in card.points.values())


def test_replay_scores_identically(tmp_path):
    """A journal replayed in-process gives the same ScoreCard."""
    x, shift, log = _play("calm-morning", "novice", 9)
    text = journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))
    replayed = journal.replay(journal.loads(text))
    assert score_shift(replayed) == score_shift(shift)


def test_simulate_runs_json_prints_the_aggregate(capsys):
    """`simulate --runs K --json` prints runs, mean, sd and pass rate."""
    code = main(["simulate", "--scenario", "calm-morning", "--bot", "expert", "--runs", "3",
                 "--seed", "4", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["runs"] == 3
    keys = {"overall", *DIMENSIONS}
    assert set(out["mean"]) == keys and set(out["sd"]) == keys
    assert 0.0 <= out["pass_rate"] <= 1.0
    assert out["seeds"] == [4, 5, 6]
