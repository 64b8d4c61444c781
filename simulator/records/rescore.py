"""Stored commands replayed and scored again: what ``verify`` and finishing an attempt share.

Nothing here touches the database: rows come in as the records readers return them (see
:mod:`simulator.records.reads`), so a verification can run without SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from simulator import jsontext
from simulator.engine import journal
from simulator.engine.shift import Shift
from simulator.errors import ContentError


def parse_rows(header_text: str, rows: list[dict[str, Any]], name: str,
               decoded: list[Any] | None = None
               ) -> tuple[journal.Journal | None, list[str]]:
    """Build a :class:`~simulator.engine.journal.Journal` from stored rows.

    Args:
        header_text: The stored journal header.
        rows: The command rows (``seq``, ``tick``, ``command`` text), in order.
        name: The attempt, as messages name it.
        decoded: Each row's command text already parsed as JSON, when the caller has it.

    Returns:
        The journal (None if the header is unusable) and every problem found with the
        rows: gaps in the sequence, unparsable commands, ticks that go backwards. Rows are
        read up to the first problem.
    """
    problems: list[str] = []
    try:
        base = journal.loads(header_text, name)
    except ContentError as exc:
        return None, [f"the stored journal header is unusable ({exc.problems[0].message})"]
    ticks: list[int] = []
    data: list[Any] = []
    for expected, row in enumerate(rows):
        if row["seq"] != expected:
            problems.append(f"command row {expected} is missing (the next stored row is "
                            f"{row['seq']})")
            break
        tick = row["tick"]
        if not isinstance(tick, int) or tick < (ticks[-1] if ticks else 0) \
                or tick > base.shift.length:
            problems.append(f"command row {expected} has tick {tick!r}, out of order")
            break
        try:
            data.append(decoded[expected] if decoded is not None
                        else jsontext.loads(row["command"]))
        except (ValueError, TypeError):
            problems.append(f"command row {expected} is not a valid command")
            break
        ticks.append(tick)
    try:
        # One validation call for every command: much faster than one call each.
        parsed = journal.COMMANDS_ADAPTER.validate_python(data)
    except ValidationError as exc:
        loc = exc.errors()[0]["loc"]
        bad = int(loc[0]) if loc else 0
        parsed = journal.COMMANDS_ADAPTER.validate_python(data[:bad])
        problems = [f"command row {bad} is not a valid command"]
    commands = tuple(zip(ticks, parsed, strict=False))
    return journal.Journal(base.header, base.shift, commands, None), problems


def score(parsed: journal.Journal) -> tuple[Shift, dict[str, Any], dict[str, Any]]:
    """Replay a journal and score it with its header's rubric override.

    Returns:
        The finished shift, the trailer and the ScoreCard as JSON data.
    """
    from simulator.scoring import score_outcomes

    shift = journal.replay(parsed)
    card = score_outcomes(shift.x, shift.outcomes, parsed.header.get("rubric_override"))
    trailer = {"outcomes": len(shift.outcomes), "outcome_hash": shift.outcome_hash()}
    return shift, trailer, card.model_dump(mode="json")


def command_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored command rows as the signed form: ``{"seq", "tick", "command"}``."""
    return [{"seq": r["seq"], "tick": r["tick"], "command": jsontext.loads(r["command"])}
            for r in rows]


__all__ = ["command_data", "parse_rows", "score"]
