"""Scheduled events: what the shift's clock will make happen, as small frozen objects.

The heap holds ``(tick, priority, seq, event)``; :mod:`simulator.engine.registry` maps each
event class to its rule, exactly as it maps each command class to its handler. Priorities
order what falls on the same tick: system changes first, then arrivals, then timers, then
the end of the shift.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.model import SystemEvent

P_SYSTEM, P_ARRIVAL, P_TIMER, P_END = 0, 1, 2, 9


@dataclass(frozen=True, slots=True)
class ArrivalDue:
    """A task reaches the desk (a person walks up, a line rings, an item lands)."""

    task: str


@dataclass(frozen=True, slots=True)
class SystemChangeDue:
    """An outage begins or a clinician calls out."""

    event: SystemEvent


@dataclass(frozen=True, slots=True)
class SystemRestoreDue:
    """An outage ends."""

    event: SystemEvent


@dataclass(frozen=True, slots=True)
class ShiftEndDue:
    """The shift is over: every open task closes."""


@dataclass(frozen=True, slots=True)
class ImpatienceDue:
    """A waiting person grows impatient (if nothing changed since ``token``)."""

    task: str
    token: int


@dataclass(frozen=True, slots=True)
class WalkOutDue:
    """A waiting person gives up and leaves (if nothing changed since ``token``)."""

    task: str
    token: int


@dataclass(frozen=True, slots=True)
class RingTimeoutDue:
    """A ringing caller hangs up (if the line is still as it was at ``token``)."""

    line: int
    token: int


@dataclass(frozen=True, slots=True)
class HoldTimeoutDue:
    """A held caller hangs up (if the line is still as it was at ``token``)."""

    line: int
    token: int


@dataclass(frozen=True, slots=True)
class RedFlagDeadlineDue:
    """A red-flag caller's time to be routed to emergency care runs out."""

    task: str


@dataclass(frozen=True, slots=True)
class IncidentDeadlineDue:
    """An emergency's or a threat's response target runs out."""

    task: str


@dataclass(frozen=True, slots=True)
class RespondersDue:
    """The code team or EMS reach the waiting room."""

    task: str


@dataclass(frozen=True, slots=True)
class SecurityDue:
    """Security, called by the alarm, reaches the desk."""


Timer = (ArrivalDue | SystemChangeDue | SystemRestoreDue | ShiftEndDue | ImpatienceDue
         | WalkOutDue | RingTimeoutDue | HoldTimeoutDue | RedFlagDeadlineDue
         | IncidentDeadlineDue | RespondersDue | SecurityDue)
