"""Does the score mean skill? Play the adversaries and check the targets they must miss.

Shared by ``benchmarks/adversarial.py`` (the full sweep) and the fast test. Pure: no clock,
no global random state; every run is ``run_bot(expand(scenario, seed), policy)`` scored
with ``score_shift``.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.bots import Policy, make_bot
from simulator.bots.adversaries import ADVERSARIES, CATEGORY, EXPECTED
from simulator.engine.runner import run_bot
from simulator.model import ExpandedShift
from simulator.scoring import feedback, score_shift

#: Reference players scored beside the adversaries.
REFERENCE = ("expert", "novice")
#: The skips-work ceiling on the mean overall score.
SKIPS_WORK_CEILING = 40
#: The expert's floor on the mean overall score.
EXPERT_FLOOR = 90


@dataclass(frozen=True)
class Run:
    """One scored shift of one player."""

    policy: str
    scenario: str
    seed: int
    overall: int
    dimensions: dict[str, int | None]
    passed: bool
    lead_dimension: str | None
    critical_dimension: str | None
    habit_uses: int
    errors: int
    commands: int
    outcome_hash: str


def make_player(name: str, seed: int) -> Policy:
    """An adversary, or one of the reference bots (``expert``, ``novice``)."""
    return make_bot(name, seed) if name in REFERENCE else ADVERSARIES[name](seed)


def play(name: str, expanded: ExpandedShift) -> Run:
    """Play an expanded shift with player ``name`` (seeded with the shift's seed); score it.

    Expanding is the slow part of a run, so callers expand each (scenario, seed) once and
    hand the same shift to every player.
    """
    policy = make_player(name, expanded.seed)
    shift, log = run_bot(expanded, policy)
    card = score_shift(shift)
    lead = card.feedback[0].dimension if card.feedback else None
    return Run(policy=name, scenario=card.scenario, seed=expanded.seed, overall=card.overall,
               dimensions=dict(card.dimensions), passed=card.passed, lead_dimension=lead,
               critical_dimension=_first_critical_dimension(card),
               habit_uses=int(getattr(policy, "habit_uses", 0)),
               errors=int(getattr(policy, "errors", 0)), commands=len(log),
               outcome_hash=shift.outcome_hash())


def _first_critical_dimension(card) -> str | None:
    """The dimension of the earliest critical fail, through the debrief item explaining it."""
    if not card.critical_fails:
        return None
    code = getattr(feedback, "CRITICAL_CODES", {}).get(card.critical_fails[0].rule)
    explained = [f for f in card.feedback if f.critical]
    item = next((f for f in explained if f.code == code), explained[0] if explained else None)
    return item.dimension if item else None


def _where(runs: Iterable[Run], limit: int = 4) -> str:
    shown = [f"{r.scenario}#{r.seed}" for r in runs]
    return ", ".join(shown[:limit]) + (f" (+{len(shown) - limit} more)" if len(shown) > limit
                                       else "")


def check_skips_work(name: str, runs: list[Run]) -> list[str]:
    """A policy that skips the work: mean below the ceiling and no run passed."""
    miss = []
    mean = statistics.fmean(r.overall for r in runs)
    if mean >= SKIPS_WORK_CEILING:
        miss.append(f"{name}: mean overall {mean:.1f} >= {SKIPS_WORK_CEILING}")
    passed = [r for r in runs if r.passed]
    if passed:
        miss.append(f"{name}: passed {len(passed)}/{len(runs)} runs ({_where(passed)})")
    return miss


def check_serious_habit(name: str, runs: list[Run]) -> list[str]:
    """A serious habit: no run where the habit showed may pass."""
    shown = [r for r in runs if r.habit_uses > 0]
    passed = [r for r in shown if r.passed]
    if passed:
        return [f"{name}: passed {len(passed)}/{len(shown)} runs where the habit applied "
                f"({_where(passed)})"]
    return []


def check_lesser_habit(name: str, runs: list[Run], expert: list[Run]) -> list[str]:
    """A lesser habit: its dimension scores below the expert's where the habit showed."""
    base = {(r.scenario, r.seed): r for r in expert}
    pairs = [(r, base[(r.scenario, r.seed)]) for r in runs
             if r.habit_uses > 0 and (r.scenario, r.seed) in base]
    if not pairs:
        return []
    miss = []
    for dim in EXPECTED[name]:
        # A dimension the shift did not test (None) says nothing either way.
        scored = [(r.dimensions.get(dim), e.dimensions.get(dim)) for r, e in pairs]
        scored = [(m, t) for m, t in scored if m is not None and t is not None]
        if not scored:
            continue
        mine = statistics.fmean(m for m, _ in scored)
        theirs = statistics.fmean(t for _, t in scored)
        if mine >= theirs:
            miss.append(f"{name}: {dim} mean {mine:.1f} not below the expert's {theirs:.1f} "
                        f"over {len(scored)} runs where the habit applied")
    return miss


def check_flawed_expert(name: str, runs: list[Run]) -> list[str]:
    """A missing skill: where it was needed, the run fails and the debrief leads with it."""
    needed = [r for r in runs if r.habit_uses > 0]
    expected = EXPECTED[name]
    miss = []
    passed = [r for r in needed if r.passed]
    if passed:
        miss.append(f"{name}: passed {len(passed)}/{len(needed)} runs where the skill was "
                    f"needed ({_where(passed)})")
    off = [r for r in needed
           if r.lead_dimension not in expected and r.critical_dimension not in expected]
    if off:
        leads = sorted({str(r.lead_dimension) for r in off})
        miss.append(f"{name}: debrief led with {'/'.join(leads)}, not {'/'.join(expected)}, "
                    f"in {len(off)}/{len(needed)} runs ({_where(off)})")
    return miss


def check_expert(runs: list[Run]) -> list[str]:
    """The expert passes every run with a mean of 90 or more."""
    miss = []
    mean = statistics.fmean(r.overall for r in runs)
    if mean < EXPERT_FLOOR:
        miss.append(f"expert: mean overall {mean:.1f} < {EXPERT_FLOOR}")
    failed = [r for r in runs if not r.passed]
    if failed:
        miss.append(f"expert: failed {len(failed)}/{len(runs)} runs ({_where(failed)})")
    return miss


def check_policy(name: str, runs: list[Run], expert: list[Run]) -> list[str]:
    """The targets one player misses (the expert's own, or its category's)."""
    if not runs:
        return []
    if name == "expert":
        return check_expert(runs)
    category = CATEGORY.get(name)
    miss = [f"{name}: raised {sum(r.errors for r in runs)} error(s) while deciding"] \
        if any(r.errors for r in runs) else []
    if category == "skips_work":
        miss += check_skips_work(name, runs)
    elif category == "serious_habit":
        miss += check_serious_habit(name, runs)
    elif category == "lesser_habit":
        miss += check_lesser_habit(name, runs, expert)
    elif category == "flawed_expert":
        miss += check_flawed_expert(name, runs)
    return miss


def check_all(results: dict[str, list[Run]]) -> list[str]:
    """Every target missed by every player in ``results`` (which should hold the expert)."""
    expert = results.get("expert", [])
    misses: list[str] = []
    for name, runs in results.items():
        misses += check_policy(name, runs, expert)
    return misses
