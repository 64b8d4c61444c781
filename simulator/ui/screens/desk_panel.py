"""The desk's centre panel, planned as a scrolling column (the bottom bar: ``desk_bottom``).

The centre shows the current task: what the person says, what is known, the replies, the
actions, then the card and record. :func:`plan_center` lays all of it out as one column
from the text sizes in use, so nothing overlaps at any text size; when the column is taller
than the panel it scrolls (PgUp/PgDn, the wheel, or Tab onto a button out of view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from simulator.engine.view import TaskView, View
from simulator.protocol import CALL_AGAIN_AFTER
from simulator.ui.screens import desk_draw as dd
from simulator.ui.screens.desk_actions import is_everyday
from simulator.ui.screens.desk_everyday import plan_everyday
from simulator.ui.screens.desk_layout import button_height, grid, label_width
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import TextCache, panel

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen

KIND_WORD = {"checkin": "CHECK-IN", "walk_in": "WALK-IN", "call": "CALL", "inbox": "INBOX",
             "angry_patient": "UPSET PATIENT", "callout": "CLINICIAN OUT",
             "medical_emergency": "EMERGENCY", "threat": "THREAT",
             "privacy_request": "INFORMATION REQUEST", "telehealth": "TELEHEALTH",
             "ehr_outage": "EHR OUTAGE", "power_outage": "POWER FAILURE",
             "checkout": "CHECK-OUT", "records_request": "RECORDS REQUEST",
             "worklist": "WORKLIST", "drawer": "CASH DRAWER"}
PAD = 14
#: Paints one block at a screen y.
Paint = Callable[[pygame.Surface, int], None]


@dataclass
class Block:
    """Drawn content of the column: its top (unscrolled screen y), height and painter."""

    y: int
    h: int
    paint: Paint


@dataclass
class Planned:
    """A button of the column, at its unscrolled place."""

    key: str
    label: str
    rect: pygame.Rect
    action: Callable[[], None]
    kind: str | None = None
    reason: str | None = None
    wrap: int = 15


@dataclass
class CenterPlan:
    """The centre column: title, blocks and buttons, and the viewport they scroll in."""

    title: list[str]
    colour: str | None
    viewport: pygame.Rect
    blocks: list[Block] = field(default_factory=list)
    buttons: list[Planned] = field(default_factory=list)
    entries: list[tuple[str, pygame.Rect]] = field(default_factory=list)
    bottom: int = 0
    #: Unscrolled tops of blocks the desk may scroll to (e.g. the portal's answer).
    anchors: dict[str, int] = field(default_factory=dict)

    @property
    def overflow(self) -> int:
        """How far the column can scroll (0 when it fits)."""
        return max(0, self.bottom - self.viewport.bottom)


class _Column:
    """Adds blocks and buttons one under another."""

    def __init__(self, plan: CenterPlan, text: TextCache):
        self.plan, self.text = plan, text
        self.x = plan.viewport.x + PAD
        self.width = plan.viewport.width - 2 * PAD
        self.y = plan.viewport.y + 4

    def lines(self, words: str, size: int, colour: str, bold: bool = False,
              gap: int = 4) -> None:
        for line in self.text.wrap(words, size, self.width, bold):
            self.line(line, size, colour, bold)
        self.y += gap

    def line(self, line: str, size: int, colour: str, bold: bool = False) -> None:
        text, x = self.text, self.x
        h = text.line_height(size)
        self.plan.blocks.append(Block(self.y, h, lambda s, y: s.blit(
            text.render(line, size, colour, bold), (x, y))))
        self.y += h

    def block(self, h: int, paint: Callable[[pygame.Surface, int, int, int], None]) -> None:
        x, w = self.x, self.width
        self.plan.blocks.append(Block(self.y, h, lambda s, y: paint(s, x, y, w)))
        self.y += h + 6

    def buttons(self, items: list[Planned]) -> None:
        if items:
            self.plan.buttons.extend(items)
            self.y = max(p.rect.bottom for p in items) + 8


def plan_center(desk: DeskScreen, v: View, task: TaskView | None) -> CenterPlan:
    """Lay out the centre column for the current state (see the module docstring)."""
    from simulator.ui.screens.desk_actions import system_actions

    text, pal = desk.app.text, desk.app.palette
    area = desk.layout.center
    reconcile = v.ehr_up and any(not p.reconciled for p in v.paper)
    if reconcile:
        title, colour = "EHR IS BACK: enter the paper records", None
    elif task is None:
        title, colour = "No task selected", None
    else:
        title = f"{KIND_WORD.get(task.kind, task.kind.upper())}  -  {task.title}"
        colour = dd.urgency_colour(pal, task.urgency)
    # The title wraps (a long name is never cut); room is kept for the scroll note.
    lines = text.wrap(title, 16, area.width - 2 * PAD - _more_width(text), True)
    head = len(lines) * text.line_height(16) + 10
    viewport = pygame.Rect(area.x, area.y + head, area.width, area.height - head - 4)
    plan = CenterPlan(lines, colour, viewport)
    col = _Column(plan, text)
    bh = button_height(text)
    sys_acts = system_actions(v)
    if sys_acts:
        rects = _flow_rects(text, [a.label for a in sys_acts], col.x, col.y, col.width, bh)
        col.buttons([Planned(f"sys-{a.key}", a.label, r, lambda a=a: desk.do(a),
                             "danger" if a.danger else None, wrap=0)
                     for a, r in zip(sys_acts, rects, strict=True)])
    if desk.guide_in_column and desk.guide is not None:
        from simulator.ui.screens.guide_overlay import column_lines

        top = col.y
        for line, size, colour, bold in column_lines(desk, desk.guide, col.width - 16):
            col.line(line, size, colour, bold)
        bottom = col.y
        plan.blocks.insert(0, Block(top - 4, bottom - top + 8, lambda s, y: pygame.draw.rect(
            s, hex_rgb(pal.good), (col.x - 6, y, col.width + 12, bottom - top + 8), width=3,
            border_radius=8)))
        col.y += 10
    if reconcile:
        _plan_reconcile(desk, v, col)
    elif desk.choice is not None:
        _plan_choice(desk, col)
    elif task is not None and desk.form is not None and desk.form.task == task.id:
        from simulator.ui.screens.desk_form import plan_form

        plan_form(desk, v, task, col)
    elif task is None:
        col.lines("Pick a task in the queue (Up/Down or click), answer a ringing line, or "
                  "click a person in the waiting room.", 16, pal.muted)
    else:
        _plan_task(desk, v, task, col)
    plan.bottom = col.y
    return plan


def _flow_rects(text: TextCache, labels: list[str], x: int, y: int, width: int,
                h: int) -> list[pygame.Rect]:
    from simulator.ui.screens.desk_layout import flow

    return flow([label_width(text, label) for label in labels], x, y, width, h)


def _plan_choice(desk: DeskScreen, col: _Column) -> None:
    assert desk.choice is not None
    pal = desk.app.palette
    title, options = desk.choice
    col.lines(f"{title.rstrip('.')}: choose a number, Esc to cancel", 16, pal.accent, True)
    items = []
    y = col.y
    for i, (label, _) in enumerate(options):
        words = f"{i + 1}. {label}"
        h = max(button_height(desk.app.text), desk.wrapped_height(words, col.width))
        items.append(Planned(f"choice-{i}", words, pygame.Rect(col.x, y, col.width, h),
                             lambda i=i: desk.choose(i)))
        y += h + 6
    cancel = "Cancel (Esc)"
    items.append(Planned("choice-cancel", cancel, pygame.Rect(
        col.x, y, label_width(desk.app.text, cancel), button_height(desk.app.text)),
        desk.cancel_choice, wrap=0))
    col.buttons(items)


def _plan_task(desk: DeskScreen, v: View, task: TaskView, col: _Column) -> None:
    text, pal = desk.app.text, desk.app.palette
    words = task.words or ("(ringing: answer to hear the caller)" if task.channel == "phone"
                           else "")
    if task.dialogue is not None:
        words = task.dialogue.says
    if words:
        col.lines(f'"{words}"', 15, pal.text)
    facts = _facts(task, v)
    if facts:
        col.lines(facts, 14, pal.muted)
    if task.dialogue is not None:
        dialogue = task.dialogue
        col.block(text.line_height(14), lambda s, x, y, w: _agitation(
            s, text, pal, dialogue.agitation, dialogue.stage, x, y, w))
        items = []
        for i, choice in enumerate(dialogue.choices):
            label = f"[F{i + 1}] {choice}"
            h = desk.wrapped_height(label, col.width, 14)
            items.append(Planned(f"rep-{i}", label, pygame.Rect(col.x, col.y, col.width, h),
                                 lambda i=i: desk.reply(i), wrap=14))
            col.y += h + 4
        col.buttons(items)
    if desk.actions:
        keys = desk.app.settings.keys
        labels = []
        for act in desk.actions:
            key = keys.get(act.shortcut or "", "")
            labels.append(f"[{key.upper()}] {act.label}" if key and len(key) <= 3 else act.label)
        columns = 3 if all(label_width(text, lb) <= (col.width - 16) // 3 for lb in labels) \
            else 2
        cell_w = (col.width - 8 * (columns - 1)) // columns
        h = max(max(desk.wrapped_height(lb, cell_w) for lb in labels), button_height(text))
        rects = grid(len(labels), col.x, col.y, col.width, h, columns)
        col.buttons([Planned(f"act-{a.key}", lb, r, lambda a=a: desk.do(a),
                             "danger" if a.danger else None, a.reason)
                     for a, lb, r in zip(desk.actions, labels, rects, strict=True)])
    plan_everyday(desk, v, task, col, facts=is_everyday(task))
    if task.card is not None or (task.kind in ("checkin", "walk_in") and task.record):
        _plan_card_vs_record(desk, task, col)
    elif task.record is not None:
        rec = task.record
        rows = [("Patient", rec.name), ("DOB", rec.dob), ("Phone", rec.phone),
                ("Coverage", rec.record.payer_name if rec.record else "self-pay")]
        _plan_boxes(desk, col, [("Record (EHR)", rows)])
    elif task.kind == "callout":
        _plan_callout(desk, task, v, col)


def _plan_card_vs_record(desk: DeskScreen, task: TaskView, col: _Column) -> None:
    """The card the patient handed over beside the record (Papers, Please style)."""
    card, rec = task.card, task.record

    def rows(ins, dob) -> list[tuple[str, str]]:
        if ins is None:
            return [("Coverage", "self-pay / none on file")]
        return [("Name", ins.subscriber), ("DOB", dob or "-"), ("Payer", ins.payer_name),
                ("Member ID", ins.member_id), ("Group", ins.group),
                ("Valid", f"{ins.valid_from} to {ins.valid_to}")]

    _plan_boxes(desk, col, [
        ("Insurance card (from patient)", rows(card, task.card_dob)),
        ("Record (EHR)", rows(rec.record, rec.dob) if rec else
         [("EHR", "unavailable (downtime)")])])


def _box_lines(text: TextCache, title: str, rows: list[tuple[str, str]],
               width: int) -> list[tuple[str, int, bool, bool]]:
    """A box's lines as (text, size, muted, bold): label and value share a line if they fit."""
    out = [(ln, 14, True, True) for ln in text.wrap(title, 14, width, True)]
    label_w = max(text.width(label, 12) for label, _ in rows) + 10
    for label, value in rows:
        if text.width(value, 14) <= width - label_w:
            out.append((f"{label}\t{value}", 14, False, False))
        else:
            out.append((label, 12, True, False))
            out += [(ln, 14, False, False) for ln in text.wrap(value, 14, width)]
    return out


