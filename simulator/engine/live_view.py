"""Building the desk's view: from scratch, and kept up to date from what changed.

:func:`build_view` copies everything visible out of the shift's state; it is the reference.
:class:`LiveView` gives the same view (equal field by field, see
``tests/core/test_view_incremental.py``) but rebuilds only the parts the engine marked as
changed since the last one: a task's view when one of its outcomes was recorded (every
change to a task is recorded as one), all of them when a clinic-wide outcome was recorded
or the EHR came up or went down, the phone lines when a line changed (``lines_version``),
the paper list when an entry was written or reconciled (``paper_version``), the provider's
day when a slot changed (``slots_version``). Parts that did not change are the very same
objects as in the previous view, so callers must treat a view as read-only (its dataclasses
are frozen; the dicts inside are shared with the next views).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from simulator.engine.rules_dialogue import current_beat, reply_order, stage_of
from simulator.engine.rules_safety import steps_for
from simulator.engine.view import (
    HIDDEN_REQUEST_KEYS,
    DialogueView,
    LineView,
    PaperView,
    PersonView,
    SlotView,
    TaskView,
    View,
)
from simulator.lifesafety import SAFETY_KINDS
from simulator.model import URGENCY_RANK, Patient, Slot

if TYPE_CHECKING:
    from simulator.engine.shift import Shift
    from simulator.engine.state import TaskState

#: The queue's order: urgency as shown, then arrival, then id (none of them ever changes).
OrderKey = tuple[int, int, str]
_T = TypeVar("_T")


def maker(cls: type[_T]) -> Callable[..., _T]:
    """A keyword-only constructor of a frozen, slotted view class that fills its slots directly.

    It takes exactly the class's fields, every one required, and returns an instance equal
    to ``cls(**fields)`` (the live view is compared with views built by the class itself
    at every step of every shipped scenario). The dataclass ``__init__`` of a frozen class
    goes through ``object.__setattr__`` for each field; writing each slot through its
    descriptor instead makes the task and desk views, built a few hundred times a shift,
    about a third cheaper. Like ``dataclasses``, it generates the function's source.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    source = f"def make(*, {', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n"
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"set_{name}": cls.__dict__[name].__set__ for name in names})
    exec(source, scope)  # noqa: S102 - source built from the class's own field names
    make: Callable[..., _T] = scope["make"]
    make.__doc__ = f"Build a {cls.__name__} (see live_view.maker)."
    return make


_make_task_view = maker(TaskView)
_make_view = maker(View)


def order_key(state: TaskState) -> OrderKey:
    """Where a task sits in the queue (urgent first, then by arrival)."""
    spec = state.spec
    return (URGENCY_RANK[spec.visible_urgency], spec.at, spec.id)


def build_view(shift: Shift) -> View:
    """Copy what is visible out of the shift's state, all of it, now."""
    s = shift.systems
    ehr = s.ehr_usable
    states = sorted(shift.open_tasks.values(), key=order_key)
    return View(
        now=shift.now, clock=shift.x.clock(shift.now), length=shift.x.length,
        ehr_up=ehr, power_up=s.power_up, phones_work=s.phones_work, paper_mode=s.paper_mode,
        rerouted=s.rerouted, alarm=s.alarm, at_desk=s.at_desk, called=tuple(sorted(s.called)),
        out_providers=tuple(sorted(s.out_providers)), focus=shift.focus,
        lines=line_views(shift), tasks=tuple(task_view(shift, st, ehr) for st in states),
        slots=slot_views(shift), paper=paper_views(shift),
        providers=shift.x.providers, appointment_types=shift.x.appointment_types,
        payers=shift.x.payers, ended=shift.ended, start_clock=shift.x.start_clock)


def line_views(shift: Shift) -> tuple[LineView, ...]:
    """The desk phone's lines."""
    specs = shift.specs
    return tuple(LineView(ln.index, ln.status, ln.task, specs[ln.task].caller if ln.task else "",
                          ln.since) for ln in shift.lines)


def slot_views(shift: Shift) -> tuple[SlotView, ...]:
    """The providers' day, slot by slot."""
    return tuple(SlotView(sl.id, sl.provider_id, sl.start, sl.minutes, sl.type_id,
                          sl.patient_id is not None) for sl in shift.slots.values())


def paper_views(shift: Shift) -> tuple[PaperView, ...]:
    """What was written on paper during downtime."""
    return tuple(PaperView(p.id, p.name, p.dob, p.arrived, p.reconciled) for p in shift.paper)


def on_line(shift: Shift, state: TaskState) -> bool:
    """Whether the desk can hear the task: not a phone call, or a call that was answered."""
    line = state.line
    return state.spec.channel != "phone" or (
        line is not None and shift.lines[line - 1].status != "ringing")


def visible_request(state: TaskState) -> dict[str, Any]:
    """The request as the desk sees it (without the keys the engine keeps for itself)."""
    return {k: v for k, v in state.spec.request.items() if k not in HIDDEN_REQUEST_KEYS}


