"""A desk form, filled in at the keyboard and sent as one ``SubmitForm``.

Any form of :data:`simulator.everyday.forms.FORMS` is drawn from its spec in the centre
column, one button per field: Tab / Shift+Tab (or Up/Down) move between fields, typing
(TEXTINPUT, so any letter a keyboard layout makes: Ł, Đ, ß, Ø) edits a text field,
Backspace deletes and Delete clears it, Left/Right or Space cycle a choice (a digit picks
option n, a letter the next option starting with it), Enter submits, Esc closes without
sending anything. While a form is open the desk's shortcuts are off and Tab stays in the
form: the keys are the form's.

A returning patient's registration starts from the record the EHR shows (so what changed
must be noticed and typed over); a new patient's starts empty. The intake sheet the patient
handed over and the insurance card are drawn beside it, to copy from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from simulator.engine.view import TaskView, View
from simulator.everyday.forms import FORMS, FormField, FormSpec, choices
from simulator.ui.screens.desk_everyday import hard_wrap, sheet, words
from simulator.ui.widgets import FocusRing

if TYPE_CHECKING:
    from simulator.ui.screens.desk import DeskScreen
    from simulator.ui.screens.desk_panel import _Column

#: Button keys of the open form (a field's is FIELD + its name).
FIELD, SUBMIT, CLOSE = "fm-f-", "fm-submit", "fm-close"
#: Longest value a field takes (what a command may carry).
MAX_CHARS = 200
#: The record's fields a returning patient's registration starts from.
FROM_RECORD = ("name", "dob", "phone", "address")
HELP = ("Tab / Shift+Tab: next / previous field. Type to fill in (Backspace deletes, Delete "
        "clears). Left/Right or Space: change a choice. Enter: submit. Esc: close, nothing "
        "sent.")


@dataclass
class FormState:
    """The form being filled in: for which task, and what is in each field so far.

    A choice not yet made is absent from ``values`` (the engine says what is missing).
    """

    task: str
    spec: FormSpec
    values: dict[str, str] = field(default_factory=dict)
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # option id -> words shown
    fresh: bool = True  # focus goes to the first field on the next rebuild
    error: str | None = None  # why the engine refused the last submission
    return_scroll: int = 0  # the task column's scroll when the form was opened

    def key(self) -> tuple:
        """What the drawn form depends on (the desk's rebuild signature)."""
        return (self.task, self.spec.id, tuple(sorted(self.values.items())), self.error)

    def fields(self) -> dict[str, str]:
        """The submission: every text field (maybe empty) and every choice made."""
        return {f.name: self.values[f.name] for f in self.spec.fields if f.name in self.values}


def open_form(view: View, task: TaskView, form_id: str) -> FormState:
    """A form for ``task``, with its options and its starting values (module docstring)."""
    spec = FORMS[form_id]
    state = FormState(task.id, spec)
    for f in spec.fields:
        if f.kind in ("choice", "yesno"):
            state.options[f.name] = choices(f, task.request, view.appointment_types)
    for cov in task.request.get("coverages") or []:
        if isinstance(cov, dict) and "id" in cov:
            state.labels[str(cov["id"])] = str(cov.get("label") or cov["id"])
    for type_id, facts in view.appointment_types.items():
        state.labels.setdefault(type_id, str(facts.get("name", type_id)))
    sent = (task.progress.get("forms") or {}).get(form_id)
    if sent:
        state.values = {k: str(v) for k, v in sent.items()}
        return state
    for f in spec.fields:
        if not _is_choice(f):
            state.values[f.name] = ""
    # A new patient's chart holds only what the booking call took: the packet starts empty.
    if form_id == "registration" and task.record is not None and \
            not task.request.get("new_patient"):
        rec = task.record
        for name in FROM_RECORD:
            state.values[name] = str(getattr(rec, name) or "")
        if rec.record is not None:
            state.values["member_id"] = rec.record.member_id
    return state


def _is_choice(f: FormField) -> bool:
    return f.kind in ("choice", "yesno")


class DeskForms:
    """Opening, sending and closing forms: a mixin of the desk screen (module docstring)."""

    def open_form(self, form_id: str) -> None:
        """Open one of the desk's forms for the current task (see desk_form)."""
        task = self.current_task()
        if task is not None:
            self.choice = None
            self.form = open_form(self.view, task, form_id)
            self.form.return_scroll = self.scroll

    def submit_form(self) -> None:
        """Enter: send the open form as it stands (the engine says what is missing)."""
        from simulator.engine.commands import SubmitForm

        form = self.form
        if form is None:
            return
        self.apply(SubmitForm(task=form.task, form=form.spec.id, fields=form.fields()))

    def close_form(self) -> None:
        """Esc (or the form was taken): close it, back to where the task was scrolled."""
        if self.form is not None:
            self.scroll = self.form.return_scroll
        self.form = None

    def _say_refusal(self, before: int, toast: bool) -> None:
        """Show why the engine refused a command, on the open form in full.

        Also in the feedback area, unless practice feedback already says it.
        """
        from simulator.session import Toast

        refused = [o for o in self.session.shift.outcomes[before:]
                   if o["kind"] == "CommandRejected"]
        if not refused:
            return
        reason = str(refused[-1]["reason"])
        if toast:
            self.session.toasts.append(Toast("info", f"Not now: {reason}."))
        if self.form is not None:
            self.form.error = reason


class FormRing(FocusRing):
    """The desk's focus ring; while a form is open its keys go to the form first."""

    def __init__(self, desk: DeskScreen, ring: FocusRing):
        super().__init__()
        self.desk = desk
        self.on_refused = ring.on_refused

    def handle_key(self, event: pygame.event.Event) -> bool:
        """The form's keys (see the module docstring), then Tab, Enter and Space as usual."""
        if self.desk.form is not None and event.type == pygame.KEYDOWN and \
                form_key(self.desk, event):
            return True
        return super().handle_key(event)


def focused_field(desk: DeskScreen) -> FormField | None:
    """The field the focus ring is on (None on the Submit / Close buttons)."""
    key = desk.focused_key() or ""
    form = desk.form
    if form is None or not key.startswith(FIELD):
        return None
    name = key[len(FIELD):]
    return next((f for f in form.spec.fields if f.name == name), None)


def form_key(desk: DeskScreen, event: pygame.event.Event) -> bool:
    """One key press while a form is open; True when the form used it (or blocks it)."""
    form = desk.form
    assert form is not None
    key = event.key
    if key == pygame.K_TAB:
        return False  # the ring moves between the fields
    if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
        return False  # the column scrolls (desk_input)
    if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        desk.submit_form()
        return True
    if key == pygame.K_ESCAPE:
        desk.close_form()
        return True
    if key in (pygame.K_UP, pygame.K_DOWN):
        desk.focus.move(-1 if key == pygame.K_UP else 1)
        return True
    f = focused_field(desk)
    if f is None:
        return key != pygame.K_SPACE  # Space presses Submit or Close
    if _is_choice(f):
        if key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_SPACE):
            cycle(form, f, -1 if key == pygame.K_LEFT else 1)
    elif key == pygame.K_BACKSPACE:
        form.values[f.name] = form.values.get(f.name, "")[:-1]
    elif key == pygame.K_DELETE:
        form.values[f.name] = ""
    # Anything else (Space in a text field too) arrives as TEXTINPUT; no desk shortcuts.
    return True


