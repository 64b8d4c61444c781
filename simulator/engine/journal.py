"""The journal: a JSON Lines record of one attempt that replays to the same outcomes.

Line 1 is the header (format and engine versions, scenario id and sha256, seed, and the
whole expanded shift, so a replay never needs Faker). Then one line per command with its
tick. The last line is a trailer with the outcome count and their SHA-256.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from simulator import jsontext
from simulator.engine.commands import Command
from simulator.engine.shift import Shift
from simulator.errors import ContentError, Problem
from simulator.fileio import atomic_write_text
from simulator.model import ExpandedShift

COMMANDS_ADAPTER: TypeAdapter[list[Command]] = TypeAdapter(list[Command])
JOURNAL_FORMAT = 1
#: Bump the major part whenever a rule change would change outcomes for old journals.
ENGINE_VERSION = "6.0"


@dataclass(frozen=True)
class Journal:
    """A parsed journal."""

    header: dict[str, Any]
    shift: ExpandedShift
    commands: tuple[tuple[int, Command], ...]
    trailer: dict[str, Any] | None


def dumps(shift: ExpandedShift, commands: Iterable[tuple[int, Command]], outcomes_hash: str,
          outcome_count: int, *, scenario_sha256: str = "",
          meta: dict[str, Any] | None = None) -> str:
    """Serialise a finished attempt as journal text."""
    header = {"type": "header", "format": JOURNAL_FORMAT, "engine": ENGINE_VERSION,
              "scenario_id": shift.scenario_id, "scenario_sha256": scenario_sha256,
              "seed": shift.seed, **(meta or {}), "shift": shift.model_dump(mode="json")}
    lines = [json.dumps(header, sort_keys=True, separators=(",", ":"))]
    for tick, cmd in commands:
        lines.append(json.dumps({"type": "command", "tick": tick,
                                 "command": cmd.model_dump(mode="json")},
                                sort_keys=True, separators=(",", ":")))
    lines.append(json.dumps({"type": "trailer", "outcomes": outcome_count,
                             "outcome_hash": outcomes_hash}, sort_keys=True,
                            separators=(",", ":")))
    return "\n".join(lines) + "\n"


#: The largest journal read: a long shift's journal is well under a megabyte.
MAX_JOURNAL_BYTES = 32 * 2**20


def write(path: str | Path, text: str) -> None:
    """Write journal text atomically."""
    atomic_write_text(path, text)


def load(path: str | Path) -> Journal:
    """Read and check a journal file.

    Raises:
        ContentError: If the file is unreadable, malformed or from an incompatible engine.
    """
    from simulator.fileio import NotRegularFile, open_regular

    name = str(path)
    try:
        with open_regular(path) as fh:
            data = fh.read(MAX_JOURNAL_BYTES + 1)
        if len(data) > MAX_JOURNAL_BYTES:
            raise ContentError.single(name, f"is over {MAX_JOURNAL_BYTES // 2**20} MiB, "
                                      "larger than any journal", line=1, col=1,
                                      hint="give the journal file a shift wrote")
        text = data.decode("utf-8")
    except NotRegularFile as exc:
        raise ContentError.single(name, f"not a journal: it is {exc.kind}",
                                  hint="give the journal file a shift wrote") from None
    except FileNotFoundError:
        raise ContentError.single(name, "no such file") from None
    except UnicodeDecodeError:
        raise ContentError.single(name, "not a journal: the file is not UTF-8 text",
                                  line=1, col=1) from None
    except OSError as exc:
        raise ContentError.single(name, f"cannot read the file ({exc.strerror})") from None
    return loads(text, name)


def loads(text: str, name: str = "<journal>") -> Journal:
    """Parse journal text (see :func:`load`)."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = jsontext.loads(line)
        except json.JSONDecodeError as exc:
            raise ContentError.single(name, f"not valid JSON ({exc.msg})", line=number,
                                      col=exc.colno) from None
        if not isinstance(row, dict) or "type" not in row:
            raise ContentError.single(name, "each line must be an object with a 'type'",
                                      line=number, col=1)
        rows.append((number, row))
    if not rows or rows[0][1]["type"] != "header":
        raise ContentError.single(name, "the first line must be the journal header", line=1,
                                  col=1, hint="is this a Front Desk Simulator journal?")
    header = rows[0][1]
    _check_versions(header, name)
    try:
        shift = ExpandedShift.model_validate(header.get("shift"))
    except ValidationError as exc:
        raise ContentError.single(name, f"the header's shift is malformed "
                                  f"({exc.error_count()} problems)", line=1, col=1) from None
    broken = dangling(shift)
    if broken:
        raise ContentError.single(name, f"the header's shift is inconsistent: {broken}",
                                  line=1, col=1, hint="the journal was edited or damaged")
    raw: list[tuple[int, int, Any]] = []  # (line number, tick, command data)
    trailer = None
    last_tick = 0
    for number, row in rows[1:]:
        if row["type"] == "trailer":
            trailer = row
            continue
        if row["type"] != "command" or trailer is not None:
            raise ContentError.single(name, f"unexpected '{row['type']}' line", line=number,
                                      col=1)
        tick = row.get("tick")
        if not isinstance(tick, int) or tick < last_tick or tick > shift.length:
            raise ContentError.single(name, f"bad tick {tick!r}: ticks must be whole seconds "
                                      "that never go backwards", line=number, col=1)
        last_tick = tick
        raw.append((number, tick, row.get("command")))
    try:
        # One validation call for every command: much faster than one call each.
        parsed = COMMANDS_ADAPTER.validate_python([data for _, _, data in raw])
    except ValidationError as exc:
        first = exc.errors()[0]
        number = raw[int(first["loc"][0])][0] if first["loc"] else 1
        raise ContentError([Problem(name, number, 1, "command",
                                    f"invalid command: {first['msg']}")]) from None
    commands = tuple((tick, cmd) for (_, tick, _), cmd in zip(raw, parsed, strict=True))
    return Journal(header, shift, commands, trailer)


