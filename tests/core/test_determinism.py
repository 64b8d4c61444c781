"""Determinism: same scenario, seed and commands give the same bytes in any process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.bots import make_bot
from simulator.engine import journal
from simulator.engine.runner import run_bot
from tests.core.shifts import expanded

ROOT = Path(__file__).resolve().parents[2]
HASH_SEEDS = ("0", "12345")
GOLDEN = ROOT / "tests" / "golden" / "busy-monday-novice-2.jsonl"

#: One process per PYTHONHASHSEED: `frontdesk simulate --json`, an expansion, a replay.
SCRIPT = """
import hashlib, sys
from simulator.cli import main
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.scenarios import load_scenario
code = main(["simulate", "--scenario", "busy-monday", "--bot", "expert", "--seed", "7",
             "--json"])
x = expand(load_scenario("busy-monday"), 11)
print("expanded", hashlib.sha256(x.model_dump_json().encode()).hexdigest())
shift = journal.replay(journal.load(sys.argv[1]))
print("replayed", len(shift.outcomes), shift.outcome_hash())
sys.exit(code)
"""


@pytest.fixture(scope="module")
def outputs() -> list[str]:
    """Stdout of SCRIPT under each PYTHONHASHSEED (run in parallel)."""
    procs = []
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed, "SDL_VIDEODRIVER": "dummy",
               "SDL_AUDIODRIVER": "dummy"}
        procs.append(subprocess.Popen([sys.executable, "-c", SCRIPT, str(GOLDEN)], cwd=ROOT,
                                      env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE))
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode(errors="replace")
        outs.append(out.decode())
    return outs


def test_simulate_json_is_identical_across_hash_seeds(outputs):
    """`frontdesk simulate ... --json` prints the same bytes under different PYTHONHASHSEED."""
    first, second = (out.split("\nexpanded ")[0] for out in outputs)
    assert first == second
    assert json.loads(first)["outcome_hash"]


def test_expansion_is_identical_across_hash_seeds(outputs):
    """The same scenario and seed expand to the same shift, byte for byte, in any process."""
    first, second = ([ln for ln in out.splitlines() if ln.startswith("expanded ")]
                     for out in outputs)
    assert first == second and len(first) == 1


def test_stored_journal_replays_identically_across_hash_seeds(outputs):
    """A stored journal replays to its recorded outcomes under every PYTHONHASHSEED."""
    trailer = journal.load(GOLDEN).trailer
    expected = f"replayed {trailer['outcomes']} {trailer['outcome_hash']}"
    for out in outputs:
        assert expected in out.splitlines()


def test_same_seed_and_bot_give_the_same_run():
    """Two runs of one bot on one expanded shift give the same commands and outcomes."""
    x = expanded("busy-monday", 5)
    one, log_one = run_bot(x, make_bot("novice", 5))
    two, log_two = run_bot(x, make_bot("novice", 5))
    assert log_one == log_two
    assert one.outcome_hash() == two.outcome_hash()


def test_different_seeds_give_different_shifts():
    """Seeds 7 and 8 give different patients, tasks and outcomes."""
    seven, eight = expanded("busy-monday", 7), expanded("busy-monday", 8)
    assert [p.name for p in seven.patients] != [p.name for p in eight.patients]
    assert [(t.kind, t.at) for t in seven.tasks] != [(t.kind, t.at) for t in eight.tasks]
    hashes = {run_bot(x, make_bot("expert", x.seed))[0].outcome_hash() for x in (seven, eight)}
    assert len(hashes) == 2


def test_expanding_twice_in_one_process_gives_the_same_shift():
    """The per-process Faker cache never leaks state from one expansion into the next."""
    from simulator.engine.expand import expand
    from tests.core.shifts import scenario

    first = expand(scenario("calm-morning"), 3).model_dump_json()
    expand(scenario("busy-monday"), 99)
    assert expand(scenario("calm-morning"), 3).model_dump_json() == first


def test_bot_runs_replay_from_their_journals():
    """Every bot's journal replays to the run's own outcomes (including commands at tick 0)."""
    for bot in ("random", "novice", "expert"):
        for seed in (2, 3, 4):
            x = expanded("busy-monday", seed)
            shift, log = run_bot(x, make_bot(bot, seed))
            text = journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))
            again = journal.replay(journal.loads(text))
            assert again.outcome_hash() == shift.outcome_hash(), (bot, seed)
