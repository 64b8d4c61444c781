"""A synthetic cohort in a real records store, for the records and report benchmarks.

Real sources first: one go-live sitting per bot (novice, expert, random) is played and
recorded through the program (so their ScoreCards, commands and journal headers are real
ones). Then ``trainees`` x ``per`` attempts are written the way the program writes them:
each with its own header (its own attempt, trainee and sitting ids), a ScoreCard jittered
from a source (scores, competency shares and which feedback is kept), the source's commands,
both seals signed with the desk key, and each trainee's chain and its signed head. The
only shortcut is that nothing is replayed: these attempts verify by their seals, not by
re-scoring (the report never re-scores).
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ASSESSMENT = "go-live"
BOTS = ("novice", "expert", "random")


def real_sources(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Record one go-live sitting per bot in a scratch store; its attempt rows (whole)."""
    from simulator.records.assessment import load_assessment_file, resolve_assessment_path
    from simulator.records.runner import run_assessment
    from simulator.records.store import Store

    assessment, text, sha = load_assessment_file(resolve_assessment_path(ASSESSMENT))
    store = Store(f"sqlite:///{folder / 'sources.sqlite'}")
    store.add_assessment(assessment.id, assessment.title, text, sha)
    for bot in BOTS:
        run_assessment(store, ASSESSMENT, f"Source {bot}", bot)
    rows = []
    for found in store.attempts(ASSESSMENT):
        row = store.attempt_row(found["attempt_id"])
        row["command_rows"] = store.command_rows(found["attempt_id"])
        rows.append(row)
    definition = store.assessment(ASSESSMENT)
    store.close()
    return rows, definition


def vary(card: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A jittered copy of a real ScoreCard (scores, shares, and which feedback is kept)."""
    out = json.loads(json.dumps(card))

    def jitter(value: int, spread: int) -> int:
        return max(0, min(100, value + rng.randint(-spread, spread)))

    out["dimensions"] = {k: (None if v is None else jitter(v, 12))
                         for k, v in out["dimensions"].items()}
    out["overall"] = jitter(out["overall"], 10)
    marks = out["pass_marks"]
    out["passed"] = (not out["critical_fails"] and out["overall"] >= marks.get("overall", 0)
                     and all((out["dimensions"].get(k) or 100) >= v for k, v in marks.items()
                             if k != "overall"))
    for share in out["competencies"].values():
        if share["possible"]:
            share["earned"] = rng.randint(share["possible"] // 3, share["possible"])
            share["percent"] = share["earned"] * 100 // share["possible"]
    out["feedback"] = [f for f in out["feedback"] if rng.random() < 0.8]
    if out["critical_fails"] and rng.random() < 0.3:
        out["critical_fails"] = out["critical_fails"][:1]
    return out


def _prepared(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What every copy of a source shares: the cut header parts, commands and digests."""
    from simulator.records import seals
    from simulator.records.packing import pack_commands, split_header
    from simulator.records.rescore import command_data

    out = []
    for src in sources:
        split = split_header(src["journal_header"])
        assert split is not None, "a source header is in canonical form"
        cut, shift_text, _ = split
        out.append({**src, "cut": json.loads(cut), "shift_text": shift_text,
                    "commands_sha": seals.commands_digest(command_data(src["command_rows"])),
                    "commands_packed": pack_commands(src["command_rows"])})
    return out


def seed_cohort(url: str, sources: list[dict[str, Any]], definition: dict[str, Any],
                trainees: int, per: int, seed: str = "report-bench") -> int:
    """Write ``trainees`` x ``per`` finished, sealed attempts; return how many."""
    from simulator.records import seal_store, seals
    from simulator.records.attempt_rows import cut_header_columns, finished_columns
    from simulator.records.keys import load_desk_key
    from simulator.records.packing import canonical_text, join_header, summary_text
    from simulator.records.schema import attempts, chains
    from simulator.records.schema import trainees as trainee_table
    from simulator.records.store import Store, iso

    rng = random.Random(seed)
    key = load_desk_key()
    store = Store(url)
    store.add_assessment(definition["id"], definition["title"], definition["yaml"],
                         definition["sha256"])
    prepared = _prepared(sources)
    start = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    count = 0
    with store.write() as conn:
        seal_store.register(conn, key)
        for n in range(trainees):
            tid = uuid.UUID(int=rng.getrandbits(128)).hex
            name = f"Trainee {n:05d}"
            conn.execute(trainee_table.insert().values(id=tid, display_name=name,
                                                       created_at=iso(start)))
            rows, heads, prev, sittings, sitting = [], None, None, 0, ""
            for k in range(per):
                src = prepared[rng.randrange(len(prepared))]
                card = vary(json.loads(src["scorecard"]), rng)
                aid = uuid.UUID(int=rng.getrandbits(128)).hex
                part = k % 2
                if part == 0:
                    sitting, sittings = aid, sittings + 1
                when = start + timedelta(days=k, minutes=n)
                meta = {**src["cut"], "attempt": aid, "trainee": tid, "sitting": sitting,
                        "part": part}
                meta.pop("bot", None)
                cut = canonical_text(meta)
                at = cut.index('"shift":null') + len('"shift":')
                header = join_header(cut, src["shift_text"], at)
                row = {"id": aid, "trainee_id": tid, "assessment_id": definition["id"],
                       "sitting_id": sitting, "part": part, "scenario_id": src["scenario_id"],
                       "seed": src["seed"], "mode": "assessment", "bot": None,
                       "start_tick": 0, "time_scale": src["time_scale"], "deadline_at": None,
                       "registration": str(uuid.UUID(int=rng.getrandbits(128))),
                       "created_at": iso(when), "chain_seq": k, "journal_header": header}
                row["start_sealed"], row["start_seal"] = seals.seal(
                    seals.start_document(row, name, prev, key), key)
                prev = row["start_seal"]
                card_text = canonical_text(card)
                row.update(status="finished", command_count=src["command_count"],
                           outcome_count=src["outcome_count"], outcome_hash=src["outcome_hash"],
                           overall=card["overall"], passed=card["passed"],
                           dimensions=json.dumps(card["dimensions"], sort_keys=True),
                           critical_count=len(card["critical_fails"]),
                           finished_at=iso(when + timedelta(hours=1)), key_id=key.key_id,
                           scorecard=card_text, summary=summary_text(card))
                row["sealed"], row["seal"] = seals.seal(seals.finish_document(
                    row, name, src["commands_sha"], key), key)
                row.update(cut_header_columns(conn, cut, src["shift_text"], at,
                                              row["created_at"]))
                row.update(finished_columns(card_text, row["summary"], src["commands_packed"]))
                rows.append(row)
                heads = row
            conn.execute(attempts.insert(), rows)
            assert heads is not None
            text, sig = seals.seal(seals.head_document(heads, definition["id"], per, sittings,
                                                       heads["start_seal"], key), key)
            conn.execute(chains.insert().values(trainee_id=tid, chain=definition["id"],
                                                length=per, sealed=text, seal=sig,
                                                key_id=key.key_id))
            count += per
    store.close()
    return count