def _plan_boxes(desk: DeskScreen, col: _Column,
                boxes: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """Boxes of label/value rows, side by side when they fit, else one under another."""
    text, pal = desk.app.text, desk.app.palette
    side = len(boxes) > 1 and text.scale <= 1.25
    width = (col.width - 12) // 2 if side else col.width
    label_ws = [max(text.width(label, 12) for label, _ in rows) + 10 for _, rows in boxes]
    laid = [_box_lines(text, title, rows, width - 16) for title, rows in boxes]
    heights = [sum(text.line_height(size) + 2 for _, size, _, _ in lines) + 10
               for lines in laid]

    def paint_box(s: pygame.Surface, x: int, y: int, lines, h: int, label_w: int) -> None:
        pygame.draw.rect(s, hex_rgb(pal.bg), (x, y, width, h), border_radius=5)
        yy = y + 5
        for line, size, muted, bold in lines:
            if "\t" in line:
                label, value = line.split("\t", 1)
                s.blit(text.render(label, 12, pal.muted), (x + 8, yy + 2))
                s.blit(text.render(value, 14, pal.text), (x + 8 + label_w, yy))
            else:
                s.blit(text.render(line, size, pal.muted if muted else pal.text, bold),
                       (x + 8, yy))
            yy += text.line_height(size) + 2

    if side:
        h = max(heights)
        col.block(h, lambda s, x, y, w: [paint_box(s, x + i * (width + 12), y, laid[i], h,
                                                   label_ws[i]) for i in range(len(laid))])
    else:
        for lines, h, label_w in zip(laid, heights, label_ws, strict=True):
            col.block(h, lambda s, x, y, w, lines=lines, h=h, lw=label_w:
                      paint_box(s, x, y, lines, h, lw))


def _plan_callout(desk: DeskScreen, task: TaskView, v: View, col: _Column) -> None:
    """The absent clinician's visits: time, type, and whether moved and told."""
    pal = desk.app.palette
    moved, told = set(task.progress.get("moved", [])), set(task.progress.get("notified", []))
    slots = {s.id: s for s in v.slots}
    for slot_id in task.request.get("slots", []):
        slot = slots.get(slot_id)
        if slot is None:
            continue
        name = v.appointment_types.get(slot.type_id, {}).get("name", slot.type_id)
        state = ("moved and told" if slot_id in told
                 else f"voicemail left; call again after {CALL_AGAIN_AFTER // 60} min"
                 if slot_id in task.progress.get("voicemail", {})
                 else "moved, not told yet" if slot_id in moved else "to move")
        colour = pal.good if slot_id in told else pal.warn if slot_id in moved else pal.text
        col.lines(f"{v.clock_at(slot.start)}  {name}:  {state}", 14, colour, gap=0)


def _plan_reconcile(desk: DeskScreen, v: View, col: _Column) -> None:
    text, pal = desk.app.text, desk.app.palette
    left = [p for p in v.paper if not p.reconciled]
    col.lines(f"{len(left)} paper record(s) to enter. Type what the paper says; spelling of "
              "abbreviations and case do not matter.", 14, pal.muted)
    entry = next((p for p in v.paper if p.id == desk.reconciling), None)
    if entry is None:
        return
    rows = (f"Paper record {entry.id}", f"Name: {entry.name}", f"DOB: {entry.dob}",
            f"Arrived: {entry.arrived}")
    ink = "#1d2a44"
    h = len(rows) * (text.line_height(15) + 2) + 10

    def paper(s: pygame.Surface, x: int, y: int, w: int) -> None:
        width = min(w, max(text.width(r, 15, True) for r in rows) + 24)
        pygame.draw.rect(s, hex_rgb("#f3ecd2"), (x, y, width, h), border_radius=4)
        for i, line in enumerate(rows):
            s.blit(text.render(line, 15, ink, bold=i == 0),
                   (x + 10, y + 5 + i * (text.line_height(15) + 2)))

    col.block(h, paper)
    entry_h = text.line_height(15) + 14
    for name, label in (("name", "Name"), ("dob", "Date of birth"), ("arrived", "Arrived")):
        col.line(label, 13, pal.muted)
        width = col.width if name == "name" else min(col.width, text.width("00/00/0000", 15)
                                                       + 60)
        col.plan.entries.append((name, pygame.Rect(col.x, col.y, width, entry_h)))
        col.y += entry_h + 4
    save = "Enter into EHR"
    col.buttons([Planned("rec-save", save, pygame.Rect(col.x, col.y, label_width(text, save)
                                                      + 10, button_height(text)),
                         desk.save_reconcile, "primary", wrap=0)])


def _plan_rules(v: View, payer_id: str) -> str:
    """What the payer asks for before it pays: prior authorization and PCP referrals."""
    payer = v.payers.get(payer_id, {})

    def names(ids: list[str]) -> str:
        return ", ".join(v.appointment_types.get(t, {}).get("name", t) for t in ids)

    parts = [f"pre-auth needed for {names(payer.get('preauth', []))}"
             if payer.get("preauth") else "no pre-auth list",
             f"PCP referral needed for {names(payer.get('referral', []))}"
             if payer.get("referral") else "no referrals needed"]
    return f"{payer.get('name', payer_id)} plan: " + "; ".join(parts)


def _facts(task: TaskView, v: View) -> str:
    """What is known: identity checked, insurance, request details."""
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
    if task.referral:
        bits.append("PCP referral checked")
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
    elif task.kind in ("checkin", "walk_in") and task.record is not None and \
            task.record.record is not None:
        # The payer's rules as its portal shows them; matching them to the visit is the job.
        bits.append(_plan_rules(v, task.record.record.payer_id))
    if req.get("account_note"):
        bits.append(req["account_note"])
    if task.kind == "callout":
        bits.append(f"moved {len(task.progress.get('moved', []))}/{len(req.get('slots', []))},"
                    f" told {len(task.progress.get('notified', []))}")
    return "   ".join(bits)


def _agitation(surface, text: TextCache, pal, agitation: int, stage: str, x: int, y: int,
               width: int) -> None:
    """A meter with a word: colour is never the only signal."""
    label = f"Agitation: {dd.STAGE_WORD.get(stage, stage)}"
    surface.blit(text.render(label, 14, pal.text, bold=True), (x, y))
    left = x + text.width("Agitation: defensive", 14, True) + 16
    bar = pygame.Rect(left, y + text.line_height(14) // 2 - 6, min(300, x + width - left), 12)
    pygame.draw.rect(surface, hex_rgb(pal.bg), bar)
    colour = pal.good if agitation < 40 else pal.warn if agitation < 70 else pal.bad
    pygame.draw.rect(surface, hex_rgb(colour), (bar.x, bar.y, bar.width * agitation // 100,
                                                bar.height))
    for mark in (40, 70):
        mx = bar.x + bar.width * mark // 100
        pygame.draw.line(surface, hex_rgb(pal.text), (mx, bar.y - 2), (mx, bar.bottom + 2))


def draw_center(surface: pygame.Surface, desk: DeskScreen, plan: CenterPlan,
                scroll: int) -> None:
    """The column's title, the blocks inside the viewport, and where more is hidden."""
    pal, text = desk.app.palette, desk.app.text
    area = desk.layout.center
    panel(surface, area, pal, None, text)
    if plan.colour is not None:
        pygame.draw.rect(surface, hex_rgb(plan.colour), (area.x, area.y, 6, area.height),
                         border_top_left_radius=6, border_bottom_left_radius=6)
    for i, line in enumerate(plan.title):
        surface.blit(text.render(line, 16, pal.text, bold=True),
                     (area.x + PAD, area.y + 5 + i * text.line_height(16)))
    if plan.overflow:
        more = "PgDn: more below" if scroll < plan.overflow else "PgUp: more above"
        surface.blit(text.render(more, 13, pal.focus),
                     (area.right - _more_width(text) + 4, area.y + 7))
    view = plan.viewport
    for block in plan.blocks:
        y = block.y - scroll
        if y >= view.top and y + block.h <= view.bottom:
            block.paint(surface, y)


def _more_width(text: TextCache) -> int:
    return text.width("PgDn: more below", 13) + 20
