"""What the trainee can do with the current task: labelled commands and sub-choices.

Pure functions of the view (no pygame): the desk turns each into a button, the same list
gives the shortcut hints, and tests can check the offered actions directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from simulator.bots import skills
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View
from simulator.everyday.forms import forms_for
from simulator.lifesafety import safety_step
from simulator.protocol import command_refusal


@dataclass(frozen=True)
class Action:
    """A button: its label, the settings action whose key triggers it, and what it does.

    Exactly one of ``command`` (apply it), ``choices`` (open a sub-choice) or ``form``
    (open that desk form, see desk_form) is set. An action that cannot be used now keeps
    its place with ``reason`` saying why, so the buttons never move under the trainee's
    hand.
    """

    key: str
    label: str
    shortcut: str | None = None
    command: Command | None = None
    choices: tuple[tuple[str, Command], ...] = field(default_factory=tuple)
    danger: bool = False
    reason: str | None = None
    form: str | None = None


#: Task kinds of the everyday desk (DOMAIN.md section 10).
EVERYDAY_KINDS = frozenset({"checkout", "records_request", "worklist", "drawer"})
#: Request keys that carry everyday facts (on any kind of task).
EVERYDAY_KEYS = frozenset({"intake", "coverages", "guardian", "access", "language",
                           "service_animal", "records_request", "requester", "message",
                           "follow_up", "referral_to", "balance", "can_pay", "drawer",
                           "worklist", "injury"})
#: Short names of the desk's forms, for their buttons.
FORM_NAMES = {"registration": "Registration", "payment": "Payment",
              "abn": "ABN (Medicare)", "coverage": "Coverage order",
              "guardian": "Guardian consent", "interpreter": "Interpreter",
              "records": "Records request form", "message": "Message pad",
              "checkout": "Check-out form", "drawer": "Drawer count"}


def is_everyday(task: TaskView) -> bool:
    """True when a task is everyday desk work: its kind, or an everyday fact it carries.

    Only such tasks are offered the forms and the payer portal, so a shift without the
    everyday desk keeps the desk it had.
    """
    return task.kind in EVERYDAY_KINDS or bool(EVERYDAY_KEYS & set(task.request)) or \
        bool(task.progress.get("forms") or task.progress.get("portal"))


IDENTIFIER_SETS = (
    ("Name + date of birth", ("name", "dob")),
    ("Name + phone", ("name", "phone")),
    ("Name + address", ("name", "address")),
    ("Name only", ("name",)),
    ("Name + room number", ("name", "room_number")),
)


def task_actions(view: View, task: TaskView) -> list[Action]:
    """Every action that makes sense for ``task`` now (legal-looking; the engine decides).

    The offer is filtered by :func:`simulator.protocol.command_refusal`, the same rule the
    engine refuses by, so the desk never shows a button the engine would refuse.
    """
    return [a for a in _candidate_actions(view, task) if _fits(a, task.kind)]


def _fits(action: Action, kind: str) -> bool:
    commands = [action.command] if action.command is not None else [
        cmd for _, cmd in action.choices]
    return all(getattr(cmd, "task", None) is None or command_refusal(cmd.type, kind) is None
               for cmd in commands)


def _candidate_actions(view: View, task: TaskView) -> list[Action]:
    """The task kind's actions, always the same ones in the same order (see Action.reason)."""
    tid = task.id
    acts: list[Action] = []
    on_phone = task.channel == "phone"
    line = task.line
    status = next((ln.status for ln in view.lines if ln.number == line), "idle") \
        if line is not None else "idle"
    # Phone work needs the caller on the line: until then the buttons wait, disabled.
    not_live = None
    if on_phone and status in ("ringing", "hold"):
        not_live = f"Answer line {line} first"
    elif on_phone and status != "talking":
        not_live = "The caller is no longer on the line"
    if on_phone:
        number = line or 0
        acts.append(Action("answer", f"Answer line {number}" if line else "Answer", "answer",
                           c.AnswerCall(line=number),
                           reason=None if status in ("ringing", "hold") else
                           "Already talking" if status == "talking" else "Nobody on the line"))
        acts.append(Action("hold", "Hold", "hold", c.HoldCall(line=number), reason=not_live))
        # Ask first: a hold without the caller's yes is a misuse (DOMAIN.md 10, phone).
        acts.append(Action("askhold", "Ask to hold", None, c.AskToHold(line=number),
                           reason=not_live))
    if task.channel == "desk" and task.kind in ("checkin", "walk_in", "privacy_request",
                                                "checkout", "records_request"):
        acts.append(Action("greet", "Greet + wait time", "greet",
                           c.AcknowledgeArrival(task=tid),
                           reason="Already greeted" if task.acknowledged else None))
    if task.kind in ("medical_emergency",):
        called = task.progress.get("called", ())
        acts += [Action("code", "Call the code", "call_code",
                        c.CallEmergency(task=tid, via="code"), danger=True,
                        reason="The code team is on the way" if "code" in called else None),
                 Action("call911", "Call 911", None, c.CallEmergency(task=tid, via="911"),
                        danger=True,
                        reason="911 has been called" if "911" in called else None),
                 Action("bystanders", "Move family back", None, c.MoveBystanders(task=tid),
                        reason="Family already moved" if task.progress.get("bystanders_moved")
                        else None)]
        return acts + _safety(task)
    if task.kind == "threat":
        called = task.progress.get("called", ())
        acts.append(Action("alarm", "Silent alarm", "alarm", c.SilentAlarm(), danger=True,
                           reason="The alarm is already sent" if view.alarm else None))
        acts.append(Action("police", "Call 911 (police)", None,
                           c.CallEmergency(task=tid, via="911"), danger=True,
                           reason="Police have been called" if "911" in called else None))
        return acts + _safety(task)
    if task.kind == "power_outage":
        return _safety(task)
    if task.kind in ("checkin", "walk_in", "call", "privacy_request", "telehealth",
                     "records_request"):
        acts.append(Action("identity", "Check identity...", "identity", choices=tuple(
            (label, c.CheckIdentity(task=tid, identifiers=ids))
            for label, ids in IDENTIFIER_SETS)))
    if task.kind in ("checkin", "walk_in"):
        no_card = "No insurance card was handed over" if task.card is None else None
        acts.append(Action("matches", "Card matches", "matches", c.ConfirmInsurance(task=tid),
                           reason=no_card or ("Card already confirmed"
                                              if task.insurance == "match" else None)))
        acts.append(Action("flag", "Flag discrepancy...", "flag", choices=tuple(
            (f"Flag {name}", c.FlagDiscrepancy(task=tid, field=f))
            for name, f in (("date of birth", "dob"), ("member ID", "member_id"),
                            ("payer", "payer"), ("plan dates", "expiry"))), reason=no_card))
        acts.append(Action("preauth", "Request pre-auth", None, c.RequestPreauth(task=tid),
                           reason=no_card or ("Pre-auth already requested"
                                              if task.preauth else None)))
        acts.append(Action("referral", "Check PCP referral", None, c.CheckReferral(task=tid),
                           reason=no_card or ("Referral already checked"
                                              if task.referral else None)))
        acts.append(Action("copay", "Collect copay", "copay", c.CollectCopay(task=tid),
                           reason=no_card or ("Copay already collected"
                                              if task.copay else None)))
    if task.kind == "walk_in":
        acts.append(_schedule(view, task, "Already booked" if task.booked else None))
    if task.kind in ("checkin", "walk_in"):
        acts.append(Action("hold-acct", "Place billing hold", None, c.SetAuthHold(task=tid),
                           reason=None if task.request.get("account_note") else
                           "No account note asks for a billing hold"))
        acts.append(_reschedule(view, task))
        acts.append(Action("checkin", "Check in", "check_in", c.CheckIn(task=tid)))
    if task.kind == "call":
        # The desk does not know what a caller wants until it listens: every call gets
        # the same tools, and the trainee picks from what was said.
        acts.append(Action("script911", "911 script", "emergency_script",
                           c.InstructEmergency(task=tid), danger=True))
        acts.append(Action("dial911", "Call 911 for them", None,
                           c.CallEmergency(task=tid, via="911"), danger=True))
        acts.append(_schedule(view, task))
        acts.append(_reschedule(view, task))
        acts.append(Action("cancel", "Cancel visit", None, c.Cancel(task=tid)))
        acts.append(Action("estimate", "Good Faith Estimate", None, c.IssueEstimate(task=tid),
                           reason=None if task.self_pay else
                           "Only for self-pay or uninsured patients"))
        acts.append(_route(task))
    if task.kind == "privacy_request":
        acts += [Action("authority", "Check authorization", None, c.VerifyAuthority(task=tid)),
                 Action("refuse", "Decline (privacy)", None, c.RefuseDisclosure(task=tid)),
                 Action("disclose", "Share the information", None, c.Disclose(task=tid))]
    if task.kind == "telehealth":
        acts.append(Action("telehealth", "Fix telehealth...", None, choices=(
            ("Send a new link", c.FixTelehealth(task=tid, action="resend_link")),
            ("Record consent", c.FixTelehealth(task=tid, action="record_consent")),
            ("Convert to in-person", c.FixTelehealth(task=tid, action="convert_in_person")))))
    if task.kind == "inbox":
        acts.append(_route(task))
    if task.kind == "callout":
        acts += _callout(view, task)
    if task.kind == "checkout":
        acts.append(_follow_up(view, task))
    if is_everyday(task):
        acts += _everyday(task)
    if on_phone:
        number = line or 0
        acts.append(Action("transfer", "Transfer...", "transfer", choices=tuple(
            (label, c.TransferCall(line=number, to=to))
            for label, to in (("Transfer to nurse", "nurse"),
                              ("Transfer to clinician", "clinician"),
                              ("Transfer to billing", "billing"),
                              ("Transfer to 988 crisis line", "crisis_line")))))
        acts.append(Action("endcall", "End call", "end_call", c.EndCall(line=number),
                           reason=None if status in ("talking", "hold") else
                           "Nobody on the line"))
    if not_live:
        # Everything but answering waits for the caller to be on the line.
        acts = [a if a.key == "answer" or a.reason else replace(a, reason=not_live)
                for a in acts]
    return acts