def form_text(desk: DeskScreen, typed: str) -> None:
    """Typed characters (a TEXTINPUT event) for the focused field."""
    form, f = desk.form, focused_field(desk)
    if form is None or f is None or not typed:
        return
    if not _is_choice(f):
        value = form.values.get(f.name, "") + typed
        form.values[f.name] = value[:MAX_CHARS]
        return
    options = form.options.get(f.name, ())
    for ch in typed:
        if ch.isdigit() and 0 < int(ch) <= len(options):
            form.values[f.name] = options[int(ch) - 1]
            continue
        current = form.values.get(f.name)
        start = options.index(current) + 1 if current in options else 0
        ordered = options[start:] + options[:start]
        hit = next((o for o in ordered if _shown(form, o).lower().startswith(ch.lower())),
                   None)
        if hit is not None:
            form.values[f.name] = hit


def cycle(form: FormState, f: FormField, step: int) -> None:
    """Move a choice to the next (1) or previous (-1) option; unset starts at either end."""
    options = form.options.get(f.name, ())
    if not options:
        return
    current = form.values.get(f.name)
    if current not in options:
        form.values[f.name] = options[0] if step > 0 else options[-1]
    else:
        form.values[f.name] = options[(options.index(current) + step) % len(options)]


def _shown(form: FormState, option: str) -> str:
    return form.labels.get(option, words(option))


def field_label(desk: DeskScreen, form: FormState, f: FormField, focused: bool) -> str:
    """A field's button: its label and what is in it (a cursor when it is being typed in)."""
    value = form.values.get(f.name)
    if _is_choice(f):
        options = form.options.get(f.name, ())
        if value not in options:
            return f"{f.label}:  " + ("? (choose with Left/Right)" if focused else "?")
        of = "" if f.kind == "yesno" else f"  ({options.index(value) + 1} of {len(options)})"
        return f"{f.label}:  < {_shown(form, value)} >{of}"
    shown = value or ""
    if focused:
        shown += "|"
    elif not shown:
        shown = "(empty)"
    return f"{f.label}:  {shown}"


