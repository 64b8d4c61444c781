"""The scenario picker: every shipped scenario with tier, difficulty, briefing, objectives."""

from __future__ import annotations

import pygame

from simulator.scenarios import load_scenario_file, shipped_scenarios
from simulator.ui.screens.base import Screen
from simulator.ui.theme import hex_rgb
from simulator.ui.widgets import panel

TIER_ORDER = {"orientation": 0, "core": 1, "crisis": 2, "go-live": 3}


def load_pack() -> list:
    """Shipped scenarios in path order: tier, then the tier's own order, difficulty, title.

    The path lists the guided first shift first, so it is the first thing a new hire meets.
    """
    from simulator.curriculum.path import load_path

    listed = [sid for tier in load_path().tiers for sid in tier.scenarios]
    scenarios = [load_scenario_file(p) for p in shipped_scenarios()]
    return sorted(scenarios, key=lambda s: (
        TIER_ORDER[s.tier], listed.index(s.id) if s.id in listed else len(listed),
        s.difficulty, s.title))


class PickerScreen(Screen):
    """Choose a scenario for practice, assessment or watching."""

    def __init__(self, app, mode: str):
        super().__init__(app)
        self.mode = mode
        self.scenarios = load_pack()
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
        from simulator.curriculum import load_curriculum

        self._titles = {c.id: c.title for c in load_curriculum().competencies}
        y = 64
        tier = None
        for i, scn in enumerate(self.scenarios):
            if scn.tier != tier:
                tier = scn.tier
                y += 22  # room for the tier heading drawn in draw()
            mark = "[passed] " if scn.id in self.passed else (
                "" if self._open(scn) else "[locked] ")
            self.button(f"pick-{scn.id}", f"{mark}{scn.title}", (24, y, 400, 30),
                        lambda i=i: self._select(i))
            y += 33
        w, h = self.app.size
        label = {"practice": "Start practice", "assessment": "Start assessment",
                 "watch": "Watch the expert"}[self.mode]
        self.button("pick-start", label, (w - 300, h - 70, 260, 44), self._start,
                    kind="primary")
        self.button("pick-back", "Back", (w - 450, h - 70, 130, 44), self.app.pop)

    def _minutes(self, scn) -> int:
        """Expected real minutes (declared by the author, else measured once and kept)."""
        from simulator.pacing import expected_minutes

        if scn.id not in self._real:
            self._real[scn.id] = expected_minutes(scn)
        return self._real[scn.id]

    def _select(self, index: int) -> None:
        self.selected = self.chosen = index
        self.focus.focus(self.buttons["pick-start"])

    def _open(self, scn) -> bool:
        """Watching is always allowed; playing needs the scenario's tier unlocked."""
        return self.mode == "watch" or scn.tier in self.open_tiers

    def _start(self) -> None:
        from simulator.session import ASSESSMENT_SEED, Session

        scn = self.scenarios[self.chosen]
        if not self._open(scn):
            self.app.sound.play("notify", "Locked: pass the tier before this one first "
                                          "(or ask a trainer to unlock it)")
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
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
            elif event.key in (pygame.K_DOWN, pygame.K_UP):
                step = 1 if event.key == pygame.K_DOWN else -1
                self.selected = (self.selected + step) % len(self.scenarios)
                self.chosen = self.selected
                self.focus.focus(self.buttons[f"pick-{self.scenarios[self.selected].id}"])

    def update(self, dt: float) -> None:
        """Follow the focus ring: the focused scenario is the selected one."""
        item = self.focus.current()
        self.selected = self.chosen
        if item is not None:
            for i, scn in enumerate(self.scenarios):
                if self.buttons.get(f"pick-{scn.id}") is item.element:
                    self.selected = i

    def draw(self, surface: pygame.Surface) -> None:
        """Heading, and the selected scenario's details."""
        pal, text = self.app.palette, self.app.text
        w, h = self.app.size
        heading = {"practice": "Practice: choose a shift", "assessment": "Assessment: choose "
                   "a shift (fixed seed, no hints, no pause)", "watch": "Watch: choose a shift"}
        surface.blit(text.render(heading[self.mode], 24, pal.text, bold=True), (24, 20))
        chosen = self.scenarios[self.chosen].title
        surface.blit(text.render(f"Starts: {chosen}", 14, pal.muted, width=360),
                     (460, self.app.size[1] - 58))
        for key, button in self.buttons.items():
            if not key.startswith("pick-") or key == "pick-start" or key == "pick-back":
                continue
            sid = key[5:]
            index = next(i for i, s in enumerate(self.scenarios) if s.id == sid)
            scn = self.scenarios[index]
            if index == 0 or self.scenarios[index - 1].tier != scn.tier:
                t = next((t for t in self.path.tiers if t.id == scn.tier), None)
                done = len(self.passed & set(t.scenarios)) if t else 0
                total = len(t.scenarios) if t else 0
                state = "open" if scn.tier in self.open_tiers else "locked"
                label = f"{t.title if t else scn.tier}: {done}/{total} passed ({state})"
                surface.blit(text.render(label, 13, pal.accent, bold=True),
                             (28, button.get_abs_rect().y - 20))
        scn = self.scenarios[self.selected]
        rect = pygame.Rect(450, 80, w - 474, h - 170)
        y = panel(surface, rect, pal, scn.title, text) + 6
        tier = f"Tier: {scn.tier}    Difficulty: {scn.difficulty} of 5"
        surface.blit(text.render(tier, 15, pal.muted), (rect.x + 12, y))
        for i in range(5):
            colour = pal.urgent if i < scn.difficulty else pal.panel_edge
            pygame.draw.rect(surface, hex_rgb(colour), (rect.x + 330 + i * 18, y + 4, 12, 12))
        y += text.line_height(15) + 4
        # The real time a person needs (simulator.pacing), not the clinic hours it covers.
        length = (f"About {self._minutes(scn)} minutes of real time  -  clinic time "
                  f"{scn.shift.start}, {scn.shift.minutes} minutes of the day")
        surface.blit(text.render(length, 15, pal.text, bold=True, width=rect.width - 24),
                     (rect.x + 12, y))
        y += text.line_height(15) + 10
        for line in text.wrap(scn.briefing, 16, rect.width - 24):
            surface.blit(text.render(line, 16, pal.text), (rect.x + 12, y))
            y += text.line_height(16)
        y += 12
        surface.blit(text.render("You will practise:", 15, pal.text, bold=True),
                     (rect.x + 12, y))
        y += text.line_height(15) + 2
        for cid in scn.objectives[:10]:
            label = self._titles.get(cid, cid)
            surface.blit(text.render(f"- {label}", 15, pal.muted, width=rect.width - 40),
                         (rect.x + 20, y))
            y += text.line_height(15)
        if scn.situations:
            y += 8
            tags = "Situations: " + ", ".join(scn.situations)
            for line in text.wrap(tags, 14, rect.width - 24):
                surface.blit(text.render(line, 14, pal.muted), (rect.x + 12, y))
                y += text.line_height(14)
