"""The novice: first in, first out, and the mistakes new hires really make.

It knows the steps but not yet the priorities: it works the oldest thing first, notices
emergencies late, forgets the second identifier, skims cards, books red-flag callers as
routine, argues with angry people, and now and then shares what it should not. Each
mistake is decided once per task from the bot's own seeded stream.
"""

from __future__ import annotations

from simulator.bots import skills
from simulator.bots.expert import ExpertBot
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View

#: How often each mistake happens (per task, or per decision for "freeze").
FLAWS = {
    "one_identifier": 0.4, "skim_card": 0.45, "red_flag_routine": 0.6, "argue": 0.55,
    "disclose": 0.5, "skip_estimate": 0.7, "skip_preauth": 0.5, "skip_copay": 0.3,
    "miss_conflict": 0.6, "no_greeting": 0.7, "typo": 0.3, "forget_notify": 0.4,
    "freeze": 0.6, "skip_it": 0.6, "wrong_route": 0.25,
    # The everyday desk: the slips new hires make on forms and the portal.
    "keep_record": 0.5, "skip_signature": 0.4, "skip_portal": 0.5, "no_receipt": 0.3,
    "family_interpreter": 0.5, "first_listed_primary": 0.5, "guardian_proceed": 0.5,
    "release_records": 0.5, "thin_message": 0.5, "drawer_guess": 0.5, "skip_abn": 0.6,
    "hold_unasked": 0.5,
}


