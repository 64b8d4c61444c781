"""Experts with one flaw: a bad habit added, or one skill taken away.

Each subclass changes one thing through one of the expert's hooks and counts, in
``habit_uses``, the tasks (or visits, or reply beats) where the change actually altered
what the expert would have done, so the benchmark judges the score only where the flaw
showed. A command the engine keeps refusing (the same one, in the same situation, three
times running) makes the bot give up on that task until the clinic's systems change.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from simulator.bots import skills
from simulator.bots.expert import ExpertBot
from simulator.bots.gaming import identify, routine_booking, situation
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View

#: How long a caller is left on hold by the hold-every-call habit (the standard is 60 s).
LONG_HOLD = 70
#: How many unprompted alarms the false-alarm habit raises in a shift.
FALSE_ALARMS = 3


def _systems_state(view: View) -> tuple:
    return (view.ehr_up, view.power_up, view.phones_work, view.paper_mode)


class FlawedExpert(ExpertBot):
    """The expert with one change; subclasses override one hook each."""

    name = "expert-flawed"

    def __init__(self, seed: int):
        super().__init__(seed)
        self.adv_rng = random.Random(f"{seed}:adv:{self.name}")
        self.habit_uses = 0
        self.errors = 0
        self._uses: set[Any] = set()
        self._given_up: dict[str, tuple] = {}
        self._last: tuple | None = None
        self._repeats = 0

    def applied(self, key: Any) -> None:
        """Count one use of the flaw (once per key: a task, a visit, a reply beat)."""
        if key not in self._uses:
            self._uses.add(key)
            self.habit_uses += 1

    def decide(self, view: View) -> list[Command]:
        """The expert's decision on the (possibly doctored) view, never stuck, never raising."""
        if view.ended:
            return []
        try:
            commands = self._decide_once(view)
            if commands and self._stuck(view, commands[0]):
                commands = self._decide_once(view)
            return commands
        except Exception:  # a player under test must never stop the run
            self.errors += 1
            return []

    def _decide_once(self, view: View) -> list[Command]:
        now = _systems_state(view)
        ignored = {t for t, when in self._given_up.items() if when == now}
        shown = self.doctor(view)
        if ignored:
            shown = replace(shown, tasks=tuple(t for t in shown.tasks if t.id not in ignored))
        return self.flawed_decide(shown)

    def _stuck(self, view: View, command: Command) -> bool:
        """Give up on a task after the same refused command three times running."""
        if isinstance(command, c.SelectTask):
            return False  # looking at a task is how a bot idles; it is never refused twice
        key = situation(view, command)
        self._repeats = self._repeats + 1 if key == self._last else 0
        self._last = key
        if self._repeats < 2:
            return False
        task = getattr(command, "task", None)
        if task is None and getattr(command, "line", None) is not None:
            task = next((ln.task for ln in view.lines if ln.number == command.line), None)
        if task is not None:
            self._given_up[task] = _systems_state(view)
        self._repeats, self._last = 0, None
        return task is not None

    def doctor(self, view: View) -> View:
        """The view the expert is shown (a flaw may hide or fake what it would act on)."""
        return view

    def flawed_decide(self, view: View) -> list[Command]:
        """The decision itself (a habit may act before the expert does)."""
        return super().decide(view)

    def skip(self, step: Callable[[TaskView], Command | None], task: TaskView,
             kinds: tuple[type, ...], **done: Any) -> Command | None:
        """Ask ``step``; if it answers with one of ``kinds``, ask again as if it were done."""
        command = step(task)
        if isinstance(command, kinds):
            self.applied((kinds[0].__name__, task.id))
            command = step(replace(task, **done))
        return command


# -- habits ---------------------------------------------------------------------------------

