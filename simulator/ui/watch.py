"""Watch mode: a bot plays the shift in the real desk UI, at a chosen speed.

The bot acts through the same ``DeskScreen.apply`` path as a person. Screenshots are taken
at key moments: the first desk frame, the first conversation, the first emergency or
outage, and the debrief.
"""

from __future__ import annotations

from simulator.bots import brief, make_bot
from simulator.engine.commands import COSTS
from simulator.session import Session
from simulator.ui.screens.desk import DeskScreen


class WatchScreen(DeskScreen):
    """The desk, driven by a bot; Escape stops watching."""

    def __init__(self, app, scenario: str, seed: int = 1, bot: str = "expert",
                 speed: float = 1.0, until_end: bool = False):
        super().__init__(app, Session(scenario, seed, mode="watch"))
        self.bot = brief(make_bot(bot, seed), self.session.expanded)
        self.speed = speed
        self.until_end = until_end
        self.busy_until = 0
        self.shots: set[str] = set()

    def update(self, dt: float) -> None:
        """Advance time at ``speed``; let the bot act whenever it is free."""
        session = self.session
        shift = session.shift
        target = shift.now + max(1, int(dt * session.expanded.time_scale * self.speed))
        while not shift.ended and shift.now < target:
            if shift.now >= self.busy_until:
                commands = self.bot.decide(shift.view())
                if commands and self._hold_for_moment(commands[0]):
                    break
                if commands:
                    ok = self.apply(commands[0])
                    cost = COSTS[commands[0].type] if ok else 3
                    self.busy_until = shift.now + max(1, round(cost * self.bot.pace))
                    self._follow(commands[0])
                    continue
                self.busy_until = shift.now + 1
            shift.advance(min(target, max(self.busy_until, shift.now + 1)))
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
