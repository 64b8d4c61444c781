"""Mutable state of a running shift. Only the engine writes it; views copy out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.model import TaskSpec

TaskStatus = Literal["waiting", "active", "resolved", "abandoned", "escalated"]
LineStatus = Literal["idle", "ringing", "talking", "hold"]
OPEN: frozenset[str] = frozenset({"waiting", "active"})


class Rejected(Exception):
    """A command that cannot be carried out now; the message says why."""


@dataclass
class DialogueState:
    """Where a conversation is: the beat, the person's agitation, and whether it ended."""

    beat: int = 0
    agitation: int = 40
    peak: int = 40
    done: bool = False
    orders: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass
class TaskState:
    """A task that has arrived, and everything done to it so far."""

    spec: TaskSpec
    status: TaskStatus = "waiting"
    first_response: int | None = None
    acknowledged: bool = False
    identity: tuple[str, ...] = ()
    identity_valid: bool = False
    insurance: str | None = None
    preauth: bool = False
    referral: bool = False
    auth_hold: bool = False
    copay: bool = False
    checked_in: bool = False
    estimate: bool = False
    authority_checked: bool = False
    routed: bool = False
    booked: bool = False
    line: int | None = None
    agitation: int = 10
    token: int = 0
    dialogue: DialogueState | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The task id."""
        return self.spec.id

    @property
    def open(self) -> bool:
        """True while the task still needs work."""
        return self.status in OPEN


@dataclass
class LineState:
    """One phone line."""

    index: int
    status: LineStatus = "idle"
    task: str | None = None
    since: int = 0
    token: int = 0


@dataclass
class Systems:
    """Clinic systems and the desk itself."""

    ehr_up: bool = True
    power_up: bool = True
    backup_failed: bool = False
    paper_mode: bool = False
    rerouted: bool = False
    at_desk: bool = True
    alarm: bool = False
    ehr_down_since: int | None = None
    out_providers: set[str] = field(default_factory=set)
    called: set[str] = field(default_factory=set)

    @property
    def ehr_usable(self) -> bool:
        """The record can be read and written (EHR up and screens powered)."""
        return self.ehr_up and (self.power_up or not self.backup_failed)

    @property
    def phones_work(self) -> bool:
        """Desk phones ring (power, a working backup, or calls rerouted to the mobile)."""
        return self.power_up or not self.backup_failed or self.rerouted


@dataclass
class PaperEntry:
    """What was captured on paper during downtime, waiting to be reconciled."""

    id: str
    task: str
    name: str
    dob: str
    arrived: str
    reconciled: bool = False
