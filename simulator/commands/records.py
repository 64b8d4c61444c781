"""``frontdesk assessment create | list | results | run``: assessments and their records."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from simulator.errors import ContentError, Problem


def _launch(args: argparse.Namespace, *, reading: bool = False) -> Any:
    """Open the store and close attempts whose time ran out while nothing was running.

    When only reading (list, results), a database that cannot be written (a read-only
    archive) is still read: the failure to close is a warning, not an error.
    """
    from simulator.records.attempts import close_expired
    from simulator.records.store import Store

    store = Store(getattr(args, "db", None))
    try:
        closed = close_expired(store)
    except ContentError as exc:
        if not reading:
            raise
        print(f"warning: expired attempts stay open: {exc.problems[0]}", file=sys.stderr)
        closed = []
    if closed:
        print(f"closed {len(closed)} attempt(s) whose time limit passed: "
              + ", ".join(closed), file=sys.stderr)
    return store


def assessment_create(args: argparse.Namespace) -> int:
    """Validate an assessment file and store it (the same file again is a no-op)."""
    from simulator.records.assessment import load_assessment_file, resolve_assessment_path
    from simulator.records.store import Store

    # Check the file completely before touching the database.
    assessment, text, sha = load_assessment_file(resolve_assessment_path(args.file))
    store = Store(args.db)
    try:
        created = store.add_assessment(assessment.id, assessment.title, text, sha)
    finally:
        store.close()
    shifts = ", ".join(f"{p.scenario} (seed {p.seed})" for p in assessment.scenarios)
    limit = (f"{assessment.time_limit_minutes} minutes" if assessment.time_limit_minutes
             else "no time limit")
    state = "stored" if created else "already stored, unchanged:"
    print(f"{state} {assessment.id} '{assessment.title}': {shifts}; {limit}; "
          f"{assessment.attempts_allowed} attempt(s) allowed")
    return 0


def assessment_list(args: argparse.Namespace) -> int:
    """Print the stored assessments (``--json`` for machines)."""
    from simulator.records.assessment import assessment_from_text

    store = _launch(args, reading=True)
    try:
        rows = store.assessments()
    finally:
        store.close()
    out = []
    for row in rows:
        model = assessment_from_text(row["yaml"], f"assessment '{row['id']}'")
        out.append({"id": row["id"], "title": row["title"],
                    "scenarios": [p.model_dump() for p in model.scenarios],
                    "pass_marks": dict(model.pass_marks),
                    "time_limit_minutes": model.time_limit_minutes,
                    "attempts_allowed": model.attempts_allowed, "hints": model.hints,
                    "sha256": row["sha256"], "created_at": row["created_at"],
                    "sittings": row["sittings"], "attempts": row["attempts"]})
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    if not out:
        print("no assessments stored yet (frontdesk assessment create FILE)")
    for item in out:
        print(f"{item['id']:<20} {len(item['scenarios'])} shift(s)  {item['sittings']:>3} "
              f"sitting(s)  {item['title']}")
    return 0


RESULT_KEYS = ("attempt_id", "sitting_id", "part", "trainee", "trainee_id", "scenario", "seed",
               "mode", "bot", "status", "passed", "overall", "dimensions", "critical_fails",
               "commands", "created_at", "finished_at", "verified", "verify_problem")


def assessment_results(args: argparse.Namespace) -> int:
    """Print every sitting at one assessment, oldest first, each seal checked (no replay).

    A bot's sitting is shown as calibration; an attempt whose seals or chain do not check
    out is shown as UNVERIFIED with the reason, never as a pass.
    """
    from simulator.records.assessment import assessment_from_text
    from simulator.records.seal_store import checked_attempts
    from simulator.records.timeutil import local_text

    store = _launch(args, reading=True)
    try:
        if store.assessment(args.id) is None:
            raise _unknown(store, args.id)
        rows = checked_attempts(store, args.id)
        wanted = len(assessment_from_text(store.assessment(args.id)["yaml"], args.id)
                     .scenarios)
    finally:
        store.close()
    out = [{k: r.get(k) for k in RESULT_KEYS} for r in rows]
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    if not out:
        print(f"no attempts at {args.id} yet")
    sittings: dict[str, list[dict[str, Any]]] = {}
    for r in out:
        sittings.setdefault(r["sitting_id"], []).append(r)
    for sitting, parts in sittings.items():
        who = parts[0]["trainee"]
        if parts[0]["bot"]:
            who += f" (calibration: the {parts[0]['bot']} bot played)"
        print(f"sitting {sitting}  {who}: {_sitting_verdict(parts, wanted)}")
        for r in parts:
            verdict = {True: "PASS", False: "FAIL", None: "open"}[r["passed"]]
            if not r["verified"]:
                verdict = "UNVERIFIED"
            score = "" if r["overall"] is None else f"{r['overall']:>3}"
            print(f"  part {r['part'] + 1} {r['scenario']:<16} {score:>3} {verdict:<10} "
                  f"{r['status']:<8} {local_text(r['finished_at'] or r['created_at'])}  "
                  f"[{r['attempt_id']}]")
            if not r["verified"]:
                print(f"    not counted: {r['verify_problem']}")
    return 0


def _sitting_verdict(parts: list[dict[str, Any]], wanted: int) -> str:
    if not all(r["verified"] for r in parts):
        return "UNVERIFIED (not counted)"
    if any(r["passed"] is None for r in parts) or len(parts) < wanted:
        return f"under way ({len(parts)} of {wanted} parts started)"
    ok = all(r["passed"] and not r["critical_fails"] for r in parts)
    return "PASS" if ok else "FAIL"


OPEN_KEYS = ("attempt_id", "sitting_id", "part", "trainee", "assessment_id", "scenario", "seed",
             "mode", "stored_commands", "created_at", "deadline_at")


def assessment_open(args: argparse.Namespace) -> int:
    """Print the attempts still open, oldest first, and how many commands each has stored.

    Attempts whose time limit passed are closed first (as on every launch), so what is
    listed is what ``frontdesk play --assessment`` would resume.
    """
    from simulator.records.attempts import open_attempts

    store = _launch(args, reading=True)
    try:
        rows = open_attempts(store, args.trainee)
    finally:
        store.close()
    out = [{k: r[k] for k in OPEN_KEYS} for r in rows]
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    if not out:
        print("no open attempts" + (f" for {args.trainee}" if args.trainee else ""))
    for r in out:
        print(f"{r['attempt_id']}  {r['trainee']:<20} {r['assessment_id'] or r['mode']:<16} "
              f"part {r['part'] + 1} {r['scenario']:<16} {r['stored_commands']:>4} commands "
              f"stored, started {r['created_at']}, deadline {r['deadline_at'] or 'none'}")
    return 0


def assessment_run(args: argparse.Namespace) -> int:
    """A bot sits an assessment for a trainee, headless, every command committed."""
    from simulator.records.runner import run_assessment

    store = _launch(args)
    try:
        run_assessment(store, args.id, args.trainee, args.bot, bot_speed=args.bot_speed)
        from simulator.records.seal_store import checked_attempts

        mine = checked_attempts(store, args.id, trainee=args.trainee)
        results = [r for r in mine if r["sitting_id"] == mine[-1]["sitting_id"]]
    finally:
        store.close()
    if args.json:
        print(json.dumps([{k: r.get(k) for k in RESULT_KEYS} for r in results], indent=2))
        return 0
    from simulator.scoring.card import shown

    for r in results:
        verdict = "PASS" if r["passed"] else "FAIL"
        dims = ", ".join(f"{k} {shown(v)}" for k, v in r["dimensions"].items())
        print(f"part {r['part'] + 1}: {r['scenario']} seed {r['seed']}: {r['commands']} "
              f"commands, score {r['overall']} ({dims}) -> {verdict}  [{r['attempt_id']}]")
    passed = all(r["passed"] and not r["critical_fails"] for r in results)
    print(f"calibration sitting {results[0]['sitting_id']}: the {args.bot} bot "
          f"{'passed' if passed else 'did not pass'} {args.id}, recorded under "
          f"{args.trainee} as the bot's run (kept out of pass counts, never certified)")
    return 0


def _unknown(store: Any, assessment_id: str) -> ContentError:
    known = ", ".join(a["id"] for a in store.assessments()) or "none stored yet"
    return ContentError([Problem("<command line>", 0, 0, "ID",
                                 f"no stored assessment '{assessment_id}'",
                                 f"stored: {known}")])
