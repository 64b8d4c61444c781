"""The desk's forms: what each asks, as typed fields a person fills in and a bot submits.

One :class:`FormSpec` per form; the desk UI draws any of them from the spec, the engine
validates a submission against it, and scoring grades the fields by name. Field values
travel as strings (what a person types or picks), so a journal line is plain JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

FieldKind = Literal["text", "person", "address", "date", "phone", "money", "number", "choice",
                    "yesno"]
#: Where a choice field's options come from when they depend on the shift.
ChoiceSource = Literal["appointment_types", "coverages", "none"]
FormId = Literal["registration", "payment", "abn", "coverage", "guardian", "interpreter",
                 "records", "message", "checkout", "drawer"]
YES, NO = "yes", "no"


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of a form.

    Attributes:
        name: Stable key (journals and grading use it).
        label: What the desk shows beside it.
        kind: How it is typed and matched (``address`` matches "St." to "Street";
            ``person`` needs every word of the name somewhere in what was typed; a
            ``number`` answer may be at most the expected figure).
        choices: The options of a choice field (empty when ``source`` gives them).
        source: For choices that depend on the shift (the clinic's visit types, the
            coverages the patient presented).
    """

    name: str
    label: str
    kind: FieldKind
    choices: tuple[str, ...] = ()
    source: ChoiceSource = "none"


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A desk form: its fields and the kinds of task it belongs to."""

    id: FormId
    title: str
    kinds: frozenset[str]
    fields: tuple[FormField, ...]

    def field(self, name: str) -> FormField:
        """The field called ``name`` (KeyError if there is none)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _yes(name: str, label: str) -> FormField:
    return FormField(name, label, "yesno", (YES, NO))


ARRIVALS: Final = frozenset({"checkin", "walk_in"})
INTERPRETERS: Final = ("phone_interpreter", "video_interpreter", "in_person_interpreter",
                       "sign_language_interpreter", "family_member", "none_needed")
#: Why a clinician is being messaged (the reasons the desk's message pad lists).
MESSAGE_REASONS: Final = ("refill_question", "prior_authorization", "lab_result",
                          "hospital_discharge", "symptom_question", "paperwork", "other")
URGENCIES: Final = ("routine", "today", "urgent")
MESSAGE_DONE: Final = ("nothing_yet", "told_callback_today", "told_callback_in_2_days",
                       "sent_to_911")
RECORDS_ACTIONS: Final = ("log_and_fulfil", "get_signed_authorization",
                          "send_to_privacy_officer", "refuse")
RELATIONSHIPS: Final = ("parent", "legal_guardian", "stepparent", "grandparent", "other_adult")
PAPERS: Final = ("seen", "not_needed", "missing")
GUARDIAN_DECISIONS: Final = ("proceed", "reach_parent_or_guardian")

