"""Gaming policies: players that skip the work and try to score anyway.

Each plays from the view alone, the way a trainee gaming the test would: it presses the one
button that seems to close things (Disclose, Route, the 911 script, the first reply, ...)
and never does the real work. The adversarial benchmark expects every one of them to fail.

They share :class:`GamingPolicy`: commands are proposed in order of preference and each is
sent at most once per visible situation (:func:`situation`), so a rejected command is not
repeated until something about its task or line changes, and a decision never raises.
Nothing here reads reply tags, call types or red-flag markers.
"""

from __future__ import annotations

import random
import typing
from collections.abc import Iterator
from functools import cache

from pydantic import ValidationError

from simulator.bots.paperwork import blank
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import LineView, TaskView, View
from simulator.everyday.forms import FORMS, forms_for
from simulator.protocol import is_identified

#: A command that names no task or line is sent at most once per this many seconds.
GLOBAL_WINDOW = 600
#: Far enough ahead that no booking rule about "today" can reject it.
FAR_DAYS = 10


# -- what the desk can see -----------------------------------------------------------------

def task_state(task: TaskView | None) -> tuple:
    """The visible progress of a task; a rejected command leaves all of it unchanged."""
    if task is None:
        return ()
    dialogue = getattr(task, "dialogue", None)
    progress = getattr(task, "progress", None) or {}
    fields = ("status", "acknowledged", "identity", "insurance", "preauth", "auth_hold",
              "copay", "estimate", "booked", "authorized")
    return (*(repr(getattr(task, f, None)) for f in fields),
            dialogue.says if dialogue is not None else None, repr(sorted(progress.items())))