def plan_form(desk: DeskScreen, v: View, task: TaskView, col: _Column) -> None:
    """The open form in the centre column: its fields, and the papers to copy from."""
    from simulator.ui.screens.desk_layout import button_height, label_width
    from simulator.ui.screens.desk_panel import Planned

    form = desk.form
    assert form is not None
    text, pal = desk.app.text, desk.app.palette
    done = form.spec.id in (task.progress.get("forms") or {})
    col.lines(form.spec.title + ("  (submitted)" if done else ""), 16, pal.accent, True)
    col.lines(HELP, 13, pal.muted)
    if form.error:
        col.lines(f"Not sent: {form.error}.", 14, pal.warn)
    papers = _papers(task) if form.spec.id == "registration" else _facts(task, v)
    intake = task.request.get("intake") if isinstance(task.request.get("intake"), dict) \
        else {}
    side = bool(papers) and text.scale <= 1.25
    top = col.y
    width = col.width
    if papers and not side:
        for title, rows, paper in papers:
            col.y = sheet(desk, col, title, rows, col.x, col.width, col.y, paper) + 6
    elif side:
        width = col.width * 11 // 20
        right_x, right_w, y = col.x + width + 10, col.width - width - 10, top
        for title, rows, paper in papers:
            y = sheet(desk, col, title, rows, right_x, right_w, y, paper) + 6
        papers_bottom = y
    focused = desk.form_focus
    items = []
    y = col.y
    for f in form.spec.fields:
        key = FIELD + f.name
        label = field_label(desk, form, f, focused == key)
        if focused == key and papers and not side and f.name in intake:
            # Large text: the sheet scrolled away, so its line is shown with the field.
            label += f"\n(intake sheet: {intake[f.name] or '-'})"
        label = "\n".join(hard_wrap(text, label, 14, width - 16))
        h = max(button_height(text), desk.wrapped_height(label, width, 14))
        items.append(Planned(key, label, pygame.Rect(col.x, y, width, h),
                             lambda f=f: _pressed(desk, f), wrap=14))
        y += h + 4
    y += 4
    submit, close = "Submit (Enter)", "Close (Esc)"
    bh = button_height(text)
    sw = label_width(text, submit, True) + 10
    cw = label_width(text, close)
    if sw + 8 + cw <= width:
        items.append(Planned(SUBMIT, submit, pygame.Rect(col.x, y, sw, bh), desk.submit_form,
                             "primary", wrap=0))
        items.append(Planned(CLOSE, close, pygame.Rect(col.x + sw + 8, y, cw, bh),
                             desk.close_form, wrap=0))
    else:
        items.append(Planned(SUBMIT, submit, pygame.Rect(col.x, y, sw, bh), desk.submit_form,
                             "primary", wrap=0))
        items.append(Planned(CLOSE, close, pygame.Rect(col.x, y + bh + 6, cw, bh),
                             desk.close_form, wrap=0))
    col.buttons(items)
    if side:
        col.y = max(col.y, papers_bottom)


def _pressed(desk: DeskScreen, f: FormField) -> None:
    """A click (or Space) on a field: a choice moves on; a text field just takes the keys."""
    if desk.form is not None and _is_choice(f):
        cycle(desk.form, f, 1)


def _facts(task: TaskView, v: View) -> list[tuple[str, list[tuple[str, str]], bool]]:
    """What the other forms are filled in from, beside them: the words, the portal, the facts.

    The form covers the task panel, so everything the right answer depends on is repeated
    here (nothing more than the task panel itself shows).
    """
    from simulator.ui.screens.desk_everyday import portal_rows, request_boxes

    out: list[tuple[str, list[tuple[str, str]], bool]] = []
    if task.words:
        out.append(("What they said", [("Said", task.words)], False))
    for answer in (task.progress.get("portal") or {}).values():
        if isinstance(answer, dict):
            out.append(("Payer portal", portal_rows(answer), False))
    out += [(title, rows, False) for title, rows in request_boxes(task, v)]
    return out


def _papers(task: TaskView) -> list[tuple[str, list[tuple[str, str]], bool]]:
    """The intake sheet and the card, as (title, rows, is paper), to copy from."""
    out = []
    sheet_ = task.request.get("intake")
    if isinstance(sheet_, dict):
        names = {"name": "Name", "dob": "Date of birth", "address": "Address",
                 "phone": "Phone", "member_id": "Member ID", "emergency_name":
                 "Emergency contact", "emergency_phone": "Emergency phone"}
        rows = [(names.get(k, words(k).capitalize()), str(val) if val else "-")
                for k, val in sheet_.items()]
        out.append(("Intake sheet (from the patient)", rows, True))
    card = task.card
    if card is not None:
        out.append(("Insurance card", [
            ("Name", card.subscriber), ("DOB", task.card_dob or "-"),
            ("Payer", card.payer_name), ("Member ID", card.member_id), ("Group", card.group),
            ("Valid", f"{card.valid_from} to {card.valid_to}")], True))
    elif task.request.get("intake") is not None:
        out.append(("Insurance card", [("Card", "none handed over")], True))
    return out