def person_view(patient: Patient) -> PersonView:
    """A patient's record as the EHR shows it."""
    return PersonView(patient.name, patient.dob, patient.phone, patient.address,
                      patient.provider_id, patient.record)


def task_view(shift: Shift, state: TaskState, ehr: bool,
              request: dict[str, Any] | None = None,
              records: dict[str, PersonView] | None = None,
              make: Callable[..., TaskView] = TaskView) -> TaskView:
    """The view of one open task.

    Args:
        shift: The running shift.
        state: The task.
        ehr: Whether the EHR can be read now.
        request: :func:`visible_request`, when the caller keeps it from an earlier view
            (a task's request never changes).
        records: Patient id -> :func:`person_view`, kept by the caller across views (a
            patient's record never changes during a shift); filled in as needed.
        make: What builds the view from its fields: the class itself, or (the live view)
            its :func:`maker`.
    """
    spec = state.spec
    heard = on_line(shift, state)
    patient = shift.patients.get(spec.patient_id) if spec.patient_id else None
    record = None
    if patient is not None and ehr and heard:
        if records is None:
            record = person_view(patient)
        else:
            record = records.get(patient.id)
            if record is None:
                record = records[patient.id] = person_view(patient)
    stage = stage_of(shift, state)
    beat = current_beat(shift, state) if heard else None
    dialogue = None
    if beat is not None:
        choices = beat["choices"]
        dialogue = DialogueView(
            beat["says"], tuple(choices[i]["text"] for i in reply_order(shift, state, beat)),
            state.agitation, stage)
    at_desk = patient is not None and spec.channel == "desk" and spec.kind in (
        "checkin", "walk_in")
    shown: dict[str, Any] = {}  # a ringing call shows only the caller's number
    if heard:
        shown = visible_request(state) if request is None else request
    return make(
        id=spec.id, kind=spec.kind, channel=spec.channel,
        title=spec.title if heard else f"Line {state.line} ringing: {spec.caller}",
        urgency=spec.visible_urgency, arrived=spec.at, status=state.status,
        words=spec.words if heard else "", request=shown,
        line=state.line, agitation=state.agitation, stage=stage,
        acknowledged=state.acknowledged, identity=state.identity,
        insurance=state.insurance, preauth=state.preauth, referral=state.referral,
        auth_hold=state.auth_hold, copay=state.copay,
        estimate=state.estimate, booked=state.booked,
        authorized=state.notes.get("authorized") if state.authority_checked else None,
        record=record, card=patient.card if at_desk else None,  # type: ignore[union-attr]
        card_dob=patient.card_dob if at_desk else None,  # type: ignore[union-attr]
        self_pay=bool(patient and patient.record is None and heard),
        dialogue=dialogue, progress={**_progress(shift, state), **_paperwork(state)})


def _paperwork(state: TaskState) -> dict[str, Any]:
    """The everyday desk's progress: forms submitted, portal answers, a caller's hold answer.

    Only what the desk itself did or was told: the right answers stay with scoring.
    """
    notes = state.notes
    out: dict[str, Any] = {}
    if "forms" in notes:
        out["forms"] = {k: dict(v) for k, v in notes["forms"].items()}
    if "portal" in notes:
        out["portal"] = {k: dict(v) for k, v in notes["portal"].items()}
    if "hold_ok" in notes:
        out["hold_ok"] = notes["hold_ok"]
    return out


def _progress(shift: Shift, state: TaskState) -> dict[str, Any]:
    """Per-kind progress the task panel shows (e.g. which call-out visits are done)."""
    kind = state.spec.kind
    notes = state.notes
    if kind == "callout":
        return {"moved": sorted(notes.get("moved", {})),
                "notified": sorted(notes.get("notified", set())),
                "voicemail": dict(notes.get("voicemail", {}))}
    if kind not in SAFETY_KINDS:
        return {"slot": notes["slot"]} if "slot" in notes else {}
    # (A power outage shows only its steps.)
    # The life-safety steps this crisis calls for, and which are done (the desk's buttons).
    safety = {"safety_steps": tuple(s.step for s in steps_for(shift, state)),
              "safety_done": tuple(notes.get("safety", ()))}
    if kind in ("medical_emergency", "threat"):
        return {"help_called": "emergency_called" in notes,
                "called": tuple(notes.get("called_via", ())),
                "bystanders_moved": bool(notes.get("bystanders")), **safety}
    return safety


