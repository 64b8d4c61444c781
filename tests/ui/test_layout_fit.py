"""Everything fits at 100, 150 and 200 % text: every screen, and the desk in every state.

The frame is drawn with the layout audit on (simulator.ui.fit): no text cut short, no text
outside its panel or button, no two texts or two buttons on top of each other. The desk is
checked at every decision the expert makes through a whole shift, with each sub-choice
opened as a trainee would open it, so conversations, the move-visit choices, the collapse,
the threat, the outages and the paper records are all seen.
"""

import pygame
import pytest

from simulator.bots import brief, make_bot
from simulator.session import Session
from simulator.ui.app import App
from simulator.ui.pilot import Pilot
from simulator.ui.settings import Settings

SCALES = (100, 150, 200)


@pytest.fixture
def audited(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    made = []

    def build(scale: int) -> tuple[App, Pilot]:
        app = App(Settings(text_scale=scale))
        app.start_audit()
        made.append(app)
        return app, Pilot(app)

    yield build
    pygame.quit()


def fits(app: App, pilot: Pilot, where: str) -> None:
    pilot.settle(2)
    problems = app.fit_problems()
    assert not problems, f"{where} at {app.settings.text_scale} %:\n" + "\n".join(problems)


@pytest.mark.parametrize("scale", SCALES)
def test_menus_and_reading_screens_fit(audited, scale):
    """Title, picker (first and last shift), settings, how-to, briefing, pause, reference."""
    app, pilot = audited(scale)
    app.push_screen("title")
    fits(app, pilot, "title")
    app.push_screen("picker", "practice")
    fits(app, pilot, "picker")
    pilot.press(pygame.K_UP)  # the last shift: locked, and says why
    fits(app, pilot, "picker, a locked shift")
    app.push_screen("settings")
    fits(app, pilot, "settings")
    app.pop()
    app.pop()
    app.push_screen("howto")
    fits(app, pilot, "how to play")
    app.pop()
    session = Session("busy-monday", 1)
    app.push_screen("briefing", session)
    fits(app, pilot, "briefing")
    desk = app.switch_screen("desk", session)
    pilot.settle(2)
    app.push_screen("pause", desk)
    fits(app, pilot, "pause")
    app.push_screen("settings")
    fits(app, pilot, "settings over the pause menu")
    app.pop()
    app.pop()
    app.push_screen("reference", desk)
    fits(app, pilot, "reference card")


def _play_and_check(app: App, pilot: Pilot, scenario: str, limit: int = 400) -> int:
    """The expert plays through the desk; the frame is checked before every decision."""
    session = Session(scenario, 1)
    desk = app.push_screen("desk", session)
    bot = brief(make_bot("expert", 1), session.expanded)
    checked = 0
    while not session.shift.ended and checked < limit:
        commands = bot.decide(session.shift.view())
        if not commands:
            session.wait()
            pilot.settle(1)
            continue
        command = commands[0]
        task = getattr(command, "task", None)
        if task and desk.view.task(task):
            desk.select(task)
            pilot.settle(1)
        where = f"{scenario} at {session.shift.now}s before {command.type}"
        if checked % 10 == 5:
            pilot.press(pygame.key.key_code(app.settings.keys["schedule_slot"]))
            where += " (a schedule slot read)"
        fits(app, pilot, where)
        opener = next((a for a in desk.actions if any(cmd == command for _, cmd in a.choices)),
                      None)
        if opener is not None and not opener.reason:
            desk.do(opener)  # the sub-choice, as a trainee opens it
            fits(app, pilot, where + " (choice open)")
        desk.apply(command)
        checked += 1
        pilot.settle(1)
    return checked


@pytest.mark.parametrize("scale", SCALES)
# busy-monday brings the call-out's move-visit choices; each other crisis state (the collapse,
# the threat, the two outages and the paper records) comes from the crisis day that holds it.
@pytest.mark.parametrize("scenario", ["busy-monday", "first-shift", "privacy-traps",
                                      "waiting-room-collapse", "threatening-visitor",
                                      "power-outage", "ehr-downtime"])
def test_the_desk_fits_in_every_state_of_a_shift(audited, scale, scenario):
    """Every decision of a whole shift, the guided one included, fits at this text size."""
    app, pilot = audited(scale)
    assert _play_and_check(app, pilot, scenario) > 10


@pytest.mark.parametrize("scale", SCALES)
def test_watch_mode_fits(audited, scale):
    """The narrated watch desk, paused on a moment."""
    app, pilot = audited(scale)
    app.push_screen("watch", "calm-morning", seed=1, speed=4.0)
    for _ in range(40):
        pilot.frame(dt=0.5)
    fits(app, pilot, "watch mode")


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 600)])
def test_the_layout_follows_a_resized_window(audited, size):
    """Dragging the window larger or smaller lays the desk out again, and it still fits."""
    app, pilot = audited(200)
    session = Session("busy-monday", 1)
    desk = app.push_screen("desk", session)
    pilot.settle(2)
    before = desk.layout.center.width
    pilot.frame([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1],
                                    size=size)])
    assert app.size == size and app.top is desk
    assert desk.layout.bottom.bottom <= size[1] and desk.layout.schedule.right <= size[0]
    assert (desk.layout.center.width > before) == (size[0] > 1280)
    session.shift.advance(95)  # a call ringing
    fits(app, pilot, f"the desk at {size}")
