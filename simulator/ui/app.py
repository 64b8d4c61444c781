"""The pygame application: window, one UIManager, the screen stack and the frame loop.

Screens form a stack (Game Programming Patterns' state stack): pause sits on top of the
desk. Only the top screen gets input; screens below keep drawing. The loop is a fixed
60 FPS cap; the session maps real time to shift seconds, never the other way round.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from simulator.startup import settle_collector
from simulator.ui.fit import AuditSurface, FitAudit, problems
from simulator.ui.routes import make_screen
from simulator.ui.settings import Settings, load_settings, save_settings
from simulator.ui.sound import Sound
from simulator.ui.theme import PALETTES, Palette, gui_theme
from simulator.ui.widgets import TextCache

if TYPE_CHECKING:
    from simulator.ui.screens.base import Screen

SIZE = (1280, 720)
MIN_SIZE = (1024, 600)  # below this the desk's panels cannot hold their text
FPS = 60
#: Input a person aims at what is on screen (see App.frame).
INPUT = frozenset({pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.TEXTINPUT})


class App:
    """The running game."""

    def __init__(self, settings: Settings | None = None, size: tuple[int, int] = SIZE):
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Front Desk Simulator (synthetic training data)")
        self.size = size
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.fullscreen = False
        self.settings = settings or load_settings()
        self.stack: list[Screen] = []
        self.running = True
        self.clock = pygame.time.Clock()
        self.sound = Sound(self.settings.volume)
        self.trainee: str | None = None  # whose progress and results (None: this computer)
        self.screenshot_dir: Path | None = None
        self.pending_shots: list[str] = []
        self.exit_after_shots = False
        self.frame_count = 0
        #: Counts screen changes, so input aimed at a screen that is gone can be dropped.
        self.changes = 0
        #: The layout test's audit of what each frame drew (None in normal play).
        self.audit: FitAudit | None = None
        self._apply_theme()

    # -- theme and settings ----------------------------------------------------------------

    @property
    def palette(self) -> Palette:
        """The active palette."""
        return PALETTES[self.settings.palette]

    def _apply_theme(self) -> None:
        scale = self.settings.text_scale / 100
        self.text = TextCache(scale)
        self.text.audit = self.audit
        self.manager = pygame_gui.UIManager(self.size, theme_path=gui_theme(self.palette, scale))

    def resize(self, size: tuple[int, int]) -> None:
        """The window changed size (dragged, maximised, full screen): lay out again."""
        size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        if size == self.size:
            return
        self.size = size
        if isinstance(self.window, AuditSurface):
            window = AuditSurface(size)
            window.audit = self.audit
            self.window = window
        else:
            surface = pygame.display.get_surface()
            if surface is None or surface.get_size() != size:
                surface = pygame.display.set_mode(size, pygame.RESIZABLE)
            self.window = surface
        self.manager.set_window_resolution(size)
        self._relayout()

    def toggle_fullscreen(self) -> None:
        """F11: full screen at the desktop's size, or back to a window."""
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            desktop = pygame.display.get_desktop_sizes()[0]
            self.window = pygame.display.set_mode(desktop, pygame.FULLSCREEN)
        else:
            self.window = pygame.display.set_mode(SIZE, pygame.RESIZABLE)
        self.resize(self.window.get_size())

    def _relayout(self) -> None:
        """The top screen is laid out again now; the ones below when they are on top."""
        for screen in self.stack[:-1]:
            screen.stale = True
        if self.top is not None:
            self.top.rebuild()

    def settings_changed(self) -> None:
        """Save settings and lay out the top screen again in the new theme and text size."""
        save_settings(self.settings)
        self.sound.volume = self.settings.volume
        self._apply_theme()
        # Only the screen in use is laid out again now. The ones below keep no buttons in the
        # new theme (theirs belonged to the old manager and are gone with it), so nothing of
        # theirs is drawn through; each is rebuilt when it is on top again.
        self._relayout()

    # -- the stack ---------------------------------------------------------------------------

    @property
    def top(self) -> Screen | None:
        """The screen that gets input."""
        return self.stack[-1] if self.stack else None

    def push(self, screen: Screen) -> None:
        """Put a screen on top (the one below stops taking input)."""
        self.changes += 1
        if self.top is not None:
            self.top.suspend()
        self.stack.append(screen)
        screen.build()

    def pop(self) -> None:
        """Remove the top screen and resume the one below."""
        self.changes += 1
        if not self.stack:
            return
        self.stack.pop().destroy()
        if self.top is not None:
            self.top.resume()
        else:
            self.running = False

    def replace(self, screen: Screen) -> None:
        """Swap the top screen for another."""
        self.changes += 1
        self.sound.captions = []
        if self.stack:
            self.stack.pop().destroy()
        self.stack.append(screen)
        screen.build()

    def reset(self, screen: Screen) -> None:
        """Clear the stack and start again from ``screen``."""
        while self.stack:
            self.stack.pop().destroy()
        self.push(screen)

    # -- navigation by name (simulator.ui.routes) ----------------------------------------------

    def push_screen(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        """Build the screen called ``name`` and put it on top."""
        screen = make_screen(self, name, *args, **kwargs)
        self.push(screen)
        return screen

    def switch_screen(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        """Build the screen called ``name`` and swap it for the top one."""
        screen = make_screen(self, name, *args, **kwargs)
        self.replace(screen)
        return screen

    def reset_screen(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        """Clear the stack and start again from the screen called ``name``."""
        screen = make_screen(self, name, *args, **kwargs)
        self.reset(screen)
        return screen

    # -- the loop -----------------------------------------------------------------------------

    def run(self) -> None:
        """Run until the player quits."""
        settle_collector()  # start-up is over: frames collect as usual, not what loaded
        while self.running and self.stack:
            dt = self.clock.tick(FPS) / 1000
            self.frame(min(dt, 0.25))
        pygame.quit()

    def frame(self, dt: float, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: input, update, draw, present."""
        seen = self.changes
        for event in pygame.event.get() if events is None else events:
            if self.changes != seen and event.type in INPUT:
                # The screen changed during this frame: keys and clicks that came after were
                # meant for the old one. Drop them; the new screen is drawn before any input.
                continue
            self.dispatch(event)
        if not self.stack:
            return
        for screen in list(self.stack):
            screen.update(dt) if screen is self.top else screen.update_background(dt)
        # After the screens, so buttons they just made are laid out before drawing.
        self.manager.update(dt)
        self.draw()
        for name in self.pending_shots:
            self.screenshot(name)
        self.pending_shots = []
        if self.exit_after_shots:
            self.running = False
        pygame.display.flip()
        self.frame_count += 1

    def dispatch(self, event: pygame.event.Event) -> None:
        """Route one event: quit, the focus ring, pygame_gui, then the top screen."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        top = self.top
        if top is None:
            return
        if event.type == pygame.KEYDOWN and top.focus.handle_key(event):
            return
        self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            top.button_pressed(event.ui_element)
            return
        top.handle(event)

    def draw(self) -> None:
        """Draw every screen bottom-up, then the GUI, the focus ring and captions."""
        first = max((i for i, s in enumerate(self.stack) if s.opaque), default=0)
        if not (self.stack and self.stack[first].fills_window):
            self.window.fill(self.palette.bg)
        for screen in self.stack[first:]:
            if screen is self.top and self.audit is not None:
                self.audit.reset_frame()  # what is below an overlay is not the overlay's
            screen.draw(self.window)
        self.manager.draw_ui(self.window)
        if self.top is not None:
            if isinstance(self.window, AuditSurface):
                self.window.layer = 1
            self.top.draw_labels(self.window)
            self.top.draw_over(self.window)
            if isinstance(self.window, AuditSurface):
                self.window.layer = 0
            self.top.focus.draw(self.window, self.palette.focus)
        floor = self.top.caption_floor() if self.top is not None else None
        if isinstance(self.window, AuditSurface):
            self.window.layer = 2  # captions overlay the screen, like subtitles
        self.sound.draw_captions(self.window, self.text, self.palette, self.settings.captions,
                                 floor)
        if isinstance(self.window, AuditSurface):
            self.window.layer = 0

    # -- the layout audit -----------------------------------------------------------------

    def surface(self, size: tuple[int, int]) -> pygame.Surface:
        """A new off-screen surface (one that records text blits while auditing)."""
        if self.audit is None:
            return pygame.Surface(size).convert()
        surface = AuditSurface(size)
        surface.audit = self.audit
        return surface

    def start_audit(self) -> FitAudit:
        """Record what every frame draws from now on, so the layout test can check the fit."""
        self.audit = FitAudit()
        self.text.audit = self.audit
        window = AuditSurface(self.size)
        window.audit = self.audit
        self.window = window
        return self.audit

    def fit_problems(self) -> list[str]:
        """Draw the top screen afresh and list what does not fit (see simulator.ui.fit)."""
        assert self.audit is not None, "start_audit() first"
        top = self.top
        assert top is not None
        top.invalidate()
        self.manager.update(0.0)
        self.draw()
        # Buttons are named by their label, or by their key when the screen draws the label.
        buttons = [(b.text or f"<{key}>", b.get_abs_rect(),
                    b.font.size(b.text)[0] if b.text else 0)
                   for key, b in top.buttons.items() if b.visible and b.alive()]
        return problems(self.audit, self.window.get_rect(), top.boxes(), buttons,
                        top.overlays())

    def screenshot(self, name: str) -> Path | None:
        """Save the current frame as ``name``.png in the screenshot folder, if set."""
        if self.screenshot_dir is None:
            return None
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self.screenshot_dir / f"{name}.png"
        pygame.image.save(self.window, str(path))
        return path

    @staticmethod
    def now() -> float:
        """Wall-clock seconds (UI only: the core never reads a clock)."""
        return time.perf_counter()