class FalseAlarms(FlawedExpert):
    """Presses the silent alarm or calls the code a few times a shift for nothing."""

    name = "expert+false-alarms"

    def __init__(self, seed: int):
        super().__init__(seed)
        self._plan: list[int] | None = None

    def flawed_decide(self, view: View) -> list[Command]:
        """Raise the next planned false alarm when nothing calls for one."""
        if self._plan is None:
            # Spread over the shift, away from its first and last quarter hour.
            span = max(1, view.length - 1800)
            self._plan = sorted(900 + self.adv_rng.randrange(span) for _ in range(FALSE_ALARMS))
        danger = any(t.kind in ("medical_emergency", "threat") for t in view.tasks)
        if self._plan and view.now >= self._plan[0] and not danger and not view.alarm:
            count = FALSE_ALARMS - len(self._plan)
            self._plan.pop(0)
            self.applied(("false-alarm", count))
            # Alternate: the alarm, then the code team called to whoever is nearest.
            nearest = [t for t in view.tasks if t.channel == "desk"] or list(view.tasks)
            if count % 2 and nearest:
                return [c.CallEmergency(task=nearest[0].id, via="code")]
            return [c.SilentAlarm()]
        return super().flawed_decide(view)


class FlagEveryCard(FlawedExpert):
    """Flags every insurance card as a mismatch, even when it matches the record."""

    name = "expert+flag-every-card"

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """Flag the member ID where the expert would confirm the card."""
        command = super().finish_check_in(view, task)
        if isinstance(command, c.ConfirmInsurance):
            self.applied(task.id)
            return c.FlagDiscrepancy(task=task.id, field="member_id")
        return command


class HoldEveryCall(FlawedExpert):
    """Puts every caller on hold first and leaves them there past the one-minute standard."""

    name = "expert+hold-every-call"

    def handle_call(self, view: View, task: TaskView, line: int) -> Command:
        """Hold each caller once before helping them."""
        if ("held", task.id) not in self._uses:
            self.applied(("held", task.id))
            return c.HoldCall(line=line)
        return super().handle_call(view, task, line)

    def _held(self, view: View) -> Command | None:
        waited = [ln for ln in view.lines
                  if ln.status == "hold" and view.now - ln.since >= LONG_HOLD]
        if waited:
            return super()._held(replace(view, lines=tuple(waited)))
        held = [ln for ln in view.lines if ln.status == "hold" and ln.task]
        if held and view.task(held[0].task) is not None:
            return None if self._busy(view) else c.SelectTask(task=held[0].task)
        return None

    def _busy(self, view: View) -> bool:
        """Whether the expert has other work (else it idles on the held call's screen)."""
        for name in ("_systems", "_callout", "_greet", "_upset", "_queue", "_inbox"):
            step = getattr(self, name, None)
            if step is not None and step(view) is not None:
                return True
        return False


class CancelNotRebook(FlawedExpert):
    """Cancels the visits of a clinician who called out instead of moving them."""

    name = "expert+cancel-not-rebook"

    def move_visit(self, view: View, task: TaskView, slot_id: str) -> Command:
        """Cancel the visit."""
        self.applied(slot_id)
        return c.Cancel(task=task.id, appointment=slot_id)

    def check_in(self, view: View, task: TaskView) -> Command:
        """Cancel an arriving patient's visit rather than move it."""
        command = super().check_in(view, task)
        if isinstance(command, c.Reschedule):
            self.applied(task.id)
            return c.Cancel(task=task.id)
        return command


class FirstReply(FlawedExpert):
    """Always gives the first reply on offer in a conversation."""

    name = "expert+first-reply"

    def reply(self, task: TaskView) -> Command:
        """Reply 0, whatever was said.

        The habit counts as shown only where reply 0 does harm (harmful or critical): a first
        reply that happens to be a good one is good practice in that run, and a weak one is a
        lesser slip the score marks down without failing; failing for either would punish
        the luck of the order, not the habit.
        """
        command = super().reply(task)
        dialogue = task.dialogue
        if getattr(command, "choice", 0) != 0 and dialogue is not None and \
                self.book.rating(dialogue, 0).get("meaning") in ("harmful", "critical"):
            self.applied((task.id, dialogue.says))
        return c.ChooseReply(task=task.id, choice=0)


