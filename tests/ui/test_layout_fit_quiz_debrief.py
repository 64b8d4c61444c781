"""The quiz and the debrief fit the window at 100, 150 and 200 % text (simulator.ui.fit).

Each state is drawn with the layout audit on: no text cut short, every text inside its box,
no overlaps, button labels inside their buttons, nothing outside the window.
"""

from functools import cache

import pygame
import pytest

from simulator.curriculum.quiz import quiz_context
from simulator.session import Session

SCALES = (100, 150, 200)


@pytest.fixture(params=SCALES, ids=lambda s: f"{s}pct")
def audited(request, tmp_path, monkeypatch):
    """An app at one text size, the title on the stack, the layout audit on."""
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    from simulator.ui.app import App
    from simulator.ui.pilot import Pilot
    from simulator.ui.screens.title import TitleScreen
    from simulator.ui.settings import Settings

    app = App(Settings(text_scale=request.param))
    app.start_audit()
    app.push(TitleScreen(app))
    yield app, Pilot(app), request.param
    pygame.quit()


def assert_fits(app, pilot, what: str, scale: int) -> None:
    pilot.settle(2)
    problems = app.fit_problems()
    assert problems == [], f"{what} at {scale} %:\n  " + "\n  ".join(problems)


#: The quiz's content, loaded once for the three text sizes (it reads many files).
context = cache(quiz_context)


def _longest(kind_prefix: str):
    pool = [q for q in context().bank if q.kind.startswith(kind_prefix)]
    return max(pool, key=lambda q: len(q.prompt) + len(q.explanation or "") +
               sum(len(o.text) for o in q.options))


def test_quiz_fits(audited, monkeypatch):
    """The longest situational and glossary items, a self-check item, then the report."""
    from simulator.ui.screens import quiz as quiz_module
    from simulator.ui.screens.quiz import QuizScreen

    monkeypatch.setattr(quiz_module, "quiz_context", context)
    app, pilot, scale = audited
    quiz = QuizScreen(app, count=1, seed=1, review=False)
    quiz.items = [_longest("situational"), _longest("term"), _longest("checklist")]
    app.push(quiz)
    for item in list(quiz.items):
        assert_fits(app, pilot, f"quiz item {item.id}", scale)
        pilot.press(pygame.K_1)
        assert quiz.answered == 1
        assert_fits(app, pilot, f"quiz item {item.id} answered", scale)
        pilot.press(pygame.K_n)
    assert quiz.item is None
    assert_fits(app, pilot, "quiz report", scale)
    pilot.press(pygame.K_END)
    assert_fits(app, pilot, "quiz report, scrolled to the end", scale)


def _novice_shift() -> Session:
    """Busy Monday played by the novice bot: critical fails, trainer's notes, many terms."""
    from simulator.bots import brief, make_bot

    session = Session("busy-monday", 1)
    bot = brief(make_bot("novice", 1), session.expanded)
    for _ in range(2000):
        if session.shift.ended:
            break
        command = bot.decide(session.shift.view())
        if command:
            session.apply(command[0])
        else:
            session.wait()
    session.finish()
    return session


def test_debrief_fits(audited):
    """The first page, then the longest mistake: its top, its end, a glossary term open."""
    from simulator.ui.screens.debrief import DebriefScreen

    app, pilot, scale = audited
    debrief = DebriefScreen(app, _novice_shift())
    app.push(debrief)
    assert_fits(app, pilot, "debrief first page", scale)
    items = debrief.card.feedback
    longest = max(range(len(items)), key=lambda i: len(items[i].what + items[i].why +
                                                       items[i].expert_move +
                                                       (items[i].note or "")))
    for _ in range(longest + (0 if debrief.split else 1)):
        pilot.press(pygame.K_RIGHT)
    assert debrief.shown_item() is items[longest]
    assert_fits(app, pilot, f"debrief mistake {longest + 1}", scale)
    pilot.press(pygame.K_END)
    assert_fits(app, pilot, f"debrief mistake {longest + 1} at its end", scale)
    term = next(k for k in debrief.buttons if k.startswith("term-"))
    pilot.tab_to(term)
    pilot.press(pygame.K_RETURN)
    assert debrief.term == term.removeprefix("term-")
    assert_fits(app, pilot, f"debrief mistake {longest + 1} with {term} open", scale)
