"""Sizes from text: buttons, rows, stacks and grids that grow with the text scale.

Every screen lays out with these instead of fixed pixel offsets, so 150 % and 200 % text
get bigger boxes rather than clipped or overlapping ones.
"""

from __future__ import annotations

import pygame

from simulator.ui.widgets import TextCache

BUTTON_TEXT = 15  # the pygame_gui theme's button font size (simulator.ui.theme)


def button_height(text: TextCache) -> int:
    """A one-line button at the current text size."""
    return max(28, text.line_height(BUTTON_TEXT) + 10)


def label_width(text: TextCache, label: str, bold: bool = False) -> int:
    """Width a button needs for ``label`` (padding on both sides)."""
    return text.width(label, BUTTON_TEXT, bold) + 20


def flow(widths: list[int], left: int, top: int, width: int, row_h: int,
         gap: int = 8) -> list[pygame.Rect]:
    """Place boxes of ``widths`` left to right, wrapping to a new row when one is full."""
    rects: list[pygame.Rect] = []
    x, y = left, top
    for w in widths:
        w = min(w, width)
        if x > left and x + w > left + width:
            x, y = left, y + row_h + gap
        rects.append(pygame.Rect(x, y, w, row_h))
        x += w + gap
    return rects


def grid(count: int, left: int, top: int, width: int, row_h: int, columns: int,
         gap: int = 8) -> list[pygame.Rect]:
    """``count`` equal boxes in ``columns`` columns (stable places: one per slot)."""
    col_w = (width - gap * (columns - 1)) // columns
    return [pygame.Rect(left + (i % columns) * (col_w + gap), top + (i // columns) *
                        (row_h + gap), col_w, row_h) for i in range(count)]


def stack(text: TextCache, labels: list[str], centre_x: int, top: int, bottom: int,
          min_width: int = 260, gap: int = 8) -> list[pygame.Rect]:
    """Buttons for ``labels`` one under another, centred on ``centre_x``.

    They are as wide as the widest label, and go in two columns when one column would
    pass ``bottom``.
    """
    h = max(38, button_height(text))  # menus get roomier targets than the dense desk
    width = max(min_width, *(label_width(text, lb) for lb in labels))
    rows = len(labels)
    columns = 1
    if top + rows * (h + gap) > bottom:
        columns, rows = 2, (len(labels) + 1) // 2
    left = centre_x - (columns * width + (columns - 1) * 16) // 2
    return [pygame.Rect(left + (i // rows) * (width + 16), top + (i % rows) * (h + gap),
                        width, h) for i in range(len(labels))]


def row_right(text: TextCache, labels: list[str], right: int, y: int,
              gap: int = 12) -> list[pygame.Rect]:
    """Buttons for ``labels`` in one row ending at ``right`` (the last label rightmost)."""
    h = button_height(text)
    # Sized for the primary style (bold, a size up), so any of them may be the primary one.
    widths = [text.width(lb, BUTTON_TEXT + 1, True) + 24 for lb in labels]
    x = right - sum(widths) - gap * (len(labels) - 1)
    rects = []
    for w in widths:
        rects.append(pygame.Rect(x, y, w, h))
        x += w + gap
    return rects