class Everyone911(FlawedExpert):
    """Reads the emergency script to routine callers too."""

    name = "expert+911-everyone"

    def handle_call(self, view: View, task: TaskView, line: int) -> Command:
        """The 911 script first, for every caller."""
        command = super().handle_call(view, task, line)
        if isinstance(command, (c.InstructEmergency, c.CallEmergency)):
            return command
        self.applied(task.id)
        return c.InstructEmergency(task=task.id)


class NoCopay(FlawedExpert):
    """Never collects copays (a lesser habit: money, not safety)."""

    name = "expert+no-copay"

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """The check-in steps with the copay left out."""
        parent = super().finish_check_in
        return self.skip(lambda t: parent(view, t), task, (c.CollectCopay,), copay=True)


class PreauthAlways(FlawedExpert):
    """Asks for pre-authorization on every insured visit, needed or not (a lesser habit)."""

    name = "expert+preauth-always"

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """Request pre-authorization before the last steps of every insured check-in."""
        command = super().finish_check_in(view, task)
        late = (c.SetAuthHold, c.CollectCopay, c.CheckIn)
        if isinstance(command, late) and task.card is not None and not task.preauth:
            self.applied(task.id)
            return c.RequestPreauth(task=task.id)
        return command


# -- missing skills -------------------------------------------------------------------------

class NoIdentity(FlawedExpert):
    """Never checks two identifiers."""

    name = "expert-no-identity"

    def identify(self, task: TaskView) -> Command | None:
        """Skip the identity check."""
        if super().identify(task) is not None:
            self.applied(task.id)
        return None


class NoCardCheck(FlawedExpert):
    """Never compares the insurance card with the record."""

    name = "expert-no-card-check"

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """The check-in steps without confirming or flagging the card."""
        parent = super().finish_check_in
        return self.skip(lambda t: parent(view, t), task,
                         (c.ConfirmInsurance, c.FlagDiscrepancy), insurance="unchecked")


class NoRedFlags(FlawedExpert):
    """Does not hear red flags: books every caller like a routine one."""

    name = "expert-no-red-flags"

    def handle_call(self, view: View, task: TaskView, line: int) -> Command:
        """Book where the expert would send the caller to emergency care."""
        command = super().handle_call(view, task, line)
        urgent = isinstance(command, (c.InstructEmergency, c.CallEmergency)) or (
            isinstance(command, c.TransferCall) and command.to in ("nurse", "clinician")
            and skills.hears_red_flag(task.words)) or (
            isinstance(command, c.ChooseReply) and task.kind == "call")
        if not urgent:
            return command
        self.applied(task.id)
        return identify(task) or routine_booking(view, task, 5) or c.EndCall(line=line)


class NoGreeting(FlawedExpert):
    """Never acknowledges people arriving at the desk."""

    name = "expert-no-greeting"

    def _greet(self, view: View) -> Command | None:
        command = super()._greet(view)
        if command is not None:
            self.applied(getattr(command, "task", None))
        return None


class NoEstimate(FlawedExpert):
    """Never gives self-pay patients a Good Faith Estimate."""

    name = "expert-no-estimate"

    def walk_in(self, view: View, task: TaskView) -> Command:
        """The walk-in steps without the estimate."""
        parent = super().walk_in
        return self.skip(lambda t: parent(view, t), task, (c.IssueEstimate,), estimate=True)

    def call_purpose(self, view: View, task: TaskView, line: int) -> Command:
        """The booking without the estimate."""
        parent = super().call_purpose
        return self.skip(lambda t: parent(view, t, line), task, (c.IssueEstimate,),
                         estimate=True)


class NoPreauth(FlawedExpert):
    """Never requests pre-authorization."""

    name = "expert-no-preauth"

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """The check-in steps without pre-authorization."""
        parent = super().finish_check_in
        return self.skip(lambda t: parent(view, t), task, (c.RequestPreauth,), preauth=True)


