"""Score validity: bots of three skill levels over many seeds, per scenario and dimension.

Usage: python benchmarks/validity.py [--seeds N] [--scenario ID ...]

Prints, per scenario and bot, the mean of each dimension and overall, the standard
deviation of overall, and the pass rate, then checks the issue's targets (expert mean 90+
and 100 % pass; novice mean 35-80 and pass 30 % or less; random mean 30 or less; on every
dimension that is tested expert > novice > random; expert overall sd 5 or less) and lists any
miss. A dimension a scenario never tests prints as "n/t".

The human-paced expert (the expert's decisions at a person's reading and clicking speed)
is scored in assessment mode, against the shipped go-live assessment's pass marks, and its
real minutes per shift are checked against the tier's range (``simulator.pacing``): it
must pass every seed, in a time a person can sit. On a guided shift (one with a
``tutorial:``) a person also reads every instruction with the clock stopped, which the bot
never does: those minutes (``simulator.guide.guided_seconds``) are added to its real minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from simulator.bots import make_bot
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.guide import guided_seconds
from simulator.pacing import TIER_MINUTES
from simulator.records.assessment import assessments_dir, load_assessment_file
from simulator.scenarios import load_scenario_file, shipped_scenarios
from simulator.scoring import score_shift
from simulator.scoring.rubric import DIMENSIONS

KEYS = ("overall", *DIMENSIONS)
BOTS = ("expert", "novice", "random", "human-expert")
#: The marks a go-live sitting holds every shift to (the strictest shipped assessment).
ASSESSMENT_MARKS = load_assessment_file(assessments_dir() / "go-live.yaml")[0].overrides()


def measure(scenario, seeds: int, base: int = 1) -> dict[str, dict]:
    """Run every bot over ``seeds`` seeds; return per-bot score lists and pass counts."""
    out = {}
    # Reading a guided shift's instructions (clock stopped) is part of a person's real time.
    guided = guided_seconds(scenario.tutorial, {}) / 60
    for bot in BOTS:
        cards = []
        minutes = []
        for seed in range(base, base + seeds):
            shift, _ = run_bot(expand(scenario, seed), make_bot(bot, seed))
            marks = ASSESSMENT_MARKS if bot == "human-expert" else None
            cards.append(score_shift(shift, marks))
            minutes.append(shift.real_seconds / 60 + guided)
        out[bot] = {
            "scores": {k: [c.overall if k == "overall" else c.dimensions[k] for c in cards]
                       for k in KEYS},
            "passed": sum(c.passed for c in cards),
            "n": len(cards),
            "minutes": minutes,
        }
    return out


def _mean(values: list) -> float | None:
    """Mean over the runs where the dimension was tested (None: never tested)."""
    tested = [v for v in values if v is not None]
    return statistics.fmean(tested) if tested else None


def check(name: str, tier: str, res: dict[str, dict]) -> list[str]:
    """Return the validity targets this scenario misses."""
    miss = []
    mean = {b: {k: _mean(v) for k, v in r["scores"].items()} for b, r in res.items()}
    rate = {b: r["passed"] / r["n"] for b, r in res.items()}
    sd = statistics.pstdev(res["expert"]["scores"]["overall"])
    if mean["expert"]["overall"] < 90:
        miss.append(f"{name}: expert mean {mean['expert']['overall']:.1f} < 90")
    if rate["expert"] < 1:
        miss.append(f"{name}: expert pass rate {rate['expert']:.0%} < 100 %")
    if not 35 <= mean["novice"]["overall"] <= 80:
        miss.append(f"{name}: novice mean {mean['novice']['overall']:.1f} outside 35-80")
    if rate["novice"] > 0.30:
        miss.append(f"{name}: novice pass rate {rate['novice']:.0%} > 30 %")
    if mean["random"]["overall"] > 30:
        miss.append(f"{name}: random mean {mean['random']['overall']:.1f} > 30")
    for dim in DIMENSIONS:
        e, n, r = (mean[b][dim] for b in ("expert", "novice", "random"))
        if e is None or n is None or r is None:
            continue  # not tested in this scenario: nothing to order
        if not e > n > r:
            miss.append(f"{name}: {dim} not expert > novice > random ({e:.1f}, {n:.1f}, {r:.1f})")
    if sd > 5:
        miss.append(f"{name}: expert overall sd {sd:.1f} > 5")
    if rate["human-expert"] < 1:
        miss.append(f"{name}: human-paced expert passes {rate['human-expert']:.0%} of "
                    "assessment shifts < 100 %")
    low, high = TIER_MINUTES[tier]
    minutes = res["human-expert"]["minutes"]
    if not low <= statistics.fmean(minutes) <= high or max(minutes) > high:
        miss.append(f"{name}: a person takes {statistics.fmean(minutes):.1f} real minutes "
                    f"(longest {max(minutes):.1f}); the {tier} tier wants {low}-{high}")
    return miss


def _cell(value: float | None) -> str:
    return f"{'n/t':>8}" if value is None else f"{value:8.1f}"


def main() -> int:
    """Print the validity table and the misses; exit 1 if any target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--scenario", nargs="*")
    parser.add_argument("--adversaries", action="store_true",
                        help="then play the adversarial suite (benchmarks/adversarial.py) "
                             "with the same seeds and scenarios")
    args = parser.parse_args()
    paths = [p for p in shipped_scenarios() if not args.scenario or p.stem in args.scenario]
    misses: list[str] = []
    start = time.perf_counter()
    header = f"{'scenario':<22} {'bot':<12} " + " ".join(f"{k[:8]:>8}" for k in KEYS)
    print(header + f" {'sd':>5} {'pass':>5} {'real min':>14}")
    for path in paths:
        scenario = load_scenario_file(path)
        res = measure(scenario, args.seeds)
        for bot, r in res.items():
            means = " ".join(_cell(_mean(r["scores"][k])) for k in KEYS)
            sd = statistics.pstdev(r["scores"]["overall"])
            mins = r["minutes"]
            real = (f"{statistics.fmean(mins):5.1f} ({min(mins):.0f}-{max(mins):.0f})"
                    if bot == "human-expert" else "")
            print(f"{path.stem:<22} {bot:<12} {means} {sd:5.1f} {r['passed'] / r['n']:5.0%} "
                  f"{real:>14}")
        misses += check(path.stem, scenario.tier, res)
        sys.stdout.flush()
    print(f"\n{args.seeds} seeds per scenario and bot, {time.perf_counter() - start:.1f} s; "
          "human-expert scored against the go-live assessment's pass marks, real minutes "
          "as mean (shortest-longest)")
    for miss in misses:
        print("MISS", miss)
    print("all validity targets met" if not misses else f"{len(misses)} target(s) missed")
    code = 1 if misses else 0
    if args.adversaries:
        from benchmarks import adversarial

        print()
        extra = ["--scenario", *args.scenario] if args.scenario else []
        code = max(code, adversarial.main(["--seeds", str(args.seeds), *extra]))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
