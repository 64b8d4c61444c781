"""Scrolling for screens whose content can be taller than the window (large text).

:class:`ScrollRegion` scrolls a group of buttons; :class:`Scroll` scrolls lines of text and
buttons together (the quiz and the debrief). Either way, content keeps its unscrolled place
and is moved by an offset; what is not wholly inside the view is hidden, not drawn half
cut, and Tab onto a hidden button scrolls it into view (the focus ring's ``reveal``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.ui.screens.text_page import Placed
from simulator.ui.theme import Palette, hex_rgb
from simulator.ui.widgets import TextCache

if TYPE_CHECKING:
    from simulator.ui.screens.base import Screen


BAR = 6  # the scroll bar's width; content keeps 2 * BAR + 2 clear of it
CUE_TEXT = 13


class ScrollRegion:
    """Buttons of one screen inside ``rect``, scrolled together."""

    def __init__(self, screen: Screen, rect: pygame.Rect):
        self.screen = screen
        self.rect = pygame.Rect(rect)
        self.rows: dict[str, pygame.Rect] = {}
        self.offset = 0

    @property
    def bottom(self) -> int:
        """Lowest unscrolled edge of the content."""
        return max((r.bottom for r in self.rows.values()), default=self.rect.y)

    @property
    def max_offset(self) -> int:
        """How far it can scroll (0 when all fits)."""
        return max(0, self.bottom - self.rect.bottom)

    def add(self, key: str, rect: pygame.Rect) -> None:
        """Track the screen's button ``key`` at its unscrolled ``rect``."""
        self.rows[key] = pygame.Rect(rect)

    def reveal(self, key: str) -> None:
        """Scroll so button ``key`` is wholly in view."""
        rect = self.rows[key]
        if rect.top - self.offset < self.rect.top:
            self.offset = rect.top - self.rect.top
        elif rect.bottom - self.offset > self.rect.bottom:
            self.offset = rect.bottom - self.rect.bottom
        self.place()

    def scroll(self, pixels: int) -> None:
        """Move the content up (positive) or down."""
        self.offset += pixels
        self.place()

    def place(self) -> None:
        """Put every button at its scrolled place; show only those wholly inside."""
        self.offset = max(0, min(self.offset, self.max_offset))
        for key, rect in self.rows.items():
            button = self.screen.buttons.get(key)
            if button is None:
                continue
            moved = rect.move(0, -self.offset)
            button.set_relative_position(moved.topleft)
            button.show() if self.rect.contains(moved) else button.hide()

    def handle(self, event: pygame.event.Event, line: int) -> bool:
        """The mouse wheel over the region scrolls it; True if used."""
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            self.scroll(-event.y * line)
            return True
        return False

    def cue(self) -> str:
        """Words for what is out of view ("" when all fits)."""
        if not self.max_offset:
            return ""
        return "More below: Tab or the wheel" if self.offset < self.max_offset else \
            "More above: Shift+Tab or the wheel"


