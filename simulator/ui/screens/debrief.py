"""The debrief: scores, critical fails, and every mistake with the expert move and terms."""

from __future__ import annotations

import pygame

from simulator.session import Session
from simulator.ui.screens.base import Screen
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel

DIM_LABEL = {"prioritization": "Prioritization", "accuracy": "Accuracy",
             "deescalation": "De-escalation", "compliance": "Compliance"}


class DebriefScreen(Screen):
    """What went well, what did not, and what an expert would have done."""

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.card = session.scorecard()
        self.item = 0
        self.term: str | None = None
        from simulator.curriculum import load_curriculum

        cur = load_curriculum()
        self.glossary = {t.id: t for t in cur.glossary}
        self.comp_titles = {c.id: c.title for c in cur.competencies}
        self.review_added = self._feed_review_deck()

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

    def build_ui(self) -> None:
        w, h = self.app.size
        self.button("deb-prev", "Previous mistake", (470, h - 64, 170, 40),
                    lambda: self._move(-1))
        self.button("deb-next", "Next mistake", (650, h - 64, 170, 40), lambda: self._move(1))
        if self.session.mode != "assessment":
            self.button("deb-retry", "Retry this shift", (w - 380, h - 64, 170, 40),
                        self._retry, kind="primary")
        elif self.session.next_part is not None:
            self.button("deb-next-part", "Next part", (w - 380, h - 64, 170, 40),
                        self._next_part, kind="primary")
        self.button("deb-title", "Back to title", (w - 200, h - 64, 180, 40), self._title)
        self._term_buttons()

    def _term_buttons(self) -> None:
        self.remove_buttons("term-")
        items = self.card.feedback
        if not items:
            return
        x = 470
        for term in items[self.item].terms[:4]:
            label = self.glossary[term].term if term in self.glossary else term
            self.button(f"term-{term}", f"Glossary: {label}", (x, 470, 190, 32),
                        lambda t=term: self._show_term(t))
            x += 198

    def _move(self, step: int) -> None:
        if self.card.feedback:
            self.item = (self.item + step) % len(self.card.feedback)
            self.term = None
            self._term_buttons()

    def _show_term(self, term: str) -> None:
        self.term = term

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
        """Left/Right page through the mistakes; Escape goes to the title."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RIGHT, pygame.K_LEFT):
                self._move(1 if event.key == pygame.K_RIGHT else -1)
            elif event.key == pygame.K_ESCAPE:
                self._title()

    def draw(self, surface: pygame.Surface) -> None:
        """Scores on the left, the mistake timeline on the right."""
        pal, text, card = self.app.palette, self.app.text, self.card
        w, h = self.app.size
        surface.fill(pal.bg)
        verdict = "PASSED" if card.passed else "NOT PASSED"
        colour = pal.good if card.passed else pal.bad
        head = f"Debrief: {self.session.scenario.title}"
        surface.blit(text.render(head, 24, pal.text, bold=True, width=w - 420), (20, 14))
        surface.blit(text.render(f"{card.overall}/100  {verdict}", 24, colour, bold=True),
                     (w - 380, 14))
        left = pygame.Rect(12, 56, 440, h - 70)
        y = panel(surface, left, pal, "Scores by dimension", text) + 6
        for dim, label in DIM_LABEL.items():
            value, mark = card.dimensions[dim], card.pass_marks[dim]
            surface.blit(text.render(f"{label}", 15, pal.text), (left.x + 12, y))
            bar = pygame.Rect(left.x + 150, y + 3, 200, 14)
            pygame.draw.rect(surface, hex_rgb(pal.bg), bar)
            if value is None:
                # Nothing in this shift was at stake here: say so, never show it as 100.
                surface.blit(text.render("not tested in this shift", 14, pal.muted),
                             (bar.x, y))
                y += 28
                continue
            ok = value >= mark
            pygame.draw.rect(surface, hex_rgb(pal.good if ok else pal.bad),
                             (bar.x, bar.y, bar.width * value // 100, bar.height))
            mx = bar.x + bar.width * mark // 100
            pygame.draw.line(surface, hex_rgb(pal.text), (mx, bar.y - 3), (mx, bar.bottom + 3), 2)
            surface.blit(text.render(f"{value} {'ok' if ok else 'below'}", 14,
                                     pal.text), (bar.right + 8, y))
            y += 28
        y += 6
        surface.blit(text.render("Critical fails", 15, pal.text, bold=True), (left.x + 12, y))
        y += 24
        if not card.critical_fails:
            surface.blit(text.render("None.", 14, pal.good), (left.x + 12, y))
            y += 22
        for fail in card.critical_fails[:4]:
            for line in text.wrap(f"{fail.clock}  {fail.reason}", 14, left.width - 30)[:2]:
                surface.blit(text.render(line, 14, pal.bad), (left.x + 12, y))
                y += text.line_height(14)
        y += 10
        surface.blit(text.render("Competencies (weakest first)", 15, pal.text, bold=True),
                     (left.x + 12, y))
        y += 24
        weakest = sorted(card.competencies.items(),
                         key=lambda kv: (kv[1].percent if kv[1].percent is not None else 101,
                                         kv[0]))
        gaps = {g.competency for g in card.gaps}
        for cid, share in weakest[:9]:
            if y > left.bottom - 24:
                break
            label = self.comp_titles.get(cid, cid)
            # A competency under the floor fails the attempt on its own: mark it so.
            below = "  - below the floor" if cid in gaps else ""
            surface.blit(text.render(f"{share.percent or 0:3d}%  {label}{below}", 13,
                                     pal.bad if cid in gaps else pal.muted,
                                     width=left.width - 30), (left.x + 12, y))
            y += 21
        self._draw_timeline(surface)

    def _draw_timeline(self, surface: pygame.Surface) -> None:
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        right = pygame.Rect(462, 56, w - 474, h - 130)
        items = self.card.feedback
        title = f"Mistake {self.item + 1} of {len(items)}" if items else "No mistakes recorded"
        y = panel(surface, right, pal, title + "  (Left/Right to page)", text) + 8
        if not items:
            return
        item = items[self.item]
        colour = pal.bad if item.critical else pal.warn
        surface.blit(text.render(f"{item.clock}   {item.dimension}   "
                                 f"{'CRITICAL' if item.critical else ''}", 14, colour,
                                 bold=True), (right.x + 12, y))
        y += 24
        sections = [("What happened", item.what), ("Why it matters", item.why),
                    ("The expert move", item.expert_move)]
        if item.note:
            sections.append(("Trainer's note", item.note))
        for label, body in sections:
            surface.blit(text.render(label, 14, pal.accent, bold=True), (right.x + 12, y))
            y += text.line_height(14)
            for line in text.wrap(body, 14, right.width - 30)[:5]:
                surface.blit(text.render(line, 14, pal.text), (right.x + 12, y))
                y += text.line_height(14)
            y += 6
        if self.term and self.term in self.glossary:
            term = self.glossary[self.term]
            box = pygame.Rect(right.x + 8, 510, right.width - 16, right.bottom - 518)
            pygame.draw.rect(surface, hex_rgb(pal.bg), box, border_radius=4)
            yy = box.y + 6
            for line in text.wrap(f"{term.term}: {term.definition}", 14, box.width - 16)[:4]:
                surface.blit(text.render(line, 14, pal.text), (box.x + 8, yy))
                yy += text.line_height(14)