def _everyday(task: TaskView) -> list[Action]:
    """The payer portal and the desk's forms for this kind of task (done ones say so)."""
    acts: list[Action] = []
    portal = task.progress.get("portal") or {}
    checked = "Checked: the portal's answer is shown below"
    if command_refusal("check_eligibility", task.kind) is None:
        worklist = [e for e in task.request.get("worklist") or [] if isinstance(e, dict)]
        if worklist:
            for entry in worklist:
                pid = str(entry.get("patient"))
                acts.append(Action(
                    f"elig-{pid}", f"Check eligibility: {entry.get('name', pid)} "
                    f"({entry.get('at', '')})", None,
                    c.CheckEligibility(task=task.id, patient=pid),
                    reason=checked if pid in portal else None))
        elif task.kind != "worklist":
            acts.append(Action("elig", "Check eligibility", None,
                               c.CheckEligibility(task=task.id),
                               reason=checked if portal else None))
    if command_refusal("submit_form", task.kind) is None:
        sent = task.progress.get("forms") or {}
        for spec in forms_for(task.kind):
            name = FORM_NAMES.get(spec.id, spec.title)
            acts.append(Action(f"form-{spec.id}", f"{name} (done)" if spec.id in sent
                               else f"{name}...", None, form=spec.id,
                               reason="Submitted" if spec.id in sent else None))
    return acts


