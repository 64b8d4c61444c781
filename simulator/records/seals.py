"""Seals: what is signed for each attempt and chain, and the checks reports and verify run.

Three signed documents (canonical JSON, Ed25519, by the desk key: see ``keys``):

* **start seal**, written when an attempt starts: who (trainee id and name), what
  (assessment and its digest, sitting, part, scenario, seed, mode, bot), when (created,
  deadline), the journal header's digest, and the attempt's place in its **chain** (the
  trainee's attempts at one assessment, numbered from 0) with the previous start seal;
* **finish seal**, written when it is scored: every column the results, reports and
  certificates show (status, times, counts, outcome hash, score, verdict, dimensions,
  critical count) and the digests of the header, the commands and the scorecard;
* **chain head**, one per trainee and assessment: its length, how many sittings were
  started and the last start seal. Attempts are counted from it, so deleting an attempt
  (a failed sitting, say) shows, and gives no attempt back.

Each seal is stored as the signed text beside its signature, so a check names the field
that no longer matches (``the attempt's passed is True but it was signed as False``).
:func:`~simulator.records.seal_store.check_rows` is the fast check for results and
reports (no replay, no journal read); ``verify`` adds the digests of the header, commands
and scorecard and a replay. This module reads no database itself (its chain check reads
through :mod:`simulator.records.reads`), so ``verify`` needs no SQLAlchemy;
:mod:`simulator.records.seal_store` writes the seals into the store.

Not detected: a whole database rolled back to an earlier copy (keep backups where
trainees cannot write), and anything signed by a key the checking desk trusts.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from simulator import jsontext
from simulator.records.keys import DeskKey, Trust, canonical
from simulator.records.packing import stored_json
from simulator.records.reads import NO_ASSESSMENT, Reader, chain_rows, reader_of
from simulator.records.sealcache import SealCache
from simulator.records.typed import mistyped

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: 3: the finish seal covers the report summary (``summary_sha256``), and of the start
#: fields only the attempt id (the start seal it names covers the rest).
SEAL_VERSION = 3
#: Attempt columns the start seal covers (with the trainee's name and header digest).
START_FIELDS = ("id", "trainee_id", "assessment_id", "sitting_id", "part", "scenario_id",
                "seed", "mode", "bot", "start_tick", "time_scale", "deadline_at",
                "registration", "created_at", "chain_seq")
#: Columns the finish seal adds.
FINISH_ONLY = ("status", "command_count", "outcome_count", "outcome_hash", "overall",
               "passed", "critical_count", "finished_at", "key_id")
#: What a version-2 finish seal repeated (every start field too).
FINISH_FIELDS = (*START_FIELDS, *FINISH_ONLY)
#: The attempt columns a seal check reads (never the journal or the scorecard).
SEAL_COLUMNS = tuple(dict.fromkeys((*FINISH_FIELDS, "dimensions", "start_sealed",
                                    "start_seal", "sealed", "seal", "signature")))


def digest(text: str | None) -> str | None:
    """SHA-256 hex of stored text (None stays None)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def commands_digest(commands: list[dict[str, Any]]) -> str:
    """SHA-256 of the signed form of the command rows (``{"seq", "tick", "command"}``)."""
    return hashlib.sha256(canonical(commands)).hexdigest()


def chain_of(assessment_id: str | None) -> str:
    """The chain an attempt belongs to: its assessment, or ``-`` outside one."""
    return assessment_id or NO_ASSESSMENT


# -- writing seals ---------------------------------------------------------------------------

def _dumps(document: dict[str, Any]) -> str:
    return canonical(document).decode("ascii")


def start_document(row: dict[str, Any], trainee_name: str, prev: str | None,
                   key: DeskKey) -> dict[str, Any]:
    """The start seal's document for a new attempt row."""
    return {"kind": "attempt-start", "v": SEAL_VERSION, "key_id": key.key_id,
            **{f: row[f] for f in START_FIELDS}, "trainee_name": trainee_name,
            "header_sha256": digest(row["journal_header"]), "prev_start_seal": prev}


