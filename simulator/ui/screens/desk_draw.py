"""Drawing the desk's information panels from the view (no input handling here).

Mood and urgency are shown by shape and word as well as colour: calm people are circles,
anxious ones carry a "~", defensive ones a "!" triangle, people at risk an "X" octagon.
"""

from __future__ import annotations

import math

import pygame

from simulator.engine.view import TaskView, View
from simulator.ui.theme import Palette, hex_rgb
from simulator.ui.widgets import TextCache, panel

URGENCY_WORD = {"emergency": "EMERG", "urgent": "URGENT", "routine": "ROUTINE", "low": "LOW"}
STAGE_WORD = {"anxiety": "anxious", "defensive": "defensive", "risk_behaviour": "at risk",
              "tension_reduction": "calming"}


def urgency_colour(pal: Palette, urgency: str) -> str:
    """Colour of an urgency class."""
    return {"emergency": pal.emergency, "urgent": pal.urgent, "routine": pal.routine,
            "low": pal.low}[urgency]


def mood(agitation: int) -> str:
    """Mood bucket for the waiting room."""
    if agitation >= 70:
        return "risk"
    if agitation >= 40:
        return "defensive"
    if agitation >= 25:
        return "anxious"
    return "calm"


def draw_top(surface, text: TextCache, pal: Palette, view: View, title: str, mode: str,
             cue: str, top: pygame.Rect, right: int) -> None:
    """Clock, scenario and mode, system status, the synthetic-data label, the clock cue.

    Everything left of ``right`` (where the Pause button starts). When one row cannot hold
    it all (large text), the scenario, the cue and the label go on a second row.
    """
    pygame.draw.rect(surface, hex_rgb(pal.panel), top, border_radius=6)
    clock = text.render(view.clock, 26, pal.text, bold=True)
    surface.blit(clock, (top.x + 10, top.y + 3))
    if not view.power_up:
        status = "POWER FAILURE" + (" - lines on cell phone" if view.rerouted else "")
        colour = pal.bad
    elif not view.ehr_up:
        status = "EHR DOWN: " + ("paper mode" if view.paper_mode else "switch to paper")
        colour = pal.warn
    else:
        status, colour = "EHR up", pal.good
    heading = f"{title}  -  {mode}"
    label = "SYNTHETIC TRAINING DATA"
    row_h = text.line_height(16)
    x = top.x + 20 + clock.get_width()
    one_row = top.height < text.line_height(26) + text.line_height(16)  # see top_height
    y1 = top.y + (clock.get_height() - row_h) // 2 + 3
    if status != "EHR up":
        mid = y1 + row_h // 2
        pygame.draw.polygon(surface, hex_rgb(colour),
                            [(x, mid + 9), (x + 10, mid - 9), (x + 20, mid + 9)])
        x += 28
    surface.blit(text.render(status, 16, colour, bold=True), (x, y1))
    x += text.width(status, 16, True) + 24
    cue_w = text.width(cue, 14, True) + 24 if cue else 0
    if one_row:
        y2, x2, end = y1, x, right - 12
    else:
        y2, x2, end = top.y + clock.get_height() + 4, top.x + 10, top.right - 12
        if cue and x + cue_w <= right - 12:  # room beside the status: the cue goes there
            surface.blit(text.render(cue, 14, pal.focus, bold=True), (x, y1 + 1))
            cue, cue_w = "", 0
    room = end - x2 - text.width(label, 13) - 24 - cue_w
    if not text.fits(heading, 16, room):
        heading = title  # the mode is also on the Pause/Menu button and the briefing
    surface.blit(text.render(heading, 16, pal.muted, width=room), (x2, y2))
    x2 += min(room, text.width(heading, 16)) + 24
    if cue:
        surface.blit(text.render(cue, 14, pal.focus, bold=True), (x2, y2 + 1))
    surface.blit(text.render(label, 13, pal.muted), (end - text.width(label, 13), y2 + 2))


def top_height(text: TextCache, width: int, title: str) -> int:
    """The status bar's height: one row, or two when large text cannot fit in one.

    Sized for the widest it gets in this scenario (``title``, an outage, the fast-forward
    cue), so the bar does not change height during the shift.
    """
    one = text.line_height(26) + 6
    wide = text.width("00:00", 26, True) + text.width("EHR DOWN: switch to paper", 16, True) \
        + text.width(f"{title}  -  assessment", 16) \
        + text.width("SYNTHETIC TRAINING DATA", 13) + text.width(">> fast-forward", 14, True) \
        + text.width("Pause (Esc)", 15) + 160
    return one if wide <= width else one + text.line_height(16) + 6


