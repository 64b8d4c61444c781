"""Settings: text size, colour-blind-safe palette, untimed practice, volume, keys.

Changes apply at once and persist (platformdirs).
"""

from __future__ import annotations

import pygame

from simulator.ui.screens.base import Screen
from simulator.ui.settings import DEFAULT_KEYS
from simulator.ui.widgets import panel


class SettingsScreen(Screen):
    """Every setting is a button, so the keyboard reaches them all."""

    def __init__(self, app):
        super().__init__(app)
        self.waiting_for: str | None = None

    def build_ui(self) -> None:
        s = self.app.settings
        x = 60
        rows = [
            ("scale-down", "Text smaller", lambda: self._scale(-25)),
            ("scale-up", "Text larger", lambda: self._scale(25)),
            ("palette", f"Palette: {s.palette}", self._palette),
            ("untimed", f"Untimed practice: {'on' if s.untimed else 'off'}", self._untimed),
            ("captions", f"Sound captions: {'on' if s.captions else 'off'}", self._captions),
            ("vol-down", "Volume down", lambda: self._volume(-10)),
            ("vol-up", "Volume up", lambda: self._volume(10)),
        ]
        y = 90
        for key, label, action in rows:
            self.button(f"set-{key}", label, (x, y, 300, 38), action)
            y += 46
        self.button("set-back", "Back", (x, self.app.size[1] - 70, 300, 44), self.app.pop,
                    kind="primary")
        kx, ky = 420, 90
        rows = (len(DEFAULT_KEYS) + 1) // 2  # two columns, however many actions there are
        for i, action in enumerate(DEFAULT_KEYS):
            col, row = divmod(i, rows)
            self.button(f"key-{action}", f"{action.replace('_', ' ')}: {s.keys[action]}",
                        (kx + col * 400, ky + row * 44, 380, 36),
                        lambda a=action: self._rebind(a))
        self.button("set-keys-reset", "Reset keys to defaults",
                    (kx, ky + rows * 44 + 8, 380, 36), self._reset_keys)

    def _changed(self) -> None:
        self.app.settings_changed()

    def _scale(self, step: int) -> None:
        self.app.settings.text_scale = max(100, min(200, self.app.settings.text_scale + step))
        self._changed()

    def _palette(self) -> None:
        s = self.app.settings
        s.palette = "colour-blind" if s.palette == "default" else "default"
        self._changed()

    def _untimed(self) -> None:
        self.app.settings.untimed = not self.app.settings.untimed
        self._changed()

    def _captions(self) -> None:
        self.app.settings.captions = not self.app.settings.captions
        self._changed()

    def _volume(self, step: int) -> None:
        self.app.settings.volume = max(0, min(100, self.app.settings.volume + step))
        self._changed()
        self.app.sound.play("notify", f"Volume {self.app.settings.volume} %")

    def _rebind(self, action: str) -> None:
        self.waiting_for = action

    def _reset_keys(self) -> None:
        self.app.settings.keys = dict(DEFAULT_KEYS)
        self._changed()

    def handle(self, event: pygame.event.Event) -> None:
        """While rebinding, the next key becomes the binding; Escape cancels or goes back."""
        if event.type != pygame.KEYDOWN:
            return
        if self.waiting_for is not None:
            if event.key != pygame.K_ESCAPE:
                self.app.settings.keys[self.waiting_for] = pygame.key.name(event.key)
                self.waiting_for = None
                self._changed()
            else:
                self.waiting_for = None
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        """Headings, current values and the rebinding prompt."""
        pal, text = self.app.palette, self.app.text
        surface.fill(pal.bg)
        surface.blit(text.render("Settings", 26, pal.text, bold=True), (60, 30))
        s = self.app.settings
        surface.blit(text.render(f"Text size {s.text_scale} %   Volume {s.volume} %", 16,
                                 pal.muted), (60, 66))
        surface.blit(text.render("Key bindings (choose one, then press the new key)", 16,
                                 pal.text, bold=True), (420, 60))
        if self.waiting_for:
            w, h = self.app.size
            rect = pygame.Rect(w // 2 - 220, h // 2 - 40, 440, 80)
            panel(surface, rect, pal, f"Press a key for '{self.waiting_for}'", text)
