"""Fresh-process start-up of the commands people wait for (prints figures; asserts nothing).

Each command runs as a new process, the way a trainer types it, with the content cache warm
(one untimed run first, in a private cache folder), ``--repeats`` times; min and median:
  * ``frontdesk --help``                         (context: Python and argparse alone)
  * ``frontdesk scenario list``                  target <= 150 ms
  * ``frontdesk simulate`` one busy-monday shift target <= 400 ms (and with ``--journal``)
  * ``frontdesk verify JOURNAL``                 (context)
  * ``frontdesk verify ATTEMPT``                 target <= 300 ms (a practice attempt, and
                                                 an assessment's, whose definition it checks)
  * the desk to its first interactive frame      target <= 1.0 s
Run: python benchmarks/startup.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import figure, table  # noqa: E402

FRONTDESK = [sys.executable, "-m", "simulator"]
LAUNCH = """
import os
from simulator.ui.app import App
from simulator.ui.screens.title import TitleScreen
from simulator.ui.settings import Settings
app = App(Settings())
app.push(TitleScreen(app))
app.frame(0, events=[])
print("ready", flush=True)
"""


def run_ms(argv: list[str], env: dict[str, str], repeats: int) -> list[float]:
    """Milliseconds per fresh process, after one untimed warm-up run."""
    subprocess.run(argv, env=env, check=True, capture_output=True)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def stored_attempt(env: dict[str, str], folder: Path) -> str:
    """Record one finished expert attempt in a private store; return its id."""
    code = f"""
import os
os.environ["FRONTDESK_DATA_DIR"] = {str(folder)!r}
from simulator.bots import make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.records.attempts import start
from simulator.records.store import Store
from simulator.scenarios import load_scenario
x = expand(load_scenario("calm-morning"), 1)
_, log = run_bot(x, make_bot("expert", 1))
store = Store()
attempt = start(store, x, trainee="Bench Trainee", mode="practice")
for tick, command in log:
    attempt.shift.advance(tick)
    attempt.record(command)
    attempt.shift.apply(command)
print(attempt.finish()["attempt_id"])
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


ASSESSMENT = """id: bench
title: Bench check
scenarios:
  - {scenario: calm-morning, seed: 3}
pass_marks: {overall: 70}
"""


def assessment_attempt(env: dict[str, str], folder: Path) -> str:
    """Record one assessment attempt (the expert bot's sitting); return its id."""
    path = folder / "bench.yaml"
    path.write_text(ASSESSMENT, encoding="utf-8")
    for argv in (["assessment", "create", str(path)],
                 ["assessment", "run", "bench", "--trainee", "Bench Trainee", "--bot",
                  "expert"]):
        subprocess.run([*FRONTDESK, *argv], env=env, check=True, capture_output=True)
    out = subprocess.run([*FRONTDESK, "assessment", "results", "bench", "--json"], env=env,
                         check=True, capture_output=True, text=True).stdout
    return str(json.loads(out)[0]["attempt_id"])


def main() -> int:
    """Measure and print every figure with its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, FRONTDESK_CACHE_DIR=str(folder / "cache"),
                   FRONTDESK_DATA_DIR=str(folder / "data"), SDL_VIDEODRIVER="dummy",
                   SDL_AUDIODRIVER="dummy")
        env.pop("FRONTDESK_DB", None)
        # A user's install has its bytecode compiled (pip compiles it; an editable install
        # writes it on the first run), so each figure's untimed warm-up run may write it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        journal = folder / "shift.jsonl"
        attempt = stored_attempt(env, folder / "data")
        graded = assessment_attempt(env, folder)
        n = args.repeats
        figures = [
            figure("frontdesk --help", run_ms([*FRONTDESK, "--help"], env, n), None),
            figure("scenario list", run_ms([*FRONTDESK, "scenario", "list"], env, n), 150),
            figure("simulate busy-monday (expert)", run_ms(
                [*FRONTDESK, "simulate", "--scenario", "busy-monday", "--bot", "expert",
                 "--seed", "1"], env, n), 400),
            figure("simulate with a signed --journal", run_ms(
                [*FRONTDESK, "simulate", "--scenario", "busy-monday", "--bot", "expert",
                 "--seed", "1", "--journal", str(journal)], env, n), None),
            figure("verify JOURNAL", run_ms([*FRONTDESK, "verify", str(journal)], env, n),
                   None),
            figure("verify ATTEMPT", run_ms([*FRONTDESK, "verify", attempt], env, n), 300),
            figure("verify ATTEMPT (an assessment's)",
                   run_ms([*FRONTDESK, "verify", graded], env, n), 300),
            figure("desk to first interactive frame",
                   run_ms([sys.executable, "-c", LAUNCH], env, n), 1000),
        ]
    table(f"start-up, fresh process, warm content cache, Python "
               f"{sys.version.split()[0]}", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
