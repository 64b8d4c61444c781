"""How to play: what the desk shows, how time works, the keys, and where to begin.

A short reading screen reached from the title. The key list comes from the player's own
bindings and the clock words from the briefing, so the two screens never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.ui.layout import button_height, row_right
from simulator.ui.screens.base import Screen
from simulator.ui.screens.briefing import key_blocks, time_blocks
from simulator.ui.screens.text_page import Block, TextPage
from simulator.ui.settings import key_label
from simulator.ui.widgets import panel

if TYPE_CHECKING:
    from simulator.ui.app import App

#: The last line of the screen: where a new hire starts.
START_HERE = ("New here? The guided first shift is the first scenario in the picker: choose "
              "Practice a shift and start it.")


def desk_blocks(reference_key: str) -> list[Block]:
    """What each part of the desk shows, and what happens around a shift."""
    return [
        Block("What the desk shows", "heading"),
        Block("Top: the clock, the shift and its mode, and whether the EHR and the power "
              "are up.", "item"),
        Block("Left: the phone lines and the waiting room. Mood is a shape as well as a "
              "color: a circle is calm, ~ anxious, a ! triangle defensive, an X at risk.",
              "item"),
        Block("Center: the task you are on: what the person says, the insurance card beside "
              "the record, your replies and the actions.", "item"),
        Block("Right: the tasks, urgent first, the inbox, and the providers' day.", "item"),
        Block("Bottom: feedback on what you just did and a hint (practice only), and the "
              "keys.", "item"),
        Block("A shift, start to end", "heading"),
        Block("Each shift opens on a briefing: what it is about, what it checks, about how "
              "long it takes, and the keys. The clock starts when you press Start."),
        Block("The debrief at the end shows your scores, and every mistake with what an "
              "expert would have done."),
        Block("The reference card", "heading"),
        Block(f"Press [{reference_key}] or the Reference button at the bottom right of the "
              "desk: two identifiers, the red flags, the 911 and privacy scripts, and the "
              "Good Faith Estimate rule. In practice the clock stops while it is open; in an "
              "assessment it keeps running."),
    ]


class HowToScreen(Screen):
    """Read, then go back to the title or straight to the picker."""

    fills_window = True

    def __init__(self, app: App):
        super().__init__(app)
        self.page = TextPage(self._columns())

    def _columns(self) -> list[list[Block]]:
        s = self.app.settings
        keys = [Block("Main keys", "heading"), *key_blocks(s),
                Block("Rebind any key in Settings.", "note")]
        return [desk_blocks(key_label(s.keys["reference"])), [*time_blocks(s)[:3], *keys]]

    def build_ui(self) -> None:
        w, h = self.app.size
        self.page.set_columns(self._columns())
        back, pick = row_right(self.app.text, ["Back (Esc)", "Choose a shift"], w - 40,
                               h - button_height(self.app.text) - 20)
        self.button("howto-back", "Back (Esc)", back, self.app.pop, kind="primary")
        self.button("howto-pick", "Choose a shift", pick, self._pick)

    def _pick(self) -> None:
        self.app.switch_screen("picker", "practice")

    def handle(self, event: pygame.event.Event) -> None:
        """Escape goes back; the arrows and the wheel scroll."""
        if self.page.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def _body(self) -> pygame.Rect:
        w, h = self.app.size
        text = self.app.text
        top = 30 + text.line_height(24)
        # Room below for the scroll cue and the two lines of where to start.
        bottom = h - 96 - text.line_height(14) - 2 * text.line_height(15)
        return pygame.Rect(24, top, w - 48, bottom - top)

    def draw(self, surface: pygame.Surface) -> None:
        """Heading, the page, the scroll cue, and where to start."""
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        surface.fill(pal.bg)
        surface.blit(text.render("How to play", 24, pal.text, bold=True), (24, 16))
        body = self._body()
        panel(surface, body.inflate(16, 12), pal)
        self.page.draw(surface, text, pal, body)
        y = body.bottom + 8
        cue = self.page.cue()
        if cue:
            surface.blit(text.render(cue, 14, pal.muted, width=w - 48), (24, y))
        y += text.line_height(14) + 4
        # Where to begin is the last thing on the screen, and never scrolled away.
        for line in text.wrap(START_HERE, 15, w - 48, bold=True)[:2]:
            surface.blit(text.render(line, 15, pal.accent, bold=True), (24, y))
            y += text.line_height(15)
