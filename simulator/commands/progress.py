"""``frontdesk path show`` and ``frontdesk path unlock``, on the records store.

Progress lives in the records database (``--db``, else ``FRONTDESK_DB``, else SQLite in the
data folder), so a trainer sees and opens tiers for trainees on any desk sharing it. Unlike
play, these commands stop with a message when the database cannot be used: a trainer must
not be told a tier is open when nothing was stored.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from simulator.errors import ContentError

if TYPE_CHECKING:
    from simulator.progress import ProgressStore


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[tuple[ProgressStore, str]]:
    """The records store's progress (database problems raise), and the database's name."""
    from simulator.progress import ProgressStore
    from simulator.records import progress_tables  # noqa: F401  (its tables made on open)
    from simulator.records.store import Store

    db = Store(getattr(args, "db", None))  # --db once the path commands take it
    try:
        yield ProgressStore(db, strict=True), db.display
    finally:
        db.close()


def path_show(args: argparse.Namespace) -> int:
    """Print the tiers, their unlock rules, and the trainee's progress."""
    from simulator.curriculum.path import load_path

    path = load_path()
    with _progress(args) as (store, _):
        passed = store.passed(args.trainee)
        open_tiers = path.unlocked(passed, store.overrides(args.trainee))
    for tier in path.tiers:
        state = "open" if tier.id in open_tiers else "locked"
        rule = (f"after {tier.unlock.min_passed} passed in {tier.unlock.after}"
                if tier.unlock.after else "always open")
        print(f"{tier.title} [{tier.id}] - {state} ({rule})")
        for sid in tier.scenarios:
            print(f"  [{'x' if sid in passed else ' '}] {sid}")
    return 0


def path_unlock(args: argparse.Namespace) -> int:
    """Open a tier for a trainee (a trainer's override)."""
    from simulator.curriculum.path import load_path

    ids = [t.id for t in load_path().tiers]
    if args.tier not in ids:
        raise ContentError.single("<command line>", f"no tier '{args.tier}'",
                                  hint="tiers: " + ", ".join(ids))
    with _progress(args) as (store, where):
        store.unlock(args.trainee, args.tier)
    print(f"unlocked {args.tier} for {args.trainee or 'this computer'} in {where}")
    return 0
