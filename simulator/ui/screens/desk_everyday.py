"""The everyday desk's facts in the centre column: the portal's answer, slips, sheets, drawer.

What the person handed over or the system shows, drawn readably from the view: the payer
portal's eligibility answer, the check-out slip (follow-up, referral, balance), the cash
drawer, a records request, a caller's message, the coverages presented, a guardian,
access needs. Every key of a request is drawn, known or not (an unknown key as its name and
value), so a new fact in a scenario shows instead of vanishing or crashing the desk.

Boxes are drawn line by line (one block per line), so a box taller than the panel at large
text scrolls with the column instead of disappearing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from simulator.engine.view import TaskView, View
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import TextCache

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen
    from simulator.ui.screens.desk_panel import _Column

#: Request keys other panels already show (the facts line, the call-out list).
SHOWN_ELSEWHERE = frozenset({"appointment_type", "days_out", "account_note", "slots",
                             "slot", "provider", "intake"})
Rows = list[tuple[str, str]]


def money(cents: object) -> str:
    """Cents as dollars ("$1,234.50"); anything not a whole number as it is."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        return str(cents)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def words(value: object) -> str:
    """An id or value in words: ``directed_third_party`` -> "directed third party"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "-"
    if isinstance(value, dict):
        return "; ".join(f"{words(k)}: {words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(words(v) for v in value)
    return str(value).replace("_", " ") if isinstance(value, str) and " " not in str(value) \
        else str(value)


def _type_name(v: View, type_id: object) -> str:
    return str(v.appointment_types.get(str(type_id), {}).get("name", words(type_id)))


def _provider(v: View, provider_id: object) -> str:
    return next((p.title for p in v.providers if p.id == provider_id), words(provider_id))


def portal_rows(answer: dict[str, Any]) -> Rows:
    """The portal's eligibility answer as rows (money in dollars, shares in percent)."""
    a = dict(answer)
    rows: Rows = []
    if "active" in a:
        rows.append(("Coverage", "ACTIVE" if a.pop("active") else "NOT ACTIVE"))
    if "plan_type" in a:
        rows.append(("Plan type", str(a.pop("plan_type"))))
    if "copay" in a:
        copay = a.pop("copay")
        rows.append(("Copay", money(copay) if copay else "none ($0.00)"))
    if "deductible" in a:
        deductible, met = a.pop("deductible"), a.pop("met", None)
        value = money(deductible)
        if isinstance(met, int) and isinstance(deductible, int):
            value += f", met so far {money(met)} ({money(max(0, deductible - met))} left)"
        rows.append(("Deductible", value))
    if "coinsurance" in a:
        rows.append(("Coinsurance", f"{a.pop('coinsurance')} % (patient's share)"))
    if "in_network" in a:
        rows.append(("In network", words(bool(a.pop("in_network")))))
    if "pcp" in a:
        rows.append(("PCP on file", str(a.pop("pcp") or "none")))
    if "referral_required" in a:
        rows.append(("Referral required", words(bool(a.pop("referral_required")))))
    rows += [(words(k).capitalize(), words(v)) for k, v in a.items()]
    return rows


def _patient_name(task: TaskView, pid: str) -> str:
    for entry in task.request.get("worklist") or []:
        if isinstance(entry, dict) and entry.get("patient") == pid:
            return str(entry.get("name", pid))
    return task.record.name if task.record is not None else pid


