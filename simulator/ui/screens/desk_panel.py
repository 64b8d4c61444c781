"""The desk's centre panel and bottom bar.

The centre shows the current task (its card and record, the conversation, the outage and
emergency overlays); the bottom bar shows feedback, the hint and the keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.engine.view import View
from simulator.ui.screens import desk_draw as dd
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import TextCache, panel

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen

REPLY_TOP = dd.CENTER.y + 214
REPLY_HEIGHT = 54
KIND_WORD = {"checkin": "CHECK-IN", "walk_in": "WALK-IN", "call": "CALL", "inbox": "INBOX",
             "angry_patient": "UPSET PATIENT", "callout": "CLINICIAN OUT",
             "medical_emergency": "EMERGENCY", "threat": "THREAT",
             "privacy_request": "INFORMATION REQUEST", "telehealth": "TELEHEALTH",
             "ehr_outage": "EHR OUTAGE", "power_outage": "POWER FAILURE"}


def reply_rects(text: TextCache, choices: tuple[str, ...]) -> list[pygame.Rect]:
    """Where the reply buttons go (one per choice)."""
    width = dd.CENTER.width - 24
    return [pygame.Rect(dd.CENTER.x + 12, REPLY_TOP + i * (REPLY_HEIGHT + 4), width,
                        REPLY_HEIGHT) for i in range(len(choices))]


def draw_center(surface: pygame.Surface, desk: DeskScreen, v: View) -> None:
    """The current task, or the reconciliation form, or a prompt to pick a task."""
    pal, text = desk.app.palette, desk.app.text
    task = desk.current_task()
    if v.ehr_up and any(not p.reconciled for p in v.paper):
        y = panel(surface, dd.CENTER, pal, "EHR IS BACK: enter the paper records", text)
        _reconcile(surface, desk, v, y + 40)
        return
    if task is None:
        y = panel(surface, dd.CENTER, pal, "No task selected", text) + 40
        for line in ("Pick a task in the queue (Up/Down or click), answer a ringing line,",
                     "or click a person in the waiting room."):
            surface.blit(text.render(line, 16, pal.muted), (dd.CENTER.x + 16, y))
            y += text.line_height(16)
        return
    colour = dd.urgency_colour(pal, task.urgency)
    title = f"{KIND_WORD.get(task.kind, task.kind.upper())}  -  {task.title}"
    y = panel(surface, dd.CENTER, pal, None, text)
    pygame.draw.rect(surface, hex_rgb(colour), (dd.CENTER.x, dd.CENTER.y, 6, dd.CENTER.height),
                     border_top_left_radius=6, border_bottom_left_radius=6)
    surface.blit(text.render(title, 16, pal.text, bold=True, width=dd.CENTER.width - 30),
                 (dd.CENTER.x + 14, dd.CENTER.y + 6))
    y = dd.CENTER.y + 34 + (36 if any(k.startswith("sys-") for k in desk.buttons) else 0)
    if desk.choice is not None:
        surface.blit(text.render(desk.choice[0] + " (choose a number, Esc to cancel)", 16,
                                 pal.accent, bold=True), (dd.CENTER.x + 14, y))
        y += 30
    words = task.words or ("(ringing: answer to hear the caller)" if task.channel == "phone"
                           else "")
    if task.dialogue is not None:
        words = task.dialogue.says
    for line in text.wrap(f'"{words}"' if words else "", 15, dd.CENTER.width - 40)[:4]:
        surface.blit(text.render(line, 15, pal.text), (dd.CENTER.x + 14, y))
        y += text.line_height(15)
    y += 6
    facts = _facts(task, v)
    if facts:
        surface.blit(text.render(facts, 14, pal.muted, width=dd.CENTER.width - 30),
                     (dd.CENTER.x + 14, y))
        y += text.line_height(14) + 4
    if task.dialogue is not None and desk.choice is None:
        _agitation(surface, text, pal, task.dialogue.agitation, task.dialogue.stage,
                   REPLY_TOP - 28)
    elif task.card is not None or (task.kind in ("checkin", "walk_in") and task.record):
        dd.draw_card_vs_record(surface, text, pal, task, y)
    elif task.record is not None:
        _record(surface, text, pal, task, y + 4)
    elif task.kind == "callout":
        _callout(surface, text, pal, task, v, y + 4)


def _callout(surface, text: TextCache, pal, task, v: View, y: int) -> None:
    """The absent clinician's visits: time, type, and whether moved and told."""
    moved, told = set(task.progress.get("moved", [])), set(task.progress.get("notified", []))
    slots = {s.id: s for s in v.slots}
    for slot_id in task.request.get("slots", [])[:14]:
        slot = slots.get(slot_id)
        if slot is None:
            continue
        name = v.appointment_types.get(slot.type_id, {}).get("name", slot.type_id)
        state = ("moved and told" if slot_id in told else "moved, not told yet"
                 if slot_id in moved else "to move")
        colour = pal.good if slot_id in told else pal.warn if slot_id in moved else pal.text
        surface.blit(text.render(f"{v.clock_at(slot.start)}  {name}", 14, pal.text),
                     (dd.CENTER.x + 14, y))
        surface.blit(text.render(state, 14, colour), (dd.CENTER.x + 300, y))
        y += text.line_height(14) + 2


