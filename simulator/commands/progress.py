"""``frontdesk path show`` and ``frontdesk path unlock``."""

from __future__ import annotations

import argparse

from simulator.errors import ContentError


def path_show(args: argparse.Namespace) -> int:
    """Print the tiers, their unlock rules, and the trainee's progress."""
    from simulator.curriculum.path import load_path
    from simulator.progress import ProgressStore

    path, store = load_path(), ProgressStore()
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
    from simulator.progress import ProgressStore

    ids = [t.id for t in load_path().tiers]
    if args.tier not in ids:
        raise ContentError.single("<command line>", f"no tier '{args.tier}'",
                                  hint="tiers: " + ", ".join(ids))
    ProgressStore().unlock(args.trainee, args.tier)
    print(f"unlocked {args.tier} for {args.trainee or 'this computer'}")
    return 0
