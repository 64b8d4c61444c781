"""Practice feedback at the moment: every decision type answered, in plain words, from the
same checks the debrief scores."""

from __future__ import annotations

import re

import pytest

from simulator.bots.audit import make_player
from simulator.engine.commands import COSTS, Command, FlagDiscrepancy, Route
from simulator.engine.policy import brief
from simulator.scenarios import load_scenario_file, shipped_scenarios
from simulator.session import Session

#: Words of the de-escalation framework that belong in the debrief, not in a toast.
JARGON = re.compile(r"\b(stage|tension[- ]reduction|risk[- ]behaviou?r|CPI|HEARD|LEAP)\b")


def play(scenario: str, player: str, seed: int = 1, mode: str = "practice"
         ) -> list[tuple[Command, object]]:
    """Play a session the way the desk does; return each command with its toast (or None)."""
    session = Session(scenario, seed, mode=mode)
    policy = brief(make_player(player, seed), session.expanded)
    out: list[tuple[Command, object]] = []
    while not session.shift.ended:
        commands = policy.decide(session.view())
        if not commands:
            session.shift.advance(max(session.shift.now + 1, session.shift.next_event_at()))
            continue
        for command in commands:
            if session.shift.ended:
                break
            session.apply(command)
            out.append((command, session.toasts.pop() if session.toasts else None))
            session.shift.advance(session.shift.now + COSTS[command.type])
    return out


def test_every_decision_type_gets_feedback_in_the_guided_shift():
    """Check-in, booking, routing, ending a call and replies each say something."""
    said = {command.type for command, toast in play("first-shift", "expert") if toast}
    for kind in ("acknowledge", "check_identity", "check_in", "schedule", "route",
                 "choose_reply", "answer_call", "instruct_911"):
        assert kind in said, kind


def test_the_expert_hears_mostly_praise():
    """The expert's decisions are good ones: praise far outnumbers criticism."""
    tones = [toast.tone for _, toast in play("calm-morning", "expert") if toast]
    assert tones.count("good") >= 10 * max(1, tones.count("bad"))


def test_a_reply_gives_the_authors_own_reason():
    """A reply's toast carries the scenario's ``why`` for that reply."""
    scenario = load_scenario_file(next(p for p in shipped_scenarios()
                                       if p.stem == "first-shift"))
    whys = {" ".join(c.why.split()) for d in scenario.dialogues for b in d.beats
            for c in b.choices}
    replies = [toast for command, toast in play("first-shift", "novice", 2)
               if command.type == "choose_reply" and toast]
    assert replies
    for toast in replies:
        assert any(why in toast.text for why in whys), toast.text


def test_hanging_up_on_unhelped_callers_is_called_out():
    """A player that ends every call at once is told each time what was left undone."""
    ends = [toast for command, toast in play("calm-morning", "end-all")
            if command.type == "end_call"]
    assert ends and all(t is not None and t.tone == "bad" and "still owed" in t.text
                        for t in ends)


def test_the_first_reply_habit_is_not_praised_where_it_is_wrong():
    """Always the first reply: the weak and harmful ones are named as such."""
    tones = [toast.tone for command, toast in play("busy-monday", "first-reply")
             if command.type == "choose_reply" and toast]
    assert "bad" in tones


def test_a_wrong_route_and_a_wrong_flag_are_explained():
    """Routing an inbox item to the wrong team, flagging a field that matches."""
    session = Session("first-shift", 1)
    referral = next(t for t in session.expanded.tasks if t.kind == "inbox")
    session.shift.advance(referral.at + 1)
    wrong = next(team for team in ("billing", "records", "nurse")
                 if team != referral.truth.get("route"))
    session.apply(Route(task=referral.id, to=wrong))
    toast = session.toasts.pop()
    assert toast.tone == "bad" and wrong in toast.text

    session = Session("first-shift", 1)
    checkin = next(t for t in session.expanded.tasks if t.kind == "checkin"
                   and not t.truth.get("discrepancy"))
    session.shift.advance(checkin.at + 1)
    session.apply(FlagDiscrepancy(task=checkin.id, field="payer"))
    toast = session.toasts.pop()
    assert toast.tone == "bad"


@pytest.mark.parametrize("player", ["expert", "novice", "first-reply", "reply-2"])
def test_no_framework_jargon_in_any_toast(player):
    """Toasts speak plainly; the debrief is where the framework is named."""
    for scenario in ("busy-monday", "billing-dispute"):
        for _, toast in play(scenario, player):
            if toast is not None:
                assert not JARGON.search(toast.text), toast.text


def test_no_toasts_in_assessment():
    """An assessment gives no feedback until the debrief."""
    assert all(toast is None for _, toast in play("calm-morning", "expert",
                                                   mode="assessment"))


def test_praise_repeats_in_one_line():
    """The reason behind a good move is given once a shift; after that the praise is short."""
    texts = [toast.text for command, toast in play("calm-morning", "expert")
             if command.type == "check_identity" and toast and toast.tone == "good"]
    assert len(texts) >= 2 and len(texts[1]) < len(texts[0])


def test_no_framework_jargon_in_any_reply_reason():
    """Every shipped reply's ``why`` reads plainly, since the toast quotes it word for word."""
    for path in shipped_scenarios():
        scenario = load_scenario_file(path)
        for dialogue in scenario.dialogues:
            for beat in dialogue.beats:
                for choice in beat.choices:
                    assert not JARGON.search(choice.why), (path.name, beat.id, choice.why)
