"""The Screen base class: build, suspend/resume, input, update and draw hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from simulator.ui.widgets import MIN_TARGET, FocusRing

if TYPE_CHECKING:
    from simulator.ui.app import App


class Screen:
    """A state on the stack. Subclasses override ``build_ui`` and the hooks they need."""

    #: An opaque screen hides everything below it; an overlay (pause) lets it show through.
    opaque = True
    #: A screen that paints every pixel itself spares the app a full-window clear.
    fills_window = False

    def __init__(self, app: App):
        self.app = app
        self.focus = FocusRing()
        self.elements: list[pygame_gui.core.UIElement] = []
        self.callbacks: dict[int, Callable[[], None]] = {}
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        #: Labels this screen draws itself, wrapped, on buttons too narrow for one line.
        self.wrapped: dict[str, tuple[str, int]] = {}
        self.focus.on_refused = lambda reason: app.sound.play("notify", reason)
        #: The theme changed while this screen was below another: rebuild it on resume.
        self.stale = False

    # -- lifecycle --------------------------------------------------------------------------

    def build(self) -> None:
        """Create this screen's GUI elements."""
        self.focus.clear()
        self.build_ui()

    def build_ui(self) -> None:
        """Create elements; override."""

    def destroy(self) -> None:
        """Remove every element this screen made."""
        for element in self.elements:
            element.kill()
        self.elements = []
        self.callbacks = {}
        self.buttons = {}
        self.wrapped = {}
        self.focus.clear()

    def rebuild(self, keep_focus: bool = True) -> None:
        """Rebuild after a theme or text-size change, keeping the focus where it was.

        Args:
            keep_focus: False starts the focus ring afresh (a new page of the same screen,
                where the same button would now mean something else).
        """
        focused = self.focused_key() if keep_focus else None
        self.app.changes += 1  # a new page: input queued for the old one is dropped
        self.destroy()
        self.build()
        self.stale = False
        if focused in self.buttons:
            self.focus.focus(self.buttons[focused])

    def focused_key(self) -> str | None:
        """Key of the button the focus ring is on (None if none)."""
        item = self.focus.current()
        if item is None:
            return None
        return next((k for k, b in self.buttons.items() if b is item.element), None)

    def suspend(self) -> None:
        """Another screen went on top: hide this screen's buttons so they take no clicks."""
        for element in self.elements:
            element.hide()

    def resume(self) -> None:
        """Back on top: show the buttons again (rebuilt, if the theme changed meanwhile)."""
        if self.stale:
            self.rebuild()
            return
        for element in self.elements:
            element.show()

    # -- helpers ----------------------------------------------------------------------------

    def button(self, key: str, text: str, rect: pygame.Rect | tuple, action: Callable[[], None],
               *, kind: str | None = None, focusable: bool = True,
               tip: str | None = None, reason: str | None = None, wrap: int = 0,
               reveal: Callable[[], None] | None = None) -> pygame_gui.elements.UIButton:
        """Make a button that runs ``action`` when clicked or activated from the keyboard.

        Args:
            key: Name of the button (tests, shortcuts and the focus ring use it).
            text: Its label.
            rect: Where it goes (grown to the smallest target size if needed).
            action: What pressing it does.
            kind: Theme class ("primary", "danger") or None.
            focusable: Whether Tab reaches it.
            tip: Tooltip on hover.
            reason: Show the button disabled, keeping its place; the reason is its tooltip
                and is read out when the focus ring presses it.
            wrap: Draw the label wrapped at this text size (for labels longer than one
                line of the button); 0 lets pygame_gui draw it on one line.
            reveal: Scrolls the button into view when the focus ring lands on it hidden.
        """
        rect = pygame.Rect(rect)
        rect.width, rect.height = max(rect.width, MIN_TARGET), max(rect.height, MIN_TARGET)
        if not wrap and text:
            # A one-line label sets the least size: at large text the button grows with it.
            font = self.app.text.font(16 if kind == "primary" else 15, kind == "primary")
            rect.width = max(rect.width, font.size(text)[0] + 20)
            rect.height = max(rect.height, font.get_linesize() + 8)
        element = pygame_gui.elements.UIButton(
            rect, "" if wrap else text, manager=self.app.manager, tool_tip_text=tip or reason,
            object_id=ObjectID(object_id=f"#{key}", class_id=f"@{kind}" if kind else None))
        if wrap:
            self.wrapped[key] = (text, wrap)
        if reason is not None:
            element.disable()
        self.elements.append(element)
        self.callbacks[id(element)] = action
        self.buttons[key] = element
        if focusable:
            self.focus.add(element, action, reason, reveal)
        return element

    def wrapped_height(self, label: str, width: int, size: int = 15) -> int:
        """Height of a button whose label is drawn wrapped to ``width`` at ``size``."""
        lines = self.app.text.wrap(label, size, width - 16)
        return len(lines) * self.app.text.line_height(size) + 10

    def draw_labels(self, surface: pygame.Surface) -> None:
        """Draw the wrapped labels onto their buttons (after the GUI layer)."""
        text, pal = self.app.text, self.app.palette
        for key, (label, size) in self.wrapped.items():
            element = self.buttons.get(key)
            if element is None or not element.visible:
                continue
            rect = element.get_abs_rect()
            colour = pal.button_text if element.is_enabled else pal.button_disabled_text
            y = rect.y + 5
            for line in text.wrap(label, size, int(rect.width) - 16):
                surface.blit(text.render(line, size, colour), (rect.x + 8, y))
                y += text.line_height(size)

    def remove_buttons(self, prefix: str) -> None:
        """Kill the buttons whose key starts with ``prefix`` (a rebuilt group)."""
        for key in [k for k in self.buttons if k.startswith(prefix)]:
            self.wrapped.pop(key, None)
            element = self.buttons.pop(key)
            self.callbacks.pop(id(element), None)
            self.focus.items = [it for it in self.focus.items if it.element is not element]
            if element in self.elements:
                self.elements.remove(element)
            element.kill()

    def button_pressed(self, element: pygame_gui.core.UIElement) -> None:
        """A pygame_gui button was clicked: move the ring there and run its action."""
        action = self.callbacks.get(id(element))
        if action is not None:
            self.focus.focus(element)
            action()

    def press(self, key: str) -> None:
        """Run a button's action by key (used by shortcuts and the test driver)."""
        element = self.buttons.get(key)
        if element is not None and element.is_enabled and element.visible:
            self.button_pressed(element)

    # -- hooks --------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Input not used by the focus ring or pygame_gui."""

    def update(self, dt: float) -> None:
        """Advance this screen (top of the stack only)."""

    def update_background(self, dt: float) -> None:
        """Advance while covered (e.g. the desk under a caption); default: nothing."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw below the GUI layer."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw above the GUI layer (top screen only)."""

    # -- layout audit -------------------------------------------------------------------------

    def boxes(self) -> list[pygame.Rect]:
        """The panels text may sit in (the layout test checks text fits the smallest)."""
        return []

    def overlays(self) -> list[pygame.Rect]:
        """Panels drawn over this screen, hiding what is under them (layout test)."""
        return []

    def caption_floor(self) -> int | None:
        """Lowest y for sound captions (None: the default, above the bottom edge)."""
        return None

    def invalidate(self) -> None:
        """Forget cached drawings so the next frame draws everything (layout test)."""
