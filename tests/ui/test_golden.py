"""Golden screenshots of the title, the desk, a conversation and the debrief."""

import pytest

from simulator.session import Session
from simulator.ui.screens.desk import DeskScreen
from tests.ui.conftest import SHORT
from tests.ui.golden import compare


@pytest.fixture
def update(request):
    return request.config.getoption("--update-golden")


def test_title(pilot, app, update):
    """The title screen."""
    pilot.settle(3)
    compare(app.window, "title", update)


def test_busy_desk(pilot, app, update):
    """The busy Monday at 08:50 with nobody helped yet: lines, waiting room, queue."""
    desk = DeskScreen(app, Session("busy-monday", 7))
    app.push(desk)
    desk.session.shift.advance(3000)
    checkin = next(t for t in desk.view.tasks if t.kind == "checkin")
    desk.select(checkin.id)
    pilot.settle(3)
    compare(app.window, "desk", update)


def test_dialogue(pilot, app, update):
    """A conversation: what the person says, the agitation meter, the replies."""
    desk = DeskScreen(app, Session(SHORT, 1))
    app.push(desk)
    desk.session.shift.advance(90)
    upset = next(t for t in desk.view.tasks if t.kind == "angry_patient")
    desk.select(upset.id)
    pilot.settle(3)
    compare(app.window, "dialogue", update)


def test_debrief(pilot, app, update):
    """The debrief after a shift where nothing was done."""
    desk = DeskScreen(app, Session(SHORT, 1))
    app.push(desk)
    desk.session.finish()
    pilot.settle(3)
    compare(app.window, "debrief", update)
