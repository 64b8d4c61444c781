"""Checks for the everyday desk's obligations: each form graded field by field.

The right answer comes from :func:`simulator.everyday.grade.expected`, fed the facts the
desk could see (the task's request, the payer portal's answer for the patient's card, the
clinic's prices), so the debrief can print the right value of every field that was wrong.
"""

from __future__ import annotations

from typing import Any

from simulator.everyday.duties import DUTIES, portal_answer
from simulator.everyday.forms import FORMS
from simulator.everyday.grade import expected, grade, shown
from simulator.model import TaskSpec
from simulator.protocol import CLINICAL_ROUTES, Obligation
from simulator.scoring.context import ScoreContext
from simulator.scoring.obligations import Check, Verdict


def answer_for(ctx: ScoreContext, spec: TaskSpec, form: str) -> dict[str, Any]:
    """The right answer to ``form`` for this task, from what the desk could see."""
    patient = next((p for p in ctx.x.patients if p.id == spec.patient_id), None)
    portal = portal_answer(spec, patient) if patient is not None else None
    insured = patient is not None and (patient.card or patient.record) is not None
    return expected(form, spec.request, portal, ctx.x.appointment_types, insured)


def _end(ctx: ScoreContext, spec: TaskSpec) -> int:
    end = ctx.ended.get(spec.id)
    return end["t"] if end else ctx.x.length


def _form_check(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    duty = DUTIES[ob.code]
    form = str(duty.form)
    answer = answer_for(ctx, spec, form)
    submitted = next((o for o in ctx.all(spec.id, "FormSubmitted") if o["form"] == form),
                     None)
    right_values = shown(form, answer)
    if submitted is None:
        return Verdict(0, _end(ctx, spec), {
            "form": FORMS[form].title, "submitted": False,
            "form_words": f"the {FORMS[form].title.lower()} form was never completed"})
    right = grade(form, submitted["fields"], answer)
    wrong = [name for name in duty.weights if not right[name]]
    earned = sum(w for name, w in duty.weights.items() if right[name])
    labels = {f.name: f.label for f in FORMS[form].fields}
    words = "; ".join(
        f"{labels[name]}: '{submitted['fields'].get(name, '')}', should be "
        f"'{right_values[name]}'" for name in wrong)
    return Verdict(earned, submitted["t"], {
        "form": FORMS[form].title, "submitted": True, "wrong": wrong,
        "form_words": f"on the {FORMS[form].title.lower()} form, {words}" if wrong
        else "every field was right"})


def _eligibility(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    checked = next((o for o in ctx.all(spec.id, "EligibilityChecked")
                    if o["patient"] == spec.patient_id), None)
    if checked is None:
        return Verdict(0, _end(ctx, spec), {"checked": False})
    return Verdict(ob.points, checked["t"], {"checked": True})


def _eligibility_before(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    pid, by = ob.fact("patient"), int(ob.fact("by"))
    checked = next((o for o in ctx.all(spec.id, "EligibilityChecked")
                    if o["patient"] == pid), None)
    name = next((p.name for p in ctx.x.patients if p.id == pid), pid)
    in_time = checked is not None and checked["t"] <= by
    return Verdict(ob.points if in_time else 0, checked["t"] if checked else by,
                   {"patient_name": name, "checked": checked is not None,
                    "late": checked is not None and not in_time})


def _critical_result(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    arrived = ctx.arrived[spec.id]
    passed = next((o for o in ctx.all(spec.id, "CallTransferred")
                   if o["to"] in CLINICAL_ROUTES), None)
    within = int(ob.fact("within"))
    if passed is None:
        return Verdict(0, arrived + within, {"after": None, "target": within,
                                             "passed_words": "never passed to a clinician"})
    after = passed["t"] - arrived
    return Verdict(ob.points if after <= within else 2, passed["t"],
                   {"after": after, "target": within,
                    "passed_words": f"passed to a clinician after {after} s"})


def everyday_breaches(ctx: ScoreContext, rule: str) -> list[tuple[int, str]]:
    """(time, task) of each breach of an everyday critical rule.

    ``minor_without_consent``: a child checked in when the adult with them could not
    consent and nobody reached a parent or guardian. ``records_released_without_authority``:
    a records request logged for release when it needed more.
    """
    out: list[tuple[int, str]] = []
    for spec in ctx.arrived_specs():
        facts = spec.truth.get("everyday") or {}
        if rule == "minor_without_consent" and facts.get("guardian"):
            right = answer_for(ctx, spec, "guardian")["decision"]
            checked_in = ctx.first(spec.id, "PatientCheckedIn")
            said = next((o["fields"].get("decision") for o in ctx.all(spec.id, "FormSubmitted")
                         if o["form"] == "guardian"), None)
            if checked_in and right == "reach_parent_or_guardian" and said != right:
                out.append((checked_in["t"], spec.id))
        if rule == "records_released_without_authority" and facts.get("records"):
            right = answer_for(ctx, spec, "records")["action"]
            for o in ctx.all(spec.id, "FormSubmitted"):
                if o["form"] == "records" and o["fields"].get("action") == "log_and_fulfil" \
                        and right != "log_and_fulfil":
                    out.append((o["t"], spec.id))
    return out


EVERYDAY_CHECKS: dict[str, Check] = {
    **{code: _form_check for code, duty in DUTIES.items() if duty.form is not None},
    "eligibility_checked": _eligibility, "eligibility_before": _eligibility_before,
    "critical_result": _critical_result,
}
