"""``frontdesk play`` and ``frontdesk watch``: the desk in a real window."""

from __future__ import annotations

import argparse
import os
import sys
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
    from simulator.ui.app import App
    from simulator.ui.screens.title import TitleScreen

    app = App()
    app.trainee = args.trainee
    app.push(TitleScreen(app))
    if args.endless:
        from simulator.progress import ProgressStore
        from simulator.scenarios.endless import build_endless
        from simulator.session import Session
        from simulator.ui.screens.desk import DeskScreen
        from simulator.ui.screens.picker import load_pack

        history = ProgressStore().history(args.trainee)
        seed = args.seed if args.seed is not None else len(history) + 1
        scenario = build_endless(load_pack(), args.difficulty, seed, history)
        app.push(DeskScreen(app, Session(scenario, seed, trainee=args.trainee,
                                         untimed=app.settings.untimed)))
    elif args.scenario:
        from simulator.session import ASSESSMENT_SEED, Session
        from simulator.ui.screens.desk import DeskScreen

        seed = args.seed if args.seed is not None else (
            ASSESSMENT_SEED if args.mode == "assessment" else 1)
        session = Session(args.scenario, seed, mode=args.mode, trainee=args.trainee,
                          untimed=args.mode == "practice" and app.settings.untimed)
        app.push(DeskScreen(app, session))
    app.run()
    return 0


def watch(args: argparse.Namespace) -> int:
    """Let a bot play in the real UI; optionally save screenshots and exit at the end."""
    from simulator.bots import BOT_NAMES
    from simulator.scenarios import load_scenario

    if args.bot not in BOT_NAMES:
        raise ContentError.single("<command line>", f"unknown bot '{args.bot}'",
                                  hint="choose random, novice or expert")
    if args.speed <= 0:
        raise ContentError.single("<command line>", "--speed must be above 0")
    load_scenario(args.scenario)
    if not _has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from simulator.ui.app import App
    from simulator.ui.screens.title import TitleScreen
    from simulator.ui.watch import WatchScreen

    app = App()
    if args.screenshots:
        app.screenshot_dir = Path(args.screenshots)
        try:
            app.screenshot_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ContentError.single(str(args.screenshots), f"cannot create the folder "
                                      f"({exc.strerror})") from None
    app.push(TitleScreen(app))
    app.push(WatchScreen(app, args.scenario, seed=args.seed, bot=args.bot, speed=args.speed,
                         until_end=args.until_end))
    app.run()
    if args.screenshots:
        shots = sorted(Path(args.screenshots).glob("*.png"))
        print(f"saved {len(shots)} screenshot(s) to {args.screenshots}", file=sys.stderr)
    return 0
