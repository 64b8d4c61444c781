"""Hypothesis: a damaged journal is refused with ContentError, or replays: never a traceback.

Journals come from files and from database rows, so anything may arrive: the header's shift
edited (a patient gone, a number out of range, a key missing), command lines reordered or
cut, bytes flipped. Loading refuses what is not a whole, consistent journal; what loads must
replay and score.
"""

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.bots import make_bot
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.errors import ContentError
from simulator.scenarios import load_scenario
from simulator.scoring import score_outcomes
from tests.fuzzing import fixed, long

# The quick run is the same 40 cases every time (a CI run never meets a new one by chance);
# the long run explores.
FAST = fixed(40)
LONG = long(10_000)


def _journal_text() -> str:
    x = expand(load_scenario("calm-morning"), 3)
    shift, log = run_bot(x, make_bot("novice", 3))
    return journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))


TEXT = _journal_text()
ODD_VALUES = [None, -1, 0, 10**30, "", "x" * 300, [], {}, True, 1.5, "t999", "p-missing"]


def _edit(data, rng: random.Random, depth: int = 0):
    """One random change somewhere inside a JSON value."""
    if isinstance(data, dict) and data and depth < 6:
        key = rng.choice(sorted(data))
        roll = rng.random()
        if roll < 0.2:
            data.pop(key)
        elif roll < 0.45:
            data[key] = rng.choice(ODD_VALUES)
        else:
            data[key] = _edit(data[key], rng, depth + 1)
        return data
    if isinstance(data, list) and data and depth < 6:
        i = rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.25:
            data.pop(i)
        elif roll < 0.4:
            data.append(json.loads(json.dumps(data[rng.randrange(len(data))])))
        else:
            data[i] = _edit(data[i], rng, depth + 1)
        return data
    return rng.choice(ODD_VALUES)


def _mutated(seed: int, edits: int) -> str:
    rng = random.Random(seed)
    lines = TEXT.splitlines()
    for _ in range(edits):
        roll = rng.random()
        n = rng.randrange(len(lines))
        if roll < 0.6:
            try:
                lines[n] = json.dumps(_edit(json.loads(lines[n]), rng))
            except ValueError:
                continue
        elif roll < 0.75:
            m = rng.randrange(len(lines))
            lines[n], lines[m] = lines[m], lines[n]
        elif roll < 0.9:
            lines.pop(n)
        else:
            cut = rng.randrange(len(lines[n]) + 1)
            lines[n] = lines[n][:cut] + rng.choice(["\\", "{", "\u00ff", "]", ""]) + \
                lines[n][cut:]
    return "\n".join(lines) + "\n"


def _check(text: str) -> None:
    try:
        parsed = journal.loads(text, "fuzz.jsonl")
    except ContentError as exc:
        assert exc.problems
        return
    shift = journal.replay(parsed)
    score_outcomes(shift.x, shift.outcomes, parsed.header.get("rubric_override"))


def test_the_untouched_journal_replays():
    """The seed journal itself loads and replays (the fuzz starts from a good one)."""
    _check(TEXT)


@FAST
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=4))
def test_damaged_journals_are_refused_or_replay(seed, edits):
    """A few random edits: ContentError, or a journal that replays and scores."""
    _check(_mutated(seed, edits))


@pytest.mark.slow
@LONG
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=8))
def test_damaged_journals_long(seed, edits):
    """The long run of the same (make test-slow)."""
    _check(_mutated(seed, edits))
