"""Painting the debrief: its panes (title, scrolled lines, score bars, a term's box).

A mixin of :class:`simulator.ui.screens.debrief.DebriefScreen`, which lays the panes out;
kept apart so that module is about layout and navigation, this one about pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from simulator.ui.scroll import CUE_TEXT, Line, Scroll, draw_lines
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel

MARGIN = 12
PAD = 10  # inside a panel


@dataclass
class Column:
    """One panel's content, placed in its scroll's coordinates."""

    lines: list[Line] = field(default_factory=list)
    #: Score bars: the row they are on, the bar, the value and the pass mark.
    bars: list[tuple[pygame.Rect, pygame.Rect, int, int]] = field(default_factory=list)
    buttons: dict[str, pygame.Rect] = field(default_factory=dict)
    #: The glossary definition's box (None when no term is open).
    box: pygame.Rect | None = None
    height: int = 0

    def stops(self) -> list[int]:
        """Row tops the view may start at."""
        out = [ln.y for ln in self.lines] + [r.y for r in self.buttons.values()]
        out += [row.y for row, *_ in self.bars]
        return out + ([self.box.y] if self.box is not None else [])


@dataclass
class Pane:
    """A panel on screen: its rect, its title's lines and its scrolled content."""

    name: str
    rect: pygame.Rect
    title: list[str]
    scroll: Scroll
    column: Column


class DebriefPainting:
    """Drawing for the debrief screen (see the module docstring)."""

    @staticmethod
    def _box_rect(pane: Pane) -> pygame.Rect | None:
        box = pane.column.box
        if box is None:
            return None
        scroll = pane.scroll
        shown = box.move(scroll.view.x, scroll.top(0)).clip(scroll.view)
        return shown if shown.height > 0 else None

    def draw(self, surface: pygame.Surface) -> None:
        """The heading and score; the scores and the mistake, in one panel or two."""
        pal, text = self.app.palette, self.app.text
        w, _ = self.app.size
        surface.fill(pal.bg)
        y = 10
        for line in self.head:
            surface.blit(text.render(line, 24, pal.text, bold=True), (MARGIN + 8, y))
            y += text.line_height(24)
        score, colour = self._score()
        surface.blit(text.render(score, 24, colour, bold=True),
                     (w - MARGIN - 8 - text.width(score, 24, True), 10))
        for pane in self.panes:
            self._draw_pane(surface, pane)

    def _draw_pane(self, surface: pygame.Surface, pane: Pane) -> None:
        pal, text = self.app.palette, self.app.text
        panel(surface, pane.rect, pal)
        y = pane.rect.y + 6
        for line in pane.title:
            surface.blit(text.render(line, 15, pal.text, bold=True), (pane.rect.x + PAD, y))
            y += text.line_height(15)
        scroll = pane.scroll
        box = self._box_rect(pane)
        if box is not None:
            pygame.draw.rect(surface, hex_rgb(pal.bg), box, border_radius=4)
        for row, bar, value, mark in pane.column.bars:
            if not scroll.shows(row.y, row.height):
                continue
            bar = bar.move(scroll.view.x, scroll.top(0))
            pygame.draw.rect(surface, hex_rgb(pal.bg), bar)
            ok = value >= mark
            pygame.draw.rect(surface, hex_rgb(pal.good if ok else pal.bad),
                             (bar.x, bar.y, bar.width * value // 100, bar.height))
            mx = bar.x + bar.width * mark // 100
            pygame.draw.line(surface, hex_rgb(pal.text), (mx, bar.y - 3), (mx, bar.bottom + 3), 2)
        draw_lines(surface, text, scroll, pane.column.lines)
        scroll.draw_bar(surface, pal)
        cue = scroll.cue()
        if cue:
            y = scroll.view.bottom + 4
            for line in text.wrap(cue, CUE_TEXT, scroll.view.width):
                surface.blit(text.render(line, CUE_TEXT, pal.muted), (scroll.view.x, y))
                y += text.line_height(CUE_TEXT)
