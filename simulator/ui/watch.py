"""Watch mode: a bot plays the shift in the real desk UI, at a chosen speed.

The bot acts through the same ``DeskScreen.apply`` path as a person. Screenshots are taken
at key moments: the first desk frame, the first conversation, the first emergency or
outage, and the debrief.
"""

from __future__ import annotations

from simulator.bots import brief, make_bot
from simulator.engine import clock
from simulator.engine.commands import COSTS
from simulator.session import Session
from simulator.ui.screens.desk import DeskScreen


class WatchScreen(DeskScreen):
    """The desk, driven by a bot; Escape stops watching."""

    def __init__(self, app, scenario: str, seed: int = 1, bot: str = "expert",
                 speed: float = 1.0, until_end: bool = False, bot_speed: float = 1.0):
        super().__init__(app, Session(scenario, seed, mode="watch"))
        self.bot = brief(make_bot(bot, seed, bot_speed), self.session.expanded)
        self.speed = speed
        self.until_end = until_end
        self.pending = None
        self.cooldown = 0.0
        self.shots: set[str] = set()

    def update(self, dt: float) -> None:
        """Let ``dt`` real seconds (times ``speed``) pass; the bot acts whenever it is free.

        A human-paced bot waits its reading and clicking time before each command; the
        others wait their command's desk cost afterwards. Both are lived on the same clock
        a trainee gets (``engine.clock``), so fast-forward shows while the desk is idle.
        """
        session = self.session
        shift = session.shift
        budget = dt * self.speed
        while budget > 0 and not shift.ended:
            if self.pending is None and self.cooldown <= 0:
                commands = self.bot.decide(shift.view())
                if not commands:
                    # Nothing to do: live a short slice, then look again.
                    step = min(budget, 0.25)
                    session.tick(step)
                    budget -= step
                    continue
                if self._hold_for_moment(commands[0]):
                    break
                think = getattr(self.bot, "seconds_before", None)
                self.pending = (commands[0], think(shift.view(), commands[0]) if think else 0.0)
            if self.pending is not None:
                command, left = self.pending
                step = min(budget, left)
                session.tick(step)
                budget -= step
                if step < left:
                    self.pending = (command, left - step)
                    break
                self.pending = None
                ok = self.apply(command)
                self._follow(command)
                if not hasattr(self.bot, "seconds_before"):
                    cost = COSTS[command.type] if ok else 3
                    self.cooldown = cost * self.bot.pace / clock.rate(shift)
                continue
            step = min(budget, self.cooldown)
            session.tick(step)
            budget -= step
            self.cooldown -= step
        self._react()
        self._key_moments()
        if shift.ended:
            self._to_debrief()
            return
        if self._sig() != self._signature:
            self._rebuild_dynamic()

    def _hold_for_moment(self, command) -> bool:
        """Before the first reply to anyone, show the conversation for one frame."""
        if command.type != "choose_reply" or "dialogue" in self.shots:
            return False
        self.selected = command.task
        self._view_key = None
        self.shots.add("dialogue")
        self.app.pending_shots.append(f"{len(self.shots):02d}-dialogue")
        return True

    def _follow(self, command) -> None:
        """Show what the bot is working on."""
        task = getattr(command, "task", None)
        if task and self.view.task(task):
            self.selected = task

    def _key_moments(self) -> None:
        v = self.view
        moments = {
            "desk": v.now > 0,
            "emergency": any(t.kind in ("medical_emergency", "threat") for t in v.tasks),
            "outage": not v.ehr_up or not v.power_up,
        }
        for name, hit in moments.items():
            if hit and name not in self.shots:
                self.shots.add(name)
                self.app.pending_shots.append(f"{len(self.shots):02d}-{name}")

    def _to_debrief(self) -> None:
        from simulator.ui.screens.debrief import DebriefScreen

        self.app.replace(DebriefScreen(self.app, self.session))
        if self.until_end:
            self.app.pending_shots.append("99-debrief")
            self.app.exit_after_shots = True

    def open_pause(self) -> None:
        """Escape leaves watch mode."""
        from simulator.ui.screens.title import TitleScreen

        self.app.reset(TitleScreen(self.app))
