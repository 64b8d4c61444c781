"""Flawed experts of the everyday desk: the expert with one habit or one missing skill.

Like :mod:`simulator.bots.flawed`, each changes one hook and counts where the change
showed (``applied``), so the adversarial benchmark can hold the score to its targets on
registration, the portal, interpreters, minors, records and holds.
"""

from __future__ import annotations

from simulator.bots.flawed import FlawedExpert
from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View


class FamilyInterpreter(FlawedExpert):
    """Lets a relative interpret (a serious habit: clinical meaning lost, a child burdened)."""

    name = "expert+family-interpreter"

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The interpreter form with a family member chosen."""
        fields = super().fill(view, task, form)
        if form == "interpreter":
            self.applied(task.id)
            fields = {**fields, "interpreter": "family_member"}
        return fields


class ProceedForMinor(FlawedExpert):
    """Goes ahead with whoever brought the child, papers or not (a serious habit)."""

    name = "expert+proceed-for-minor"

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The guardian form always says proceed."""
        fields = super().fill(view, task, form)
        if form == "guardian" and fields["decision"] != "proceed":
            self.applied(task.id)
            fields = {**fields, "decision": "proceed", "papers": "not_needed"}
        return fields


class ReleaseAnyRecords(FlawedExpert):
    """Logs every records request for release, subpoena or therapy notes alike (serious)."""

    name = "expert+release-any-records"

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The records form always releases."""
        fields = super().fill(view, task, form)
        if form == "records" and fields["action"] != "log_and_fulfil":
            self.applied(task.id)
            fields = {**fields, "action": "log_and_fulfil", "due_days": "30"}
        return fields


class HoldUnasked(FlawedExpert):
    """Presses hold without asking first (a lesser habit: courtesy, not safety)."""

    name = "expert+hold-unasked"

    def hold(self, task: TaskView, line: int) -> Command:
        """Straight to hold."""
        self.applied((task.id, line))
        return c.HoldCall(line=line)


class NoRegistration(FlawedExpert):
    """Never enters the intake packet (the missing skill: registration)."""

    name = "expert-no-registration"

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """Registration left as the record had it, signatures not collected."""
        fields = super().fill(view, task, form)
        if form == "registration":
            self.applied(task.id)
            record = task.record
            fields = {**{k: "" for k in fields}, **{k: "no" for k in (
                "photo_id", "card_scanned", "privacy_notice", "consent_to_treat",
                "financial_policy", "assignment_of_benefits")}}
            if record is not None:
                fields.update(name=record.name, dob=record.dob, phone=record.phone,
                              address=record.address)
        return fields


class NoEligibility(FlawedExpert):
    """Never checks the payer portal (the missing skill: eligibility and benefits)."""

    name = "expert-no-eligibility"

    def checks_portal(self, task: TaskView) -> bool:
        """Goes by the card alone."""
        self.applied(task.id)
        return False

    def desk_paperwork(self, view: View, task: TaskView) -> Command | None:
        """The worklist is left alone."""
        if task.kind == "worklist":
            self.applied(task.id)
            return None
        return super().desk_paperwork(view, task)


class NoAbn(FlawedExpert):
    """Never gives the Advance Beneficiary Notice (missing skill: Medicare ABN)."""

    name = "expert-no-abn"

    def fill(self, view: View, task: TaskView, form: str) -> dict[str, str]:
        """The ABN unsigned."""
        fields = super().fill(view, task, form)
        if form == "abn":
            self.applied(task.id)
            fields = {**fields, "signed": "no"}
        return fields


EVERYDAY_FLAWED: tuple[type[FlawedExpert], ...] = (
    FamilyInterpreter, ProceedForMinor, ReleaseAnyRecords, HoldUnasked, NoRegistration,
    NoEligibility, NoAbn)
#: Each one's dimension(s), for the adversarial benchmark.
EVERYDAY_EXPECTED: dict[str, tuple[str, ...]] = {
    "expert+family-interpreter": ("compliance",),
    "expert+proceed-for-minor": ("compliance",),
    "expert+release-any-records": ("compliance",),
    "expert+hold-unasked": ("deescalation",),
    "expert-no-registration": ("accuracy", "compliance"),
    "expert-no-eligibility": ("accuracy",),
    "expert-no-abn": ("compliance",),
}
