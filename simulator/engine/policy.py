"""The player contract: what a bot (or a scripted player) must offer the runner.

It lives in the engine, beside the runner that drives it, so the engine never imports the
bots; the bots import this.
"""

from __future__ import annotations

from typing import Protocol

from simulator.engine.commands import Command
from simulator.engine.view import View
from simulator.model import ExpandedShift


class Policy(Protocol):
    """A player: looks at the view, returns the next commands (usually one)."""

    name: str
    pace: float

    def decide(self, view: View) -> list[Command]:
        """Return the commands to carry out now (empty to wait)."""
        ...


def brief(bot: Policy, expanded: ExpandedShift) -> Policy:
    """Let a bot that studies (the expert and its kin) learn the shift's dialogues first.

    A bot with a ``study(dialogues)`` method is handed the authored dialogue content, never
    a task's hidden truths. Bots without one play from the view alone.
    """
    study = getattr(bot, "study", None)
    if study is not None:
        study(expanded.dialogues)
    return bot
