"""The read-only view of a shift: what a trainee at the desk can see, and nothing more.

Hidden truths (a planted mismatch, a red flag, whether a requester is authorized) never
appear here: the trainee sees the card and the record side by side and the caller's words,
and must draw the conclusion. Bots decide from this view only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.model import URGENCY_RANK, Insurance

#: Request fields the engine keeps for itself: the call's category names its route, and a
#: telehealth problem id names its fix. The person's words carry what a listener can know.
HIDDEN_REQUEST_KEYS = frozenset({"call_type", "problem", "message_reason"})

if TYPE_CHECKING:
    from simulator.engine.shift import Shift
    from simulator.engine.state import TaskState


@dataclass(frozen=True, slots=True)
class LineView:
    """One phone line as the desk phone shows it."""

    number: int
    status: str
    task: str | None
    caller: str
    since: int


@dataclass(frozen=True, slots=True)
class DialogueView:
    """The live conversation: what the person just said and the replies on offer.

    Only words: no rating, no "fits this stage", no hint of what a reply sets in motion.
    The replies come in a per-beat shuffled order; ``choice`` in ``ChooseReply`` is the
    position in this tuple.
    """

    says: str
    choices: tuple[str, ...]
    agitation: int
    stage: str


@dataclass(frozen=True, slots=True)
class PersonView:
    """The patient record as the EHR shows it (None while the EHR is unusable)."""

    name: str
    dob: str
    phone: str
    address: str
    provider_id: str
    record: Insurance | None


@dataclass(frozen=True, slots=True)
class TaskView:
    """One open task, as the queue and the task panel show it."""

    id: str
    kind: str
    channel: str
    title: str
    urgency: str
    arrived: int
    status: str
    words: str
    request: dict[str, Any]
    line: int | None
    agitation: int
    stage: str
    acknowledged: bool
    identity: tuple[str, ...]
    insurance: str | None
    preauth: bool
    referral: bool
    auth_hold: bool
    copay: bool
    estimate: bool
    booked: bool
    authorized: bool | None
    record: PersonView | None
    card: Insurance | None
    card_dob: str | None
    self_pay: bool
    dialogue: DialogueView | None
    progress: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SlotView:
    """One slot in a provider's day."""

    id: str
    provider_id: str
    start: int
    minutes: int
    type_id: str
    booked: bool


@dataclass(frozen=True, slots=True)
class PaperView:
    """A paper entry written during downtime."""

    id: str
    name: str
    dob: str
    arrived: str
    reconciled: bool


@dataclass(frozen=True, slots=True)
class View:
    """Everything on the trainee's screen at one tick."""

    now: int
    clock: str
    length: int
    ehr_up: bool
    power_up: bool
    phones_work: bool
    paper_mode: bool
    rerouted: bool
    alarm: bool
    at_desk: bool
    called: tuple[str, ...]
    out_providers: tuple[str, ...]
    focus: str | None
    lines: tuple[LineView, ...]
    tasks: tuple[TaskView, ...]
    slots: tuple[SlotView, ...]
    paper: tuple[PaperView, ...]
    providers: tuple[Any, ...]
    appointment_types: dict[str, dict[str, Any]]
    payers: dict[str, dict[str, Any]]
    ended: bool

    start_clock: int = 0

    def task(self, task_id: str) -> TaskView | None:
        """Return the open task with this id, if any."""
        return next((t for t in self.tasks if t.id == task_id), None)

    def clock_at(self, tick: int) -> str:
        """Clock time ("HH:MM") of a shift tick."""
        minutes = (self.start_clock + tick) // 60
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def build_view(shift: Shift) -> View:
    """Copy what is visible out of the shift's state."""
    s = shift.systems
    ehr = s.ehr_usable
    tasks = []
    cache: dict[str, tuple[tuple[int, int], TaskView]] = shift.view_cache.setdefault("tasks", {})
    for state in shift.open_tasks.values():
        # A task's view changes only with its own outcomes or clinic-wide ones.
        key = (shift.task_versions.get(state.spec.id, 0), shift.global_version)
        hit = cache.get(state.spec.id)
        if hit is None or hit[0] != key:
            hit = cache[state.spec.id] = (key, _task_view(shift, state, ehr))
        tasks.append(hit[1])
    tasks.sort(key=lambda t: (URGENCY_RANK[t.urgency], t.arrived, t.id))
    return View(
        now=shift.now, clock=shift.x.clock(shift.now), length=shift.x.length,
        ehr_up=ehr, power_up=s.power_up, phones_work=s.phones_work, paper_mode=s.paper_mode,
        rerouted=s.rerouted, alarm=s.alarm, at_desk=s.at_desk, called=tuple(sorted(s.called)),
        out_providers=tuple(sorted(s.out_providers)), focus=shift.focus,
        lines=tuple(LineView(ln.index, ln.status, ln.task,
                             shift.specs[ln.task].caller if ln.task else "", ln.since)
                    for ln in shift.lines),
        tasks=tuple(tasks),
        slots=_slots(shift),
        paper=tuple(PaperView(p.id, p.name, p.dob, p.arrived, p.reconciled)
                    for p in shift.paper),
        providers=shift.x.providers, appointment_types=shift.x.appointment_types,
        payers=shift.x.payers, ended=shift.ended, start_clock=shift.x.start_clock)


