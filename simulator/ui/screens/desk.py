"""The desk: everything a trainee needs at once, and every action as a button and a key.

Attributes down, messages up: the desk reads ``session.view()`` and turns clicks and keys
into commands for ``session.apply``. Buttons are rebuilt only when what they offer
changes; the dense panels are drawn straight from the view each frame.
"""

from __future__ import annotations

import pygame
import pygame_gui

from simulator.bots.human import reading_seconds
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View
from simulator.guide import Guide
from simulator.session import Session
from simulator.ui.screens import desk_draw as dd
from simulator.ui.screens import guide_overlay
from simulator.ui.screens.base import Screen
from simulator.ui.screens.desk_actions import Action, task_actions
from simulator.ui.screens.desk_form import FIELD, DeskForms, FormRing, FormState
from simulator.ui.screens.desk_input import DeskInput
from simulator.ui.screens.desk_layout import (
    DeskLayout,
    button_height,
    idle_line_height,
    label_width,
    line_card_height,
)
from simulator.ui.screens.desk_layout import panel_title_height as panel_title
from simulator.ui.screens.desk_paint import DeskPainting
from simulator.ui.screens.desk_panel import CenterPlan, plan_center
from simulator.ui.screens.reference import open_reference

#: Shortest time a practice toast stays up; longer ones stay as long as they take to read.
TOAST_MIN_SECONDS = 4.0
VIEW_EVERY = 2  # shift seconds between view rebuilds when nothing else happened


#: What pressing a line's card does, by the line's state.
LINE_PRESS = {"ringing": ("Answer", "answer"), "hold": ("Resume", "answer"),
              "talking": ("Hold", "hold")}
#: Button groups rebuilt whenever what the desk offers changes.
DYNAMIC = ("line-", "q-", "in-", "act-", "sys-", "rep-", "choice-", "rec-", "entry-", "fm-")
#: Commands of the everyday desk whose refusal is shown in every mode: it is the system
#: saying what a form or the portal needs, not feedback on the trainee's judgement.
SAYS_WHY = frozenset({"submit_form", "check_eligibility", "ask_to_hold"})


