"""Records size and cohort report speed (prints figures with their targets; asserts nothing).

A synthetic cohort is written into real stores (see ``benchmarks/cohort_seed.py``: real
ScoreCards and commands from recorded go-live sittings, jittered, every attempt sealed and
chained as the program does it). Figures:
  * the size of a store of 1,000 trainees x 5 attempts       target < 60 MB
  * ``frontdesk report cohort --out --csv`` over 10,000 trainees x 5 attempts, each run a
    fresh process (interpreter start and imports included):
      - with this desk's seal cache warm (a trainer's daily report)   target <= 5 s
      - with no seal cache (the first report on a desk: every seal verified)   context
      - the same read in one process (context)
      - peak resident memory of the warm run, and of the helper process that reads half
        the trainees (see simulator/records/report_split.py), each    target < 150 MB
Run: python benchmarks/report.py [--trainees N] [--attempts K] [--repeats R] [--dir D]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cohort_seed import ASSESSMENT, real_sources, seed_cohort  # noqa: E402
from benchmarks.figures import figure, table  # noqa: E402

#: Runs the report in this process and prints its peak resident memory (MB) on stderr.
PEAK = ("import resource, sys\n"
        "from simulator.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(f'peak-rss-mb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}',"
        " file=sys.stderr)\n"
        "print(f'helper-rss-mb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024"
        ":.1f}', file=sys.stderr)\n"
        "sys.exit(code)\n")


def run_report(url: str, folder: Path, env: dict[str, str]
               ) -> tuple[float, float, float, str]:
    """One fresh-process report: seconds, peak MB of it and of its helper (the process
    reading half the trainees; 0 when it read alone), and its last output line."""
    argv = [sys.executable, "-c", PEAK, "report", "cohort", "--assessment", ASSESSMENT,
            "--db", url, "--out", str(folder / "report.html"), "--csv",
            str(folder / "report.csv")]
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"report failed ({done.returncode}): {done.stderr[-2000:]}")
    peak, helper = (next(float(line.split()[1]) for line in done.stderr.splitlines()
                         if line.startswith(key)) for key in ("peak-rss-mb", "helper-rss-mb"))
    return took, peak, helper, done.stdout.strip().splitlines()[-1]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=5)
    parser.add_argument("--size-trainees", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        os.environ["FRONTDESK_KEY_FILE"] = str(folder / "desk.key")
        os.environ["FRONTDESK_TRUST_FILE"] = str(folder / "trusted-desks.json")
        os.environ["FRONTDESK_CACHE_DIR"] = str(folder / "cache-seed")
        t = time.perf_counter()
        sources, definition = real_sources(folder)
        small = folder / "size.sqlite"
        n_small = seed_cohort(f"sqlite:///{small}", sources, definition, args.size_trainees,
                              args.attempts)
        size_mb = small.stat().st_size / 1e6
        big = folder / "cohort.sqlite"
        n_big = seed_cohort(f"sqlite:///{big}", sources, definition, args.trainees,
                            args.attempts, seed="cohort-bench")
        print(f"seeded {n_small} and {n_big} attempts from {len(sources)} recorded sittings' "
              f"parts in {time.perf_counter() - t:.0f} s; the big store is "
              f"{big.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
        url = f"sqlite:///{big}"
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's compiled install
        cold, warm, peaks, helpers, alone = [], [], [], [], []
        for n in range(args.repeats):
            env["FRONTDESK_CACHE_DIR"] = str(folder / f"cache-cold-{n}")
            took, _, _, said = run_report(url, folder, env)
            cold.append(took)
        env["FRONTDESK_CACHE_DIR"] = str(folder / "cache-warm")
        run_report(url, folder, env)  # fills this desk's seal cache
        for _ in range(args.repeats):
            took, peak, helper, said = run_report(url, folder, env)
            warm.append(took)
            peaks.append(peak)
            helpers.append(helper)
            took, _, _, _ = run_report(url, folder, {**env, "FRONTDESK_REPORT_ONE_PROCESS": "1"})
            alone.append(took)
        html_mb = (folder / "report.html").stat().st_size / 1e6
        csv_mb = (folder / "report.csv").stat().st_size / 1e6
    print(f"report: {said}; HTML {html_mb:.1f} MB, CSV {csv_mb:.1f} MB")
    per = args.trainees * args.attempts
    table("Compact records and the cohort report", [
        figure(f"store of {n_small:,} attempts", size_mb, 60.0, "MB"),
        figure(f"report cohort, {per:,} attempts, fresh process, seal cache warm", warm, 5.0,
               "s"),
        figure("same, read in one process (FRONTDESK_REPORT_ONE_PROCESS=1)", alone, None,
               "s"),
        figure(f"report cohort, {per:,} attempts, fresh process, no seal cache", cold, None,
               "s"),
        figure("peak resident memory of that report (warm)", peaks, 150.0, "MB"),
        figure("peak resident memory of its helper process", helpers, 150.0, "MB"),
    ])


if __name__ == "__main__":
    main()
