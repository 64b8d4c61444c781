"""Adversaries: gaming the score fails, each flaw costs a pass where it shows, the expert passes.

A small version of ``benchmarks/adversarial.py`` (two seeds, three core scenarios plus the
scenario where each flaw shows), checking the same targets with the same helpers.
"""

from functools import cache

import pytest

from simulator.bots.adversaries import ADVERSARIES, CATEGORY, EXPECTED
from simulator.bots.audit import Run, check_policy, play
from simulator.bots.gaming import spam_types
from simulator.scenarios import shipped_scenarios
from tests.core.shifts import expanded

CORE = ("calm-morning", "busy-monday", "privacy-traps")
SEEDS = (1, 2)
#: Where a habit or missing skill shows, beyond the core scenarios.
SHOWS_IN = {
    "expert+cancel-not-rebook": ("clinician-out",), "expert-no-notify": ("clinician-out",),
    "expert-no-emergency": ("waiting-room-collapse",),
    "expert-no-alarm": ("threatening-visitor",), "expert-no-paper": ("ehr-downtime",),
    "expert+flag-every-card": ("insurance-heavy-day",),
    "expert-no-card-check": ("insurance-heavy-day",),
    "expert-no-preauth": ("insurance-heavy-day",),
    "expert+first-reply": ("billing-dispute",), "expert-no-deescalation": ("billing-dispute",),
}
ALL_SCENARIOS = tuple(p.stem for p in shipped_scenarios())
NAMES = tuple(ADVERSARIES)


@cache
def run(name: str, scenario_id: str, seed: int) -> Run:
    """One scored run, played once per test process."""
    return play(name, expanded(scenario_id, seed))


def sample(name: str) -> list[Run]:
    """The runs a player is judged on here."""
    return [run(name, s, seed) for s in CORE + SHOWS_IN.get(name, ()) for seed in SEEDS]


def expert_runs() -> list[Run]:
    """The expert on every scenario any player here is judged on."""
    scenarios = dict.fromkeys(CORE + tuple(s for v in SHOWS_IN.values() for s in v))
    return [run("expert", s, seed) for s in scenarios for seed in SEEDS]


def test_registry_covers_every_kind_of_adversary():
    """At least 14 gaming policies, one spammer per task or line command, all four kinds."""
    kinds = {CATEGORY[n] for n in NAMES}
    assert kinds == {"skips_work", "serious_habit", "lesser_habit", "flawed_expert"}
    assert sum(CATEGORY[n] == "skips_work" and not n.startswith("spam-") for n in NAMES) >= 14
    assert {f"spam-{t}" for t in spam_types()} <= set(NAMES)
    assert {n for n in NAMES if CATEGORY[n] != "skips_work"} == set(EXPECTED)


def test_expert_passes_every_run_with_mean_90_or_more():
    """The expert's own target: every run passed, mean 90 or more."""
    assert check_policy("expert", expert_runs(), []) == []


#: Players whose habit is, since replies are shuffled per beat, a random reply. A shift with
#: one short conversation can go well by chance, so a single run cannot always tell luck from
#: skill: these must fail most runs and always cost de-escalation (the benchmark reports the
#: strict target, and how far from it they are).
RANDOM_REPLIERS = ("expert+first-reply", "expert-no-deescalation")


@pytest.mark.parametrize("name", [n for n in NAMES if n not in RANDOM_REPLIERS])
def test_adversary_meets_its_category_target(name):
    """Each adversary fails where it games the score or its flaw shows, as its kind requires."""
    assert check_policy(name, sample(name), expert_runs()) == []


@pytest.mark.parametrize("name", RANDOM_REPLIERS)
def test_a_fixed_reply_position_fails_most_runs_and_costs_deescalation(name):
    """Picking replies by position fails most runs and scores below the expert's talk."""
    runs = [r for r in sample(name) if r.habit_uses > 0]
    expert = {(r.scenario, r.seed): r for r in expert_runs()}
    assert runs and sum(r.passed for r in runs) * 2 < len(runs)
    worse = [r for r in runs
             if (r.dimensions["deescalation"] or 0) < (expert[(r.scenario, r.seed)]
                                                       .dimensions["deescalation"] or 0)]
    assert len(worse) == len(runs)


@pytest.mark.parametrize("scenario_id", ALL_SCENARIOS)
def test_every_policy_plays_every_shipped_scenario_without_errors(scenario_id):
    """Every adversary finishes the shift without an error swallowed in its decisions."""
    broken = {n: run(n, scenario_id, 1).errors for n in NAMES if run(n, scenario_id, 1).errors}
    assert broken == {}


def test_every_policy_is_deterministic():
    """The same seed gives the same outcomes, bit for bit, for every adversary."""
    x = expanded("calm-morning", 1)
    differ = [n for n in NAMES if play(n, x).outcome_hash != run(n, "calm-morning", 1).outcome_hash]
    assert differ == []
