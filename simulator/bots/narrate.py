"""Narration for watch mode: what the expert just did, and why, in the debrief's own words.

Watch mode teaches by saying each of the expert's actions aloud as it lands. The reason is
never a second rulebook: it is the practice feedback at the moment
(:func:`simulator.scoring.moment.moment_feedback`) for the same decision, so a met check
gives the debrief's "why it matters", a reply gives the scenario author's ``why``, and a
late move says what the debrief would say about it. Only when a move changes no scored
check (opening a task, picking a held call back up) does the reason come from the debrief
text of the check that the move serves.

Pure: no pygame, no clock. It reads the view the expert acted on and the outcomes its
command caused, nothing hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View
from simulator.model import ExpandedShift
from simulator.scoring.context import Outcome
from simulator.scoring.moment import Moment, moment_feedback
from simulator.scoring.texts import TEXTS

#: Identifiers and card fields as a person says them.
FIELD_WORDS = {"name": "full name", "dob": "date of birth", "phone": "phone number",
               "address": "address", "member_id": "member ID", "room_number": "room number",
               "appointment_time": "appointment time", "payer": "payer",
               "expiry": "expiry date"}
#: Where a route or a transfer sends the work.
TARGET_WORDS = {"nurse": "the nurse", "clinician": "a clinician", "billing": "billing",
                "scheduling": "scheduling", "records": "medical records",
                "office": "the office manager", "file": "the file"}
TELEHEALTH_WORDS = {"resend_link": "Sent a fresh video link",
                    "record_consent": "Recorded the telehealth consent",
                    "convert_in_person": "Turned the video visit into an in-person visit"}
SUPPORT_WORDS = {"it": "IT support", "maintenance": "maintenance", "security": "security"}

#: Words of a reply quoted in its narration (the author's reason matters more).
QUOTE_WORDS = 12
#: Checks whose practice line already says what was done; it stands on its own.
SELF_SAYING = frozenset({"held", "call_ended"})

#: For a move that changes no scored check: the check it serves (its debrief "why").
SERVES: dict[str, str] = {
    "select_task": "priority_inversion", "acknowledge": "greeted",
    "answer_call": "slow_response", "hold_call": "long_hold", "transfer_call": "routed",
    "end_call": "abandoned", "instruct_911": "red_flag_routed",
    "call_emergency": "emergency_escalated", "move_bystanders": "bystanders_moved",
    "check_identity": "identity", "confirm_insurance": "card_checked",
    "flag_discrepancy": "discrepancy_caught", "request_preauth": "preauth",
    "check_referral": "referral",
    "auth_hold": "auth_hold", "collect_copay": "copay", "check_in": "checked_in",
    "schedule": "booked", "reschedule": "moved", "cancel": "cancelled",
    "notify_patient": "patient_notified", "issue_estimate": "estimate",
    "verify_authority": "privacy_decision", "disclose": "privacy_decision",
    "refuse_disclosure": "privacy_decision", "route": "routed",
    "fix_telehealth": "telehealth_fixed", "switch_to_paper": "paper_on_time",
    "reconcile": "paper_reconciliation", "choose_reply": "reply",
    "silent_alarm": "alarm_raised", "call_support": "it_called",
    "reroute_calls": "calls_rerouted", "leave_desk": "desk_abandoned",
    "return_to_desk": "desk_abandoned",
}
SUPPORT_SERVES = {"it": "it_called", "maintenance": "maintenance_called",
                  "security": "alarm_raised"}


def narrate(x: ExpandedShift, command: Command, view: View, outcomes: Sequence[Outcome],
            start: int) -> Moment:
    """One or two plain sentences: what the expert did and why.

    Args:
        x: The shift being watched.
        command: The command the expert applied.
        view: The desk as the expert saw it just before the command.
        outcomes: Every outcome so far, the command's last.
        start: How many outcomes there were before the command.

    Returns:
        The narration, toned like practice feedback (good, bad, or info for a refusal or a
        move that changed no check).
    """
    did = _did(command, view)
    # Praise for a check already met once is shortened in practice; a watcher is told
    # the reason every time, so nothing is marked as told.
    moment = moment_feedback(x, outcomes, start)
    if moment is None:
        return Moment("info", f"{did}. {_serves(command)}".strip())
    if command.type == "choose_reply" and moment.code is None:
        # The practice line is the author's reason (and the better reply, if any).
        return Moment(moment.tone, f"{did} {moment.text}", moment.code)
    if moment.code in SELF_SAYING:
        return Moment(moment.tone, moment.text, moment.code)
    if moment.tone == "good" and moment.code in TEXTS and TEXTS[moment.code][1]:
        return Moment("good", f"{did}. {TEXTS[moment.code][1]}", moment.code)
    return Moment(moment.tone, f"{did}. {moment.text}", moment.code)


def _serves(command: Command) -> str:
    """The debrief's reason for the check a move serves."""
    code = SERVES.get(command.type, "")
    if command.type == "call_support":
        code = SUPPORT_SERVES.get(getattr(command, "who", ""), code)
    return TEXTS[code][1] if code in TEXTS else ""


