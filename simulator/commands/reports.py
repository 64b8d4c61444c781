"""``frontdesk report cohort | certificate`` and ``frontdesk export xapi``: trainer outputs.

Bad input (an unknown assessment or attempt, an output folder that does not exist, an LRS
that cannot be reached or refuses the credentials, an xAPI account mapping with a bad row)
is a ContentError: one clear line, exit 2. A certificate refused on the merits (the attempt
failed, is unsigned or does not verify) is a failed check: the reason on stderr, exit 1.
Every file is written atomically, and only after all of it has been built.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

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
    from simulator.fileio import check_target

    try:
        check_target(path)
    except OSError as exc:
        raise ContentError([Problem(value, 0, 0, flag, f"cannot write there ({exc.strerror})",
                                    "choose a new file name")]) from None
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


def _quiz_answers(store: Any, people: set[str]) -> list[dict[str, Any]]:
    """The stored quiz answers of the cohort's trainees (none if the store has no quiz table)."""
    reader = getattr(store, "quiz_answers", None)
    if reader is None or not people:
        return []
    return [a for a in reader() if a.get("trainee_id") in people]


def _close_due(store: Any) -> None:
    """Close attempts whose time limit ran out (as every launch does), if there are any.

    Checked with one query first, so a report over closed attempts never imports the engine.
    """
    from sqlalchemy import func, select

    from simulator.records.schema import attempts
    from simulator.records.store import iso, utc_now

    a = attempts.c
    with store.read() as conn:
        due = conn.scalar(select(func.count()).where(
            a.status == "open", a.deadline_at.is_not(None), a.deadline_at <= iso(utc_now())))
    if not due:
        return
    from simulator.records.attempts import close_expired

    closed = close_expired(store)
    if closed:
        print(f"closed {len(closed)} attempt(s) whose time limit passed", file=sys.stderr)


def report_cohort(args: argparse.Namespace) -> int:
    """Write the cohort report (HTML, and CSV with --csv) for one assessment or all.

    The attempts are streamed (see :mod:`simulator.records.report_read`): the CSV is written
    row by row and the HTML from the counts, each to a temporary file renamed into place
    only when all of it is written.
    """
    from simulator.records import report
    from simulator.records.report_render import html_parts
    from simulator.records.report_split import read_cohort_split
    from simulator.records.store import Store, iso, utc_now

    out = _out_path(args.out, "--out")
    csv_path = _out_path(args.csv, "--csv") if args.csv else None
    if csv_path is not None and csv_path.resolve() == out.resolve():
        raise ContentError([Problem(args.csv, 0, 0, "--csv", "is the same file as --out",
                                    "give the CSV its own name")])
    started = time.perf_counter()
    store = Store(args.db, create=False)
    # Tens of thousands of short-lived rows and no reference cycles: the cyclic collector
    # would rescan the counts over and over (it doubles the run time), so it waits.
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
        _close_due(store)
        title, parts = report.cohort_title(assessment)
        builder = report.CohortBuilder(title=title, parts_expected=parts)
        with _output(csv_path, "--csv") as table_file:
            open_attempts, people = read_cohort_split(
                store, args.db, builder, args.assessment, csv_file=table_file,
                progress=_Progress("checked and counted"), expected=expected)
            builder.quiz = report.quiz_summaries(_quiz_answers(store, people))
            cohort = builder.finish(open_attempts=open_attempts,
                                    texts=lambda attempt_id: _card(store, attempt_id))
            with _output(out, "--out") as page:
                assert page is not None
                for chunk in html_parts(cohort, iso(utc_now())):
                    page.write(chunk)
    finally:
        store.close()
        if collecting:
            gc.enable()
    if expected >= PROGRESS_MIN:
        print(f"report: done in {time.perf_counter() - started:.1f} s", file=sys.stderr,
              flush=True)
    where = f"{out}" + (f" and {csv_path}" if csv_path else "")
    apart = [f"{cohort.open_attempts} open left out" if cohort.open_attempts else "",
             f"{len(cohort.calibration)} calibration (bot) listed apart"
             if cohort.calibration else "",
             f"{len(cohort.unverified)} unverified listed apart" if cohort.unverified else ""]
    print(f"wrote {where}: {len(cohort.trainees)} trainee(s), {cohort.attempts} scored "
          f"attempt(s)" + "".join(f", {note}" for note in apart if note))
    return 0


def _card(store: Any, attempt_id: str) -> dict[str, Any] | None:
    found = store.attempt(attempt_id)
    return found["scorecard"] if found else None


@contextmanager
def _output(path: Path | None, flag: str) -> Iterator[TextIO | None]:
    """A text file written in full or not at all (None when there is no path)."""
    if path is None:
        yield None
        return
    from simulator.fileio import atomic_text_file

    try:
        with atomic_text_file(path) as fh:
            yield fh
    except OSError as exc:
        raise ContentError([Problem(str(path), 0, 0, flag,
                                    f"cannot write the file ({exc.strerror or exc})",
                                    "check the folder's permissions and free space; the old "
                                    "file, if any, is untouched")]) from None


