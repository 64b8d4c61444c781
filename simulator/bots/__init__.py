"""Bots: plausible trainees that play from the view alone (never the hidden truths).

``random`` presses legal-looking buttons at random; ``novice`` works first-in-first-out and
makes the typical new-hire mistakes; ``expert`` is priority-aware and follows DOMAIN.md's
protocols. Each bot draws from its own seeded stream, so a bot run is deterministic.
"""

from __future__ import annotations

from simulator.engine.policy import Policy, brief

__all__ = ["BOT_NAMES", "Policy", "bot_problem", "brief", "make_bot"]


BOT_NAMES = ("random", "novice", "expert", "human-expert")


def bot_problem(name: str, speed: float = 1.0) -> str | None:
    """What is wrong with a bot choice from the command line (None when it is fine)."""
    if name not in BOT_NAMES:
        return f"unknown bot '{name}' (choose {', '.join(BOT_NAMES)})"
    if not 0.25 <= speed <= 4.0:
        return f"--bot-speed {speed} is outside 0.25-4 (1.0 is a typical person)"
    if speed != 1.0 and name != "human-expert":
        return "--bot-speed paces the human-expert bot only"
    return None


def make_bot(name: str, seed: int, speed: float = 1.0) -> Policy:
    """Create the bot called ``name`` for a shift with ``seed``.

    Args:
        name: One of :data:`BOT_NAMES`.
        seed: The shift's seed.
        speed: For ``human-expert`` only: how slow the person is (1.0 typical, 1.5 slower).

    Raises:
        ValueError: If ``name`` is not one of :data:`BOT_NAMES`, or ``speed`` is out of range.
    """
    # Each bot is imported only when chosen: a command runs one bot, not all four.
    if name == "human-expert":
        from simulator.bots.human import HumanPacedExpert

        return HumanPacedExpert(seed, speed)
    if name == "expert":
        from simulator.bots.expert import ExpertBot

        return ExpertBot(seed)
    if name == "novice":
        from simulator.bots.novice import NoviceBot

        return NoviceBot(seed)
    if name == "random":
        from simulator.bots.random_bot import RandomBot

        return RandomBot(seed)
    raise ValueError(f"unknown bot '{name}' (choose from {', '.join(BOT_NAMES)})")
