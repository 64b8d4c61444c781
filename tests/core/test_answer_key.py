"""No answer key: the view shows words, replies are shuffled, and critical replies end talks."""

from __future__ import annotations

import dataclasses

from simulator.bots import brief, make_bot
from simulator.engine import commands as c
from simulator.engine.expand import expand
from simulator.engine.rules_dialogue import current_beat, reply_order
from simulator.engine.runner import run_bot
from simulator.engine.state import DialogueState, TaskState
from simulator.engine.view import DialogueView
from simulator.protocol import command_refusal
from simulator.scoring import score_shift
from simulator.ui.screens.desk_actions import task_actions
from tests.core.shifts import (
    at,
    event_task,
    expanded,
    generated_call,
    outcomes,
    scenario,
    shown_position,
)
from tests.core.shifts import start as start_shift


def test_the_dialogue_view_carries_words_only():
    """Replies come as text: no ratings, stages they fit, steps or actions."""
    fields = {f.name for f in dataclasses.fields(DialogueView)}
    assert fields == {"says", "choices", "agitation", "stage"}


def _stroke_call():
    spec = at(event_task(expanded(), "stroke-call"), 10)
    shift = start_shift(expanded(), spec)
    shift.advance(12)
    assert shift.apply(c.AnswerCall(line=1))
    return shift, spec


def test_reply_order_is_seeded_per_beat_and_the_same_in_every_replay():
    """The same beat shows the same order in two shifts; the best reply is not pinned first."""
    first, spec = _stroke_call()
    again, _ = _stroke_call()
    state = first.tasks[spec.id]
    beat = current_beat(first, state)
    assert beat is not None
    order = reply_order(first, state, beat)
    assert order == reply_order(again, again.tasks[spec.id], current_beat(again, state) or beat)
    assert sorted(order) == list(range(len(beat["choices"])))
    view = first.view().task(spec.id)
    assert view is not None and view.dialogue is not None
    assert view.dialogue.choices == tuple(beat["choices"][i]["text"] for i in order)


def test_the_best_reply_lands_in_every_position_across_the_pack():
    """Over many beats and seeds the best reply is shown first no more than by chance."""
    firsts = total = 0
    for seed in range(1, 6):
        x = expanded("busy-monday", seed)
        shift = start_shift(x)
        for spec in x.tasks:
            if not spec.dialogue_id:
                continue
            state = TaskState(spec, dialogue=DialogueState())
            for beat in x.dialogues[spec.dialogue_id]["beats"]:
                best = next(i for i, ch in enumerate(beat["choices"]) if ch["meaning"] == "best")
                firsts += reply_order(shift, state, beat)[0] == best
                total += 1
    assert total >= 20 and firsts / total < 0.5


def test_choose_reply_picks_by_the_position_shown():
    """ChooseReply names the position on screen; the outcome records the authored reply."""
    shift, spec = _stroke_call()
    shown = shown_position(shift, spec.id, lambda ch: ch["meaning"] == "best")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=shown))
    chosen = outcomes(shift, "ReplyChosen", spec.id)[0]
    assert chosen["meaning"] == "best" and chosen["shown"] == shown


def test_a_critical_reply_ends_the_call_instead_of_carrying_on():
    """Medical advice to a stroke caller: they hang up to act on it, and the attempt fails."""
    shift, spec = _stroke_call()
    advice = shown_position(shift, spec.id, lambda ch: ch.get("violation") == "medical_advice")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=advice))
    assert outcomes(shift, "ConversationEnded", spec.id)[0]["result"] == "acted_on"
    assert not shift.tasks[spec.id].open
    shift.finish()
    card = score_shift(shift)
    assert {"critical-reply", "red-flag-not-routed"} <= {f.id for f in card.critical_fails}


def test_a_red_flag_call_looks_like_any_other_call_on_screen():
    """Its request has the same visible fields as a routine call's, and no category."""
    shown: list[set[str]] = []
    x = expanded()
    scripted = at(event_task(x, "stroke-call"), 10)
    routine = at(generated_call(x, "scheduling"), 10, id="t998")
    base = scenario("busy-monday")
    arrivals = base.arrivals.model_copy(update={"calls_per_hour": {
        **base.arrivals.calls_per_hour, "red_flag": 3.0}})
    more = expand(base.model_copy(update={"arrivals": arrivals}), 1)
    generated = next(t for t in more.tasks
                     if t.kind == "call" and t.truth.get("red_flag") and t.event_id is None)
    for spec in (scripted, at(generated, 10, id="t997"), routine):
        shift = start_shift(x, spec)
        shift.advance(12)
        shift.apply(c.AnswerCall(line=1))
        view = shift.view().task(spec.id)
        assert view is not None and "call_type" not in view.request
        shown.append(set(view.request))
    assert shown[0] == shown[1] == shown[2]


def test_disclose_on_a_check_in_is_refused_with_a_reason():
    """The engine refuses commands that make no sense for the task, and records why."""
    x = expanded()
    spec = at(next(t for t in x.tasks if t.kind == "checkin"), 5)
    shift = start_shift(x, spec)
    shift.advance(6)
    assert shift.apply(c.Disclose(task=spec.id)) is False
    rejected = outcomes(shift, "CommandRejected", spec.id)[-1]
    assert "makes no sense for a check-in" in rejected["reason"]
    assert shift.tasks[spec.id].open


def test_a_false_emergency_call_does_not_close_the_routine_task():
    """Responders find nobody in danger; the patient still needs checking in."""
    x = expanded()
    spec = at(next(t for t in x.tasks if t.kind == "checkin"), 5)
    shift = start_shift(x, spec)
    shift.advance(6)
    assert shift.apply(c.CallEmergency(task=spec.id, via="911"))
    assert outcomes(shift, "EmergencyCalled", spec.id)[0]["needed"] is False
    shift.advance(2000)
    assert shift.tasks[spec.id].open


def test_the_desk_never_offers_what_the_engine_would_refuse():
    """Every button for every task over a whole shift passes the same rule the engine uses."""
    x = expanded("busy-monday", 3)
    bot = brief(make_bot("novice", 3), x)
    seen = 0

    class Watcher:
        name, pace = "watcher", 1.4

        def decide(self, view):
            nonlocal seen
            for task in view.tasks:
                for action in task_actions(view, task):
                    cmds = [action.command] if action.command else [cmd for _, cmd in
                                                                    action.choices]
                    for cmd in cmds:
                        if getattr(cmd, "task", None) is not None:
                            assert command_refusal(cmd.type, task.kind) is None, cmd
                            seen += 1
            return bot.decide(view)

    run_bot(x, Watcher())
    assert seen > 100
