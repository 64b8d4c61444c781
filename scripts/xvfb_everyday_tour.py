"""Tour the everyday desk in a real window: a form typed in, the payer portal, a check-out.

Usage (a display is needed; on a machine without one)::

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/xvfb_everyday_tour.py \
        OUT [--text-scale 200]

As ``xvfb_desk_tour.py`` does, the game runs its own loop in a real X11 window and a second
thread plays the trainee with ``xdotool`` (keys typed through the X server, so text arrives
as the TEXTINPUT events a real keyboard makes). Screenshots go to OUT:

- registration-morning: a returning patient's registration form, started from the record,
  with the intake sheet and the card beside it, filled in part-way by keyboard;
- the same patient's payer-portal answer after "Check eligibility";
- checkout-and-collections: a check-out (follow-up, referral, balance), the eligibility
  worklist checked patient by patient, and the cash drawer;

each paged through with Page Down when the column is taller than the panel.

A check for people, not a test (tests/ui/test_everyday_panels.py drives the same paths).
Exit 0 when the tour got to the end.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from xvfb_desk_tour import Tourist
from xvfb_window import open_app


class EverydayTourist(Tourist):
    """The everyday desk's tour (see the module docstring)."""

    def type(self, words: str, pause: float = 0.6) -> None:
        """Type text as a keyboard would (xdotool sends each character's keysym)."""
        # One character per call, a moment apart: xdotool maps a spare keycode to a letter
        # missing from the keymap (Đ, ß, Ø), and a quicker next letter would remap it first.
        for ch in words:
            subprocess.run(["xdotool", "type", "--delay", "80", ch], check=True)
            time.sleep(0.2)
        time.sleep(pause)

    def open_where(self, scenario: str, pick):
        """Open ``scenario`` just after the first task ``pick(spec)`` accepts, selected."""
        desk = self.open_desk(scenario)
        spec = next(t for t in desk.session.expanded.tasks if pick(t))
        self.queue.append(lambda: desk.session.shift.advance(spec.at + 2))
        self.until(lambda: desk.view.task(spec.id) is not None, 10)
        self.select(desk, spec.id)
        time.sleep(1.0)
        return desk, spec

    def page_through(self, desk, name: str) -> None:
        """Page Down through the centre column, a screenshot per page (large text)."""
        for page in range(1, 6):
            if desk.plan is None or desk.scroll >= desk.plan.overflow:
                return
            self.key("Next", 0.8)  # X's name for Page Down
            self.shot(f"{name}-page-{page + 1}")

    def tour(self) -> None:
        import pygame

        time.sleep(2)
        self.window = str(pygame.display.get_wm_info()["window"])
        desk, spec = self.open_where(
            "registration-morning",
            lambda t: t.kind == "checkin" and "intake" in t.request and t.at > 0)
        self.shot("registration-task")
        self.click("act-form-registration", 1.0)
        self.until(lambda: desk.form is not None, 5)
        sheet = spec.request["intake"]
        # The name, the date of birth and the address from the sheet; the rest left to do.
        for name in ("name", "dob", "address", "phone"):
            self.key("Delete", 0.2)
            self.type(str(sheet[name]))
            self.key("Tab", 0.4)
        self.key("Tab", 0.2)  # the member ID: left as the record has it
        self.type("Łukasz Đorđević-Weiß Ø")  # letters only TEXTINPUT brings
        time.sleep(0.8)
        print(f"typed into the form: {desk.form.values}", flush=True)
        self.shot("registration-form-part-filled")
        self.key("Escape", 0.8)
        self.click("act-elig", 1.5)
        self.until(lambda: bool(desk.current_task().progress.get("portal")), 5)
        self.shot("portal-result")
        self.page_through(desk, "portal-result")

        desk, _ = self.open_where("checkout-and-collections", lambda t: t.kind == "checkout"
                                  and t.request.get("balance") and "referral_to" in t.request)
        self.shot("checkout")
        self.page_through(desk, "checkout")
        desk, spec = self.open_where("checkout-and-collections",
                                     lambda t: t.kind == "worklist")
        for entry in spec.request["worklist"][:2]:
            self.click(f"act-elig-{entry['patient']}", 1.0)
        self.shot("worklist-two-checked")
        desk, _ = self.open_where("checkout-and-collections", lambda t: t.kind == "drawer")
        self.shot("cash-drawer")
        self.page_through(desk, "cash-drawer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the screenshots")
    parser.add_argument("--text-scale", type=int, default=100, choices=range(100, 201, 25),
                        metavar="100-200")
    args = parser.parse_args(argv)
    app = open_app(args.text_scale, "frontdesk-everyday-")
    if app is None:
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    tourist = EverydayTourist(app, args.out)
    tourist.start()
    app.run()
    tourist.join(timeout=5)
    return 0 if tourist.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