def _task_of(command: Command, view: View) -> TaskView | None:
    """The task a command works on: named, or the call on its line."""
    task_id = getattr(command, "task", None)
    if task_id:
        return view.task(task_id)
    number = getattr(command, "line", None)
    line = next((ln for ln in view.lines if ln.number == number), None)
    return view.task(line.task) if line is not None and line.task else None


def _did(command: Command, view: View) -> str:
    """What the command did, in the past tense, with the task it was for."""
    task = _task_of(command, view)
    title = f" ({task.title})" if task is not None else ""
    kind = command.type
    line = getattr(command, "line", "")
    if kind == "choose_reply":
        choices = task.dialogue.choices if task is not None and task.dialogue else ()
        index = getattr(command, "choice", 0)
        said = _quote(choices[index]) if index < len(choices) else "a reply"
        return f'Replied "{said}"{title}.'
    if kind == "answer_call":
        found = next((ln for ln in view.lines if ln.number == line), None)
        if found is not None and found.status == "hold":
            return f"Picked up the held caller on line {line}{title}"
        # A ringing line's task is titled by the line; the caller is the news.
        caller = f": {found.caller}" if found is not None and found.caller else ""
        return f"Answered line {line}{caller}"
    if kind in ("schedule", "reschedule"):
        return _booking(command, view) + title
    words = {
        "select_task": "Opened it",
        "acknowledge": "Greeted them and gave a wait time",
        "hold_call": f"Put line {line} on hold",
        "transfer_call": f"Transferred line {line} to "
                         f"{TARGET_WORDS.get(getattr(command, 'to', ''), 'the right team')}",
        "end_call": f"Ended the call on line {line}",
        "instruct_911": "Read the 911 script: hang up and call 911 now",
        "call_emergency": "Called the medical code" if getattr(command, "via", "") == "code"
                          else "Called 911",
        "move_bystanders": "Moved the family and onlookers back",
        "check_identity": "Checked two identifiers, " + " and ".join(
            FIELD_WORDS.get(i, "an identifier") for i in getattr(command, "identifiers", ())),
        "confirm_insurance": "Compared the card with the record: they match",
        "flag_discrepancy": f"Flagged the card's "
                            f"{FIELD_WORDS.get(getattr(command, 'field', ''), 'field')}: it "
                            f"differs from the record",
        "request_preauth": "Requested pre-authorization for the visit",
        "check_referral": "Checked that the PCP's referral for the visit is on file",
        "auth_hold": "Placed a billing hold on the account (statements pause)",
        "collect_copay": "Collected the copay",
        "check_in": "Checked the patient in",
        "cancel": "Cancelled the visit",
        "notify_patient": "Told the patient their visit moved",
        "issue_estimate": "Gave a Good Faith Estimate",
        "verify_authority": "Checked the authorization list before sharing anything",
        "disclose": "Shared the information: they are on the authorization list",
        "refuse_disclosure": "Politely declined to share the information",
        "route": "Filed it" if getattr(command, "to", "") == "file" else
                 f"Sent it to {TARGET_WORDS.get(getattr(command, 'to', ''), 'the right team')}",
        "fix_telehealth": TELEHEALTH_WORDS.get(getattr(command, "action", ""),
                                               "Fixed the video visit"),
        "switch_to_paper": "Switched to paper mode",
        "reconcile": "Entered a paper record into the EHR",
        "silent_alarm": "Pressed the silent alarm",
        "call_support": f"Called {SUPPORT_WORDS.get(getattr(command, 'who', ''), 'support')}",
        "reroute_calls": "Forwarded the lines to the office cell phone",
        "leave_desk": "Left the desk",
        "return_to_desk": "Came back to the desk",
    }
    return words.get(kind, "Acted") + title


def _booking(command: Command, view: View) -> str:
    """A booking or a move: the visit, the clinician and the day."""
    providers = {getattr(p, "id", ""): getattr(p, "title", "") for p in view.providers}
    who = providers.get(getattr(command, "provider", ""), "") or "the clinician"
    type_id = getattr(command, "appointment_type", None)
    name = str(view.appointment_types.get(type_id or "", {}).get("name", "visit"))
    # "Outpatient MRI" reads "an outpatient MRI": lower case, but not the acronyms.
    visit = " ".join(w if w.isupper() else w.lower() for w in name.split())
    article = "an" if visit[:1] in "aeiou" else "a"
    slot_id = getattr(command, "slot", None)
    slot = next((s for s in view.slots if s.id == slot_id), None) if slot_id else None
    days = getattr(command, "days_out", 0)
    when = (f" at {view.clock_at(slot.start)}" if slot is not None else
            " today" if days == 0 else " tomorrow" if days == 1 else f", {days} days out")
    if command.type == "reschedule":
        return f"Moved the visit to {who}{when}"
    return f"Booked {article} {visit} with {who}{when}"



def _quote(text: str, words: int = QUOTE_WORDS) -> str:
    """The start of a reply: the bar has room for two lines, and the reason comes first."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]).rstrip(".,;:") + "..."
