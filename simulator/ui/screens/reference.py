"""The reference card, opened over the desk on one key (R by default) or its button.

In practice the card holds the shift clock (``session.hold("reference")``) until it is
closed: looking up a rule is part of learning it. In assessment it opens over a running
clock, as a printed card at a real desk would, and says so; the card then lets the shift's
time pass itself, since the desk below gets no frames while it is covered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.curriculum.reference import CardSection, ReferenceCard, load_reference
from simulator.errors import ContentError
from simulator.ui.layout import button_height, row_right
from simulator.ui.screens.base import Screen
from simulator.ui.screens.text_page import Block, TextPage
from simulator.ui.settings import key_label
from simulator.ui.widgets import panel

if TYPE_CHECKING:
    from simulator.ui.app import App
    from simulator.ui.screens.desk import DeskScreen

HOLD = "reference"


def card_columns(card: ReferenceCard) -> list[list[Block]]:
    """The card's sections as two columns: who you talk to, then what you say."""
    columns: list[list[Block]] = [[], []]
    for i, section in enumerate(card.sections):
        column = columns[0 if i < 2 else 1]
        column.append(Block(section.heading, "heading"))
        column += [Block(p) for p in section.paragraphs]
        column += [Block(item, "item") for item in section.items]
        if section.note:
            column.append(Block(section.note, "strong"))
    columns[1].append(Block(card.scope, "note"))
    return columns


def load_card() -> ReferenceCard:
    """The shipped card; a broken file becomes a card that says what is wrong and where.

    The desk must never crash in the middle of a shift over a content mistake, and the
    trainer who made it needs the file, line and field, which the message carries.
    """
    try:
        return load_reference()
    except ContentError as exc:
        return ReferenceCard("Reference card unavailable", "Tell your trainer.", (
            CardSection("The reference file has a problem",
                        tuple(str(p) for p in exc.problems)),))


def open_reference(desk: DeskScreen) -> None:
    """Open the card over ``desk`` (the desk's key and button both call this)."""
    desk.app.push_screen("reference", desk)


class ReferenceScreen(Screen):
    """Two identifiers, red flags, the 911 and privacy scripts, the estimate rule."""

    opaque = False

    def __init__(self, app: App, desk: DeskScreen):
        super().__init__(app)
        self.desk = desk
        self.session = desk.session
        # Practice (and watching) stops the clock; an assessment's clock runs on, as the
        # assessment's time limits and targets assume.
        self.holds = self.session.mode != "assessment"
        self.card = load_card()
        self.page = TextPage(card_columns(self.card), min_column=360)
        if self.holds:
            self.session.hold(HOLD)

    def build_ui(self) -> None:
        box = self._box()
        key = key_label(self.app.settings.keys["reference"])
        label = f"Close ({key} / Esc)"
        (rect,) = row_right(self.app.text, [label], box.right - 20,
                            box.bottom - button_height(self.app.text) - 14)
        self.button("ref-close", label, rect, self.close, kind="primary")

    def close(self) -> None:
        """Close the card and let the clock run again (practice)."""
        if self.holds:
            self.session.release(HOLD)
        if self.app.top is self:
            self.app.pop()

    def destroy(self) -> None:
        """Never leave the clock held, however the card goes (quit to title, say)."""
        if self.holds:
            self.session.release(HOLD)
        super().destroy()

    def handle(self, event: pygame.event.Event) -> None:
        """Escape or the reference key closes; the arrows and the wheel scroll."""
        if self.page.handle(event):
            return
        if event.type == pygame.KEYDOWN and (
                event.key == pygame.K_ESCAPE
                or pygame.key.name(event.key) == self.app.settings.keys["reference"]):
            self.close()

    def update(self, dt: float) -> None:
        """In assessment the shift runs on under the card; at its end, back to the desk."""
        if self.holds:
            return
        self.session.tick(dt)
        if self.session.shift.ended:
            self.close()  # the desk, on top again, goes to the debrief

    def _box(self) -> pygame.Rect:
        w, h = self.app.size
        return pygame.Rect(30, 16, w - 60, h - 32)

    def _status(self) -> tuple[str, str]:
        """What the clock is doing while the card is open, and its colour."""
        pal = self.app.palette
        if self.holds:
            who = "Practice: the" if self.session.mode == "practice" else "The"
            return f"{who} clock is stopped while this card is open.", pal.good
        ringing = [ln.number for ln in self.desk.view.lines if ln.status == "ringing"]
        words = "Assessment: the clock keeps running while you read."
        if ringing:
            words += f" Line {ringing[0]} is ringing."
        return words, pal.warn

    def draw(self, surface: pygame.Surface) -> None:
        """Dim the desk, then the card with its clock status and scroll cue."""
        pal, text = self.app.palette, self.app.text
        shade = pygame.Surface(self.app.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        surface.blit(shade, (0, 0))
        box = self._box()
        y = panel(surface, box, pal)
        card_title = f"{self.card.title}  -  shift clock {self.desk.view.clock}"
        surface.blit(text.render(card_title, 20, pal.text, bold=True, width=box.width - 32),
                     (box.x + 16, y))
        y += text.line_height(20)
        status, colour = self._status()
        # A mark as well as a colour: the clock's state must not rest on colour alone.
        mark = "[paused]" if self.holds else "[running]"
        surface.blit(text.render(f"{mark} {status}", 15, colour, bold=True,
                                 width=box.width - 32), (box.x + 16, y))
        y += text.line_height(15) + 8
        body = pygame.Rect(box.x + 16, y, box.width - 32,
                           box.bottom - button_height(text) - 34 - y)
        self.page.draw(surface, text, pal, body)
        cue = self.page.cue()
        if cue:
            surface.blit(text.render(cue, 14, pal.accent, width=box.width - 280),
                         (box.x + 16, box.bottom - 44))
