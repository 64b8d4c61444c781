"""Headless shift speed against the Faker floor, replay speed and memory (prints; asserts nothing).

Measured side by side in one process (DESIGN.md, Performance):
  (a) constructing Faker once per locale busy-monday uses;
  (b) the Faker roster floor: ~110 patients (name, DOB, address, member ID) from already
      built Fakers, seed_instance before each roster, over N repetitions;
  (c) one full standard shift: expand + expert bot + scoring, one per seed;
  (d) c / the median of b, per seed, target <= 1.5;
  (e) replaying a stored shift from its journal text (loads + replay + scoring), target <= 5 ms;
  (f) peak memory of a shift (tracemalloc peak, and the process's ru_maxrss), target <= 200 MB.
Every figure is printed through ``benchmarks.figures``: minimum and median over the repeats,
the target and the machine's load average.
Run: python benchmarks/headless.py [--reps N] [--seeds N]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    # Run as ``python benchmarks/headless.py``: the repo root holds the benchmarks package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure, figure, table  # noqa: E402

SCENARIO = "busy-monday"
ROSTER = 110


def ms(seconds: float) -> float:
    """Seconds to milliseconds."""
    return seconds * 1000.0


def construct_fakers(locales: list[str]) -> tuple[dict, float, dict[str, float]]:
    """Build one Faker per locale (the first construction in this process)."""
    from faker import Faker

    fakers, each = {}, {}
    start = time.perf_counter()
    for locale in locales:
        t = time.perf_counter()
        fakers[locale] = Faker(locale)
        each[locale] = ms(time.perf_counter() - t)
    return fakers, ms(time.perf_counter() - start), each


def roster_floor(fakers: dict, reps: int) -> list[float]:
    """Milliseconds per ~110-patient roster drawn from already-built Fakers."""
    import random

    locales = sorted(fakers)
    times = []
    for rep in range(reps):
        t = time.perf_counter()
        for locale in locales:
            fakers[locale].seed_instance(f"{rep}:faker:{locale}")
        pick = random.Random(f"{rep}:patients")
        roster = []
        for _ in range(ROSTER):
            fake = fakers[pick.choice(locales)]
            roster.append((fake.first_name(), fake.last_name(),
                           fake.date_of_birth(minimum_age=0, maximum_age=90).isoformat(),
                           fake.street_address(), fake.bothify("NWH-####-####")))
        times.append(ms(time.perf_counter() - t))
    return times


def scorer():
    """``simulator.scoring.score_shift`` when it exists, else None."""
    try:
        from simulator.scoring import score_shift
    except ImportError:
        return None
    return score_shift


def full_shifts(scenario, seeds: list[int]) -> tuple[dict[str, list[float]], list[str], list]:
    """Per-seed timings of expand, the expert run and scoring; the journals; patient counts."""
    from simulator.bots import make_bot
    from simulator.engine import journal
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot

    score = scorer()
    parts: dict[str, list[float]] = {"expand": [], "run": [], "score": [], "total": []}
    journals, patients = [], []
    for seed in seeds:
        gc.collect()
        t0 = time.perf_counter()
        x = expand(scenario, seed)
        t1 = time.perf_counter()
        shift, log = run_bot(x, make_bot("expert", seed))
        t2 = time.perf_counter()
        if score is not None:
            score(shift)
        t3 = time.perf_counter()
        parts["expand"].append(ms(t1 - t0))
        parts["run"].append(ms(t2 - t1))
        parts["score"].append(ms(t3 - t2))
        parts["total"].append(ms(t3 - t0))
        journals.append(journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes)))
        patients.append(len(x.patients))
    return parts, journals, patients


def replays(journals: list[str], rounds: int) -> dict[str, list[float]]:
    """Milliseconds to parse and replay (and score) each stored journal."""
    from simulator.engine import journal

    score = scorer()
    parts: dict[str, list[float]] = {"loads": [], "replay": [], "score": [], "total": []}
    for _ in range(rounds):
        for text in journals:
            t0 = time.perf_counter()
            parsed = journal.loads(text)
            t1 = time.perf_counter()
            shift = journal.replay(parsed)
            t2 = time.perf_counter()
            if score is not None:
                score(shift)
            t3 = time.perf_counter()
            assert shift.outcome_hash() == parsed.trailer["outcome_hash"]
            parts["loads"].append(ms(t1 - t0))
            parts["replay"].append(ms(t2 - t1))
            parts["score"].append(ms(t3 - t2))
            parts["total"].append(ms(t3 - t0))
    return parts


def peak_memory(scenario, seeds: list[int]) -> list[float]:
    """tracemalloc peak (MB) of one full shift (expand, expert run, scoring) per seed."""
    from simulator.bots import make_bot
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot

    score = scorer()
    peaks = []
    for seed in seeds:
        gc.collect()
        tracemalloc.start()
        x = expand(scenario, seed)
        shift, _ = run_bot(x, make_bot("expert", seed))
        if score is not None:
            score(shift)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(peak / 2**20)
    return peaks


def med(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def main() -> int:
    """Measure and print every figure with its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=21, help="roster repetitions")
    parser.add_argument("--seeds", type=int, default=9, help="shift seeds")
    args = parser.parse_args()

    t = time.perf_counter()
    import faker  # noqa: F401  (import cost shown separately from construction)

    import_faker = ms(time.perf_counter() - t)
    from simulator.engine import names
    from simulator.engine.rng import faker_for
    from simulator.scenarios import load_scenario

    scenario = load_scenario(SCENARIO)
    locales = list(scenario.patients.locales)

    fakers, construct_total, construct_each = construct_fakers(locales)
    roster_times = roster_floor(fakers, args.reps)
    floor = med(roster_times)

    # Warm-up: builds the engine's own per-process Fakers and imports everything once.
    full_shifts(scenario, [0])
    seeds = list(range(1, args.seeds + 1))
    shift_parts, journals, patients = full_shifts(scenario, seeds)
    replay_parts = replays(journals, rounds=3)
    peaks = peak_memory(scenario, seeds[:3])
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cache = faker_for.cache_info()
    # Locales with the engine's own name lists (names.OWN_LISTS) never build a Faker.
    faked = [loc for loc in locales if loc not in names.OWN_LISTS]

    scored = "with scoring" if scorer() is not None else "NO scoring (simulator.scoring absent)"
    figures: list[Figure] = [
        figure("import faker", import_faker, None),
        *(figure(f"(a) construct Faker({locale})", value, None)
          for locale, value in construct_each.items()),
        figure("(a) construct Faker, every locale", construct_total, None),
        figure(f"(b) Faker roster floor, {ROSTER} patients", roster_times, None),
        *(figure(f"(c) shift: {part}", shift_parts[part], None)
          for part in ("expand", "run", "score")),
        figure(f"(c) full shift, expert, {scored}", shift_parts["total"], None),
        figure("(d) full shift / roster floor", [v / floor for v in shift_parts["total"]],
               1.5, "x"),
        *(figure(f"(e) replay: {part}", replay_parts[part], None)
          for part in ("loads", "replay", "score")),
        figure("(e) replay + score from journal text", replay_parts["total"], 5.0),
        figure("(f) peak memory of a shift (tracemalloc)", peaks, 200.0, "MB"),
        figure("(f) peak memory of the process (ru_maxrss)", maxrss_mb, 200.0, "MB"),
    ]
    table(f"headless benchmark: {SCENARIO}, Python {sys.version.split()[0]}, "
          f"{len(seeds)} seeds ({med(patients):.0f} patients per shift), "
          f"{args.reps} roster reps", figures)
    print(f"Faker built once per process: the engine's cache built {cache.misses} Faker(s) "
          f"for {len(faked)} Faker locale(s) ({', '.join(faked)}), {cache.hits} reuse(s): "
          f"{'OK' if cache.misses == len(faked) else 'MISS'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
