"""The tutorial's instruction panel on the desk, and the rings around what it points to.

The panel goes in a side region that holds none of the controls it names (the queue row to
select, the action button, the phone line), so it never hides what the trainee must press.
It lists, in words, the key (from the trainee's own bindings), the button to Tab to, and the
sub-choice to make; the same button gets a ring. Drawing only: the guide itself
(:mod:`simulator.guide`) decides what is shown and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.guide import Guide, how_words
from simulator.ui.fit import overlay
from simulator.ui.theme import hex_rgb

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen



def regions(desk: DeskScreen) -> tuple[pygame.Rect, ...]:
    """Side regions the panel may use, in order of preference (none holds the task itself).

    The waiting room comes first: sound captions stack up at the bottom right.
    """
    lay = desk.layout
    return (
        lay.waiting,
        pygame.Rect(lay.inbox.x, lay.inbox.y, lay.inbox.width, lay.schedule.bottom - lay.inbox.y),
        pygame.Rect(lay.phone.x, lay.phone.y, lay.phone.width, lay.waiting.bottom - lay.phone.y),
        pygame.Rect(lay.queue.x, lay.queue.y, lay.queue.width, lay.schedule.bottom - lay.queue.y),
    )

#: Sub-choices whose right option is the lesson itself: the ring stops at the button.
JUDGEMENT = frozenset({"flag_discrepancy", "choose_reply"})
#: Text sizes (before the player's text scale) tried in turn until the panel fits.
SIZES = ((16, 14, 13), (14, 12, 12), (12, 11, 11))
PAD = 10

#: One wrapped line of the panel: its text, size, colour and weight.
Line = tuple[str, int, str, bool]
#: A button's screen rectangle, as pygame_gui reports it.
Box = pygame.Rect | pygame.FRect


def target_keys(desk: DeskScreen, guide: Guide) -> list[str]:
    """Keys of the desk's buttons the open step points to, in the order to use them."""
    subject, step = guide.subject, guide.step
    if subject is None or step is None:
        return []
    task = getattr(subject, "task", None)
    if task and desk.selected != task:
        row = f"q-{task}" if f"q-{task}" in desk.buttons else f"in-{task}"
        return [row] if row in desk.buttons else []
    keys: list[str] = []
    line = getattr(subject, "line", None)
    if line is not None and step.action in ("answer_call", "hold_call", "end_call"):
        keys.append(f"line-{line}")
    if desk.choice is not None:
        if step.action not in JUDGEMENT:
            keys += [f"choice-{i}" for i, (_, cmd) in enumerate(desk.choice[1]) if cmd == subject]
        return [k for k in keys if k in desk.buttons]
    for act in desk.actions:
        commands = [act.command] if act.command is not None else [cmd for _, cmd in act.choices]
        if any(cmd is not None and cmd.type == step.action for cmd in commands):
            keys.append(f"act-{act.key}")
            break
    if step.action == "choose_reply":
        keys += [k for k in desk.buttons if k.startswith("rep-")]
    return [k for k in keys if k in desk.buttons]


def _lines(desk: DeskScreen, guide: Guide, width: int,
           sizes: tuple[int, int, int]) -> list[Line]:
    """The panel's text as (line, size, colour, bold), wrapped to ``width``."""
    pal, text = desk.app.palette, desk.app.text
    step, subject = guide.step, guide.subject
    assert step is not None and guide.active is not None
    head, body, small = sizes
    out: list[Line] = []

    def add(words: str, size: int, colour: str, bold: bool = False) -> None:
        out.extend((ln, size, colour, bold) for ln in text.wrap(words, size, width, bold))

    add(f"GUIDE  step {guide.active + 1} of {len(guide.steps)}  -  the clock waits for you",
        small, pal.good, True)
    add(step.title, head, pal.text, True)
    add(step.text, body, pal.text)
    task = getattr(subject, "task", None)
    if task and desk.selected != task:
        found = desk.view.task(task)
        where = "INBOX" if found is not None and found.channel == "inbox" else "TASKS"
        name = found.title if found is not None else "the task"
        add(f"First select {name}: Up/Down arrows, or click it in {where} (ringed).", body,
            pal.good)
    add(how_words(step.action, desk.app.settings.keys), small, pal.muted)
    return out


def _height(desk: DeskScreen, lines: list[Line]) -> int:
    text = desk.app.text
    return 2 * PAD + sum(text.line_height(size) for _, size, _, _ in lines) + 6