def _record(surface, text: TextCache, pal, task, y: int) -> None:
    """The caller's or requester's patient record, as the EHR shows it."""
    box = pygame.Rect(dd.CENTER.x + 14, y, 380, 122)
    pygame.draw.rect(surface, hex_rgb(pal.bg), box, border_radius=5)
    rec = task.record
    coverage = rec.record.payer_name if rec.record else "self-pay"
    rows = (("Patient", rec.name), ("DOB", rec.dob), ("Phone", rec.phone),
            ("Coverage", coverage))
    surface.blit(text.render("Record (EHR)", 13, pal.muted, bold=True), (box.x + 8, box.y + 4))
    for i, (label, value) in enumerate(rows):
        surface.blit(text.render(label, 12, pal.muted), (box.x + 8, box.y + 26 + i * 23))
        surface.blit(text.render(value, 14, pal.text, width=box.width - 100),
                     (box.x + 90, box.y + 25 + i * 23))


def _facts(task, v: View) -> str:
    """One line of what is known: identity checked, insurance, request details."""
    bits = []
    if task.identity:
        bits.append("ID: " + " + ".join(task.identity))
    if task.insurance:
        bits.append("card: " + ("matches" if task.insurance == "match" else
                                f"flagged {task.insurance}"))
    if task.copay:
        bits.append("copay collected")
    if task.preauth:
        bits.append("pre-auth requested")
    if task.authorized is not None:
        bits.append("authorized: " + ("yes" if task.authorized else "NO - not on file"))
    req = task.request
    # What the person asked for, as the request form holds it (callers asking about a visit).
    books = task.kind in ("checkin", "walk_in", "call")
    if books and req.get("appointment_type") in v.appointment_types:
        bits.append("wants: " + v.appointment_types[req["appointment_type"]]["name"])
    if books and req.get("days_out"):
        bits.append(f"in ~{req['days_out']} business days")
    if task.self_pay:
        bits.append("SELF-PAY")
    if req.get("account_note"):
        bits.append(req["account_note"])
    if task.kind == "callout":
        bits.append(f"moved {len(task.progress.get('moved', []))}/{len(req.get('slots', []))},"
                    f" told {len(task.progress.get('notified', []))}")
    return "   ".join(bits)


