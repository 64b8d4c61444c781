"""``Shift``: the event scheduler, clinic state and rules of one running shift.

The core is SimPy-sized: a heap of ``(time, priority, seq, kind, payload)`` and integer
seconds. Real-time pacing lives in the UI, never here. Trainee commands are applied at the
current tick; every state change is recorded as an outcome (a past-tense fact with its
time). Illegal commands are rejected with a reason and recorded; they never raise.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from typing import Any

from simulator.engine import clock
from simulator.engine import outcomes as o
from simulator.engine.commands import Command
from simulator.engine.live_view import LiveView
from simulator.engine.registry import COMMAND_HANDLERS, EVENT_HANDLERS
from simulator.engine.state import LineState, PaperEntry, Rejected, Systems, TaskState
from simulator.engine.timers import (
    P_ARRIVAL,
    P_END,
    P_SYSTEM,
    ArrivalDue,
    ShiftEndDue,
    SystemChangeDue,
    SystemRestoreDue,
    Timer,
)
from simulator.engine.view import View
from simulator.model import ExpandedShift, Slot
from simulator.protocol import command_refusal

#: How each closing status is recorded.
CLOSED: dict[str, type[o.TaskResolved] | type[o.TaskAbandoned] | type[o.TaskEscalated]] = {
    "resolved": o.TaskResolved, "abandoned": o.TaskAbandoned, "escalated": o.TaskEscalated}


class Shift:
    """A running shift: feed it commands and time, read outcomes and views."""

    def __init__(self, expanded: ExpandedShift):
        self.x = expanded
        self.now = 0
        self.ended = False
        self.outcomes: list[dict[str, Any]] = []
        self._cause: o.Cause = "clock"
        self.tasks: dict[str, TaskState] = {}
        self.specs = {t.id: t for t in expanded.tasks}
        self.patients = {p.id: p for p in expanded.patients}
        self.slots: dict[str, Slot] = {s.id: s for s in expanded.slots}
        self.open_tasks: dict[str, TaskState] = {}
        self.lines = [LineState(i) for i in range(1, expanded.phone_lines + 1)]
        self.systems = Systems()
        self.paper: list[PaperEntry] = []
        # What changed, for the view: a version per part the desk shows, and the live view
        # itself, which every recorded outcome marks (see ``touch``).
        self.slots_version = 0
        self.lines_version = 0
        self.paper_version = 0
        self.live = LiveView()
        #: (outcome count, whether anyone waits on the trainee then): see ``clock``.
        self.waiting: tuple[int, bool] = (-1, False)
        self.focus: str | None = None
        self.cancelled_arrivals: set[str] = set()
        #: Real seconds a person at the desk has lived so far (see ``engine.clock``).
        self.real_seconds = 0.0
        self._heap: list[tuple[int, int, int, Timer]] = []
        self._seq = 0
        for sys_event in expanded.systems:
            self.schedule(sys_event.at, P_SYSTEM, SystemChangeDue(sys_event))
            if sys_event.until is not None:
                self.schedule(sys_event.until, P_SYSTEM, SystemRestoreDue(sys_event))
        for spec in expanded.tasks:
            self.schedule(spec.at, P_ARRIVAL, ArrivalDue(spec.id))
        self.schedule(expanded.length, P_END, ShiftEndDue())

    # -- scheduler -------------------------------------------------------------------------

    def schedule(self, at: int, priority: int, event: Timer) -> None:
        """Queue an internal event at tick ``at`` (never in the past)."""
        self._seq += 1
        heapq.heappush(self._heap, (max(at, self.now), priority, self._seq, event))

    def next_event_at(self) -> int:
        """Tick of the next queued event (the shift length once nothing is left)."""
        return self._heap[0][0] if self._heap else self.x.length

    def advance(self, to: int) -> None:
        """Run every queued event up to and including tick ``to``, then set the clock."""
        to = min(to, self.x.length)
        while self._heap and self._heap[0][0] <= to and not self.ended:
            at, _, _, event = heapq.heappop(self._heap)
            self._live_until(at)
            self.now = at
            EVENT_HANDLERS[type(event)](self, event)
        if not self.ended and to > self.now:
            self._live_until(to)
            self.now = to

    def _live_until(self, tick: int) -> None:
        """Count the real time from now to ``tick`` at the rate the desk runs at now."""
        if tick > self.now:
            self.real_seconds += (tick - self.now) / clock.rate(self)

    def finish(self) -> None:
        """Run to the end of the shift, closing every open task."""
        self.advance(self.x.length)

    # -- commands --------------------------------------------------------------------------

    def apply(self, command: Command) -> bool:
        """Apply a trainee command at the current tick.

        Everything recorded while the command is carried out (or refused) is by the trainee;
        the events already due that run first are by the clock.

        Returns:
            True if accepted; False if rejected (the reason is recorded as an outcome).
        """
        # Events already due (e.g. tick-0 arrivals of a fresh shift) happen first, exactly as
        # a replay's advance(tick) runs them before the command. (A no-op once ended.)
        if self._heap and self._heap[0][0] <= self.now:
            self.advance(self.now)
        self._cause = "trainee"
        try:
            if self.ended:
                self.record(o.CommandRejected(command=command.type, reason="the shift is over"))
                return False
            self._check_fits(command)
            COMMAND_HANDLERS[type(command)](self, command)
        except Rejected as why:
            self.record(o.CommandRejected(getattr(command, "task", None), command=command.type,
                                          reason=str(why)))
            return False
        finally:
            self._cause = "clock"
        return True

    def _check_fits(self, command: Command) -> None:
        """Refuse a command that makes no sense for its task (the desk never offers it)."""
        task_id = getattr(command, "task", None)
        state = self.tasks.get(task_id) if task_id else None
        if state is None:
            return
        why = command_refusal(command.type, state.spec.kind)
        if why is not None:
            raise Rejected(why)

    # -- helpers for rules -----------------------------------------------------------------

    def record(self, outcome: o.Outcome) -> None:
        """Append an outcome: a past-tense fact at the current tick, and who caused it.

        Every outcome also marks what it touched as changed, so the next view rebuilds only
        that (a task's own outcomes, or the clinic-wide ones).
        """
        self.outcomes.append(o.to_json(outcome, self.now, self._cause))
        self.live.touch(outcome.task)

    def touch(self, task: str | None) -> None:
        """Mark a task (or, with None, the whole clinic) as changed for the view."""
        self.live.touch(task)

    def task(self, task_id: str, *, open_only: bool = True) -> TaskState:
        """Return an arrived task, or reject the command."""
        state = self.tasks.get(task_id)
        if state is None:
            raise Rejected(f"no task '{task_id}' at the desk")
        if open_only and not state.open:
            raise Rejected(f"task {task_id} is already {state.status}")
        return state

    def respond(self, state: TaskState) -> None:
        """Mark the first response to a task (and make it active)."""
        if state.first_response is None:
            state.first_response = self.now
            self.record(o.TaskResponded(state.id, after=self.now - state.spec.at))
        if state.status == "waiting":
            state.status = "active"
        self.focus = state.id

    def close(self, state: TaskState, status: str, how: str) -> None:
        """End a task as resolved, abandoned or escalated."""
        if not state.open:
            return
        state.status = status  # type: ignore[assignment]
        state.token += 1
        state.notes["closed_at"] = self.now
        self.open_tasks.pop(state.id, None)
        self.record(CLOSED[status](state.id, how=how, after=self.now - state.spec.at))
        if self.focus == state.id:
            self.focus = None
        if state.line is not None:
            # A caller whose task is finished says goodbye: the call ends with its task, so
            # the desk and the engine agree that the line is free.
            line = self.lines[state.line - 1]
            if line.task == state.id:
                self.record(o.CallEnded(state.id, line=line.index, handled=status == "resolved"))
                self.free_line(line)
            state.line = None

    def set_slot(self, slot: Slot) -> None:
        """Replace a slot (booked, freed or retyped)."""
        self.slots[slot.id] = slot
        self.slots_version += 1

    def open_of_kind(self, kind: str) -> list[TaskState]:
        """Open tasks of one kind, in arrival order."""
        return [t for t in self.open_tasks.values() if t.spec.kind == kind]

    def line_of(self, number: int) -> LineState:
        """Return phone line ``number`` (1-based) or reject."""
        if not 1 <= number <= len(self.lines):
            raise Rejected(f"there is no line {number}")
        return self.lines[number - 1]

    def free_line(self, line: LineState) -> None:
        """Put a line back to idle."""
        line.status, line.task, line.since = "idle", None, self.now
        self.line_changed(line)

    def line_changed(self, line: LineState) -> None:
        """After any change to a line: a new token (its pending timers go stale) and view."""
        line.token += 1
        self.lines_version += 1

    def view(self) -> View:
        """Return what the trainee can see now (never the hidden truths).

        Kept up to date from what changed since the last call (see ``engine.live_view``);
        equal to ``view.build_view(self)``, which builds it from scratch.
        """
        return self.live.view(self)

    def outcome_hash(self) -> str:
        """SHA-256 over the canonical JSON of all outcomes."""
        return hash_outcomes(self.outcomes)


def hash_outcomes(outcomes: list[dict[str, Any]]) -> str:
    """SHA-256 over the canonical JSON of a list of outcomes."""
    text = json.dumps(outcomes, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