def _place(desk: DeskScreen, guide: Guide,
           avoid: list[Box]) -> tuple[pygame.Rect, list[Line]]:
    """The first region (and text sizes) where the panel fits without covering ``avoid``."""
    every = regions(desk)
    free = [r for r in every if not any(r.colliderect(a) for a in avoid)] or [every[0]]
    for sizes in SIZES:
        for region in free:
            lines = _lines(desk, guide, region.width - 2 * PAD, sizes)
            height = _height(desk, lines)
            if height <= region.height:
                # The whole region, not a strip of it: no half-hidden panel peeks out above.
                return pygame.Rect(region), lines
    region = max(free, key=lambda r: r.height)
    lines = _lines(desk, guide, region.width - 2 * PAD, SIZES[-1])
    return region, lines


def fits_aside(desk: DeskScreen, guide: Guide) -> bool:
    """Whether the open step's panel fits a side region.

    At large text it does not; it goes in the centre column instead, above the task, where
    it scrolls with it.
    """
    text = desk.app.text
    for sizes in SIZES:
        for region in regions(desk):
            if _height(desk, _lines(desk, guide, region.width - 2 * PAD, sizes)) <= \
                    region.height:
                return True
    return text.scale <= 1.0


def column_lines(desk: DeskScreen, guide: Guide, width: int) -> list[Line]:
    """The open step's words for the centre column."""
    return _lines(desk, guide, width, SIZES[0])


def panel_rect(desk: DeskScreen, guide: Guide) -> pygame.Rect | None:
    """Where the instruction panel goes now (None when no step is open)."""
    if guide.step is None:
        return None
    avoid: list[Box] = [desk.buttons[k].get_abs_rect() for k in target_keys(desk, guide)]
    rect: pygame.Rect = _place(desk, guide, avoid)[0]
    return rect


def draw(surface: pygame.Surface, desk: DeskScreen, guide: Guide) -> None:
    """The open step's panel and the rings on its controls (nothing while no step is open)."""
    if guide.step is None:
        if guide.finished:
            _done_note(surface, desk)
        return
    pal, text = desk.app.palette, desk.app.text
    targets: list[Box] = [desk.buttons[k].get_abs_rect() for k in target_keys(desk, guide)
                          if desk.buttons[k].visible]
    for target in targets:
        # The guide's colour, not the yellow of the keyboard focus ring, so the two never
        # read as one; a dark outline keeps it visible on any button colour.
        pygame.draw.rect(surface, hex_rgb(pal.bg), target.inflate(12, 12), width=6,
                         border_radius=8)
        pygame.draw.rect(surface, hex_rgb(pal.good), target.inflate(10, 10), width=3,
                         border_radius=7)
    if desk.guide_in_column:
        return
    rect, lines = _place(desk, guide, targets)
    with overlay(surface):
        pygame.draw.rect(surface, hex_rgb(pal.panel), rect, border_radius=8)
        pygame.draw.rect(surface, hex_rgb(pal.good), rect, width=3, border_radius=8)
        y = rect.y + PAD
        for line, size, colour, bold in lines:
            surface.blit(text.render(line, size, colour, bold=bold), (rect.x + PAD, y))
            y += text.line_height(size)


def _done_note(surface: pygame.Surface, desk: DeskScreen) -> None:
    """Once every step is done: a short note over the schedule (which it only shades)."""
    pal, text = desk.app.palette, desk.app.text
    width = desk.layout.schedule.width - 2 * PAD
    wait = desk.app.settings.keys.get("wait", "w").upper()
    lines = text.wrap("Every guided step done. Finish what is open; the shift ends on the "
                      f"clock, or press {wait} to skip ahead to the debrief.", 13, width)
    rect = done_rect(desk)
    with overlay(surface):
        pygame.draw.rect(surface, hex_rgb(pal.panel), rect, border_radius=8)
        pygame.draw.rect(surface, hex_rgb(pal.good), rect, width=2, border_radius=8)
        for i, line in enumerate(lines):
            surface.blit(text.render(line, 13, pal.text),
                         (rect.x + PAD, rect.y + PAD + i * text.line_height(13)))


def done_rect(desk: DeskScreen) -> pygame.Rect:
    """Where the all-done note goes (over the bottom of the schedule)."""
    text, sched = desk.app.text, desk.layout.schedule
    wait = desk.app.settings.keys.get("wait", "w").upper()
    lines = text.wrap("Every guided step done. Finish what is open; the shift ends on the "
                      f"clock, or press {wait} to skip ahead to the debrief.", 13,
                      sched.width - 2 * PAD)
    height = min(sched.height, 2 * PAD + len(lines) * text.line_height(13))
    return pygame.Rect(sched.x, sched.bottom - height, sched.width, height)