def _follow_up(view: View, task: TaskView) -> Action:
    """Book the follow-up the visit slip orders (its visit type, clinician and timing)."""
    follow = task.request.get("follow_up")
    if not isinstance(follow, dict) or follow.get("appointment_type") not in \
            view.appointment_types:
        return Action("schedule", "Book follow-up...", "schedule",
                      reason="The visit slip orders no follow-up")
    slip = {"appointment_type": follow["appointment_type"],
            "provider": follow.get("provider"), "days_out": follow.get("days_out") or 0}
    act = _schedule(view, replace(task, request={**task.request, **slip}),
                    "Follow-up booked" if task.booked else None)
    return replace(act, label="Book follow-up...")


def _safety(task: TaskView) -> list[Action]:
    """The life-safety steps this crisis calls for (DOMAIN.md section 1), each once."""
    done = set(task.progress.get("safety_done", ()))
    called = task.progress.get("called", ())
    out = []
    for step in task.progress.get("safety_steps", ()):
        rule = safety_step(step)
        reason = "Done" if step in done else (
            "Call 911 first" if rule.after_911 and "911" not in called else None)
        out.append(Action(f"safety-{step}", rule.label, None,
                          c.TakeSafetyStep(task=task.id, step=step), reason=reason))
    return out


def _route(task: TaskView) -> Action:
    return Action("route", "Route / message...", None, choices=tuple(
        (f"To {to}", c.Route(task=task.id, to=to))
        for to in ("clinician", "nurse", "billing", "scheduling", "records", "office")))


