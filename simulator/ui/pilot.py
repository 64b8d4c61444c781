"""A Pilot-like driver (after Textual's) for tests and benchmarks: press, click, advance.

It feeds real pygame events through the app's normal frame, so clicks go through
pygame_gui's hit-testing and keys through the focus ring and the shortcut map.
"""

from __future__ import annotations

import pygame

from simulator.engine import clock
from simulator.ui.app import App

FRAME = 1 / 60


class Pilot:
    """Drive an :class:`App` frame by frame with synthetic input."""

    def __init__(self, app: App):
        self.app = app

    def frame(self, events: list[pygame.event.Event] | None = None, dt: float = FRAME) -> None:
        """Run one frame with ``events`` plus anything pygame_gui queued."""
        queued = pygame.event.get()
        self.app.frame(dt, events=queued + (events or []))

    def settle(self, frames: int = 2) -> None:
        """Run a few frames with no input (lets posted GUI events arrive)."""
        for _ in range(frames):
            self.frame(dt=0.0)

    def press(self, key: int, mod: int = 0, unicode: str = "") -> None:
        """Press and release one key."""
        down = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode,
                                  scancode=0)
        up = pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        self.frame([down, up], dt=0.0)
        self.settle(1)

    def type(self, text: str) -> None:
        """Type text into whatever has the keyboard."""
        for ch in text:
            self.frame([pygame.event.Event(pygame.TEXTINPUT, text=ch)], dt=0.0)

    def click(self, key: str) -> None:
        """Click the centre of the top screen's button called ``key``."""
        screen = self.app.top
        assert screen is not None, "no screen to click on"
        element = screen.buttons.get(key)
        assert element is not None, f"no button '{key}' (have: {sorted(screen.buttons)})"
        pos = element.get_abs_rect().center
        motion = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
        up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)
        pygame.mouse.set_pos(pos)
        self.frame([motion], dt=0.0)
        self.frame([down], dt=0.0)
        self.frame([up], dt=0.0)
        self.settle(2)

    def focused(self) -> str | None:
        """Key of the button the focus ring is on."""
        screen = self.app.top
        return screen.focused_key() if screen else None

    def tab_to(self, key: str, limit: int = 80) -> None:
        """Press Tab until the ring is on button ``key`` (keyboard-only navigation)."""
        for _ in range(limit):
            if self.focused() == key:
                return
            self.press(pygame.K_TAB)
        raise AssertionError(f"Tab never reached '{key}' (ring on {self.focused()})")

    def advance(self, seconds: int, step: float = 0.1) -> None:
        """Let ``seconds`` of shift time pass in real-time frames (timed sessions)."""
        screen = self.app.top
        session = getattr(screen, "session", None)
        assert session is not None, "advance() needs the desk on top"
        target = session.shift.now + seconds
        while session.shift.now < target and self.app.top is screen:
            rate = clock.rate(session.shift)
            left = (target - session.shift.now) / rate
            self.frame(dt=min(step, max(left, 1 / rate)))
