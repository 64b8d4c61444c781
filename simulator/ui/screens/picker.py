"""The scenario picker: every shipped scenario with tier, difficulty, briefing, objectives."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from simulator.scenarios import load_scenario_file, shipped_scenarios
from simulator.ui.layout import button_height, label_width
from simulator.ui.screens.base import Screen
from simulator.ui.screens.text_page import Block, TextPage
from simulator.ui.widgets import panel

TIER_ORDER = {"orientation": 0, "core": 1, "crisis": 2, "go-live": 3}
#: Where the rules taught here apply (DOMAIN.md: US law and emergency numbers).
SCOPE_NOTE = ("Every shift is set in a US outpatient practice: HIPAA, 911 and Medicare "
              "apply, and state rules vary (minors, telehealth consent, record fees). "
              "All people and data are synthetic training data.")


def load_pack() -> list:
    """Shipped scenarios in path order: tier, then the tier's own order, difficulty, title.

    The path lists the guided first shift first, so it is the first thing a new hire meets.
    """
    from simulator.curriculum.path import load_path

    listed = [sid for tier in load_path().tiers for sid in tier.scenarios]
    files = tuple((str(p), p.stat().st_mtime_ns) for p in shipped_scenarios())
    return sorted(_load_files(files), key=lambda s: (
        TIER_ORDER[s.tier], listed.index(s.id) if s.id in listed else len(listed),
        s.difficulty, s.title))


@lru_cache(maxsize=4)
def _load_files(files: tuple[tuple[str, int], ...]) -> list:
    """The scenarios in ``files`` (path, mtime): parsed once per process while unchanged."""
    return [load_scenario_file(Path(path)) for path, _ in files]


class PickerScreen(Screen):
    """Choose a scenario for practice, assessment or watching."""

    def __init__(self, app, mode: str):
        super().__init__(app)
        self.mode = mode
        #: Loaded on the first frame after the picker was drawn saying so (see update).
        self.scenarios: list = []
        self._drawn_loading = False
        self.selected = 0  # what the details panel shows (follows the focus ring)
        self.chosen = 0  # what Start starts: the last scenario pressed
        self._titles: dict[str, str] = {}
        self._real: dict[str, int] = {}
        from simulator.curriculum.path import load_path
        from simulator.progress import ProgressStore

        self.path = load_path()
        store = ProgressStore()
        self.passed = store.passed(app.trainee)
        self.open_tiers = set(self.path.unlocked(self.passed, store.overrides(app.trainee)))

    def build_ui(self) -> None:
        if not self.scenarios:
            return  # "Loading the shifts..." until the pack is read (update)
        from simulator.curriculum import load_curriculum

        self._titles = {c.id: c.title for c in load_curriculum().competencies}
        text = self.app.text
        w, h = self.app.size
        bh = button_height(text)
        self.list_rect = pygame.Rect(24, self._heading_bottom() + 8, self._list_width(),
                                     h - self._heading_bottom() - 8 - bh - 40)
        self.rows: dict[str, pygame.Rect] = {}  # each button's unscrolled place
        self.tier_rows: list[tuple[str, int]] = []  # tier heading, unscrolled y
        y = self.list_rect.y
        tier = None
        for i, scn in enumerate(self.scenarios):
            if scn.tier != tier:
                tier = scn.tier
                self.tier_rows.append((scn.tier, y))
                y += text.line_height(13) + 4  # the tier heading drawn in draw()
            mark = "[passed] " if scn.id in self.passed else (
                "" if self._open(scn) else "[locked] ")
            label = f"{mark}{scn.title}"
            fits = label_width(text, label) <= self.list_rect.width
            rect = pygame.Rect(24, y, self.list_rect.width, bh if fits else max(
                bh, self.wrapped_height(label, self.list_rect.width)))
            self.rows[f"pick-{scn.id}"] = rect
            self.button(f"pick-{scn.id}", label, rect, lambda i=i: self._select(i),
                        reveal=lambda k=f"pick-{scn.id}": self._reveal(k),
                        wrap=0 if fits else 15)
            y = rect.bottom - bh
            y += bh + 4
        self.list_bottom = y
        self.offset = getattr(self, "offset", 0)
        label = {"practice": "Start practice", "assessment": "Start assessment",
                 "watch": "Watch the expert"}[self.mode]
        start_w = label_width(text, label, bold=True) + 10
        back_w = label_width(text, "Back (Esc)")
        y = h - bh - 20
        self.button("pick-back", "Back (Esc)", (24, y, back_w, bh), self.app.pop)
        self.button("pick-start", label, (w - start_w - 24, y, start_w, bh), self._start,
                    kind="primary", reason=self._locked_reason(self.scenarios[self.chosen]))
        self.starts_rect = pygame.Rect(24 + back_w + 16, y, w - start_w - back_w - 88, bh)
        self.detail_rect = pygame.Rect(self.list_rect.right + 24, self.list_rect.y,
                                       w - self.list_rect.right - 48, self.list_rect.height)
        self.page = TextPage([[]], min_column=10 ** 6)
        self._place()

    def _heading(self) -> str:
        return {"practice": "Practice: choose a shift", "assessment": "Assessment: choose "
                "a shift (fixed seed, no hints, no pause)", "watch": "Watch: choose a shift"
                }[self.mode]

    def _heading_bottom(self) -> int:
        text = self.app.text
        lines = text.wrap(self._heading(), 24, self.app.size[0] - 48, True)
        return 16 + len(lines) * text.line_height(24)

    def _list_width(self) -> int:
        """Wide enough for the longest title at this text size, within 45 % of the window."""
        text = self.app.text
        longest = max(label_width(text, f"[passed] {s.title}") for s in self.scenarios)
        return min(max(400, longest), self.app.size[0] * 45 // 100)

    def _place(self) -> None:
        """Move the list's buttons to the scroll offset; hide those out of view."""
        view = self.list_rect
        self.offset = max(0, min(self.offset, max(0, self.list_bottom - view.bottom)))
        for key, rect in self.rows.items():
            moved = rect.move(0, -self.offset)
            button = self.buttons[key]
            button.set_relative_position(moved.topleft)
            button.show() if view.contains(moved) else button.hide()

    def _reveal(self, key: str) -> None:
        rect, view = self.rows[key], self.list_rect
        if rect.top - self.offset < view.top:
            self.offset = rect.top - view.top - self.app.text.line_height(13) - 4
        elif rect.bottom - self.offset > view.bottom:
            self.offset = rect.bottom - view.bottom
        self._place()

    def _locked_reason(self, scn) -> str | None:
        """Why this scenario cannot be played yet, in words (None when it can)."""
        if self._open(scn):
            return None
        tier = next((t for t in self.path.tiers if t.id == scn.tier), None)
        rule = tier.unlock if tier else None
        before = next((t for t in self.path.tiers if rule and t.id == rule.after), None)
        if rule is None or before is None:
            return "Locked: ask a trainer to unlock it"
        done = len(self.passed & set(before.scenarios))
        return (f"Locked: pass {rule.min_passed} {before.title} shift"
                f"{'s' if rule.min_passed != 1 else ''} first ({done} passed so far), "
                "or ask a trainer to unlock it")

    def _minutes(self, scn) -> int:
        """Expected real minutes (declared by the author, else measured once and kept)."""
        from simulator.pacing import expected_minutes

        if scn.id not in self._real:
            self._real[scn.id] = expected_minutes(scn)
        return self._real[scn.id]

    def _select(self, index: int) -> None:
        self.selected = self.chosen = index
        reason = self._locked_reason(self.scenarios[index])
        if reason:
            self.app.sound.play("notify", reason)
        self._sync_start()
        self.focus.focus(self.buttons["pick-start"])

    def _sync_start(self) -> None:
        """Start is enabled, or disabled with the reason on focus, for the chosen shift."""
        reason = self._locked_reason(self.scenarios[self.chosen])
        start = self.buttons["pick-start"]
        item = next(it for it in self.focus.items if it.element is start)
        item.reason = reason
        start.disable() if reason else start.enable()
        start.set_tooltip(reason)

    def _open(self, scn) -> bool:
        """Watching is always allowed; playing needs the scenario's tier unlocked."""
        return self.mode == "watch" or scn.tier in self.open_tiers

    def _start(self) -> None:
        from simulator.session import ASSESSMENT_SEED, Session

        scn = self.scenarios[self.chosen]
        reason = self._locked_reason(scn)
        if reason:
            self.app.sound.play("notify", reason)
            return
        if self.mode == "watch":
            # The paced expert at 1x: every action narrated, slow enough to follow.
            self.app.push_screen("watch", scn.id, seed=1)
            return
        seed = ASSESSMENT_SEED if self.mode == "assessment" else 1
        untimed = self.mode == "practice" and self.app.settings.untimed
        session = Session(scn.id, seed, mode=self.mode, untimed=untimed,
                          trainee=self.app.trainee)
        self.app.push_screen("briefing", session)  # the desk opens on its Start

    def handle(self, event: pygame.event.Event) -> None:
        """Up/Down choose; Escape goes back."""
        if not self.scenarios:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.app.pop()
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
            elif event.key in (pygame.K_DOWN, pygame.K_UP):
                step = 1 if event.key == pygame.K_DOWN else -1
                self.selected = (self.selected + step) % len(self.scenarios)
                self.chosen = self.selected
                key = f"pick-{self.scenarios[self.selected].id}"
                self.focus.focus(self.buttons[key])
                self._reveal(key)
                self._sync_start()
            elif event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                self.page.handle(event, self.app.text.line_height(15) * 2)
        elif event.type == pygame.MOUSEWHEEL:
            if self.list_rect.collidepoint(pygame.mouse.get_pos()):
                self.offset -= event.y * self.app.text.line_height(15) * 2
                self._place()
            else:
                self.page.handle(event, self.app.text.line_height(15) * 2)

    def update(self, dt: float) -> None:
        """Load the pack once the loading note is on screen; then follow the focus ring."""
        if not self.scenarios:
            if self._drawn_loading:
                self.scenarios = load_pack()
                self.rebuild(keep_focus=False)
            return
        self._follow_focus()

    def _follow_focus(self) -> None:
        """The focused scenario is the selected one."""
        item = self.focus.current()
        self.selected = self.chosen
        if item is not None:
            for i, scn in enumerate(self.scenarios):
                if self.buttons.get(f"pick-{scn.id}") is item.element:
                    self.selected = i

    def boxes(self) -> list[pygame.Rect]:
        """The list, the details panel and the line naming what Start starts."""
        if not self.scenarios:
            return []
        return [self.list_rect, self.detail_rect, self.starts_rect]

    def draw(self, surface: pygame.Surface) -> None:
        """Heading, tier headings, the selected scenario's details, what Start starts."""
        pal, text = self.app.palette, self.app.text
        if not self.scenarios:
            words = text.render("Loading the shifts...", 20, pal.muted)
            surface.blit(words, words.get_rect(center=(self.app.size[0] // 2,
                                                      self.app.size[1] // 2)))
            self._drawn_loading = True
            return
        y = 16
        for line in text.wrap(self._heading(), 24, self.app.size[0] - 48, True):
            surface.blit(text.render(line, 24, pal.text, bold=True), (24, y))
            y += text.line_height(24)
        starts = f"Starts: {self.scenarios[self.chosen].title}"
        if text.fits(starts, 14, self.starts_rect.width):
            surface.blit(text.render(starts, 14, pal.muted),
                         (self.starts_rect.x, self.starts_rect.centery - text.line_height(14) // 2))
        for tier_id, ty in self.tier_rows:
            y = ty - self.offset
            if not self.list_rect.top <= y <= self.list_rect.bottom - text.line_height(13):
                continue
            t = next((t for t in self.path.tiers if t.id == tier_id), None)
            done = len(self.passed & set(t.scenarios)) if t else 0
            total = len(t.scenarios) if t else 0
            state = "open" if tier_id in self.open_tiers else "locked"
            label = f"{t.title if t else tier_id}: {done}/{total} passed ({state})"
            if not text.fits(label, 13, self.list_rect.width, True):
                label = f"{t.title if t else tier_id}: {done}/{total} ({state})"
            surface.blit(text.render(label, 13, pal.accent, bold=True), (28, y))
        scn = self.scenarios[self.selected]
        rect = self.detail_rect
        top = panel(surface, rect, pal, None, text)
        inner = pygame.Rect(rect.x + 12, top + 2, rect.width - 24,
                            rect.bottom - top - 10 - text.line_height(12))
        self.page.set_columns([self._details(scn)])
        self.page.draw(surface, text, pal, inner)
        cue = "More below: Page Down or the mouse wheel" if self.page.offset < \
            self.page.max_offset else "Page Up to go back" if self.page.overflows else ""
        if cue and text.fits(cue, 12, rect.width - 24):
            surface.blit(text.render(cue, 12, pal.focus),
                         (rect.x + 12, rect.bottom - text.line_height(12) - 2))

    def _details(self, scn) -> list[Block]:
        """The selected scenario as page blocks: title, tier, length, briefing, goals."""
        blocks = [Block(scn.title, "heading", "text"),
                  Block(f"Tier: {scn.tier}    Difficulty: {scn.difficulty} of 5  "
                        + "#" * scn.difficulty + "-" * (5 - scn.difficulty), "note")]
        reason = self._locked_reason(scn)
        if reason:
            blocks.append(Block(reason, "strong", "warn"))
        # The real time a person needs (simulator.pacing), not the clinic hours it covers.
        blocks.append(Block(f"About {self._minutes(scn)} minutes of real time  -  clinic "
                            f"time {scn.shift.start}, {scn.shift.minutes} minutes of the day",
                            "strong"))
        blocks.append(Block(scn.briefing))
        blocks.append(Block(SCOPE_NOTE, "note"))
        blocks.append(Block("You will practice:", "strong"))
        blocks += [Block(self._titles.get(cid, cid), "item", "muted")
                   for cid in scn.objectives[:10]]
        if scn.situations:
            blocks.append(Block("Situations: " + ", ".join(scn.situations), "note"))
        return blocks
