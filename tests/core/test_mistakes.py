"""One mistake more always costs its own dimension; debrief texts say what really happened."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from simulator.bots import make_bot
from simulator.bots.adversaries import make_adversary
from simulator.engine import commands as c
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.protocol import GREET_WITHIN
from simulator.scenarios import load_scenario
from simulator.scoring import score_shift
from tests.core.shifts import replay

FEW = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
SCENARIO = load_scenario("busy-monday")


def _one_identifier(cmd):
    if cmd.type == "check_identity" and "dob" in cmd.identifiers:
        return c.CheckIdentity(task=cmd.task, identifiers=("name", "appointment_time"))
    return None


def _skip_copay(cmd):
    return c.SelectTask(task=cmd.task) if cmd.type == "collect_copay" else None


def _no_greeting(cmd):
    return c.SelectTask(task=cmd.task) if cmd.type == "acknowledge" else None


def _false_flag(cmd):
    if cmd.type == "confirm_insurance":
        return c.FlagDiscrepancy(task=cmd.task, field="payer")
    return None


#: A mistake (how to turn one of the expert's commands into it) and the dimension it costs.
MISTAKES = {
    "one identifier": (_one_identifier, "compliance"),
    "copay skipped": (_skip_copay, "accuracy"),
    "no greeting": (_no_greeting, "deescalation"),
    "clean card flagged": (_false_flag, "accuracy"),
}


@FEW
@given(st.sampled_from(sorted(MISTAKES)), st.integers(1, 400), st.integers(0, 30))
@example("no greeting", 165, 1)  # the expert's second greeting there was already late
def test_adding_one_mistake_lowers_the_dimension_it_belongs_to(name, seed, nth):
    """One of the expert's commands turned into a typical mistake lowers that dimension."""
    x = expand(SCENARIO, seed)
    shift, log = run_bot(x, make_bot("expert", seed))
    before = score_shift(shift)
    make_mistake, dimension = MISTAKES[name]
    arrived = {t.id: t.at for t in x.tasks}
    # A greeting already later than the target earned nothing: dropping it is no new mistake.
    candidates = [i for i, (tick, cmd) in enumerate(log) if make_mistake(cmd) is not None
                  and (cmd.type != "acknowledge" or tick - arrived[cmd.task] <= GREET_WITHIN)]
    if not candidates:
        return
    index = candidates[nth % len(candidates)]
    tick, cmd = log[index]
    worse = [*log[:index], (tick, make_mistake(cmd)), *log[index + 1:]]
    after = score_shift(replay(x, worse))
    assert after.points[dimension].earned * before.points[dimension].possible < \
        before.points[dimension].earned * after.points[dimension].possible, name


PLAYERS = ("random", "novice", "expert", "disclose-all", "book-anything", "first-reply",
           "expert-no-identity", "expert+flag-every-card")
LEAKS = re.compile(r"\bNone\b|\{\w+\}|only nothing|\(\d+ to None\)")


@pytest.mark.parametrize("player", PLAYERS)
def test_debrief_texts_never_show_placeholders_or_missing_values(player):
    """No "None", no unfilled {field}, no "after checking only nothing" in any debrief."""
    for scenario in ("busy-monday", "privacy-traps", "clinician-out"):
        x = expand(load_scenario(scenario), 2)
        bot = make_bot(player, 2) if player in ("random", "novice", "expert") else \
            make_adversary(player, 2)
        shift, _ = run_bot(x, bot)
        for item in score_shift(shift).feedback:
            for text in (item.what, item.why, item.expert_move):
                assert not LEAKS.search(text), (player, scenario, item.code, text)


def test_nobody_is_said_to_be_booked_when_nothing_was_booked():
    """A caller who got no visit is told so, not "was booked as None"."""
    x = expand(SCENARIO, 4)
    shift, _ = run_bot(x, make_adversary("transfer-all", 4))
    items = [i for i in score_shift(shift).feedback if i.code == "booked"]
    assert items and all("no visit was booked" in i.what for i in items)
