"""Read a cohort for its report one trainee at a time, checking every seal on the way.

One query streams the attempts (summary columns and seals, never a ScoreCard or journal)
ordered by trainee, then as they were started; one more reads the chain heads. Each
trainee's rows are checked together (both seals of every attempt and their chain: a
deleted attempt marks the whole chain), handed to the :class:`~report.CohortBuilder` and
the CSV, and dropped. Memory stays at one trainee's rows plus the counts.

An attempt sealed before records version 3 has no signed summary: its ScoreCard is read,
checked against the digest its seal carries, and summarised on the spot (slower, same
result).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, select

from simulator.records import seals
from simulator.records.packing import stored_json, unpack
from simulator.records.packing import summary as summarise
from simulator.records.reads import DAMAGED
from simulator.records.report import CohortBuilder
from simulator.records.schema import attempts, chains, trainees
from simulator.records.sealcache import SealCache
from simulator.records.typed import damaged_message, row_checker

#: The columns a report row needs, beside the seal columns.
_COLUMNS = ("id", "sitting_id", "part", "trainee_id", "assessment_id", "scenario_id", "seed",
            "mode", "bot", "status", "passed", "overall", "dimensions", "critical_count",
            "command_count", "outcome_hash", "registration", "created_at", "deadline_at",
            "finished_at", "summary")
#: The signed texts, read only for a row (or chain) that must be checked in full.
_TEXTS = ("start_sealed", "sealed")
#: Every column read for every row, in order (the trainee's name last).
NAMES = (*(n for n in dict.fromkeys((*_COLUMNS, *seals.SEAL_COLUMNS)) if n not in _TEXTS),
         "display_name")
_AT = {name: i for i, name in enumerate(NAMES)}
#: Rows fetched from the database at a time.
BATCH = 2000


#: A range of trainee ids, ``[from, to)``; None leaves that end open.
Span = tuple[str | None, str | None]
EVERYONE: Span = (None, None)


def _rows(conn: Connection, assessment_id: str | None, span: Span = EVERYONE
          ) -> Iterator[Any]:
    a = attempts.c
    query = select(*(a[n] for n in NAMES[:-1]), trainees.c.display_name).join(
        trainees, trainees.c.id == a.trainee_id)
    if assessment_id is not None:
        query = query.where(a.assessment_id == assessment_id)
    if span[0] is not None:
        query = query.where(a.trainee_id >= span[0])
    if span[1] is not None:
        query = query.where(a.trainee_id < span[1])
    query = query.order_by(a.trainee_id, a.created_at, a.sitting_id, a.part)
    # Sent as driver SQL: the rows come back as the driver gives them (a quarter faster
    # than with SQLAlchemy's result processing; a SQLite boolean is then 0 or 1).
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.params
    args = (tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional
            else params)
    if conn.dialect.name != "sqlite":
        # A server-side cursor, so PostgreSQL streams the rows instead of sending them all.
        yield from conn.execution_options(yield_per=BATCH).exec_driver_sql(str(compiled),
                                                                           args)
        return
    # SQLite's own cursor streams, and hands plain tuples (no result object per row).
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def _heads(conn: Connection, assessment_id: str | None) -> dict[tuple[str, str], Any]:
    query = select(chains)
    if assessment_id is not None:
        query = query.where(chains.c.chain == assessment_id)
    return {(r.trainee_id, r.chain): dict(r._mapping) for r in conn.execute(query).all()}


def _texts(conn: Connection, attempt_ids: list[str]) -> dict[str, tuple[str | None, ...]]:
    """The signed texts of these attempts (for a full check)."""
    a = attempts.c
    rows = conn.execute(select(a.id, *(a[n] for n in _TEXTS)).where(a.id.in_(attempt_ids)))
    return {r[0]: tuple(r[1:]) for r in rows}


def _scorecard(conn: Connection, attempt_id: str) -> str | None:
    row = conn.execute(select(attempts.c.scorecard, attempts.c.scorecard_packed).where(
        attempts.c.id == attempt_id)).first()
    if row is None:
        return None
    if row.scorecard is not None:
        return str(row.scorecard)
    try:
        return unpack(row.scorecard_packed)
    except ValueError:
        return None


def _report_row(v: Any) -> dict[str, Any]:
    """A stored row in the shape of ``Store.attempts`` (what the builder and CSV read)."""
    at = _AT
    dims = v[at["dimensions"]]
    return {"attempt_id": v[at["id"]], "sitting_id": v[at["sitting_id"]],
            "part": v[at["part"]], "trainee": v[at["display_name"]],
            "trainee_id": v[at["trainee_id"]], "assessment_id": v[at["assessment_id"]],
            "scenario": v[at["scenario_id"]], "seed": v[at["seed"]], "mode": v[at["mode"]],
            "bot": v[at["bot"]], "status": v[at["status"]], "passed": v[at["passed"]],
            "overall": v[at["overall"]], "dimensions": stored_json(dims),
            "critical_fails": v[at["critical_count"]], "commands": v[at["command_count"]],
            "outcome_hash": v[at["outcome_hash"]], "registration": v[at["registration"]],
            "created_at": v[at["created_at"]], "deadline_at": v[at["deadline_at"]],
            "finished_at": v[at["finished_at"]]}


def _chains(conn: Connection, group: list[Any], heads: dict[tuple[str, str], Any],
            trust: Any, cache: SealCache) -> dict[str, list[str]]:
    """What is wrong with each chain of one trainee (a chain seen whole before: nothing).

    A chain's entry covers its head (text and seal) and every link's start seal: the
    signatures stand for the signed texts, which are read only when it must be checked.
    """
    if not group:
        return {}
    at = _AT
    links: dict[str, dict[int, Any]] = {}
    for v in group:
        if v[at["chain_seq"]] is not None:
            links.setdefault(seals.chain_of(v[at["assessment_id"]]), {})[v[at["chain_seq"]]] = v
    trainee = group[0][at["trainee_id"]]
    found: dict[str, list[str]] = {}
    for chain, chain_rows in links.items():
        head = heads.get((trainee, chain))
        head_parts = tuple(head[k] for k in ("length", "sealed", "seal")) if head else (None,)
        key = cache.checked_key(trust.keys, (
            "chain", trainee, chain, *head_parts,
            *(x for seq in sorted(chain_rows) for x in (seq, chain_rows[seq][at["start_seal"]]))))
        if cache.has(key):
            found[chain] = []
            continue
        texts = _texts(conn, [v[at["id"]] for v in chain_rows.values()])
        chain_links = {seq: (texts.get(v[at["id"]], (None,))[0], v[at["start_seal"]])
                       for seq, v in chain_rows.items()}
        found[chain] = seals.chain_verdict(chain_links, head, chain, trust, cache)
        if not found[chain]:
            cache.put(key)
    return found


def _check(conn: Connection, group: list[Any], heads: dict[tuple[str, str], Any],
           trust: Any, cache: SealCache) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None,
                                                       dict[str, Any] | None]]:
    """Each row of one trainee checked: (report row, summary, ScoreCard if it was read).

    A row whose every column, both seals' signatures and its trainee's name passed this
    whole check before, under the same trust list, is not checked again (see
    :class:`SealCache`): the signatures stand for the signed texts, which only a full
    check reads. A changed signed text with unchanged columns and signatures changes
    nothing the report shows; ``frontdesk verify`` reads everything.
    """
    at = _AT
    # A row whose every value (repr, so its types too) passed the whole check before needs
    # no type check either; the key is None for a row without a signed summary.
    keys = [cache.checked_key(trust.keys, tuple(v)) if v[at["summary"]] is not None
            else None for v in group]
    known = [key is not None and cache.has(key) for key in keys]
    damaged = {i: found for i, v in enumerate(group)
               if not known[i] and (found := _damaged(v)) is not None}
    chain_found = _chains(conn, [v for i, v in enumerate(group) if i not in damaged], heads,
                          trust, cache)
    signed: dict[str, tuple[str | None, ...]] | None = None  # read at the first miss
    for i, v in enumerate(group):
        if i in damaged:
            yield damaged[i]
            continue
        row = _report_row(v)
        summary: dict[str, Any] | None = None
        card: dict[str, Any] | None = None
        problems: list[str] = []
        stored_summary = v[at["summary"]]
        key = keys[i]
        if known[i]:
            summary = stored_json(stored_summary)
        else:
            texts: dict[str, str | None] | None = None
            if row["overall"] is not None:
                if stored_summary is not None:
                    texts = {"summary": stored_summary}
                    summary = stored_json(stored_summary)
                else:
                    text = _scorecard(conn, row["attempt_id"])
                    texts = {"scorecard": text or "<damaged>"}
                    card = stored_json(text)
                    summary = summarise(card) if card is not None else None
            full = dict(zip(NAMES, v, strict=True))
            if signed is None:
                signed = _texts(conn, [w[at["id"]] for w in group])
            full.update(zip(_TEXTS, signed.get(row["attempt_id"], (None, None)), strict=True))
            problems = seals.row_problems(full, full["display_name"], trust, texts=texts,
                                          cache=cache)
            if row["overall"] is not None and summary is None:
                problems.append("its stored result is damaged")
            if not problems and key is not None:
                cache.put(key)
        problems += chain_found.get(seals.chain_of(row["assessment_id"]), [])
        row["verified"] = not problems
        row["verify_problem"] = problems[0] if problems else None
        yield row, summary, card


#: The wrongly typed fields of a streamed row (SQLite keeps whatever it is given).
_mistyped = row_checker({**{name: attempts for name in NAMES if name in attempts.c},
                         "display_name": trainees}, NAMES)


def _damaged(v: Any) -> tuple[dict[str, Any], None, None] | None:
    """A row holding a value of the wrong type, as an unverified row that names it."""
    bad = _mistyped(v)
    if not bad:
        return None
    shown = tuple(DAMAGED if name in bad else value for name, value in zip(NAMES, v,
                                                                          strict=True))
    row = _report_row(shown)
    row["verified"], row["verify_problem"] = False, damaged_message("attempts", bad)
    return row, None, None


def read_cohort(store: Any, builder: CohortBuilder, assessment_id: str | None, *,
                on_row: Callable[[dict[str, Any]], None] | None = None,
                progress: Callable[[int, int], None] | None = None, expected: int = 0,
                span: Span = EVERYONE) -> tuple[int, set[str]]:
    """Stream the attempts into ``builder`` (and each scored row into ``on_row``).

    Args:
        store: The records store.
        builder: What counts the attempts.
        assessment_id: Only this assessment's attempts (None: all).
        on_row: Called with each scored row, in order (the CSV).
        progress: Called as ``progress(done, expected)`` after each trainee.
        expected: How many attempts there are, for the progress.
        span: Only the trainees whose ids fall in this range (see ``report_split``).

    Returns:
        How many attempts were left out because they are open, and the trainee ids seen.
    """
    from simulator.records.keys import Trust

    trust = Trust.load()
    cache = SealCache.open()
    open_attempts, done = 0, 0
    people: set[str] = set()
    try:
        with store.read() as conn:
            heads = _heads(conn, assessment_id)
            trainee = _AT["trainee_id"]
            for _, rows in groupby(_rows(conn, assessment_id, span),
                                   key=lambda r: r[trainee]):
                group = list(rows)
                people.add(group[0][trainee])
                for row, summary, card in _check(conn, group, heads, trust, cache):
                    done += 1
                    if row["overall"] is None:
                        open_attempts += 1
                        continue
                    builder.add(row, summary or {}, card)
                    if on_row is not None:
                        on_row(row)
                if progress is not None and expected:
                    progress(min(done, expected), expected)
    finally:
        cache.save()
    return open_attempts, people


__all__ = ["EVERYONE", "Span", "read_cohort"]
