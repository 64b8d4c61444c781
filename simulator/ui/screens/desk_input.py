"""Input at the desk: shortcuts, task cycling, replies by F-keys, scrolling, clicks.

A mixin of :class:`simulator.ui.screens.desk.DeskScreen` (which owns the state and the
actions these keys trigger); kept apart so that module is about the shift and its buttons.
"""

from __future__ import annotations

import pygame
import pygame_gui

from simulator.ui.screens.desk_actions import system_actions
from simulator.ui.screens.desk_form import form_text
from simulator.ui.screens.reference import open_reference


class DeskInput:
    """Keyboard and mouse handling for the desk screen (see the module docstring)."""

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
            for rect, slot_id in self.slot_hits:
                if rect.collidepoint(event.pos):
                    self.slot = slot_id
            return
        if event.type == pygame.MOUSEWHEEL and self.plan is not None and \
                self.layout.center.collidepoint(pygame.mouse.get_pos()):
            self.scroll_by(-event.y * self.app.text.line_height(15) * 2)
            return
        if self.form is not None:
            # An open form has the keyboard (desk_form): typing, and PgUp/PgDn to scroll.
            if event.type == pygame.TEXTINPUT:
                form_text(self, event.text)
            elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN,
                                                                pygame.K_PAGEUP):
                page = self.plan.viewport.height * 3 // 4 if self.plan else 0
                self.scroll_by(page if event.key == pygame.K_PAGEDOWN else -page)
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
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and self.plan is not None:
            page = self.plan.viewport.height * 3 // 4
            self.scroll_by(page if event.key == pygame.K_PAGEDOWN else -page)
            return
        if name == keys.get("schedule_slot"):
            self.next_slot()
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
            self.app.push_screen("settings")
            return
        for act in self.actions + system_actions(self.view):
            if act.shortcut and keys.get(act.shortcut) == name:
                if act.reason and act.shortcut in ("answer", "end_call"):
                    break  # not this task's line: the key works on the phone as a whole
                self.do(act)
                return
        if name == keys["answer"]:
            ringing = [ln for ln in self.view.lines if ln.status == "ringing"]
            if ringing:
                self.line_pressed(min(ringing, key=lambda ln: ln.since).number)
            return
        if name == keys["end_call"]:
            self.end_call()

    def next_slot(self) -> None:
        """L: read the next slot of the schedule (from the current time on, in time order)."""
        v = self.view
        slots = sorted(v.slots, key=lambda sl: (sl.start, sl.provider_id))
        if not slots:
            return
        ids = [sl.id for sl in slots]
        if self.slot in ids:
            self.slot = ids[(ids.index(self.slot) + 1) % len(ids)]
        else:
            self.slot = next((sl.id for sl in slots if sl.start + sl.minutes * 60 > v.now),
                             ids[0])

    def cycle(self, step: int) -> None:
        """Select the next or previous task in the queue."""
        ids = [t.id for t in self.view.tasks]
        if not ids:
            return
        index = ids.index(self.selected) if self.selected in ids else -1
        self.select(ids[(index + step) % len(ids)])
