"""Crash safety: SIGKILL a recording process at random points; nothing acknowledged is lost."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator.bots import make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.records.attempts import finish_attempt
from simulator.records.store import Store
from simulator.records.verify import check_attempt
from simulator.scenarios import load_scenario

CHILD = Path(__file__).with_name("crash_child.py")
SCENARIO, SEED, BOT = "calm-morning", 7, "random"  # as in crash_child.py


def _spawn(target, data_dir):
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, str(CHILD), target], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    first = proc.stdout.readline().split()
    if not first or first[0] != "attempt":
        proc.kill()
        raise AssertionError(f"child failed to start: {proc.stderr.read()}")
    return proc, first[1], int(first[2])


def _stored(data_dir, attempt_id):
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in db.execute(
            "SELECT seq FROM attempt_commands WHERE attempt_id = ?", (attempt_id,))}
    finally:
        db.close()


def _kill_many(data_dir, kills, seed):
    rng = random.Random(seed)
    acked: dict[str, set[int]] = {}
    target = "new"
    for kill in range(kills):
        proc, attempt_id, next_seq = _spawn(target, data_dir)
        seen = acked.setdefault(attempt_id, set())
        assert next_seq == len(_stored(data_dir, attempt_id)) or kill == 0
        done = False
        for _ in range(rng.randint(1, 60)):
            line = proc.stdout.readline().strip()
            if line == "done" or not line:
                done = line == "done"
                break
            seen.add(int(line))
        time.sleep(rng.uniform(0, 0.004))  # land anywhere, mid-commit included
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for line in proc.stdout.read().split():  # printed before the kill: acknowledged
            if line == "done":
                done = True
            else:
                seen.add(int(line))
        proc.stdout.close()
        proc.stderr.close()
        stored = _stored(data_dir, attempt_id)
        missing = sorted(seen - stored)
        assert not missing, f"kill {kill} (seed {seed}): acknowledged seqs lost: {missing}"
        assert stored == set(range(len(stored))), f"kill {kill}: gap in the stored seqs"
        target = "new" if done else attempt_id
    return target, acked


def _check_kills(data_dir, kills, seed):
    last, acked = _kill_many(data_dir, kills, seed)
    assert sum(len(s) for s in acked.values()) > kills  # the children really recorded
    if last == "new":
        return
    # Let the interrupted attempt run to the end; it must equal an uninterrupted run.
    proc, attempt_id, _ = _spawn(last, data_dir)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and out.split()[-1] == "done", err
    store = Store()
    result = finish_attempt(store, attempt_id)
    shift, log = run_bot(expand(load_scenario(SCENARIO), SEED), make_bot(BOT, SEED))
    assert result["outcome_hash"] == shift.outcome_hash()
    assert result["commands"] == len(log)
    assert check_attempt(store, attempt_id)[0]


def test_sigkill_never_loses_an_acknowledged_command(data_dir):
    """8 SIGKILLs at random points: every printed seq is stored, integrity_check is ok."""
    _check_kills(data_dir, kills=8, seed=8)


@pytest.mark.slow
def test_sigkill_many_times(data_dir):
    """The long version: 60 SIGKILLs."""
    _check_kills(data_dir, kills=60, seed=60)
