"""The debrief in the window: paging, and watching the expert at a mistake's moment."""

import pygame

from simulator.session import Session
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.watch import MOMENT_LEAD, WatchScreen
from tests.ui.conftest import SHORT


def _debrief(app, pilot) -> DebriefScreen:
    played = Session(SHORT, 1)
    played.finish()
    debrief = DebriefScreen(app, played)
    app.push(debrief)
    pilot.settle(2)
    return debrief


def test_w_watches_the_expert_at_the_mistake_and_escape_comes_back(app, pilot):
    """W (said on the button) replays the shown mistake's moment, paused just before it;
    Escape returns to the same debrief, on the same mistake."""
    debrief = _debrief(app, pilot)
    pilot.press(pygame.K_RIGHT)
    item = debrief.shown_item()
    assert item is not None and item.task is not None
    button = debrief.buttons["deb-watch"]
    assert button.visible and "(W)" in button.text
    pilot.press(pygame.K_w)
    watch = app.top
    assert isinstance(watch, WatchScreen) and watch.from_moment and watch.paused
    assert watch.session.scenario.id == debrief.session.scenario.id
    assert watch.session.seed == debrief.session.seed
    task = next(t for t in watch.session.expanded.tasks if t.id == item.task)
    begin = min(item.t, task.at)
    assert begin - MOMENT_LEAD - 20 <= watch.session.shift.now <= begin
    assert item.clock in watch.toast.text  # it says which moment this is
    pilot.press(pygame.K_ESCAPE)
    assert app.top is debrief
    assert debrief.shown_item() is item and debrief.buttons["deb-watch"].visible


def test_watch_button_by_keyboard_and_only_for_a_moment(app, pilot):
    """Tab reaches the watch button; a mistake with no task has none (and W does nothing)."""
    debrief = _debrief(app, pilot)
    pilot.tab_to("deb-watch")
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, WatchScreen)
    pilot.press(pygame.K_ESCAPE)
    assert app.top is debrief
    first = debrief.card.feedback[debrief.item]
    debrief.card.feedback[debrief.item] = first.model_copy(update={"task": None})
    debrief.rebuild()
    pilot.settle(2)
    assert "deb-watch" not in debrief.buttons
    pilot.press(pygame.K_w)
    assert app.top is debrief
