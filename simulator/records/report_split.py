"""The cohort report read on two cores: half the trainees counted in a helper process.

Checking and counting 50,000 attempts is pure Python work, about 120 µs an attempt, and a
trainer's machine has more than one core. When the cohort is large and the platform can
fork, :func:`read_cohort_split` hands the trainees from the middle one on to a forked
helper process, which reads them with its own database connection, counts them in its own
:class:`~simulator.records.report.CohortBuilder` and writes their CSV lines to a file of
its own; this process does the first half meanwhile, then merges the helper's counts into
its builder (:func:`merge`) and appends the helper's CSV lines. Trainees' ids split the
work because a report takes each trainee's attempts together and in id order, so the first
half then the second is exactly the order a single pass reads: the report comes out the
same, byte for byte (tested). If the helper fails for any reason, its half is read here.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import Any

from simulator.records.report import CohortBuilder
from simulator.records.report_model import NOT_TESTED
from simulator.records.report_read import Span, read_cohort
from simulator.records.report_render import CsvTable

#: Below this many attempts one process is quicker than starting a second.
SPLIT_FROM = 4_000


def can_split(expected: int) -> bool:
    """Whether a report of ``expected`` attempts is read in two processes."""
    return (expected >= SPLIT_FROM and (os.cpu_count() or 1) > 1
            and sys.platform.startswith("linux")  # fork is safe here; not on macOS
            and "fork" in multiprocessing.get_all_start_methods()
            and not os.environ.get("FRONTDESK_REPORT_ONE_PROCESS"))


def middle_trainee(store: Any, assessment_id: str | None) -> str | None:
    """The id of the trainee the second half starts at (None: too few to split)."""
    from sqlalchemy import func, select

    from simulator.records.schema import attempts

    a = attempts.c
    query = select(func.count(func.distinct(a.trainee_id)))
    if assessment_id is not None:
        query = query.where(a.assessment_id == assessment_id)
    with store.read() as conn:
        people = int(conn.scalar(query) or 0)
        if people < 2:
            return None
        pick = select(a.trainee_id).distinct().order_by(a.trainee_id).offset(people // 2) \
            .limit(1)
        if assessment_id is not None:
            pick = pick.where(a.assessment_id == assessment_id)
        found = conn.scalar(pick)
    return None if found is None else str(found)


def read_cohort_split(store: Any, db: str | None, builder: CohortBuilder,
                      assessment_id: str | None, *, csv_file: Any | None,
                      progress: Callable[[int, int], None] | None = None,
                      expected: int = 0) -> tuple[int, set[str]]:
    """:func:`report_read.read_cohort`, in two processes when that is quicker.

    One process reads it all when :func:`can_split` says no or there are fewer than two
    trainees; otherwise see the module docstring.

    Args:
        store: The open store (this process reads the first half through it).
        db: The ``--db`` URL the store was opened with, for the helper's own connection.
        builder: What counts the attempts; the helper's counts are merged into it.
        assessment_id: Only this assessment's attempts (None: all).
        csv_file: The open CSV file (None: no CSV).
        progress: Called as ``progress(done, expected)``.
        expected: How many attempts there are.

    Returns:
        As :func:`report_read.read_cohort`.
    """
    table = CsvTable(csv_file) if csv_file is not None else None
    middle = middle_trainee(store, assessment_id) if can_split(expected) else None
    if middle is None:
        return read_cohort(store, builder, assessment_id, on_row=table.add if table else None,
                           progress=progress, expected=expected)
    context = multiprocessing.get_context("fork")
    done_there = context.Value("q", 0, lock=False)
    with tempfile.TemporaryDirectory(prefix="frontdesk-report-") as folder:
        part = Path(folder) / "second-half.csv"
        receive, send = context.Pipe(duplex=False)
        helper = context.Process(target=_second_half, daemon=True, args=(
            db, builder.title, builder.parts_expected, assessment_id, (middle, None),
            part if csv_file is not None else None, expected, done_there, send))
        helper.start()
        send.close()

        done_here = [0]

        def both(done: int, _: int) -> None:
            done_here[0] = done
            if progress is not None:
                progress(min(done + done_there.value, expected), expected)

        def after_first(done: int, _: int) -> None:
            if progress is not None:
                progress(min(done_here[0] + done, expected), expected)

        open_here, people = read_cohort(store, builder, assessment_id,
                                        on_row=table.add if table else None,
                                        progress=both, expected=expected,
                                        span=(None, middle))
        outcome = _result(receive, helper)
        helper.join()
        if outcome is None:
            # The helper failed: read its half here (the same result, only slower).
            open_there, seen = read_cohort(
                store, builder, assessment_id, on_row=table.add if table else None,
                progress=after_first, expected=expected, span=(middle, None))
        else:
            other, open_there, seen = outcome
            merge(builder, other)
            if csv_file is not None:
                with part.open(encoding="utf-8", newline="") as fh:
                    while chunk := fh.read(1 << 20):
                        csv_file.write(chunk)
    return open_here + open_there, people | seen


def _result(receive: Any, helper: Any) -> tuple[CohortBuilder, int, set[str]] | None:
    """The helper's counts, or None if it failed or ended without sending them."""
    while not receive.poll(0.2):
        if not helper.is_alive() and not receive.poll(0):
            return None
    try:
        found = receive.recv()
    except (EOFError, OSError):
        return None
    return found if isinstance(found, tuple) else None