def report_certificate(args: argparse.Namespace) -> int:
    """Write the PDF certificate of a passed, verified sitting (exit 1 when refused)."""
    from simulator.records.certificate import Refused, certificate_data, render_pdf

    out = _out_path(args.out, "--out")
    some_id = str(args.sitting).strip().lower()
    store = _open(args)
    try:
        try:
            data = certificate_data(store, some_id)
        except Refused as exc:
            print(f"no certificate: {exc}", file=sys.stderr)
            return 1
    finally:
        store.close()
    _write(out, render_pdf(data), "--out")
    scores = ", ".join(str(p.overall) for p in data.parts)
    print(f"wrote {out}: certificate for {data.name}, {data.assessment_id} sitting "
          f"{data.sitting_id} (parts {scores}, PASS); anyone can check its code with: "
          "frontdesk verify CODE")
    return 0


def export_xapi(args: argparse.Namespace) -> int:
    """Queue new attempts' xAPI statements; write them all (--out) and/or send (--lrs).

    Bot (calibration) sittings and attempts whose records do not verify are left out, and
    the summary says how many; actors get the configured LMS accounts (--accounts,
    FRONTDESK_XAPI_ACCOUNTS, FRONTDESK_XAPI_HOMEPAGE; see simulator.records.xapi_accounts).
    """
    from simulator.records import xapi

    out = _out_path(args.out, "--out") if args.out else None
    include = bool(getattr(args, "include_calibration", False))
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
    # Read the mapping before touching the records: a bad row stops everything.
    accounts = xapi.load_accounts(getattr(args, "accounts", None))
    store = _open(args)
    try:
        accounts.names = {t["id"]: t["display_name"] for t in store.trainees()}
        synced = xapi.sync_queue(store, include_calibration=include)
        if synced.added:
            print(f"queued {synced.added} new statement(s)", file=sys.stderr)
        _say_left_out(synced, include)
        if out is not None:
            statements = [accounts.apply(s) for s in
                          xapi.queued(store, pending_only=False, include_calibration=include)]
            _write(out, json.dumps(statements, indent=2, ensure_ascii=False) + "\n", "--out")
            print(f"wrote {len(statements)} statement(s) to {out}")
        if lrs is not None:
            result = xapi.send_queue(store, lrs, accounts=accounts, include_calibration=include)
            print(f"sent {result.sent} statement(s) to {lrs.endpoint}; "
                  f"{result.remaining} still queued")
        elif out is None:
            pending, sent = xapi.counts(store)
            print(f"{pending} statement(s) queued for the LRS, {sent} sent "
                  "(--out FILE writes them all; --lrs URL sends the queue)")
        held = xapi.held_back(store) if not include and (out or lrs) else 0
        if held:
            print(f"{held} calibration statement(s) queued earlier stay queued "
                  "(--include-calibration sends them)", file=sys.stderr)
        if out is not None or lrs is not None:
            _say_accounts(accounts)
    finally:
        store.close()
    return 0


def _say_left_out(synced: Any, include: bool) -> None:
    """Say on stderr which records were not exported, and why."""
    if synced.calibration and not include:
        print(f"skipped {synced.calibration} calibration sitting(s) played by a bot: they "
              "are not a trainee's result (--include-calibration exports them, marked as "
              "calibration)", file=sys.stderr)
    if synced.unverified:
        shown = "; ".join(f"{a}: {why}" for a, why in synced.unverified[:5])
        more = f"; and {len(synced.unverified) - 5} more" if len(synced.unverified) > 5 else ""
        print(f"skipped {len(synced.unverified)} attempt(s) whose records do not verify, so "
              f"they cannot be vouched for ({shown}{more}); run: frontdesk verify ATTEMPT",
              file=sys.stderr)


def _say_accounts(accounts: Any) -> None:
    """Say how many actors got the default account instead of a configured one."""
    from simulator.records.xapi_accounts import ACCOUNTS_ENV, DEFAULT_HOME, HOMEPAGE_ENV

    unmatched = accounts.unmatched()
    if unmatched:
        shown = ", ".join(repr(t) for t in unmatched[:5])
        print(f"{len(unmatched)} row(s) of {accounts.source} name no recorded trainee "
              f"({shown}{', ...' if len(unmatched) > 5 else ''})", file=sys.stderr)
    defaulted = len(accounts.defaulted)
    if not defaulted:
        return
    total = defaulted + len(accounts.mapped)
    who = f"{defaulted} of {total} trainee(s)"
    if accounts.source is not None:
        who += f" are not in {accounts.source} and"
    if accounts.home == DEFAULT_HOME:
        print(f"{who} use the placeholder homePage {DEFAULT_HOME} with their pseudonymous "
              f"id, which no LMS matches (map them with --accounts FILE or {ACCOUNTS_ENV}, "
              f"or set {HOMEPAGE_ENV})", file=sys.stderr)
    else:
        print(f"{who} use the homePage {accounts.home} with their pseudonymous id",
              file=sys.stderr)
