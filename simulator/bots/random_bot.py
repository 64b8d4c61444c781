"""The random bot: presses buttons at random, legal or not, never reading hidden truth."""

from __future__ import annotations

import random

from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import View


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
        ]
        return [r.choice(options)]