class Scroll:
    """A view onto content taller than it, moved by the scroll keys and the mouse wheel.

    Content is placed in its own coordinates (y from its top). A screen draws a line or
    shows a button only when :meth:`shows` says it is wholly in view, so nothing is drawn
    half cut; buttons out of view are hidden and the focus ring scrolls them back
    (:meth:`reveal`). With ``stops`` (the tops of the content's rows) the view always
    starts at a row, so the top row is never half hidden. The debrief uses it too.
    """

    def __init__(self) -> None:
        self.view = pygame.Rect(0, 0, 0, 0)
        self.height = 0
        self.offset = 0
        self.line = 40
        self.stops: list[int] = []

    def fit(self, view: pygame.Rect, height: int, line: int,
            stops: list[int] | None = None) -> None:
        """Set the view, the content's height and its row tops (keeps the offset if it can)."""
        self.view, self.height, self.line = pygame.Rect(view), height, max(1, line)
        self.stops = sorted(set(stops or []))
        self.offset = self._snap(max(0, min(self.offset, self.max_offset)), -1)

    @property
    def max_offset(self) -> int:
        """How far the content can scroll (0 when it fits; up to a row's top with stops)."""
        end = max(0, self.height - self.view.height)
        if end and self.stops:
            return min((s for s in self.stops if s >= end), default=end)
        return end

    @property
    def overflows(self) -> bool:
        """True when part of the content is out of view."""
        return self.max_offset > 0

    def top(self, y: int) -> int:
        """Window y of content y."""
        return self.view.y + y - self.offset

    def shows(self, y: int, height: int) -> bool:
        """True when content from ``y`` to ``y + height`` is wholly in view."""
        top = self.top(y)
        return top >= self.view.y and top + height <= self.view.bottom

    def _snap(self, offset: int, direction: int) -> int:
        if not self.stops or offset in (0, self.max_offset):
            return offset
        if direction > 0:
            return min((s for s in self.stops if s >= offset), default=self.max_offset)
        return max((s for s in self.stops if s <= offset), default=0)

    def scroll(self, pixels: int) -> None:
        """Move the view down (positive) or up (negative), to a row's top."""
        target = max(0, min(self.offset + pixels, self.max_offset))
        self.offset = self._snap(target, 1 if pixels > 0 else -1)

    def reveal(self, y: int, height: int) -> None:
        """Scroll the least that brings content ``y``..``y + height`` into view."""
        top = self.top(y)
        if top < self.view.y or height > self.view.height:
            self.scroll(top - self.view.y)
        elif top + height > self.view.bottom:
            self.scroll(top + height - self.view.bottom)

    def handle(self, event: pygame.event.Event) -> bool:
        """Scroll keys and the wheel; True if the event was one of them."""
        if event.type == pygame.MOUSEWHEEL:
            self.scroll(-event.y * self.line)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        page = max(self.line, self.view.height - self.line)
        step = {pygame.K_DOWN: self.line, pygame.K_UP: -self.line, pygame.K_PAGEDOWN: page,
                pygame.K_PAGEUP: -page, pygame.K_END: 10 ** 6, pygame.K_HOME: -10 ** 6}
        if event.key in step:
            self.scroll(step[event.key])
            return True
        return False

    def draw_bar(self, surface: pygame.Surface, pal: Palette) -> None:
        """A bar at the view's right edge showing where the view is (when it scrolls)."""
        if not self.overflows:
            return
        view = self.view
        track = pygame.Rect(view.right - BAR, view.y, BAR, view.height)
        pygame.draw.rect(surface, hex_rgb(pal.panel_edge), track, border_radius=3)
        size = max(24, view.height * view.height // max(1, self.height))
        top = view.y + (view.height - size) * self.offset // max(1, self.max_offset)
        pygame.draw.rect(surface, hex_rgb(pal.accent), (track.x, top, BAR, size),
                         border_radius=3)

    def cue(self) -> str:
        """Words for the scroll state ("" when everything is in view)."""
        if not self.overflows:
            return ""
        if self.offset >= self.max_offset:
            return CUES[1]
        return CUES[0]


#: What the scroll cue says: more below, or at the end.
CUES = ("More below: Down, Page Down or the mouse wheel", "End (Up or Page Up to go back)")


def cue_lines(text: TextCache, width: int) -> int:
    """Lines the longer scroll cue takes at ``width``."""
    return max(len(text.wrap(c, CUE_TEXT, width)) for c in CUES)


#: One line of text at its place in scrolled content (the reading pages' own record).
Line = Placed


def draw_lines(surface: pygame.Surface, text: TextCache, scroll: Scroll,
               lines: list[Line]) -> None:
    """Draw the lines wholly in ``scroll``'s view."""
    for ln in lines:
        height = text.line_height(ln.size)
        if scroll.shows(ln.y, height):
            surface.blit(text.render(ln.text, ln.size, ln.colour, ln.bold),
                         (scroll.view.x + ln.x, scroll.top(ln.y)))


def place_buttons(screen: Screen, scroll: Scroll, rects: dict[str, pygame.Rect]) -> None:
    """Move buttons placed in scrolled content to the view; hide those not wholly in it."""
    for key, rect in rects.items():
        element = screen.buttons.get(key)
        if element is None:
            continue
        element.set_relative_position((scroll.view.x + rect.x, scroll.top(rect.y)))
        if scroll.shows(rect.y, rect.height):
            element.show()
        else:
            element.hide()