def _schedule(view: View, task: TaskView, reason: str | None = None) -> Action:
    type_id = task.request.get("appointment_type") or next(iter(view.appointment_types))
    wanted = task.request.get("provider")
    providers = skills.providers_for(view, type_id, wanted) or [p.id for p in view.providers]
    options: list[tuple[str, Command]] = []
    name = view.appointment_types[type_id]["name"]
    titles = {p.id: p.title for p in view.providers}
    for provider in providers[:3]:
        found = skills.open_slot(view, type_id, [provider], lead=120)
        if found:
            start = next(s.start for s in view.slots if s.id == found[1])
            options.append((f"{titles[provider]} today {_clock(view, start)}",
                            c.Schedule(task=task.id, provider=provider,
                                       appointment_type=type_id, slot=found[1])))
    days = int(task.request.get("days_out") or 0)
    for provider in providers[:2]:
        for d in sorted({max(1, days), max(1, days) + 3}):
            options.append((f"{titles[provider]} in {d} business days",
                            c.Schedule(task=task.id, provider=provider, appointment_type=type_id,
                                       days_out=d)))
    return Action("schedule", f"Schedule {name}...", "schedule", choices=tuple(options[:8]),
                  reason=reason)


def _reschedule(view: View, task: TaskView) -> Action:
    type_id = task.request.get("appointment_type") or next(iter(view.appointment_types))
    providers = skills.providers_for(view, type_id, task.request.get("provider"))
    titles = {p.id: p.title for p in view.providers}
    options: list[tuple[str, Command]] = []
    found = skills.open_slot(view, type_id, providers, lead=0)
    if found:
        start = next(s.start for s in view.slots if s.id == found[1])
        options.append((f"{titles[found[0]]} today {_clock(view, start)}",
                        c.Reschedule(task=task.id, provider=found[0], slot=found[1])))
    for provider in providers[:2]:
        options.append((f"{titles[provider]} next business day",
                        c.Reschedule(task=task.id, provider=provider, days_out=1)))
        days = int(task.request.get("days_out") or 0)
        if days > 1:
            options.append((f"{titles[provider]} in {days} business days",
                            c.Reschedule(task=task.id, provider=provider, days_out=days)))
    return Action("reschedule", "Move visit...", None, choices=tuple(options[:8]))


def _callout(view: View, task: TaskView) -> list[Action]:
    moved = set(task.progress.get("moved", []))
    told = set(task.progress.get("notified", []))
    for slot_id in task.request.get("slots", []):
        slot = next((s for s in view.slots if s.id == slot_id), None)
        when = _clock(view, slot.start) if slot else slot_id
        if slot_id not in moved:
            providers = skills.providers_for(view, slot.type_id, task.request.get("coverage")) \
                if slot else []
            options: list[tuple[str, Command]] = []
            found = skills.open_slot(view, slot.type_id, providers, lead=120) if slot else None
            titles = {p.id: p.title for p in view.providers}
            if found:
                start = next(s.start for s in view.slots if s.id == found[1])
                options.append((f"{titles[found[0]]} today {_clock(view, start)}", c.Reschedule(
                    task=task.id, appointment=slot_id, provider=found[0], slot=found[1])))
            for provider in providers[:2]:
                options.append((f"{titles[provider]} next business day", c.Reschedule(
                    task=task.id, appointment=slot_id, provider=provider, days_out=1)))
            return [Action("move", f"Move the {when} visit...", "schedule",
                           choices=tuple(options))]
        if slot_id not in told:
            return [Action("notify", f"Tell the {when} patient", None,
                           c.NotifyPatient(task=task.id, appointment=slot_id))]
    return []


def system_actions(view: View) -> list[Action]:
    """Actions about the clinic's systems, shown in the status banner."""
    acts: list[Action] = []
    if not view.ehr_up and not view.paper_mode:
        acts.append(Action("paper", "Switch to paper", "paper", c.SwitchToPaper()))
    if not view.power_up and not view.rerouted and not view.phones_work:
        acts.append(Action("reroute", "Forward lines to cell phone", None, c.RerouteCalls()))
    if not view.ehr_up and "it" not in view.called:
        acts.append(Action("call-it", "Call IT", None, c.CallSupport(who="it")))
    if not view.power_up and "maintenance" not in view.called:
        acts.append(Action("call-maint", "Call maintenance", None,
                           c.CallSupport(who="maintenance")))
    if any(t.kind == "threat" for t in view.tasks) and not view.alarm:
        acts.append(Action("alarm", "Silent alarm", "alarm", c.SilentAlarm(), danger=True))
    return acts


def _clock(view: View, tick: int) -> str:
    """Clock time of a tick."""
    return view.clock_at(tick)
