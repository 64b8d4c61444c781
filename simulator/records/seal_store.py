"""Seals in the store: this desk's key, a new attempt's place in its chain, the fast check.

The signed documents and the checks themselves are in :mod:`simulator.records.seals`;
this module reads and writes the rows around them with SQLAlchemy, inside the caller's
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, insert, select, update

from simulator.errors import ContentError
from simulator.records.keys import DeskKey, Trust
from simulator.records.schema import attempts, chains, desk_keys, trainees
from simulator.records.seals import (
    SEAL_COLUMNS,
    canonical_text,
    chain_of,
    chain_problems,
    head_doc,
    head_document,
    row_problems,
    seal,
    start_document,
)
from simulator.records.timeutil import iso, utc_now


def register(conn: Connection, key: DeskKey) -> None:
    """Put this desk's public key in the store (once) so other desks can trust it."""
    found = conn.scalar(select(desk_keys.c.key_id).where(desk_keys.c.key_id == key.key_id))
    if found is None:
        from simulator.records.keys import default_label

        conn.execute(insert(desk_keys).values(key_id=key.key_id, public_key=key.public_hex,
                                              label=default_label(),
                                              created_at=iso(utc_now())))


def link_start(conn: Connection, key: DeskKey, row: dict[str, Any], trainee_name: str,
               new_sitting: bool, trust: Trust) -> dict[str, Any]:
    """Place a new attempt row at the end of its chain: the start seal and the new head.

    Call inside the write transaction that inserts the row; returns the columns to add to
    it (``chain_seq``, ``start_sealed``, ``start_seal``).

    Raises:
        ContentError: If the chain's head does not verify (a trainer must look first), or
            another desk extended the chain at the same moment.
    """
    chain = chain_of(row["assessment_id"])
    head = conn.execute(select(chains).where(chains.c.trainee_id == row["trainee_id"],
                                             chains.c.chain == chain)).first()
    length, sittings, prev = 0, 0, None
    if head is not None:
        doc = head_doc(dict(head._mapping), trust)
        if isinstance(doc, str):
            raise ContentError.single(
                f"chain of {trainee_name} at {chain}", f"the record of earlier attempts does "
                f"not verify: {doc}", hint="a trainer should check the records with "
                "'frontdesk assessment results' before more attempts are started")
        length, sittings, prev = doc["length"], doc["sittings"], doc["head_start_seal"]
    row = {**row, "chain_seq": length}
    start_text, start_sig = seal(start_document(row, trainee_name, prev, key), key)
    # A bot's sitting is calibration: it uses up none of the trainee's attempts.
    text, sig = seal(head_document(row, chain, length + 1,
                                   sittings + (1 if new_sitting and not row["bot"] else 0),
                                   start_sig, key), key)
    values = {"length": length + 1, "sealed": text, "seal": sig, "key_id": key.key_id}
    if head is None:
        conn.execute(insert(chains).values(trainee_id=row["trainee_id"], chain=chain,
                                           **values))
    elif conn.execute(update(chains).where(
            chains.c.trainee_id == row["trainee_id"], chains.c.chain == chain,
            chains.c.length == length).values(**values)).rowcount != 1:
        raise ContentError.single(f"chain of {trainee_name} at {chain}",
                                  "another desk started an attempt at the same moment",
                                  hint="try again")
    return {"chain_seq": length, "start_sealed": start_text, "start_seal": start_sig}


def sittings_started(conn: Connection, trainee_id: str, assessment_id: str,
                     trust: Trust) -> int:
    """How many sittings the trainee has started, from the signed chain head.

    A bot's sittings (calibration) are not counted. Attempts from before seals (no chain
    position) are counted from their rows.

    Raises:
        ContentError: If the head does not verify.
    """
    head = conn.execute(select(chains).where(chains.c.trainee_id == trainee_id,
                                             chains.c.chain == assessment_id)).first()
    legacy = len(set(conn.scalars(select(attempts.c.sitting_id).where(
        attempts.c.trainee_id == trainee_id, attempts.c.assessment_id == assessment_id,
        attempts.c.chain_seq.is_(None))).all()))
    if head is None:
        return legacy
    doc = head_doc(dict(head._mapping), trust)
    if isinstance(doc, str):
        raise ContentError.single(f"attempts at {assessment_id}", "the record of earlier "
                                  f"attempts does not verify: {doc}",
                                  hint="a trainer should check the records first")
    return int(doc["sittings"]) + legacy


def check_rows(conn: Connection, rows: list[dict[str, Any]], trust: Trust) -> None:
    """The fast check for results and reports: set ``verified`` and ``verify_problem``.

    ``rows`` are in the shape of :meth:`Store.attempts`; each gets ``verified`` (bool) and
    ``verify_problem`` (the first problem in plain words, or None). A problem with a
    trainee's chain (a deleted attempt) marks every attempt of that chain.
    """
    ids = [r["attempt_id"] for r in rows]
    cols = [attempts.c[name] for name in SEAL_COLUMNS]
    stored: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        query = select(*cols, trainees.c.display_name).join(
            trainees, trainees.c.id == attempts.c.trainee_id).where(
            attempts.c.id.in_(ids[i:i + 500]))
        stored.update({r.id: dict(r._mapping) for r in conn.execute(query).all()})
    chain_cache: dict[tuple[str, str], list[str]] = {}
    by_chain: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_chain[(row["trainee_id"], chain_of(row["assessment_id"]))].append(row)
    for key_pair, group in by_chain.items():
        if any(stored.get(r["attempt_id"], {}).get("chain_seq") is not None for r in group):
            chain_cache[key_pair] = chain_problems(conn, *key_pair, trust)
    for row in rows:
        full = stored.get(row["attempt_id"])
        if full is None:
            problems = ["the attempt is no longer stored"]
        else:
            texts = None
            if row.get("scorecard") is not None:
                texts = {"scorecard": canonical_text(row["scorecard"])}
            problems = row_problems(full, full["display_name"], trust, texts=texts)
            problems += chain_cache.get((row["trainee_id"], chain_of(row["assessment_id"])),
                                        [])
        row["verified"] = not problems
        row["verify_problem"] = problems[0] if problems else None


def checked_attempts(store: Any, assessment_id: str | None = None, **filters: Any
                     ) -> list[dict[str, Any]]:
    """:meth:`Store.attempts` with the fast seal check (``verified``, ``verify_problem``)."""
    rows = store.attempts(assessment_id, **filters)
    if rows:
        trust = Trust.load()
        with store.read() as conn:
            check_rows(conn, rows, trust)
    return rows


__all__ = ["check_rows", "checked_attempts", "link_start", "register", "sittings_started"]
