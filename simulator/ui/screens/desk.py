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
from simulator.engine.view import LineView, TaskView, View
from simulator.guide import Guide
from simulator.session import Session
from simulator.ui.screens import desk_draw as dd
from simulator.ui.screens import guide_overlay
from simulator.ui.screens.base import Screen
from simulator.ui.screens.desk_actions import Action, system_actions, task_actions
from simulator.ui.screens.desk_panel import draw_bottom, draw_center, reply_rects
from simulator.ui.screens.reference import open_reference
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel

#: Shortest time a practice toast stays up; longer ones stay as long as they take to read.
TOAST_MIN_SECONDS = 4.0
VIEW_EVERY = 2  # shift seconds between view rebuilds when nothing else happened


def caller_helped(view: View, line: LineView) -> bool:
    """A caller still on the line whose task is finished: the call is ready to end."""
    return line.status == "talking" and view.task(line.task or "") is None


class DeskScreen(Screen):
    """Play one shift."""

    fills_window = True

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.selected: str | None = None
        self.choice: tuple[str, tuple[tuple[str, Command], ...]] | None = None
        self.reconciling: str | None = None
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
            task.id, task.status, task.identity, task.insurance, task.preauth, task.copay,
            task.booked, task.estimate, task.authorized, task.acknowledged,
            task.dialogue.says if task.dialogue else None, tuple(task.progress.items()),
            task.line, task.record is None)
        return (task_sig, tuple((ln.status, ln.task) for ln in v.lines),
                tuple(t.id for t in v.tasks[:7]), tuple(t.id for t in self._inbox(v)[:3]),
                v.ehr_up, v.power_up, v.paper_mode, v.rerouted, v.alarm, tuple(v.called),
                tuple((p.id, p.reconciled) for p in v.paper), self.choice is not None,
                self.reconciling, self.app.settings.text_scale)

    @staticmethod
    def _inbox(v: View) -> list[TaskView]:
        return [t for t in v.tasks if t.channel == "inbox"]

    # -- building buttons -------------------------------------------------------------------

    def build_ui(self) -> None:
        self._signature = None
        self.button("pause", "Pause (Esc)" if self.session.mode == "practice" else "Menu",
                    (dd.TOP.right - 118, dd.TOP.y + 6, 110, 28), self.open_pause,
                    focusable=False)
        ref = self.app.settings.keys["reference"]
        self.button("reference", f"Reference ({ref.upper()})", (dd.BOTTOM.right - 130,
                    dd.BOTTOM.y + 42, 120, 30), lambda: open_reference(self), focusable=False)
        self._rebuild_dynamic()

    def _rebuild_dynamic(self) -> None:
        focused = self.focus.current()
        focused_key = next((k for k, b in self.buttons.items()
                            if focused and b is focused.element), None)
        for prefix in ("line-", "q-", "in-", "act-", "sys-", "rep-", "choice-", "rec-",
                       "wait", "entry-"):
            self.remove_buttons(prefix)
        for entry in self._entries.values():
            entry.kill()
        self._entries = {}
        v = self.view
        task = self.current_task()
        self.actions = task_actions(v, task) if task else []
        self._build_lines(v)
        self._build_center(v, task)
        self._build_queue(v)
        self.button("wait", "Wait (W)", (dd.BOTTOM.right - 110, dd.BOTTOM.y + 8, 100, 30),
                    self.session_wait, focusable=True)
        if focused_key in self.buttons:
            self.focus.focus(self.buttons[focused_key])
        self._signature = self._sig()

    def _build_lines(self, v: View) -> None:
        height = min(48, (dd.PHONE.bottom - dd.PHONE.y - 36) // max(1, len(v.lines)))
        y = dd.PHONE.y + 34
        for ln in v.lines:
            label = {"ringing": "Answer", "talking": "Hold", "hold": "Resume", "idle": "-"}
            # A caller already helped is still on the line until the desk hangs up.
            done = caller_helped(v, ln)
            button = self.button(f"line-{ln.number}", "End call" if done else label[ln.status],
                                 (dd.PHONE.right - 92, y + 4, 78, max(26, height - 12)),
                                 lambda n=ln.number: self.line_pressed(n))
            if ln.status == "idle":
                button.disable()
            y += height

    def _build_center(self, v: View, task: TaskView | None) -> None:
        x0, bottom = dd.CENTER.x + 12, dd.CENTER.bottom - 8
        sys_acts = system_actions(v)
        for i, act in enumerate(sys_acts):
            self.button(f"sys-{act.key}", act.label, (x0 + i * 158, dd.CENTER.y + 34, 150, 30),
                        lambda a=act: self.do(a), kind="danger" if act.danger else None)
        if v.ehr_up and any(not p.reconciled for p in v.paper):
            self._build_reconcile(v)
            return
        if self.choice is not None:
            title, options = self.choice
            for i, (label, _) in enumerate(options):
                col, row = divmod(i, 4)
                self.button(f"choice-{i}", f"{i + 1}. {label}",
                            (x0 + col * 312, bottom - 4 * 40 + row * 40, 304, 34),
                            lambda i=i: self.choose(i))
            self.button("choice-cancel", "Cancel (Esc)", (x0 + 2 * 312 - 152, bottom - 200,
                                                          150, 32), self.cancel_choice)
            return
        if task is None:
            return
        if task.dialogue is not None:
            for i, rect in enumerate(reply_rects(self.app.text, task.dialogue.choices)):
                self.button(f"rep-{i}", "", rect, lambda i=i: self.reply(i))
        cols, width = 3, 204
        rows_needed = (len(self.actions) + cols - 1) // cols
        top = bottom - rows_needed * 40
        for i, act in enumerate(self.actions):
            row, col = divmod(i, cols)
            key = self.app.settings.keys.get(act.shortcut or "", "")
            label = f"[{key.upper()}] {act.label}" if key and len(key) <= 3 else act.label
            self.button(f"act-{act.key}", label, (x0 + col * (width + 8), top + row * 40,
                                                  width, 34),
                        lambda a=act: self.do(a), kind="danger" if act.danger else None)

    def _build_reconcile(self, v: View) -> None:
        x0 = dd.CENTER.x + 12
        entries = [p for p in v.paper if not p.reconciled]
        if self.reconciling not in {p.id for p in entries}:
            self.reconciling = entries[0].id
        y = dd.CENTER.y + 250
        for name, width in (("name", 250), ("dob", 140), ("arrived", 100)):
            entry = pygame_gui.elements.UITextEntryLine(
                pygame.Rect(x0 + {"name": 0, "dob": 262, "arrived": 414}[name], y, width, 36),
                manager=self.app.manager)
            self.elements.append(entry)
            self._entries[name] = entry
            self.focus.add(entry, entry.focus)
        self.button("rec-save", "Enter into EHR", (x0 + 526, y, 100, 36), self.save_reconcile,
                    kind="primary")

    def _build_queue(self, v: View) -> None:
        y = dd.QUEUE.y + 32
        for t in v.tasks[:7]:
            if t.channel == "inbox":
                continue
            self.button(f"q-{t.id}", "", (dd.QUEUE.x + 8, y, dd.QUEUE.width - 16, 36),
                        lambda i=t.id: self.select(i))
            y += 38
            if y > dd.QUEUE.bottom - 40:
                break
        y = dd.INBOX.y + 30
        for t in self._inbox(v)[:3]:
            self.button(f"in-{t.id}", "", (dd.INBOX.x + 8, y, dd.INBOX.width - 16, 26),
                        lambda i=t.id: self.select(i))
            y += 28

    # -- doing things -----------------------------------------------------------------------

    def apply(self, command: Command) -> bool:
        """Send a command to the session (the only way the desk changes the shift)."""
        ok = self.session.apply(command)
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
        """Run an action: apply its command or open its sub-choice."""
        if act.command is not None:
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
        from simulator.engine.commands import AnswerCall, EndCall, HoldCall

        line = next(ln for ln in self.view.lines if ln.number == number)
        if line.status in ("ringing", "hold"):
            self.apply(AnswerCall(line=number))
        elif caller_helped(self.view, line):
            self.apply(EndCall(line=number))
        elif line.status == "talking":
            self.apply(HoldCall(line=number))

    def select(self, task_id: str) -> None:
        """Make a task current."""
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
        from simulator.ui.screens.pause import PauseScreen

        self.app.push(PauseScreen(self.app, self))

    def end_shift(self) -> None:
        """Finish now and go to the debrief."""
        self.session.finish()

    # -- input --------------------------------------------------------------------------------

    def typing(self) -> bool:
        """True while a text box has the keyboard."""
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine)
                   for e in self.app.manager.get_focus_set() or ())

    def handle(self, event: pygame.event.Event) -> None:
        """Shortcuts, task cycling, replies by F-keys, and clicks on people."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, task_id in self.hits:
                if rect.collidepoint(event.pos):
                    self.select(task_id)
            return
        if event.type != pygame.KEYDOWN or self.typing():
            return
        name = pygame.key.name(event.key)
        keys = self.app.settings.keys
        if event.key == pygame.K_ESCAPE:
            if self.choice is not None:
                self.cancel_choice()
            else:
                self.open_pause()
            return
        if self.choice is not None and name.isdigit() and name != "0":
            self.choose(int(name) - 1)
            return
        if pygame.K_F1 <= event.key <= pygame.K_F5:
            self.reply(event.key - pygame.K_F1)
            return
        if name == keys["next_task"] or name == keys["prev_task"]:
            self.cycle(1 if name == keys["next_task"] else -1)
            return
        if name == keys["wait"]:
            self.session_wait()
            return
        if name == keys["reference"]:
            open_reference(self)
            return
        if name == keys["settings"]:
            from simulator.ui.screens.settings_screen import SettingsScreen

            self.app.push(SettingsScreen(self.app))
            return
        for act in self.actions + system_actions(self.view):
            if act.shortcut and keys.get(act.shortcut) == name:
                self.do(act)
                return
        if name == keys["answer"]:
            ringing = [ln for ln in self.view.lines if ln.status == "ringing"]
            if ringing:
                self.line_pressed(min(ringing, key=lambda ln: ln.since).number)
        if name == keys["end_call"]:
            helped = [ln for ln in self.view.lines
                      if caller_helped(self.view, ln)]
            if helped:
                self.line_pressed(helped[0].number)

    def cycle(self, step: int) -> None:
        """Select the next or previous task in the queue."""
        ids = [t.id for t in self.view.tasks]
        if not ids:
            return
        index = ids.index(self.selected) if self.selected in ids else -1
        self.select(ids[(index + step) % len(ids)])

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

    def _to_debrief(self) -> None:
        from simulator.ui.screens.debrief import DebriefScreen

        self.app.replace(DebriefScreen(self.app, self.session))

    def draw(self, surface: pygame.Surface) -> None:
        """All panels, each repainted only when what it shows changed (layer cache)."""
        pal, text, v = self.app.palette, self.app.text, self.view
        mode = {"practice": "practice", "assessment": "assessment", "watch": "watching"}
        look = (self.app.settings.palette, self.app.settings.text_scale)
        # While nobody waits the clock fast-forwards (engine.clock): say so in words.
        cue = ">> fast-forward" if self.session.fast_forward else ""
        self._layer(surface, "top", dd.TOP, (look, v.clock, v.ehr_up, v.power_up,
                                            v.paper_mode, v.rerouted, cue),
                    lambda s: dd.draw_top(s, text, pal, v, self.session.scenario.title,
                                          mode.get(self.session.mode, self.session.mode), cue))
        self._layer(surface, "phone", dd.PHONE,
                    (look, tuple((ln.status, ln.caller, v.now - ln.since) for ln in v.lines)),
                    lambda s: dd.draw_phone(s, text, pal, v))
        # Waits are shown in whole minutes: repaint once a minute, not per person.
        people = (v.now // 60, tuple((t.id, dd.mood(t.agitation), t.record is not None)
                                     for t in dd.waiting_people(v)))
        self._layer(surface, "waiting", dd.WAITING, (look, people),
                    lambda s: dd.draw_waiting(s, text, pal, v, self.hits))
        self._layer(surface, "queue", dd.QUEUE, (look,),
                    lambda s: panel(s, dd.QUEUE, pal, "TASKS (urgent first)", text))
        self._layer(surface, "inbox", dd.INBOX, (look, len(self._inbox(v))),
                    lambda s: panel(s, dd.INBOX, pal, f"INBOX ({len(self._inbox(v))})", text))
        self._layer(surface, "schedule", dd.SCHEDULE,
                    (look, self.session.shift.slots_version, v.out_providers, v.now // 60),
                    lambda s: dd.draw_schedule(s, text, pal, v))
        task = self.current_task()
        self._layer(surface, "center", dd.CENTER, (look, self._signature, self.choice,
                                                   self.reconciling,
                                                   task.agitation if task else None),
                    lambda s: draw_center(s, self, v))
        self._layer(surface, "bottom", dd.BOTTOM, (look,),
                    lambda s: pygame.draw.rect(s, hex_rgb(pal.panel), dd.BOTTOM,
                                               border_radius=6))

        surface.blit(self._canvas, (0, 0))

    def _layer(self, surface: pygame.Surface, name: str, rect: pygame.Rect, key: tuple,
               paint) -> None:
        """Repaint one panel of the cached canvas, only when what it shows (``key``) changed.

        All panels share one full-window canvas, so a frame is a single blit of it.
        """
        if self._canvas is None or self._canvas_look != key[0]:
            self._canvas = pygame.Surface(self.app.size).convert()
            self._canvas.fill(hex_rgb(self.app.palette.bg))
            self._canvas_look = key[0]
            self._layers = {}
        if self._layers.get(name) != key:
            self._canvas.fill(hex_rgb(self.app.palette.bg), rect)
            paint(self._canvas)
            self._layers[name] = key

    def draw_over(self, surface: pygame.Surface) -> None:
        """Text drawn over buttons (queue rows, replies), then the bottom bar."""
        pal, text, v = self.app.palette, self.app.text, self.view
        for key, button in self.buttons.items():
            if key.startswith(("q-", "in-")):
                task = v.task(key.split("-", 1)[1])
                if task is None:
                    continue
                rect = button.get_abs_rect()
                colour = dd.urgency_colour(pal, task.urgency)
                pygame.draw.rect(surface, hex_rgb(colour), (rect.x + 2, rect.y + 3, 5,
                                                            rect.height - 6))
                if key.startswith("q-"):
                    surface.blit(text.render(dd.URGENCY_WORD[task.urgency], 11, colour,
                                             bold=True), (rect.x + 12, rect.y + 1))
                    surface.blit(text.render(task.title, 13, pal.text, width=rect.width - 20),
                                 (rect.x + 12, rect.y + 16))
                else:
                    surface.blit(text.render(task.title, 13, pal.text, width=rect.width - 20),
                                 (rect.x + 12, rect.y + 4))
                if task.id == self.selected:
                    pygame.draw.rect(surface, hex_rgb(pal.accent), rect, width=2,
                                     border_radius=4)
        task = self.current_task()
        if task is not None and task.dialogue is not None and self.choice is None:
            for i, rect in enumerate(reply_rects(text, task.dialogue.choices)):
                lines = text.wrap(f"[F{i + 1}] {task.dialogue.choices[i]}", 14, rect.width - 16)
                y = rect.y + 4
                for line in lines[:3]:
                    surface.blit(text.render(line, 14, pal.button_text), (rect.x + 8, y))
                    y += text.line_height(14) - 1
        draw_bottom(surface, self, v)
        if self.guide is not None:
            guide_overlay.draw(surface, self, self.guide)
