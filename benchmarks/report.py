"""Cohort report speed (prints; asserts nothing).

Seeds a temporary records store with a synthetic cohort (default 1,000 trainees x 5
attempts at one assessment) whose ScoreCards are real ones from a few recorded bot
sittings, varied per attempt (scores, competency shares and feedback jittered with a seeded
RNG), each attempt row carrying its source's real journal header so the database has a
realistic size. Command rows are left out: the report never reads them.

Then it times, in one process:
  (a) reading the attempts with their ScoreCards (``Store.attempts(scorecards=True)``);
  (b) the whole ``frontdesk report cohort --out ... --csv ...`` handler (read + aggregate +
      render HTML and CSV + atomic writes), target <= 3 s for 1,000 x 5;
  (c) the same command in a fresh process (Python start-up and imports included).
Run: python benchmarks/report.py [--trainees N] [--attempts K] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ASSESSMENT = "go-live"
BOTS = ("novice", "expert", "random")


def real_sources(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Record one go-live sitting per bot in a scratch store; return their attempt rows."""
    from simulator.records.assessment import load_assessment_file, resolve_assessment_path
    from simulator.records.runner import run_assessment
    from simulator.records.store import Store

    assessment, text, sha = load_assessment_file(resolve_assessment_path(ASSESSMENT))
    store = Store(f"sqlite:///{folder / 'sources.sqlite'}")
    store.add_assessment(assessment.id, assessment.title, text, sha)
    for bot in BOTS:
        run_assessment(store, ASSESSMENT, f"Source {bot}", bot)
    rows = [store.attempt_row(a["attempt_id"]) for a in store.attempts(ASSESSMENT)]
    definition = store.assessment(ASSESSMENT)
    store.close()
    return rows, definition


def vary(card: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A jittered copy of a real ScoreCard (scores, shares, and which feedback is kept)."""
    out = json.loads(json.dumps(card))

    def jitter(value: int, spread: int) -> int:
        return max(0, min(100, value + rng.randint(-spread, spread)))

    out["dimensions"] = {k: jitter(v, 12) for k, v in out["dimensions"].items()}
    out["overall"] = jitter(out["overall"], 10)
    marks = out["pass_marks"]
    out["passed"] = (not out["critical_fails"] and out["overall"] >= marks.get("overall", 0)
                     and all(out["dimensions"].get(k, 100) >= v for k, v in marks.items()
                             if k != "overall"))
    for share in out["competencies"].values():
        if share["possible"]:
            share["earned"] = rng.randint(share["possible"] // 3, share["possible"])
            share["percent"] = share["earned"] * 100 // share["possible"]
    out["feedback"] = [f for f in out["feedback"] if rng.random() < 0.8]
    if out["critical_fails"] and rng.random() < 0.3:
        out["critical_fails"] = out["critical_fails"][:1]
    return out


def seed_cohort(url: str, sources: list[dict[str, Any]], definition: dict[str, Any],
                trainees: int, per: int) -> int:
    """Insert ``trainees`` x ``per`` finished attempts in one transaction; return the count."""
    from simulator.records.schema import attempts
    from simulator.records.schema import trainees as trainee_table
    from simulator.records.store import Store, iso

    rng = random.Random("report-bench")
    store = Store(url)
    store.add_assessment(definition["id"], definition["title"], definition["yaml"],
                         definition["sha256"])
    start = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    people, rows = [], []
    for n in range(trainees):
        tid = uuid.UUID(int=rng.getrandbits(128)).hex
        people.append({"id": tid, "display_name": f"Trainee {n:04d}",
                       "created_at": iso(start)})
        sitting = None
        for k in range(per):
            src = sources[rng.randrange(len(sources))]
            card = vary(json.loads(src["scorecard"]), rng)
            aid = uuid.UUID(int=rng.getrandbits(128)).hex
            part = k % 2
            sitting = aid if part == 0 else sitting
            when = start + timedelta(days=k, minutes=n)
            rows.append({
                "id": aid, "trainee_id": tid, "assessment_id": definition["id"],
                "sitting_id": sitting, "part": part, "scenario_id": src["scenario_id"],
                "seed": src["seed"], "mode": "assessment", "start_tick": 0,
                "time_scale": src["time_scale"], "deadline_at": None, "status": "finished",
                "journal_header": src["journal_header"],
                "command_count": src["command_count"], "outcome_count": src["outcome_count"],
                "outcome_hash": src["outcome_hash"],
                "scorecard": json.dumps(card, sort_keys=True, separators=(",", ":")),
                "overall": card["overall"], "passed": card["passed"],
                "dimensions": json.dumps(card["dimensions"], sort_keys=True),
                "critical_count": len(card["critical_fails"]), "signature": None,
                "registration": str(uuid.UUID(int=rng.getrandbits(128))),
                "created_at": iso(when), "finished_at": iso(when + timedelta(hours=1))})
    with store.write() as conn:
        conn.execute(trainee_table.insert(), people)
        for i in range(0, len(rows), 500):
            conn.execute(attempts.insert(), rows[i:i + 500])
    store.close()
    return len(rows)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=1000)
    parser.add_argument("--attempts", type=int, default=5)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        os.environ["FRONTDESK_KEY_FILE"] = str(folder / "desk.key")
        os.environ["FRONTDESK_TRUST_FILE"] = str(folder / "trusted-desks.json")
        t = time.perf_counter()
        sources, definition = real_sources(folder)
        url = f"sqlite:///{folder / 'cohort.sqlite'}"
        count = seed_cohort(url, sources, definition, args.trainees, args.attempts)
        seeded = time.perf_counter() - t
        size = (folder / "cohort.sqlite").stat().st_size / 2**20

        from simulator.records.store import Store

        store = Store(url, create=False)
        t = time.perf_counter()
        store.attempts(ASSESSMENT, scorecards=True)
        read = time.perf_counter() - t
        store.close()

        from simulator.cli import main as cli

        t = time.perf_counter()
        code = cli(["report", "cohort", "--assessment", ASSESSMENT, "--db", url,
                    "--out", str(folder / "report.html"), "--csv", str(folder / "report.csv")])
        total = time.perf_counter() - t
        html = (folder / "report.html").stat().st_size / 2**20
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "simulator", "report", "cohort",
                               "--assessment", ASSESSMENT, "--db", url,
                               "--out", str(folder / "again.html")],
                              capture_output=True, text=True, check=False)
        fresh = time.perf_counter() - t
        print(f"seeded {args.trainees} trainees x {args.attempts} attempts = {count} attempts "
              f"from {len(sources)} real ScoreCards in {seeded:.1f} s ({size:.0f} MiB database)")
        print(f"(a) read attempts + ScoreCards: {read:.2f} s")
        print(f"(b) report cohort (HTML {html:.1f} MiB + CSV), exit {code}: {total:.2f} s "
              "(target <= 3 s)")
        print(f"(c) the same as a fresh process (interpreter start and imports included), "
              f"exit {done.returncode}: {fresh:.2f} s")


if __name__ == "__main__":
    main()
