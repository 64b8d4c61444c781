"""Pause: sits on top of the desk; the shift clock stops underneath."""

from __future__ import annotations

import pygame

from simulator.ui.screens.base import Screen
from simulator.ui.widgets import panel


class PauseScreen(Screen):
    """Resume, settings, end the shift now, or quit to the title."""

    opaque = False

    def __init__(self, app, desk):
        super().__init__(app)
        self.desk = desk

    def build_ui(self) -> None:
        w, h = self.app.size
        x, y = w // 2 - 150, h // 2 - 110
        self.button("pause-resume", "Resume", (x, y, 300, 44), self.app.pop, kind="primary")
        self.button("pause-settings", "Settings", (x, y + 56, 300, 44), self._settings)
        self.button("pause-end", "End shift and see debrief", (x, y + 112, 300, 44), self._end)
        self.button("pause-quit", "Quit to title", (x, y + 168, 300, 44), self._quit)

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
        w, h = self.app.size
        panel(surface, pygame.Rect(w // 2 - 180, h // 2 - 170, 360, 300), self.app.palette,
              "Paused", self.app.text)
