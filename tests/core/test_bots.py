"""Bots: every bot plays every shipped scenario to the end, without exceptions."""

import pytest

from simulator.bots import BOT_NAMES, make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.scenarios import load_scenario_file, shipped_scenarios

SHIPPED = shipped_scenarios()


def test_there_are_shipped_scenarios():
    """The package ships scenarios for the bots to play."""
    assert {p.stem for p in SHIPPED} >= {"calm-morning", "busy-monday"}


@pytest.mark.parametrize("bot", BOT_NAMES)
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_bot_finishes_every_shipped_scenario(path, bot):
    """Each bot plays each shipped scenario to ShiftEnded, every arrived task closed."""
    x = expand(load_scenario_file(path), 1)
    shift, log = run_bot(x, make_bot(bot, 1))
    assert shift.ended and shift.now == x.length
    assert shift.outcomes[-1]["kind"] == "ShiftEnded"
    assert not shift.open_tasks
    assert log, "the bot never acted"


def test_expert_resolves_more_than_the_random_bot():
    """The expert clearly out-works the random bot on the same shift."""
    x = expand(load_scenario_file(next(p for p in SHIPPED if p.stem == "busy-monday")), 2)

    def resolved(bot):
        shift, _ = run_bot(x, make_bot(bot, 2))
        return sum(o["kind"] == "TaskResolved" for o in shift.outcomes)

    assert resolved("expert") > resolved("random") + 20


def test_unknown_bot_is_a_value_error():
    """Asking for a bot that does not exist names the choices."""
    with pytest.raises(ValueError, match="random, novice, expert"):
        make_bot("genius", 1)
