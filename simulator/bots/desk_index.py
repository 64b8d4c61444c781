"""The desk sorted into what a trained person looks for, re-sorted only when it changes.

The expert asks a dozen questions of every view (is anyone in danger, is a line ringing,
who is waiting to be greeted, what is first in the queue). Instead of each question
scanning every open task and line, :class:`DeskIndex` sorts the view's tasks and lines
once into the lists the questions read. The engine's view reuses its ``tasks`` and
``lines`` tuples while nothing in them changed, so the index is rebuilt only when the
desk really changed (an outcome touched a task or a line), and never for a view that only
moved the clock on. Everything in it comes from the view: it knows nothing a person at the
desk would not.
"""

from __future__ import annotations

from simulator.bots import skills
from simulator.engine.view import LineView, TaskView, View

#: Kinds of task that put someone in danger (the expert's first look).
DANGER_KINDS = ("medical_emergency", "threat")
#: People at the desk who are greeted on arrival.
GREETED_KINDS = ("checkin", "walk_in", "privacy_request")
#: Desk work the queue takes in order.
QUEUE_KINDS = ("checkin", "walk_in", "privacy_request", "checkout", "records_request")


class DeskIndex:
    """One view's tasks and lines, sorted by what they need; every list keeps view order.

    Attributes:
        by_id: Open tasks by id.
        danger: Medical emergencies and threats.
        callouts: A clinician's called-out day.
        to_greet: People at the desk not greeted yet.
        upset: Angry people at the desk in a conversation.
        queue: Desk work (check-ins, walk-ins, privacy requests, check-outs, records).
        inbox: Inbox items.
        drawers: The end-of-day drawer.
        outages: Power outages.
        talking: The first line in a call, if any.
        ringing: Ringing lines.
        first_ringing: The ringing line that rang first (ties: the lower number).
        held: Lines on hold.
    """

    def __init__(self) -> None:
        self._tasks: tuple[TaskView, ...] | None = None
        self._lines: tuple[LineView, ...] | None = None
        self._red_flags: dict[str, bool] = {}
        self.by_id: dict[str, TaskView] = {}
        self.danger: list[TaskView] = []
        self.callouts: list[TaskView] = []
        self.to_greet: list[TaskView] = []
        self.upset: list[TaskView] = []
        self.queue: list[TaskView] = []
        self.inbox: list[TaskView] = []
        self.drawers: list[TaskView] = []
        self.outages: list[TaskView] = []
        self.talking: LineView | None = None
        self.ringing: list[LineView] = []
        self.first_ringing: LineView | None = None
        self.held: list[LineView] = []

    def of(self, view: View) -> DeskIndex:
        """The index of ``view``: re-sorted only where its tasks or lines are new."""
        if view.tasks is not self._tasks:
            self._index_tasks(view.tasks)
        if view.lines is not self._lines:
            self._index_lines(view.lines)
        return self

    def red_flag(self, words: str) -> bool:
        """:func:`skills.hears_red_flag`, remembered for words already heard."""
        heard = self._red_flags.get(words)
        if heard is None:
            heard = self._red_flags[words] = skills.hears_red_flag(words)
        return heard

    def _index_tasks(self, tasks: tuple[TaskView, ...]) -> None:
        self._tasks = tasks
        self.by_id = {}
        danger: list[TaskView] = []
        callouts: list[TaskView] = []
        to_greet: list[TaskView] = []
        upset: list[TaskView] = []
        queue: list[TaskView] = []
        inbox: list[TaskView] = []
        drawers: list[TaskView] = []
        outages: list[TaskView] = []
        for task in tasks:
            self.by_id.setdefault(task.id, task)
            kind, channel = task.kind, task.channel
            if kind in DANGER_KINDS:
                danger.append(task)
            elif kind == "callout":
                callouts.append(task)
            elif kind == "drawer":
                drawers.append(task)
            elif kind == "power_outage":
                outages.append(task)
            if channel == "desk":
                if kind in GREETED_KINDS and not task.acknowledged:
                    to_greet.append(task)
                if kind == "angry_patient" and task.dialogue:
                    upset.append(task)
                if kind in QUEUE_KINDS:
                    queue.append(task)
            elif channel == "inbox":
                inbox.append(task)
        self.danger, self.callouts, self.to_greet, self.upset = danger, callouts, to_greet, upset
        self.queue, self.inbox, self.drawers, self.outages = queue, inbox, drawers, outages

    def _index_lines(self, lines: tuple[LineView, ...]) -> None:
        self._lines = lines
        self.talking = next((ln for ln in lines if ln.status == "talking"), None)
        self.ringing = [ln for ln in lines if ln.status == "ringing"]
        self.first_ringing = min(self.ringing, key=lambda ln: (ln.since, ln.number)) \
            if self.ringing else None
        self.held = [ln for ln in lines if ln.status == "hold"]