def dangling(shift: ExpandedShift) -> str | None:
    """The first reference in a shift to something it does not hold (None if whole).

    A journal's shift comes from a file or a database row: an edited one could name a
    patient, provider or conversation that is not there, and replaying it would fail.
    """
    patients = {p.id for p in shift.patients}
    providers = {p.id for p in shift.providers}
    seen: set[str] = set()
    for task in shift.tasks:
        if task.id in seen:
            return f"task {task.id} appears twice"
        seen.add(task.id)
        if task.patient_id is not None and task.patient_id not in patients:
            return f"task {task.id} names patient {task.patient_id[:40]}, which it does not have"
        if task.dialogue_id is not None and task.dialogue_id not in shift.dialogues:
            return (f"task {task.id} names conversation {task.dialogue_id[:40]}, which it "
                    "does not have")
    for slot in shift.slots:
        if slot.provider_id not in providers:
            return f"slot {slot.id[:40]} names provider {slot.provider_id[:40]}, which it lacks"
        if slot.patient_id is not None and slot.patient_id not in patients:
            return f"slot {slot.id[:40]} names patient {slot.patient_id[:40]}, which it lacks"
    return None


def _check_versions(header: dict[str, Any], name: str) -> None:
    if header.get("format") != JOURNAL_FORMAT:
        raise ContentError.single(name, f"journal format {header.get('format')!r} is not "
                                  f"supported (this build reads format {JOURNAL_FORMAT})",
                                  line=1, col=1)
    engine = str(header.get("engine", ""))
    if engine.split(".")[0] != ENGINE_VERSION.split(".")[0]:
        raise ContentError.single(
            name, f"journal was made by engine {engine or '?'}, incompatible with this "
            f"engine {ENGINE_VERSION}", line=1, col=1,
            hint="replay it with the version that recorded it")


def replay(journal: Journal) -> Shift:
    """Re-run a journal's commands at their ticks and finish the shift."""
    shift = Shift(journal.shift)
    for tick, command in journal.commands:
        shift.advance(tick)
        shift.apply(command)
    shift.finish()
    return shift
