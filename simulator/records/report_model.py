"""The cohort report's data: trainees, their sittings and parts, and the whole cohort.

Built by :class:`simulator.records.report.CohortBuilder`, drawn by ``report_render``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.records.report_next import NextStep, QuizSummary


@dataclass(slots=True)
class Part:
    """One attempt of a sitting, as the report shows it."""

    scenario: str
    overall: int
    passed: bool
    critical_fails: int


@dataclass(slots=True)
class Sitting:
    """One sitting of a trainee: its parts (attempts) in order."""

    sitting_id: str
    parts: list[Part] = field(default_factory=list)
    #: How many parts the assessment has (None: unknown, e.g. attempts outside one).
    expected: int | None = None
    #: A part of this sitting does not verify (it is listed apart, never a pass).
    tainted: bool = False
    #: When its first part was created (what orders sittings).
    started: str = ""
    #: When it ended (its last part's finish, else start).
    at: str = ""

    @property
    def verdict(self) -> str:
        """PASS, FAIL, UNVERIFIED (a part does not verify) or INCOMPLETE (parts missing)."""
        if self.tainted:
            return "UNVERIFIED"
        if not all(p.passed and not p.critical_fails for p in self.parts):
            return "FAIL"
        if self.expected is not None and len(self.parts) < self.expected:
            return "INCOMPLETE"
        return "PASS" if self.parts else "FAIL"

    @property
    def passed(self) -> bool:
        """Every part of the assessment played, verified and passed with no critical fail."""
        return self.verdict == "PASS"


@dataclass(slots=True)
class TraineeSummary:
    """One trainee's line in the report (people's verified attempts only)."""

    name: str
    trainee_id: str
    attempts: int = 0
    best: int = 0
    last: int = 0
    last_at: str = ""
    passed: bool = False
    critical_fails: int = 0
    sittings: list[Sitting] = field(default_factory=list)
    #: Competency shares (id -> [earned, possible]) of the latest sitting, while its
    #: attempts are added up (then kept as :attr:`percents` only).
    shares: dict[str, list[int]] = field(default_factory=dict)
    #: The latest sitting's percent per competency, by the builder's competency index
    #: (one byte each, :data:`NOT_TESTED` where it was not tested).
    percents: bytes = b""
    next: NextStep | None = None
    quiz: QuizSummary | None = None
    #: The sitting whose shares are being added up (the newest started so far).
    latest_id: str = ""

    @property
    def verdict(self) -> str:
        """The latest sitting's verdict (see :attr:`Sitting.verdict`)."""
        return self.latest.verdict if self.latest else "FAIL"

    @property
    def latest(self) -> Sitting | None:
        """The sitting the verdict, heatmap and next step are based on."""
        return self.sittings[-1] if self.sittings else None

    @property
    def earlier(self) -> list[Sitting]:
        """The sittings before the latest, newest first."""
        return self.sittings[-2::-1]


#: A competency the latest sitting did not test, in :attr:`TraineeSummary.percents`.
NOT_TESTED = 255


@dataclass
class Cohort:
    """Everything the report shows, computed from the attempts."""

    title: str
    trainees: list[TraineeSummary]
    attempts: int
    passed_attempts: int
    competencies: list[str]
    heat: list[tuple[str, list[int | None]]]
    overall_hist: list[int]
    dimension_hists: dict[str, list[int]]
    pass_marks: dict[str, int]
    mistakes: list[dict[str, Any]]
    moments: list[dict[str, Any]]
    criticals: list[dict[str, Any]]
    mean_overall: float
    median_overall: float
    open_attempts: int = 0
    calibration: list[dict[str, Any]] = field(default_factory=list)
    unverified: list[dict[str, Any]] = field(default_factory=list)