def _agitation(surface, text: TextCache, pal, agitation: int, stage: str, y: int) -> None:
    """A meter with a word: colour is never the only signal."""
    x = dd.CENTER.x + 14
    surface.blit(text.render(f"Agitation: {dd.STAGE_WORD.get(stage, stage)}", 14, pal.text,
                             bold=True), (x, y))
    bar = pygame.Rect(x + 200, y + 4, 300, 12)
    pygame.draw.rect(surface, hex_rgb(pal.bg), bar)
    colour = pal.good if agitation < 40 else pal.warn if agitation < 70 else pal.bad
    pygame.draw.rect(surface, hex_rgb(colour), (bar.x, bar.y, bar.width * agitation // 100,
                                                bar.height))
    for mark in (40, 70):
        mx = bar.x + bar.width * mark // 100
        pygame.draw.line(surface, hex_rgb(pal.text), (mx, bar.y - 2), (mx, bar.bottom + 2))


def _reconcile(surface, desk: DeskScreen, v: View, y: int) -> None:
    pal, text = desk.app.palette, desk.app.text
    entry = next((p for p in v.paper if p.id == desk.reconciling), None)
    left = [p for p in v.paper if not p.reconciled]
    surface.blit(text.render(f"{len(left)} paper record(s) to enter. Type what the paper "
                             "says; spelling of abbreviations and case do not matter.", 14,
                             pal.muted, width=dd.CENTER.width - 30), (dd.CENTER.x + 14, y))
    if entry is None:
        return
    box = pygame.Rect(dd.CENTER.x + 14, y + 34, 420, 110)
    pygame.draw.rect(surface, hex_rgb("#f3ecd2"), box, border_radius=4)
    ink = "#1d2a44"
    for i, line in enumerate((f"Paper record {entry.id}", f"Name: {entry.name}",
                              f"DOB: {entry.dob}", f"Arrived: {entry.arrived}")):
        surface.blit(text.render(line, 15, ink, bold=i == 0), (box.x + 10, box.y + 6 + i * 24))
    for label, x in (("Name", 0), ("Date of birth", 262), ("Arrived", 414)):
        surface.blit(text.render(label, 13, pal.muted), (dd.CENTER.x + 12 + x, y + 174))


def draw_bottom(surface: pygame.Surface, desk: DeskScreen, v: View) -> None:
    """Practice feedback, the hint, and the key help line."""
    pal, text = desk.app.palette, desk.app.text
    x, y = dd.BOTTOM.x + 12, dd.BOTTOM.y + 8
    hint_y = y + 26
    if desk.toast is not None and desk.toast_left > 0:
        colour = {"good": pal.good, "bad": pal.bad, "info": pal.accent}[desk.toast.tone]
        mark = {"good": "+", "bad": "!", "info": "i"}[desk.toast.tone]
        # Two lines at most, so the hint and the key line keep their places below it.
        lines = text.wrap(f"[{mark}] {desk.toast.text}", 15, dd.BOTTOM.width - 140)
        if len(lines) > 2:
            lines = [lines[0], " ".join(lines[1:])]
        step = text.line_height(15)
        for i, line in enumerate(lines):
            surface.blit(text.render(line, 15, colour, width=dd.BOTTOM.width - 140),
                         (x, y + i * step))
        hint_y = y + len(lines) * step + 2
    if desk.hint and desk.session.mode == "practice":
        surface.blit(text.render(f"Hint: {desk.hint}", 15, pal.text,
                                 width=dd.BOTTOM.width - 140), (x, hint_y))
    keys = desk.app.settings.keys
    help_line = (f"[Tab] next  [Shift+Tab] back  [Enter] select  [{keys['greet'].upper()}] "
                 f"greet  [{keys['answer'].upper()}] "
                 f"answer  [{keys['hold'].upper()}] hold  [{keys['transfer'].upper()}] transfer"
                 f"  [{keys['emergency_script']}] 911 script  [{keys['reference'].upper()}] "
                 f"reference  [F1-F4] replies  "
                 f"[Up/Down] tasks  [{keys['wait'].upper()}] wait  [Esc] pause  "
                 f"[{keys['settings'].upper()}] settings")
    surface.blit(text.render(help_line, 13, pal.muted, width=dd.BOTTOM.width - 24),
                 (x, dd.BOTTOM.bottom - 24))