def finish_document(row: dict[str, Any], trainee_name: str, commands_sha: str,
                    key: DeskKey) -> dict[str, Any]:
    """The finish seal's document for a scored attempt row (``key_id`` set to ``key``)."""
    return {"kind": "attempt-finish", "v": SEAL_VERSION, "id": row["id"],
            **{f: row[f] for f in FINISH_ONLY}, "key_id": key.key_id,
            "dimensions": json.loads(row["dimensions"]), "trainee_name": trainee_name,
            "header_sha256": digest(row["journal_header"]),
            "scorecard_sha256": digest(row["scorecard"]), "commands_sha256": commands_sha,
            "summary_sha256": digest(row.get("summary")), "start_seal": row["start_seal"]}


def head_document(row: dict[str, Any], chain: str, length: int, sittings: int,
                  start_seal: str, key: DeskKey) -> dict[str, Any]:
    """The chain head's document once ``row`` (with its start seal) ends the chain."""
    return {"kind": "chain", "v": SEAL_VERSION, "key_id": key.key_id,
            "trainee_id": row["trainee_id"], "chain": chain, "length": length,
            "sittings": sittings, "head_attempt": row["id"], "head_start_seal": start_seal}


def seal(document: dict[str, Any], key: DeskKey) -> tuple[str, str]:
    """(signed text, signature) for a document."""
    return _dumps(document), key.sign(document)


# -- checking --------------------------------------------------------------------------------

def head_doc(head: dict[str, Any], trust: Trust, cache: SealCache | None = None
              ) -> dict[str, Any] | str:
    """The chain head's signed document, or why it does not count."""
    doc = _signed(head["sealed"], head["seal"], trust, cache)
    if isinstance(doc, str):
        return f"the chain head does not count: {doc}"
    for col in ("trainee_id", "chain", "length"):
        if doc.get(col) != head[col]:
            return f"the chain head's {col} is {head[col]!r} but it was signed as " \
                   f"{doc.get(col)!r}"
    return doc


def _signed(text: str | None, signature: str | None, trust: Trust,
            cache: SealCache | None = None) -> dict[str, Any] | str:
    """A seal's document when its signature counts, else the reason it does not.

    With a ``cache``, a (trusted key, text, signature) already verified on this desk is
    not verified again; the key must still be trusted now.
    """
    if not text or not signature:
        return "it is not sealed"
    try:
        doc = jsontext.loads(text)
    except ValueError:
        return "it is damaged (not JSON)"
    if not isinstance(doc, dict):
        return "it is damaged"
    entry = trust.keys.get(doc.get("key_id")) if isinstance(doc.get("key_id"), str) else None
    if cache is not None and entry is not None and cache.seen(entry["public_key"], text,
                                                               signature):
        return doc
    problem = trust.check(doc.get("key_id"), doc, signature)
    if problem is None and cache is not None and entry is not None:
        cache.add(entry["public_key"], text, signature)
    return doc if problem is None else problem


def row_problems(row: dict[str, Any], trainee_name: str, trust: Trust, *,
                 texts: dict[str, str | None] | None = None,
                 cache: SealCache | None = None) -> list[str]:
    """Everything wrong with one attempt row's seals, without a replay.

    Args:
        row: The attempt's columns (at least :data:`SEAL_COLUMNS`).
        trainee_name: The name the store shows for its trainee now.
        trust: This desk's trust list.
        texts: Optionally the stored ``journal_header``, ``scorecard`` and the commands'
            digest (``commands_sha256``), checked against the seal's digests when given.
        cache: Seals this desk verified before (see :mod:`simulator.records.sealcache`).
    """
    if row.get("sealed") is None and row.get("signature"):
        return ["it was sealed with the shared key of an older version, which proves "
                "nothing across desks (a trainer can re-seal it after checking: "
                "frontdesk desk reseal-legacy)"]
    start = _signed(row.get("start_sealed"), row.get("start_seal"), trust, cache)
    if isinstance(start, str):
        return [f"the start seal does not count: {start}"]
    out = _compare(start, row, START_FIELDS, trainee_name, "start")
    if row["status"] == "open":
        return out
    finish = _signed(row.get("sealed"), row.get("seal"), trust, cache)
    if isinstance(finish, str):
        return [*out, f"the result seal does not count: {finish}"]
    # A version-2 result seal repeats the start fields: compare whatever it holds.
    out += _compare(finish, row, tuple(f for f in FINISH_FIELDS
                                       if f in finish or f in FINISH_ONLY), trainee_name,
                    "result")
    if finish.get("dimensions") != stored_json(row.get("dimensions")):
        out.append("the attempt's dimensions differ from the signed result")
    if finish.get("start_seal") != row.get("start_seal"):
        out.append("the result seal belongs to another start seal")
    for name, value in (texts or {}).items():
        field = {"journal_header": "header_sha256"}.get(name, name)
        if not field.endswith("_sha256"):
            field += "_sha256"
        if value is None:
            if finish.get(field) is not None:  # signed, then deleted
                what = name.removesuffix("_sha256").replace("_", " ")
                out.append(f"the stored {what} is missing, but the result seal signed one")
            continue
        actual = value if name.endswith("_sha256") else digest(value)
        if finish.get(field) != actual or (field == "header_sha256"
                                           and start.get(field) != actual):
            what = name.removesuffix("_sha256").replace("_", " ")
            what = "commands" if what == "commands" else what
            out.append(f"the stored {what} differs from the signed one (it was edited)")
    return out


