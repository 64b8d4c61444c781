"""Scoring: turn a finished shift's outcomes into a ScoreCard. Pure; no pygame, no clock.

Four dimensions (prioritization, accuracy, de-escalation, compliance), each kept as
integer points and shown as 0-100, or as "not tested" (None) when the shift put nothing at
stake in it; critical fails; a breakdown by competency and NHA CMAA domain; and debrief
feedback ordered by impact.

Every arrived task is scored against its obligations (:mod:`.obligations`), every
unwarranted action costs (:mod:`.misuse`), and the dimension modules add the checks on how
the work was done (response times, replies, scope, reconciliation).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from simulator.model import ExpandedShift
from simulator.protocol import DIMENSIONS
from simulator.scoring import (
    accuracy,
    compliance,
    deescalation,
    misuse,
    obligations,
    prioritization,
)
from simulator.scoring.card import CriticalFail, FeedbackItem, Gap, ScoreCard, Share
from simulator.scoring.context import Finding, ScoreContext
from simulator.scoring.critical import find_critical
from simulator.scoring.feedback import build_feedback
from simulator.scoring.rubric import FLOOR_EXEMPT, FLOOR_STEPS, Rubric, step_floor

__all__ = ["ScoreCard", "Rubric", "score_shift", "score_outcomes", "collect_findings"]


def collect_findings(ctx: ScoreContext, judge_help: bool = True) -> list[Finding]:
    """Every scored check of every dimension.

    Args:
        ctx: The shift's outcomes.
        judge_help: Halve a response's points when the person was not helped (half of what
            the task owed, done by the time it closed). A judgement on a finished task: the
            in-the-moment view of a task still open (:mod:`.moment`) turns it off, or every
            quick answer would read as slow.
    """
    owed = obligations.collect(ctx)
    helped = prioritization.helped(owed) if judge_help else None
    return (prioritization.collect(ctx, helped) + owed
            + accuracy.collect(ctx) + deescalation.collect(ctx) + compliance.collect(ctx)
            + misuse.collect(ctx))


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
    dims: dict[str, int | None] = {}
    for dim in DIMENSIONS:
        earned = sum(f.earned for f in findings if f.dimension == dim)
        possible = sum(f.possible for f in findings if f.dimension == dim)
        share = _share(earned, possible)
        points[dim] = share
        dims[dim] = share.percent
    tested = [d for d in DIMENSIONS if dims[d] is not None]
    total_weight = sum(rubric.weights.get(d, 1) for d in tested)
    overall = (sum((dims[d] or 0) * rubric.weights.get(d, 1) for d in tested) // total_weight
               if total_weight else 0)
    critical = find_critical(ctx, rubric.critical_rules)
    marks = {k: rubric.pass_marks[k] for k in (*DIMENSIONS, "overall")}
    comp, domains = _breakdown(findings)
    gaps = skill_gaps(findings, rubric.competency_floor)
    # A shift that tested nothing cannot be passed; an untested dimension has no mark to meet.
    passed = bool(tested) and not critical and not gaps and overall >= marks["overall"] and \
        all((dims[d] or 0) >= marks[d] for d in tested)
    planted = [f for f in findings if f.code == "discrepancy_caught"]
    feedback = build_feedback(ctx, findings, rubric.weights, critical,
                              [g.code for g in gaps])
    return ScoreCard(
        scenario=expanded.scenario_id, seed=expanded.seed, dimensions=dims, points=points,
        overall=overall, pass_marks=marks, passed=passed,
        critical_fails=[CriticalFail(**c) for c in critical],
        competency_floor=rubric.competency_floor, gaps=gaps,
        competencies=comp, nha_domains=domains,
        discrepancies={"planted": len(planted),
                       "caught": sum(f.earned == f.possible for f in planted),
                       "false_flags": sum(f.code == "false_flag" for f in findings)},
        feedback=[FeedbackItem(**item) for item in feedback])


def skill_gaps(findings: list[Finding], floor: int) -> list[Gap]:
    """Protocol steps the shift called for and the trainee scored under ``floor`` % on.

    Judged step by step (a checklist item, as on an NREMT sheet): a step skipped every time
    is not made up for by doing the others well. Only :data:`FLOOR_STEPS` count here.
    """
    steps: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.code in FLOOR_STEPS and f.competency not in FLOOR_EXEMPT:
            steps[f.code].append(f)
    gaps = []
    for code, group in sorted(steps.items()):
        earned = sum(f.earned for f in group)
        possible = sum(f.possible for f in group)
        if possible and earned * 100 < step_floor(code, floor) * possible:
            gaps.append(Gap(code=code, competency=group[0].competency,
                            dimension=group[0].dimension, owed=len(group),
                            met=sum(f.earned == f.possible for f in group),
                            percent=earned * 100 // possible))
    return gaps


def _share(earned: int, possible: int) -> Share:
    # Nothing at stake is "not tested" (None), never full marks.
    percent = None if possible == 0 else (earned * 100) // possible
    return Share(earned=earned, possible=possible, percent=percent)


@lru_cache(maxsize=1)
def _domain_of() -> dict[str, str]:
    """Competency id -> NHA domain, from the shipped curriculum (read once per process).

    Kept in the content cache under the competencies file's digest, so a score reads one
    small table instead of loading the whole curriculum (glossary and checklist included).
    """
    from simulator.contentcache import cached, read_content_bytes
    from simulator.resources import data_dir

    raw = read_content_bytes(data_dir("curriculum") / "competencies.yaml",
                             "curriculum/competencies.yaml")
    return cached("scoring.competency-domains", raw, _domains_from_curriculum)


def _domains_from_curriculum() -> dict[str, str]:
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