class NoEmergency(FlawedExpert):
    """Never calls the code or 911 for someone who collapses in the waiting room."""

    name = "expert-no-emergency"

    def _emergencies(self, view: View) -> Command | None:
        for _ in range(3):
            command = super()._emergencies(view)
            task = view.task(getattr(command, "task", "") or "")
            if not (isinstance(command, c.CallEmergency) and task is not None
                    and task.channel != "phone" and task.kind != "threat"):
                return command
            self.applied(task.id)
            calm = replace(task, progress={**task.progress, "help_called": True,
                                           "called": ("code", "911")})
            view = replace(view, tasks=tuple(calm if t.id == task.id else t for t in view.tasks))
        return None


class NoAlarm(FlawedExpert):
    """Never summons help during a threat: no silent alarm, no police call."""

    name = "expert-no-alarm"

    def _emergencies(self, view: View) -> Command | None:
        command = super()._emergencies(view)
        if isinstance(command, c.SilentAlarm):
            self.applied("alarm")
            return self._emergencies(replace(view, alarm=True))
        threat = view.task(command.task) if isinstance(command, c.CallEmergency) else None
        if threat is not None and threat.kind == "threat":
            self.applied("alarm")
            called = replace(threat, progress={**threat.progress, "called": ("911",)})
            return self._emergencies(replace(view, tasks=tuple(
                called if t.id == threat.id else t for t in view.tasks)))
        return command

    def reply(self, task: TaskView) -> Command:
        """The expert's reply, unless its words raise the alarm or call security."""
        command = super().reply(task)
        choices = task.dialogue.choices if task.dialogue else ()
        if task.kind != "threat" or not isinstance(command, c.ChooseReply) or \
                command.choice >= len(choices) or not _raises_alarm(choices[command.choice]):
            return command
        self.applied("alarm")
        calm = [i for i, text in enumerate(choices) if not _raises_alarm(text)]
        return c.ChooseReply(task=task.id, choice=calm[0]) if calm else command


def _raises_alarm(text: str) -> bool:
    """Whether a reply's words summon help: the alarm, security or police (911)."""
    low = text.lower()
    return any(word in low for word in ("alarm", "security", "police", "911"))


class NoPaper(FlawedExpert):
    """Never switches to paper in downtime, and never types paper entries back in."""

    name = "expert-no-paper"

    def doctor(self, view: View) -> View:
        """Show the expert a desk that seems already on paper, with nothing to reconcile."""
        if not view.ehr_up and not view.paper_mode:
            self.applied("paper-mode")
        for entry in view.paper:
            if view.ehr_up and not entry.reconciled:
                self.applied(entry.id)
        return replace(view, paper_mode=view.paper_mode or not view.ehr_up, paper=())


class NoNotify(FlawedExpert):
    """Moves a clinician's visits but never tells the patients."""

    name = "expert-no-notify"

    def tells(self, slot_id: str) -> bool:
        """Never."""
        self.applied(slot_id)
        return False


class NoDeescalation(FlawedExpert):
    """Gives the reply next to the expert's in upset people's conversations."""

    name = "expert-no-deescalation"

    def reply(self, task: TaskView) -> Command:
        """The expert's reply shifted by one position (privacy and red-flag talks spared)."""
        command = super().reply(task)
        dialogue = task.dialogue
        # Talks with a caller on a plain call or a privacy requester test other skills
        # (triage, privacy), each with its own flawed expert.
        if dialogue is None or len(dialogue.choices) < 2 or task.kind in (
                "privacy_request", "call") or not isinstance(command, c.ChooseReply):
            return command
        self.applied((task.id, dialogue.says))
        return c.ChooseReply(task=task.id, choice=(command.choice + 1) % len(dialogue.choices))


FLAWED: tuple[type[FlawedExpert], ...] = (
    FalseAlarms, FlagEveryCard, HoldEveryCall, CancelNotRebook, FirstReply, Everyone911,
    NoCopay, PreauthAlways, NoIdentity, NoCardCheck, NoRedFlags, NoGreeting, NoEstimate,
    NoPreauth, NoEmergency, NoAlarm, NoPaper, NoNotify, NoDeescalation,
)