LINE_WORD = {"ringing": "RINGING", "talking": "TALKING", "hold": "ON HOLD", "idle": "idle"}


def line_colour(pal: Palette, status: str) -> str:
    """Colour of a line's state (the state word is always shown too)."""
    return {"ringing": pal.emergency, "hold": pal.urgent, "talking": pal.good,
            "idle": pal.low}[status]


def line_label(view: View, number: int, press: str, text: TextCache, width: int) -> str:
    """A phone line's card, in words: state, time in state, caller and what a press does.

    At large text the words shorten ("Line 1" to "1", the press word dropped: the key is
    in the legend) before they would wrap to more rows than the card has.
    """
    ln = next(ln for ln in view.lines if ln.number == number)
    since = view.now - ln.since
    head = f"Line {ln.number}  {LINE_WORD[ln.status]}"
    if ln.status == "idle":
        return head
    head += f" {since // 60}:{since % 60:02d}"
    if not text.fits(head, 13, width):
        head = head.replace("Line ", "").replace("  ", " ")
    caller = ln.caller or "caller"
    second = f"{caller}  -  {press}"
    return f"{head}\n{second if text.fits(second, 13, width) else caller}"


def _person_icon(surface, pal: Palette, centre: tuple[int, int], state: str) -> None:
    """Body plus a mood mark whose shape carries the meaning without colour."""
    cx, cy = centre
    pygame.draw.circle(surface, hex_rgb("#c9d1db"), (cx, cy), 15)
    mx, my = cx + 13, cy - 13
    colour = {"calm": pal.good, "anxious": pal.warn, "defensive": pal.urgent,
              "risk": pal.bad}[state]
    if state == "calm":
        pygame.draw.circle(surface, hex_rgb(colour), (mx, my), 7)
        pygame.draw.line(surface, hex_rgb(pal.bg), (mx - 3, my), (mx + 3, my), 2)
    elif state == "anxious":
        pygame.draw.circle(surface, hex_rgb(colour), (mx, my), 7)
        pygame.draw.arc(surface, hex_rgb(pal.bg), (mx - 4, my - 3, 4, 5), 0, math.pi, 2)
        pygame.draw.arc(surface, hex_rgb(pal.bg), (mx, my - 2, 4, 5), math.pi, 2 * math.pi, 2)
    elif state == "defensive":
        pygame.draw.polygon(surface, hex_rgb(colour), [(mx, my - 8), (mx - 8, my + 6),
                                                       (mx + 8, my + 6)])
        pygame.draw.line(surface, hex_rgb(pal.bg), (mx, my - 3), (mx, my + 1), 2)
        pygame.draw.circle(surface, hex_rgb(pal.bg), (mx, my + 4), 1)
    else:
        pts = [(mx + 8 * math.cos(math.pi / 8 + i * math.pi / 4),
                my + 8 * math.sin(math.pi / 8 + i * math.pi / 4)) for i in range(8)]
        pygame.draw.polygon(surface, hex_rgb(colour), pts)
        pygame.draw.line(surface, hex_rgb(pal.bg), (mx - 3, my - 3), (mx + 3, my + 3), 2)
        pygame.draw.line(surface, hex_rgb(pal.bg), (mx - 3, my + 3), (mx + 3, my - 3), 2)


def waiting_people(view: View) -> list[TaskView]:
    """People physically in the waiting room (desk tasks)."""
    return [t for t in view.tasks if t.channel == "desk"]


#: How an emergency in the room is named where it happens.
SCENE_WORD = {"medical_emergency": "COLLAPSE", "threat": "THREAT"}


