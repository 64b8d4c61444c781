"""The everyday desk as a trained secretary works it, decided from the view alone.

The next form to fill in or portal check to run for a task, with the right answers worked
out by :func:`simulator.everyday.grade.expected` from what the view shows (the intake
sheet, the cards, the portal's answer once checked). The expert uses these; the novice
and the human-paced bot build on them.
"""

from __future__ import annotations

from simulator.engine import commands as c
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View
from simulator.everyday.forms import FORMS, NO, YES, FormSpec, choices
from simulator.everyday.grade import expected
from simulator.everyday.rules import abn_due

#: Request keys that show the desk has everyday paperwork for this arrival.
EVERYDAY_KEYS = ("intake", "balance", "coverages", "guardian", "access")


def is_everyday(task: TaskView) -> bool:
    """Whether an arrival carries the everyday desk's paperwork (intake, payment, ...)."""
    return any(key in task.request for key in EVERYDAY_KEYS)


def card_of(task: TaskView):  # noqa: ANN201 - Insurance | None
    """The coverage the patient presents: the card, else the record's."""
    if task.card is not None:
        return task.card
    return task.record.record if task.record is not None else None


def portal_of(task: TaskView) -> dict | None:
    """The portal's answer for the task's own patient, once checked."""
    portal = task.progress.get("portal", {})
    return next(iter(portal.values()), None) if portal else None


#: What a caller's words say they are calling about (a listener's ear, not the answer key).
HEARD_REASONS: tuple[tuple[str, str], ...] = (
    ("critical value", "lab_result"), ("results for", "lab_result"),
    ("prior authorization", "prior_authorization"), ("dose", "refill_question"),
    ("prescription", "refill_question"), ("discharged", "hospital_discharge"),
    ("dizzy", "symptom_question"), ("keep taking", "symptom_question"),
    ("form", "paperwork"))


def heard_reason(words: str) -> str:
    """The message reason a trained listener hears in a caller's words."""
    text = words.lower()
    return next((reason for key, reason in HEARD_REASONS if key in text), "other")


def answers(view: View, task: TaskView, form: str) -> dict[str, str]:
    """A submission with the right value in every field (the first right one of a set)."""
    request = dict(task.request)
    if form == "message":
        request["message_reason"] = heard_reason(task.words)
    right = expected(form, request, portal_of(task), view.appointment_types,
                     insured=card_of(task) is not None)
    out = {}
    for f in FORMS[form].fields:
        value = right.get(f.name, "")
        if isinstance(value, frozenset):
            # Any answer is right ("*"): a number field still needs a number.
            options = sorted(value - {"*"}) or (["30"] if f.kind == "number" else
                                                 list(f.choices[:1]))
            value = options[0]
        elif f.kind == "money":
            value = f"{int(value) / 100:.2f}"
        out[f.name] = str(value)
    return out


def due_forms(view: View, task: TaskView) -> list[str]:
    """The forms this task calls for, judged from what the desk can see, in desk order."""
    req = task.request
    out = []
    if "intake" in req:
        out.append("registration")
    card = card_of(task)
    if card is not None and abn_due(view.payers, card.payer_id, req.get("appointment_type")):
        out.append("abn")
    for key, form in (("coverages", "coverage"), ("guardian", "guardian"),
                      ("access", "interpreter")):
        if key in req:
            out.append(form)
    if "balance" in req:
        out.append("payment")
    if task.kind == "records_request":
        out.append("records")
    if task.kind == "checkout":
        out.append("checkout")
    if task.kind == "drawer":
        out.append("drawer")
    return out


def needs_portal(task: TaskView) -> bool:
    """Check the portal once for every arrival with paperwork and a card.

    A new patient, a new card, an amount to collect, and Medicaid (whose eligibility can
    change month to month) all need it, and checking is never wrong.
    """
    if card_of(task) is None or task.progress.get("portal"):
        return False
    return task.kind in ("checkin", "walk_in") or "balance" in task.request


def next_step(view: View, task: TaskView, fill=answers,
              check_portal: bool = True) -> Command | None:
    """The next paperwork command for ``task``, or None when its paperwork is done.

    Args:
        view: What the desk shows.
        task: The task to work.
        fill: Makes the submission for a form (the expert's :func:`answers` by default;
            the novice passes its own, with its mistakes).
        check_portal: Run the eligibility check before the forms that need it (a novice
            sometimes goes by the card alone).
    """
    if task.kind == "worklist":
        checked = task.progress.get("portal", {})
        for entry in task.request.get("worklist", []):
            if entry["patient"] not in checked:
                return c.CheckEligibility(task=task.id, patient=entry["patient"])
        return None
    done = task.progress.get("forms", {})
    forms = [f for f in due_forms(view, task) if f not in done]
    if forms and check_portal and needs_portal(task) and view.ehr_up:
        return c.CheckEligibility(task=task.id)
    if task.kind == "checkout" and "follow_up" in task.request and not task.booked:
        return None  # the caller books the follow-up first (it needs a provider's day)
    for form in forms:
        return c.SubmitForm(task=task.id, form=form, fields=fill(view, task, form))
    return None


def blank(spec: FormSpec, view: View, task: TaskView) -> dict[str, str]:
    """A form with its first option everywhere and nothing typed (for bots that skip work)."""
    out = {}
    for f in spec.fields:
        if f.kind == "yesno":
            out[f.name] = YES
        elif f.kind == "choice":
            options = choices(f, task.request, view.appointment_types)
            out[f.name] = options[0] if options else ""
        elif f.kind == "money":
            out[f.name] = "0"
        elif f.kind == "number":
            out[f.name] = "30"
        elif f.kind == "date":
            out[f.name] = "2000-01-01"
        else:
            out[f.name] = ""
    return out


__all__ = ["NO", "YES", "answers", "blank", "due_forms", "is_everyday", "next_step"]
