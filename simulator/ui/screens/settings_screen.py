"""Settings: text size, colour-blind-safe palette, untimed practice, volume, keys.

Changes apply at once and persist (platformdirs).
"""

from __future__ import annotations

import pygame

from simulator.ui.fit import overlay
from simulator.ui.layout import button_height, label_width
from simulator.ui.screens.base import Screen
from simulator.ui.scroll import ScrollRegion
from simulator.ui.settings import DEFAULT_KEYS, key_label
from simulator.ui.widgets import panel


class SettingsScreen(Screen):
    """Every setting is a button, so the keyboard reaches them all."""

    def __init__(self, app):
        super().__init__(app)
        self.waiting_for: str | None = None

    def build_ui(self) -> None:
        s, text = self.app.settings, self.app.text
        w, h = self.app.size
        rows = [
            ("scale-down", "Text smaller", lambda: self._scale(-25)),
            ("scale-up", "Text larger", lambda: self._scale(25)),
            ("palette", f"Palette: {s.palette}", self._palette),
            ("untimed", f"Untimed practice: {'on' if s.untimed else 'off'}", self._untimed),
            ("captions", f"Sound captions: {'on' if s.captions else 'off'}", self._captions),
            ("vol-down", "Volume down", lambda: self._volume(-10)),
            ("vol-up", "Volume up", lambda: self._volume(10)),
        ]
        bh, gap = button_height(text), 8
        top = self._header_bottom() + 10
        left_w = max(260, *(label_width(text, label) for _, label, _ in rows))
        y = top
        for key, label, action in rows:
            self.button(f"set-{key}", label, (40, y, left_w, bh), action)
            y += bh + gap
        self.button("set-back", "Back (Esc)", (40, h - bh - 20, left_w, bh), self.app.pop,
                    kind="primary")
        # Key bindings: as many columns as fit right of the settings, however many keys.
        labels = {a: f"{a.replace('_', ' ')}: {key_label(s.keys[a])}" for a in DEFAULT_KEYS}
        kx = 40 + left_w + 40
        col_w = max(label_width(text, lb) for lb in labels.values())
        columns = max(1, min(3, (w - kx - 30) // (col_w + 12)))
        per = -(-len(labels) // columns)
        ky = top + text.line_height(16) + 8
        # More keys than rows at large text: the grid scrolls (Tab or the wheel).
        self.region = ScrollRegion(self, pygame.Rect(kx, ky, w - kx - 20,
                                                     h - ky - 28 - text.line_height(13)))
        for i, (action, label) in enumerate(labels.items()):
            col, row = divmod(i, per)
            rect = pygame.Rect(kx + col * (col_w + 12), ky + row * (bh + 6), col_w, bh)
            self.button(f"key-{action}", label, rect, lambda a=action: self._rebind(a),
                        reveal=lambda k=f"key-{action}": self.region.reveal(k))
            self.region.add(f"key-{action}", rect)
        reset = "Reset keys to defaults"
        rect = pygame.Rect(kx, ky + per * (bh + 6) + 6, label_width(text, reset), bh)
        self.button("set-keys-reset", reset, rect, self._reset_keys,
                    reveal=lambda: self.region.reveal("set-keys-reset"))
        self.region.add("set-keys-reset", rect)
        self.region.place()
        self.keys_heading_y = top

    def _header_bottom(self) -> int:
        text = self.app.text
        return 20 + text.line_height(26) + text.line_height(16)

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
        if self.region.handle(event, self.app.text.line_height(15) * 2):
            return
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
        surface.blit(text.render("Settings", 26, pal.text, bold=True), (40, 20))
        s = self.app.settings
        surface.blit(text.render(f"Text size {s.text_scale} %   Volume {s.volume} %   "
                                 "Esc goes back", 16, pal.muted),
                     (40, 20 + text.line_height(26)))
        kx = int(self.buttons["key-answer"].get_abs_rect().x)
        heading = "Key bindings (choose one, then press the new key)"
        if not text.fits(heading, 16, self.app.size[0] - kx - 20, True):
            heading = "Key bindings"
        surface.blit(text.render(heading, 16, pal.text, bold=True), (kx, self.keys_heading_y))
        cue = self.region.cue()
        if cue:
            surface.blit(text.render(cue, 13, pal.focus),
                         (kx, self.region.rect.bottom + 4))

    def draw_over(self, surface: pygame.Surface) -> None:
        """The rebinding prompt, over the buttons."""
        if self.waiting_for:
            pal, text = self.app.palette, self.app.text
            w, h = self.app.size
            words = f"Press a key for '{self.waiting_for.replace('_', ' ')}' (Esc cancels)"
            width = text.width(words, 15, True) + 40
            rect = pygame.Rect((w - width) // 2, h // 2 - 40, width, text.line_height(15) + 40)
            with overlay(surface):
                panel(surface, rect, pal, words, text)

    def overlays(self) -> list[pygame.Rect]:
        """The rebinding prompt hides what is under it."""
        if not self.waiting_for:
            return []
        text = self.app.text
        words = f"Press a key for '{self.waiting_for.replace('_', ' ')}' (Esc cancels)"
        width = text.width(words, 15, True) + 40
        w, h = self.app.size
        return [pygame.Rect((w - width) // 2, h // 2 - 40, width, text.line_height(15) + 40)]

    def boxes(self) -> list[pygame.Rect]:
        """The key grid's region."""
        return [self.region.rect]
