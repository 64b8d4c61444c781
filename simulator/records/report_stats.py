"""The cohort report's tables from its counters: pure arithmetic and ordering.

Every share is of ATTEMPTS (attempts in which it happened / attempts), never of items.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def median(values: list[int]) -> float:
    """The median (0.0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def common_marks(marks: Counter[tuple[str, int]]) -> dict[str, int]:
    """The pass mark most attempts were scored against, per dimension (for the charts)."""
    best: dict[str, tuple[int, int]] = {}
    for (key, value), count in marks.items():
        if key not in best or count > best[key][0]:
            best[key] = (count, value)
    return {k: v for k, (_, v) in best.items()}


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, never above 100 (both count attempts)."""
    return min(100.0, part * 100 / whole) if whole else 0.0


def mistakes(kinds: dict[tuple[str, str], dict[str, Any]], attempts: int,
             trainees: int) -> list[dict[str, Any]]:
    """Mistakes by kind, the most attempts first."""
    out = []
    for kind in kinds.values():
        people = kind["trainees"]
        out.append({**{k: v for k, v in kind.items() if k != "last_trainee"},
                    "share": share(kind["attempts"], attempts),
                    "trainee_share": share(people, trainees)})
    out.sort(key=lambda k: (-k["attempts"], -k["occurrences"], k["code"], k["dimension"]))
    return out


def moments(found: dict[tuple[str, int, str, str], dict[str, Any]],
            sat: Counter[tuple[str, int]], top: int) -> list[dict[str, Any]]:
    """The ``top`` moments that tripped the most attempts at their shift."""
    out = []
    for m in found.values():
        taken = sat[(m["scenario"], m["seed"])]
        out.append({**m, "taken": taken, "share": share(m["attempts"], taken)})
    # Only moments several attempts met are a pattern; a one-off is an anecdote.
    out.sort(key=lambda m: (-m["attempts"], -m["share"], m["scenario"], m["seed"], m["task"],
                            m["code"]))
    return out[:top]


def criticals(crits: list[dict[str, Any]], attempts: int) -> list[dict[str, Any]]:
    """Critical fails by rule, the most attempts first."""
    out = [{"rule": c["rule"], "reason": c["reason"], "count": c["count"],
            "attempts": c["attempts"], "trainees": c["trainees"],
            "share": share(c["attempts"], attempts)}
           for c in crits]
    out.sort(key=lambda c: (-c["attempts"], c["rule"]))
    return out
