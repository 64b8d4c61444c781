"""The shift clock as a person lives it: real time while someone waits, fast-forward otherwise.

DOMAIN.md 6b: the seconds in which a person waits for the trainee are never compressed. So
the rate (shift seconds per real second) depends on the desk: while anyone needs the trainee
(a line in use, a person at the desk, a system failure not yet answered) it is the
scenario's ``busy_scale`` (1 to 2); while the desk is idle it is ``time_scale``, which
fast-forwards to the next event. The rate changes only when an event runs or a command is
applied, so it is constant between two events and the real time of a whole shift follows
from its ticks alone: the desk, the bots, replays and verification all see the same clock.
No wall clock is read here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.protocol import waits_on_trainee

if TYPE_CHECKING:
    from simulator.engine.shift import Shift


def needs_trainee(shift: Shift) -> bool:
    """Whether anyone is waiting for the trainee right now (so time runs at real pace).

    It changes only with the desk's lines and open tasks, and every change to those is
    recorded as an outcome, so the answer is kept until the next outcome.
    """
    count = len(shift.outcomes)
    known = shift.waiting
    if known[0] == count:
        return known[1]
    waiting = any(line.status != "idle" for line in shift.lines) or any(
        waits_on_trainee(state.spec.channel, state.first_response is not None)
        for state in shift.open_tasks.values())
    shift.waiting = (count, waiting)
    return waiting


def rate(shift: Shift) -> float:
    """Shift seconds per real second at this moment."""
    return shift.x.busy_scale if needs_trainee(shift) else float(shift.x.time_scale)


def advance_real(shift: Shift, real_seconds: float, carry: float = 0.0) -> float:
    """Let ``real_seconds`` pass at the desk, re-reading the rate at every event.

    Args:
        shift: The running shift.
        real_seconds: Real time that passed (already multiplied by any watch speed).
        carry: Shift seconds left over from the last call (below one tick).

    Returns:
        The new carry: the fraction of a shift second not yet run.
    """
    budget = max(0.0, real_seconds)
    while budget > 0 and not shift.ended:
        now_rate = rate(shift)
        room = shift.next_event_at() - shift.now - carry  # shift seconds to the next event
        if room <= budget * now_rate:
            # Reach the next event; the rate may change there.
            budget -= max(0.0, room) / now_rate
            carry = 0.0
            shift.advance(shift.next_event_at())
            continue
        carry += budget * now_rate
        whole = int(carry)
        carry -= whole
        if whole:
            shift.advance(shift.now + whole)
        budget = 0.0
    return carry
