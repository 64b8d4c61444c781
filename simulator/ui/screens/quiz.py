"""The readiness quiz in the window: one item at a time, then the readiness report.

Keyboard: 1-5 answer, Enter or N next, Tab/Enter work as everywhere, Esc leaves.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pygame

from simulator.curriculum.quiz import (
    KIND_LABEL,
    Answer,
    choose_items,
    quiz_context,
    readiness,
    shuffled_options,
)
from simulator.records.deck import open_deck
from simulator.ui.screens.base import Screen
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel


class QuizScreen(Screen):
    """Glossary, situational judgement and self-check items."""

    def __init__(self, app, count: int = 10, seed: int = 1, trainee: str | None = None,
                 competency: str | None = None, review: bool = True):
        super().__init__(app)
        _, bank, self.titles, self.scenarios_for, self.terms_for = quiz_context()
        self.trainee = trainee or "local"
        self.now = datetime.now(UTC)  # UI layer: the one place the quiz reads the clock
        self.deck = open_deck(now=self.now)
        due = self.deck.due(self.trainee, self.now) if review else []
        self.items = choose_items(bank, count, seed, competency=competency, due_first=due)
        self.seed = seed
        self.index = 0
        self.answers: list[Answer] = []
        self.answered: int | None = None  # shown position of the last answer

    @property
    def item(self):
        """The current item (None once finished)."""
        return self.items[self.index] if self.index < len(self.items) else None

    def build_ui(self) -> None:
        w, h = self.app.size
        item = self.item
        if item is None:
            self.button("quiz-done", "Back to title", (w - 260, h - 70, 220, 44), self.leave,
                        kind="primary")
            return
        order = shuffled_options(item, self.seed)
        y = 250
        for shown in range(1, len(order) + 1):
            self.button(f"quiz-opt-{shown}", "", (60, y, w - 120, 58),
                        lambda s=shown: self.answer(s))
            y += 64
        self.button("quiz-next", "Next (N)", (w - 220, h - 64, 180, 42), self.next_item,
                    kind="primary")
        self.button("quiz-leave", "Leave quiz (Esc)", (40, h - 64, 200, 42), self.leave)
        if self.answered is None:
            self.buttons["quiz-next"].disable()
        else:
            for shown in range(1, len(order) + 1):
                self.buttons[f"quiz-opt-{shown}"].disable()
            self.focus.focus(self.buttons["quiz-next"])

    def answer(self, shown: int) -> None:
        """Answer with the option shown at position ``shown`` (1-based)."""
        item = self.item
        if item is None or self.answered is not None:
            return
        order = shuffled_options(item, self.seed)
        if not 1 <= shown <= len(order):
            return
        index = order[shown - 1]
        credit = item.credit(index)
        self.answers.append(Answer(item, index, credit))
        self.deck.review(self.trainee, item.id, credit, self.now)
        self.answered = shown
        self.rebuild(keep_focus=False)

    def next_item(self) -> None:
        """Go on to the next item (or the report)."""
        if self.answered is None:
            return
        self.index += 1
        self.answered = None
        self.rebuild(keep_focus=False)

    def leave(self) -> None:
        """Back to the title."""
        self.deck.close()
        self.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        """Number keys answer; N next; Escape leaves."""
        if event.type != pygame.KEYDOWN:
            return
        name = pygame.key.name(event.key)
        if event.key == pygame.K_ESCAPE:
            self.leave()
        elif name.isdigit() and self.item is not None:
            self.answer(int(name))
        elif name == "n":
            self.next_item()

    def draw(self, surface: pygame.Surface) -> None:
        """The item, its options, feedback; or the report."""
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        surface.fill(pal.bg)
        item = self.item
        if item is None:
            self._report(surface)
            return
        head = f"Readiness quiz  {self.index + 1} / {len(self.items)}  -  {KIND_LABEL[item.kind]}"
        surface.blit(text.render(head, 20, pal.text, bold=True), (60, 24))
        y = 70
        for line in text.wrap(item.prompt, 18, w - 120)[:6]:
            surface.blit(text.render(line, 18, pal.text), (60, y))
            y += text.line_height(18)
        if self.answered is not None and item.kind != "checklist":
            last = self.answers[-1]
            verdict = ("Right" if last.credit == 100 else "Partly right" if last.credit
                       else "Not quite")
            colour = pal.good if last.credit == 100 else pal.warn if last.credit else pal.bad
            box = pygame.Rect(60, h - 200, w - 120, 120)
            panel(surface, box, pal, f"{verdict} ({last.credit} %)", text)
            yy = box.y + 34
            for line in text.wrap(item.explanation, 14, box.width - 24)[:4]:
                surface.blit(text.render(line, 14, pal.text), (box.x + 12, yy))
                yy += text.line_height(14)
            pygame.draw.rect(surface, hex_rgb(colour), (box.x, box.y, 6, box.height))

    def draw_over(self, surface: pygame.Surface) -> None:
        """Option texts, wrapped, over their buttons; the right one marked once answered."""
        item = self.item
        if item is None:
            return
        pal, text = self.app.palette, self.app.text
        order = shuffled_options(item, self.seed)
        for shown, index in enumerate(order, start=1):
            button = self.buttons.get(f"quiz-opt-{shown}")
            if button is None:
                continue
            rect = button.get_abs_rect()
            option = item.options[index]
            colour = pal.button_text
            mark = ""
            if self.answered is not None and item.kind != "checklist":
                if index == item.best:
                    colour, mark = pal.good, "  [best]"
                elif shown == self.answered:
                    colour, mark = pal.warn, "  [your answer]"
            lines = text.wrap(f"{shown}) {option.text}{mark}", 14, rect.width - 20)
            yy = rect.y + 4
            for line in lines[:3]:
                surface.blit(text.render(line, 14, colour), (rect.x + 10, yy))
                yy += text.line_height(14) - 1

    def _report(self, surface: pygame.Surface) -> None:
        pal, text = self.app.palette, self.app.text
        w, _ = self.app.size
        if not self.answers:
            surface.blit(text.render("No answers yet.", 20, pal.text), (60, 60))
            return
        comps, domains = readiness(self.answers, self.titles, self.scenarios_for,
                                   self.terms_for)
        overall = sum(a.credit for a in self.answers) // len(self.answers)
        surface.blit(text.render(f"Readiness report: {overall} % overall", 24, pal.text,
                                 bold=True), (60, 24))
        y = 70
        surface.blit(text.render("By competency (weakest first)", 16, pal.accent, bold=True),
                     (60, y))
        y += 26
        for r in comps[:10]:
            tip = ""
            if r.percent < 100 and (r.scenarios or r.terms):
                tip = "  -> " + ", ".join(r.scenarios[:2] + r.terms[:2])
            surface.blit(text.render(f"{r.percent:3d} %  {r.title}{tip}", 14, pal.text,
                                     width=w - 120), (60, y))
            y += 22
        y += 10
        surface.blit(text.render("By NHA CMAA domain (weakest first)", 16, pal.accent,
                                 bold=True), (60, y))
        y += 26
        for r in domains:
            surface.blit(text.render(f"{r.percent:3d} %  {r.title}", 14, pal.text), (60, y))
            y += 22
