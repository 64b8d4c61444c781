"""The debrief: scores, critical fails, and every mistake with the expert move and terms.

Laid out from the text at the current text size. When the scores fit beside the mistake
(normal text) the two sit side by side and Left/Right page through the mistakes; at larger
text the debrief is one column of pages, the scores first and then each mistake, and
Left/Right page through those. A page taller than its panel scrolls with Up/Down, Page
Up/Page Down, Home/End or the mouse wheel. W ("Watch the expert do this") replays the
moment of the mistake shown, with the expert at the desk; Escape there comes back here.
"""

from __future__ import annotations

import pygame

from simulator.scoring.card import FeedbackItem
from simulator.session import Session
from simulator.ui.layout import button_height, flow, label_width
from simulator.ui.screens.base import Screen
from simulator.ui.screens.debrief_paint import MARGIN, PAD, Column, DebriefPainting, Pane
from simulator.ui.scroll import (
    BAR,
    CUE_TEXT,
    Line,
    Scroll,
    cue_lines,
    place_buttons,
)

DIM_LABEL = {"prioritization": "Prioritization", "accuracy": "Accuracy",
             "deescalation": "De-escalation", "compliance": "Compliance"}
GAP = 8
#: The watch button's label, and a shorter one for a crowded bar (large text).
WATCH = ("Watch the expert do this (W)", "Watch the expert (W)")


