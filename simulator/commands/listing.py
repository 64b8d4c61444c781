"""``frontdesk scenario list``: the shipped scenarios, from the content cache.

A list is asked for often and should answer at once, so each file's row (id, tier,
difficulty, real minutes, title, ...) is cached by the file's bytes beside its validated
model: a warm list reads each file, hashes it and looks the row up, without importing the
schema. A file that changed is loaded and validated in full, and a bad one fails as always.
"""

from __future__ import annotations

import argparse
import json

from simulator.contentcache import cached, read_content_bytes
from simulator.resources import scenarios_dir


def _row(path: object) -> dict:
    from simulator.pacing import expected_minutes
    from simulator.scenarios import load_scenario_file

    scn = load_scenario_file(path)  # type: ignore[arg-type]
    return {
        "id": scn.id,
        "title": scn.title,
        "difficulty": scn.difficulty,
        "tier": scn.tier,
        "event_kinds": scn.event_kinds,
        "situations": list(scn.situations),
        "objectives": list(scn.objectives),
        "real_minutes": expected_minutes(scn),
    }


def scenario_list(args: argparse.Namespace) -> int:
    """Print the shipped scenarios (as a table, or JSON with ``--json``)."""
    rows = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        raw = read_content_bytes(path)
        # A copy: the cached row is shared within the process.
        rows.append(dict(cached("scenario-list-row", raw, lambda p=path: _row(p))))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'id':<24} {'tier':<12} {'diff':>4} {'minutes':>7}  title")
    for row in rows:
        print(f"{row['id']:<24} {row['tier']:<12} {row['difficulty']:>4} "
              f"{'~' + str(row['real_minutes']):>7}  {row['title']}")
    print("\nminutes: real minutes a competent person takes (the human-paced expert bot)")
    return 0