class DeskScreen(DeskForms, DeskInput, DeskPainting, Screen):
    """Play one shift."""

    fills_window = True

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.selected: str | None = None
        self.choice: tuple[str, tuple[tuple[str, Command], ...]] | None = None
        self.reconciling: str | None = None
        #: The desk form being filled in (desk_form), None when none is open.
        self.form: FormState | None = None
        self.form_focus: str | None = None
        #: A block of the centre column to scroll into view at the next rebuild.
        self.show_anchor: str | None = None
        self.focus = FormRing(self, self.focus)
        self.toast = None
        self.toast_left = 0.0  # seconds the current toast stays up
        self.hint: str | None = None
        self.hits: list[tuple[pygame.Rect, str]] = []
        self.actions: list[Action] = []
        self._signature = None
        self._seen_outcomes = 0
        self._view: View = session.view()
        self._view_key = None
        self._entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self._layers: dict[str, tuple] = {}
        self._canvas: pygame.Surface | None = None
        self._canvas_look: tuple | None = None
        self.layout = DeskLayout.fit(app.size, app.text, len(self._view.lines))
        self.plan: CenterPlan | None = None
        self.scroll = 0
        self._planned: dict[str, pygame.Rect] = {}  # centre buttons at their unscrolled place
        self.slot: str | None = None  # the schedule slot being read (L or a click)
        self.slot_hits: list[tuple[pygame.Rect, str]] = []
        #: The guide's words are in the centre column (large text), not a side panel.
        self.guide_in_column = False
        # A guided scenario in practice: its instructions hold the clock (simulator.guide).
        self.guide = Guide.for_session(session)

    # -- view and signature ---------------------------------------------------------------

    @property
    def view(self) -> View:
        """The current view: rebuilt when something happened, or every 2 shift seconds."""
        shift = self.session.shift
        count = len(shift.outcomes)
        if self._view_key is None or count != self._view_key or \
                shift.now - self._view.now >= VIEW_EVERY or shift.ended:
            self._view = self.session.view()
            self._view_key = count
        return self._view

    def current_task(self) -> TaskView | None:
        """The selected task, if it is still open."""
        return self.view.task(self.selected) if self.selected else None

    def _sig(self) -> tuple:
        v = self.view
        task = self.current_task()
        task_sig = None if task is None else (
            task.id, task.status, task.identity, task.insurance, task.preauth, task.referral,
            task.copay, task.booked, task.estimate, task.authorized, task.acknowledged,
            task.dialogue.says if task.dialogue else None, tuple(task.progress.items()),
            task.line, task.record is None)
        return (task_sig, tuple((ln.status, ln.task) for ln in v.lines),
                tuple(t.id for t in v.tasks),
                v.ehr_up, v.power_up, v.paper_mode, v.rerouted, v.alarm, tuple(v.called),
                tuple((p.id, p.reconciled) for p in v.paper), self.choice is not None,
                self.reconciling, self.app.settings.text_scale,
                self.guide.active if self.guide is not None else None,
                self.guide.step is not None if self.guide is not None else None,
                (self.form.key(), self.focused_key()) if self.form is not None else None)

    @staticmethod
    def _inbox(v: View) -> list[TaskView]:
        return [t for t in v.tasks if t.channel == "inbox"]

    # -- building buttons -------------------------------------------------------------------

    def build_ui(self) -> None:
        self._signature = None
        self._canvas = None
        text = self.app.text
        live = sum(1 for ln in self.view.lines if ln.status != "idle")
        self.layout = lay = DeskLayout.fit(self.app.size, text, len(self.view.lines), live,
                                           self.session.scenario.title)
        label = "Pause (Esc)" if self.session.mode == "practice" else "Menu"
        width, height = label_width(text, label), button_height(text)
        row = text.line_height(26) + 6  # the status bar's first row
        self.button("pause", label, (lay.top.right - width - 6, lay.top.y + max(
            2, (row - height) // 2), width, height), self.open_pause, focusable=False)
        self._rebuild_dynamic()

    def pause_left(self) -> int:
        """Where the status bar's text must stop (the Pause button's left edge)."""
        return int(self.buttons["pause"].get_abs_rect().x)

    def _rebuild_dynamic(self) -> None:
        focused_key = self.focused_key()
        if self.form is not None and self.form.fresh:
            focused_key = FIELD + self.form.spec.fields[0].name
        #: Read by the form's plan: the ring forgets its place while buttons are rebuilt.
        self.form_focus = focused_key
        for prefix in (*DYNAMIC, "wait", "reference"):
            self.remove_buttons(prefix)
        for entry in self._entries.values():
            entry.kill()
        self._entries = {}
        v = self.view
        live = sum(1 for ln in v.lines if ln.status != "idle")
        layout = DeskLayout.fit(self.app.size, self.app.text, len(v.lines), live,
                                self.session.scenario.title)
        if layout != self.layout:
            self.layout = layout
            self._canvas = None
        task = self.current_task()
        self.actions = task_actions(v, task) if task else []
        self._build_lines(v)
        self.guide_in_column = self.guide is not None and self.guide.step is not None and \
            not guide_overlay.fits_aside(self, self.guide)
        self._build_center(v, task)
        self._build_queue(v)
        lay, text = self.layout, self.app.text
        box = lay.bottom_buttons
        height = button_height(text)
        ref = self.app.settings.keys["reference"].upper()
        self.button("wait", f"Wait ({self.app.settings.keys['wait'].upper()})",
                    (box.x, box.y, box.width, height), self.session_wait)
        self.button("reference", f"Reference ({ref})", (box.x, box.y + height + 6, box.width,
                                                      height), lambda: open_reference(self))
        self._order_focus()
        if self.form is not None:
            # The form is modal for the keyboard: Tab runs through its fields only, in the
            # form's order (its fields may lie below the panel, to be scrolled to).
            planned = [p.key for p in self.plan.buttons] if self.plan else []
            order = {id(self.buttons[k]): i for i, k in enumerate(planned)
                     if k.startswith("fm-") and k in self.buttons}
            self.focus.items = sorted((it for it in self.focus.items
                                       if id(it.element) in order),
                                      key=lambda it: order[id(it.element)])
            if self.form.fresh:
                self.form.fresh = False
                self.scroll = 0
                self._place_center()
        if focused_key in self.buttons:
            self.focus.focus(self.buttons[focused_key])
            if focused_key in self._planned and self.form is not None:
                self.reveal(focused_key)
        anchor = self.plan.anchors.get(self.show_anchor or "") if self.plan else None
        if anchor is not None and self.plan is not None:
            view = self.plan.viewport
            if not view.top <= anchor - self.scroll <= view.bottom - view.height // 2:
                self.scroll = max(0, min(self.plan.overflow, anchor - view.top - 4))
                self._place_center()
        self.show_anchor = None
        self._signature = self._sig()

    def _order_focus(self) -> None:
        """Tab runs panel by panel in reading order: phone, centre, tasks, inbox, bottom."""
        lay = self.layout
        panels = [lay.phone, lay.waiting, lay.center, lay.queue, lay.inbox, lay.schedule,
                  lay.bottom]

        def where(item) -> tuple[int, int, int]:
            key = next((k for k, b in self.buttons.items() if b is item.element), "")
            if key in self._planned:  # the centre column's, wherever its scroll puts it
                rect = self._planned[key]
                return panels.index(lay.center), rect.y, rect.x
            rect = pygame.Rect(item.element.get_abs_rect())
            index = next((i for i, p in enumerate(panels) if p.collidepoint(rect.center)),
                         len(panels))
            return index, rect.y, rect.x

        self.focus.items.sort(key=where)

    def _build_lines(self, v: View) -> None:
        lay, text = self.layout, self.app.text
        card = line_card_height(text, lay.phone.width - 16) - 4
        row = idle_line_height(text) - 4
        y = lay.phone.y + panel_title(text)
        heights = [row if lay.idle_rows and ln.status == "idle" else card for ln in v.lines]
        # Too many calls for full cards at this text size: every card shows one row.
        self._one_row = sum(h + 4 for h in heights) > lay.phone.bottom - 4 - y
        if self._one_row:
            heights = [row] * len(v.lines)
        for ln, height in zip(v.lines, heights, strict=True):
            reason = "Nobody on this line" if ln.status == "idle" else None
            self.button(f"line-{ln.number}", self._line_words(v, ln.number),
                        (lay.phone.x + 8, y, lay.phone.width - 16, height),
                        lambda n=ln.number: self.line_pressed(n), wrap=13, reason=reason,
                        focusable=ln.status != "idle")  # an idle line has nothing to press
            y += height + 4

    def _line_words(self, v: View, number: int) -> str:
        keys = self.app.settings.keys
        status = next(ln.status for ln in v.lines if ln.number == number)
        press = LINE_PRESS.get(status)
        word = f"{press[0]} ({keys[press[1]].upper()})" if press else ""
        words = dd.line_label(v, number, word, self.app.text, self.layout.phone.width - 32)
        return words.split("\n")[0] if getattr(self, "_one_row", False) else words

    def _build_center(self, v: View, task: TaskView | None) -> None:
        plan = plan_center(self, v, task)
        self.plan = plan
        self.scroll = min(self.scroll, plan.overflow)
        self._planned = {}
        for item in plan.buttons:
            self._planned[item.key] = pygame.Rect(item.rect)
            self.button(item.key, item.label, item.rect, item.action, kind=item.kind,
                        reason=item.reason, wrap=item.wrap,
                        reveal=lambda k=item.key: self.reveal(k))
        for name, rect in plan.entries:
            entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(rect),
                                                        manager=self.app.manager)
            self.elements.append(entry)
            self._entries[name] = entry
            self._planned[f"entry-{name}"] = pygame.Rect(rect)
            self.focus.add(entry, entry.focus)
        if plan.entries:
            entries = [p for p in v.paper if not p.reconciled]
            if self.reconciling not in {p.id for p in entries}:
                self.reconciling = entries[0].id
        self._place_center()

    def _place_center(self) -> None:
        """Move the centre's buttons to the scroll; hide those outside the panel."""
        if self.plan is None:
            return
        view = self.plan.viewport
        elements = {**self.buttons, **{f"entry-{k}": e for k, e in self._entries.items()}}
        for key, rect in self._planned.items():
            element = elements.get(key)
            if element is None:
                continue
            moved = rect.move(0, -self.scroll)
            element.set_relative_position(moved.topleft)
            if view.contains(moved):
                element.show()
            else:
                element.hide()

    def scroll_by(self, pixels: int) -> None:
        """Scroll the centre column (PgUp/PgDn, the wheel)."""
        if self.plan is None:
            return
        self.scroll = max(0, min(self.plan.overflow, self.scroll + pixels))
        self._place_center()

    def reveal(self, key: str) -> None:
        """Scroll so the centre button ``key`` is in view (Tab landed on it)."""
        rect, plan = self._planned.get(key), self.plan
        if rect is None or plan is None:
            return
        view = plan.viewport
        if rect.top - self.scroll < view.top:
            self.scroll = max(0, rect.top - view.top - 4)
        elif rect.bottom - self.scroll > view.bottom:
            self.scroll = min(plan.overflow, rect.bottom - view.bottom + 4)
        self._place_center()

    def _build_queue(self, v: View) -> None:
        lay, text = self.layout, self.app.text
        for rect, tasks, prefix in ((lay.queue, [t for t in v.tasks if t.channel != "inbox"],
                                     "q-"), (lay.inbox, self._inbox(v), "in-")):
            y = rect.y + panel_title(text)
            more_h = text.line_height(13) + 4
            for i, t in enumerate(tasks):
                h = self.row_height(dd.URGENCY_WORD[t.urgency], t.title, rect.width - 16)
                # Room is kept for "+N more" under the rows, unless that leaves no row at all.
                keep = more_h if i < len(tasks) - 1 and i > 0 else 0
                if y + h > rect.bottom - 6 - keep:
                    break
                self.button(f"{prefix}{t.id}", "", (rect.x + 8, y, rect.width - 16, h),
                            lambda i=t.id: self.select(i))
                y += h + 4

    def row_height(self, word: str, title: str, width: int) -> int:
        """A queue row: the urgency word over the wrapped title (beside it, at large text)."""
        return len(self.row_lines(word, title, width)) * self.app.text.line_height(13) + \
            (0 if self.app.text.scale > 1.25 else self.app.text.line_height(11)) + 6

    def row_lines(self, word: str, title: str, width: int) -> list[str]:
        """A queue row's title lines (led by the urgency word at large text, to save a row)."""
        words = f"{word}: {title}" if self.app.text.scale > 1.25 else title
        return self.app.text.wrap(words, 13, width - 20)

    # -- doing things -----------------------------------------------------------------------

    def apply(self, command: Command) -> bool:
        """Send a command to the session (the only way the desk changes the shift)."""
        before = len(self.session.shift.outcomes)
        toasts = len(self.session.toasts)
        ok = self.session.apply(command)
        if command.type in SAYS_WHY and not ok:
            self._say_refusal(before, len(self.session.toasts) == toasts)
        if command.type == "submit_form" and ok:
            self.close_form()
        if command.type == "check_eligibility" and ok:
            # The answer is drawn below the actions: bring it into view (large text).
            task = self.view.task(command.task)
            portal = task.progress.get("portal", {}) if task else {}
            pid = command.patient or next(iter(portal), None)
            self.show_anchor = f"portal-{pid}"
        if self.guide is not None:
            self.guide.applied(self.session, command, ok)
        self.choice = None
        if command.type == "answer_call":
            line = next((ln for ln in self.view.lines if ln.number == command.line), None)
            if line is not None and line.task:
                self.selected = line.task
        if command.type == "hold_call" and ok:
            # A hold is for the other line: make the ringing call current, so A answers it.
            ringing = [ln for ln in self.view.lines if ln.status == "ringing" and ln.task]
            if ringing:
                self.selected = min(ringing, key=lambda ln: ln.since).task
        return ok

    def do(self, act: Action) -> None:
        """Run an action: apply its command or open its sub-choice (or say why not now)."""
        if act.reason:
            self.app.sound.play("notify", act.reason)
            return
        if act.form is not None:
            self.open_form(act.form)
        elif act.command is not None:
            self.apply(act.command)
        elif act.choices:
            self.choice = (act.label, act.choices)

    def choose(self, index: int) -> None:
        """Pick option ``index`` of the open sub-choice."""
        if self.choice and index < len(self.choice[1]):
            self.apply(self.choice[1][index][1])

    def cancel_choice(self) -> None:
        """Close the sub-choice."""
        self.choice = None

    def reply(self, index: int) -> None:
        """Say reply ``index`` to the person in the current task."""
        task = self.current_task()
        if task is not None and task.dialogue is not None:
            from simulator.engine.commands import ChooseReply

            self.apply(ChooseReply(task=task.id, choice=index))

    def line_pressed(self, number: int) -> None:
        """A line's button: answer or resume it, hold it while talking, end it once helped."""
        from simulator.engine.commands import AnswerCall, HoldCall

        line = next(ln for ln in self.view.lines if ln.number == number)
        if line.status in ("ringing", "hold"):
            self.apply(AnswerCall(line=number))
        elif line.status == "talking":
            self.apply(HoldCall(line=number))

    def end_call(self) -> None:
        """E: hang up the line being talked on (a caller not yet helped is abandoned)."""
        from simulator.engine.commands import EndCall

        talking = [ln for ln in self.view.lines if ln.status == "talking"]
        if talking:
            self.apply(EndCall(line=talking[0].number))
        else:
            self.app.sound.play("notify", "No call to end: nobody is on a line with you")

    def select(self, task_id: str) -> None:
        """Make a task current."""
        if task_id != self.selected:
            self.scroll = 0
            self.form = None
        self.selected = task_id
        self.choice = None

    def save_reconcile(self) -> None:
        """Enter the typed paper record."""
        from simulator.engine.commands import Reconcile

        if self.reconciling is None:
            return
        values = {k: e.get_text() for k, e in self._entries.items()}
        self.apply(Reconcile(entry=self.reconciling, **values))

    def session_wait(self) -> None:
        """Skip ahead to the next thing that happens (not past an open tutorial step)."""
        if self.guide is not None and self.guide.step is not None:
            self.app.sound.play("notify", "The clock waits for this step: do it first")
            return
        self.session.wait()

    def open_pause(self) -> None:
        """Pause (practice) or say that assessments cannot pause."""
        if self.session.mode == "assessment":
            self.app.sound.play("notify", "Assessments cannot be paused; the clock runs on.")
            return
        self.app.push_screen("pause", self)

    def end_shift(self) -> None:
        """Finish now and go to the debrief."""
        self.session.finish()

    # -- frame --------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Let time pass, react to what happened, rebuild buttons if needed, end the shift."""
        self.session.tick(dt)
        self.toast_left = max(0.0, self.toast_left - dt)
        if self.guide is not None:
            self.guide.update(self.session)
        self._react()
        if self.session.shift.ended:
            self._to_debrief()
            return
        if self._sig() != self._signature:
            self._rebuild_dynamic()
            self.hint = self.session.hint()

    def _react(self) -> None:
        """Sounds with captions, and practice toasts, for new outcomes."""
        outcomes = self.session.shift.outcomes
        for o in outcomes[self._seen_outcomes:]:
            kind = o["kind"]
            if kind == "CallRang":
                self.app.sound.play("ring", f"Phone ringing: line {o['line']}")
            elif kind == "SilentAlarmTriggered":
                self.app.sound.play("alarm", "Silent alarm sent to security")
            elif kind == "TaskArrived" and o["urgency"] == "emergency" and o["channel"] == "desk":
                self.app.sound.play("alarm", "Emergency in the waiting room")
            elif kind == "EhrWentDown":
                self.app.sound.play("notify", "The EHR just went down")
            elif kind == "PowerFailed":
                self.app.sound.play("alarm", "The power has failed")
        self._seen_outcomes = len(outcomes)
        if self.session.toasts:
            self.toast = self.session.toasts[-1]
            self.session.toasts.clear()
            # Long enough to read at a new hire's pace, and a moment to take it in.
            self.toast_left = max(TOAST_MIN_SECONDS, reading_seconds(self.toast.text) + 1.5)
            self.app.sound.play("notify", "Feedback")
        if self.selected and self.current_task() is None:
            self.selected = None
        if self.form is not None and self.form.task != self.selected:
            self.form = None  # the task was closed or left: its form goes with it

    def _to_debrief(self) -> None:
        self.app.switch_screen("debrief", self.session)