class LiveView:
    """The view of one shift, kept up to date from the engine's marks of what changed.

    The shift calls :meth:`touch` for every outcome it records (with the outcome's task, or
    None for a clinic-wide one) and bumps its ``lines_version``, ``paper_version`` and
    ``slots_version`` when those change; :meth:`view` then rebuilds only what was marked.
    """

    def __init__(self) -> None:
        self._dirty: dict[str, None] = {}  # task ids touched since the last view, in order
        self._everything = True  # rebuild every task's view (a clinic-wide change)
        self._ehr: bool | None = None
        self._tasks: dict[str, TaskView] = {}  # open task id -> its view
        self._requests: dict[str, dict[str, Any]] = {}  # task id -> its visible request
        self._records: dict[str, PersonView] = {}  # patient id -> their record's view
        self._order: list[OrderKey] = []
        self._queue: tuple[TaskView, ...] = ()
        self._lines: tuple[int, tuple[LineView, ...]] = (-1, ())
        self._line_of: dict[int, tuple[int, LineView]] = {}  # line -> (its token, its view)
        self._slots: tuple[int, tuple[SlotView, ...]] = (-1, ())
        self._slot_of: dict[str, tuple[Slot, SlotView]] = {}  # slot id -> (slot, its view)
        self._paper: tuple[int, tuple[PaperView, ...]] = (-1, ())
        self._called: tuple[set[str], tuple[str, ...]] = (set(), ())
        self._out: tuple[set[str], tuple[str, ...]] = (set(), ())
        self._clock: tuple[int, str] = (-1, "")

    def touch(self, task: str | None) -> None:
        """Mark a task (or, with None, the whole clinic) as changed."""
        if task is None:
            self._everything = True
        else:
            self._dirty[task] = None

    def view(self, shift: Shift) -> View:
        """What the trainee can see now, equal to :func:`build_view` of the same shift."""
        s = shift.systems
        x = shift.x
        ehr = s.ehr_usable
        if self._lines[0] != shift.lines_version:
            self._lines = (shift.lines_version, self._line_views(shift))
        if self._slots[0] != shift.slots_version:
            self._slots = (shift.slots_version, self._slot_views(shift))
        if self._paper[0] != shift.paper_version:
            self._paper = (shift.paper_version, paper_views(shift))
        if self._called[0] != s.called:
            self._called = (set(s.called), tuple(sorted(s.called)))
        if self._out[0] != s.out_providers:
            self._out = (set(s.out_providers), tuple(sorted(s.out_providers)))
        minute = (x.start_clock + shift.now) // 60  # the clock shows minutes
        if self._clock[0] != minute:
            self._clock = (minute, x.clock(shift.now))
        return _make_view(
            now=shift.now, clock=self._clock[1], length=x.length,
            ehr_up=ehr, power_up=s.power_up, phones_work=s.phones_work,
            paper_mode=s.paper_mode, rerouted=s.rerouted, alarm=s.alarm, at_desk=s.at_desk,
            called=self._called[1], out_providers=self._out[1], focus=shift.focus,
            lines=self._lines[1], tasks=self._task_views(shift, ehr), slots=self._slots[1],
            paper=self._paper[1], providers=x.providers,
            appointment_types=x.appointment_types, payers=x.payers, ended=shift.ended,
            start_clock=x.start_clock)

    def _line_views(self, shift: Shift) -> tuple[LineView, ...]:
        """The lines, each rebuilt only when it changed (every change gives it a new token)."""
        views = []
        for ln in shift.lines:
            cached = self._line_of.get(ln.index)
            if cached is None or cached[0] != ln.token:
                caller = shift.specs[ln.task].caller if ln.task else ""
                cached = self._line_of[ln.index] = (
                    ln.token, LineView(ln.index, ln.status, ln.task, caller, ln.since))
            views.append(cached[1])
        return tuple(views)

    def _slot_views(self, shift: Shift) -> tuple[SlotView, ...]:
        """The day, each slot rebuilt only when it was replaced (slots are never edited)."""
        views = []
        for sl in shift.slots.values():
            cached = self._slot_of.get(sl.id)
            if cached is None or cached[0] is not sl:
                cached = self._slot_of[sl.id] = (sl, SlotView(
                    sl.id, sl.provider_id, sl.start, sl.minutes, sl.type_id,
                    sl.patient_id is not None))
            views.append(cached[1])
        return tuple(views)

    def _task_views(self, shift: Shift, ehr: bool) -> tuple[TaskView, ...]:
        """The open tasks in queue order, rebuilding only the ones marked changed."""
        if ehr != self._ehr:
            self._ehr = ehr
            self._everything = True  # every record on screen appears or goes
        if self._everything:
            dirty = list(self._tasks) + [t for t in shift.open_tasks if t not in self._tasks]
        elif self._dirty:
            dirty = list(self._dirty)
        else:
            return self._queue
        self._dirty = {}
        self._everything = False
        changed = False
        for task_id in dirty:
            state = shift.open_tasks.get(task_id)
            if state is None:
                if task_id in self._tasks:  # closed since the last view: off the queue
                    del self._tasks[task_id]
                    self._requests.pop(task_id, None)
                    del self._order[bisect_left(self._order, order_key(shift.tasks[task_id]))]
                    changed = True
                continue
            if task_id not in self._tasks:
                insort(self._order, order_key(state))
            request = self._requests.get(task_id)
            if request is None:
                request = self._requests[task_id] = visible_request(state)
            self._tasks[task_id] = task_view(shift, state, ehr, request, self._records,
                                             _make_task_view)
            changed = True
        if changed:
            tasks = self._tasks
            self._queue = tuple(tasks[key[2]] for key in self._order)
        return self._queue
