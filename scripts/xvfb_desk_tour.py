"""Tour the desk in a real window, by keyboard and by mouse, and screenshot what a person sees.

Usage (a display is needed; on a machine without one)::

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/xvfb_desk_tour.py OUT \
        [--text-scale 200]

The game runs its own loop in a real X11 window; a second thread plays the trainee, typing
keys and clicking with ``xdotool`` through the X server (it reads the screen's state only to
know when to act and where a button is, never to change it). Screenshots of the whole
screen (``import -window root``) go to OUT:

- the title, and the picker right after Enter with the mouse left alone (repaint check);
- a short shift: a conversation on the desk, a reply chosen by mouse;
- clinician-out: the move-visit choices, and the schedule read slot by slot (L);
- waiting-room-collapse: the collapse in the waiting room, the code, 911 and the AED by mouse;
- power-outage: the life-safety steps on the outage, the smell reported by mouse;
- threatening-visitor: the police call and the private escort on the threat;
- the pause menu, settings opened from it with the text made larger, and the desk after
  closing both (no ghosts of the menus);
- full screen (F11) and back;
- watch mode, running and paused.

A check for people, not a test (the Pilot tests drive the same paths headless in CI).
Exit 0 when the tour got to the end.
"""

from __future__ import annotations

import argparse
import subprocess
import threading
import time
from pathlib import Path

from xvfb_window import keysym, open_app

SHORT = Path(__file__).resolve().parents[1] / "tests" / "ui" / "short-shift.yaml"



