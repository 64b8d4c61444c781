"""A filled-in form against the right answer: which fields are right, field by field.

:func:`expected` works out the right value of every field from the facts the desk can see
(the request, the portal's answer, the payer list); :func:`grade` compares a submission
with it using the tolerant matching of :mod:`simulator.textmatch`.
"""

from __future__ import annotations

from typing import Any, Final

from simulator.everyday import rules
from simulator.everyday.forms import FORMS, NO, YES, FormField
from simulator.textmatch import (
    cents,
    normalize,
    same_address,
    same_date,
    same_phone,
    same_text,
)

#: A right value is a string, or a set of strings any of which is right.
Answer = str | frozenset[str]

#: What a clinical message is for decides who gets it and how soon (the desk's message
#: protocol): a question a nurse can answer goes to the nurse; a hospital discharge needs
#: a follow-up booked within days, so it goes to the clinician today.
MESSAGE_RULES: Final[dict[str, tuple[str, str]]] = {
    "refill_question": ("nurse", "today"), "prior_authorization": ("office", "routine"),
    "lab_result": ("nurse", "today"), "hospital_discharge": ("clinician", "today"),
    "symptom_question": ("nurse", "today"), "paperwork": ("office", "routine"),
    "other": ("office", "routine")}
#: What the desk tells the caller, by urgency: a call back today for anything not routine.
CALLBACK_PROMISE: Final = {"routine": "told_callback_in_2_days", "today": "told_callback_today",
                           "urgent": "told_callback_today"}


def price_cents(types: dict[str, dict[str, Any]], type_id: str | None) -> int:
    """The self-pay price of a visit type in cents (0 when unknown)."""
    if type_id is None or type_id not in types:
        return 0
    return int(round(float(types[type_id].get("price") or 0) * 100))


def expected(form: str, request: dict[str, Any], portal: dict[str, Any] | None,
             types: dict[str, dict[str, Any]], insured: bool = True) -> dict[str, Answer]:
    """The right value of each field of ``form`` for a task with this visible ``request``.

    Args:
        form: The form id.
        request: The task's visible request (intake sheet, cards, what was asked).
        portal: The payer portal's benefits answer for the patient (None if not checked
            or uninsured).
        types: The clinic's appointment types (for prices).
        insured: Whether the patient has a card on file or presents one.
    """
    if form == "registration":
        sheet = request.get("intake", {})
        out: dict[str, Answer] = {k: str(sheet.get(k, "")) for k in (
            "name", "dob", "address", "phone", "member_id", "emergency_name",
            "emergency_phone")}
        for key in ("photo_id", "privacy_notice", "consent_to_treat", "financial_policy",
                    "assignment_of_benefits"):
            out[key] = YES
        out["card_scanned"] = YES if insured else NO
        return out
    if form == "payment":
        due = rules.amount_due(portal if insured else None,
                               price_cents(types, request.get("appointment_type")),
                               int(request.get("balance", 0)))
        now, plan = rules.collection(due, request.get("can_pay"))
        return {"amount": str(now), "method": frozenset({"card", "cash", "check"}),
                "payment_plan": YES if plan else NO, "receipt": YES}
    if form == "abn":
        return {"service": str(request.get("appointment_type", "")), "signed": YES}
    if form == "coverage":
        coverages = list(request.get("coverages", []))
        primary, secondary = rules.coverage_order(coverages, request.get("injury"))
        medicare = any(c["kind"] == "medicare" for c in coverages)
        return {"primary": primary, "secondary": secondary,
                "msp_asked": YES if medicare else frozenset({YES, NO})}
    if form == "guardian":
        who = request.get("guardian", {})
        papers, decision = rules.guardian_decision(str(who.get("relationship", "")),
                                                   bool(who.get("papers_shown")))
        return {"relationship": str(who.get("relationship", "")), "papers": papers,
                "decision": decision}
    if form == "interpreter":
        need = str(request.get("access", "none"))
        return {"interpreter": rules.INTERPRETER_FOR[need],
                "paid_by": "practice" if need != "none" else frozenset({"practice",
                                                                         "patient"})}
    if form == "records":
        action = rules.records_action(str(request.get("records_request")))
        days: Answer = (str(rules.RECORDS_DAYS) if action == "log_and_fulfil"
                        else frozenset({"*"}))
        return {"action": action, "due_days": days}
    if form == "message":
        said = request.get("message", {})
        reason = str(request.get("message_reason", "other"))
        to, urgency = MESSAGE_RULES[reason]
        return {"to": to, "who": str(said.get("who", "")),
                "callback": str(said.get("callback", "")),
                "reason": reason, "urgency": urgency, "done": CALLBACK_PROMISE[urgency]}
    if form == "checkout":
        return {"visit_summary": YES, "referral_sent": YES if request.get("referral_to")
                else NO}
    if form == "drawer":
        drawer = request.get("drawer", {})
        return {"variance": str(rules.drawer_variance(
            int(drawer.get("opening", 0)), list(drawer.get("posted", [])),
            int(drawer.get("counted", 0))))}
    raise KeyError(form)


def grade(form: str, fields: dict[str, str], answer: dict[str, Answer]) -> dict[str, bool]:
    """Whether each field of a submission is right (every field of the form is graded)."""
    spec = FORMS[form]
    return {f.name: _right(f, fields.get(f.name, ""), answer.get(f.name, ""))
            for f in spec.fields}


def _right(field: FormField, typed: str, right: Answer) -> bool:
    if isinstance(right, frozenset):
        return "*" in right or typed in right
    if field.kind == "money":
        return cents(typed) == int(right)
    if field.kind == "number":
        value = _int(typed)
        return value is not None and 1 <= value <= int(right)
    if field.kind == "address":
        return same_address(typed, right)
    if field.kind == "date":
        return same_date(typed, right)
    if field.kind == "phone":
        return same_phone(typed, right) if right else typed.strip() == ""
    if field.kind == "person":
        wanted = set(normalize(right).split())
        return bool(wanted) and wanted <= set(normalize(typed).split())
    if field.kind == "text":
        return same_text(typed, right)
    return typed == right


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 4 else None


def shown(form: str, answer: dict[str, Answer]) -> dict[str, str]:
    """The right answer as the debrief prints it (sets become "a or b", cents dollars)."""
    out = {}
    for f in FORMS[form].fields:
        value = answer.get(f.name, "")
        if isinstance(value, frozenset):
            out[f.name] = "any" if "*" in value else " or ".join(sorted(value))
        elif f.kind == "money":
            out[f.name] = f"${int(value) / 100:,.2f}"
        else:
            out[f.name] = value
    return out
