"""The briefing before every shift: what it is, what it checks, how long, and the keys.

The session already exists (its shift is generated, an assessment's journal is open), but
nothing ticks it: the desk, the only screen that lets time pass, is made when the trainee
presses Start. So the shift clock stays at its opening time for as long as anyone reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.ui.layout import button_height, row_right
from simulator.ui.screens.base import Screen
from simulator.ui.screens.text_page import Block, TextPage
from simulator.ui.settings import KEY_WORDS, key_label
from simulator.ui.widgets import panel

if TYPE_CHECKING:
    from simulator.session import Session
    from simulator.ui.app import App
    from simulator.ui.settings import Settings

#: The keys a trainee needs first, in the order they meet them at the desk.
MAIN_KEYS = ("greet", "answer", "identity", "matches", "flag", "check_in", "schedule", "hold",
             "transfer", "end_call", "emergency_script", "call_code", "alarm", "paper",
             "next_task", "wait", "reference", "pause", "settings")


def key_blocks(settings: Settings) -> list[Block]:
    """The main keys as bullet items, from the player's own bindings."""
    keys = settings.keys
    out = [Block(f"[{key_label(keys[a])}] {KEY_WORDS[a]}", "item") for a in MAIN_KEYS
           if a != "next_task"]
    # Up and Down are a pair: one line for both.
    nav = f"[{key_label(keys['prev_task'])}] / [{key_label(keys['next_task'])}] previous / " \
          "next task"
    out.insert(MAIN_KEYS.index("next_task"), Block(nav, "item"))
    out.append(Block("[F1]-[F4] the replies in a conversation", "item"))
    out.append(Block("[Tab] / [Shift+Tab] move the focus ring; [Enter] presses the "
                     "button it is on", "item"))
    return out


def time_blocks(settings: Settings) -> list[Block]:
    """How the clock runs, in words (the same rule as ``engine.clock``)."""
    ref = key_label(settings.keys["reference"])
    return [
        Block("How time works", "heading"),
        Block("While someone waits for you (a ringing line, a person at the counter, an open "
              "conversation, an emergency) the clock runs in real time."),
        Block("While nobody needs you, it fast-forwards to the next thing that happens, and "
              "the top bar says \">> fast-forward\"."),
        Block(f"Stuck on a rule? [{ref}] or the Reference button opens the reference card: "
              "two identifiers, red flags, the 911 and privacy scripts, the Good Faith "
              "Estimate."),
    ]


def mode_line(session: Session) -> str:
    """The mode in words: practice or assessment, timed or not, what that allows."""
    if session.mode == "assessment":
        return ("Assessment, timed: no hints and no pause, and the result is stored. The "
                "reference card opens, but the clock keeps running.")
    if session.untimed:
        return "Practice, untimed: the clock moves only when you act. Hints and feedback are on."
    return "Practice, timed: hints and feedback are on; Esc pauses the clock."


class BriefingScreen(Screen):
    """Read the shift's briefing, then Start (Enter) or go back (Escape)."""

    fills_window = True

    def __init__(self, app: App, session: Session, *, replace_caller: bool = False):
        """Brief ``session`` before its desk opens.

        Args:
            app: The running app.
            session: The shift to start; nobody ticks it until Start.
            replace_caller: Start replaces the screen below too (the debrief a "Retry" or
                "Next part" came from), so Escape can still go back to it.
        """
        super().__init__(app)
        self.session = session
        self.replace_caller = replace_caller
        self.page = TextPage(self._columns())

    def _columns(self) -> list[list[Block]]:
        from simulator.curriculum import load_curriculum

        scn, s = self.session.scenario, self.app.settings
        titles = {c.id: c.title for c in load_curriculum().competencies}
        shift = scn.shift
        left = [Block("The shift", "heading"), Block(scn.briefing),
                Block(f"Clinic time: from {shift.start}, {shift.minutes} minutes of the day.",
                      "note")]
        real = getattr(shift, "real_minutes", None)
        if real:
            left.append(Block(f"Expected length: about {real} minutes of real time.", "strong"))
        if getattr(scn, "tutorial", None) and self.session.mode == "practice":
            left.append(Block("Guided: the first time each desk action is needed, the clock "
                              "stops and a short instruction says what to do.", "strong"))
        left.append(Block("You will practice" if self.session.mode == "practice"
                          else "This shift checks", "heading"))
        left += [Block(titles.get(cid, cid), "item") for cid in scn.objectives]
        right = [Block("Main keys", "heading"), *key_blocks(s), *time_blocks(s)]
        return [left, right]

    def build_ui(self) -> None:
        w, h = self.app.size
        self.page.set_columns(self._columns())  # the keys or text size may have changed
        back, start = row_right(self.app.text, ["Back (Esc)", "Start (Enter)"], w - 40,
                                h - button_height(self.app.text) - 20)
        self.button("brief-start", "Start (Enter)", start, self.start, kind="primary")
        self.button("brief-back", "Back (Esc)", back, self.back)

    def start(self) -> None:
        """Open the desk: only now does the shift's clock start to run."""
        if self.replace_caller:
            self.app.pop()
        self.app.switch_screen("desk", self.session)

    def back(self) -> None:
        """Back to where the shift was chosen; the shift has not started."""
        self.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        """Enter starts, Escape goes back, the arrows and the wheel scroll."""
        if self.page.handle(event):
            return
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif event.key == pygame.K_ESCAPE:
                self.back()

    def _body(self) -> pygame.Rect:
        w, h = self.app.size
        text = self.app.text
        top = 24 + text.line_height(24) + 2 * text.line_height(16) + 14
        bottom = h - button_height(text) - 40
        return pygame.Rect(24, top, w - 48, bottom - top)

    def draw(self, surface: pygame.Surface) -> None:
        """Heading, mode, the two columns, and the scroll cue."""
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        surface.fill(pal.bg)
        title = f"Before you start: {self.session.scenario.title}"
        surface.blit(text.render(title, 24, pal.text, bold=True, width=w - 48), (24, 16))
        y = 24 + text.line_height(24)
        for line in text.wrap(mode_line(self.session), 16, w - 48)[:2]:
            surface.blit(text.render(line, 16, pal.muted), (24, y))
            y += text.line_height(16)
        body = self._body()
        panel(surface, body.inflate(16, 12), pal)
        self.page.draw(surface, text, pal, body)
        cue = self.page.cue()
        foot = cue or "The clock starts when you press Start."
        surface.blit(text.render(foot, 14, pal.accent if cue else pal.muted, width=w - 500),
                     (24, h - 58))