class DebriefScreen(DebriefPainting, Screen):
    """What went well, what did not, and what an expert would have done."""

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.card = session.scorecard()
        self.item = 0
        #: One column of pages (large text): True while the scores page is shown.
        self.on_summary = True
        self.term: str | None = None
        from simulator.curriculum import load_curriculum

        cur = load_curriculum()
        self.glossary = {t.id: t for t in cur.glossary}
        self.comp_titles = {c.id: c.title for c in cur.competencies}
        self.review_added = self._feed_review_deck()
        self.scrolls = {"summary": Scroll(), "mistake": Scroll()}
        # Laid out by _layout.
        self.split = True
        self.head: list[str] = []
        self.panes: list[Pane] = []
        self.bar: dict[str, pygame.Rect] = {}
        self.bar_labels: list[tuple[str, str, str | None]] = []

    def _feed_review_deck(self) -> int:
        """Mistakes made here come back in the readiness quiz's review deck."""
        from datetime import UTC, datetime

        from simulator.curriculum.mistakes import add_mistakes_to_deck
        from simulator.curriculum.questions import load_bank
        from simulator.records.deck import open_deck

        if self.session.mode == "watch":
            return 0
        try:
            bank, _ = load_bank()
            attempt = getattr(self.session, "attempt", None)
            store = getattr(attempt, "store", None)
            now = datetime.now(UTC)
            return add_mistakes_to_deck(self.card, bank, self.session.trainee or "local",
                                        now, open_deck=lambda: open_deck(store, now=now))
        except Exception:  # noqa: BLE001 - the review deck must never block the debrief
            return 0

    # -- what is shown ------------------------------------------------------------------

    def shown_item(self) -> FeedbackItem | None:
        """The mistake on screen (None on the scores page, or with no mistakes)."""
        items = self.card.feedback
        if not items or (not self.split and self.on_summary):
            return None
        return items[self.item]

    def can_watch(self) -> bool:
        """True when the mistake shown has a moment (a time and a task) to replay."""
        item = self.shown_item()
        return item is not None and item.t is not None and item.task is not None

    # -- layout -------------------------------------------------------------------------

    def _score(self) -> tuple[str, str]:
        card, pal = self.card, self.app.palette
        verdict = "PASSED" if card.passed else "NOT PASSED"
        return f"{card.overall}/100  {verdict}", pal.good if card.passed else pal.bad

    def _bar_labels(self, split: bool, watch: bool, short: bool = False,
                    ) -> list[tuple[str, str, str | None]]:
        """The bottom bar's buttons in reading order: (key, label, kind)."""
        what = " mistake" if split else " page"
        if short:
            what = ""
        out: list[tuple[str, str, str | None]] = [
            ("deb-prev", f"Previous{what}", None), ("deb-next", f"Next{what}", None)]
        if watch:
            out.append(("deb-watch", WATCH[short], None))
        if self.session.mode != "assessment":
            out.append(("deb-retry", "Retry this shift", "primary"))
        elif self.session.next_part is not None:
            out.append(("deb-next-part", "Next part", "primary"))
        out.append(("deb-title", "Back to title", None))
        return out

    def _bar(self, split: bool, watch: bool) -> tuple[list[tuple[str, str, str | None]],
                                                      dict[str, pygame.Rect]]:
        """The bottom bar's labels and rects: shorter labels if the long ones need two rows."""
        labels = self._bar_labels(split, watch)
        rects = self._place_bar(labels)
        if len({r.y for r in rects.values()}) > 1:
            short = self._bar_labels(split, watch, short=True)
            fewer = self._place_bar(short)
            if len({r.y for r in fewer.values()}) == 1:
                return short, fewer
        return labels, rects

    def _place_bar(self, labels: list[tuple[str, str, str | None]]) -> dict[str, pygame.Rect]:
        """Paging buttons from the left, the way out on the right; two rows if need be."""
        text = self.app.text
        w, h = self.app.size
        bh = max(button_height(text), text.line_height(16) + 8)
        width = w - 2 * MARGIN
        sizes = {key: (text.width(label, 16, True) + 30 if kind else
                       max(label_width(text, label) + 16, 140))
                 for key, label, kind in labels}
        nav = [k for k, _, kind in labels if k in ("deb-prev", "deb-next", "deb-watch")]
        out = [k for k, _, _ in labels if k not in nav]
        rects = dict(zip(nav, flow([sizes[k] for k in nav], MARGIN, 0, width, bh, GAP),
                         strict=True))
        top = 0
        if sum(sizes.values()) + GAP * len(sizes) + 24 > width:  # the way out on a row of its own
            top = max(r.bottom for r in rects.values()) + GAP
        x = w - MARGIN - sum(sizes[k] for k in out) - GAP * (len(out) - 1)
        for key in out:
            rects[key] = pygame.Rect(x, top, sizes[key], bh)
            x += sizes[key] + GAP
        bottom = max(r.bottom for r in rects.values())
        return {k: r.move(0, h - 10 - bottom) for k, r in rects.items()}

    def _pane(self, name: str, rect: pygame.Rect, title: str) -> Pane:
        """A panel: its title wrapped at the top, its content scrolled below."""
        text = self.app.text
        lines = text.wrap(title, 15, rect.width - 2 * PAD, True)
        top = rect.y + 6 + len(lines) * text.line_height(15) + 6
        width = rect.width - 2 * PAD
        column = self._column(name, width - 2 * BAR - 2)
        view = pygame.Rect(rect.x + PAD, top, width, rect.bottom - 8 - top)
        if column.height > view.height:  # room for the words saying how to scroll
            view.height -= cue_lines(text, width) * text.line_height(CUE_TEXT) + 4
        scroll = self.scrolls[name]
        scroll.fit(view, column.height, 2 * text.line_height(14), column.stops())
        return Pane(name, rect, lines, scroll, column)

    def _titles(self) -> dict[str, str]:
        n = len(self.card.feedback)
        mistake = (f"Mistake {self.item + 1} of {n}  (Left/Right to page)" if n
                   else "No mistakes recorded")
        if self.split:
            summary = "Scores by dimension"
        elif n:
            summary = (f"Scores by dimension  (Right: the {n} "
                       f"{'mistake' if n == 1 else 'mistakes'})")
        else:
            summary = "Scores by dimension  (no mistakes recorded)"
        return {"summary": summary, "mistake": mistake}

    def _layout(self) -> None:
        """Heading, bottom bar and panels, from the text sizes; side by side if they fit."""
        text = self.app.text
        w, _ = self.app.size
        score, _ = self._score()
        score_w = text.width(score, 24, True)
        beside = w - 2 * MARGIN - 16 - score_w - 24
        title = self.session.scenario.title
        # The title alone when "Debrief:" would cost it a line beside the score (large text).
        self.head = min((text.wrap(h, 24, beside, True) for h in (f"Debrief: {title}", title)),
                        key=len)
        top = 10 + len(self.head) * text.line_height(24) + 4

        def body(bar: dict[str, pygame.Rect]) -> pygame.Rect:
            bottom = min(r.y for r in bar.values()) - GAP
            return pygame.Rect(MARGIN, top, w - 2 * MARGIN, bottom - top)

        # Side by side when the scores fit their column whole and the mistake has room.
        self.split = True
        room = body(self._bar(True, True)[1])
        left_w = min(int(440 * text.scale), room.width * 45 // 100)
        left = pygame.Rect(room.x, room.y, left_w, room.height)
        right = pygame.Rect(left.right + 10, room.y, room.right - left.right - 10, room.height)
        if right.width >= 380 * text.scale:
            summary = self._pane("summary", left, self._titles()["summary"])
            self.split = not summary.scroll.overflows
        else:
            self.split = False
        self.bar_labels, self.bar = self._bar(self.split, self.can_watch())
        room = body(self.bar)
        titles = self._titles()
        if self.split:
            left.height = right.height = room.height
            self.panes = [self._pane("summary", left, titles["summary"]),
                          self._pane("mistake", right, titles["mistake"])]
        else:
            name = "summary" if self.on_summary or not self.card.feedback else "mistake"
            self.panes = [self._pane(name, room, titles[name])]

    # -- content --------------------------------------------------------------------------

    def _column(self, name: str, width: int) -> Column:
        if name == "summary":
            return self._summary(width)
        item = self.card.feedback[self.item] if self.card.feedback else None
        return self._mistake(item, width)

    def _summary(self, width: int) -> Column:
        """Scores by dimension with their bars, critical fails, competencies weakest first."""
        pal, text, card = self.app.palette, self.app.text, self.card
        col = Column()
        lh15, lh14 = text.line_height(15), text.line_height(14)
        label_w = max(text.width(label, 15) for label in DIM_LABEL.values()) + 12
        value_w = text.width("100 below", 14) + 8
        stacked = width - label_w - value_w - 8 < 60  # no room for a bar beside the label
        bar_x = 0 if stacked else label_w
        bar_w = min(int(200 * text.scale), width - bar_x - value_w - 8)
        bar_h = max(10, lh14 * 7 // 10)
        y = 0
        for dim, label in DIM_LABEL.items():
            value, mark = card.dimensions[dim], card.pass_marks[dim]
            col.lines.append(Line(label, 15, pal.text, False, 0, y))
            by = y + lh15 if stacked else y
            if value is None:
                # Nothing in this shift was at stake here: say so, never show it as 100.
                words = text.wrap("not tested in this shift", 14, width - bar_x)
                for i, line in enumerate(words):
                    col.lines.append(Line(line, 14, pal.muted, False, bar_x, by + i * lh14))
                y = max(y + lh15, by + len(words) * lh14) + 7
                continue
            ok = value >= mark
            row = pygame.Rect(0, y, width, (by - y) + max(lh15, lh14) + 7)
            bar = pygame.Rect(bar_x, by + (lh15 - bar_h) // 2, bar_w, bar_h)
            col.bars.append((row, bar, value, mark))
            col.lines.append(Line(f"{value} {'ok' if ok else 'below'}", 14, pal.text, False,
                                  bar.right + 8, by))
            y = row.bottom
        y += 6
        col.lines.append(Line("Critical fails", 15, pal.text, True, 0, y))
        y += lh15 + 3
        if not card.critical_fails:
            col.lines.append(Line("None.", 14, pal.good, False, 0, y))
            y += lh14
        for fail in card.critical_fails:
            for line in text.wrap(f"{fail.clock}  {fail.reason}", 14, width):
                col.lines.append(Line(line, 14, pal.bad, False, 0, y))
                y += lh14
            y += 2
        y += 10
        col.lines.append(Line("Competencies (weakest first)", 15, pal.text, True, 0, y))
        y += lh15 + 3
        weakest = sorted(card.competencies.items(),
                         key=lambda kv: (kv[1].percent if kv[1].percent is not None else 101,
                                         kv[0]))
        gaps = {g.competency for g in card.gaps}
        for cid, share in weakest[:9]:
            label = self.comp_titles.get(cid, cid)
            # A competency under the floor fails the attempt on its own: mark it so.
            below = "  - below the floor" if cid in gaps else ""
            colour = pal.bad if cid in gaps else pal.muted
            for line in text.wrap(f"{share.percent or 0}%  {label}{below}", 13, width):
                col.lines.append(Line(line, 13, colour, False, 0, y))
                y += text.line_height(13)
            y += 3
        col.height = y
        return col

    def _mistake(self, item: FeedbackItem | None, width: int) -> Column:
        """One mistake: when and what, why it matters, the expert move, terms to read."""
        pal, text = self.app.palette, self.app.text
        col = Column()
        if item is None:
            return col
        lh = text.line_height(14)
        colour = pal.bad if item.critical else pal.warn
        tag = f"{item.clock}   {item.dimension}   {'CRITICAL' if item.critical else ''}"
        y = 0
        for line in text.wrap(tag.strip(), 14, width, True):
            col.lines.append(Line(line, 14, colour, True, 0, y))
            y += lh
        y += 4
        sections = [("What happened", item.what), ("Why it matters", item.why),
                    ("The expert move", item.expert_move)]
        if item.note:
            sections.append(("Trainer's note", item.note))
        for label, body in sections:
            for line in text.wrap(label, 14, width, True):
                col.lines.append(Line(line, 14, pal.accent, True, 0, y))
                y += lh
            for line in text.wrap(body, 14, width):
                col.lines.append(Line(line, 14, pal.text, False, 0, y))
                y += lh
            y += 6
        x, row_h = 0, 0
        for term in item.terms[:4]:
            label = f"Glossary: {self._term_label(term)}"
            w = min(label_width(text, label) + 12, width)
            h = (self.wrapped_height(label, w) if w < label_width(text, label)
                 else button_height(text))
            if x and x + w > width:
                x, y, row_h = 0, y + row_h + GAP, 0
            col.buttons[f"term-{term}"] = pygame.Rect(x, y + 4, w, h)
            x, row_h = x + w + GAP, max(row_h, h + 4)
        y += row_h + GAP
        if self.term and self.term in self.glossary:
            term = self.glossary[self.term]
            top, y = y, y + 6
            for line in text.wrap(f"{term.term}: {term.definition}", 14, width - 16):
                col.lines.append(Line(line, 14, pal.text, False, 8, y))
                y += lh
            col.box = pygame.Rect(0, top, width, y + 6 - top)
            y = col.box.bottom
        col.height = y
        return col

    def _term_label(self, term: str) -> str:
        return self.glossary[term].term if term in self.glossary else term

    # -- buttons --------------------------------------------------------------------------

    def build_ui(self) -> None:
        self._layout()
        text = self.app.text
        for pane in self.panes:
            for key, rect in pane.column.buttons.items():
                term = key.removeprefix("term-")
                label = f"Glossary: {self._term_label(term)}"
                wrap = 15 if rect.width < label_width(text, label) else 0
                self.button(key, label, rect, lambda t=term: self._show_term(t),
                            wrap=wrap, reveal=lambda k=key: self._reveal(k))
        pages = len(self.card.feedback) + (0 if self.split else 1)
        still = "There are no other pages" if pages <= 1 else None
        actions = {"deb-prev": lambda: self._move(-1), "deb-next": lambda: self._move(1),
                   "deb-watch": self._watch, "deb-retry": self._retry,
                   "deb-next-part": self._next_part, "deb-title": self._title}
        for key, label, kind in self.bar_labels:
            reason = still if key in ("deb-prev", "deb-next") else None
            self.button(key, label, self.bar[key], actions[key], kind=kind, reason=reason)
        self._place()

    def _place(self) -> None:
        for pane in self.panes:
            place_buttons(self, pane.scroll, pane.column.buttons)

    def _reveal(self, key: str) -> None:
        for pane in self.panes:
            rect = pane.column.buttons.get(key)
            if rect is not None:
                pane.scroll.reveal(rect.y, rect.height)
        self._place()

    def resume(self) -> None:
        """Back on top (from a replayed moment): show the buttons that are in view."""
        super().resume()
        self._place()

    # -- actions --------------------------------------------------------------------------

    def _move(self, step: int) -> None:
        """Page: through the mistakes, or (one column) through the scores and mistakes."""
        n = len(self.card.feedback)
        if self.split:
            if not n:
                return
            self.item = (self.item + step) % n
        else:
            pos = (-1 if self.on_summary or not n else self.item) + 1
            pos = (pos + step) % (n + 1)
            self.on_summary = pos == 0
            if pos:
                self.item = pos - 1
        self.term = None
        for scroll in self.scrolls.values():
            scroll.offset = 0
        self.rebuild()

    def _show_term(self, term: str) -> None:
        self.term = term
        self._layout()  # the same buttons; the definition's box is added below them
        for pane in self.panes:
            if pane.column.box is not None:
                pane.scroll.reveal(pane.column.box.y, pane.column.box.height)
        self._place()

    def _watch(self) -> None:
        """Replay the shown mistake's moment with the expert at the desk."""
        item = self.shown_item()
        if item is None or not self.can_watch():
            return
        from simulator.ui.watch import watch_moment

        watch_moment(self.app, self.session, item.t, item.task)

    def _retry(self) -> None:
        s = self.session
        again = Session(s.scenario_ref, s.seed + 1, mode=s.mode, untimed=s.untimed,
                        trainee=s.trainee)
        # Over the debrief: Escape on the briefing comes back here; Start replaces both.
        self.app.push_screen("briefing", again, replace_caller=True)

    def _next_part(self) -> None:
        # Made once: making a part starts its stored attempt, so backing out of the
        # briefing and pressing Next part again must brief the same part, not a second one.
        if not hasattr(self, "_next_session"):
            self._next_session = self.session.next_part()
        if self._next_session is None:
            self._title()
            return
        self.app.push_screen("briefing", self._next_session, replace_caller=True)

    def _title(self) -> None:
        self.app.reset_screen("title")

    def handle(self, event: pygame.event.Event) -> None:
        """Left/Right page; W watches the expert; Escape goes to the title; scroll keys."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RIGHT, pygame.K_LEFT):
                self._move(1 if event.key == pygame.K_RIGHT else -1)
                return
            if event.key == pygame.K_ESCAPE:
                self._title()
                return
            if event.key == pygame.K_w:
                self.press("deb-watch")
                return
        pane = self.panes[-1] if self.panes else None
        if pane is not None and pane.scroll.handle(event):
            self._place()

    # -- drawing --------------------------------------------------------------------------

    def boxes(self) -> list[pygame.Rect]:
        """The panels, and the glossary definition's box where it is in view."""
        out = [pane.rect for pane in self.panes]
        for pane in self.panes:
            box = self._box_rect(pane)
            if box is not None:
                out.append(box)
        return out
