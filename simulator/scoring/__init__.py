"""Scoring: turn a finished shift's outcomes into a ScoreCard. Pure; no pygame, no clock.

Four dimensions (prioritization, accuracy, de-escalation, compliance), each kept as
integer points and shown as 0-100; critical fails; a breakdown by competency and NHA CMAA
domain; and debrief feedback ordered by impact.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from simulator.model import ExpandedShift
from simulator.scoring import accuracy, compliance, deescalation, prioritization
from simulator.scoring.card import CriticalFail, FeedbackItem, ScoreCard, Share
from simulator.scoring.context import Finding, ScoreContext
from simulator.scoring.critical import find_critical
from simulator.scoring.feedback import build_feedback
from simulator.scoring.rubric import DIMENSIONS, Rubric

__all__ = ["ScoreCard", "Rubric", "score_shift", "score_outcomes", "collect_findings"]


def collect_findings(ctx: ScoreContext) -> list[Finding]:
    """Every scored check of every dimension."""
    return (prioritization.collect(ctx) + accuracy.collect(ctx) + deescalation.collect(ctx)
            + compliance.collect(ctx))


def score_shift(shift: Any, *overrides: dict[str, Any] | None) -> ScoreCard:
    """Score a finished :class:`~simulator.engine.shift.Shift`."""
    return score_outcomes(shift.x, shift.outcomes, *overrides)


def score_outcomes(expanded: ExpandedShift, outcomes: list[dict[str, Any]],
                   *overrides: dict[str, Any] | None) -> ScoreCard:
    """Score outcomes against the scenario's rubric plus any further overrides.

    Args:
        expanded: The shift the outcomes came from.
        outcomes: Its outcomes.
        overrides: Extra rubric overrides (e.g. an assessment's pass marks), applied after
            the scenario's own ``scoring:`` block.
    """
    rubric = Rubric.build(expanded.scoring, *overrides)
    ctx = ScoreContext(expanded, outcomes)
    findings = collect_findings(ctx)
    points: dict[str, Share] = {}
    dims: dict[str, int] = {}
    for dim in DIMENSIONS:
        earned = sum(f.earned for f in findings if f.dimension == dim)
        possible = sum(f.possible for f in findings if f.dimension == dim)
        share = _share(earned, possible)
        points[dim] = share
        dims[dim] = share.percent
    total_weight = sum(rubric.weights.get(d, 1) for d in DIMENSIONS) or 1
    overall = sum(dims[d] * rubric.weights.get(d, 1) for d in DIMENSIONS) // total_weight
    critical = find_critical(ctx, rubric.critical_rules)
    marks = {k: rubric.pass_marks[k] for k in (*DIMENSIONS, "overall")}
    passed = not critical and overall >= marks["overall"] and all(
        dims[d] >= marks[d] for d in DIMENSIONS)
    comp, domains = _breakdown(findings)
    planted = [f for f in findings if f.code == "discrepancy_missed"]
    feedback = build_feedback(ctx, findings, rubric.weights, critical)
    return ScoreCard(
        scenario=expanded.scenario_id, seed=expanded.seed, dimensions=dims, points=points,
        overall=overall, pass_marks=marks, passed=passed,
        critical_fails=[CriticalFail(**c) for c in critical],
        competencies=comp, nha_domains=domains,
        discrepancies={"planted": len(planted),
                       "caught": sum(f.earned == f.possible for f in planted),
                       "false_flags": sum(f.code == "false_flag" for f in findings)},
        feedback=[FeedbackItem(**item) for item in feedback])


def _share(earned: int, possible: int) -> Share:
    # Nothing at stake counts as full marks: the shift never tested this.
    percent = 100 if possible == 0 else (earned * 100) // possible
    return Share(earned=earned, possible=possible, percent=percent)


@lru_cache(maxsize=1)
def _domain_of() -> dict[str, str]:
    """Competency id -> NHA domain, from the shipped curriculum (read once per process)."""
    from simulator.curriculum import load_curriculum

    return {c.id: c.nha_domain.value for c in load_curriculum().competencies}


def _breakdown(findings: list[Finding]) -> tuple[dict[str, Share], dict[str, Share]]:
    by_comp: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    domain_of = _domain_of()
    for f in findings:
        by_comp[f.competency][0] += f.earned
        by_comp[f.competency][1] += f.possible
        domain = domain_of.get(f.competency, "unmapped")
        by_domain[domain][0] += f.earned
        by_domain[domain][1] += f.possible
    comp = {k: _share(*v) for k, v in sorted(by_comp.items())}
    dom = {k: _share(*v) for k, v in sorted(by_domain.items())}
    return comp, dom
