"""The title screen: practice, assessment, readiness quiz, watch, settings, quit."""

from __future__ import annotations

import pygame

from simulator.ui.layout import stack
from simulator.ui.screens.base import Screen
from simulator.ui.theme import hex_rgb


class TitleScreen(Screen):
    """Where every session starts."""

    ENTRIES = (
        ("practice", "Practice a shift", "Hints, pause and feedback after each decision"),
        ("howto", "How to play", "What the desk shows, how time works, the keys"),
        ("assessment", "Assessment", "Fixed seed, no hints, no pause; the result is stored"),
        ("quiz", "Readiness quiz", "Glossary, situations and the readiness checklist"),
        ("endless", "Endless practice", "A fresh mixed shift, leaning on your weakest areas"),
        ("watch", "Watch an expert", "A bot plays the shift so you can see how it is done"),
        ("settings", "Settings", "Text size, colours, untimed practice, volume, keys"),
        ("quit", "Quit", ""),
    )

    def build_ui(self) -> None:
        w, _ = self.app.size
        actions = {"practice": lambda: self._pick("practice"),
                   "assessment": lambda: self._pick("assessment"),
                   "quiz": self._quiz, "watch": lambda: self._pick("watch"),
                   "endless": self._endless, "howto": self._howto,
                   "settings": self._settings, "quit": self._quit}
        text = self.app.text
        labels = [label for _, label, _ in self.ENTRIES]
        rects = stack(text, labels, w // 2, self._buttons_top(), self._footer_top() - 8,
                      min_width=340)
        for (key, label, _), rect in zip(self.ENTRIES, rects, strict=True):
            self.button(f"title-{key}", label, rect, actions[key],
                        kind="primary" if key == "practice" else None)

    def _buttons_top(self) -> int:
        """Below the title, the motif (when there is room), the tagline and a description."""
        text = self.app.text
        top = 24 + text.line_height(40) + 8
        if self._motif():
            top += 70
        return top + text.line_height(17) + text.line_height(15) + 14

    def _motif(self) -> bool:
        """The drawn desk fits at normal text only (at large text, room goes to the words)."""
        return self.app.text.scale <= 1.25

    def _footer_lines(self) -> list[tuple[str, int, str]]:
        """The path and the footer, wrapped to the window: (line, size, colour name)."""
        text, w = self.app.text, self.app.size[0] - 80
        out = [(ln, 14, "accent") for ln in text.wrap(self._progress_line(), 14, w)]
        out += [(ln, 14, "muted") for ln in text.wrap(
            "All people and data are synthetic training data. Tab / Shift-Tab to move, Enter "
            "to choose.", 14, w)]
        return out

    def _footer_top(self) -> int:
        text = self.app.text
        return self.app.size[1] - 12 - len(self._footer_lines()) * text.line_height(14)

    def _pick(self, mode: str) -> None:
        self.app.push_screen("picker", mode)

    def _endless(self) -> None:
        from simulator.progress import ProgressStore
        from simulator.scenarios.endless import build_endless
        from simulator.session import Session
        from simulator.ui.screens.picker import load_pack

        history = ProgressStore().history(self.app.trainee)
        scenario = build_endless(load_pack(), difficulty=3, seed=len(history) + 1,
                                 history=history)
        self.app.push_screen("briefing", Session(scenario, len(history) + 1,
                                                 untimed=self.app.settings.untimed,
                                                 trainee=self.app.trainee))

    def _howto(self) -> None:
        self.app.push_screen("howto")

    def _quiz(self) -> None:
        self.app.push_screen("quiz", trainee=self.app.trainee)

    def _settings(self) -> None:
        self.app.push_screen("settings")

    def _quit(self) -> None:
        self.app.running = False

    def _progress_line(self) -> str:
        """The path at a glance: passed per tier, and what is locked."""
        if not hasattr(self, "_progress"):
            from simulator.curriculum.path import load_path
            from simulator.progress import ProgressStore

            store = ProgressStore()
            path, passed = load_path(), store.passed(self.app.trainee)
            open_tiers = path.unlocked(passed, store.overrides(self.app.trainee))
            parts = [f"{t.title} {len(passed & set(t.scenarios))}/{len(t.scenarios)}"
                     + ("" if t.id in open_tiers else " (locked)") for t in path.tiers]
            self._progress = "Your path: " + "  |  ".join(parts)
        return self._progress

    def handle(self, event: pygame.event.Event) -> None:
        """Escape quits from the title; arrows move like Tab."""
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self._quit()
            elif event.key in (pygame.K_DOWN, pygame.K_UP):
                self.focus.move(1 if event.key == pygame.K_DOWN else -1)

    def draw(self, surface: pygame.Surface) -> None:
        """The title, a drawn desk motif, the focused entry's description, the path."""
        pal, text = self.app.palette, self.app.text
        w, _ = self.app.size
        title = text.render("Front Desk Simulator", 40, pal.text, bold=True)
        surface.blit(title, title.get_rect(midtop=(w // 2, 24)))
        y = 24 + text.line_height(40) + 8
        if self._motif():  # a simple drawn front desk: counter, monitor, phone
            pygame.draw.rect(surface, hex_rgb(pal.panel), (w // 2 - 260, y + 46, 520, 18),
                             border_radius=4)
            pygame.draw.rect(surface, hex_rgb(pal.panel_edge), (w // 2 - 60, y, 80, 44),
                             border_radius=4)
            pygame.draw.rect(surface, hex_rgb(pal.accent), (w // 2 - 54, y + 6, 68, 32))
            pygame.draw.circle(surface, hex_rgb(pal.urgent), (w // 2 + 70, y + 34), 10)
            y += 70
        sub = text.render("Practice the shift before the shift.", 17, pal.muted)
        surface.blit(sub, sub.get_rect(midtop=(w // 2, y)))
        y += text.line_height(17) + 4
        focused = self.focus.current()
        if focused is not None:
            key = next((k for k, b in self.buttons.items() if b is focused.element), "")
            desc = next((d for k, _, d in self.ENTRIES if f"title-{k}" == key), "")
            if desc:
                s = text.render(desc, 15, pal.muted)
                surface.blit(s, s.get_rect(midtop=(w // 2, y)))
        y = self._footer_top()
        for line, size, colour in self._footer_lines():
            s = text.render(line, size, getattr(pal, colour))
            surface.blit(s, s.get_rect(midtop=(w // 2, y)))
            y += text.line_height(size)
