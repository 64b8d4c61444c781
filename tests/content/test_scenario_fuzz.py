"""Hypothesis on scenario values: whatever a scenario's numbers and fields say, loading it
refuses it with ContentError, or the shift it makes expands and plays in bounded time.

The edits work on the parsed file (a value replaced by an extreme one, a key dropped, a list
item doubled), so many edited scenarios still load: those are expanded and played by the
expert, and each case's CPU time is measured (the bound: 10 s).
"""

import json
import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.bots import make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.errors import ContentError
from simulator.scenarios import load_scenario_file, resolve_scenario_path
from simulator.yamlio import read_yaml_file
from tests.fuzzing import fixed, long

FAST = fixed(25)
LONG = long(10_000)
#: The most CPU one case (load, expand, play) may take.
CPU_LIMIT = 10.0
BASES = [read_yaml_file(resolve_scenario_path(s))[0] for s in ("go-live-check", "calm-morning")]
EXTREMES = [0, 1, -1, 5, 12, 120, 600, 720, 100_000, 10**19, 0.0, 1.0, 5.0, 120.0, 1e308,
            "", "00:00", "23:59", "08:00-20:00", "x" * 2001, None, True, [], {}]


def _edit(data, rng: random.Random, depth: int = 0):
    if isinstance(data, dict) and data and depth < 7:
        key = rng.choice(sorted(data))
        roll = rng.random()
        if roll < 0.1:
            data.pop(key)
        elif roll < 0.35:
            data[key] = rng.choice(EXTREMES)
        else:
            data[key] = _edit(data[key], rng, depth + 1)
        return data
    if isinstance(data, list) and data and depth < 7:
        i = rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.15:
            data.pop(i)
        elif roll < 0.35:
            data.extend(json.loads(json.dumps(data[i])) for _ in range(rng.randrange(1, 4)))
        else:
            data[i] = _edit(data[i], rng, depth + 1)
        return data
    return rng.choice(EXTREMES)


def _case(tmp_path, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    data = json.loads(json.dumps(BASES[seed % len(BASES)]))
    for _ in range(edits):
        data = _edit(data, rng)
    path = tmp_path / "fuzz.json"  # JSON is YAML: the loader reads it the same way
    path.write_text(json.dumps(data), encoding="utf-8")
    start = time.process_time()
    try:
        scenario = load_scenario_file(path)
    except ContentError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)
        return
    shift = expand(scenario, seed)
    run_bot(shift, make_bot("expert", seed))
    used = time.process_time() - start
    assert used < CPU_LIMIT, f"{len(shift.tasks)} tasks took {used:.1f} s of CPU"


@FAST
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_edited_scenarios_are_refused_or_play_in_bounded_time(tmp_path, seed, edits):
    """A few value edits: ContentError, or a shift that plays within the CPU bound."""
    _case(tmp_path, seed, edits)


@pytest.mark.slow
@LONG
@given(st.integers(0, 2**32), st.integers(1, 12))
def test_edited_scenarios_long(tmp_path, seed, edits):
    """Opt-in (make test-slow): 10,000 cases of the same."""
    _case(tmp_path, seed, edits)