def _task_view(shift: Shift, state: TaskState, ehr: bool) -> TaskView:
    """The view of one open task."""
    from simulator.engine.rules_dialogue import current_beat, reply_order, stage_of

    spec = state.spec
    on_line = spec.channel != "phone" or (
        state.line is not None and shift.lines[state.line - 1].status != "ringing")
    patient = shift.patients.get(spec.patient_id) if spec.patient_id else None
    record = None
    if patient is not None and ehr and on_line:
        record = PersonView(patient.name, patient.dob, patient.phone, patient.address,
                            patient.provider_id, patient.record)
    beat = current_beat(shift, state) if on_line else None
    dialogue = None
    if beat is not None:
        dialogue = DialogueView(
            beat["says"],
            tuple(beat["choices"][i]["text"] for i in reply_order(shift, state, beat)),
            state.agitation, stage_of(shift, state))
    at_desk = spec.channel == "desk" and spec.kind in ("checkin", "walk_in")
    return TaskView(
        id=spec.id, kind=spec.kind, channel=spec.channel,
        title=spec.title if on_line else f"Line {state.line} ringing: {spec.caller}",
        urgency=spec.visible_urgency, arrived=spec.at, status=state.status,
        words=spec.words if on_line else "",
        request={k: v for k, v in spec.request.items() if k not in HIDDEN_REQUEST_KEYS}
        if on_line else {},
        line=state.line, agitation=state.agitation, stage=stage_of(shift, state),
        acknowledged=state.acknowledged, identity=state.identity,
        insurance=state.insurance, preauth=state.preauth, referral=state.referral,
        auth_hold=state.auth_hold,
        copay=state.copay,
        estimate=state.estimate, booked=state.booked,
        authorized=state.notes.get("authorized") if state.authority_checked else None,
        record=record, card=patient.card if (patient and at_desk) else None,
        card_dob=patient.card_dob if (patient and at_desk) else None,
        self_pay=bool(patient and patient.record is None and on_line),
        dialogue=dialogue, progress={**_progress(shift, state), **_paperwork(state)})


def _slots(shift: Shift) -> tuple[SlotView, ...]:
    """Slot views, rebuilt only when a slot changed."""
    cached = shift.view_cache.get("slots")
    if cached is None or cached[0] != shift.slots_version:
        views = tuple(SlotView(sl.id, sl.provider_id, sl.start, sl.minutes, sl.type_id,
                               sl.patient_id is not None) for sl in shift.slots.values())
        cached = shift.view_cache["slots"] = (shift.slots_version, views)
    return cached[1]


def _paperwork(state: TaskState) -> dict[str, Any]:
    """The everyday desk's progress: forms submitted, portal answers, a caller's hold answer.

    Only what the desk itself did or was told: the right answers stay with scoring.
    """
    out: dict[str, Any] = {}
    if "forms" in state.notes:
        out["forms"] = {k: dict(v) for k, v in state.notes["forms"].items()}
    if "portal" in state.notes:
        out["portal"] = {k: dict(v) for k, v in state.notes["portal"].items()}
    if "hold_ok" in state.notes:
        out["hold_ok"] = state.notes["hold_ok"]
    return out


def _progress(shift: Shift, state: TaskState) -> dict[str, Any]:
    """Per-kind progress the task panel shows (e.g. which call-out visits are done)."""
    from simulator.engine.rules_safety import steps_for
    from simulator.lifesafety import SAFETY_KINDS

    if state.spec.kind == "callout":
        return {"moved": sorted(state.notes.get("moved", {})),
                "notified": sorted(state.notes.get("notified", set())),
                "voicemail": dict(state.notes.get("voicemail", {}))}
    if state.spec.kind not in SAFETY_KINDS:
        return {"slot": state.notes["slot"]} if "slot" in state.notes else {}
    # (A power outage shows only its steps.)
    # The life-safety steps this crisis calls for, and which are done (the desk's buttons).
    safety = {"safety_steps": tuple(s.step for s in steps_for(shift, state)),
              "safety_done": tuple(state.notes.get("safety", ()))}
    if state.spec.kind in ("medical_emergency", "threat"):
        return {"help_called": "emergency_called" in state.notes,
                "called": tuple(state.notes.get("called_via", ())),
                "bystanders_moved": bool(state.notes.get("bystanders")), **safety}
    return safety
