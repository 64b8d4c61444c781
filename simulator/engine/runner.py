"""Drive a shift with a bot: ask for commands, apply them, let time pass.

A bot's commands each take desk time (``COSTS``, scaled by the bot's pace), or, for a bot
paced like a person (one with ``seconds_before``), the real seconds it spends reading and
clicking before each command, lived on the desk's clock (``engine.clock``). With nothing to
do it waits until the next thing happens (every change is a queued event, so nothing can
change in between). Every applied command is kept with its tick, so the run can be written
as a journal and replayed exactly.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.engine.clock import advance_real
from simulator.engine.commands import COSTS, Command
from simulator.engine.policy import Policy, brief
from simulator.engine.shift import Shift
from simulator.model import ExpandedShift

REJECT_COST = 3


def run_bot(expanded: ExpandedShift, bot: Policy, max_commands: int = 20_000,
            before_apply: Callable[[int, Command], None] | None = None,
            ) -> tuple[Shift, list[tuple[int, Command]]]:
    """Play a whole shift with ``bot``.

    Args:
        expanded: The shift to play.
        bot: The player.
        max_commands: Stop asking the bot after this many commands.
        before_apply: Called with (tick, command) just before each command is applied
            (the records store commits it there, so a crash loses nothing acknowledged).

    Returns:
        The finished shift and the (tick, command) list for the journal.
    """
    shift = Shift(expanded)
    brief(bot, expanded)
    log: list[tuple[int, Command]] = []
    seconds_before = getattr(bot, "seconds_before", None)
    carry = 0.0
    while not shift.ended:
        view = shift.view()
        commands = bot.decide(view) if len(log) < max_commands else []
        if not commands:
            carry = 0.0
            shift.advance(max(shift.now + 1, shift.next_event_at()))
            continue
        for command in commands:
            if seconds_before is not None:
                # A person reads and clicks first; the desk's clock runs meanwhile.
                carry = advance_real(shift, seconds_before(view, command), carry)
            if shift.ended:
                break
            log.append((shift.now, command))
            if before_apply is not None:
                before_apply(shift.now, command)
            ok = shift.apply(command)
            if seconds_before is None:
                cost = COSTS[command.type] if ok else REJECT_COST
                shift.advance(shift.now + max(1, round(cost * bot.pace)))
    return shift, log
