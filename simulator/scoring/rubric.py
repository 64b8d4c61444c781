"""The rubric: dimension weights, pass marks and timing targets, defaults in one place.

Scenario files (``scoring:``) and assessment files override these; nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.protocol import DIMENSIONS, POINTS

__all__ = ["DIMENSIONS", "Rubric"]

#: Default pass marks (0-100) per dimension and overall.
DEFAULT_PASS_MARKS: dict[str, int] = {
    "prioritization": 70, "accuracy": 75, "deescalation": 70, "compliance": 80, "overall": 75,
}
DEFAULT_WEIGHTS: dict[str, int] = {d: 1 for d in DIMENSIONS}
#: A competency tested in the shift and scored below this (%) fails the attempt, whatever
#: the totals (a conjunctive standard, as OSCE stations): a skill never shown is not made
#: up for by the others.
DEFAULT_COMPETENCY_FLOOR = 50
#: Competencies that cost points but never fail an attempt on their own: revenue, not care
#: or safety (an uncollected copay is a statement later, not a patient harmed).
FLOOR_EXEMPT = frozenset({"technology.time-of-service-collection"})
#: The steps the floor judges: every task obligation, each reply and how each conversation
#: ended, each hold and each paper record. Pace (response times, inversions) has its
#: dimension's mark instead, and an unwarranted action is a habit that costs points, not a
#: skill that was or was not shown.
FLOOR_STEPS = frozenset(POINTS) | {"reply", "conversation_unresolved", "long_hold",
                                   "paper_reconciliation"}
#: Talking is judged more strictly than a checklist step: a shift holds only a few replies,
#: so a floor of one half cannot tell a random replier from a skilled one (measured: a fixed
#: reply position passed 26 % of shifts at 50 %, 8 % at 70 %; the expert passes at both). A
#: trainee who gives good or best replies (4-5 of 5 points) clears it.
CONVERSATION_FLOOR = 70
CONVERSATION_STEPS = frozenset({"reply", "conversation_unresolved"})


def step_floor(code: str, floor: int) -> int:
    """The floor for one step: ``floor``, raised to :data:`CONVERSATION_FLOOR` for talk.

    A floor of 0 turns the rule off for every step.
    """
    if floor and code in CONVERSATION_STEPS:
        return max(floor, CONVERSATION_FLOOR)
    return floor

#: Points at stake for responding to a task in time, by its true urgency.
URGENCY_POINTS: dict[str, int] = {"emergency": 10, "urgent": 6, "routine": 3, "low": 1}
#: A response counts fully up to the target, then fades to nothing at this multiple of it.
LATE_FACTOR = 4
#: Grace before a more urgent, unanswered task makes other work a priority inversion.
INVERSION_GRACE = 15


@dataclass(frozen=True)
class Rubric:
    """Weights, pass marks and extra critical rules for one scoring."""

    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    pass_marks: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PASS_MARKS))
    critical_rules: tuple[dict[str, Any], ...] = ()
    competency_floor: int = DEFAULT_COMPETENCY_FLOOR

    @classmethod
    def build(cls, *overrides: dict[str, Any] | None) -> Rubric:
        """Start from the defaults and apply each override dict in turn.

        Each override has the shape of a scenario's ``scoring:`` block: ``weights``,
        ``pass_marks`` and ``critical_fails``.
        """
        weights = dict(DEFAULT_WEIGHTS)
        marks = dict(DEFAULT_PASS_MARKS)
        rules: list[dict[str, Any]] = []
        floor = DEFAULT_COMPETENCY_FLOOR
        for over in overrides:
            if not over:
                continue
            weights.update(over.get("weights") or {})
            marks.update(over.get("pass_marks") or {})
            rules.extend(over.get("critical_fails") or [])
            if over.get("competency_floor") is not None:
                floor = int(over["competency_floor"])
        if sum(weights.values()) == 0:
            weights = dict(DEFAULT_WEIGHTS)
        return cls(weights, marks, tuple(rules), floor)
