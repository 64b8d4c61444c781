"""Adversarial validity: players that try to game the score, and the targets they must miss.

Usage: python benchmarks/adversarial.py [--seeds N] [--scenario ID ...] [--policy NAME ...]
                                        [--json] [--jobs N]

Plays every adversary of ``simulator.bots.adversaries`` (plus the expert and the novice for
reference) on every shipped scenario over seeds 1..N, prints a policy x scenario table of
mean overall score and pass rate, then checks the targets and lists every miss:

* every ``skips_work`` policy: mean overall below 40, and no run passes;
* every ``serious_habit`` policy: no run passes where the habit applied;
* every ``lesser_habit`` policy: its dimension's mean is below the expert's (same runs);
* every ``flawed_expert``: fails where its missing skill was needed, and the debrief leads
  (first item, or first critical fail) with that skill's dimension;
* the expert: passes every run, mean 90 or more.

Progress goes to stderr, one line per policy. Exit code 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache

from simulator.bots.adversaries import ADVERSARIES, CATEGORY, EXPECTED
from simulator.bots.audit import REFERENCE, Run, check_all
from simulator.bots.audit import play as play_one
from simulator.engine.expand import expand
from simulator.scenarios import load_scenario_file, shipped_scenarios

ORDER = ("skips_work", "serious_habit", "lesser_habit", "flawed_expert")


@cache
def _expanded(path: str, seed: int):
    """Each (scenario, seed) is expanded once per process and shared by every player."""
    return expand(load_scenario_file(path), seed)


def play_policy(name: str, paths: tuple[str, ...], seeds: int) -> list[Run]:
    """Every run of one player: each scenario, seeds 1..``seeds``."""
    return [play_one(name, _expanded(p, seed)) for p in paths for seed in range(1, seeds + 1)]


def _players(chosen: list[str] | None) -> list[str]:
    names = [n for n in ADVERSARIES if not chosen or n in chosen]
    names.sort(key=lambda n: ORDER.index(CATEGORY[n]))
    return [*REFERENCE, *names]


def _cell(runs: list[Run]) -> str:
    if not runs:
        return f"{'-':>7}"
    mean = statistics.fmean(r.overall for r in runs)
    return f"{mean:3.0f}/{100 * sum(r.passed for r in runs) // len(runs):<3d}"


def print_table(results: dict[str, list[Run]], scenarios: list[str]) -> None:
    """Policy rows, scenario columns: mean overall / pass rate (%)."""
    heads = [s[:7] for s in scenarios]
    print(f"{'policy':<26} {'kind':<6} " + " ".join(f"{h:>7}" for h in heads)
          + f" {'all':>7} {'applied':>8}")
    for name, runs in results.items():
        kind = CATEGORY.get(name, "ref")[:6]
        cells = [_cell([r for r in runs if r.scenario == s]) for s in scenarios]
        applied = sum(r.habit_uses > 0 for r in runs)
        shown = f"{applied}/{len(runs)}" if name in EXPECTED else ""
        print(f"{name:<26} {kind:<6} " + " ".join(cells) + f" {_cell(runs)} {shown:>8}")
    print("cells: mean overall / pass rate %; applied: runs where the habit or missing "
          "skill showed")


def _mean(values: list[int | None]) -> float | None:
    """The mean of the scored values (a dimension a shift did not test is None)."""
    scored = [v for v in values if v is not None]
    return round(statistics.fmean(scored), 2) if scored else None


def to_json(results: dict[str, list[Run]], scenarios: list[str], seeds: int,
            misses: list[str], wall: float) -> dict:
    """The table and the misses as one JSON-friendly dict."""
    def summary(runs: list[Run]) -> dict:
        return {"mean": round(statistics.fmean(r.overall for r in runs), 2) if runs else None,
                "pass_rate": round(sum(r.passed for r in runs) / len(runs), 3) if runs else None,
                "habit_runs": sum(r.habit_uses > 0 for r in runs), "runs": len(runs),
                "dimensions": {d: _mean([r.dimensions.get(d) for r in runs])
                               for d in (runs[0].dimensions if runs else {})}}
    return {
        "seeds": seeds, "scenarios": scenarios, "wall_seconds": round(wall, 1),
        "policies": {name: {"category": CATEGORY.get(name, "reference"),
                            "expected": list(EXPECTED.get(name, ())), **summary(runs),
                            "per_scenario": {s: summary([r for r in runs if r.scenario == s])
                                             for s in scenarios}}
                     for name, runs in results.items()},
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    """Play, print the table and the misses; exit 1 if any target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--scenario", nargs="*", help="shipped scenario ids (default: all)")
    parser.add_argument("--policy", nargs="*", help="adversary names (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.policy or ()) - set(ADVERSARIES))
    paths = [p for p in shipped_scenarios() if not args.scenario or p.stem in args.scenario]
    if unknown or not paths or args.seeds < 1:
        print(f"bad arguments: unknown policies {unknown}" if unknown else
              "bad arguments: no scenario matched, or --seeds below 1", file=sys.stderr)
        return 2
    names = _players(args.policy)
    scenarios = [p.stem for p in paths]
    texts = tuple(str(p) for p in paths)
    start = time.perf_counter()
    results: dict[str, list[Run]] = {}

    def done(name: str, runs: list[Run]) -> None:
        results[name] = runs
        print(f"[{time.perf_counter() - start:7.1f} s] {name}", file=sys.stderr, flush=True)

    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [(n, pool.submit(play_policy, n, texts, args.seeds)) for n in names]
            for name, future in futures:
                done(name, future.result())
    else:
        for name in names:
            done(name, play_policy(name, texts, args.seeds))
    wall = time.perf_counter() - start
    misses = check_all(results)
    if args.json:
        print(json.dumps(to_json(results, scenarios, args.seeds, misses, wall), indent=2))
        return 1 if misses else 0
    print_table(results, scenarios)
    print(f"\n{len(names)} players x {len(paths)} scenarios x {args.seeds} seeds "
          f"= {len(names) * len(paths) * args.seeds} runs, wall time {wall:.1f} s")
    for miss in misses:
        print("MISS", miss)
    print("all adversarial targets met" if not misses else f"{len(misses)} target(s) missed")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
