"""The desk's bottom bar: practice feedback, the hint or why a button is off, and the keys.

At large text the toast may take three smaller lines and the key legend one row ending
"all keys: [R] reference"; in watch mode the controls line takes the hint's place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.engine.view import View
from simulator.ui.widgets import TextCache

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen


def legend(desk: DeskScreen) -> list[str]:
    """The key legend, one entry per key, in the trainee's own bindings."""
    from simulator.ui.settings import key_label

    keys = desk.app.settings.keys

    def k(name: str) -> str:
        return key_label(keys[name])

    return ["[Tab] next", "[Enter] press", f"[{k('greet')}] greet", f"[{k('answer')}] answer",
            f"[{k('hold')}] hold", f"[{k('end_call')}] end call",
            f"[{k('transfer')}] transfer", f"[{k('emergency_script')}] 911 script",
            "[F1-F4] replies", "[Up/Down] tasks", "[PgUp/PgDn] scroll",
            f"[{k('schedule_slot')}] read schedule", f"[{k('wait')}] wait",
            f"[{k('reference')}] reference", "[Esc] pause", f"[{k('settings')}] settings",
            "[F11] full screen"]


def draw_bottom(surface: pygame.Surface, desk: DeskScreen, v: View) -> None:
    """Practice feedback, the hint (or why the focused button is off), and the keys."""
    pal, text = desk.app.palette, desk.app.text
    area = desk.layout.bottom
    width = desk.layout.bottom_buttons.x - area.x - 24
    x, y = area.x + 12, area.y + 6
    from simulator.ui.screens.desk_layout import legend_rows, toast_height

    room = toast_height(text)
    used = 0
    if desk.toast is not None and desk.toast_left > 0:
        colour = {"good": pal.good, "bad": pal.bad, "info": pal.accent}[desk.toast.tone]
        mark = {"good": "+", "bad": "!", "info": "i"}[desk.toast.tone]
        words = f"[{mark}] {desk.toast.text}"
        size = 15
        lines = text.wrap(words, size, width)
        if len(lines) * text.line_height(size) > room:
            size = 13  # a long one in smaller print, then over the hint's row if need be
            lines = text.wrap(words, size, width)
        # Never past the hint's row into the key legend: a longer note is cut with an
        # ellipsis (the debrief has it in full).
        most = max(1, (room + text.line_height(15)) // text.line_height(size))
        if len(lines) > most:
            lines = lines[:most]
            while lines[-1] and not text.fits(lines[-1] + " ...", size, width):
                lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else ""
            lines[-1] += " ..."
        for i, line in enumerate(lines):
            surface.blit(text.render(line, size, colour), (x, y + i * text.line_height(size)))
        used = len(lines) * text.line_height(size)
    reason = desk.focus.reason()
    watching = getattr(desk, "watch_status", None)  # watch mode: its controls, no hints
    if watching is not None:
        hint = watching()
    elif reason:
        hint = f"Not now: {reason}"
    else:
        hint = f"Hint: {desk.hint}" if desk.hint and desk.session.mode == "practice" else ""
    hint_y = y + room + 2
    if hint and used <= room:
        size = 15 if text.fits(hint, 15, width) else 13
        for line in text.wrap(hint, size, width)[:1]:
            surface.blit(text.render(line, size, pal.text), (x, hint_y))
    if watching is not None:
        return  # the trainee's keys do nothing here; the controls line says what does
    small = text.line_height(13)
    count = legend_rows(text)
    rows = _rows(desk, text, legend(desk), width, 13, count)
    top = area.bottom - 6 - count * small
    for i, row in enumerate(rows):
        surface.blit(text.render(row, 13, pal.muted), (x, top + i * small))


def _rows(desk: DeskScreen, text: TextCache, items: list[str], width: int,
          size: int, count: int) -> list[str]:
    """Join legend entries into rows that fit ``width`` (whole entries only)."""
    from simulator.ui.settings import key_label

    rows: list[str] = []
    row = ""
    for item in items:
        trial = f"{row}  {item}" if row else item
        if row and not text.fits(trial, size, width):
            rows.append(row)
            row = item
        else:
            row = trial
    if row:
        rows.append(row)
    if len(rows) > count:  # whatever does not fit is on the reference card (R)
        rows = rows[:count]
        ref = f"  all keys: [{key_label(desk.app.settings.keys['reference'])}] reference"
        while "  [" in rows[-1] and not text.fits(rows[-1] + ref, size, width):
            rows[-1] = rows[-1].rsplit("  [", 1)[0]
        rows[-1] += ref
    return rows
