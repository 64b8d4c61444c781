"""Aggregate many ScoreCards: means, standard deviations and the pass rate."""

from __future__ import annotations

import statistics
from typing import Any

from simulator.scoring.rubric import DIMENSIONS

KEYS = ("overall", *DIMENSIONS)


def aggregate_cards(cards: list[dict[str, Any]]) -> dict[str, Any]:
    """Return ``{"mean": {...}, "sd": {...}, "pass_rate": float}`` over JSON scorecards."""
    values = {k: [c["overall"] if k == "overall" else c["dimensions"][k] for c in cards]
              for k in KEYS}
    mean = {k: round(statistics.fmean(v), 2) for k, v in values.items()}
    sd = {k: round(statistics.pstdev(v), 2) if len(v) > 1 else 0.0 for k, v in values.items()}
    rate = round(sum(c["passed"] for c in cards) / len(cards), 4)
    return {"mean": mean, "sd": sd, "pass_rate": rate}