class NoviceBot(ExpertBot):
    """A well-meaning new hire in their first weeks."""

    name = "novice"
    pace = 1.4

    def __init__(self, seed: int):
        super().__init__(seed)
        self._flaws: dict[tuple[str, str], bool] = {}

    def flaw(self, key: str, what: str) -> bool:
        """Decide once whether this mistake happens on this task."""
        memo = (key, what)
        if memo not in self._flaws:
            self._flaws[memo] = self.rng.random() < FLAWS[what]
        return self._flaws[memo]

    def decide(self, view: View) -> list[Command]:
        """Work the oldest thing first; see emergencies late; handle systems when forced."""
        if view.ended:
            return []
        for step in (self._desk_presence, self._late_emergencies, self._live_call,
                     self._fifo, self._systems, self._callout):
            command = step(view)
            if command is not None:
                return [command]
        return []

    def _late_emergencies(self, view: View) -> Command | None:
        if any(t.kind in ("medical_emergency", "threat") for t in view.tasks):
            # Freezing: most decisions, the novice has not yet taken in what is happening.
            if self.rng.random() < FLAWS["freeze"]:
                return None
            return self._emergencies(view)
        return None

    def _fifo(self, view: View) -> Command | None:
        ringing = {ln.task: ln for ln in view.lines if ln.status in ("ringing", "hold")}
        for task in sorted(view.tasks, key=lambda t: (t.arrived, t.id)):
            if task.id in ringing:
                return c.AnswerCall(line=ringing[task.id].number)
            if task.channel == "desk" and task.kind in ("checkin", "walk_in", "privacy_request"):
                if not task.acknowledged and not self.flaw(task.id, "no_greeting"):
                    return c.AcknowledgeArrival(task=task.id)
                if task.kind == "checkin":
                    return self.check_in(view, task)
                if task.kind == "walk_in":
                    return self.walk_in(view, task)
                return self.privacy(task)
            if task.kind == "angry_patient" and task.channel == "desk" and task.dialogue:
                return self.reply(task)
            if task.kind in ("checkout", "records_request", "worklist", "drawer"):
                step = self.desk_paperwork(view, task)
                if step is not None:
                    return step
                continue
            if task.channel == "inbox":
                route = skills.referral_route(task)
                if route == "clinician" and self.flaw(task.id, "miss_conflict"):
                    route = "scheduling"
                return c.Route(task=task.id, to=route)
        return None

    def _systems(self, view: View) -> Command | None:
        if not view.ehr_up and view.power_up and "it" not in view.called and \
                not self.flaw(f"it-{view.now // 3600}", "skip_it"):
            return c.CallSupport(who="it")
        if view.ehr_up:
            for entry in view.paper:
                if not entry.reconciled:
                    return self.reconcile(entry)
        if not view.power_up and not view.phones_work and not view.rerouted:
            return c.RerouteCalls()
        return None

    def tells(self, slot_id: str) -> bool:
        """Sometimes forgets to tell the patient their visit moved."""
        return not self.flaw(slot_id, "forget_notify")

    def reconcile(self, entry) -> Command:
        """Type a paper entry in, sometimes with the digits of the date swapped."""
        dob = entry.dob
        if self.flaw(entry.id, "typo"):
            y, m, d = dob.split("-")
            dob = f"{y}-{d}-{m}" if int(d) <= 12 and d != m else f"{int(y) + 1}-{m}-{d}"
        return c.Reconcile(entry=entry.id, name=entry.name, dob=dob, arrived=entry.arrived)

    def reply(self, task: TaskView) -> Command:
        """Often say what feels natural instead of what the stage calls for."""
        assert task.dialogue is not None
        if self.flaw(f"{task.id}:{task.dialogue.says[:20]}", "argue"):
            wrong = self.book.unfitting(task.dialogue)
            if wrong:
                return c.ChooseReply(task=task.id, choice=self.rng.choice(wrong))
        return super().reply(task)

    def identify(self, task: TaskView) -> Command | None:
        """Sometimes stop after the name."""
        if task.identity:
            return None
        if self.flaw(task.id, "one_identifier"):
            return c.CheckIdentity(task=task.id, identifiers=("name", "appointment_time"))
        return c.CheckIdentity(task=task.id, identifiers=("name", "dob"))

    def finish_check_in(self, view: View, task: TaskView) -> Command:
        """The expert's steps, with a skimmed card and skipped extras now and then."""
        step = self.identify(task) or self.everyday_step(view, task)
        if step is not None:
            return step
        if "balance" in task.request:
            return c.CheckIn(task=task.id)
        if view.ehr_up and task.insurance is None and task.card is not None:
            field = skills.card_mismatch(task)
            if field is None or self.flaw(task.id, "skim_card"):
                return c.ConfirmInsurance(task=task.id)
            return c.FlagDiscrepancy(task=task.id, field=field)
        if skills.needs_preauth(view, task) and not task.preauth and \
                not self.flaw(task.id, "skip_preauth"):
            return c.RequestPreauth(task=task.id)
        if task.card is not None and not task.copay and not self.flaw(task.id, "skip_copay"):
            return c.CollectCopay(task=task.id)
        if not view.ehr_up and not view.paper_mode:
            return c.SwitchToPaper()
        return c.CheckIn(task=task.id)

    def checks_portal(self, task: TaskView) -> bool:
        """Half the time goes by the card alone."""
        return not self.flaw(task.id, "skip_portal")

    def hold(self, task: TaskView, line: int) -> Command:
        """Often just presses hold without asking."""
        if self.flaw(f"{task.id}:{task.line}", "hold_unasked"):
            return c.HoldCall(line=line)
        return super().hold(task, line)

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The right answers, with a new hire's slips on each form."""
        fields = dict(super().fill(view, task, form))
        slip = lambda what: self.flaw(f"{task.id}:{form}", what)  # noqa: E731
        if form == "registration":
            if task.record is not None and slip("keep_record"):
                fields.update(address=task.record.address, phone=task.record.phone)
                if task.record.record is not None:
                    fields["member_id"] = task.record.record.member_id
            if slip("skip_signature"):
                fields["assignment_of_benefits"] = "no"
        elif form == "payment" and slip("no_receipt"):
            fields["receipt"] = "no"
        elif form == "interpreter" and slip("family_interpreter"):
            fields["interpreter"] = "family_member"
        elif form == "coverage" and slip("first_listed_primary"):
            listed = [c["id"] for c in task.request.get("coverages", [])]
            fields["primary"] = listed[0] if listed else fields["primary"]
            fields["secondary"] = listed[1] if len(listed) > 1 else "none"
            fields["msp_asked"] = "no"
        elif form == "guardian" and slip("guardian_proceed"):
            fields.update(decision="proceed", papers="not_needed")
        elif form == "records" and slip("release_records"):
            fields.update(action="log_and_fulfil", due_days="30")
        elif form == "message" and slip("thin_message"):
            fields.update(callback="", urgency="routine", done="nothing_yet")
        elif form == "drawer" and slip("drawer_guess"):
            fields["variance"] = "0.00"
        return fields

    def privacy(self, task: TaskView) -> Command:
        """Half the time, wants to be helpful and just answers."""
        if self.flaw(task.id, "disclose"):
            return c.Disclose(task=task.id)
        return super().privacy(task)

    def handle_call(self, view: View, task: TaskView, line: int) -> Command:
        """Misses red flags often: books them like any other appointment."""
        if skills.hears_red_flag(task.words) and self.flaw(task.id, "red_flag_routine"):
            step = self.identify(task)
            if step is not None:
                return step
            provider = skills.providers_for(view, view.providers[0].type_ids[0])
            return c.Schedule(task=task.id, provider=(provider or [view.providers[0].id])[0],
                              appointment_type=view.providers[0].type_ids[0], days_out=5)
        return super().handle_call(view, task, line)

    def call_purpose(self, view: View, task: TaskView, line: int) -> Command:
        """Skips the estimate; sometimes sends callers to the wrong team."""
        if skills.call_purpose(task.words) in skills.ROUTE_BY_CALL and \
                self.flaw(task.id, "wrong_route"):
            return c.Route(task=task.id, to="office")
        if task.self_pay and not task.estimate and self.flaw(task.id, "skip_estimate"):
            task = _with_estimate(task)
        return super().call_purpose(view, task, line)


def _with_estimate(task: TaskView) -> TaskView:
    """A copy of the task that pretends the estimate is done (so the step is skipped)."""
    from dataclasses import replace

    return replace(task, estimate=True)
