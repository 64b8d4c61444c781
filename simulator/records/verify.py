"""``frontdesk verify ATTEMPT_OR_SITTING_ID``: re-run stored attempts and check every seal.

Independent checks, each reported on its own line (naming the field) when it fails:

1. the start and result seals (``seals``) are signed by a desk key this desk trusts, and
   every column they cover (trainee name, times, status, deadline, score...) still matches;
2. the digests of the stored journal header, commands and scorecard match the seal;
3. the trainee's chain of attempts at the assessment is whole (nothing deleted);
4. the command rows are complete (no gap, as many as were recorded) and parse;
5. replaying them gives the recorded outcome count and hash, and re-scoring gives the
   stored scorecard (and its summary columns);
6. the assessment definition is the one it was taken under; a journal header that differs
   from its signed digest is re-derived from the scenario and seed to name what changed.

A sitting's id (its first part's attempt id) checks every part of the sitting; a part not
finished yet has nothing to verify. All reads are made in one read transaction.

Exit 0 when everything matches, 1 with each difference, 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from contextlib import AbstractContextManager
from typing import Any, Protocol

from simulator.errors import ContentError
from simulator.records import reads, seals
from simulator.records.keys import Trust
from simulator.records.packing import stored_json
from simulator.records.reads import DAMAGED, Reader, reader_of, snapshot
from simulator.records.rescore import command_data, parse_rows, score
from simulator.records.typed import DamagedRecord

_ID = re.compile(r"^[0-9a-f]{32}$")


class Records(Protocol):
    """What a verification reads from: a store's name and a read transaction.

    :class:`~simulator.records.store.Store` (any database) and
    :class:`~simulator.records.sqlite_file.SqliteRecords` (a SQLite file, without SQLAlchemy)
    both are.
    """

    display: str

    def read(self) -> AbstractContextManager[Any]:
        """A connection for reading."""
        ...


def verify_attempt(args: argparse.Namespace) -> int:
    """CLI entry: ``args.target`` is the attempt id; ``args.db`` (optional) the database."""
    target = str(args.target).strip()
    if not _ID.match(target):
        raise ContentError.single(target, "no such journal file, and not an attempt id",
                                  hint="give a journal path, or an attempt id from "
                                  "'frontdesk assessment results ID'")
    db = getattr(args, "db", None)
    found = _quick_check(db, target)
    if found is None:
        from simulator.records.store import Store

        store = Store(db, create=False)
        try:
            found = check_target(store, target)
        finally:
            store.close()
    what, ok, lines = found
    if ok:
        print(f"{what} {target}: ok: {lines[0]}")
        for line in lines[1:]:  # a sitting: each part's summary
            print(f"  - {line}")
        return 0
    print(f"{what} {target}: MISMATCH:", file=sys.stderr)
    for line in lines:
        print(f"  - {line}", file=sys.stderr)
    return 1


def _quick_check(db: str | None, target: str) -> tuple[str, bool, list[str]] | None:
    """The check read straight from a current SQLite file (None: open the full store).

    Anything out of the ordinary (another database, an older schema, a file the driver
    cannot read) is left to :class:`~simulator.records.store.Store`, which explains it.
    """
    import sqlite3

    from simulator.records.sqlite_file import open_sqlite

    records = open_sqlite(db)
    if records is None:
        return None
    try:
        return check_target(records, target)
    except sqlite3.Error:
        return None
    finally:
        records.close()


def check_target(store: Records, target: str) -> tuple[str, bool, list[str]]:
    """Check one stored attempt, or every part of a sitting, in one read transaction.

    Returns:
        ``("attempt" or "sitting", ok, lines)``: a sitting is ok when every part is (the
        lines are then a heading and each part's summary), and each difference names its
        part.

    Raises:
        ContentError: If no attempt or sitting has this id, or the trust list is unreadable.
    """
    with store.read() as conn:
        reader = reader_of(snapshot(conn))
        # A sitting is named by its first part's attempt id: with more parts, check them all.
        parts = reads.sitting_parts(reader, target)
        if not parts or [p["id"] for p in parts] == [target]:
            return ("attempt", *_check(reader, store.display, target))
        checked = [(_part_name(p), *_part(reader, store.display, p)) for p in parts]
    problems = [f"{name}: {line}" for name, ok, lines in checked if not ok for line in lines]
    if problems:
        return "sitting", False, problems
    done = sum(p["status"] != "open" for p in parts)
    heading = (f"all {len(parts)} parts verify" if done == len(parts) else
               f"{done} of {len(parts)} parts finished and verify")
    return "sitting", True, [heading, *(f"{name}: {lines[0]}" for name, _, lines in checked)]


def _part_name(part: dict[str, Any]) -> str:
    number = part["part"] + 1 if type(part["part"]) is int else "?"
    return f"part {number} (attempt {part['id']})"


def _part(reader: Reader, where: str, part: dict[str, Any]) -> tuple[bool, list[str]]:
    """One part of a sitting: an unfinished one has nothing to verify yet."""
    if part["status"] == "open" and not part["sealed"]:
        return True, ["still open: nothing to verify yet"]
    if part["status"] == "open":
        return False, ["it is marked open but carries a result seal (its status was edited)"]
    return _check(reader, where, str(part["id"]))


def check_attempt(store: Records, attempt_id: str) -> tuple[bool, list[str]]:
    """Check one stored attempt, every read in one transaction.

    Returns:
        (True, [summary]) when everything matches, else (False, differences).

    Raises:
        ContentError: If the attempt is unknown or the trust list is unreadable.
    """
    with store.read() as conn:
        return _check(reader_of(snapshot(conn)), store.display, attempt_id)


def _check(reader: Reader, where: str, attempt_id: str) -> tuple[bool, list[str]]:
    try:
        row = reads.attempt_row(reader, attempt_id, where)
    except DamagedRecord as exc:
        return False, [exc.problems[0].message]
    if row is None:
        raise ContentError.single(where, f"no stored attempt or sitting '{attempt_id}'",
                                  hint="check the id, or pass --db for another database")
    if row["status"] == "open":
        return False, ["the attempt is still open: there is no result to verify yet"]
    trust = Trust.load()
    rows = reads.command_rows(reader, attempt_id)
    diffs: list[str] = []
    try:
        name = reads.trainee_name(reader, row["trainee_id"], where)
    except DamagedRecord as exc:
        name, diffs = DAMAGED, [exc.problems[0].message]
    try:
        data: list[dict[str, Any]] | None = command_data(rows)
    except ValueError:
        data = None
    commands_sha = "damaged" if data is None else seals.commands_digest(data)
    diffs += seals.row_problems(row, name, trust, texts={
        "journal_header": row["journal_header"], "scorecard": row["scorecard"],
        "summary": row.get("summary"), "commands_sha256": commands_sha})
    if row["chain_seq"] is not None:
        diffs += seals.chain_problems(reader, row["trainee_id"],
                                      seals.chain_of(row["assessment_id"]), trust)
    parsed, problems = parse_rows(row["journal_header"], rows, f"attempt {attempt_id}",
                                  None if data is None else [d["command"] for d in data])
    diffs += problems
    if row["command_count"] != len(rows):
        diffs.append(f"the attempt recorded {row['command_count']} commands but "
                     f"{len(rows)} command rows are stored (a row was deleted or added)")
    header = parsed.header if parsed else {}
    if header and any("journal header" in d for d in diffs):
        # Only to name what changed: a header that matches its signed digest needs no
        # re-expansion (which costs a scenario load and a Faker roster, ~200 ms).
        from simulator.records.journal_seal import rederive

        against, changed = rederive(header)
        diffs += [f"the journal header's {d} (re-derived from {against})" for d in changed]
    diffs += _row_against_header(row, header)
    diffs += _assessment(reader, where, row, header)
    summary = ""
    if parsed is not None and not problems:
        shift, trailer, card = score(parsed)
        if (trailer["outcomes"], trailer["outcome_hash"]) != (row["outcome_count"],
                                                              row["outcome_hash"]):
            diffs.append(f"replaying the {len(parsed.commands)} stored commands gives "
                         f"{trailer['outcomes']} outcomes (hash {trailer['outcome_hash'][:12]}),"
                         f" the attempt recorded {row['outcome_count']} (hash "
                         f"{str(row['outcome_hash'])[:12]}): a command was edited, added or "
                         "deleted")
        diffs += _scorecard(row, card)
        verdict = "PASS" if card["passed"] else "FAIL"
        summary = (f"{len(parsed.commands)} commands replay to the recorded "
                   f"{trailer['outcomes']} outcomes ({trailer['outcome_hash'][:12]}); "
                   f"score {card['overall']} {verdict} as stored; seals valid (desk "
                   f"{str(row['key_id'])[:12]}), chain whole")
    return (not diffs, diffs or [summary])


def _row_against_header(row: dict[str, Any], header: dict[str, Any]) -> list[str]:
    if not header:
        return []
    pairs = (("id", "attempt"), ("trainee_id", "trainee"), ("assessment_id", "assessment"),
             ("scenario_id", "scenario_id"), ("seed", "seed"), ("mode", "mode"),
             ("sitting_id", "sitting"), ("part", "part"))
    return [f"the attempt row's {col} is {row[col]!r} but the signed journal says "
            f"{header.get(field)!r}" for col, field in pairs if row[col] != header.get(field)]


def _assessment(reader: Reader, where: str, row: dict[str, Any], header: dict[str, Any]
                ) -> list[str]:
    if not row["assessment_id"]:
        return []
    try:
        stored = reads.assessment(reader, row["assessment_id"], where)
    except DamagedRecord as exc:
        return [exc.problems[0].message]
    if stored is None:
        return [f"assessment '{row['assessment_id']}' is no longer stored"]
    actual = hashlib.sha256(stored["yaml"].encode("utf-8")).hexdigest()
    if stored["sha256"] != header.get("assessment_sha256") or actual != stored["sha256"]:
        return [f"assessment '{row['assessment_id']}' was changed after this attempt"]
    from simulator.records.assessment import assessment_from_text

    title = assessment_from_text(stored["yaml"], row["assessment_id"]).title
    if stored["title"] != title:
        # The certificate prints the title column: it must be the signed file's title.
        return [f"assessment '{row['assessment_id']}' is titled {stored['title']!r} in the "
                f"records but {title!r} in the file it was taken under"]
    return []


def _scorecard(row: dict[str, Any], card: dict[str, Any]) -> list[str]:
    stored = stored_json(row["scorecard"])
    out = []
    if not isinstance(stored, dict):
        out.append("the stored scorecard is not valid JSON")
    else:
        for key in sorted(set(stored) | set(card)):
            if stored.get(key) == card.get(key):
                continue
            if isinstance(card.get(key), dict | list):
                out.append(f"the stored scorecard's {key} differs from the re-scored one")
            else:
                out.append(f"the stored scorecard says {key} {stored.get(key)!r}, "
                           f"re-scoring gives {card.get(key)!r}")
    summary = {"overall": card["overall"], "passed": card["passed"],
               "dimensions": card["dimensions"], "critical_count": len(card["critical_fails"])}
    columns = {"overall": row["overall"], "passed": row["passed"],
               "dimensions": stored_json(row["dimensions"]),
               "critical_count": row["critical_count"]}
    out += [f"the attempt row's {k} is {columns[k]!r}, re-scoring gives {v!r}"
            for k, v in summary.items() if columns[k] != v]
    return out
