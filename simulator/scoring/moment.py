"""Feedback at the moment: what one decision did to the score, in plain words, as it happens.

Practice shows it as a toast after every decision. It is not a second set of rules: the
decision's effect is read from the same checks the debrief scores (obligations, misuse,
response times, replies), by scoring the shift's outcomes just before the decision and
just after it and comparing the checks of the tasks it touched.

* A refused command says why it was refused.
* A reply gives the scenario author's own reason for that reply (``why:`` in the dialogue).
* A check that lost points (a misuse, a slow first response, a wrong booking or route)
  says what happened and the expert move, from the debrief's texts.
* A task that closed with work still owed (what :func:`simulator.protocol.obligations`
  lists) says what was left.
* A check newly met says what went right and why it matters.

Pure: no pygame, no clock. The words name no framework stages: those belong to the debrief.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.lifesafety import SAFETY_STEPS
from simulator.model import ExpandedShift
from simulator.protocol import MISUSES, POINTS
from simulator.scoring import collect_findings, deescalation
from simulator.scoring.context import ENDS, Finding, Outcome, ScoreContext
from simulator.scoring.feedback import build_feedback
from simulator.scoring.texts import TEXTS

Tone = Literal["good", "bad", "info"]


@dataclass(frozen=True)
class Moment:
    """One piece of feedback on one decision.

    Attributes:
        tone: good (a check met), bad (points lost or work left owed), info (refused).
        text: One or two plain sentences.
        code: The check it is about (None for a refusal or a reply).
    """

    tone: Tone
    text: str
    code: str | None = None


#: What went right, per check code, in the words a trainer would say it.
GOOD_WORDS: dict[str, str] = {
    "identity": "Two identifiers checked before the record was used.",
    "card_checked": "Card compared with the record.",
    "discrepancy_caught": "Good catch: the card and the record differ.",
    "preauth": "Pre-authorization requested for a visit that needs it.",
    "referral": "The PCP referral the plan needs is checked.",
    "copay": "Copay collected at the time of service.",
    "checked_in": "Checked in.",
    "greeted": "Greeted with a wait time.",
    "booked": "The visit they asked for is booked.",
    "moved": "The visit is moved as asked.",
    "cancelled": "Cancelled as asked.",
    "routed": "Sent to the team that should have it.",
    "conflict_routed": "The conflict went to a clinician.",
    "telehealth_fixed": "The video visit problem is fixed.",
    "visit_moved": "The visit is moved off the absent clinician's list.",
    "patient_notified": "The patient knows their visit moved.",
    "privacy_decision": "Privacy decided correctly.",
    "red_flag_routed": "Right call: emergency symptoms go straight to 911 or a clinician.",
    "emergency_escalated": "Help is on the way. Now clear space and guide the family.",
    "ems_called": "911 is on the way too: the ambulance can take the patient to the hospital.",
    "bystanders_moved": "Family and onlookers moved back.",
    "alarm_raised": "Alarm pressed. Keep distance and stay behind the desk.",
    "estimate": "Good Faith Estimate given.",
    "auth_hold": "Billing hold placed: statements pause while the balance is reviewed.",
    "paper_on_time": "Paper mode on: capture name, date of birth, reason and arrival time.",
    "it_called": "IT support called.",
    "calls_rerouted": "Calls forwarded to the office cell phone.",
    "maintenance_called": "Maintenance called.",
    "paper_reconciliation": "Paper record entered correctly.",
    "slow_response": "Answered within the target time.",
    "long_hold": "Back to the held caller within a minute.",
    "police_called": "Police are on the way. Keep your distance and the desk between you.",
    "colleague_911": "911 is on the way to them. Keep them talking until the transfer.",
    **{f"safety_{s.step}": s.done for s in SAFETY_STEPS},
}

#: Checks that stay open while their moment lasts (a hold not yet picked up, a paper record
#: not yet entered): scored at the end, they would read as already failed, so only a gain
#: on them is reported.
STILL_OPEN = frozenset({"long_hold", "paper_reconciliation"})

#: Checks whose change this moment does not report on its own: they are judged over a
#: whole conversation or shift, and the debrief explains them.
WHOLE_SHIFT = frozenset({"priority_inversion", "agitation_rose", "conversation_unresolved",
                         "abandoned"})


#: Decisions that cost nothing yet but are not right (the check can still be met): the
#: outcome kind, the facts that would make it right, and what to say.
NOT_YET: dict[str, tuple[tuple[str, ...], str]] = {
    "IdentityChecked": (("valid",), "Those do not identify anyone: use two identifiers, such "
                        "as full name and date of birth."),
    "InsuranceConfirmed": (("correct",), "Look again: something on the card differs from the "
                           "record. Compare payer, member ID, dates and date of birth."),
    "DiscrepancyFlagged": (("correct",), "That field matches the record. Flag only the field "
                           "that really differs."),
}


def moment_feedback(x: ExpandedShift, outcomes: Sequence[Outcome], start: int,
                    told: frozenset[str] = frozenset()) -> Moment | None:
    """Feedback on the decision whose outcomes are ``outcomes[start:]``.

    Args:
        x: The shift being played.
        outcomes: Every outcome so far, the decision's last.
        start: How many outcomes there were before the decision.
        told: Checks already praised this shift: praise for them again is one short line,
            without the reason (which the trainee has read once).

    Returns:
        The one thing most worth saying about it, or None when nothing changed.
    """
    new = list(outcomes[start:])
    for o in new:
        if o["kind"] == "CommandRejected":
            return Moment("info", f"Not now: {o['reason']}.")
        if o["kind"] == "ReplyChosen":
            return _reply(x, o)
    touched = {o["task"] for o in new if o.get("task")}
    if not touched:
        return None
    before_ctx = ScoreContext(x, list(outcomes[:start]))
    ctx = ScoreContext(x, list(outcomes))
    before = _tally(collect_findings(before_ctx, judge_help=False), touched)
    after = _tally(collect_findings(ctx, judge_help=False), touched)
    changed = [(f, before.get(k)) for k, f in after.items() if before.get(k) != f]
    worse = [f for f, was in changed if f.lost > (was.lost if was else 0)
             and f.code not in STILL_OPEN]
    if worse:
        first = max(worse, key=_weight)
        return Moment("bad", _explain(ctx, first), first.code)
    for o in new:
        if o["kind"] in NOT_YET and not all(o.get(flag) for flag in NOT_YET[o["kind"]][0]):
            return Moment("bad", NOT_YET[o["kind"]][1])
    ended = [o["task"] for o in new if o["kind"] in ENDS and o.get("task")]
    # Owed: nothing of it done when the task closed (a part done is reported below).
    owed = [f for f in after.values() if f.task in ended and f.earned == 0 and f.lost > 0
            and f.code in POINTS]
    if owed:
        first = max(owed, key=_weight)
        return Moment("bad", "Ended with work still owed. " + _explain(ctx, first),
                      first.code)
    gained = [f for f, was in changed if f.earned > (was.earned if was else 0)]
    partial = [f for f in gained if f.lost > 0]
    if partial:
        first = max(partial, key=_weight)
        return Moment("bad", _explain(ctx, first), first.code)
    if gained:
        best = max(gained, key=lambda f: (f.code != "slow_response", f.possible))
        words = GOOD_WORDS.get(best.code, "Done right.")
        why = "" if best.code in told else TEXTS.get(best.code, ("", "", "", ()))[1]
        return Moment("good", f"{words} {why}".strip(), best.code)
    if ended:
        title = ctx.specs[ended[0]].title if ended[0] in ctx.specs else "The task"
        return Moment("good", f"{title}: done, with nothing left owed.")
    if any(o["kind"] == "CallHeld" and o.get("reason") for o in new):
        return Moment("good", "On hold so the ringing line can be answered." + (
            "" if "held" in told else " Come back to this caller within a minute."), "held")
    if any(o["kind"] == "CallEnded" and o.get("handled") for o in new):
        return Moment("good", "Call ended once the caller's business was done." + (
            "" if "call_ended" in told else " The line is free for the next one."),
            "call_ended")
    return None


#: A check as it stands: its code, its task, and which of that task's checks of that code.
Key = tuple[str, str | None, int]


def _tally(findings: list[Finding], tasks: set[str]) -> dict[Key, Finding]:
    """The checks of the tasks a decision touched, each keyed so that before and after meet.

    A task can owe one check several times (a visit to move per slot, a reply per beat);
    they come in a stable order, so the n-th of a code is the same check in both lists.
    """
    out: dict[Key, Finding] = {}
    seen: dict[tuple[str, str | None], int] = {}
    for f in findings:
        if f.task in tasks and f.code not in WHOLE_SHIFT:
            n = seen.get((f.code, f.task), 0)
            seen[(f.code, f.task)] = n + 1
            out[(f.code, f.task, n)] = f
    return out


def _weight(f: Finding) -> tuple[bool, int]:
    """Critical misuses first, then the most points lost."""
    crit = f.code in MISUSES and MISUSES[f.code].critical
    return crit, f.lost


def _explain(ctx: ScoreContext, f: Finding) -> str:
    """What happened and the expert move, from the debrief's own texts."""
    item = build_feedback(ctx, [f], {}, [])[0]
    return " ".join(p for p in (item["what"], item["expert_move"] or item["why"]) if p)


def _reply(x: ExpandedShift, o: Outcome) -> Moment:
    """A reply: the author's own reason for it, and the better reply when it fell short."""
    dialogue = x.dialogues.get(o.get("dialogue") or "", {})
    beat = next((b for b in dialogue.get("beats", []) if b["id"] == o["beat"]), None)
    good = o["meaning"] in ("best", "good")
    if beat is None:
        return Moment("good" if good else "bad",
                      "That reply helped." if good else "That reply did not help.")
    said = beat["choices"][o["choice"]]
    if good:
        return Moment("good", f"Good reply. {said['why']}")
    best = max(beat["choices"], key=lambda ch: (deescalation.MEANING_POINTS[ch["meaning"]],
                                                len(ch.get("heard", []))))
    return Moment("bad", f"{said['why']} Better: \"{best['text']}\"")
