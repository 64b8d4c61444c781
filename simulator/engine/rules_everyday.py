"""Everyday desk rules: the payer portal, the desk's forms, and asking before a hold.

The forms themselves (fields, options) and what each situation owes live in
:mod:`simulator.everyday`; this module only carries the trainee's command out: it checks
that the form fits the task and is filled in, records what was submitted, and closes the
tasks a form finishes (a check-out, a records request, a message, the drawer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.rules_desk import engage
from simulator.engine.state import Rejected
from simulator.everyday.duties import everyday, form_due, portal_answer
from simulator.everyday.forms import FORMS, problems

if TYPE_CHECKING:
    from simulator.engine.shift import Shift

#: Forms that write into the practice-management system (unusable while the EHR is down).
_SYSTEM_FORMS = frozenset({"registration", "payment", "coverage"})
#: Forms that finish their task, and how the task is closed.
_CLOSES = {"checkout": "checked out", "records": "records request logged",
           "message": "message taken", "drawer": "drawer reconciled"}


def check_eligibility(shift: Shift, cmd: c.CheckEligibility) -> None:
    """Ask the payer portal whether a patient's coverage is active, and for what."""
    state = engage(shift, cmd.task)
    if not shift.systems.ehr_usable:
        raise Rejected("the systems are down: the payer portal cannot be reached")
    listed = [pid for pid, _ in everyday(state.spec).get("worklist", [])]
    pid = cmd.patient if listed else state.spec.patient_id
    if listed and cmd.patient not in listed:
        raise Rejected("choose one of the patients on this worklist")
    if not listed and cmd.patient not in (None, state.spec.patient_id):
        raise Rejected("check the coverage of this task's own patient")
    if pid is None:
        raise Rejected("this task has no patient whose coverage could be checked")
    patient = shift.patients[pid]
    answer = portal_answer(state.spec, patient)
    if answer is None:
        raise Rejected("this patient is self-pay: there is no coverage to check")
    state.notes.setdefault("portal", {})[pid] = answer
    shift.record(o.EligibilityChecked(state.id, patient=pid, benefits=answer))
    if listed and all(p in state.notes["portal"] for p in listed):
        shift.close(state, "resolved", "worklist checked")


def submit_form(shift: Shift, cmd: c.SubmitForm) -> None:
    """Submit a desk form for a task, once."""
    state = engage(shift, cmd.task)
    form = FORMS[cmd.form]
    if state.spec.kind not in form.kinds:
        raise Rejected(f"the {form.title} form is not used for this task")
    done = state.notes.get("forms", {})
    if cmd.form in done:
        raise Rejected(f"the {form.title} form was already submitted")
    if cmd.form in _SYSTEM_FORMS and not shift.systems.ehr_usable:
        raise Rejected("the EHR is down: write it on paper and enter it once it is back")
    # In field order, whatever order the journal's JSON keeps the keys in.
    fields = {f.name: cmd.fields[f.name] for f in form.fields if f.name in cmd.fields}
    wrong = problems(form, dict(cmd.fields), state.spec.request, shift.x.appointment_types)
    if wrong:
        raise Rejected("; ".join(wrong))
    state.notes.setdefault("forms", {})[cmd.form] = fields
    shift.record(o.FormSubmitted(state.id, form=cmd.form, fields=dict(fields),
                                 due=form_due(state.spec, cmd.form)))
    if cmd.form in _CLOSES:
        shift.close(state, "resolved", _CLOSES[cmd.form])


def ask_to_hold(shift: Shift, cmd: c.AskToHold) -> None:
    """Ask the caller on a line whether they can hold; a caller in crisis says no."""
    line = shift.line_of(cmd.line)
    if line.status != "talking" or line.task is None:
        raise Rejected(f"line {line.index} is {line.status}, not talking")
    state = shift.task(line.task)
    agreed = not state.spec.truth.get("red_flag") and state.spec.kind != "threat"
    state.notes["hold_ok"] = agreed
    shift.record(o.HoldAsked(state.id, line=line.index, agreed=agreed))
