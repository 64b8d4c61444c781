"""A page of wrapped text in one or two columns that scrolls when it does not fit.

The briefing, the reference card and the how-to screen are reading screens: at 100 % text
their columns sit side by side, and at larger text sizes they stack into one column that
scrolls with Up/Down, Page Up/Page Down, Home/End or the mouse wheel, with a visible "more
below" cue and a scroll bar, so nothing is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from simulator.ui.theme import Palette, hex_rgb
from simulator.ui.widgets import TextCache

#: Text size (before the player's text scale), weight and left indent for each style.
STYLES: dict[str, tuple[int, bool, int]] = {
    "heading": (17, True, 0), "para": (15, False, 0), "item": (15, False, 18),
    "note": (14, False, 0), "strong": (15, True, 0)}
GAP = 8  # px between columns' blocks
COLUMN_GAP = 28


@dataclass(frozen=True)
class Block:
    """A piece of the page: a heading, a paragraph, a bullet item or a note."""

    text: str
    style: str = "para"
    colour: str | None = None  # a palette field name; None: the style's own


@dataclass(frozen=True)
class Placed:
    """One wrapped line at its place on the page (y from the page's top)."""

    text: str
    size: int
    colour: str
    bold: bool
    x: int
    y: int


def _colour(pal: Palette, block: Block) -> str:
    if block.colour:
        return str(getattr(pal, block.colour))
    return {"heading": pal.accent, "note": pal.muted}.get(block.style, pal.text)


def layout_column(text: TextCache, pal: Palette, blocks: list[Block], x: int,
                  width: int) -> tuple[list[Placed], int]:
    """Wrap one column's blocks to ``width``; return the lines and the column's height."""
    out: list[Placed] = []
    y = 0
    for i, block in enumerate(blocks):
        size, bold, indent = STYLES[block.style]
        if block.style == "heading" and i:
            y += GAP
        colour = _colour(pal, block)
        bullet = block.style == "item"
        lines = text.wrap(block.text, size, width - indent, bold) if block.text else [""]
        for j, line in enumerate(lines):
            if bullet and j == 0:
                out.append(Placed("-", size, colour, bold, x + 4, y))
            out.append(Placed(line, size, colour, bold, x + indent, y))
            y += text.line_height(size)
        y += 2 if bullet else GAP // 2 if block.style == "heading" else GAP
    return out, y


class TextPage:
    """Columns of blocks, laid out for a rectangle, with a scroll offset."""

    def __init__(self, columns: list[list[Block]], min_column: int = 380):
        self.columns = columns
        self.min_column = min_column  # px at 100 % text; below it the columns stack
        self.offset = 0
        self._lines: list[Placed] = []
        self._height = 0
        self._view = 0
        self._key: tuple[object, ...] | None = None

    def set_columns(self, columns: list[list[Block]]) -> None:
        """Replace the content (keeps the scroll position where it can)."""
        if columns != self.columns:
            self.columns = columns
            self._key = None

    def layout(self, text: TextCache, pal: Palette, rect: pygame.Rect) -> None:
        """Wrap the content for ``rect`` (cached until the size, text or content changes)."""
        key = (rect.size, text.scale, pal.text, id(self.columns))
        if key == self._key:
            return
        self._key, self._view = key, rect.height
        n = len(self.columns)
        side = n > 1 and (rect.width - COLUMN_GAP * (n - 1)) // n >= self.min_column * text.scale
        self._lines, self._height = [], 0
        if side:
            width = (rect.width - COLUMN_GAP * (n - 1)) // n
            for i, column in enumerate(self.columns):
                lines, height = layout_column(text, pal, column, i * (width + COLUMN_GAP), width)
                self._lines += lines
                self._height = max(self._height, height)
        else:
            for column in self.columns:
                lines, height = layout_column(text, pal, column, 0, rect.width - 14)
                self._lines += [Placed(ln.text, ln.size, ln.colour, ln.bold, ln.x,
                                       ln.y + self._height) for ln in lines]
                self._height += height + GAP
        self.offset = max(0, min(self.offset, self.max_offset))

    @property
    def max_offset(self) -> int:
        """How far the page can scroll (0 when it fits)."""
        return max(0, self._height - self._view)

    @property
    def overflows(self) -> bool:
        """True when part of the page is out of view."""
        return self.max_offset > 0

    def scroll(self, pixels: int) -> None:
        """Move the view down (positive) or up (negative)."""
        self.offset = max(0, min(self.offset + pixels, self.max_offset))

    def handle(self, event: pygame.event.Event, line: int = 60) -> bool:
        """Scroll keys and the wheel; True if the event scrolled (or tried to)."""
        page = max(line, self._view - line)
        if event.type == pygame.MOUSEWHEEL:
            self.scroll(-event.y * line)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        step = {pygame.K_DOWN: line, pygame.K_UP: -line, pygame.K_PAGEDOWN: page,
                pygame.K_PAGEUP: -page, pygame.K_END: 10 ** 6, pygame.K_HOME: -10 ** 6}
        if event.key in step:
            self.scroll(step[event.key])
            return True
        return False

    def draw(self, surface: pygame.Surface, text: TextCache, pal: Palette,
             rect: pygame.Rect) -> None:
        """Draw the visible part of the page inside ``rect``, with the scroll cues."""
        self.layout(text, pal, rect)
        old = surface.get_clip()
        surface.set_clip(rect.clip(old) if old else rect)
        for ln in self._lines:
            y = rect.y + ln.y - self.offset
            if y > rect.bottom or y + text.line_height(ln.size) < rect.y:
                continue
            surface.blit(text.render(ln.text, ln.size, ln.colour, ln.bold), (rect.x + ln.x, y))
        surface.set_clip(old)
        if not self.overflows:
            return
        # A bar shows where the view is; words say how to move it (not the bar alone).
        track = pygame.Rect(rect.right - 6, rect.y, 6, rect.height)
        pygame.draw.rect(surface, hex_rgb(pal.panel_edge), track, border_radius=3)
        size = max(24, rect.height * self._view // max(1, self._height))
        top = rect.y + (rect.height - size) * self.offset // max(1, self.max_offset)
        pygame.draw.rect(surface, hex_rgb(pal.accent), (track.x, top, 6, size), border_radius=3)

    def cue(self) -> str:
        """Words for the scroll state ("" when everything is in view)."""
        if not self.overflows:
            return ""
        if self.offset >= self.max_offset:
            return "End of page (Up / Page Up to go back)"
        return "More below: Down, Page Down or the mouse wheel"
