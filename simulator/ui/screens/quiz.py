"""The readiness quiz in the window: one item at a time, then the readiness report.

Keyboard: 1-5 answer, Enter or N next, Tab/Enter work as everywhere, Esc leaves. When an
item (at large text) or the report is taller than the window, Up/Down, Page Up/Page Down,
Home/End and the mouse wheel scroll it.

Everything is laid out from line heights and measured text at the current text scale: the
heading wraps, each option's button is as tall as its wrapped words, and the feedback panel
as tall as its explanation.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pygame

from simulator.curriculum.quiz import (
    DEFAULT_COUNT,
    KIND_LABEL,
    Answer,
    attempt_record,
    choose_items,
    overall,
    quiz_context,
    readiness,
    self_check_items,
    self_ratings,
    shuffled_options,
    verdict,
)
from simulator.records.deck import open_deck
from simulator.ui.layout import button_height, label_width
from simulator.ui.screens.base import Screen
from simulator.ui.screens.text_page import Block, TextPage
from simulator.ui.scroll import BAR, CUE_TEXT, Line, Scroll, cue_lines, draw_lines, place_buttons
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel

MARGIN = 40
GAP = 8
OPTION_TEXT = 14


class QuizScreen(Screen):
    """Glossary, situational judgement and self-check items."""

    def __init__(self, app, count: int = DEFAULT_COUNT, seed: int | None = None,
                 trainee: str | None = None, competency: str | None = None,
                 review: bool = True, self_check: bool = True):
        super().__init__(app)
        context = quiz_context()
        self.titles, self.scenarios_for = context.titles, context.scenarios_for
        self.terms_for = context.terms_for
        self.statements = {c.id: c.statement for c in context.curriculum.checklist}
        self.trainee = trainee or "local"
        self.now = datetime.now(UTC)  # UI layer: the one place the quiz reads the clock
        self.deck = open_deck(now=self.now)
        due = self.deck.due(self.trainee, self.now) if review else []
        # No seed: a new one per attempt, so options are shuffled anew (review included).
        self.seed = secrets.randbelow(1_000_000) if seed is None else seed
        self.competency = competency
        scored = choose_items(context.bank, count, self.seed, competency=competency,
                              due_first=due)
        self.asked = len(scored)
        self.items = scored + (self_check_items(context.bank) if self_check else [])
        self.saved = False
        self.index = 0
        self.answers: list[Answer] = []
        self.answered: int | None = None  # shown position of the last answer
        self.scroll = Scroll()
        self.report: TextPage | None = None
        # Laid out by _layout (window coordinates, except content in scroll coordinates).
        self.head: list[str] = []
        self.bar = pygame.Rect(0, 0, 0, 0)
        self.lines: list[Line] = []
        self.options: dict[str, pygame.Rect] = {}
        self.feedback: pygame.Rect | None = None

    @property
    def item(self):
        """The current item (None once finished)."""
        return self.items[self.index] if self.index < len(self.items) else None

    # -- layout -------------------------------------------------------------------------

    def _heading(self) -> tuple[str, int]:
        item = self.item
        if item is None:
            if not self.answers:
                return "No answers yet.", 20
            return f"Readiness report: {overall(self.answers)} % overall", 24
        return (f"Readiness quiz  {self.index + 1} / {len(self.items)}  -  "
                f"{KIND_LABEL[item.kind]}", 20)

    def _option_label(self, shown: int, index: int) -> tuple[str, str]:
        """An option's words (marked once answered) and their colour."""
        item, pal = self.item, self.app.palette
        colour, mark = pal.button_text, ""
        if self.answered is not None and item.kind != "checklist":
            if index == item.best:
                colour, mark = pal.good, "  [best]"
            elif shown == self.answered:
                colour, mark = pal.warn, "  [your answer]"
        return f"{shown}) {item.options[index].text}{mark}", colour

    def _layout(self, right_buttons: list[int], left_buttons: list[int]) -> None:
        """Heading, bottom bar, the scrolled view and what it holds, from the text sizes."""
        text, pal = self.app.text, self.app.palette
        w, h = self.app.size
        title, size = self._heading()
        self.head = text.wrap(title, size, w - 2 * MARGIN, True)
        head_bottom = 16 + len(self.head) * text.line_height(size)
        bh = max(button_height(text), text.line_height(16) + 8)
        gap = w - 2 * MARGIN - sum(right_buttons) - sum(left_buttons) - 4 * GAP
        bar_h = max(bh, cue_lines(text, max(40, gap)) * text.line_height(CUE_TEXT))
        self.bar = pygame.Rect(MARGIN, h - bar_h - 12, w - 2 * MARGIN, bar_h)
        view = pygame.Rect(MARGIN, head_bottom + GAP, w - 2 * MARGIN,
                           self.bar.y - GAP - head_bottom - GAP)
        self.lines, self.options, self.feedback = [], {}, None
        item = self.item
        if item is None:
            self.scroll.fit(view, 0, 2 * text.line_height(18))
            return
        width = view.width - 2 * BAR - 2
        y = 0
        for line in text.wrap(item.prompt, 18, width):
            self.lines.append(Line(line, 18, pal.text, False, 0, y))
            y += text.line_height(18)
        y += GAP + 2
        lh = text.line_height(OPTION_TEXT)
        for shown, index in enumerate(shuffled_options(item, self.seed), start=1):
            label, _ = self._option_label(shown, index)
            rows = len(text.wrap(label, OPTION_TEXT, width - 20))
            height = max(button_height(text), rows * lh + 10)
            self.options[f"quiz-opt-{shown}"] = pygame.Rect(0, y, width, height)
            y += height + GAP
        if self.answered is not None and item.kind != "checklist":
            last = self.answers[-1]
            verdict = ("Right" if last.credit == 100 else "Partly right" if last.credit
                       else "Not quite")
            top = y + 4
            yy = top + 6
            for line in text.wrap(f"{verdict} ({last.credit} %)", 15, width - 28, True):
                self.lines.append(Line(line, 15, pal.text, True, 16, yy))
                yy += text.line_height(15)
            yy += 4
            for line in text.wrap(item.explanation, 14, width - 28):
                self.lines.append(Line(line, 14, pal.text, False, 16, yy))
                yy += text.line_height(14)
            self.feedback = pygame.Rect(0, top, width, yy + 8 - top)
            y = self.feedback.bottom
        stops = [ln.y for ln in self.lines] + [r.y for r in self.options.values()]
        if self.feedback is not None:
            stops.append(self.feedback.y)
        self.scroll.fit(view, y, 2 * text.line_height(18), stops)

    def build_ui(self) -> None:
        text = self.app.text
        bh = max(button_height(text), text.line_height(16) + 8)
        if self.item is None:
            done = label_width(text, "Back to title", True) + 10
            self._layout([done], [])
            self.report = self.report or TextPage([self._report_blocks()])
            bar = self.bar
            self.button("quiz-done", "Back to title", (bar.right - done, bar.bottom - bh, done,
                                                        bh), self.leave, kind="primary")
            return
        leave, nxt = "Leave quiz (Esc)", "Next (N)"
        leave_w, next_w = label_width(text, leave), label_width(text, nxt, True) + 10
        self._layout([next_w], [leave_w])
        for key, rect in self.options.items():
            shown = int(key.rsplit("-", 1)[1])
            self.button(key, "", rect, lambda s=shown: self.answer(s),
                        reveal=lambda k=key: self._reveal(k))
        bar = self.bar
        self.button("quiz-leave", leave, (bar.x, bar.bottom - bh, leave_w, bh), self.leave)
        self.button("quiz-next", nxt, (bar.right - next_w, bar.bottom - bh, next_w, bh),
                    self.next_item, kind="primary")
        if self.answered is None:
            self.buttons["quiz-next"].disable()
        else:
            for key in self.options:
                self.buttons[key].disable()
            self.focus.focus(self.buttons["quiz-next"])
            if self.feedback is not None:
                self.scroll.reveal(self.feedback.y, self.feedback.height)
        self._place()

    def _place(self) -> None:
        place_buttons(self, self.scroll, self.options)

    def _reveal(self, key: str) -> None:
        rect = self.options[key]
        self.scroll.reveal(rect.y, rect.height)
        self._place()

    def resume(self) -> None:
        """Back on top: show the buttons that are in view."""
        super().resume()
        self._place()

    # -- actions ------------------------------------------------------------------------

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
        if item.kind != "checklist":  # self-ratings never enter the review deck
            self.deck.review(self.trainee, item.id, credit, self.now)
        self.answered = shown
        self.rebuild(keep_focus=False)

    def next_item(self) -> None:
        """Go on to the next item (or the report)."""
        if self.answered is None:
            return
        self.index += 1
        self.answered = None
        self.scroll.offset = 0
        self.rebuild(keep_focus=False)

    def leave(self) -> None:
        """Back to the title (an attempt with answers is kept for the trainer first)."""
        self._save_attempt()
        self.deck.close()
        self.app.pop()

    def _save_attempt(self) -> None:
        """Store the attempt in the trainee's progress, once."""
        if self.saved or not self.answers:
            return
        from simulator.progress import ProgressStore

        self.saved = True
        ProgressStore().record_quiz(self.trainee, attempt_record(
            self.answers, at=self.now.isoformat(timespec="seconds"), seed=self.seed,
            asked=self.asked, focus=self.competency))

    def handle(self, event: pygame.event.Event) -> None:
        """Number keys answer; N next; Escape leaves; the scroll keys scroll."""
        if self.item is None and self.report is not None:
            if self.report.handle(event, line=2 * self.app.text.line_height(15)):
                return
        elif self.scroll.handle(event):
            self._place()
            return
        if event.type != pygame.KEYDOWN:
            return
        name = pygame.key.name(event.key)
        if event.key == pygame.K_ESCAPE:
            self.leave()
        elif name.isdigit() and self.item is not None:
            self.answer(int(name))
        elif name == "n":
            self.next_item()

    # -- drawing ------------------------------------------------------------------------

    def boxes(self) -> list[pygame.Rect]:
        """The scrolled view (or the report's page) and the feedback panel in view."""
        out = [self.scroll.view]
        if self.feedback is not None:
            shown = self._feedback_rect()
            if shown.height > 0:
                out.append(shown)
        return out

    def _feedback_rect(self) -> pygame.Rect:
        """The feedback panel's part in view, in window coordinates."""
        assert self.feedback is not None
        rect = self.feedback.move(self.scroll.view.x, self.scroll.top(0))
        return rect.clip(self.scroll.view)

    def draw(self, surface: pygame.Surface) -> None:
        """Heading; the item, its feedback and the scroll cue; or the report."""
        pal, text = self.app.palette, self.app.text
        surface.fill(pal.bg)
        _, size = self._heading()
        y = 16
        for line in self.head:
            surface.blit(text.render(line, size, pal.text, bold=True), (MARGIN, y))
            y += text.line_height(size)
        if self.item is None:
            self._draw_report(surface)
            return
        if self.feedback is not None:
            shown = self._feedback_rect()
            if shown.height > 0:
                last = self.answers[-1]
                colour = pal.good if last.credit == 100 else pal.warn if last.credit else pal.bad
                panel(surface, shown, pal)
                pygame.draw.rect(surface, hex_rgb(colour), (shown.x, shown.y, 6, shown.height))
        draw_lines(surface, text, self.scroll, self.lines)
        self.scroll.draw_bar(surface, pal)
        self._draw_cue(surface, self.scroll.cue())

    def _draw_cue(self, surface: pygame.Surface, cue: str) -> None:
        """The scroll cue in the bottom bar, between its buttons."""
        if not cue:
            return
        pal, text = self.app.palette, self.app.text
        rects = [b.get_abs_rect() for k, b in self.buttons.items()
                 if k in ("quiz-leave", "quiz-next", "quiz-done")]
        left = max([r.right for r in rects if r.centerx < self.bar.centerx], default=self.bar.x)
        right = min([r.x for r in rects if r.centerx >= self.bar.centerx],
                    default=self.bar.right)
        lines = text.wrap(cue, CUE_TEXT, right - left - 2 * GAP)
        y = self.bar.bottom - len(lines) * text.line_height(CUE_TEXT)
        for line in lines:
            surface.blit(text.render(line, CUE_TEXT, pal.muted), (left + GAP, y))
            y += text.line_height(CUE_TEXT)

    def draw_over(self, surface: pygame.Surface) -> None:
        """Option texts, wrapped, over their buttons; the right one marked once answered."""
        item = self.item
        if item is None:
            return
        text = self.app.text
        lh = text.line_height(OPTION_TEXT)
        for shown, index in enumerate(shuffled_options(item, self.seed), start=1):
            button = self.buttons.get(f"quiz-opt-{shown}")
            if button is None or not button.visible:
                continue
            rect = button.get_abs_rect()
            label, colour = self._option_label(shown, index)
            yy = rect.y + 5
            for line in text.wrap(label, OPTION_TEXT, rect.width - 20):
                surface.blit(text.render(line, OPTION_TEXT, colour), (rect.x + 10, yy))
                yy += lh

    # -- the report ---------------------------------------------------------------------

    def _report_blocks(self) -> list[Block]:
        if not self.answers:
            return [Block("Answer a few items to see how ready you are.", "note")]
        self._save_attempt()
        comps, domains = readiness(self.answers, self.titles, self.scenarios_for,
                                   self.terms_for)
        call = verdict(self.answers, focused=self.competency is not None)
        blocks = [Block(call.line, "heading", "good" if call.ready else "warn")]
        if call.items == 0:
            blocks.append(Block("No scored items were answered.", "note"))
        blocks.append(Block("By NHA CMAA domain (weakest first)", "heading"))
        blocks += [Block(f"{r.percent} %  {r.title} ({r.items})", "item") for r in domains]
        blocks.append(Block("By competency (weakest first)", "heading"))
        for r in comps:
            tip = ""
            if r.percent < 100 and (r.scenarios or r.terms):
                tip = "  -> " + ", ".join(r.scenarios[:2] + r.terms[:2])
            blocks.append(Block(f"{r.percent} %  {r.title}{tip}", "item"))
        rated = self_ratings(self.answers)
        if rated:
            blocks.append(Block("Self-check (your own ratings, not part of the score)",
                                "heading"))
            blocks += [Block(f"{words}: {self.statements.get(item.checklist or '', '')}",
                             "item") for item, words in rated]
        return blocks

    def _draw_report(self, surface: pygame.Surface) -> None:
        if self.report is None:
            return
        pal, text = self.app.palette, self.app.text
        self.report.draw(surface, text, pal, self.scroll.view)
        self._draw_cue(surface, self.report.cue())