def request_boxes(task: TaskView, v: View) -> list[tuple[str, Rows]]:
    """An everyday task's visible facts as titled boxes of rows (see the module docstring).

    Every key is drawn: the known ones readably, any other by its name and value.
    """
    req = dict(task.request)
    boxes: list[tuple[str, Rows]] = []
    slip: Rows = []
    if task.kind == "checkout" and "appointment_type" in req:
        slip.append(("Visit today", _type_name(v, req["appointment_type"])))
    follow = req.pop("follow_up", None)
    if isinstance(follow, dict):
        days = follow.get("days_out")
        slip.append(("Follow-up", f"{_type_name(v, follow.get('appointment_type'))} with "
                     f"{_provider(v, follow.get('provider'))}" +
                     (f", in about {days} business days" if days else "")))
    elif follow is not None:
        slip.append(("Follow-up", words(follow)))
    if "referral_to" in req:
        slip.append(("Referral to", words(req.pop("referral_to"))))
    if "balance" in req:
        slip.append(("Prior balance", money(req.pop("balance"))))
    if "can_pay" in req:
        slip.append(("Can pay today", money(req.pop("can_pay"))))
    if slip:
        boxes.append(("Visit slip and account" if task.kind == "checkout" else "Account",
                      slip))
    coverages = req.pop("coverages", None)
    if isinstance(coverages, list) and coverages:
        rows: Rows = []
        for cov in coverages:
            if not isinstance(cov, dict):
                rows.append(("Coverage", words(cov)))
                continue
            label = str(cov.get("label") or cov.get("id", "?"))
            holder = cov.get("holder")
            if holder and str(holder) not in label:
                label += f"; subscriber {holder}"
            if cov.get("holder_dob") and str(cov["holder_dob"]) not in label:
                label += f" (born {cov['holder_dob']})"
            rows.append((words(cov.get("kind", "plan")).capitalize(), label))
        boxes.append(("Coverage presented", rows))
    person: Rows = []
    guardian = req.pop("guardian", None)
    if isinstance(guardian, dict):
        person.append(("With the child", words(guardian.get("relationship", "adult"))))
        if "papers_shown" in guardian:
            person.append(("Papers shown", words(bool(guardian["papers_shown"]))))
    elif guardian is not None:
        person.append(("Guardian", words(guardian)))
    if "access" in req:
        access = req.pop("access")
        person.append(("Access", {"spoken": "limited English", "sign": "Deaf (signs)"}.get(
            str(access), words(access))))
    if "language" in req:
        person.append(("Language", words(req.pop("language"))))
    if "service_animal" in req:
        person.append(("Service animal", words(req.pop("service_animal"))))
    if "injury" in req:
        person.append(("Injury", {"work": "at work", "auto": "car accident"}.get(
            str(req["injury"]), words(req["injury"]))))
        req.pop("injury")
    if person:
        boxes.append(("The patient", person))
    if "records_request" in req or "requester" in req:
        rows = []
        if "records_request" in req:
            rows.append(("Request", words(req.pop("records_request"))))
        if "requester" in req:
            rows.append(("Requester", words(req.pop("requester"))))
        boxes.append(("Records request", rows))
    message = req.pop("message", None)
    if isinstance(message, dict):
        m = dict(message)
        rows = [("Who", ", ".join(str(x) for x in (m.pop("who", ""), m.pop("role", "")) if x)),
                ("Call-back", str(m.pop("callback", "-")))]
        rows += [(words(k).capitalize(), words(x)) for k, x in m.items()]
        boxes.append(("Caller's message (as said)", rows))
    elif message is not None:
        boxes.append(("Caller's message", [("Message", words(message))]))
    worklist = req.pop("worklist", None)
    if isinstance(worklist, list):
        portal = task.progress.get("portal") or {}
        rows = []
        for entry in worklist:
            if not isinstance(entry, dict):
                rows.append(("Visit", words(entry)))
                continue
            answer = portal.get(entry.get("patient"))
            state = "not checked yet" if answer is None else \
                "checked: ACTIVE" if answer.get("active") else "checked: NOT ACTIVE"
            rows.append((str(entry.get("at", "")), f"{entry.get('name', '?')}: {state}"))
        boxes.append(("Eligibility worklist", rows))
    drawer = req.pop("drawer", None)
    if isinstance(drawer, dict):
        d = dict(drawer)
        rows = [("Opening float", money(d.pop("opening", 0)))]
        for i, post in enumerate(d.pop("posted", []) or [], 1):
            if isinstance(post, dict):
                rows.append((f"{i}. {words(post.get('method', '?'))}",
                             f"{post.get('patient', '?')}: {money(post.get('amount', 0))}"))
        if "counted" in d:
            rows.append(("Counted (cash and checks)", money(d.pop("counted"))))
        rows += [(words(k).capitalize(), money(x) if isinstance(x, int) else words(x))
                 for k, x in d.items()]
        boxes.append(("Cash drawer: today's posted payments", rows))
    elif drawer is not None:
        boxes.append(("Cash drawer", [("Drawer", words(drawer))]))
    # Anything else an everyday task carries, by its name, so nothing is silently lost.
    other = [(words(k).capitalize(), words(x)) for k, x in req.items()
             if k not in SHOWN_ELSEWHERE]
    if other:
        boxes.append(("Also on file", other))
    return boxes


