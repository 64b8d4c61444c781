"""Sound effects with a caption for every sound (deaf and muted players see what rang)."""

from __future__ import annotations

import pygame

from simulator.resources import data_dir
from simulator.ui.theme import Palette, hex_rgb

CAPTION_FRAMES = 180  # three seconds at 60 FPS


class Sound:
    """Plays the generated WAVs (if audio works) and always shows a caption."""

    def __init__(self, volume: int):
        self.volume = volume
        self.captions: list[list] = []  # [text, frames left]
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            pygame.mixer.init()
            for path in sorted((data_dir("assets") / "sounds").glob("*.wav")):
                self._sounds[path.stem] = pygame.mixer.Sound(str(path))
        except (pygame.error, FileNotFoundError):
            self._sounds = {}  # no audio device: captions still show

    def play(self, name: str, caption: str) -> None:
        """Play ``name`` and show ``caption``."""
        sound = self._sounds.get(name)
        if sound is not None and self.volume > 0:
            sound.set_volume(self.volume / 100)
            sound.play()
        self.captions = [c for c in self.captions if c[0] != caption][-2:]
        self.captions.append([caption, CAPTION_FRAMES])

    def draw_captions(self, surface: pygame.Surface, text, pal: Palette, enabled: bool,
                      floor: int | None = None) -> None:
        """Draw live captions bottom-right, above ``floor``, and age them by one frame."""
        self.boxes: list[pygame.Rect] = []
        if not enabled:
            self.captions = []
            return
        y = surface.get_height() - 112 if floor is None else floor
        for caption in reversed(self.captions):
            surf = text.render(f"[sound] {caption[0]}", 14, pal.text)
            box = surf.get_rect(bottomright=(surface.get_width() - 14, y))
            backing = box.inflate(12, 8)
            pygame.draw.rect(surface, hex_rgb("#000000"), backing, border_radius=4)
            surface.blit(surf, box)
            self.boxes.append(backing)
            y -= box.height + 10
            caption[1] -= 1
        self.captions = [c for c in self.captions if c[1] > 0]
