"""Play the guided first shift in a real window, keyboard only, and take screenshots.

Usage (a display is needed; on a machine without one)::

    xvfb-run -s "-screen 0 1280x720x24" .venv/bin/python scripts/xvfb_tutorial.py OUT_DIR \
        [--text-scale 200] [--steps N]

The game runs its own loop in a real X11 window. A second thread plays the part of the
trainee: it looks at what the screen shows (the open guide step, the expert's next move the
hint is made from), waits as a person would (2 s per move, reading time for a conversation),
and types real key presses into the window with ``xdotool``, so every key goes through the
X server, SDL and the game's focus ring exactly as a person's would. It never touches the
game's state. Screenshots of the whole screen (``import -window root``) go to OUT_DIR at the
title, the picker, the briefing, each guide step, the reference card and the debrief.

``--steps N`` stops after N guide steps (a quicker look at a text size); otherwise the
shift is played to its debrief. Exit status 0 when the debrief was reached (or N steps
were done), 1 otherwise. A check for people, not a test: ``tests/ui/test_tutorial.py``
drives the same path headless in CI.
"""

from __future__ import annotations

import argparse
import subprocess
import threading
import time
from pathlib import Path

from xvfb_window import keysym, open_app

#: Settings action for each command with a key of its own.
SHORTCUT = {"check_identity": "identity", "flag_discrepancy": "flag", "collect_copay": "copay",
            "check_in": "check_in", "confirm_insurance": "matches", "schedule": "schedule",
            "end_call": "end_call", "hold_call": "hold", "instruct_911": "emergency_script",
            "answer_call": "answer", "acknowledge": "greet"}
#: Commands with no key: Tab to their button, then Enter.
TAB_TO = {"route": "act-route"}



class Trainee(threading.Thread):
    """Reads the screen and types into the window, at a person's pace."""

    def __init__(self, app, out: Path, steps: int | None):
        super().__init__(daemon=True)
        self.app, self.out, self.steps = app, out, steps
        self.shots = 0
        self.ok = False
        self.window = ""

    # -- input and output, through the X server ---------------------------------------------

    def key(self, name: str, pause: float = 0.35) -> None:
        subprocess.run(["xdotool", "key", "--window", self.window, keysym(name)], check=True)
        time.sleep(pause)

    def shot(self, name: str) -> None:
        self.shots += 1
        path = self.out / f"{self.shots:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"screenshot {path}", flush=True)

    def focused(self) -> str | None:
        screen = self.app.top
        item = screen.focus.current() if screen else None
        if item is None:
            return None
        return next((k for k, b in screen.buttons.items() if b is item.element), None)

    def tab_to(self, key: str) -> None:
        for _ in range(80):
            if self.focused() == key:
                return
            self.key("tab", 0.2)
        raise RuntimeError(f"Tab never reached {key}")

    # -- the trainee ---------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self.play()
        except Exception as exc:  # report, and let the main loop end
            print(f"trainee stopped: {exc!r}", flush=True)
        finally:
            self.app.running = False

    def play(self) -> None:
        from simulator.ui.screens.briefing import BriefingScreen
        from simulator.ui.screens.debrief import DebriefScreen
        from simulator.ui.screens.desk import DeskScreen

        time.sleep(2)
        import pygame

        # The game's own X window (no window manager here, so no name search or focus).
        self.window = str(pygame.display.get_wm_info()["window"])
        self.shot("title")
        self.key("return", 4.0)  # Practice a shift (the picker loads the pack)
        self.shot("picker")
        self.tab_to("pick-start")
        self.key("return", 1.5)
        assert isinstance(self.app.top, BriefingScreen), type(self.app.top).__name__
        self.shot("briefing")
        time.sleep(3)
        self.key("return", 1.5)  # Start
        desk = self.app.top
        assert isinstance(desk, DeskScreen)
        guide, session = desk.guide, desk.session
        done_steps = 0
        toast_shot = reference_shot = False
        deadline = time.monotonic() + 30 * 60
        while time.monotonic() < deadline:
            if isinstance(self.app.top, DebriefScreen):
                time.sleep(2)
                self.shot("debrief")
                card = self.app.top.card
                print(f"debrief: overall {card.overall}, passed {card.passed}", flush=True)
                self.ok = True
                return
            if self.app.top is not desk:
                time.sleep(0.5)
                continue
            step = guide.step if guide else None
            if step is not None:
                time.sleep(1.0)
                self.shot(f"step-{guide.active + 1:02d}-{step.action}")
                time.sleep(max(2.0, len(f"{step.title} {step.text}".split()) / 230 * 60))
                self.carry_out(desk, guide.subject)
                done_steps += 1
                if self.steps is not None and done_steps >= self.steps:
                    self.ok = True
                    return
                continue
            if desk.toast is not None and desk.toast_left > 0 and not toast_shot:
                self.shot("toast")
                toast_shot = True
            if done_steps >= 3 and not reference_shot:
                self.key(self.app.settings.keys["reference"], 1.5)
                self.shot("reference-card")
                self.key("escape", 1.0)
                reference_shot = True
            move = session.advice()
            if move is None:
                time.sleep(0.5)
                continue
            time.sleep(self.thinking(desk, move))
            if guide is not None and guide.step is None and session.advice() == move:
                self.carry_out(desk, move)
        raise RuntimeError("the shift did not end in 30 minutes")

    def thinking(self, desk, move) -> float:
        task = desk.view.task(getattr(move, "task", "") or "")
        if move.type == "choose_reply" and task is not None and task.dialogue is not None:
            words = " ".join((task.dialogue.says, *task.dialogue.choices)).split()
            return 2.0 + len(words) / 230 * 60
        return 2.0

    def carry_out(self, desk, command) -> None:
        """The keys a keyboard-only trainee presses for ``command``."""
        keys = self.app.settings.keys
        task = getattr(command, "task", None)
        if command.type == "answer_call":
            line = next((ln for ln in desk.view.lines if ln.number == command.line), None)
            if line is not None and line.status == "hold":
                task = line.task
        if task is not None:
            for _ in range(len(desk.view.tasks) + 1):
                if desk.selected == task:
                    break
                self.key(keys["next_task"])
        if command.type == "choose_reply":
            self.key(f"f{command.choice + 1}")
        elif command.type in TAB_TO:
            self.tab_to(TAB_TO[command.type])
            self.key("return")
        else:
            self.key(keys[SHORTCUT[command.type]])
        if desk.choice is not None:
            index = next((i for i, (_, cmd) in enumerate(desk.choice[1]) if cmd == command),
                         None)
            if index is not None:
                self.key(str(index + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the screenshots")
    parser.add_argument("--text-scale", type=int, default=100, choices=range(100, 201, 10),
                        metavar="100-200")
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args(argv)
    app = open_app(args.text_scale, "frontdesk-xvfb-")
    if app is None:
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    trainee = Trainee(app, args.out, args.steps)
    trainee.start()
    app.run()
    trainee.join(timeout=5)
    return 0 if trainee.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
