"""Pause: sits on top of the desk; the shift clock stops underneath."""

from __future__ import annotations

import pygame

from simulator.ui.layout import button_height, label_width, stack
from simulator.ui.screens.base import Screen
from simulator.ui.widgets import panel


class PauseScreen(Screen):
    """Resume, settings, end the shift now, or quit to the title."""

    opaque = False

    def __init__(self, app, desk):
        super().__init__(app)
        self.desk = desk

    def build_ui(self) -> None:
        box = self._box()
        top = box.y + self.app.text.line_height(15) + 24
        rects = stack(self.app.text, list(self.ENTRIES.values()), box.centerx, top,
                      box.bottom - 12, min_width=300, gap=12)
        actions = {"resume": self.app.pop, "settings": self._settings, "end": self._end,
                   "quit": self._quit}
        for (key, label), rect in zip(self.ENTRIES.items(), rects, strict=True):
            self.button(f"pause-{key}", label, rect, actions[key],
                        kind="primary" if key == "resume" else None)

    ENTRIES = {"resume": "Resume", "settings": "Settings", "end": "End shift and see debrief",
               "quit": "Quit to title"}

    def _box(self) -> pygame.Rect:
        """The paused box, sized to its title and buttons."""
        text, (w, h) = self.app.text, self.app.size
        width = max(360, *(label_width(text, lb) for lb in self.ENTRIES.values())) + 60
        height = text.line_height(15) + 24 + len(self.ENTRIES) * (button_height(text) + 12) + 12
        return pygame.Rect((w - width) // 2, (h - height) // 2, width, height)

    def boxes(self) -> list[pygame.Rect]:
        """The paused box."""
        return [self._box()]

    def _settings(self) -> None:
        self.app.push_screen("settings")

    def _end(self) -> None:
        self.app.pop()
        self.desk.end_shift()

    def _quit(self) -> None:
        self.app.reset_screen("title")

    def handle(self, event: pygame.event.Event) -> None:
        """Escape resumes."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        """Dim the desk and title the box."""
        shade = pygame.Surface(self.app.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        surface.blit(shade, (0, 0))
        panel(surface, self._box(), self.app.palette, "Paused (Esc resumes)", self.app.text)
