"""Conversation rules: a reply moves the person's agitation and may act (alarm, 911, ...)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from simulator.dialogue_terms import CpiStage, stage_for
from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine import rules_incidents
from simulator.engine.rules_calls import require_on_line, route_red_flag
from simulator.engine.state import Rejected, TaskState
from simulator.lifesafety import stays_on_line

if TYPE_CHECKING:
    from simulator.engine.shift import Shift


def current_beat(shift: Shift, state: TaskState) -> dict[str, Any] | None:
    """The beat the person is at, or None when there is no live conversation."""
    if state.dialogue is None or state.dialogue.done or state.spec.dialogue_id is None:
        return None
    beats = shift.x.dialogues[state.spec.dialogue_id]["beats"]
    return beats[state.dialogue.beat] if state.dialogue.beat < len(beats) else None


def reply_order(shift: Shift, state: TaskState, beat: dict[str, Any]) -> tuple[int, ...]:
    """The order the replies of ``beat`` are shown in: authored indexes, shuffled per beat.

    Authors tend to list the best reply first; showing that order would be an answer key.
    The shuffle is seeded from the shift's seed, the task and the beat, so it is the same
    in every replay and differs from beat to beat.
    """
    d = state.dialogue
    assert d is not None
    order = d.orders.get(beat["id"])
    if order is None:
        indexes = list(range(len(beat["choices"])))
        random.Random(f"{shift.x.seed}:replies:{state.id}:{beat['id']}").shuffle(indexes)
        order = d.orders[beat["id"]] = tuple(indexes)
    return order


def stage_of(shift: Shift, state: TaskState) -> CpiStage:
    """The person's CPI stage now: the beat's declared stage, else from agitation.

    Behaviour decides the stage where the author says what it is (a man walking round the
    desk is at risk behaviour whatever the number says); the agitation number is the
    fallback for beats that do not declare one.
    """
    d = state.dialogue
    if d is None:
        return stage_for(state.agitation, falling=False)
    beat = current_beat(shift, state)
    declared: CpiStage | None = beat.get("stage") if beat is not None else None
    if declared:
        return declared
    return stage_for(d.agitation, falling=d.agitation < d.peak - 10)


def choose_reply(shift: Shift, cmd: c.ChooseReply) -> None:
    """Give one of the offered replies."""
    state = shift.task(cmd.task)
    if state.spec.channel == "phone":
        require_on_line(shift, state)
    beat = current_beat(shift, state)
    if beat is None:
        raise Rejected("there is no conversation to reply to")
    choices = beat["choices"]
    if cmd.choice >= len(choices):
        raise Rejected(f"there are only {len(choices)} replies to choose from")
    shift.respond(state)
    authored = reply_order(shift, state, beat)[cmd.choice]
    choice = choices[authored]
    d = state.dialogue
    assert d is not None
    stage = stage_of(shift, state)
    before = d.agitation
    d.agitation = max(0, min(100, d.agitation + int(choice["agitation"])))
    d.peak = max(d.peak, d.agitation)
    state.agitation = d.agitation
    shift.record(o.ReplyChosen(
        state.id, beat=beat["id"], choice=authored, shown=cmd.choice, meaning=choice["meaning"],
        violation=choice.get("violation"), stage=stage, fits=stage in choice["fits"],
        heard=list(choice.get("heard", [])), leap=list(choice.get("leap", [])),
        agitation_before=before, agitation_after=d.agitation, dialogue=state.spec.dialogue_id))
    if choice.get("violation") == "phi_disclosure":
        state.notes["leaked"] = True
        shift.record(o.PhiDisclosed(state.id, to=state.spec.request.get("requester", "person")))
    if choice.get("violation") == "left_desk":
        _left_desk(shift, state)
    if choice.get("violation") == "downgraded_red_flag" and state.spec.truth.get("red_flag"):
        shift.record(o.RedFlagBookedRoutine(state.id, symptom=state.spec.truth["red_flag"],
                                            how="reply"))
    _act(shift, state, choice.get("action", "none"))
    if not state.open:
        d.done = True
        return
    _advance(shift, state, choice, beat)


def _left_desk(shift: Shift, state: TaskState) -> None:
    threat = bool(shift.open_of_kind("threat"))
    shift.record(o.DeskLeft(state.id, during_threat=threat))
    if threat:
        shift.record(o.DeskAbandonedDuringThreat(state.id))


def _act(shift: Shift, state: TaskState, action: str) -> None:
    if action == "silent_alarm":
        if not shift.systems.alarm:
            rules_incidents.trigger_alarm(shift, state.id)
    elif action == "call_security":
        shift.record(o.SecurityCalled(state.id))
        shift.systems.called.add("security")
    elif action == "call_police":
        rules_incidents.call_police(shift, state)
    elif action == "call_911":
        if stays_on_line(state.spec.truth):
            shift.record(o.InstructionInsufficient(
                state.id, reason="never ask a suicidal caller to hang up"))
        elif state.spec.truth.get("red_flag") and state.spec.truth.get("can_call_911", True):
            route_red_flag(shift, state, "911 script")
        elif state.spec.truth.get("red_flag"):
            shift.record(o.InstructionInsufficient(
                state.id, reason="caller cannot call 911; a warm transfer is needed"))
        shift.record(o.EmergencyInstructed(state.id,
                                           red_flag=bool(state.spec.truth.get("red_flag"))))
    elif action == "warm_transfer":
        if state.spec.truth.get("red_flag"):
            route_red_flag(shift, state, "warm transfer to clinician")
        shift.record(o.CallTransferred(state.id, line=state.line, to="clinician",
                                       expected=state.spec.truth.get("route"),
                                       red_flag=bool(state.spec.truth.get("red_flag"))))
    elif action == "call_billing":
        shift.record(o.ItemRouted(state.id, to="billing", expected="billing", correct=True,
                                  conflict=False))
    elif action == "offer_estimate" and not state.estimate:
        state.estimate = True
        shift.record(o.EstimateIssued(state.id, due=bool(state.spec.truth.get("estimate_due"))))
    elif action == "give_wait_time" and not state.acknowledged:
        state.acknowledged = True
        shift.record(o.ArrivalAcknowledged(state.id, after=shift.now - state.spec.at))


#: How a person reacts to a critical reply the author let the conversation carry on from:
#: they act on what they were told (the daughter happy with "next Tuesday" hangs up), or,
#: for a reply that ignores their safety or argues, the situation escalates.
CRITICAL_ENDING: dict[str, str] = {
    "medical_advice": "acted_on", "downgraded_red_flag": "acted_on",
    "phi_disclosure": "acted_on", "unkeepable_promise": "acted_on",
    "ignored_safety": "escalated", "arguing": "escalated", "blaming": "escalated",
}


def _advance(shift: Shift, state: TaskState, choice: dict[str, Any],
             beat: dict[str, Any]) -> None:
    d = state.dialogue
    dialogue_id = state.spec.dialogue_id
    assert d is not None and dialogue_id is not None  # a live beat implies both
    then = choice.get("then", "continue")
    if choice["meaning"] == "critical" and then in ("continue", "resolved"):
        # Never answer a critical reply as if the best one had been given.
        then = CRITICAL_ENDING.get(choice.get("violation") or "", then)
    if d.agitation >= 100 and then == "continue":
        then = "escalated"
    beats = shift.x.dialogues[dialogue_id]["beats"]
    if then == "continue":
        nxt = choice.get("next")
        d.beat = (next(i for i, b in enumerate(beats) if b["id"] == nxt) if nxt
                  else d.beat + 1)
        if d.beat < len(beats):
            return
        then = "resolved" if d.agitation < 70 else "escalated"
    d.done = True
    shift.record(o.ConversationEnded(state.id, result=then, agitation=d.agitation))
    if then == "resolved":
        if state.spec.kind == "privacy_request" and not state.notes.get("leaked"):
            _settle_privacy(shift, state)
        if state.spec.kind not in ("checkin", "walk_in", "checkout", "records_request"):
            shift.close(state, "resolved", "conversation resolved")
    elif then == "escalated":
        if "security" not in shift.systems.called:
            shift.record(o.SecurityCalled(state.id))
            shift.systems.called.add("security")
        if state.spec.kind != "threat":
            shift.close(state, "escalated", "security called")
    elif then == "asked_to_leave":
        # De-escalation failed despite good technique; asking them to leave is the right
        # end (DOMAIN.md section 1, item 6). A threat stays open until police or security
        # arrive, when they were called.
        if state.spec.kind != "threat" or not state.notes.get("police_called"):
            shift.close(state, "resolved", "asked to leave")
    elif then == "left":
        shift.record(o.PersonLeftAngry(state.id))
        shift.close(state, "abandoned", "left angry")
    elif then == "acted_on":
        # They believed the reply and went off to act on it: nobody helped them properly.
        shift.record(o.PersonActedOnCriticalReply(state.id,
                                                  violation=choice.get("violation")))
        if state.spec.kind not in ("threat",):
            shift.close(state, "abandoned", "left acting on a critical reply")


def _settle_privacy(shift: Shift, state: TaskState) -> None:
    """A request talked through to a good end: shared with the authorized, else declined."""
    authorized = bool(state.spec.truth.get("authorized"))
    if authorized:
        shift.record(o.InformationDisclosed(state.id, authorized=True,
                                            verified=state.authority_checked,
                                            identity_valid=state.identity_valid))
    else:
        shift.record(o.DisclosureRefused(state.id, authorized=False,
                                         verified=state.authority_checked))
