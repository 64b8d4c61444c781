"""The trainee's whole vocabulary, as command objects (imperative names).

Commands are frozen pydantic models discriminated on ``type``, so a journal line is one
command's JSON and replays for free. ``COSTS`` gives the seconds of desk work each one
takes; bots pace themselves with it (a human's pace is their own).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from simulator.everyday.forms import FormId
from simulator.lifesafety import SafetyStepName

Identifier = Literal["name", "dob", "phone", "address", "member_id", "room_number",
                     "appointment_time"]
CardField = Literal["dob", "member_id", "payer", "expiry"]
#: ``crisis_line`` is the 988 Suicide & Crisis Lifeline, for a caller who must stay on a line.
TransferTarget = Literal["nurse", "clinician", "billing", "crisis_line"]
RouteTarget = Literal["nurse", "clinician", "billing", "scheduling", "records", "office", "file"]
EmergencyVia = Literal["code", "911"]
TelehealthAction = Literal["resend_link", "record_consent", "convert_in_person"]
SupportTeam = Literal["it", "maintenance", "security"]


class _Cmd(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SelectTask(_Cmd):
    """Make a task the current one."""

    type: Literal["select_task"] = "select_task"
    task: str


class AcknowledgeArrival(_Cmd):
    """Greet someone who walked up and give them a wait estimate (AIDET)."""

    type: Literal["acknowledge"] = "acknowledge"
    task: str


class AnswerCall(_Cmd):
    """Answer a ringing line, or pick a held call back up (holding the current one)."""

    type: Literal["answer_call"] = "answer_call"
    line: int


class AskToHold(_Cmd):
    """Ask the caller on a line whether they can hold (before putting them on hold)."""

    type: Literal["ask_to_hold"] = "ask_to_hold"
    line: int


class HoldCall(_Cmd):
    """Put a line on hold."""

    type: Literal["hold_call"] = "hold_call"
    line: int


class TransferCall(_Cmd):
    """Warm-transfer the caller on a line."""

    type: Literal["transfer_call"] = "transfer_call"
    line: int
    to: TransferTarget


class EndCall(_Cmd):
    """Hang up a line."""

    type: Literal["end_call"] = "end_call"
    line: int


class InstructEmergency(_Cmd):
    """Read the emergency script: hang up and call 911 now; confirm they will."""

    type: Literal["instruct_911"] = "instruct_911"
    task: str


class CallEmergency(_Cmd):
    """Call the medical code or 911 yourself."""

    type: Literal["call_emergency"] = "call_emergency"
    task: str
    via: EmergencyVia = "911"


class MoveBystanders(_Cmd):
    """Calm and move family and other patients away from an emergency."""

    type: Literal["move_bystanders"] = "move_bystanders"
    task: str


class TakeSafetyStep(_Cmd):
    """Take one life-safety step of a crisis (check the elevator, send for the AED, ...)."""

    type: Literal["safety_step"] = "safety_step"
    task: str
    step: SafetyStepName


class CheckIdentity(_Cmd):
    """Verify who someone is with two identifiers."""

    type: Literal["check_identity"] = "check_identity"
    task: str
    identifiers: tuple[Identifier, ...] = Field(min_length=1, max_length=3)


class ConfirmInsurance(_Cmd):
    """Declare that the insurance card matches the record."""

    type: Literal["confirm_insurance"] = "confirm_insurance"
    task: str


class FlagDiscrepancy(_Cmd):
    """Flag a mismatch between the card and the record."""

    type: Literal["flag_discrepancy"] = "flag_discrepancy"
    task: str
    field: CardField


class RequestPreauth(_Cmd):
    """Ask the payer for pre-authorization of the visit."""

    type: Literal["request_preauth"] = "request_preauth"
    task: str


class CheckReferral(_Cmd):
    """Confirm the PCP's referral is on file, or ask the patient to get one from their PCP."""

    type: Literal["check_referral"] = "check_referral"
    task: str


class CheckEligibility(_Cmd):
    """Run an eligibility check on the payer portal (for one patient of a worklist)."""

    type: Literal["check_eligibility"] = "check_eligibility"
    task: str
    patient: str | None = None


class SubmitForm(_Cmd):
    """Submit one of the desk's forms (registration, payment, ABN, ...) for a task.

    ``fields`` holds what was typed or picked, by field name (see
    :data:`simulator.everyday.forms.FORMS`).
    """

    type: Literal["submit_form"] = "submit_form"
    task: str
    form: FormId
    fields: dict[str, Annotated[str, Field(max_length=200)]] = Field(max_length=20)


class SetAuthHold(_Cmd):
    """Place or clear an authorization hold on the account."""

    type: Literal["auth_hold"] = "auth_hold"
    task: str
    on: bool = True


class CollectCopay(_Cmd):
    """Collect the copay."""

    type: Literal["collect_copay"] = "collect_copay"
    task: str


class CheckIn(_Cmd):
    """Check the patient in for their visit (on paper during downtime)."""

    type: Literal["check_in"] = "check_in"
    task: str


class Schedule(_Cmd):
    """Book a visit: a slot today (``slot``) or ``days_out`` business days ahead."""

    type: Literal["schedule"] = "schedule"
    task: str
    provider: str
    appointment_type: str
    slot: str | None = None
    days_out: int = Field(0, ge=0, le=120)


