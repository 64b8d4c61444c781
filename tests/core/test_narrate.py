"""Watch-mode narration: every expert action is said in plain words, with the debrief's reason."""

from __future__ import annotations

import re

import pytest

from simulator.bots import brief, make_bot
from simulator.bots.narrate import narrate
from simulator.engine.commands import COSTS
from simulator.engine.expand import expand
from simulator.engine.shift import Shift
from simulator.scenarios import load_scenario
from simulator.scoring.moment import Moment
from simulator.scoring.texts import TEXTS

#: A code name leaking into the words (slow_response, check_identity, member_id...).
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def narrated(scenario: str, seed: int = 1):
    """Play a whole shift with the expert; narrate every command as watch mode does."""
    x = expand(load_scenario(scenario), seed)
    shift = Shift(x)
    bot = brief(make_bot("expert", seed), x)
    out = []
    while not shift.ended:
        view = shift.view()
        commands = bot.decide(view)
        if not commands:
            shift.advance(max(shift.now + 1, shift.next_event_at()))
            continue
        command = commands[0]
        start = len(shift.outcomes)
        shift.apply(command)
        out.append((command, narrate(x, command, view, shift.outcomes, start),
                    shift.outcomes[start:]))
        shift.advance(shift.now + COSTS[command.type])
    return x, out


@pytest.mark.parametrize("scenario", ["first-shift", "calm-morning"])
def test_every_expert_action_is_narrated_in_plain_words(scenario):
    """Each applied command gets one or two plain sentences, never a code name."""
    _, out = narrated(scenario)
    assert len(out) > 10
    for command, said, _ in out:
        assert isinstance(said, Moment) and said.tone in ("good", "bad", "info")
        assert said.text.strip(), command
        assert not CODE.search(said.text), (command.type, said.text)
        assert said.text.rstrip()[-1] in ".!?\"", said.text


def test_a_met_check_gives_the_debriefs_reason():
    """Checking identity is explained with the debrief's own "why it matters"."""
    _, out = narrated("first-shift")
    checks = [said for command, said, _ in out if command.type == "check_identity"]
    assert checks
    assert all(TEXTS["identity"][1] in said.text for said in checks)
    assert all(said.text.startswith("Checked two identifiers") for said in checks)


def test_a_reply_gives_the_scenario_authors_reason():
    """A reply's narration carries the ``why`` the scenario author wrote for that reply."""
    x, out = narrated("first-shift")
    replies = [(said, caused) for command, said, caused in out
               if command.type == "choose_reply"]
    assert replies
    for said, caused in replies:
        chosen = next(o for o in caused if o["kind"] == "ReplyChosen")
        beat = next(b for b in x.dialogues[chosen["dialogue"]]["beats"]
                    if b["id"] == chosen["beat"])
        assert beat["choices"][chosen["choice"]]["why"] in said.text
        assert said.text.startswith("Replied")
