"""A whole short shift, title to debrief, with the keyboard alone (and once by mouse)."""

import pygame

from simulator.session import Session
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.desk import DeskScreen
from tests.ui.conftest import SHORT


def _start_desk(pilot, app):
    """From the desk of the short shift (pushed directly: the picker lists shipped ones)."""
    app.push(DeskScreen(app, Session(SHORT, 1)))
    pilot.settle(2)
    return app.top


def test_title_to_picker_to_desk_by_keyboard(pilot, app):
    """Enter on Practice opens the picker; Tab reaches Start; Enter opens the briefing, whose
    clock has not started; Enter there opens the desk."""
    assert pilot.focused() == "title-practice"
    pilot.press(pygame.K_RETURN)
    assert type(app.top).__name__ == "PickerScreen"
    pilot.tab_to("pick-start")
    pilot.press(pygame.K_RETURN)
    assert type(app.top).__name__ == "BriefingScreen"
    session = app.top.session
    for _ in range(30):
        pilot.frame(dt=0.5)
    assert session.shift.now == 0  # reading the briefing takes no shift time
    pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, DeskScreen) and app.top.session is session


def test_short_shift_by_keyboard_only(pilot, app):
    """Keys alone: answer, identify, calm the upset patient, then end and see the debrief."""
    desk = _start_desk(pilot, app)
    shift = desk.session.shift
    pilot.advance(90)
    upset = next(t for t in desk.view.tasks if t.kind == "angry_patient")
    # Walk the queue with the Down key until the upset patient is selected.
    for _ in range(len(desk.view.tasks) + 1):
        if desk.selected == upset.id:
            break
        pilot.press(pygame.K_DOWN)
    assert desk.selected == upset.id
    pilot.press(pygame.K_F1)  # the first reply
    assert any(o["kind"] == "ReplyChosen" and o["task"] == upset.id for o in shift.outcomes)
    assert shift.tasks[upset.id].status == "resolved"
    # Answer a call when one rings, then check identity with the [1] key and option 1.
    for _ in range(60):
        if any(ln.status == "ringing" for ln in desk.view.lines):
            break
        pilot.advance(20)
    if any(ln.status == "ringing" for ln in desk.view.lines):
        pilot.press(pygame.K_a)
        assert any(o["kind"] == "CallAnswered" for o in shift.outcomes)
        pilot.press(pygame.K_1)
        pilot.press(pygame.K_1)
        checks = [o for o in shift.outcomes if o["kind"] == "IdentityChecked"]
        assert checks and checks[-1]["identifiers"] == ["name", "dob"]
    # Escape pauses; Tab to "End shift"; Enter ends it and shows the debrief.
    pilot.press(pygame.K_ESCAPE)
    assert type(app.top).__name__ == "PauseScreen"
    pilot.tab_to("pause-end")
    pilot.press(pygame.K_RETURN)
    pilot.settle(2)
    assert isinstance(app.top, DebriefScreen)
    assert shift.ended
    assert app.top.card.scenario == "short-shift"
    pilot.press(pygame.K_RIGHT)
    pilot.tab_to("deb-title")
    pilot.press(pygame.K_RETURN)
    assert type(app.top).__name__ == "TitleScreen"


def test_short_shift_by_mouse(pilot, app):
    """Clicks alone: select the upset patient, reply, then end from the pause menu."""
    desk = _start_desk(pilot, app)
    pilot.advance(90)
    upset = next(t for t in desk.view.tasks if t.kind == "angry_patient")
    pilot.click(f"q-{upset.id}")
    assert desk.selected == upset.id
    pilot.click("rep-0")
    assert desk.session.shift.tasks[upset.id].status == "resolved"
    pilot.click("pause")
    pilot.click("pause-end")
    pilot.settle(2)
    assert isinstance(app.top, DebriefScreen)


def test_every_button_is_at_least_24_px(pilot, app):
    """Click targets on the desk are at least 24 x 24 px."""
    desk = _start_desk(pilot, app)
    pilot.advance(120)
    for key, button in desk.buttons.items():
        rect = button.get_abs_rect()
        assert rect.width >= 24 and rect.height >= 24, key


def test_assessment_writes_a_journal_and_cannot_pause(app, pilot, tmp_path):
    """Assessment mode journals every command and refuses to pause."""
    session = Session(SHORT, 1000, mode="assessment", journal_dir=tmp_path / "j")
    app.push(DeskScreen(app, session))
    pilot.settle(2)
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(app.top, DeskScreen)
    pilot.press(pygame.K_w)
    path = session.journal_path
    assert path is not None and path.exists()
    session.finish()
    from simulator.cli import main

    files = list((tmp_path / "j").glob("*.jsonl"))
    assert len(files) == 1
    assert main(["verify", str(files[0])]) == 0
