"""A region of buttons that scrolls when there are more than fit (the wheel or Tab).

Buttons keep their unscrolled place; the region moves them by its offset and hides the
ones not wholly inside, so nothing is drawn half out of its box. Tab onto a hidden one
scrolls it into view (the focus ring's ``reveal``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from simulator.ui.screens.base import Screen


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
