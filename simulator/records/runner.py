"""Headless assessment sittings: a bot plays every shift, each command committed first.

The loop is :func:`simulator.engine.runner.run_bot` itself, so a recorded bot run has the
same outcomes as an unrecorded one (a test pins the two together). The difference: each
command goes through :meth:`Attempt.record` before it is applied, which makes the run
crash-safe and resumable:
after a crash, :func:`play_bot` on the resumed attempt drives the (deterministic) bot again
from the start, checks it repeats the stored commands, and records only what is new.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from simulator.bots import Policy, bot_problem, make_bot
from simulator.engine.runner import run_bot
from simulator.engine.shift import Shift
from simulator.errors import ContentError, Problem
from simulator.records.assessment import assessment_from_text
from simulator.records.attempts import Attempt, clean_name, resume, start
from simulator.records.keys import load_desk_key
from simulator.records.store import Store, utc_now


def play_bot(attempt: Attempt, bot: Policy, *, max_commands: int = 20_000,
             on_record: Callable[[int], None] | None = None) -> Shift:
    """Play an attempt's whole shift with ``bot``, recording each new command first.

    Args:
        attempt: A fresh or resumed attempt.
        bot: The player.
        max_commands: Stop asking the bot after this many commands (as ``run_bot``).
        on_record: Called with each new command's sequence number after its commit.

    Returns:
        The finished live shift (the attempt is not finished: call ``attempt.finish()``).

    Raises:
        ContentError: If the bot does not repeat a resumed attempt's stored commands.
    """
    stored = attempt.stored
    done = 0

    def record_first(tick: int, command) -> None:
        nonlocal done
        if done < len(stored):
            if stored[done] != (tick, command):
                raise ContentError([Problem(
                    attempt.store.display, 0, 0, f"attempt {attempt.id}",
                    f"stored command {done} is not what the {bot.name} bot plays there",
                    "the attempt was not recorded by this bot and seed")])
        else:
            seq = attempt.record(command, tick)
            if on_record is not None:
                on_record(seq)
        done += 1

    # The same loop as every headless bot run, with each new command committed first.
    shift, _ = run_bot(attempt.expanded, bot, max_commands, before_apply=record_first)
    attempt.shift = shift
    return shift


def run_assessment(store: Store, assessment_id: str, trainee: str, bot_name: str, *,
                   bot_speed: float = 1.0, now: datetime | None = None,
                   on_record: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """A bot sits a stored assessment for a trainee: every shift played, scored, signed.

    Every input is checked and every shift expanded before anything is written, so bad
    input leaves the records untouched. A sitting by the same bot for the same trainee that
    a crash left unfinished is resumed (its finished parts kept, an open part replayed and
    played on) instead of using up another attempt. The attempts are stored with the bot's
    name: calibration, shown as such and never certified.

    Returns:
        One finished attempt per shift (as :meth:`Store.attempt` shows them).

    Raises:
        ContentError: For an unknown assessment or bot, a bad trainee name, no attempts
            left, or a scenario that no longer loads.
    """
    from simulator.engine.expand import expand
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest

    row = store.assessment(assessment_id)
    if row is None:
        known = ", ".join(a["id"] for a in store.assessments()) or "none stored yet"
        raise ContentError([Problem("<command line>", 0, 0, "ID",
                                    f"no stored assessment '{assessment_id}'",
                                    f"stored: {known}")])
    problem = bot_problem(bot_name, bot_speed)
    if problem:
        raise ContentError([Problem("<command line>", 0, 0, "--bot", problem)])
    name = clean_name(trainee)
    assessment = assessment_from_text(row["yaml"], f"assessment '{assessment_id}'")
    parts = []
    for part in assessment.scenarios:
        path = resolve_scenario_path(part.scenario)
        parts.append((expand(load_scenario_file(path), part.seed), scenario_digest(path)))
    known_trainee = store.trainee(name)
    unfinished = _unfinished_sitting(store, name, assessment_id, bot_name, len(parts)) \
        if known_trainee else None
    if unfinished is None:
        used = store.sittings_used(known_trainee["id"], assessment_id) if known_trainee else 0
        if used >= assessment.attempts_allowed:
            raise ContentError([Problem("<command line>", 0, 0, "--trainee",
                                        f"{name} has used {used} of "
                                        f"{assessment.attempts_allowed} attempts at "
                                        f"'{assessment_id}'", "a trainer can store the "
                                        "assessment again under a new id with more "
                                        "attempts")])
    load_desk_key()  # a missing or exposed key stops the sitting before anything is stored
    moment = now or utc_now()
    limit = assessment.time_limit_minutes
    deadline = moment + timedelta(minutes=limit) if limit else None
    done = {r["part"]: r for r in unfinished or []}
    sitting = unfinished[0]["sitting_id"] if unfinished else None
    results = []
    for index, (expanded, sha) in enumerate(parts):
        previous = done.get(index)
        if previous is not None and previous["status"] != "open":
            results.append(store.attempt(previous["attempt_id"]))
            continue
        if previous is not None:  # interrupted here: replay what was stored, play on
            attempt = resume(store, previous["attempt_id"])
        else:
            attempt = start(store, expanded, trainee=name, scenario_sha256=sha,
                            mode="assessment", assessment_id=assessment_id,
                            assessment_sha256=row["sha256"], overrides=assessment.overrides(),
                            part=index, sitting_id=sitting, deadline=deadline, bot=bot_name,
                            now=moment if index == 0 else None)
        sitting = sitting or attempt.id
        play_bot(attempt, make_bot(bot_name, expanded.seed, bot_speed), on_record=on_record)
        results.append(attempt.finish())
    return results


def _unfinished_sitting(store: Store, name: str, assessment_id: str, bot_name: str,
                        parts: int) -> list[dict[str, Any]] | None:
    """The newest sitting by this bot for this trainee that a crash left unfinished."""
    rows = [r for r in store.attempts(assessment_id, trainee=name) if r["bot"] == bot_name]
    if not rows:
        return None
    last = [r for r in rows if r["sitting_id"] == rows[-1]["sitting_id"]]
    if len(last) < parts or any(r["status"] == "open" for r in last):
        return sorted(last, key=lambda r: r["part"])
    return None
