"""``frontdesk report cohort | certificate`` and ``frontdesk export xapi``: trainer outputs.

Bad input (an unknown assessment or attempt, an output folder that does not exist, an LRS
that cannot be reached or refuses the credentials) is a ContentError: one clear line, exit
2. A certificate refused on the merits (the attempt failed, is unsigned or does not verify)
is a failed check: the reason on stderr, exit 1. Every file is written atomically, and
only after all of it has been built.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from simulator.errors import ContentError, Problem

#: Cohorts with at least this many attempts get progress lines on stderr.
PROGRESS_MIN = 1000


def _out_path(value: str, flag: str) -> Path:
    """Check an output path before any work: its folder exists and it is not a folder."""
    path = Path(value)
    if path.is_dir():
        raise ContentError([Problem(value, 0, 0, flag, "is a folder, not a file",
                                    "give a file name inside it")])
    if not path.parent.is_dir():
        raise ContentError([Problem(value, 0, 0, flag, "the folder does not exist",
                                    "create it first, or choose another path")])
    return path


def _write(path: Path, data: str | bytes, flag: str) -> None:
    """Write a whole file atomically; a failure becomes a ContentError naming the file."""
    from simulator.fileio import atomic_write_bytes, atomic_write_text

    try:
        if isinstance(data, bytes):
            atomic_write_bytes(path, data)
        else:
            atomic_write_text(path, data)
    except OSError as exc:
        raise ContentError([Problem(str(path), 0, 0, flag,
                                    f"cannot write the file ({exc.strerror or exc})",
                                    "check the folder's permissions and free space; the old "
                                    "file, if any, is untouched")]) from None


def _close_expired(store: Any, rows: list[dict[str, Any]]) -> bool:
    """Close attempts whose time limit ran out (as every launch does), if ``rows`` has any.

    Checked on rows already read, so a report over closed attempts never imports the engine.
    """
    from simulator.records.store import iso, utc_now

    now = iso(utc_now())
    if not any(r["status"] == "open" and r["deadline_at"] and r["deadline_at"] <= now
               for r in rows):
        return False
    from simulator.records.attempts import close_expired

    closed = close_expired(store)
    if closed:
        print(f"closed {len(closed)} attempt(s) whose time limit passed", file=sys.stderr)
    return bool(closed)


def _open(args: argparse.Namespace) -> Any:
    """Open an existing records store and close attempts whose time limit ran out."""
    from simulator.records.attempts import close_expired
    from simulator.records.store import Store

    store = Store(getattr(args, "db", None), create=False)
    try:
        closed = close_expired(store)
    except BaseException:
        store.close()
        raise
    if closed:
        print(f"closed {len(closed)} attempt(s) whose time limit passed", file=sys.stderr)
    return store


class _Progress:
    """Progress lines on stderr every 10 % (only for cohorts of PROGRESS_MIN or more)."""

    def __init__(self, what: str):
        self.what = what
        self.next = 10

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN:
            return
        percent = done * 100 // total
        if percent >= self.next:
            print(f"report: {self.what} {percent}% ({done} of {total} attempts)",
                  file=sys.stderr, flush=True)
            self.next = percent // 10 * 10 + 10


def report_cohort(args: argparse.Namespace) -> int:
    """Write the cohort report (HTML, and CSV with --csv) for one assessment or all."""
    from simulator.records import report
    from simulator.records.store import iso, utc_now

    out = _out_path(args.out, "--out")
    csv_path = _out_path(args.csv, "--csv") if args.csv else None
    if csv_path is not None and csv_path.resolve() == out.resolve():
        raise ContentError([Problem(args.csv, 0, 0, "--csv", "is the same file as --out",
                                    "give the CSV its own name")])
    from simulator.records.store import Store

    started = time.perf_counter()
    store = Store(args.db, create=False)
    # Thousands of parsed ScoreCards are millions of containers and no cycles: the cyclic
    # collector would rescan them over and over while they load (it doubles the run time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored = {a["id"]: a for a in store.assessments()}
        assessment = None
        if args.assessment is not None:
            assessment = stored.get(args.assessment)
            if assessment is None:
                known = ", ".join(stored) or "none stored yet"
                raise ContentError([Problem("<command line>", 0, 0, "--assessment",
                                            f"no stored assessment '{args.assessment}'",
                                            f"stored: {known}")])
        expected = (assessment["attempts"] if assessment is not None
                    else sum(a["attempts"] for a in stored.values()))
        if expected >= PROGRESS_MIN:
            print(f"report: reading {expected} attempts", file=sys.stderr, flush=True)
        rows = store.attempts(args.assessment, scorecards=True)
        if _close_expired(store, rows):
            rows = store.attempts(args.assessment, scorecards=True)
        store.close()
        if len(rows) >= PROGRESS_MIN:
            print(f"report: read {len(rows)} attempts in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr, flush=True)
        cohort, done = report.build_cohort(rows, assessment, progress=_Progress("aggregated"))
    finally:
        store.close()
        if collecting:
            gc.enable()
    html = report.render_html(cohort, iso(utc_now()))
    text = report.render_csv(done) if csv_path is not None else None
    _write(out, html, "--out")
    if csv_path is not None and text is not None:
        _write(csv_path, text, "--csv")
    where = f"{out}" + (f" and {csv_path}" if csv_path else "")
    print(f"wrote {where}: {len(cohort.trainees)} trainee(s), {cohort.attempts} scored "
          f"attempt(s)" + (f", {cohort.open_attempts} open left out" if cohort.open_attempts
                           else ""))
    return 0


def report_certificate(args: argparse.Namespace) -> int:
    """Write a PDF certificate for a passed, signed attempt (exit 1 when refused)."""
    from simulator.records.certificate import Refused, certificate_data, render_pdf

    out = _out_path(args.out, "--out")
    attempt_id = str(args.attempt).strip().lower()
    store = _open(args)
    try:
        try:
            data = certificate_data(store, attempt_id)
        except Refused as exc:
            print(f"no certificate: {exc}", file=sys.stderr)
            return 1
    finally:
        store.close()
    _write(out, render_pdf(data), "--out")
    print(f"wrote {out}: certificate for {data.name}, attempt {data.attempt_id} "
          f"(score {data.overall}, PASS); check it with: frontdesk verify {data.attempt_id}")
    return 0


def export_xapi(args: argparse.Namespace) -> int:
    """Queue new attempts' xAPI statements; write them all (--out) and/or send (--lrs)."""
    from simulator.records import xapi

    out = _out_path(args.out, "--out") if args.out else None
    lrs = None
    if args.lrs:
        user = args.user or os.environ.get("FRONTDESK_LRS_USER")
        password = args.password
        if password is None:
            password = os.environ.get("FRONTDESK_LRS_PASSWORD")
        if not user or password is None:
            raise ContentError([Problem("<command line>", 0, 0, "--user" if not user
                                        else "--password", "--lrs needs a user and a password",
                                        "pass --user and --password (or set "
                                        "FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD)")])
        lrs = xapi.Lrs.from_url(args.lrs, user, password)
    elif args.user or args.password:
        raise ContentError([Problem("<command line>", 0, 0, "--lrs",
                                    "--user and --password only make sense with --lrs",
                                    "add --lrs URL")])
    store = _open(args)
    try:
        added = xapi.sync_queue(store)
        if added:
            print(f"queued {added} new statement(s)", file=sys.stderr)
        if out is not None:
            statements = xapi.queued(store, pending_only=False)
            _write(out, json.dumps(statements, indent=2, ensure_ascii=False) + "\n", "--out")
            print(f"wrote {len(statements)} statement(s) to {out}")
        if lrs is not None:
            result = xapi.send_queue(store, lrs)
            print(f"sent {result.sent} statement(s) to {lrs.endpoint}; "
                  f"{result.remaining} still queued")
        elif out is None:
            pending, sent = xapi.counts(store)
            print(f"{pending} statement(s) queued for the LRS, {sent} sent "
                  "(--out FILE writes them all; --lrs URL sends the queue)")
    finally:
        store.close()
    return 0
