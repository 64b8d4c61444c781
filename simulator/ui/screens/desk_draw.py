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

# Layout (1280 x 720), following the wireframe.
TOP = pygame.Rect(8, 6, 1264, 40)
PHONE = pygame.Rect(8, 52, 300, 250)
WAITING = pygame.Rect(8, 308, 300, 300)
CENTER = pygame.Rect(316, 52, 640, 556)
QUEUE = pygame.Rect(964, 52, 308, 300)
INBOX = pygame.Rect(964, 358, 308, 118)
SCHEDULE = pygame.Rect(964, 482, 308, 126)
BOTTOM = pygame.Rect(8, 614, 1264, 100)

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
             cue: str) -> None:
    """Clock, scenario and mode, system status, the synthetic-data label, the clock cue."""
    pygame.draw.rect(surface, hex_rgb(pal.panel), TOP, border_radius=6)
    surface.blit(text.render(view.clock, 26, pal.text, bold=True), (TOP.x + 10, TOP.y + 2))
    surface.blit(text.render(f"{title}  -  {mode}", 16, pal.muted, width=330),
                 (TOP.x + 110, TOP.y + 10))
    x = TOP.x + 470
    if not view.power_up:
        status, colour = "POWER FAILURE" + (" - lines on mobile" if view.rerouted else ""), pal.bad
    elif not view.ehr_up:
        status = "EHR DOWN: " + ("paper mode" if view.paper_mode else "switch to paper")
        colour = pal.warn
    else:
        status, colour = "EHR up", pal.good
    if status != "EHR up":
        pygame.draw.polygon(surface, hex_rgb(colour),
                            [(x, TOP.y + 30), (x + 10, TOP.y + 10), (x + 20, TOP.y + 30)])
        x += 28
    surface.blit(text.render(status, 16, colour, bold=True), (x, TOP.y + 10))
    surface.blit(text.render("SYNTHETIC TRAINING DATA", 13, pal.muted), (TOP.right - 330,
                                                                         TOP.y + 12))
    if cue:
        surface.blit(text.render(cue, 14, pal.focus, bold=True),
                     (TOP.right - 480, TOP.y + 11))  # between status and label