def status_lines(task: TaskView) -> list[tuple[str, str]]:
    """Short lines of what the desk did or was told: (text, tone good/warn/muted)."""
    out = []
    if "hold_ok" in task.progress:
        out.append(('Asked to hold: "Sure, I can hold."', "good") if task.progress["hold_ok"]
                   else ('Asked to hold: "No, please don\'t put me on hold."', "warn"))
    forms = task.progress.get("forms") or {}
    if forms:
        from simulator.everyday.forms import FORMS

        names = ", ".join(FORMS[f].title if f in FORMS else words(f) for f in forms)
        out.append((f"Forms submitted (done): {names}", "good"))
    if "intake" in task.request:
        out.append(("The patient handed over an intake sheet: open the Registration form to "
                    "copy it.", "muted"))
    return out


def plan_everyday(desk: DeskScreen, v: View, task: TaskView, col: _Column,
                  facts: bool = True) -> None:
    """What the desk did or was told, then the portal's answers and the facts.

    The first is for any task (a caller's answer to "can you hold?"); the rest only with
    ``facts`` (an everyday task).
    """
    pal = desk.app.palette
    for line, tone in status_lines(task):
        col.lines(line, 14, {"good": pal.good, "warn": pal.warn}.get(tone, pal.muted))
    if not facts:
        return
    for pid, answer in (task.progress.get("portal") or {}).items():
        if isinstance(answer, dict):
            col.plan.anchors[f"portal-{pid}"] = col.y
            col.y = sheet(desk, col, f"Payer portal: {_patient_name(task, pid)}",
                          portal_rows(answer), col.x, col.width, col.y) + 6
    for title, rows in request_boxes(task, v):
        col.y = sheet(desk, col, title, rows, col.x, col.width, col.y) + 6


def _lines(text: TextCache, title: str, rows: Rows,
           width: int) -> list[tuple[str, int, str, int]]:
    """A box's lines as (text, size, role, label width); role: title, row, label, value."""
    out = [(ln, 14, "title", 0) for ln in text.wrap(title, 14, width, True)]
    if not rows:
        return out
    label_w = min(width // 2, max(text.width(label, 12) for label, _ in rows) + 10)
    for label, value in rows:
        if text.fits(label, 12, label_w) and text.width(value, 14) <= width - label_w:
            out.append((f"{label}\t{value}", 14, "row", label_w))
        else:
            out += [(ln, 12, "label", 0) for ln in hard_wrap(text, label, 12, width)]
            out += [(ln, 14, "value", 0) for ln in hard_wrap(text, value, 14, width)]
    return out


def hard_wrap(text: TextCache, words_: str, size: int, width: int,
              bold: bool = False) -> list[str]:
    """Wrap like :meth:`TextCache.wrap`, also breaking a word too long for one line."""
    out: list[str] = []
    for line in text.wrap(words_, size, width, bold):
        while not text.fits(line, size, width, bold) and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and not text.fits(line[:cut], size, width, bold):
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def sheet(desk: DeskScreen, col: _Column, title: str, rows: Rows, x: int, width: int,
          y: int, paper: bool = False) -> int:
    """A titled box of label/value rows at (x, y), one block per line; returns its bottom.

    ``paper`` draws it as a paper sheet (cream, dark ink): something the patient handed
    over, not a screen of the practice's system.
    """
    from simulator.ui.screens.desk_panel import Block

    text, pal = desk.app.text, desk.app.palette
    bg = hex_rgb("#f3ecd2") if paper else hex_rgb(pal.bg)
    ink, muted = ("#1d2a44", "#4a5368") if paper else (pal.text, pal.muted)
    laid = _lines(text, title, rows, width - 16)
    for i, (line, size, role, label_w) in enumerate(laid):
        top_pad = 5 if i == 0 else 0
        bottom_pad = 5 if i == len(laid) - 1 else 0
        h = top_pad + text.line_height(size) + 2 + bottom_pad

        def paint(s: pygame.Surface, yy: int, line=line, size=size, role=role,
                  label_w=label_w, h=h, top_pad=top_pad) -> None:
            pygame.draw.rect(s, bg, (x, yy, width, h))
            ty = yy + top_pad
            if role == "row":
                label, value = line.split("\t", 1)
                s.blit(text.render(label, 12, muted), (x + 8, ty + 2))
                s.blit(text.render(value, 14, ink), (x + 8 + label_w, ty))
            else:
                colour = muted if role in ("title", "label") else ink
                s.blit(text.render(line, size, colour, role == "title"), (x + 8, ty))

        col.plan.blocks.append(Block(y, h, paint))
        y += h
    return y
