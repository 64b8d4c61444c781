"""The title screen: practice, assessment, readiness quiz, watch, settings, quit."""

from __future__ import annotations

import pygame

from simulator.ui.screens.base import Screen
from simulator.ui.theme import hex_rgb


class TitleScreen(Screen):
    """Where every session starts."""

    ENTRIES = (
        ("practice", "Practice a shift", "Hints, pause and feedback after each decision"),
        ("assessment", "Assessment", "Fixed seed, no hints, no pause; the result is stored"),
        ("quiz", "Readiness quiz", "Glossary, situations and the readiness checklist"),
        ("watch", "Watch an expert", "A bot plays the shift so you can see how it is done"),
        ("settings", "Settings", "Text size, colours, untimed practice, volume, keys"),
        ("quit", "Quit", ""),
    )

    def build_ui(self) -> None:
        w, _ = self.app.size
        actions = {"practice": lambda: self._pick("practice"),
                   "assessment": lambda: self._pick("assessment"),
                   "quiz": self._quiz, "watch": lambda: self._pick("watch"),
                   "settings": self._settings, "quit": self._quit}
        y = 250
        for key, label, _ in self.ENTRIES:
            self.button(f"title-{key}", label, (w // 2 - 170, y, 340, 46), actions[key],
                        kind="primary" if key == "practice" else None)
            y += 58

    def _pick(self, mode: str) -> None:
        from simulator.ui.screens.picker import PickerScreen

        self.app.push(PickerScreen(self.app, mode))

    def _quiz(self) -> None:
        from simulator.ui.screens.quiz_link import open_quiz

        open_quiz(self.app)

    def _settings(self) -> None:
        from simulator.ui.screens.settings_screen import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def _quit(self) -> None:
        self.app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        """Escape quits from the title; arrows move like Tab."""
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self._quit()
            elif event.key in (pygame.K_DOWN, pygame.K_UP):
                self.focus.move(1 if event.key == pygame.K_DOWN else -1)

    def draw(self, surface: pygame.Surface) -> None:
        """The title, a drawn desk motif, and the descriptions."""
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        # A simple drawn front desk: counter, monitor, phone.
        pygame.draw.rect(surface, hex_rgb(pal.panel), (w // 2 - 260, 150, 520, 18),
                         border_radius=4)
        pygame.draw.rect(surface, hex_rgb(pal.panel_edge), (w // 2 - 60, 104, 80, 44),
                         border_radius=4)
        pygame.draw.rect(surface, hex_rgb(pal.accent), (w // 2 - 54, 110, 68, 32))
        pygame.draw.circle(surface, hex_rgb(pal.urgent), (w // 2 + 70, 138), 10)
        title = text.render("Front Desk Simulator", 40, pal.text, bold=True)
        surface.blit(title, title.get_rect(center=(w // 2, 60)))
        sub = text.render("Practise the shift before the shift.", 17, pal.muted)
        surface.blit(sub, sub.get_rect(center=(w // 2, 196)))
        focused = self.focus.current()
        if focused is not None:
            key = next((k for k, b in self.buttons.items() if b is focused.element), "")
            desc = next((d for k, _, d in self.ENTRIES if f"title-{k}" == key), "")
            if desc:
                s = text.render(desc, 15, pal.muted)
                surface.blit(s, s.get_rect(center=(w // 2, 226)))
        foot = text.render("All people and data are synthetic training data. "
                           "Tab / Shift-Tab to move, Enter to choose.", 14, pal.muted)
        surface.blit(foot, foot.get_rect(center=(w // 2, h - 24)))
