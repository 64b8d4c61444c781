"""Drawing helpers: cached text, panels, and the one focus ring for keyboard navigation.

pygame_gui has no Tab/Enter navigation, so :class:`FocusRing` adds it here, once: every
screen registers its buttons in reading order; Tab and Shift-Tab move a visible ring,
Enter or Space presses the focused button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui

from simulator.ui.fit import FitAudit
from simulator.ui.theme import Palette, font_path, hex_rgb

MIN_TARGET = 24  # px: the smallest clickable size (WCAG 2.2 target size)


class TextCache:
    """Renders text once per (text, size, colour, bold) and reuses the surface."""

    def __init__(self, scale: float):
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache: dict[tuple, pygame.Surface] = {}
        #: Set by the layout test: remember text surfaces and text cut short.
        self.audit: FitAudit | None = None

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font at ``size`` (before scaling)."""
        key = (round(size * self.scale), bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = pygame.font.Font(str(font_path(bold)), key[0])
        return font

    def render(self, text: str, size: int, colour: str | tuple, bold: bool = False,
               width: int | None = None) -> pygame.Surface:
        """A surface with ``text``; cut with an ellipsis to fit ``width`` if given."""
        rgb = hex_rgb(colour) if isinstance(colour, str) else colour
        key = (text, size, rgb, bold, width)
        surf = self._cache.get(key)
        if surf is None:
            font = self.font(size, bold)
            shown = text
            if width is not None and font.size(shown)[0] > width:
                while shown and font.size(shown + "...")[0] > width:
                    shown = shown[:-1]
                shown += "..."
            surf = font.render(shown, True, rgb)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = surf
        if self.audit is not None:
            self.audit.texts[id(surf)] = text
            if width is not None and self.font(size, bold).size(text)[0] > width:
                self.audit.clipped.append(text)
        return surf

    def fits(self, text: str, size: int, width: int, bold: bool = False) -> bool:
        """True when ``text`` fits ``width`` on one line."""
        return self.font(size, bold).size(text)[0] <= width

    def width(self, text: str, size: int, bold: bool = False) -> int:
        """Pixel width of ``text`` on one line."""
        return self.font(size, bold).size(text)[0]

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """Split ``text`` into lines that fit ``width``."""
        font = self.font(size, bold)
        lines: list[str] = []
        for para in text.split("\n"):
            words = para.split()
            line = ""
            for word in words:
                trial = f"{line} {word}".strip()
                if font.size(trial)[0] <= width or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines

    def line_height(self, size: int) -> int:
        """Pixels between lines at ``size``."""
        return self.font(size).get_linesize()


def panel(surface: pygame.Surface, rect: pygame.Rect, pal: Palette,
          title: str | None = None, text: TextCache | None = None) -> int:
    """Draw a panel and its title; return the y where content starts."""
    pygame.draw.rect(surface, hex_rgb(pal.panel), rect, border_radius=6)
    pygame.draw.rect(surface, hex_rgb(pal.panel_edge), rect, width=1, border_radius=6)
    if title and text is not None:
        surf = text.render(title, 15, pal.text, bold=True, width=rect.width - 16)
        surface.blit(surf, (rect.x + 10, rect.y + 6))
        return rect.y + 10 + surf.get_height()
    return rect.y + 8


@dataclass
class Focusable:
    """A button the keyboard can reach, and what pressing it does.

    ``reason`` keeps a disabled button reachable, so its reason can be read on focus;
    ``reveal`` scrolls a button that is out of view into view when the ring lands on it.
    """

    element: pygame_gui.core.UIElement
    action: Callable[[], None]
    reason: str | None = None
    reveal: Callable[[], None] | None = None


class FocusRing:
    """Tab order, the visible focus ring, and Enter/Space activation for one screen."""

    def __init__(self) -> None:
        self.items: list[Focusable] = []
        self.index = 0
        #: Told the reason when a disabled button is pressed from the keyboard.
        self.on_refused: Callable[[str], None] | None = None

    def clear(self) -> None:
        """Forget every item (the screen is rebuilding its buttons)."""
        self.items = []
        self.index = 0

    def add(self, element: pygame_gui.core.UIElement, action: Callable[[], None],
            reason: str | None = None, reveal: Callable[[], None] | None = None) -> None:
        """Register a button in reading order."""
        self.items.append(Focusable(element, action, reason, reveal))

    def _live(self) -> list[int]:
        return [i for i, it in enumerate(self.items)
                if it.element.alive() and (it.element.visible or it.reveal is not None)
                and (it.element.is_enabled or it.reason is not None)]

    def _land(self) -> None:
        item = self.items[self.index]
        if not item.element.visible and item.reveal is not None:
            item.reveal()

    def move(self, step: int) -> None:
        """Move the ring forward (1) or back (-1), skipping hidden or disabled items."""
        live = self._live()
        if not live:
            return
        if self.index not in live:
            self.index = live[0] if step > 0 else live[-1]
        else:
            pos = live.index(self.index)
            self.index = live[(pos + step) % len(live)]
        self._land()

    def focus(self, element: pygame_gui.core.UIElement) -> None:
        """Put the ring on a given element (e.g. after a mouse click)."""
        for i, it in enumerate(self.items):
            if it.element is element:
                self.index = i

    def current(self) -> Focusable | None:
        """The focused item, if it is live."""
        if self.index in self._live():
            return self.items[self.index]
        live = self._live()
        if live:
            self.index = live[0]
            return self.items[self.index]
        return None

    def activate(self) -> bool:
        """Press the focused button; True if something was pressed."""
        item = self.current()
        if item is None:
            return False
        if not item.element.is_enabled:
            if item.reason and self.on_refused is not None:
                self.on_refused(item.reason)
            return True
        item.action()
        return True

    def reason(self) -> str | None:
        """Why the focused button cannot be used now (None when it can)."""
        item = self.current()
        if item is None or item.element.is_enabled:
            return None
        return item.reason

    def handle_key(self, event: pygame.event.Event) -> bool:
        """Tab, Shift-Tab, Enter and Space; True if the key was used."""
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.activate()
        return False

    def draw(self, surface: pygame.Surface, colour: str) -> None:
        """Draw the ring around the focused element (3 px, high contrast)."""
        item = self.current()
        if item is None or not item.element.visible:
            return
        rect = item.element.get_abs_rect().inflate(6, 6)
        pygame.draw.rect(surface, hex_rgb(colour), rect, width=3, border_radius=6)
