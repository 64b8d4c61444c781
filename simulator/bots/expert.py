"""The expert: priority-aware and protocol-correct, as DOMAIN.md describes the job.

Order of attention: people in danger, the live call, ringing lines, systems, a clinician's
moved day, greeting every arrival, upset people, then the queue by urgency and arrival,
then the inbox. Each decision returns one command; the runner lets its time pass. The
questions read a :class:`~simulator.bots.desk_index.DeskIndex` of the view, re-sorted only
when the desk changed, rather than scanning every task for each question.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from simulator.bots import paperwork, skills
from simulator.bots.desk_index import DeskIndex
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View
from simulator.lifesafety import police_owed, safety_step
from simulator.protocol import CALL_AGAIN_AFTER, ESTIMATE_MIN_DAYS, is_identified


class ExpertBot:
    """A trained, calm front-desk professional."""

    name = "expert"
    pace = 1.0

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:bot:{self.name}")
        self.instructed: set[str] = set()
        self.screened: set[str] = set()
        self.book = skills.ReplyBook()
        self.index = DeskIndex()
        self._steps: tuple[Callable[[View], Command | None], ...] | None = None

    def study(self, dialogues: dict[str, dict[str, Any]]) -> None:
        """Learn the shift's dialogues before it starts (see :class:`skills.ReplyBook`)."""
        self.book = skills.ReplyBook(dialogues)

    # -- the decision loop --------------------------------------------------------------

    def decide(self, view: View) -> list[Command]:
        """Return the single most important next command, or nothing."""
        if view.ended:
            return []
        steps = self._steps
        if steps is None:
            steps = self._steps = (
                self._desk_presence, self._emergencies, self._live_call, self._ringing,
                self._held, self._systems, self._callout, self._greet, self._upset,
                self._queue, self._inbox, self._end_of_day)
        for step in steps:
            command = step(view)
            if command is not None:
                return [command]
        return []

    def _desk_presence(self, view: View) -> Command | None:
        return None if view.at_desk else c.ReturnToDesk()

    def _emergencies(self, view: View) -> Command | None:
        for task in self.index.of(view).danger:
            if task.kind == "medical_emergency":
                called = task.progress.get("called", ())
                if "code" not in called:
                    return c.CallEmergency(task=task.id, via="code")
                if "911" not in called:
                    return c.CallEmergency(task=task.id, via="911")
                step = _next_safety_step(task, "bring_aed")
                if step is not None:
                    return step
                if task.request.get("family_present") and not task.progress.get(
                        "bystanders_moved"):
                    return c.MoveBystanders(task=task.id)
                step = _next_safety_step(task)
                if step is not None:
                    return step
            if task.kind == "threat":
                if not view.alarm and not task.progress.get("help_called"):
                    return c.SilentAlarm()
                if police_owed(task.request) and "911" not in task.progress.get("called", ()):
                    return c.CallEmergency(task=task.id, via="911")
                step = _next_safety_step(task)
                if step is not None:
                    return step
                if task.dialogue is not None and task.channel == "desk":
                    return self.reply(task)
        return None

    def _live_call(self, view: View) -> Command | None:
        index = self.index.of(view)
        line = index.talking
        if line is None:
            return None
        task = index.by_id.get(line.task) if line.task else None
        if task is None:
            return c.EndCall(line=line.number)
        urgent = index.red_flag(task.words) or task.kind in ("threat", "telehealth")
        if not urgent:
            # A ringing line may be an emergency: park this call for a moment and screen it,
            # but never park an upset caller twice: a second hold is where they give up.
            if any(view.now - ln.since >= 8 for ln in index.ringing) \
                    and task.progress.get("hold_ok") is not False:
                return self.hold(task, line.number)
            older = [ln for ln in index.held if ln.task
                     and ln.task not in self.screened and ln.task != task.id]
            # An upset caller is not parked just to get back to an earlier caller: they
            # called about being kept waiting, and a second hold loses them.
            if older and task.id not in self.screened and task.kind != "angry_patient" \
                    and task.progress.get("hold_ok") is not False:
                if task.progress.get("hold_ok"):
                    self.screened.add(task.id)
                return self.hold(task, line.number)
        return self.handle_call(view, task, line.number)

    def hold(self, task: TaskView, line: int) -> Command:
        """"May I put you on hold?" first; the hold once they say yes."""
        if task.progress.get("hold_ok"):
            return c.HoldCall(line=line)
        return c.AskToHold(line=line)

    def _ringing(self, view: View) -> Command | None:
        first = self.index.of(view).first_ringing
        return None if first is None else c.AnswerCall(line=first.number)

    def _held(self, view: View) -> Command | None:
        held = self.index.of(view).held
        if not held:
            return None
        # Callers who were there first go first; a screened newcomer waits its turn.
        first = [ln for ln in held if ln.task not in self.screened] or held
        return c.AnswerCall(line=min(first, key=lambda ln: (ln.since, ln.number)).number)

    def _systems(self, view: View) -> Command | None:
        if not view.power_up:
            outages = self.index.of(view).outages
            outage = outages[0] if outages else None
            # Life first: a burning smell is reported before the phones are forwarded.
            step = _next_safety_step(outage, "report_smell") if outage else None
            if step is not None:
                return step
            if not view.phones_work and not view.rerouted:
                return c.RerouteCalls()
            if not view.ehr_up and not view.paper_mode:
                return c.SwitchToPaper()
            step = _next_safety_step(outage) if outage else None
            if step is not None:
                return step
            if "maintenance" not in view.called:
                return c.CallSupport(who="maintenance")
        if not view.ehr_up:
            if not view.paper_mode:
                return c.SwitchToPaper()
            if view.power_up and "it" not in view.called:
                return c.CallSupport(who="it")
        if view.ehr_up:
            for entry in view.paper:
                if not entry.reconciled:
                    return self.reconcile(entry)
        return None

    def reconcile(self, entry) -> Command:
        """Type a paper entry into the EHR."""
        return c.Reconcile(entry=entry.id, name=entry.name, dob=entry.dob, arrived=entry.arrived)

    def _callout(self, view: View) -> Command | None:
        for task in self.index.of(view).callouts:
            moved, told = set(task.progress["moved"]), set(task.progress["notified"])
            voicemail = task.progress.get("voicemail", {})
            for slot_id in task.request["slots"]:
                if slot_id not in moved:
                    return self.move_visit(view, task, slot_id)
                if slot_id in voicemail and view.now - voicemail[slot_id] < CALL_AGAIN_AFTER:
                    continue  # a message is waiting for them; call again later
                if slot_id not in told and self.tells(slot_id):
                    return c.NotifyPatient(task=task.id, appointment=slot_id)
        return None

    def tells(self, slot_id: str) -> bool:
        """Whether to tell the patient of a moved visit (the expert always does)."""
        return True

    def move_visit(self, view: View, task: TaskView, slot_id: str) -> Command:
        """Move a called-out visit: to the covering provider today, else the next day."""
        slot = next(s for s in view.slots if s.id == slot_id)
        prefer = task.request.get("coverage")
        found = skills.open_slot(view, slot.type_id,
                                 skills.providers_for(view, slot.type_id, prefer), lead=120)
        if found and found[0] == prefer:
            return c.Reschedule(task=task.id, appointment=slot_id, provider=found[0],
                                slot=found[1])
        provider = (skills.providers_for(view, slot.type_id, task.request["provider"])
                    or [task.request["provider"]])[0]
        if provider in view.out_providers:
            provider = task.request["provider"]
        return c.Reschedule(task=task.id, appointment=slot_id, provider=provider, days_out=1)

    def _greet(self, view: View) -> Command | None:
        waiting = self.index.of(view).to_greet
        return c.AcknowledgeArrival(task=waiting[0].id) if waiting else None

    def _upset(self, view: View) -> Command | None:
        upset = self.index.of(view).upset
        return self.reply(upset[0]) if upset else None

    def _queue(self, view: View) -> Command | None:
        for task in self.index.of(view).queue:
            if task.kind == "checkin":
                return self.check_in(view, task)
            if task.kind == "walk_in":
                return self.walk_in(view, task)
            if task.kind == "privacy_request":
                return self.privacy(task)
            if task.kind in ("checkout", "records_request"):
                return self.desk_paperwork(view, task)
        return None

    def _inbox(self, view: View) -> Command | None:
        for task in self.index.of(view).inbox:
            if task.kind in ("worklist", "records_request"):
                step = self.desk_paperwork(view, task)
                if step is not None:
                    return step
            else:
                return c.Route(task=task.id, to=skills.referral_route(task))
        return None

    def _end_of_day(self, view: View) -> Command | None:
        drawers = self.index.of(view).drawers
        return self.desk_paperwork(view, drawers[0]) if drawers else None

    def desk_paperwork(self, view: View, task: TaskView) -> Command | None:
        """A check-out, a records request, the worklist or the drawer, step by step."""
        if task.kind == "records_request" and task.request.get("requester") == "patient":
            step = self.identify(task)
            if step is not None:
                return step
        if task.dialogue is not None:
            return self.reply(task)
        step = paperwork.next_step(view, task, self.fill, self.checks_portal(task))
        if task.kind == "checkout" and "follow_up" in task.request and not task.booked \
                and not isinstance(step, c.CheckEligibility):
            return self.book_follow_up(view, task)
        return step

    def everyday_step(self, view: View, task: TaskView) -> Command | None:
        """An arrival's paperwork (a conversation first), or None when it has none left."""
        if not paperwork.is_everyday(task):
            return None
        if task.dialogue is not None:
            return self.reply(task)
        return paperwork.next_step(view, task, self.fill, self.checks_portal(task))

    def checks_portal(self, task: TaskView) -> bool:
        """Whether to run the eligibility check where it is due (the expert always does)."""
        return True

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The fields of a form (the expert gets every one right)."""
        return paperwork.answers(view, task, form)

    def book_follow_up(self, view: View, task: TaskView) -> Command:
        """Book the follow-up on the visit slip, with the patient's own clinician."""
        wanted = task.request["follow_up"]
        type_id = wanted["appointment_type"]
        providers = skills.providers_for(view, type_id, wanted.get("provider")) or [
            wanted.get("provider")]
        return c.Schedule(task=task.id, provider=providers[0], appointment_type=type_id,
                          days_out=int(wanted.get("days_out", 1)))

    # -- protocols ----------------------------------------------------------------------

    def reply(self, task: TaskView) -> Command:
        """Choose the reply a trained person would give."""
        assert task.dialogue is not None
        red_flag = self.index.red_flag(task.words)
        return c.ChooseReply(task=task.id, choice=self.book.best(task.dialogue, red_flag))

    def identify(self, task: TaskView) -> Command | None:
        """Two identifiers before anything else."""
        if not is_identified(task.identity):
            return c.CheckIdentity(task=task.id, identifiers=("name", "dob"))
        return None

    def check_in(self, view: View, task: TaskView) -> Command:
        """Identity, card against record, pre-auth, copay, check in."""
        slot_id = task.progress.get("slot") or task.request.get("moved_to") or \
            task.request.get("slot")
        slot = next((s for s in view.slots if s.id == slot_id), None)
        if slot is not None and slot.provider_id in view.out_providers:
            providers = skills.providers_for(view, slot.type_id)
            found = skills.open_slot(view, slot.type_id, providers, lead=0)
            if found:
                return c.Reschedule(task=task.id, provider=found[0], slot=found[1])
            return c.Reschedule(task=task.id, provider=slot.provider_id, days_out=1)
        return self.finish_check_in(view, task)

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """The check-in steps once the visit itself is settled."""
        step = self.identify(task) or self.everyday_step(view, task)
        if step is not None:
            return step
        if view.ehr_up and task.insurance is None and task.card is not None and \
                "intake" not in task.request:
            field = skills.card_mismatch(task)
            if field is not None:
                return c.FlagDiscrepancy(task=task.id, field=field)
            return c.ConfirmInsurance(task=task.id)
        if skills.needs_preauth(view, task) and not task.preauth:
            return c.RequestPreauth(task=task.id)
        if skills.needs_referral(view, task) and not task.referral:
            return c.CheckReferral(task=task.id)
        if task.request.get("account_note") and not task.auth_hold:
            return c.SetAuthHold(task=task.id, on=True)
        if task.card is not None and not task.copay and "balance" not in task.request:
            return c.CollectCopay(task=task.id)
        if not view.ehr_up and not view.paper_mode:
            return c.SwitchToPaper()
        return c.CheckIn(task=task.id)

    def walk_in(self, view: View, task: TaskView) -> Command:
        """Identity, a same-day slot if there is one, then the check-in steps."""
        step = self.identify(task)
        if step is not None:
            return step
        if task.self_pay and task.request.get("days_out", 0) >= ESTIMATE_MIN_DAYS and \
                not task.estimate:
            return c.IssueEstimate(task=task.id)
        if not task.booked:
            type_id = task.request["appointment_type"]
            found = skills.open_slot(view, type_id, skills.providers_for(view, type_id))
            if not view.ehr_up and not view.paper_mode:
                return c.SwitchToPaper()
            if found:
                return c.Schedule(task=task.id, provider=found[0], appointment_type=type_id,
                                  slot=found[1])
            provider = (skills.providers_for(view, type_id) or [view.providers[0].id])[0]
            return c.Schedule(task=task.id, provider=provider, appointment_type=type_id,
                              days_out=1)
        return self.finish_check_in(view, task)

    def privacy(self, task: TaskView) -> Command:
        """Check authority first; disclose only to the authorized, minimum necessary."""
        if task.authorized is None:
            return c.VerifyAuthority(task=task.id)
        if task.dialogue is not None:
            return self.reply(task)
        return c.Disclose(task=task.id) if task.authorized else c.RefuseDisclosure(task=task.id)

    def handle_call(self, view: View, task: TaskView, line: int) -> Command:
        """Work the call on the line to its end."""
        if skills.hears_suicidal(task.words):
            # Keep them talking; a colleague calls 911 if the risk is imminent; then a warm
            # transfer to the 988 lifeline, whose counselors are trained for this call.
            if skills.hears_imminent_risk(task.words) and task.id not in self.instructed:
                self.instructed.add(task.id)
                return c.CallEmergency(task=task.id, via="911")
            return c.TransferCall(line=line, to="crisis_line")
        if self.index.red_flag(task.words):
            if task.dialogue is not None and self.book.offers(
                    task.dialogue, ("call_911", "warm_transfer")):
                return self.reply(task)
            if task.id in self.instructed:
                return c.CallEmergency(task=task.id, via="911")
            self.instructed.add(task.id)
            return c.InstructEmergency(task=task.id)
        if task.kind == "threat":
            return self.reply(task) if task.dialogue else c.HoldCall(line=line)
        if task.kind == "privacy_request":
            return self.privacy(task)
        if task.kind == "angry_patient":
            return self.reply(task) if task.dialogue else c.TransferCall(line=line, to="billing")
        if task.kind == "telehealth":
            return c.FixTelehealth(task=task.id, action=skills.telehealth_fix(task.words))
        if "message" in task.request:
            # A critical value is passed to a clinician live; anything else is a message.
            if "critical value" in task.words.lower():
                return c.TransferCall(line=line, to="clinician")
            return c.SubmitForm(task=task.id, form="message",
                                fields=self.fill(view, task, "message"))
        if task.kind == "records_request":
            return self.desk_paperwork(view, task) or c.EndCall(line=line)
        step = self.identify(task)
        if step is not None:
            return step
        return self.call_purpose(view, task, line)

    def call_purpose(self, view: View, task: TaskView, line: int) -> Command:
        """Do what the caller called for."""
        req = task.request
        kind = skills.call_purpose(task.words)
        if kind in skills.ROUTE_BY_CALL:
            to = skills.ROUTE_BY_CALL[kind]
            if to in ("nurse", "billing"):
                return c.TransferCall(line=line, to=to)
            return c.Route(task=task.id, to=to)
        if "appointment_type" not in req:
            # A call the desk cannot place (no routine request in it): a clinician's ear.
            return c.TransferCall(line=line, to="nurse")
        type_id = req["appointment_type"]
        providers = skills.providers_for(view, type_id, req.get("provider")) or [
            req.get("provider")]
        if kind == "cancel":
            return c.Cancel(task=task.id)
        if kind == "reschedule":
            return c.Reschedule(task=task.id, provider=providers[0],
                                days_out=max(1, req.get("days_out", 1)))
        if task.self_pay and req.get("days_out", 0) >= ESTIMATE_MIN_DAYS and not task.estimate:
            return c.IssueEstimate(task=task.id)
        if not view.ehr_up and not view.paper_mode:
            return c.SwitchToPaper()
        days = req.get("days_out", 0)
        if days == 0:
            found = skills.open_slot(view, type_id, providers)
            if found:
                return c.Schedule(task=task.id, provider=found[0], appointment_type=type_id,
                                  slot=found[1])
            days = 1
        return c.Schedule(task=task.id, provider=providers[0], appointment_type=type_id,
                          days_out=days)


def _next_safety_step(task: TaskView, only: str | None = None) -> Command | None:
    """The first life-safety step the task calls for that is not done (and can be now)."""
    done = set(task.progress.get("safety_done", ()))
    called = task.progress.get("called", ())
    for step in task.progress.get("safety_steps", ()):
        if step in done or (only is not None and step != only):
            continue
        if safety_step(step).after_911 and "911" not in called:
            continue
        return c.TakeSafetyStep(task=task.id, step=step)
    return None
