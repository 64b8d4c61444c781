"""The guided first shift: which instruction to show, when, and when it has been learned.

A scenario's ``tutorial:`` steps each name a desk command type. A step opens the first time
the expert's next move (``Session.advice()``, the same move the practice hint puts in words)
is a command of that type: the desk stops the clock (``session.hold("tutorial")``) and shows
the step. It closes when the trainee's own command of that type is accepted, and the clock
runs again. Anything else the trainee does leaves the instruction up, unless it changes the
situation so that the step is no longer the right move (the caller hung up, the card was
flagged instead of confirmed): then the step goes back on the list for its next occurrence,
so the clock is never held over a move that cannot be made.

No pygame and no clock here: the same guide runs headless in tests, and what it shows
follows from the shift and the trainee's commands alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.bots.human import CLICK_SECONDS, reading_seconds
from simulator.engine.commands import Command
from simulator.scenarios.schema import TutorialStep

if TYPE_CHECKING:
    from simulator.session import Session

#: The reason the guide gives ``Session.hold`` (released when its step closes).
HOLD_REASON = "tutorial"


@dataclass(frozen=True)
class How:
    """How the desk does one command: its key, its control, and any sub-choice after it.

    Attributes:
        key: The settings action whose key triggers it (None: no single key).
        control: The button's label, as the desk shows it.
        where: Where that button is, when it is not on the task ("" when it is).
        then: What to pick next when the control opens a sub-choice ("" when it does not).
        press: Keys to name when ``key`` is None (e.g. the F-keys of the replies).
    """

    key: str | None
    control: str
    where: str = ""
    then: str = ""
    press: str = ""


#: The control for each command a tutorial teaches (others fall back to their name).
HOW: dict[str, How] = {
    "acknowledge": How("greet", "Greet + give wait time"),
    "check_identity": How("identity", "Check identity...", then="Name + date of birth"),
    "confirm_insurance": How("matches", "Card matches"),
    "flag_discrepancy": How("flag", "Flag discrepancy...", then="the field that differs"),
    "collect_copay": How("copay", "Collect copay"),
    "check_in": How("check_in", "Check in"),
    "answer_call": How("answer", "Answer", where="on the ringing line"),
    "hold_call": How("hold", "Hold", where="on the line you are talking on"),
    "end_call": How("end_call", "End call"),
    "transfer_call": How("transfer", "Transfer...", then="the team the caller needs"),
    "schedule": How("schedule", "Schedule...", then="the option they asked for"),
    "route": How(None, "Route / message...", then="the team that should have it"),
    "choose_reply": How(None, "a reply", press="F1 to F4 (the replies in order)"),
    "instruct_911": How("emergency_script", "911 script"),
    "call_emergency": How("call_code", "Call the code"),
    "silent_alarm": How("alarm", "Silent alarm"),
    "switch_to_paper": How("paper", "Switch to paper"),
}


def how(action: str) -> How:
    """The control that does ``action`` (a readable fallback for untabled commands)."""
    return HOW.get(action, How(None, action.replace("_", " ").capitalize()))


def how_words(action: str, keys: dict[str, str]) -> str:
    """The key or button for ``action`` in words, with the trainee's own key bindings."""
    h = how(action)
    key = (keys.get(h.key, "").upper() if h.key else "") or h.press
    control = f"'{h.control}'" + (f" {h.where}" if h.where else "")
    words = f"{f'press {key}, or ' if key else ''}Tab to {control} and press Enter, or click it"
    if h.then:
        words += f"; then choose {h.then} (its number key, or click it)"
    return words[0].upper() + words[1:] + "."


def guided_seconds(steps: Sequence[TutorialStep], keys: dict[str, str]) -> float:
    """Real seconds a person spends on the instructions themselves, clock stopped.

    Reading the title, the text and the key line once at the human-paced bot's reading
    speed, and one glance to find the control it names. This is time the human-paced bot
    never spends (it plays from the view, not from the instructions), so a guided shift's
    real length is the bot's minutes plus this.
    """
    return sum(reading_seconds(f"{s.title} {s.text} {how_words(s.action, keys)}")
               + CLICK_SECONDS for s in steps)


@dataclass
class Guide:
    """Which tutorial step is open, which are done, and the clock hold that goes with them.

    Attributes:
        steps: The scenario's tutorial steps, in the intended order.
        active: Index of the open step (None while none is).
        subject: The expert's move that opened the active step (what the trainee is to do).
        done: Indices of the steps the trainee has carried out.
        shown: Indices in the order they were opened (a withdrawn step can appear twice).
    """

    steps: tuple[TutorialStep, ...]
    active: int | None = None
    subject: Command | None = None
    done: set[int] = field(default_factory=set)
    shown: list[int] = field(default_factory=list)

    @classmethod
    def for_session(cls, session: Session) -> Guide | None:
        """The guide for a practice session of a guided scenario (None otherwise).

        Assessments and watch mode never get one: an instruction stopping the clock is
        help, and only practice gives help.
        """
        steps = session.scenario.tutorial
        if session.mode != "practice" or not steps:
            return None
        return cls(tuple(steps))

    @property
    def step(self) -> TutorialStep | None:
        """The open step, if any."""
        return None if self.active is None else self.steps[self.active]

    @property
    def pending(self) -> list[int]:
        """Indices of the steps not yet done, in order."""
        return [i for i in range(len(self.steps)) if i not in self.done]

    @property
    def next_step(self) -> TutorialStep | None:
        """The first step not yet done (what the guide expects to teach next)."""
        left = self.pending
        return self.steps[left[0]] if left else None

    @property
    def finished(self) -> bool:
        """Whether every step has been done."""
        return not self.pending

    def update(self, session: Session) -> TutorialStep | None:
        """Open the step the expert's next move calls for, and hold the clock for it.

        Call once per frame, after the clock has run. Returns the open step (None if none).
        """
        if session.shift.ended:
            self._close(session)
            return None
        if self.active is None:
            advice = session.advice()
            index = self._pending_for(advice)
            if index is not None:
                self.active, self.subject = index, advice
                self.shown.append(index)
                session.hold(HOLD_REASON)
        return self.step

    def applied(self, session: Session, command: Command, accepted: bool) -> None:
        """Tell the guide about a trainee command and whether the shift accepted it."""
        step = self.step
        if step is None:
            return
        if accepted and command.type == step.action:
            assert self.active is not None
            self.done.add(self.active)
            self._close(session)
            return
        advice = None if session.shift.ended else session.advice()
        if advice is None or advice.type != step.action:
            # The situation moved on (the trainee took another road): the step is not the
            # right move any more, so it waits for its next occasion with the clock running.
            self._close(session)
        else:
            self.subject = advice

    def _pending_for(self, advice: Command | None) -> int | None:
        """The first not-yet-done step teaching ``advice``'s command type."""
        if advice is None:
            return None
        return next((i for i in self.pending if self.steps[i].action == advice.type), None)

    def _close(self, session: Session) -> None:
        self.active, self.subject = None, None
        session.release(HOLD_REASON)