def _second_half(db: str | None, title: str, parts: int | None, assessment_id: str | None,
                 span: Span, part: Path | None, expected: int, done: Any, send: Any
                 ) -> None:
    """The helper process: count its trainees and send the builder back."""
    try:
        from simulator.records.store import Store

        store = Store(db, create=False)
        try:
            builder = CohortBuilder(title=title, parts_expected=parts)

            def count(n: int, _: int) -> None:
                done.value = n

            with (part.open("w", encoding="utf-8", newline="") if part is not None
                  else nullcontext()) as fh:
                table = CsvTable(fh, heading=False) if fh is not None else None
                open_attempts, people = read_cohort(
                    store, builder, assessment_id, on_row=table.add if table else None,
                    progress=count, span=span, expected=expected)
            builder.close()
            send.send((builder, open_attempts, people))
        finally:
            store.close()
    except BaseException:  # noqa: BLE001 - any failure: the parent reads this half itself
        with suppress(OSError, ValueError):
            send.send(traceback.format_exc())
    finally:
        send.close()


def merge(builder: CohortBuilder, other: CohortBuilder) -> None:
    """Add ``other``'s counts (the trainees after ``builder``'s) to ``builder``.

    Both must be closed (:meth:`CohortBuilder.close`). What a single pass keeps from the
    first attempt that showed something (a mistake's texts and reference) stays
    ``builder``'s, whose trainees come first.
    """
    builder.close()
    index = builder.competency_index
    for comp in other.competency_index:
        index.setdefault(comp, len(index))
    moved = {old: index[comp] for comp, old in other.competency_index.items()}
    for person in other.people.values():
        values = bytearray([NOT_TESTED]) * len(index)
        for old, percent in enumerate(person.percents):
            values[moved[old]] = percent
        person.percents = bytes(values)
        builder.people[person.trainee_id] = person
    builder.tainted |= other.tainted
    builder.overall_hist = [a + b for a, b in zip(builder.overall_hist, other.overall_hist,
                                                  strict=True)]
    for dim, counts in other.dim_hists.items():
        mine = builder.dim_hists.setdefault(dim, [0] * len(counts))
        builder.dim_hists[dim] = [a + b for a, b in zip(mine, counts, strict=True)]
    builder.mark_sets.update(other.mark_sets)
    builder.sat.update(other.sat)
    _add(builder.kinds, other.kinds, ("attempts", "occurrences", "critical", "trainees"))
    _add(builder.moments, other.moments, ("attempts", "critical"))
    _add(builder.crits, other.crits, ("count", "attempts", "trainees"))
    builder.overalls += other.overalls
    builder.passed_attempts += other.passed_attempts
    builder.calibration += other.calibration
    builder.unverified += other.unverified


def _add(mine: dict[Any, dict[str, Any]], theirs: dict[Any, dict[str, Any]],
         counts: tuple[str, ...]) -> None:
    for key, item in theirs.items():
        found = mine.get(key)
        if found is None:
            mine[key] = item
        else:
            for name in counts:
                found[name] += item[name]


__all__ = ["SPLIT_FROM", "can_split", "merge", "middle_trainee", "read_cohort_split"]
