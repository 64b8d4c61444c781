"""Painting the desk: its panels on one cached canvas, and what goes over the buttons.

A mixin of :class:`simulator.ui.screens.desk.DeskScreen` (which owns the state); kept apart
so the screen's module is about input and the shift, this one about pixels.
"""

from __future__ import annotations

import pygame

from simulator.ui.screens import desk_draw as dd
from simulator.ui.screens import guide_overlay
from simulator.ui.screens.desk_bottom import draw_bottom
from simulator.ui.screens.desk_panel import draw_center
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel


class DeskPainting:
    """Drawing for the desk screen (see the module docstring)."""

    def draw(self, surface: pygame.Surface) -> None:
        """All panels, each repainted only when what it shows changed (layer cache)."""
        pal, text, v, lay = self.app.palette, self.app.text, self.view, self.layout
        mode = {"practice": "practice", "assessment": "assessment", "watch": "watching"}
        look = (self.app.settings.palette, self.app.settings.text_scale, self.app.size)
        # While nobody waits the clock fast-forwards (engine.clock): say so in words.
        cue = ">> fast-forward" if self.session.fast_forward else ""
        self._layer(surface, "top", lay.top, (look, v.clock, v.ehr_up, v.power_up,
                                              v.paper_mode, v.rerouted, cue),
                    lambda s: dd.draw_top(s, text, pal, v, self.session.scenario.title,
                                          mode.get(self.session.mode, self.session.mode), cue,
                                          lay.top, self.pause_left()))
        self._layer(surface, "phone", lay.phone, (look, len(v.lines)),
                    lambda s: panel(s, lay.phone, pal, f"PHONE ({len(v.lines)} lines)", text))
        # Waits are shown in whole minutes: repaint once a minute, not per person.
        people = (v.now // 60, tuple((t.id, dd.mood(t.agitation), t.record is not None)
                                     for t in dd.waiting_people(v)))
        self._layer(surface, "waiting", lay.waiting, (look, people),
                    lambda s: dd.draw_waiting(s, text, pal, v, lay.waiting, self.hits))
        queued = len(v.tasks) - len(self._inbox(v))
        self._layer(surface, "queue", lay.queue, (look, queued, self._shown("q-")),
                    lambda s: self._draw_list(s, lay.queue, "TASKS (urgent first)", queued,
                                              "q-"))
        inbox = len(self._inbox(v))
        self._layer(surface, "inbox", lay.inbox, (look, inbox, self._shown("in-")),
                    lambda s: self._draw_list(s, lay.inbox, "INBOX", inbox, "in-"))
        arrived = self.arrived_slots()
        self._layer(surface, "schedule", lay.schedule,
                    (look, self.session.shift.slots_version, v.out_providers, v.now // 60,
                     len(arrived), self.slot),
                    lambda s: dd.draw_schedule(s, text, pal, v, lay.schedule, arrived,
                                               self.slot, self.slot_hits))
        task = self.current_task()
        self._layer(surface, "center", lay.center, (look, self._signature, self.scroll,
                                                    task.agitation if task else None),
                    lambda s: draw_center(s, self, self.plan, self.scroll) if self.plan
                    else None)
        self._layer(surface, "bottom", lay.bottom, (look,),
                    lambda s: pygame.draw.rect(s, hex_rgb(pal.panel), lay.bottom,
                                               border_radius=6))
        assert self._canvas is not None
        surface.blit(self._canvas, (0, 0))

    def _shown(self, prefix: str) -> int:
        return sum(1 for k in self.buttons if k.startswith(prefix))

    def _draw_list(self, s: pygame.Surface, rect: pygame.Rect, title: str, count: int,
                   prefix: str) -> None:
        """A list panel's title, and how many rows did not fit."""
        text = self.app.text
        heading = f"{title} ({count})"
        if not text.fits(heading, 15, rect.width - 16, True):
            heading = f"{title.split()[0]} ({count})"
        top = panel(s, rect, self.app.palette, heading, text)
        extra = count - self._shown(prefix)
        words = f"+{extra} more (Up/Down)"
        if not text.fits(words, 13, rect.width - 20):
            words = f"+{extra} more"
        rows = [b.get_abs_rect().bottom for k, b in self.buttons.items() if k.startswith(prefix)]
        if extra > 0 and rect.bottom - text.line_height(13) - 4 >= max(rows, default=top):
            more = text.render(words, 13, self.app.palette.muted)
            s.blit(more, (rect.x + 10, rect.bottom - more.get_height() - 4))

    def arrived_slots(self) -> frozenset[str]:
        """Slots whose patient has come in (so a late, empty one reads as a no-show)."""
        shift = self.session.shift
        if getattr(self, "_arrived_key", None) != len(shift.tasks):
            self._arrived_key = len(shift.tasks)
            self._arrived = frozenset(str(t.spec.request.get("slot")) for t in
                                      shift.tasks.values() if t.spec.request.get("slot"))
        return self._arrived

    def _layer(self, surface: pygame.Surface, name: str, rect: pygame.Rect, key: tuple,
               paint) -> None:
        """Repaint one panel of the cached canvas, only when what it shows (``key``) changed.

        All panels share one full-window canvas, so a frame is a single blit of it.
        """
        if self._canvas is None or self._canvas_look != key[0]:
            self._canvas = self.app.surface(self.app.size)
            self._canvas.fill(hex_rgb(self.app.palette.bg))
            self._canvas_look = key[0]
            self._layers = {}
        if self._layers.get(name) != key:
            self._canvas.fill(hex_rgb(self.app.palette.bg), rect)
            paint(self._canvas)
            self._layers[name] = key

    def invalidate(self) -> None:
        """Repaint every panel on the next frame."""
        self._canvas = None

    def overlays(self) -> list[pygame.Rect]:
        """The tutorial's instruction card, when it is drawn aside."""
        if self.guide is None or self.guide_in_column:
            return []
        if self.guide.step is None and self.guide.finished:
            return [guide_overlay.done_rect(self)]
        rect = guide_overlay.panel_rect(self, self.guide)
        return [rect] if rect is not None else []

    def caption_floor(self) -> int | None:
        """Captions sit above the bottom bar, whatever its height."""
        return self.layout.bottom.y - 8

    def boxes(self) -> list[pygame.Rect]:
        """The desk's panels (the layout test checks text stays inside them)."""
        return self.layout.panels()

    def draw_over(self, surface: pygame.Surface) -> None:
        """Live line cards, queue rows over their buttons, then the bottom bar and guide."""
        pal, text, v = self.app.palette, self.app.text, self.view
        for ln in v.lines:
            key = f"line-{ln.number}"
            button = self.buttons.get(key)
            if button is None:
                continue
            self.wrapped[key] = (self._line_words(v, ln.number), 13)
            rect = button.get_abs_rect()
            pygame.draw.rect(surface, hex_rgb(dd.line_colour(pal, ln.status)),
                             (rect.x + 2, rect.y + 3, 5, rect.height - 6))
        for key, button in self.buttons.items():
            if not key.startswith(("q-", "in-")) or not button.visible:
                continue
            task = v.task(key.split("-", 1)[1])
            if task is None:
                continue
            rect = button.get_abs_rect()
            colour = dd.urgency_colour(pal, task.urgency)
            pygame.draw.rect(surface, hex_rgb(colour), (rect.x + 2, rect.y + 3, 5,
                                                        rect.height - 6))
            word = dd.URGENCY_WORD[task.urgency]
            y = rect.y + 2
            if text.scale <= 1.25:
                surface.blit(text.render(word, 11, colour, bold=True), (rect.x + 12, y))
                y += text.line_height(11)
            for line in self.row_lines(word, task.title, int(rect.width)):
                surface.blit(text.render(line, 13, pal.text), (rect.x + 12, y))
                y += text.line_height(13)
            if task.id == self.selected:
                pygame.draw.rect(surface, hex_rgb(pal.accent), rect, width=2, border_radius=4)
        draw_bottom(surface, self, v)
        if self.guide is not None:
            guide_overlay.draw(surface, self, self.guide)