def draw_phone(surface, text: TextCache, pal: Palette, view: View) -> None:
    """The lines: number badge, state word, caller ID and time in state."""
    y = panel(surface, PHONE, pal, f"PHONE ({len(view.lines)} lines)", text) + 2
    colours = {"ringing": pal.emergency, "hold": pal.urgent, "talking": pal.good,
               "idle": pal.low}
    height = min(48, (PHONE.bottom - y - 6) // max(1, len(view.lines)))
    for ln in view.lines:
        card = pygame.Rect(PHONE.x + 8, y, PHONE.width - 16, height - 4)
        pygame.draw.rect(surface, hex_rgb(pal.bg), card, border_radius=5)
        colour = colours[ln.status]
        pygame.draw.circle(surface, hex_rgb(colour), (card.x + 14, card.centery), 10)
        num = text.render(str(ln.number), 13, pal.bg, bold=True)
        surface.blit(num, num.get_rect(center=(card.x + 14, card.centery)))
        since = view.now - ln.since
        word = ln.status.upper() if ln.status != "hold" else "ON HOLD"
        label = word if ln.status == "idle" else f"{word} {since // 60}:{since % 60:02d}"
        surface.blit(text.render(label, 13, colour, bold=True), (card.x + 32, card.y + 2))
        if ln.caller:
            surface.blit(text.render(ln.caller, 13, pal.text, width=card.width - 120),
                         (card.x + 32, card.y + 2 + text.line_height(13) - 2))
        y += height


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


def draw_waiting(surface, text: TextCache, pal: Palette, view: View,
                 hits: list[tuple[pygame.Rect, str]]) -> None:
    """People as icons with initials and minutes waited; fills ``hits`` for clicks."""
    people = sorted(waiting_people(view), key=lambda t: t.arrived)
    longest = max((view.now - t.arrived for t in people), default=0) // 60
    y0 = panel(surface, WAITING, pal, f"WAITING ROOM ({len(people)})   longest {longest} min",
               text) + 8
    cols = 5
    cell_w, cell_h = (WAITING.width - 16) // cols, 56
    rows = max(1, (WAITING.bottom - y0 - 4) // cell_h)
    hits.clear()
    for i, person in enumerate(people[: cols * rows]):
        r, col = divmod(i, cols)
        cx = WAITING.x + 8 + col * cell_w + cell_w // 2
        cy = y0 + r * cell_h + 16
        _person_icon(surface, pal, (cx, cy), mood(person.agitation))
        name = person.record.name if person.record else person.title.split(": ")[-1]
        initials = "".join(p[0] for p in name.split()[:2]).upper()
        mins = (view.now - person.arrived) // 60
        label = text.render(f"{initials} {mins}m", 12, pal.text)
        surface.blit(label, label.get_rect(center=(cx, cy + 24)))
        hits.append((pygame.Rect(cx - 24, cy - 20, 48, 52), person.id))
    extra = len(people) - cols * rows
    if extra > 0:
        surface.blit(text.render(f"+{extra} more", 13, pal.muted),
                     (WAITING.right - 80, WAITING.bottom - 20))


def draw_schedule(surface, text: TextCache, pal: Palette, view: View) -> None:
    """Each provider's day as a bar of slots: booked, open, or out (hatched)."""
    names = " | ".join(p.title.split(",")[0] + (" (OUT)" if p.id in view.out_providers else "")
                       for p in view.providers)
    y = panel(surface, SCHEDULE, pal, f"SCHEDULE  {names}", text) + 4
    n = max(1, len(view.providers))
    col_w = (SCHEDULE.width - 16) // n
    for i, prov in enumerate(view.providers):
        x = SCHEDULE.x + 8 + i * col_w
        slots = [s for s in view.slots if s.provider_id == prov.id]
        if not slots:
            continue
        span = max(1, prov.end - prov.start)
        height = SCHEDULE.bottom - y - 6
        out = prov.id in view.out_providers
        for s in slots:
            top = y + (s.start - prov.start) * height // span
            h = max(2, s.minutes * 60 * height // span - 1)
            colour = pal.bad if out and s.booked else (pal.routine if s.booked else pal.bg)
            pygame.draw.rect(surface, hex_rgb(colour), (x, top, col_w - 8, h))
        now_y = y + (view.now - prov.start) * height // span
        if y <= now_y <= y + height:
            pygame.draw.line(surface, hex_rgb(pal.focus), (x, now_y), (x + col_w - 8, now_y), 2)


def draw_card_vs_record(surface, text: TextCache, pal: Palette, task: TaskView,
                        top: int) -> int:
    """The card the patient handed over beside the record (Papers, Please style)."""
    width = (CENTER.width - 36) // 2
    left = pygame.Rect(CENTER.x + 12, top, width, 178)
    right = pygame.Rect(left.right + 12, top, width, 178)
    for rect, title in ((left, "Insurance card (from patient)"), (right, "Record (EHR)")):
        pygame.draw.rect(surface, hex_rgb(pal.bg), rect, border_radius=5)
        surface.blit(text.render(title, 14, pal.muted, bold=True), (rect.x + 8, rect.y + 4))
    card, rec = task.card, task.record

    def rows(ins, dob):
        if ins is None:
            return [("Coverage", "self-pay / none on file")]
        return [("Name", ins.subscriber), ("DOB", dob or "-"), ("Payer", ins.payer_name),
                ("Member ID", ins.member_id), ("Group", ins.group),
                ("Valid", f"{ins.valid_from} to {ins.valid_to}")]

    left_rows = rows(card, task.card_dob)
    right_rows = rows(rec.record, rec.dob) if rec else [("EHR", "unavailable (downtime)")]
    for rect, content in ((left, left_rows), (right, right_rows)):
        y = rect.y + 26
        for label, value in content:
            surface.blit(text.render(label, 12, pal.muted), (rect.x + 8, y))
            surface.blit(text.render(str(value), 14, pal.text, width=rect.width - 100),
                         (rect.x + 90, y - 1))
            y += 24
    return left.bottom + 8
