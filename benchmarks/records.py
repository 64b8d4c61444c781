"""Records store costs (prints figures with their targets; asserts nothing).

  * one recorded command = INSERT + COMMIT under WAL + synchronous=FULL, through
    Attempt.record (the crash-safe path), over N commits                (context)
  * the same INSERT + COMMIT with the sqlite3 module alone (this disk's floor) (context)
  * verifying one finished attempt in process (both seals, the chain, the stored texts'
    digests, replay and re-score), the file already open, read as ``frontdesk verify``
    reads a SQLite file (sqlite3 directly)                               target <= 10 ms;
    and through the store (SQLAlchemy: PostgreSQL's path)                 (context)
  * opening the store                                                     (context)
Run: python benchmarks/records.py [--commits N] [--dir FOLDER]
The database goes in a temporary folder on the same disk as --dir (default: the system temp).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import figure, table  # noqa: E402


def ms(seconds: float) -> float:
    """Seconds to milliseconds."""
    return seconds * 1000.0


def bench_record(folder: Path, commits: int) -> tuple[list[float], str]:
    """Time Attempt.record for the first ``commits`` commands of an expert busy-monday."""
    from simulator.bots import make_bot
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot
    from simulator.records.attempts import start
    from simulator.records.store import Store
    from simulator.scenarios import load_scenario

    x = expand(load_scenario("busy-monday"), 1)
    _, log = run_bot(x, make_bot("random", 1))
    store = Store(f"sqlite:///{folder / 'bench.sqlite'}")
    attempt = start(store, x, trainee="Bench", mode="practice")
    times = []
    for tick, command in log[:commits]:
        attempt.shift.advance(tick)
        t = time.perf_counter()
        attempt.record(command)
        times.append(time.perf_counter() - t)
        attempt.shift.apply(command)
    result = attempt.finish()
    store.close()
    return times, result["attempt_id"]


def bench_raw(folder: Path, commits: int) -> list[float]:
    """INSERT + COMMIT with sqlite3 alone, same pragmas."""
    db = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE c (a TEXT, seq INTEGER, tick INTEGER, command TEXT, "
               "PRIMARY KEY (a, seq))")
    times = []
    for seq in range(commits):
        t = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO c VALUES (?, ?, ?, ?)",
                   ("x" * 32, seq, seq, '{"type":"check_in","task":"t-001"}'))
        db.execute("COMMIT")
        times.append(time.perf_counter() - t)
    db.close()
    return times


def bench_verify(folder: Path, attempt_id: str, reps: int = 20
                 ) -> tuple[list[float], list[float], list[float]]:
    """Verifying one attempt in process, each repeat in ms, as ``frontdesk verify`` reads a
    SQLite file (directly, through sqlite3) and through the store (SQLAlchemy, the path a
    PostgreSQL database takes); and opening the store."""
    from simulator.records.sqlite_file import open_sqlite
    from simulator.records.store import Store
    from simulator.records.verify import check_target

    url = f"sqlite:///{folder / 'bench.sqlite'}"
    direct, through, opens = [], [], []
    for _ in range(reps):
        records = open_sqlite(url)
        assert records is not None
        t = time.perf_counter()
        what, ok, lines = check_target(records, attempt_id)
        direct.append(time.perf_counter() - t)
        records.close()
        assert ok, lines
        t = time.perf_counter()
        store = Store(url, create=False)
        opens.append(time.perf_counter() - t)
        t = time.perf_counter()
        what, ok, lines = check_target(store, attempt_id)
        through.append(time.perf_counter() - t)
        assert ok, lines
        store.close()
    return [ms(c) for c in direct], [ms(c) for c in through], [ms(o) for o in opens]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        os.environ["FRONTDESK_KEY_FILE"] = str(folder / "desk.key")
        os.environ["FRONTDESK_TRUST_FILE"] = str(folder / "trusted-desks.json")
        record, attempt_id = bench_record(folder, args.commits)
        raw = bench_raw(folder, args.commits)
        direct, through, opening = bench_verify(folder, attempt_id)
        from simulator.records.store import filesystem_type

        print(f"folder {folder} ({filesystem_type(folder) or 'unknown fs'}), "
              f"{args.commits} commits each, WAL + synchronous=FULL")
        table("Records store", [
            figure("Attempt.record (INSERT + COMMIT)", [ms(t) for t in record], None),
            figure("sqlite3 alone (INSERT + COMMIT)", [ms(t) for t in raw], None),
            figure("verify one attempt in process (SQLite, as verify reads it)", direct, 10.0),
            figure("verify one attempt through the store (SQLAlchemy)", through, None),
            figure("open the store", opening, None),
        ])


if __name__ == "__main__":
    main()
