"""Accuracy beyond the task obligations: downtime records typed back in correctly.

What each task owes (identity, card, pre-authorization, copay, booking, route, fix) is
scored by :mod:`simulator.scoring.obligations` from :mod:`simulator.protocol`; this module
adds the one accuracy check that belongs to the shift rather than to a task: every paper
entry reconciled into the EHR, with typed data matched tolerantly.
"""

from __future__ import annotations

from simulator.scoring.context import Finding, ScoreContext

DIM = "accuracy"


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score the reconciliation of every paper entry."""
    out = []
    done = {o["entry"]: o for o in ctx.by_kind.get("EntryReconciled", [])}
    for entry in ctx.by_kind.get("PaperEntryWritten", []):
        rec = done.get(entry["entry"])
        earned = 3 if rec and rec["correct"] else 0
        out.append(Finding(DIM, "crisis.downtime-procedure", "paper_reconciliation",
                           entry["task"], rec["t"] if rec else ctx.x.length, 3, earned,
                           {"entry": entry["entry"], "wrong": rec["wrong"] if rec else None}))
    return out
