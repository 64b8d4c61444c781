"""What scoring reads: a shift's outcomes indexed by task, and the Finding it produces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from simulator.model import ExpandedShift, TaskSpec

#: One outcome as the engine records it (a past-tense fact with its time).
Outcome = dict[str, Any]

ENDS = ("TaskResolved", "TaskAbandoned", "TaskEscalated")


@dataclass(frozen=True)
class Finding:
    """One scored check: points possible and earned, and what it was about.

    Attributes:
        dimension: prioritization, accuracy, deescalation or compliance.
        competency: The curriculum competency the check evidences.
        code: Stable id of the check (feedback texts are keyed by it).
        task: The task it concerns, if any.
        t: Shift tick of the moment that decided it.
        possible: Points at stake (integer).
        earned: Points earned (0..possible).
        detail: Facts for the feedback text.
    """

    dimension: str
    competency: str
    code: str
    task: str | None
    t: int
    possible: int
    earned: int
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def lost(self) -> int:
        """Points lost on this check."""
        return self.possible - self.earned


class ScoreContext:
    """A finished shift's outcomes, indexed for the dimension scorers."""

    def __init__(self, shift: ExpandedShift, outcomes: list[dict[str, Any]]):
        self.x = shift
        self.outcomes = outcomes
        self.specs: dict[str, TaskSpec] = {t.id: t for t in shift.tasks}
        self.by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.arrived: dict[str, int] = {}
        self.responded: dict[str, int] = {}
        self.ended: dict[str, dict[str, Any]] = {}
        #: (task, kind) -> that task's outcomes of that kind, in order (``first``, ``all``).
        self._by_task_kind: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        #: The unwarranted actions, found once (see ``scoring.misuse``).
        self.misuses: list[tuple[str, dict[str, Any]]] | None = None
        for o in outcomes:
            self.by_kind[o["kind"]].append(o)
            task = o.get("task")
            if task is None:
                continue
            self.by_task[task].append(o)
            self._by_task_kind[(task, o["kind"])].append(o)
            if o["kind"] == "TaskArrived":
                self.arrived[task] = o["t"]
            elif o["kind"] == "TaskResponded":
                self.responded.setdefault(task, o["t"])
            elif o["kind"] in ENDS:
                self.ended[task] = o

    def first(self, task: str, kind: str) -> dict[str, Any] | None:
        """The first outcome of ``kind`` for ``task``."""
        found = self._by_task_kind.get((task, kind))
        return found[0] if found else None

    def all(self, task: str, kind: str) -> list[dict[str, Any]]:
        """Every outcome of ``kind`` for ``task``."""
        return list(self._by_task_kind.get((task, kind), ()))

    def status(self, task: str) -> str | None:
        """How a task ended: resolved, abandoned, escalated (None if it never arrived)."""
        end = self.ended.get(task)
        if end is None:
            return None
        return {"TaskResolved": "resolved", "TaskAbandoned": "abandoned",
                "TaskEscalated": "escalated"}[end["kind"]]

    def arrived_specs(self) -> list[TaskSpec]:
        """Specs of every task that arrived, in arrival order."""
        return [self.specs[t] for t in self.arrived]
