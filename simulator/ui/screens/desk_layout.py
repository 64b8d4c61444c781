"""Where the desk's panels go, sized from the window and from the text they hold.

The wireframe's arrangement (phone and waiting room left, the task in the centre, the
queue, inbox and schedule right, a status bar on top, feedback and keys below) stays at
every window size and text size; what changes is how big each band is. Heights come
from line heights at the current text scale, so 200 % text gets taller bars instead of
overlapping ones, and a resized or full-screen window hands its extra room to the centre.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from simulator.ui.layout import BUTTON_TEXT, button_height, flow, grid, label_width
from simulator.ui.widgets import TextCache

__all__ = ["DeskLayout", "button_height", "flow", "grid", "label_width"]

MARGIN = 8
GAP = 6


@dataclass(frozen=True)
class DeskLayout:
    """The desk's panel rects for one window size and text scale."""

    top: pygame.Rect
    phone: pygame.Rect
    waiting: pygame.Rect
    center: pygame.Rect
    queue: pygame.Rect
    inbox: pygame.Rect
    schedule: pygame.Rect
    bottom: pygame.Rect
    #: The bottom bar's right-hand column (Wait, Reference); text stays left of it.
    bottom_buttons: pygame.Rect
    #: Idle phone lines are one row (large text), not a full card.
    idle_rows: bool = False

    @classmethod
    def fit(cls, size: tuple[int, int], text: TextCache, lines: int = 3,
            live: int | None = None, title: str = "Busy Monday at Willow Creek") -> DeskLayout:
        """Lay the desk out in ``size`` for ``text``'s scale.

        Args:
            size: The window.
            text: The text cache (its scale sets every band's height).
            lines: How many phone lines the clinic has.
            title: The scenario's title (the status bar holds it).
            live: How many of them are in use now. When full cards for every line would
                crowd out the waiting room (large text), idle lines shrink to one row, so
                the phone panel grows and shrinks with the calls.
        """
        from simulator.ui.screens.desk_draw import top_height

        width, height = size
        top_h = max(40, top_height(text, width - 2 * MARGIN, title))
        bottom_h = max(100, toast_height(text) + text.line_height(15) +
                       legend_rows(text) * text.line_height(13) + 18)
        top = pygame.Rect(MARGIN, 6, width - 2 * MARGIN, top_h)
        bottom = pygame.Rect(MARGIN, height - bottom_h - 6, width - 2 * MARGIN, bottom_h)
        mid_y = top.bottom + GAP
        mid_h = bottom.y - GAP - mid_y
        side = max(300, min(width // 4, 300 + (width - 1280) // 6))
        left = pygame.Rect(MARGIN, mid_y, side, mid_h)
        right = pygame.Rect(width - MARGIN - side - 8, mid_y, side + 8, mid_h)
        center = pygame.Rect(left.right + 8, mid_y, right.x - 8 - left.right - 8, mid_h)
        # The phone panel holds its lines; the waiting room gets what is left.
        card = line_card_height(text, side - 16)
        phone_h = panel_title_height(text) + lines * card + 8
        idle_rows = phone_h > mid_h * 9 // 20 and live is not None
        if idle_rows and live is not None:
            busy = min(lines, live)
            phone_h = panel_title_height(text) + busy * card + (lines - busy) * \
                idle_line_height(text) + 8
        # The waiting room keeps at least its title and a line saying who is there.
        phone_h = min(phone_h, mid_h - GAP - panel_title_height(text) -
                      text.line_height(13) - 8)
        phone = pygame.Rect(left.x, left.y, left.width, phone_h)
        waiting = pygame.Rect(left.x, phone.bottom + GAP, left.width,
                              left.bottom - phone.bottom - GAP)
        # At large text the schedule is read slot by slot (L): the task list gets its room.
        large = text.scale > 1.25
        queue_h = mid_h * (54 if large else 46) // 100
        inbox_h = mid_h * (20 if large else 21) // 100
        queue = pygame.Rect(right.x, right.y, right.width, queue_h)
        inbox = pygame.Rect(right.x, queue.bottom + GAP, right.width, inbox_h)
        schedule = pygame.Rect(right.x, inbox.bottom + GAP, right.width,
                               right.bottom - inbox.bottom - GAP)
        button_w = max(text.width(label, BUTTON_TEXT) for label in
                       ("Reference (R)", "Wait (W)")) + 24
        bottom_buttons = pygame.Rect(bottom.right - button_w - 10, bottom.y + 6, button_w,
                                     bottom.height - 12)
        return cls(top, phone, waiting, center, queue, inbox, schedule, bottom,
                   bottom_buttons, idle_rows)

    def panels(self) -> list[pygame.Rect]:
        """Every panel, for drawing order and the layout test."""
        return [self.top, self.phone, self.waiting, self.center, self.queue, self.inbox,
                self.schedule, self.bottom]


def toast_height(text: TextCache) -> int:
    """Room for practice feedback: two lines of 15, or three of 13 for a long one."""
    return max(2 * text.line_height(15), 3 * text.line_height(13))


def legend_rows(text: TextCache) -> int:
    """Rows of the key legend: two at normal text, one at large (all keys are on R)."""
    return 2 if text.scale <= 1.25 else 1


def idle_line_height(text: TextCache) -> int:
    """An idle phone line: one row."""
    return max(28, text.line_height(13) + 10) + 4


def panel_title_height(text: TextCache) -> int:
    """Height a panel's title takes (see widgets.panel)."""
    return text.line_height(15) + 12


#: The longest a phone line's card usually says (see desk_draw.line_label).
SAMPLE_LINE = "Line 3  ON HOLD 12:59\n(617) 555-0199"


def line_card_height(text: TextCache, width: int) -> int:
    """One phone line's card (a button): its wrapped words plus padding and a gap."""
    sample = SAMPLE_LINE
    if not text.fits(sample.split("\n")[0], 13, width - 32):
        sample = sample.replace("Line ", "").replace("  ", " ")  # as desk_draw.line_label
    lines = len(text.wrap(sample, 13, width - 16 - 16))
    return max(44, lines * text.line_height(13) + 10) + 4
