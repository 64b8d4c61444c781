"""Watch mode: a bot plays the shift in the real desk UI, and says what it does and why.

The bot acts through the same ``DeskScreen.apply`` path as a person. Before each command
lands, the task it is for becomes the current one, so the centre panel shows the work;
after it lands, a narration (``simulator.bots.narrate``: the debrief's own words) fills the
feedback line, and the bot waits until a person could have read it. Space pauses, N steps
one command, + and - change the speed, Escape leaves.

"Watch the expert do this" (:func:`watch_moment`) plays the same scenario and seed as a
finished shift, fast-forwards the expert headless to just before a moment of it, and waits
there, paused, for the trainee to watch.

Screenshots are taken at key moments: the first desk frame, the first conversation, the
first emergency or outage, and the debrief.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.bots import brief, make_bot
from simulator.bots.human import reading_seconds
from simulator.bots.narrate import narrate
from simulator.engine import clock
from simulator.engine.commands import COSTS, Command
from simulator.engine.view import View
from simulator.scenarios import Scenario
from simulator.scoring.moment import Moment
from simulator.session import Session
from simulator.ui.screens.desk import TOAST_MIN_SECONDS, DeskScreen
from simulator.ui.screens.desk_actions import Action

if TYPE_CHECKING:
    from simulator.ui.app import App

#: Speeds the + and - keys step through (multiples of the scenario's own pace).
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
#: Shortest real time between two narrated actions at 1x: a person can follow each one.
MIN_GAP_SECONDS = 2.0
#: Real seconds a bot with nothing to do waits before it looks at the desk again.
IDLE_LOOK = 0.25
#: Shift seconds a moment's replay starts before the moment, to see what led to it.
MOMENT_LEAD = 20
#: The session clock's hold reason while the watch is paused.
PAUSED = "watch paused"
#: Real seconds one step (N) may live through while the bot finds its next command.
STEP_LIMIT = 600.0


def read_time(text: str) -> float:
    """Real seconds (at 1x) the bot waits after a narration, so a person can read it."""
    return max(MIN_GAP_SECONDS, reading_seconds(text) + 1.0)


class WatchScreen(DeskScreen):
    """The desk, driven by a bot that narrates; Space, N, + and - control it.

    Args:
        app: The running app.
        scenario: Scenario id, path, or a generated scenario.
        seed: The shift's seed.
        bot: Which bot plays (``human-expert`` by default: a person's pace).
        speed: Multiple of the scenario's own pace.
        until_end: Exit after the debrief (screenshot runs).
        bot_speed: How slow the human-paced bot is (1.0 is a typical person).
        start_at: Fast-forward to just before this shift tick, then wait, paused.
        moment_task: The task the moment at ``start_at`` was about (shown first).
    """

    def __init__(self, app: App, scenario: str | Scenario, seed: int = 1,
                 bot: str = "human-expert", speed: float = 1.0, until_end: bool = False,
                 bot_speed: float = 1.0, start_at: int | None = None,
                 moment_task: str | None = None):
        super().__init__(app, Session(scenario, seed, mode="watch"))
        self.bot = brief(make_bot(bot, seed, bot_speed), self.session.expanded)
        self.speed = speed
        self.until_end = until_end
        #: The command the bot chose and the real seconds before it lands.
        self.pending: tuple[Command, float] | None = None
        self.cooldown = 0.0
        #: Real seconds (at 1x) left to read the last narration; the shift waits meanwhile.
        self.reading = 0.0
        #: Commands the bot has applied (a step is exactly one more).
        self.applied = 0
        self.shots: set[str] = set()
        #: A replayed moment goes back to the debrief it came from, not to the title.
        self.from_moment = start_at is not None
        if start_at is not None:
            self._fast_forward(start_at, moment_task)

    # -- controls -----------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """Whether the watch is paused: no shift time passes and the bot does nothing."""
        return PAUSED in self.session.holds

    @paused.setter
    def paused(self, value: bool) -> None:
        # A hold on the session's clock, so the desk's fast-forward cue goes off too.
        if value:
            self.session.hold(PAUSED)
        else:
            self.session.release(PAUSED)

    def toggle_pause(self) -> None:
        """Space: stop or restart the shift and the bot."""
        self.paused = not self.paused

    def step(self) -> None:
        """N: pause (if playing), then play exactly one more command of the bot."""
        self.paused = False
        self.reading = 0.0  # the watcher asked for the next one: they have read this
        self._run(STEP_LIMIT, limit=1, hold=False)
        self.paused = True
        self._rebuild_if_changed()

    def faster(self) -> None:
        """+: the next speed up the ladder."""
        self.speed = next((s for s in SPEEDS if s > self.speed), self.speed)

    def slower(self) -> None:
        """-: the next speed down the ladder."""
        self.speed = next((s for s in reversed(SPEEDS) if s < self.speed), self.speed)

    def watch_status(self) -> str:
        """The watch controls and their state, as one line for the bottom bar."""
        state = "paused - " if self.paused else ""
        play = "play" if self.paused else "pause"
        leave = "back to the debrief" if self.from_moment else "leave"
        return (f"Watching: {state}{self.speed:g}x - [Space] {play}  [N] step  "
                f"[+/-] speed  [Esc] {leave}")

    def handle(self, event: pygame.event.Event) -> None:
        """Watch keys; the desk's own keys only where they change nothing in the shift."""
        if event.type == pygame.MOUSEBUTTONDOWN:
            super().handle(event)  # clicking a person only selects their task
            return
        if event.type != pygame.KEYDOWN:
            return
        key, keys = event.key, self.app.settings.keys
        if key == pygame.K_SPACE:
            self.toggle_pause()
        elif key == pygame.K_n:
            self.step()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.faster()
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.slower()
        elif key == pygame.K_ESCAPE or pygame.key.name(key) in (
                keys["reference"], keys["settings"], keys["next_task"], keys["prev_task"]):
            super().handle(event)

    # The desk's buttons stay visible, but the bot is the one at the desk: a watcher's
    # click would change the expert's shift under its narration.

    def do(self, act: Action) -> None:
        """An action button: the bot is working (watching changes nothing)."""
        self._watching()

    def choose(self, index: int) -> None:
        """A sub-choice: the bot is working."""
        self._watching()

    def reply(self, index: int) -> None:
        """A reply button: the bot is working."""
        self._watching()

    def line_pressed(self, number: int) -> None:
        """A phone line button: the bot is working."""
        self._watching()

    def session_wait(self) -> None:
        """The Wait button: the bot decides when to wait."""
        self._watching()

    def save_reconcile(self) -> None:
        """Entering a paper record: the bot is working."""
        self._watching()

    def end_call(self) -> None:
        """Ending a call: the bot is working."""
        self._watching()

    def _watching(self) -> None:
        self.app.sound.play("notify", "Watching: the expert is at the desk")

    def _rebuild_dynamic(self) -> None:
        super()._rebuild_dynamic()
        # No focus ring while watching: Space belongs to pause, not to a button.
        self.focus.clear()

    # -- frame --------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Let ``dt`` real seconds (times ``speed``) pass unless paused; the bot acts."""
        if not self.paused:
            self.toast_left = max(0.0, self.toast_left - dt)
            self._run(dt * self.speed)
        self._react()
        self._key_moments()
        if self.session.shift.ended:
            self._to_debrief()
            return
        self._rebuild_if_changed()

    def _rebuild_if_changed(self) -> None:
        if self._sig() != self._signature:
            self._rebuild_dynamic()

    def _run(self, budget: float, limit: int | None = None, hold: bool = True,
             tell: bool = True, until: int | None = None) -> int:
        """Live ``budget`` real seconds at the desk; the bot acts whenever it is free.

        A human-paced bot waits its reading and clicking time before each command; the
        others wait their command's desk cost afterwards. Both are lived on the same clock
        a trainee gets (``engine.clock``), so fast-forward shows while the desk is idle.
        The watcher reads each narration while the bot thinks about its next command; if
        the reading takes longer, the command waits with the shift stopped, so the expert
        plays the same shift however long the watcher reads.

        Args:
            budget: Real seconds to live (already multiplied by the speed).
            limit: Stop after this many commands (a step).
            hold: Wait for each narration to be read, and show the first conversation
                for a frame (False for a step and for fast-forward).
            tell: Narrate each command (False while fast-forwarding: nobody watches).
            until: Stop once the shift reaches this tick (fast-forward).

        Returns:
            How many commands were applied.
        """
        shift = self.session.shift
        done = 0
        while budget > 0 and not shift.ended:
            if until is not None and shift.now >= until:
                break
            if self.pending is None and self.cooldown <= 0:
                view = shift.view()
                commands = self.bot.decide(view)
                if not commands:
                    # Nothing to do: live a short slice, then look again.
                    budget -= self._live(min(budget, IDLE_LOOK))
                    continue
                command = commands[0]
                if hold and self._hold_for_moment(command):
                    break
                think = getattr(self.bot, "seconds_before", None)
                self.pending = (command, think(view, command) if think else 0.0)
                # Show the task while the bot reads and reaches for it.
                self._follow(command, view)
            if self.pending is not None:
                command, left = self.pending
                if left > 0:
                    step = self._live(min(budget, left))
                    budget -= step
                    self.pending = (command, left - step)
                    continue
                if self.reading > 0:
                    # The last narration is still being read: the shift waits for it.
                    step = min(budget, self.reading)
                    self.reading -= step
                    budget -= step
                    continue
                self.pending = None
                self._act(command, hold, tell)
                done += 1
                if limit is not None and done >= limit:
                    break
                continue
            step = self._live(min(budget, self.cooldown))
            budget -= step
            self.cooldown -= step
        return done

    def _live(self, seconds: float) -> float:
        """Let ``seconds`` of real time pass on the shift's clock (and on the reading)."""
        self.session.tick(seconds)
        self.reading = max(0.0, self.reading - seconds)
        return seconds

    def _act(self, command: Command, hold: bool, tell: bool) -> None:
        """Apply the bot's command through the desk, then narrate it."""
        shift = self.session.shift
        before = self.session.view()
        start = len(shift.outcomes)
        self._follow(command, before)
        ok = self.apply(command)
        self.applied += 1
        # The desk's own follow-ups stand (a hold makes the ringing call current).
        task = getattr(command, "task", None)
        if task and self.view.task(task):
            self.selected = task
        if not hasattr(self.bot, "seconds_before"):
            cost = COSTS[command.type] if ok else 3
            self.cooldown = cost * self.bot.pace / clock.rate(shift)
        if not tell:
            return
        said = narrate(self.session.expanded, command, before, shift.outcomes, start)
        self.say(said)
        if hold:
            self.reading = read_time(said.text)

    def say(self, moment: Moment) -> None:
        """Show a narration in the feedback line, long enough to read."""
        # DeskScreen starts it as None (untyped), so mypy takes None for its type.
        self.toast = moment  # type: ignore[assignment]
        self.toast_left = max(TOAST_MIN_SECONDS, reading_seconds(moment.text) + 1.5)

    def _hold_for_moment(self, command: Command) -> bool:
        """Before the first reply to anyone, show the conversation for one frame."""
        if command.type != "choose_reply" or "dialogue" in self.shots:
            return False
        self.selected = command.task
        self._view_key = None
        self.shots.add("dialogue")
        self.app.pending_shots.append(f"{len(self.shots):02d}-dialogue")
        return True

    def _follow(self, command: Command, view: View) -> None:
        """Make the task the bot is about to work on the current one.

        A line command (answer, hold, transfer, end) is about the call on that line.
        """
        task = getattr(command, "task", None)
        number = getattr(command, "line", None)
        if task is None and number is not None:
            line = next((ln for ln in view.lines if ln.number == number), None)
            task = line.task if line is not None else None
        if task and view.task(task):
            self.selected = task
            self.choice = None

    def _fast_forward(self, tick: int, task: str | None) -> None:
        """Play headless, at full speed, to just before ``tick``; then wait there, paused.

        The expert plays as it would live (the same reading, clicking and idle times; the
        narration's reading stops the shift, so skipping it changes nothing), so the moment
        reached is, near enough, the one a watcher from the start would have seen.
        """
        x = self.session.expanded
        spec = next((t for t in x.tasks if t.id == task), None) if task else None
        # A moment about a task starts where that task did, if it came earlier.
        begin = min(tick, spec.at) if spec is not None else tick
        target = max(0, min(begin, x.length - 1) - MOMENT_LEAD)
        shift = self.session.shift
        while not shift.ended and shift.now < target:
            self._run(STEP_LIMIT, hold=False, tell=False, until=target)
        # The sounds and toasts of the skipped part are not news.
        self._seen_outcomes = len(shift.outcomes)
        self._view_key = None
        self.paused = True
        if spec is not None and self.view.task(spec.id) is not None:
            self.selected = spec.id
        what = f"{x.clock(tick)}, {spec.title}" if spec is not None else x.clock(tick)
        self.say(Moment("info", f"The moment from your debrief: {what}. The expert has "
                                f"played this shift up to {self.view.clock}. Press Space to "
                                "watch what it does, or N for one step at a time."))

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
        if self.from_moment:
            self.app.pop()  # back to the trainee's own debrief
            return
        self.app.switch_screen("debrief", self.session)
        if self.until_end:
            self.app.pending_shots.append("99-debrief")
            self.app.exit_after_shots = True

    def open_pause(self) -> None:
        """Escape leaves watch mode (a replayed moment returns to its debrief)."""
        if self.from_moment:
            self.app.pop()
            return
        self.app.reset_screen("title")

    # -- drawing ------------------------------------------------------------------------


def watch_moment(app: App, session: Session, tick: int, task: str | None = None,
                 bot: str = "human-expert") -> WatchScreen:
    """Push a watch of the expert playing ``session``'s shift, paused just before ``tick``.

    The same scenario and seed as the finished session, so the same people arrive at the
    same times; Escape (or the end of the shift) comes back to the screen below.

    Args:
        app: The running app (the debrief is on top).
        session: The finished session whose debrief asked.
        tick: The shift tick of the moment (a debrief item's ``t``).
        task: The task the moment was about (a debrief item's ``task``), if any.
        bot: The bot that shows how.

    Returns:
        The watch screen, now on top.
    """
    screen = WatchScreen(app, session.scenario_ref, seed=session.seed, bot=bot,
                         start_at=tick, moment_task=task)
    app.push(screen)
    return screen