def _compare(doc: dict[str, Any], row: dict[str, Any], fields: tuple[str, ...], name: str,
             which: str) -> list[str]:
    out = [f"the attempt's {f} is {row.get(f)!r} but the {which} seal says {doc.get(f)!r}"
           for f in fields if doc.get(f) != row.get(f)]
    if doc.get("trainee_name") != name:
        out.append(f"the trainee's name is {name!r} but the {which} seal says "
                   f"{doc.get('trainee_name')!r} (a trainee was renamed or swapped)")
    return out




def chain_problems(conn: Reader | Connection, trainee_id: str, chain: str, trust: Trust
                   ) -> list[str]:
    """What is wrong with a trainee's chain at one assessment (deleted attempts, a head)."""
    links, head = chain_rows(reader_of(conn), trainee_id, chain)
    return chain_verdict(links, head, chain, trust)


def chain_verdict(links: dict[int, tuple[str | None, str | None]],
                  head: dict[str, Any] | None, chain: str, trust: Trust,
                  cache: SealCache | None = None) -> list[str]:
    """:func:`chain_problems` for links already read.

    Args:
        links: Chain position -> (start seal text, start seal) of each attempt found.
        head: The chain's head row (None if there is none).
        chain: The chain's name (its assessment, or ``-``).
        trust: This desk's trust list.
        cache: Seals verified before (see :mod:`simulator.records.sealcache`).
    """
    if head is None:
        return ["the record of this trainee's attempts (the chain head) was deleted"] \
            if links else []
    if any(not isinstance(seq, int) for seq in links):
        return [f"an attempt's place in the chain at {chain} holds a value of the wrong type "
                "(chain_seq): it was edited"]
    bad = mistyped("chains", head)
    if bad:
        return [f"the record of this trainee's attempts at {chain} (the chain head) holds a "
                f"value of the wrong type in {', '.join(bad)}: it was edited"]
    doc = head_doc(head, trust, cache)
    if isinstance(doc, str):
        return [doc]
    out = []
    missing = [i for i in range(doc["length"]) if i not in links]
    if missing:
        out.append(f"{len(missing)} of this trainee's {doc['length']} attempts at {chain} "
                   f"{'is' if len(missing) == 1 else 'are'} missing (deleted): number "
                   + ", ".join(str(i + 1) for i in missing))
    extra = sorted(i for i in links if i >= doc["length"])
    if extra:
        out.append(f"attempt number {extra[0] + 1} is not in the signed chain")
    prev = None
    for i in range(doc["length"]):
        link = links.get(i)
        if link is None:
            prev = None
            continue
        start = stored_json(link[0]) or {}
        if prev is not None and start.get("prev_start_seal") != prev:
            out.append(f"attempt number {i + 1} does not follow number {i} in the chain")
        prev = link[1]
    last = links.get(doc["length"] - 1)
    if last is not None and doc.get("head_start_seal") != last[1]:
        out.append("the chain head does not end at the last attempt")
    return out


def canonical_text(card: dict[str, Any]) -> str:
    """A parsed scorecard as the text the store keeps (for its digest)."""
    return json.dumps(card, sort_keys=True, separators=(",", ":"))


__all__ = ["NO_ASSESSMENT", "canonical_text", "chain_of", "chain_problems", "chain_verdict",
           "commands_digest", "digest", "finish_document", "head_doc", "head_document",
           "row_problems", "seal", "start_document"]