FORMS: Final[dict[str, FormSpec]] = {f.id: f for f in (
    FormSpec("registration", "Registration and intake", ARRIVALS, (
        FormField("name", "Legal name", "text"),
        FormField("dob", "Date of birth", "date"),
        FormField("address", "Home address", "address"),
        FormField("phone", "Phone", "phone"),
        FormField("member_id", "Member ID (from the card)", "text"),
        FormField("emergency_name", "Emergency contact", "text"),
        FormField("emergency_phone", "Emergency phone", "phone"),
        _yes("photo_id", "Photo ID seen and scanned"),
        _yes("card_scanned", "Insurance card scanned, both sides"),
        _yes("privacy_notice", "Notice of Privacy Practices acknowledged"),
        _yes("consent_to_treat", "Consent to treat signed"),
        _yes("financial_policy", "Financial policy signed"),
        _yes("assignment_of_benefits", "Assignment of benefits signed"),
    )),
    FormSpec("payment", "Time-of-service payment", ARRIVALS | {"checkout"}, (
        FormField("amount", "Amount collected now ($)", "money"),
        FormField("method", "Method", "choice", ("card", "cash", "check")),
        _yes("payment_plan", "Payment plan set up for the rest"),
        _yes("receipt", "Receipt given and payment posted"),
    )),
    FormSpec("abn", "Advance Beneficiary Notice (Medicare)", ARRIVALS, (
        FormField("service", "Service Medicare may not cover", "choice",
                  source="appointment_types"),
        _yes("signed", "Patient chose an option and signed"),
    )),
    FormSpec("coverage", "Coverage order (COB and Medicare Secondary Payer)", ARRIVALS, (
        FormField("primary", "Primary", "choice", source="coverages"),
        FormField("secondary", "Secondary", "choice", source="coverages"),
        _yes("msp_asked", "Medicare Secondary Payer questions asked"),
    )),
    FormSpec("guardian", "Minor: who consents", ARRIVALS, (
        FormField("relationship", "Adult with the child is the", "choice", RELATIONSHIPS),
        FormField("papers", "Custody or guardianship papers", "choice", PAPERS),
        FormField("decision", "Decision", "choice", GUARDIAN_DECISIONS),
    )),
    FormSpec("interpreter", "Language and access", ARRIVALS | {"records_request"}, (
        FormField("interpreter", "Interpreter", "choice", INTERPRETERS),
        FormField("paid_by", "Interpreter paid by", "choice", ("practice", "patient")),
    )),
    FormSpec("records", "Records request", frozenset({"records_request"}), (
        FormField("action", "Action", "choice", RECORDS_ACTIONS),
        FormField("due_days", "Respond within (days)", "number"),
    )),
    FormSpec("message", "Message for the clinical team", frozenset({"call"}), (
        FormField("to", "To", "choice", ("nurse", "clinician", "billing", "office")),
        FormField("who", "Who called (name and role)", "person"),
        FormField("callback", "Call-back number", "phone"),
        FormField("reason", "Reason", "choice", MESSAGE_REASONS),
        FormField("urgency", "Urgency", "choice", URGENCIES),
        FormField("done", "What the desk did", "choice", MESSAGE_DONE),
    )),
    FormSpec("checkout", "Check-out", frozenset({"checkout"}), (
        _yes("visit_summary", "After-visit summary handed over"),
        _yes("referral_sent", "Outgoing referral sent"),
    )),
    FormSpec("drawer", "Cash drawer reconciliation", frozenset({"drawer"}), (
        FormField("variance", "Over (+) or short (-) ($)", "money"),
    )),
)}


def forms_for(kind: str) -> tuple[FormSpec, ...]:
    """The forms a task of ``kind`` can use, in the desk's order."""
    return tuple(f for f in FORMS.values() if kind in f.kinds)


#: Coverage choices that are not one of the patient's plans.
OTHER_PAYERS: Final = ("workers_comp", "auto", "none")


def choices(f: FormField, request: dict[str, object],
            types: dict[str, dict[str, object]]) -> tuple[str, ...]:
    """The options of a choice field for a task (fixed, or from the shift's facts)."""
    if f.source == "appointment_types":
        return tuple(types)
    if f.source == "coverages":
        presented = request.get("coverages") or []
        ids = [str(c["id"]) for c in presented if isinstance(c, dict)]  # type: ignore[union-attr]
        return (*ids, *OTHER_PAYERS)
    return f.choices


def problems(spec: FormSpec, fields: dict[str, str], request: dict[str, object],
             types: dict[str, dict[str, object]]) -> list[str]:
    """Why a submission cannot be accepted as it stands (empty when it can).

    Every field must be present; choices must be one of the options; a money field a dollar
    amount, a date a date, a number a whole number. Text may be left empty (a self-pay
    patient has no member ID), and grading decides whether that was right.
    """
    from simulator.textmatch import cents, same_date

    out = [f"there is no field '{name}' on the {spec.title} form"
           for name in sorted(fields) if name not in {f.name for f in spec.fields}]
    for f in spec.fields:
        value = fields.get(f.name)
        if value is None:
            out.append(f"fill in '{f.label}'")
        elif f.kind in ("choice", "yesno"):
            options = choices(f, request, types)
            if value not in options:
                out.append(f"'{f.label}' must be one of: {', '.join(options)}")
        elif f.kind == "money" and cents(value) is None:
            out.append(f"'{f.label}' must be a dollar amount such as 25.00")
        elif f.kind == "date" and not same_date(value, value):
            out.append(f"'{f.label}' must be a date such as 1984-03-27 or 03/27/1984")
        elif f.kind == "number" and not (value.strip().isdigit() and len(value.strip()) <= 4):
            out.append(f"'{f.label}' must be a whole number")
    return out
