"""The read-only view of a shift: what a trainee at the desk can see, and nothing more.

Hidden truths (a planted mismatch, a red flag, whether a requester is authorized) never
appear here: the trainee sees the card and the record side by side and the caller's words,
and must draw the conclusion. Bots decide from this view only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.model import Insurance

#: Request fields the engine keeps for itself: the call's category names its route, and a
#: telehealth problem id names its fix. The person's words carry what a listener can know.
HIDDEN_REQUEST_KEYS = frozenset({"call_type", "problem", "message_reason"})

if TYPE_CHECKING:
    from simulator.engine.shift import Shift


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
    """Copy what is visible out of the shift's state, from scratch.

    ``Shift.view()`` gives the same view, kept up to date from what changed
    (:class:`simulator.engine.live_view.LiveView`).
    """
    from simulator.engine.live_view import build_view as from_scratch

    return from_scratch(shift)