class Tourist(threading.Thread):
    """Types and clicks into the window at a person's pace, and takes the screenshots."""

    def __init__(self, app, out: Path):
        super().__init__(daemon=True)
        self.app, self.out = app, out
        self.count = 0
        self.ok = False
        self.window = ""
        #: Screen changes the tour makes itself (a new scenario), run by the game's own loop
        #: between frames, never from this thread.
        self.queue: list = []
        frame = app.frame

        def run_queued_then(dt, events=None):
            while self.queue:
                self.queue.pop(0)()
            frame(dt, events)

        app.frame = run_queued_then

    def key(self, name: str, pause: float = 0.6) -> None:
        sent = subprocess.run(["xdotool", "key", "--window", self.window, keysym(name)],
                              capture_output=True)
        if sent.returncode:  # the window was replaced (full screen): type where focus is
            subprocess.run(["xdotool", "key", keysym(name)], check=True)
        time.sleep(pause)

    def click(self, button: str, pause: float = 0.8) -> None:
        """Move the pointer onto the top screen's button and click it, as a mouse user.

        A button scrolled out of view (large text) is brought into view with Page Down
        first, as a person would.
        """
        for _ in range(6):
            if self.app.top.buttons[button].visible:
                break
            self.key("Next", 0.5)  # X's name for Page Down
        rect = self.app.top.buttons[button].get_abs_rect()
        x, y = int(rect.centerx), int(rect.centery)
        subprocess.run(["xdotool", "mousemove", "--window", self.window, str(x), str(y)],
                       check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "click", "1"], check=True)
        time.sleep(pause)

    def shot(self, name: str) -> None:
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"screenshot {path}: {name}", flush=True)

    def until(self, check, seconds: float = 60.0, step: float = 0.25) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(step)
        raise RuntimeError(f"waited {seconds} s in vain")

    def run(self) -> None:
        try:
            self.tour()
            self.ok = True
        except Exception as exc:  # report, and let the main loop end
            print(f"tour stopped: {exc!r}", flush=True)
        finally:
            self.app.running = False

    # -- the tour ----------------------------------------------------------------------------

    def open_desk(self, scenario: str):
        from simulator.session import Session

        self.queue.append(lambda: self.app.reset_screen("desk", Session(scenario, 1)))
        time.sleep(1.5)
        return self.app.top

    def open_at(self, scenario: str, kind: str):
        """Open ``scenario`` with the clock just after its first ``kind`` task, selected.

        Setting the scene, as a trainer would: the clock jumps to the moment.
        """
        desk = self.open_desk(scenario)
        when = next(t.at for t in desk.session.expanded.tasks if t.kind == kind)
        self.queue.append(lambda: desk.session.shift.advance(when + 2))
        self.until(lambda: any(t.kind == kind for t in desk.view.tasks), 10)
        self.select(desk, next(t for t in desk.view.tasks if t.kind == kind).id)
        time.sleep(1.0)
        return desk

    def select(self, desk, task_id: str) -> None:
        for _ in range(len(desk.view.tasks) + 1):
            if desk.selected == task_id:
                return
            self.key(self.app.settings.keys["next_task"], 0.3)
        raise RuntimeError(f"never reached {task_id}")

    def skip_to(self, desk, check) -> None:
        """Press Wait until ``check(view)`` holds (the clock skips to what happens next)."""
        for _ in range(80):
            if check(desk.view):
                return
            self.key(self.app.settings.keys["wait"], 0.5)
        raise RuntimeError("Wait never got there")

    def tour(self) -> None:
        import pygame

        time.sleep(2)
        self.window = str(pygame.display.get_wm_info()["window"])
        keys = self.app.settings.keys
        self.shot("title")
        self.key("return", 0.3)  # the picker, with no mouse movement at all
        self.shot("picker-after-enter-no-mouse")
        self.until(lambda: bool(self.app.top.scenarios), 20)
        time.sleep(0.5)
        self.shot("picker-loaded")
        self.key("up", 0.8)
        self.shot("picker-locked-shift")

        desk = self.open_desk(str(SHORT))
        self.skip_to(desk, lambda v: any(t.dialogue for t in v.tasks))
        talk = next(t for t in desk.view.tasks if t.dialogue)
        if talk.channel == "phone":
            self.key(keys["answer"], 0.8)
        self.select(desk, talk.id)
        time.sleep(1.0)
        self.shot("desk-dialogue")
        self.click("rep-0", 1.5)  # a reply, by mouse
        self.shot("desk-after-reply-click")

        desk = self.open_desk("clinician-out")
        self.skip_to(desk, lambda v: any(t.kind == "callout" for t in v.tasks))
        callout = next(t for t in desk.view.tasks if t.kind == "callout")
        self.select(desk, callout.id)
        self.key(keys["schedule"], 1.0)  # the move-visit choices
        self.shot("desk-move-visit-choices")
        self.key("1", 1.0)
        for _ in range(4):
            self.key(keys["schedule_slot"], 0.3)
        time.sleep(0.6)
        self.shot("desk-schedule-slot")

        desk = self.open_desk("waiting-room-collapse")
        # Setting the scene, as a trainer would: the clock jumps to just after the collapse.
        when = next(t.at for t in desk.session.expanded.tasks if t.kind == "medical_emergency")
        self.queue.append(lambda: desk.session.shift.advance(when + 2))
        self.until(lambda: any(t.kind == "medical_emergency" for t in desk.view.tasks), 10)
        time.sleep(1.0)
        self.shot("desk-collapse")
        self.click(next(k for k in desk.buttons if k.startswith("q-")), 1.0)
        self.shot("desk-collapse-selected-by-mouse")
        self.click("act-code", 1.0)
        self.click("act-call911", 1.0)
        self.click("act-safety-bring_aed", 1.0)
        self.shot("desk-collapse-code-911-aed")

        self.open_at("power-outage", "power_outage")
        self.shot("desk-power-outage-safety-steps")
        self.click("act-safety-report_smell", 1.0)
        self.shot("desk-power-outage-smell-reported")

        self.open_at("threatening-visitor", "threat")
        self.shot("desk-threat-police-and-escort")

        self.key("escape", 1.0)
        self.shot("pause")
        self.click("pause-settings", 1.0)
        self.click("set-scale-up", 1.5)
        self.shot("settings-from-pause-larger")
        self.key("escape", 1.0)
        self.shot("pause-after-settings")
        self.key("escape", 1.5)
        self.shot("desk-after-settings-no-ghosts")
        self.key("f11", 2.0)
        # Full screen may be a new X window: keys go to whichever window is the game's now.
        self.window = str(pygame.display.get_wm_info()["window"])
        self.shot(f"full-screen-{self.app.size[0]}x{self.app.size[1]}")
        self.key("f11", 2.0)
        self.window = str(pygame.display.get_wm_info()["window"])
        self.shot("windowed-again")

        self.queue.append(lambda: self.app.reset_screen("watch", "calm-morning", seed=1))
        time.sleep(8)
        self.shot("watch-running")
        self.key("space", 1.0)
        self.shot("watch-paused")
        self.key("n", 3.0)
        self.shot("watch-stepped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the screenshots")
    parser.add_argument("--text-scale", type=int, default=100, choices=range(100, 201, 25),
                        metavar="100-200")
    args = parser.parse_args(argv)
    app = open_app(args.text_scale, "frontdesk-tour-")
    if app is None:
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    tourist = Tourist(app, args.out)
    tourist.start()
    app.run()
    tourist.join(timeout=5)
    return 0 if tourist.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