def draw_waiting(surface, text: TextCache, pal: Palette, view: View, rect: pygame.Rect,
                 hits: list[tuple[pygame.Rect, str]]) -> None:
    """The room: emergencies first, where they happen, then people with minutes waited.

    A collapse or a threat is a marked scene (an octagon and a word), with the words of
    what is happening and who is there; everyone else is a figure with a mood mark whose
    shape carries the mood without colour. Fills ``hits`` for clicks.
    """
    hits.clear()
    people = sorted(waiting_people(view), key=lambda t: t.arrived)
    scenes = [t for t in people if t.kind in SCENE_WORD]
    people = [t for t in people if t.kind not in SCENE_WORD]
    longest = max((view.now - t.arrived for t in people), default=0) // 60
    title = f"WAITING ROOM ({len(people)})  longest {longest} min"
    for shorter in (f"WAITING ({len(people)}) {longest} min", f"WAITING ({len(people)})"):
        if not text.fits(title, 15, rect.width - 20, True):
            title = shorter
    y = panel(surface, rect, pal, title, text) + 4
    inner = rect.width - 16
    for scene in scenes:
        lines = text.wrap(f"{SCENE_WORD[scene.kind]}: {scene.words}", 13, inner - 40)
        room = (rect.bottom - 4 - y - 8) // text.line_height(13)
        if room < 1:
            # No room for the scene's box: one line still says what is happening here.
            words = f"! {SCENE_WORD[scene.kind]} here"
            if y + text.line_height(13) <= rect.bottom - 2:
                surface.blit(text.render(words, 13, pal.emergency, bold=True), (rect.x + 10, y))
                hits.append((pygame.Rect(rect.x + 8, y, inner, text.line_height(13)), scene.id))
                y += text.line_height(13)
            break
        if len(lines) > room:  # the words are in full in the centre panel when selected
            lines = text.wrap(f"{SCENE_WORD[scene.kind]}: {scene.title}", 13, inner - 40)
            lines = lines[:room]
        height = len(lines) * text.line_height(13) + 8
        box = pygame.Rect(rect.x + 8, y, inner, height)
        pygame.draw.rect(surface, hex_rgb(pal.bg), box, border_radius=5)
        pygame.draw.rect(surface, hex_rgb(pal.emergency), box, width=2, border_radius=5)
        _person_icon(surface, pal, (box.x + 18, box.y + 22), "risk")
        for i, line in enumerate(lines):
            surface.blit(text.render(line, 13, pal.text, bold=i == 0),
                         (box.x + 40, box.y + 4 + i * text.line_height(13)))
        hits.append((box, scene.id))
        y += height + 4
    cell_w = max(56, text.width("WW 88m", 12) + 10)
    cell_h = 40 + text.line_height(12)
    cols = max(1, inner // cell_w)
    cell_w = inner // cols
    rows = max(0, (rect.bottom - y - 4) // cell_h)
    more_h = text.line_height(13)
    if rows * cols < len(people) and rows > 0 and y + rows * cell_h + more_h > rect.bottom - 4:
        rows -= 1  # room for the "+N more" line
    shown = people[: cols * rows]
    for i, person in enumerate(shown):
        r, col = divmod(i, cols)
        cx = rect.x + 8 + col * cell_w + cell_w // 2
        cy = y + r * cell_h + 20
        _person_icon(surface, pal, (cx, cy), mood(person.agitation))
        name = person.record.name if person.record else person.title.split(": ")[-1]
        initials = "".join(p[0] for p in name.split()[:2]).upper()
        mins = (view.now - person.arrived) // 60
        label = text.render(f"{initials} {mins}m", 12, pal.text)
        surface.blit(label, label.get_rect(midtop=(cx, cy + 18)))
        hits.append((pygame.Rect(cx - cell_w // 2, cy - 20, cell_w, cell_h), person.id))
    extra = len(people) - len(shown)
    if extra > 0:
        words = f"+{extra} more (Up/Down in TASKS)"
        more = text.render(words if text.fits(words, 13, inner) else f"+{extra} more", 13,
                           pal.muted)
        used = y + -(-len(shown) // cols) * cell_h  # below the scenes and the figures
        if rect.bottom - more.get_height() - 4 >= used:
            surface.blit(more, (rect.x + 10, rect.bottom - more.get_height() - 4))


def slot_state(slot, now: int, arrived: frozenset[str], out: bool) -> str:
    """A slot in words: free, booked, arrived, no-show (booked, 15 min late) or out."""
    if out and slot.booked:
        return "to move (provider out)"
    if not slot.booked:
        return "free"
    if slot.id in arrived:
        return "arrived"
    if now > slot.start + 15 * 60:
        return "no-show"
    return "booked"


def draw_schedule(surface, text: TextCache, pal: Palette, view: View, rect: pygame.Rect,
                  arrived: frozenset[str], focused: str | None,
                  hits: list[tuple[pygame.Rect, str]]) -> None:
    """Each provider's day as a column of slots, with the hours, a now line and a key.

    Booked slots are filled, free ones outlined, no-shows crossed, a provider who is out
    hatched; the focused slot (a click, or L) is named in words under the title. At large
    text, when the bars have no room, the slot's words are what the panel shows.
    """
    hits.clear()
    y = panel(surface, rect, pal, "SCHEDULE", text)
    small = text.line_height(11)
    slot = next((s for s in view.slots if s.id == focused), None)
    if slot is not None:
        titles = {p.id: p.title for p in view.providers}
        name = view.appointment_types.get(slot.type_id, {}).get("name", slot.type_id)
        state = slot_state(slot, view.now, arrived, slot.provider_id in view.out_providers)
        words = f"{view.clock_at(slot.start)} {titles.get(slot.provider_id, '')}: {state}, {name}"
        room = max(1, (rect.bottom - 4 - y) // small)
        lines = text.wrap(words, 11, rect.width - 20)
        if len(lines) > room:
            lines = text.wrap(f"{view.clock_at(slot.start)} {state}", 11, rect.width - 20)
        for line in lines[:room]:
            surface.blit(text.render(line, 11, pal.focus), (rect.x + 10, y))
            y += small
    else:
        key = "filled booked  dot arrived  outline free  X no-show  / out"
        if not text.fits(key, 11, rect.width - 20):
            key = "filled booked  outline free  X no-show"
        if rect.bottom - y < 3 * small + 12:
            key = "L: read it slot by slot"  # no room for the bars at this text size
        if text.fits(key, 11, rect.width - 20) and y + small <= rect.bottom - 2:
            surface.blit(text.render(key, 11, pal.muted), (rect.x + 10, y))
            y += small
    n = max(1, len(view.providers))
    hours_w = text.width("00", 11) + 6
    col_w = (rect.width - 16 - hours_w) // n
    y += small + 2  # provider names
    height = rect.bottom - y - 6
    if height < 12:
        return
    first = min((p.start for p in view.providers), default=0)
    last = max((p.end for p in view.providers), default=1)
    span = max(1, last - first)
    free_from = y
    for hour in range(first // 3600 + 1, last // 3600 + 1):
        hy = y + (hour * 3600 - first) * height // span
        label = text.render(view.clock_at(hour * 3600)[:2], 11, pal.muted)
        # Only the hours there is room for: at large text every second or third one.
        if hy >= free_from and hy + label.get_height() <= rect.bottom - 2:
            surface.blit(label, (rect.x + 8, hy))
            free_from = hy + label.get_height()
    arrived_set = arrived
    for i, prov in enumerate(view.providers):
        x = rect.x + 8 + hours_w + i * col_w
        out = prov.id in view.out_providers
        short = _short_name(text, prov.title, out, col_w - 6)
        name = text.render(short, 11, pal.bad if out else pal.text)
        surface.blit(name, (x, y - small - 1))
        if out:  # struck through: out is shown by shape as well as colour
            mid = y - small - 1 + name.get_height() // 2
            pygame.draw.line(surface, hex_rgb(pal.bad), (x, mid), (x + name.get_width(), mid), 2)
        for s in (s for s in view.slots if s.provider_id == prov.id):
            top = y + (s.start - first) * height // span
            h = max(3, s.minutes * 60 * height // span - 1)
            box = pygame.Rect(x, top, col_w - 6, h)
            state = slot_state(s, view.now, arrived_set, out)
            if state == "free":
                pygame.draw.rect(surface, hex_rgb(pal.muted), box, width=1)
            else:
                colour = {"to move (provider out)": pal.bad, "no-show": pal.warn,
                          "arrived": pal.good}.get(state, pal.routine)
                pygame.draw.rect(surface, hex_rgb(colour), box)
                if state == "arrived" and box.height >= 6:  # a dot: shape, not colour alone
                    pygame.draw.circle(surface, hex_rgb(pal.bg), box.center,
                                       max(2, min(box.height, box.width) // 4))
                if state == "no-show":
                    pygame.draw.line(surface, hex_rgb(pal.bg), box.topleft, box.bottomright, 2)
                    pygame.draw.line(surface, hex_rgb(pal.bg), box.bottomleft, box.topright, 2)
                if out:
                    for hx in range(box.x, box.right, 6):
                        pygame.draw.line(surface, hex_rgb(pal.bg), (hx, box.bottom - 1),
                                         (min(box.right - 1, hx + h), box.top), 1)
            if s.id == focused:
                pygame.draw.rect(surface, hex_rgb(pal.focus), box.inflate(4, 4), width=2)
            hits.append((box, s.id))
    now_y = y + (view.now - first) * height // span
    if y <= now_y <= y + height:
        pygame.draw.line(surface, hex_rgb(pal.focus), (rect.x + 8, now_y),
                         (rect.right - 8, now_y), 2)


def _short_name(text: TextCache, title: str, out: bool, width: int) -> str:
    """A provider's surname, shortened until it fits a schedule column (full name on L)."""
    surname = title.split(",")[0].split()[-1]
    tries = [surname + (" OUT" if out else ""), surname, surname[:4] + ".", surname[:2] + "."]
    return next((t for t in tries if text.fits(t, 11, width)), surname[:1])