def situation(view: View, command: Command) -> tuple:
    """A key for "this command in this situation": the same key again means no progress."""
    text = command.model_dump_json()
    task_id = getattr(command, "task", None)
    if task_id is not None:
        return (text, task_state(view.task(task_id)))
    number = getattr(command, "line", None)
    if number is not None:
        line = line_of(view, number)
        return (text, None) if line is None else (text, line.task, line.status)
    return (text, view.now // GLOBAL_WINDOW)


def line_of(view: View, number: int) -> LineView | None:
    """Phone line ``number``, if the desk has it."""
    return next((ln for ln in view.lines if ln.number == number), None)


def talking_line(view: View) -> LineView | None:
    """The line the desk is talking on, if any."""
    return next((ln for ln in view.lines if ln.status == "talking"), None)


def lines_in(view: View, status: str) -> list[LineView]:
    """Lines in one state, longest waiting first."""
    return sorted((ln for ln in view.lines if ln.status == status),
                  key=lambda ln: (ln.since, ln.number))


def identify(task: TaskView) -> Command | None:
    """Name and date of birth, unless two identifiers were already checked."""
    if is_identified(task.identity):
        return None
    return c.CheckIdentity(task=task.id, identifiers=("name", "dob"))


def bookable(view: View, type_id: str | None = None) -> tuple[str, str] | None:
    """(provider, visit type): the first provider in today who sees ``type_id`` (or any)."""
    for provider in view.providers:
        if provider.id in view.out_providers:
            continue
        types = tuple(provider.type_ids)
        if type_id in types:
            return provider.id, type_id
        if type_id is None and types:
            return provider.id, types[0]
    if type_id is not None:
        return bookable(view, None)
    return None


def routine_booking(view: View, task: TaskView, days_out: int) -> Command | None:
    """Book ``task`` as a routine visit ``days_out`` days ahead, whatever was asked."""
    found = bookable(view, task.request.get("appointment_type"))
    if found is None:
        return None
    return c.Schedule(task=task.id, provider=found[0], appointment_type=found[1],
                      days_out=days_out)


def cancel_everything(task: TaskView) -> Iterator[Command]:
    """Cancel each visit a task lists (a call-out), else the task's own visit."""
    slots = task.request.get("slots") or []
    moved = set(task.progress.get("moved", ()))
    for slot in slots:
        if slot not in moved:
            yield c.Cancel(task=task.id, appointment=slot)
    if not slots:
        yield c.Cancel(task=task.id)


# -- the shared loop -----------------------------------------------------------------------

class GamingPolicy:
    """Base: the live call first, then ringing and held lines, then everything else.

    Subclasses say what to try on a task (``on_task``) and on the live call (``on_call``);
    each proposal is sent once per situation, so exhausted ideas fall through to the next.
    """

    name = "gaming"
    pace = 1.0
    #: Pick up ringing lines (the door to every caller); the trick is what comes after.
    answers_calls = True
    resumes_holds = True

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:adv:{self.name}")
        self.errors = 0
        self._sent: set[tuple] = set()

    def decide(self, view: View) -> list[Command]:
        """Return the first proposal not yet tried in this situation (or nothing)."""
        if view.ended:
            return []
        try:
            for command in self.candidates(view):
                key = situation(view, command)
                if key not in self._sent:
                    self._sent.add(key)
                    return [command]
        except Exception:  # a player under test must never stop the run
            self.errors += 1
        return []

    def candidates(self, view: View) -> Iterator[Command]:
        """Every command worth trying now, best first."""
        live = talking_line(view)
        if live is not None:
            task = view.task(live.task) if live.task else None
            if task is None:
                yield c.EndCall(line=live.number)  # the caller's task is closed: hang up
            else:
                yield from self.on_call(view, live, task)
        if self.answers_calls:
            yield from (c.AnswerCall(line=ln.number) for ln in lines_in(view, "ringing"))
        if self.resumes_holds:
            yield from (c.AnswerCall(line=ln.number) for ln in lines_in(view, "hold"))
        for task in view.tasks:
            if task.channel != "phone":
                yield from self.on_task(view, task)

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """What to try on the caller being talked to (by default, as on any task)."""
        yield from self.on_task(view, task)

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """What to try on a task at the desk, in the inbox or on the system panel."""
        return iter(())


class DoNothing(GamingPolicy):
    """Sits at the desk and presses nothing: the floor of the score."""

    name = "do-nothing"
    answers_calls = resumes_holds = False

    def candidates(self, view: View) -> Iterator[Command]:
        """Nothing, ever."""
        return iter(())


class DiscloseAll(GamingPolicy):
    """Two identifiers, then Disclose on every task it can touch."""

    name = "disclose-all"

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Identify, then share."""
        step = identify(task)
        if step is not None:
            yield step
        yield c.Disclose(task=task.id)


class RefuseAll(GamingPolicy):
    """Refuses to share on every task: privacy can never be breached by saying no."""

    name = "refuse-all"

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Decline, citing privacy."""
        yield c.RefuseDisclosure(task=task.id)


class RouteAll(GamingPolicy):
    """Sends every task to a clinician and transfers every call to the nurse."""

    name = "route-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Transfer the caller (billing if no clinician takes transfers), else route."""
        yield c.TransferCall(line=line.number, to="nurse")
        yield c.TransferCall(line=line.number, to="billing")
        yield c.Route(task=task.id, to="clinician")

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Route it to a clinician."""
        yield c.Route(task=task.id, to="clinician")


class TransferAll(GamingPolicy):
    """Answers every call and transfers it to the nurse; leaves the desk alone."""

    name = "transfer-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Transfer the caller."""
        yield c.TransferCall(line=line.number, to="nurse")
        yield c.TransferCall(line=line.number, to="billing")


class HoldAll(GamingPolicy):
    """Answers every call, puts it on hold and never comes back."""

    name = "hold-all"
    resumes_holds = False

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Hold the caller."""
        yield c.HoldCall(line=line.number)


class EndAll(GamingPolicy):
    """Answers every call and hangs up; greets nobody."""

    name = "end-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Hang up."""
        yield c.EndCall(line=line.number)


class CheckinFast(GamingPolicy):
    """Checks every desk patient in at once (no identity, card or copay); ends calls."""

    name = "checkin-fast"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Hang up."""
        yield c.EndCall(line=line.number)

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Check them in."""
        if task.channel == "desk":
            yield c.CheckIn(task=task.id)


class BookAnything(GamingPolicy):
    """Identifies everyone, books the first provider and visit type far out, cancels the rest."""

    name = "book-anything"

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Identify, book, else cancel."""
        step = identify(task)
        if step is not None and task.channel != "system":
            yield step
        booking = routine_booking(view, task, FAR_DAYS)
        if booking is not None:
            yield booking
        yield from cancel_everything(task)


class CancelAll(GamingPolicy):
    """Cancels every visit it can reach, then hangs up."""

    name = "cancel-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Cancel, then hang up."""
        yield from cancel_everything(task)
        yield c.EndCall(line=line.number)

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Cancel."""
        yield from cancel_everything(task)


class Instruct911All(GamingPolicy):
    """Reads the 911 script to every caller, then hangs up."""

    name = "instruct-911-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """The emergency script, then end the call."""
        yield c.InstructEmergency(task=task.id)
        yield c.EndCall(line=line.number)


class CodeAll(GamingPolicy):
    """Calls the medical code on every desk task and 911 for every caller."""

    name = "code-all"

    def on_call(self, view: View, line: LineView, task: TaskView) -> Iterator[Command]:
        """Call 911 for the caller."""
        yield c.CallEmergency(task=task.id, via="911")

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Call the code team."""
        yield c.CallEmergency(task=task.id, via="code")


class AlarmSpam(GamingPolicy):
    """Presses the silent alarm whenever it is off, and does nothing else."""

    name = "alarm-spam"
    answers_calls = resumes_holds = False

    def candidates(self, view: View) -> Iterator[Command]:
        """The alarm, if it is not already on."""
        if not view.alarm:
            yield c.SilentAlarm()


def minimal_close(view: View, task: TaskView) -> Iterator[Command]:
    """The fewest commands that close a task of each kind, skipping every real step."""
    kind = task.kind
    if kind == "checkin":
        yield c.CheckIn(task=task.id)
    elif kind == "walk_in":
        booking = routine_booking(view, task, 1)
        if booking is not None:
            yield booking
    elif kind == "privacy_request":
        yield c.RefuseDisclosure(task=task.id)
    elif kind == "inbox":
        yield c.Route(task=task.id, to="scheduling")
    elif kind == "telehealth":
        yield c.FixTelehealth(task=task.id, action="resend_link")
    elif kind == "callout":
        yield from cancel_everything(task)
        for slot in task.request.get("slots") or []:
            yield c.NotifyPatient(task=task.id, appointment=slot)
    elif kind in ("checkout", "records_request", "drawer"):
        # The form that closes the task, ticked through with its first options.
        form = {"checkout": "checkout", "records_request": "records", "drawer": "drawer"}[kind]
        yield c.SubmitForm(task=task.id, form=form, fields=blank(FORMS[form], view, task))
    if task.channel == "phone" and task.line is not None:
        yield c.TransferCall(line=task.line, to="nurse")
        yield c.EndCall(line=task.line)


class FormsAnyhow(GamingPolicy):
    """Submits every form a task offers, ticked through without reading any of it.

    First option everywhere, nothing typed, and the portal checked everywhere.
    """

    name = "forms-anyhow"

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """Every offered form ticked through, then the quickest close."""
        done = task.progress.get("forms", {})
        yield c.CheckEligibility(task=task.id)
        for spec in forms_for(task.kind):
            if spec.id not in done:
                yield c.SubmitForm(task=task.id, form=spec.id,
                                   fields=blank(spec, view, task))
        yield from minimal_close(view, task)


class ReplyAt(GamingPolicy):
    """Always gives the reply at one position; otherwise closes tasks the quickest way."""

    def __init__(self, seed: int, position: int, name: str):
        self.name = name
        self.position = position
        super().__init__(seed)

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """The reply at the fixed position (or the last one), else the minimal close."""
        if task.dialogue is not None and task.dialogue.choices:
            choice = min(self.position, len(task.dialogue.choices) - 1)
            yield c.ChooseReply(task=task.id, choice=choice)
        yield from minimal_close(view, task)


# -- one command, everywhere ---------------------------------------------------------------

@cache
def command_classes() -> dict[str, type]:
    """Every command class by its ``type`` tag, read from the Command union."""
    union = typing.get_args(Command)[0]
    return {cls.model_fields["type"].default: cls for cls in typing.get_args(union)}


def spam_types() -> tuple[str, ...]:
    """The command types that act on a task or a phone line."""
    return tuple(t for t, cls in command_classes().items()
                 if {"task", "line"} & set(cls.model_fields))


#: Arguments a spammer fills in; the first allowed value where nothing better suggests itself.
SPAM_ARGS: dict[str, dict[str, typing.Any]] = {
    "transfer_call": {"to": "nurse"}, "route": {"to": "clinician"},
    "check_identity": {"identifiers": ("name", "dob")}, "flag_discrepancy": {"field": "member_id"},
    "fix_telehealth": {"action": "resend_link"}, "choose_reply": {"choice": 0},
    "call_emergency": {"via": "code"}, "auth_hold": {"on": True},
}
#: Command types a spammer fills in per task: every form of the task, first options.
SPAM_FORMS = frozenset({"submit_form"})


class SpamPolicy(GamingPolicy):
    """Uses one command type on every task or line it can (answering calls to reach them)."""

    def __init__(self, seed: int, command_type: str):
        self.name = f"spam-{command_type}"
        self.command_type = command_type
        self.cls = command_classes()[command_type]
        self.fields = set(self.cls.model_fields)
        super().__init__(seed)

    def candidates(self, view: View) -> Iterator[Command]:
        """The command on each line (line commands) or each reachable task."""
        if "line" in self.fields:
            for status in ("talking", "hold", "ringing"):
                for line in lines_in(view, status):
                    yield from self._build({"line": line.number})
            yield from (c.AnswerCall(line=ln.number) for ln in lines_in(view, "ringing"))
            return
        yield from super().candidates(view)

    def on_task(self, view: View, task: TaskView) -> Iterator[Command]:
        """The command on this task, once per visit it lists."""
        args: dict[str, typing.Any] = {"task": task.id, **SPAM_ARGS.get(self.command_type, {})}
        if self.command_type == "schedule":
            found = bookable(view, task.request.get("appointment_type"))
            if found:
                args.update(provider=found[0], appointment_type=found[1], days_out=FAR_DAYS)
        elif self.command_type == "reschedule" and view.providers:
            args.update(provider=(bookable(view) or (view.providers[0].id,))[0],
                        days_out=FAR_DAYS)
        slots = task.request.get("slots") or []
        if self.command_type in SPAM_FORMS:
            for spec in forms_for(task.kind):
                yield from self._build({**args, "form": spec.id,
                                        "fields": blank(spec, view, task)})
        elif "appointment" in self.fields and slots:
            for slot in slots:
                yield from self._build({**args, "appointment": slot})
        else:
            yield from self._build(args)

    def _build(self, args: dict[str, typing.Any]) -> Iterator[Command]:
        try:
            yield self.cls(**args)
        except ValidationError:
            return  # this command cannot be said about this task (e.g. no visit to name)
