"""The ScoreCard: a pydantic model with a stable JSON form."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

NOT_TESTED = "not tested"


def shown(value: int | None) -> str:
    """A dimension's score as people read it: the number, or "not tested"."""
    return NOT_TESTED if value is None else str(value)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CriticalFail(_Model):
    """A mistake that fails the attempt, with its reason and time."""

    id: str
    rule: str
    reason: str
    t: int
    clock: str
    task: str | None


class Gap(_Model):
    """A protocol step the shift called for and the trainee mostly did not do.

    Attributes:
        code: The step (an obligation or check code, e.g. ``preauth``).
        competency: The competency it evidences.
        dimension: Where its points count.
        owed: How many times the shift called for it.
        met: How many of those were done in full.
        percent: Points earned of points possible on this step.
    """

    code: str
    competency: str
    dimension: str
    owed: int
    met: int
    percent: int


class Share(_Model):
    """Points earned of points possible, and the percentage."""

    earned: int
    possible: int
    percent: int | None


class FeedbackItem(_Model):
    """One debrief item: what happened, why it matters, the expert move, terms to read."""

    code: str
    dimension: str
    competency: str
    clock: str
    t: int
    task: str | None
    count: int
    what: str
    why: str
    expert_move: str
    terms: list[str]
    impact: int
    critical: bool
    gap: bool = False
    note: str | None = None


class ScoreCard(_Model):
    """A scored shift: dimensions, overall, pass/fail, breakdowns and feedback."""

    scenario: str
    seed: int
    dimensions: dict[str, int | None]
    points: dict[str, Share]
    overall: int
    pass_marks: dict[str, int]
    passed: bool
    critical_fails: list[CriticalFail]
    competency_floor: int = 50
    gaps: list[Gap] = []
    competencies: dict[str, Share]
    nha_domains: dict[str, Share]
    discrepancies: dict[str, int]
    feedback: list[FeedbackItem]
