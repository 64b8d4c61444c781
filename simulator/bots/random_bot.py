"""The random bot: presses buttons at random, legal or not, never reading hidden truth."""

from __future__ import annotations

import random

from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import View
from simulator.everyday.forms import FORMS, choices


class RandomBot:
    """Random actions on random tasks; a floor for the score."""

    name = "random"
    pace = 1.0

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:bot:{self.name}")

    def decide(self, view: View) -> list[Command]:
        """Return one random command, or nothing a third of the time."""
        r = self.rng
        if view.ended or r.random() < 0.33:
            return []
        lines = [ln.number for ln in view.lines if ln.status != "idle"] or [1]
        if not view.tasks or r.random() < 0.25:
            return [r.choice([
                c.AnswerCall(line=r.choice(lines)), c.EndCall(line=r.choice(lines)),
                c.HoldCall(line=r.choice(lines)), c.SwitchToPaper(), c.SilentAlarm(),
                c.CallSupport(who=r.choice(["it", "maintenance", "security"])),
                c.RerouteCalls(), c.LeaveDesk(), c.ReturnToDesk()])]
        task = r.choice(view.tasks)
        tid = task.id
        ids = ("name", "dob", "phone", "room_number", "appointment_time")
        provider = r.choice(view.providers)
        type_id = r.choice(provider.type_ids)
        slot = r.choice(view.slots).id if view.slots else None
        options: list[Command] = [
            c.AcknowledgeArrival(task=tid), c.CheckIdentity(task=tid, identifiers=tuple(
                r.sample(ids, r.randint(1, 2)))),
            c.ConfirmInsurance(task=tid),
            c.FlagDiscrepancy(task=tid, field=r.choice(["dob", "member_id", "payer", "expiry"])),
            c.CollectCopay(task=tid), c.CheckIn(task=tid), c.RequestPreauth(task=tid),
            c.Schedule(task=tid, provider=provider.id, appointment_type=type_id, slot=slot),
            c.Schedule(task=tid, provider=provider.id, appointment_type=type_id,
                       days_out=r.randint(1, 10)),
            c.Cancel(task=tid), c.Disclose(task=tid), c.RefuseDisclosure(task=tid),
            c.Route(task=tid, to=r.choice(["nurse", "clinician", "billing", "scheduling",
                                           "records", "office", "file"])),
            c.InstructEmergency(task=tid), c.CallEmergency(task=tid, via=r.choice(["code", "911"])),
            c.ChooseReply(task=tid, choice=r.randint(0, 3)), c.IssueEstimate(task=tid),
            c.VerifyAuthority(task=tid),
            c.TransferCall(line=r.choice(lines), to=r.choice(["nurse", "clinician", "billing"])),
            c.CheckEligibility(task=tid), c.AskToHold(line=r.choice(lines)),
            self._random_form(view, task),
        ]
        return [r.choice(options)]

    def _random_form(self, view: View, task) -> Command:  # noqa: ANN001 - a TaskView
        """Any form, with a random pick or a random scrap of text in every field."""
        r = self.rng
        form = FORMS[r.choice(sorted(FORMS))]
        fields = {}
        for f in form.fields:
            options = choices(f, task.request, view.appointment_types)
            if options:
                fields[f.name] = r.choice(options)
            elif f.kind == "money":
                fields[f.name] = f"{r.randint(0, 300)}.00"
            elif f.kind == "number":
                fields[f.name] = str(r.randint(1, 90))
            elif f.kind == "date":
                fields[f.name] = f"{r.randint(1940, 2020)}-{r.randint(1, 12):02d}-01"
            else:
                fields[f.name] = r.choice(["", "n/a", str(r.randint(10, 999))])
        return c.SubmitForm(task=task.id, form=form.id, fields=fields)