class Reschedule(_Cmd):
    """Move a booked visit (``appointment`` is its slot id) to another provider, slot or day."""

    type: Literal["reschedule"] = "reschedule"
    task: str
    appointment: str | None = None
    provider: str
    slot: str | None = None
    days_out: int = Field(0, ge=0, le=120)


class Cancel(_Cmd):
    """Cancel a visit."""

    type: Literal["cancel"] = "cancel"
    task: str
    appointment: str | None = None


class NotifyPatient(_Cmd):
    """Tell a patient their visit has moved."""

    type: Literal["notify_patient"] = "notify_patient"
    task: str
    appointment: str


class IssueEstimate(_Cmd):
    """Give a self-pay patient a Good Faith Estimate."""

    type: Literal["issue_estimate"] = "issue_estimate"
    task: str


class VerifyAuthority(_Cmd):
    """Check whether a requester is authorized to receive the patient's information."""

    type: Literal["verify_authority"] = "verify_authority"
    task: str


class Disclose(_Cmd):
    """Share the requested information."""

    type: Literal["disclose"] = "disclose"
    task: str


class RefuseDisclosure(_Cmd):
    """Decline to share, citing privacy, and offer the proper route."""

    type: Literal["refuse_disclosure"] = "refuse_disclosure"
    task: str


class Route(_Cmd):
    """Send an item or a message to the right person or team."""

    type: Literal["route"] = "route"
    task: str
    to: RouteTarget


class FixTelehealth(_Cmd):
    """Fix a telehealth problem."""

    type: Literal["fix_telehealth"] = "fix_telehealth"
    task: str
    action: TelehealthAction


class SwitchToPaper(_Cmd):
    """Start the downtime procedure: capture essentials on paper."""

    type: Literal["switch_to_paper"] = "switch_to_paper"


class Reconcile(_Cmd):
    """Enter a paper record into the EHR once it is back."""

    type: Literal["reconcile"] = "reconcile"
    entry: str
    name: str = Field(max_length=200)
    dob: str = Field(max_length=20)
    arrived: str = Field(max_length=10)


class ChooseReply(_Cmd):
    """Give one of the offered replies in a conversation."""

    type: Literal["choose_reply"] = "choose_reply"
    task: str
    choice: int = Field(ge=0, le=9)


class SilentAlarm(_Cmd):
    """Press the silent alarm."""

    type: Literal["silent_alarm"] = "silent_alarm"


class CallSupport(_Cmd):
    """Call IT, maintenance or security."""

    type: Literal["call_support"] = "call_support"
    who: SupportTeam


class RerouteCalls(_Cmd):
    """Forward the clinic's lines to the mobile phone."""

    type: Literal["reroute_calls"] = "reroute_calls"


class LeaveDesk(_Cmd):
    """Step away from the desk."""

    type: Literal["leave_desk"] = "leave_desk"


class ReturnToDesk(_Cmd):
    """Come back to the desk."""

    type: Literal["return_to_desk"] = "return_to_desk"


Command = Annotated[
    SelectTask | AcknowledgeArrival | AnswerCall | AskToHold | HoldCall | TransferCall | EndCall
    | InstructEmergency | CallEmergency | MoveBystanders | TakeSafetyStep | CheckIdentity
    | ConfirmInsurance
    | FlagDiscrepancy | RequestPreauth | CheckReferral | CheckEligibility | SubmitForm
    | SetAuthHold | CollectCopay | CheckIn
    | Schedule
    | Reschedule | Cancel | NotifyPatient | IssueEstimate | VerifyAuthority | Disclose
    | RefuseDisclosure | Route | FixTelehealth | SwitchToPaper | Reconcile | ChooseReply
    | SilentAlarm | CallSupport | RerouteCalls | LeaveDesk | ReturnToDesk,
    Field(discriminator="type"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command, config=ConfigDict(defer_build=True))

#: Seconds of desk work per command type, for pacing bots.
COSTS: dict[str, int] = {
    "select_task": 2, "acknowledge": 5, "answer_call": 4, "ask_to_hold": 3, "hold_call": 2,
    "transfer_call": 15,
    "end_call": 3, "instruct_911": 30, "call_emergency": 25, "move_bystanders": 30,
    "safety_step": 20,
    "check_identity": 20, "confirm_insurance": 30, "flag_discrepancy": 40,
    "request_preauth": 60, "check_referral": 45, "check_eligibility": 40, "submit_form": 60,
    "auth_hold": 20, "collect_copay": 30,
    "check_in": 20,
    "schedule": 45, "reschedule": 45, "cancel": 20, "notify_patient": 40,
    "issue_estimate": 60, "verify_authority": 20, "disclose": 20, "refuse_disclosure": 20,
    "route": 15, "fix_telehealth": 45, "switch_to_paper": 15, "reconcile": 45,
    "choose_reply": 15, "silent_alarm": 2, "call_support": 30, "reroute_calls": 30,
    "leave_desk": 5, "return_to_desk": 5,
}


def parse_command(data: dict[str, Any]) -> Command:
    """Validate one command from JSON data (raises pydantic.ValidationError)."""
    return COMMAND_ADAPTER.validate_python(data)
