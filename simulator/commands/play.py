"""``frontdesk play`` and ``frontdesk watch``: the desk in a real window."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from simulator.errors import ContentError

NO_DISPLAY = (
    "No display was found, so the desk window cannot open here.\n"
    "On a machine with a screen, run 'make play'. Headless, you can still watch a bot play\n"
    "and save screenshots:\n"
    "  SDL_VIDEODRIVER=dummy frontdesk watch --scenario busy-monday --until-end "
    "--screenshots shots/\n"
    "or play on a virtual screen: xvfb-run frontdesk play")


def _has_display() -> bool:
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver and driver != "x11" and driver != "wayland":
        return True  # an explicit driver (dummy, offscreen, kmsdrm...) is the user's choice
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or \
        sys.platform in ("darwin", "win32")


def play(args: argparse.Namespace) -> int:
    """Open the desk: the title screen, or straight into ``--scenario``."""
    if not _has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    if args.scenario:
        from simulator.scenarios import load_scenario

        load_scenario(args.scenario)  # bad ids fail here with a clear message
    first_part = assessment_session(args) if args.assessment else None
    from simulator.ui.app import App

    app = App()
    app.trainee = args.trainee
    app.push_screen("title")
    if first_part is not None:
        app.push_screen("briefing", first_part)
    elif args.endless:
        from simulator.progress import ProgressStore
        from simulator.scenarios.endless import build_endless
        from simulator.session import Session
        from simulator.ui.screens.picker import load_pack

        history = ProgressStore().history(args.trainee)
        seed = args.seed if args.seed is not None else len(history) + 1
        scenario = build_endless(load_pack(), args.difficulty, seed, history)
        app.push_screen("briefing", Session(scenario, seed, trainee=args.trainee,
                                            untimed=app.settings.untimed))
    elif args.scenario:
        from simulator.session import ASSESSMENT_SEED, Session

        seed = args.seed if args.seed is not None else (
            ASSESSMENT_SEED if args.mode == "assessment" else 1)
        session = Session(args.scenario, seed, mode=args.mode, trainee=args.trainee,
                          untimed=args.mode == "practice" and app.settings.untimed)
        app.push_screen("briefing", session)
    app.run()
    return 0


def watch(args: argparse.Namespace) -> int:
    """Let a bot play in the real UI; optionally save screenshots and exit at the end."""
    from simulator.bots import bot_problem
    from simulator.scenarios import load_scenario

    problem = bot_problem(args.bot, args.bot_speed)
    if problem:
        raise ContentError.single("<command line>", problem)
    if args.speed <= 0:
        raise ContentError.single("<command line>", "--speed must be above 0")
    load_scenario(args.scenario)
    if not _has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from simulator.ui.app import App

    app = App()
    if args.screenshots:
        app.screenshot_dir = Path(args.screenshots)
        try:
            app.screenshot_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ContentError.single(str(args.screenshots), f"cannot create the folder "
                                      f"({exc.strerror})") from None
    app.push_screen("title")
    app.push_screen("watch", args.scenario, seed=args.seed, bot=args.bot, speed=args.speed,
                    bot_speed=args.bot_speed, until_end=args.until_end)
    app.run()
    if args.screenshots:
        shots = sorted(Path(args.screenshots).glob("*.png"))
        print(f"saved {len(shots)} screenshot(s) to {args.screenshots}", file=sys.stderr)
    return 0


def assessment_session(args: argparse.Namespace):
    """The first part of a stored assessment for ``--trainee``, resuming an open attempt.

    Expired attempts are closed first (their finish time is the limit). An attempt left
    open by a crash is resumed by replaying its stored commands to the same state.
    """
    from simulator.records.assessment import assessment_from_text
    from simulator.records.attempts import close_expired, open_attempts, resume, start
    from simulator.records.store import Store, utc_now
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest
    from simulator.session import Session

    if not args.trainee:
        raise ContentError.single("<command line>", "--assessment needs --trainee NAME")
    store = Store(getattr(args, "db", None))
    closed = close_expired(store)
    if closed:
        print(f"closed {len(closed)} attempt(s) whose time limit ran out", file=sys.stderr)
    row = store.assessment(args.assessment)
    if row is None:
        known = ", ".join(a["id"] for a in store.assessments()) or "none stored yet"
        raise ContentError.single("<command line>", f"no stored assessment '{args.assessment}'",
                                  hint=f"stored: {known}; add one with "
                                       "'frontdesk assessment create FILE'")
    assessment = assessment_from_text(row["yaml"], f"assessment '{args.assessment}'")
    overrides = assessment.overrides()
    deadline = utc_now() + timedelta(minutes=assessment.time_limit_minutes) \
        if assessment.time_limit_minutes else None
    mine = [a for a in open_attempts(store, args.trainee)
            if a.get("assessment_id") == args.assessment]

    def make(index: int, sitting: str | None):
        if index >= len(assessment.scenarios):
            return None
        part = assessment.scenarios[index]
        path = resolve_scenario_path(part.scenario)
        session = Session(part.scenario, part.seed, mode="assessment", trainee=args.trainee,
                          overrides=overrides, recorded=True)
        session.attempt = start(store, session.expanded, trainee=args.trainee,
                                scenario_sha256=scenario_digest(path), mode="assessment",
                                assessment_id=args.assessment,
                                assessment_sha256=row["sha256"], overrides=overrides,
                                part=index, sitting_id=sitting, deadline=deadline,
                                shift=session.shift)
        load_scenario_file(path)
        if index + 1 < len(assessment.scenarios):
            session.next_part = lambda: make(index + 1, sitting or session.attempt.id)
        return session

    if mine:
        last = mine[-1]
        index = last.get("part", 0)
        others = ""
        if len(mine) > 1:
            others = (f"; {len(mine) - 1} older open attempt(s) stay open "
                      "(see: frontdesk assessment open)")
        print(f"resuming attempt {last['attempt_id']} of {args.trainee} at {args.assessment} "
              f"(part {index + 1} of {len(assessment.scenarios)}, {last['scenario']} seed "
              f"{last['seed']}, started {last['created_at']}): replaying "
              f"{last['stored_commands']} stored command(s){others}", file=sys.stderr)
        attempt = resume(store, last["attempt_id"])
        part = assessment.scenarios[index]
        session = Session(part.scenario, part.seed, mode="assessment", trainee=args.trainee,
                          overrides=overrides, recorded=True)
        session.shift, session.attempt = attempt.shift, attempt
        session.log = list(attempt.stored)
        if last.get("part", 0) + 1 < len(assessment.scenarios):
            session.next_part = lambda: make(last.get("part", 0) + 1, last.get("sitting_id"))
        return session
    used = store.sittings_used(store.trainee(args.trainee)["id"], args.assessment) \
        if store.trainee(args.trainee) else 0
    if used >= assessment.attempts_allowed:
        raise ContentError.single("<command line>", f"{args.trainee} has used {used} of "
                                  f"{assessment.attempts_allowed} attempts at "
                                  f"'{args.assessment}'")
    return make(0, None)
