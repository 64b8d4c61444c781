"""The guided first shift, played headless through the real app: keyboard alone, and by mouse."""

from __future__ import annotations

import pygame

from simulator.bots.human import reading_seconds
from simulator.guide import HOLD_REASON
from simulator.session import Session
from simulator.ui.screens import guide_overlay
from simulator.ui.screens.debrief import DebriefScreen
from simulator.ui.screens.desk import DeskScreen

#: Keys pressed for each command type (settings action names; the sub-choice comes after).
SHORTCUT = {"check_identity": "identity", "flag_discrepancy": "flag", "collect_copay": "copay",
            "check_in": "check_in", "confirm_insurance": "matches", "schedule": "schedule",
            "end_call": "end_call", "hold_call": "hold", "instruct_911": "emergency_script",
            "answer_call": "answer", "acknowledge": "greet"}
#: Commands with no single key: Tab to their button and press Enter.
TAB_TO = {"route": "act-route", "ask_to_hold": "act-askhold"}


def _key(app, action: str) -> int:
    return pygame.key.key_code(app.settings.keys[action])


def _run(pilot, seconds: float, step: float = 0.25) -> None:
    """Let real time pass on the desk in frames (the clock runs unless it is held)."""
    for _ in range(round(seconds / step)):
        pilot.frame(dt=step)


def _select(pilot, desk: DeskScreen, task: str) -> None:
    """Walk the task list with the Down key until ``task`` is the current one."""
    for _ in range(len(desk.view.tasks) + 1):
        if desk.selected == task:
            return
        pilot.press(pygame.K_DOWN)
    assert desk.selected == task, f"Down never reached {task}"


def _choose(pilot, desk: DeskScreen, command) -> None:
    """In the open sub-choice, press the number of the option that is ``command``."""
    assert desk.choice is not None, f"no sub-choice open for {command.type}"
    index = next(i for i, (_, cmd) in enumerate(desk.choice[1]) if cmd == command)
    pilot.press(pygame.K_1 + index)


def by_keys(pilot, desk: DeskScreen, command) -> None:
    """Carry out ``command`` at the desk as a keyboard-only trainee would."""
    task = getattr(command, "task", None)
    if command.type == "answer_call":
        line = next(ln for ln in desk.view.lines if ln.number == command.line)
        if line.status == "hold":
            task = line.task  # a held call is picked up from its own task
    if task is not None:
        _select(pilot, desk, task)
    if command.type == "choose_reply":
        pilot.press(pygame.K_F1 + command.choice)
    elif command.type in TAB_TO:
        pilot.tab_to(TAB_TO[command.type])
        pilot.press(pygame.K_RETURN)
    else:
        pilot.press(_key(pilot.app, SHORTCUT[command.type]))
    if desk.choice is not None:
        _choose(pilot, desk, command)


def _thinking(desk: DeskScreen, command) -> float:
    """Real seconds a trainee takes before a move (reading a conversation takes longer)."""
    task = desk.view.task(getattr(command, "task", "") or "")
    if command.type == "choose_reply" and task is not None and task.dialogue is not None:
        return 2.0 + reading_seconds(" ".join((task.dialogue.says, *task.dialogue.choices)))
    return 2.0


def _start_from_title(pilot, app) -> DeskScreen:
    """Title -> Practice -> the picker's first shift -> (a briefing's Start, if any) -> desk."""
    assert pilot.focused() == "title-practice"
    pilot.press(pygame.K_RETURN)
    picker = app.top
    assert picker.scenarios[picker.chosen].id == "first-shift"
    pilot.tab_to("pick-start")
    pilot.press(pygame.K_RETURN)
    for _ in range(3):  # a briefing screen before the shift starts on Enter
        if isinstance(app.top, DeskScreen):
            break
        pilot.press(pygame.K_RETURN)
    assert isinstance(app.top, DeskScreen)
    return app.top


def play_by_keys(pilot, app, desk: DeskScreen, skip_idle: bool = True) -> list[str]:
    """Play the guided shift to its end with keys alone; return each step's title as shown.

    While a step is open it checks that the panel is up and clear of what it points to, and
    that neither time nor the Wait key moves the clock. ``skip_idle`` presses Wait whenever
    nobody needs the desk (False lets the clock fast-forward on its own, as a person would).
    """
    session, guide = desk.session, desk.guide
    titles = []
    for _ in range(2000):
        if not isinstance(app.top, DeskScreen) or session.shift.ended:
            break
        step = guide.step
        if step is not None:
            titles.append(step.title)
            rect = guide_overlay.panel_rect(desk, guide)
            assert rect is not None
            for key in guide_overlay.target_keys(desk, guide):
                assert not rect.colliderect(desk.buttons[key].get_abs_rect()), key
            assert HOLD_REASON in session.holds
            now = session.shift.now
            _run(pilot, 5.0)
            if skip_idle:
                pilot.press(_key(app, "wait"))  # Wait does not skip past a step either
            assert session.shift.now == now and guide.step is step
            by_keys(pilot, desk, guide.subject)
            assert guide.step is not step, f"'{step.title}' did not close"
            continue
        move = session.advice()
        if move is None:
            if skip_idle:
                pilot.press(_key(app, "wait"))  # nobody waits: skip ahead to what comes next
            else:
                _run(pilot, 1.0)
            continue
        _run(pilot, _thinking(desk, move))
        if guide.step is None and session.advice() == move:
            by_keys(pilot, desk, move)
    return titles


def test_guided_first_shift_by_keyboard_only(pilot, app):
    """Every instruction appears in order over a stopped clock; keys alone reach a pass."""
    desk = _start_from_title(pilot, app)
    session, guide = desk.session, desk.guide
    assert guide is not None and session.scenario.id == "first-shift"
    titles = play_by_keys(pilot, app, desk)
    assert titles == [s.title for s in session.scenario.tutorial]
    assert guide.finished
    pilot.settle(2)
    assert isinstance(app.top, DebriefScreen)
    assert app.top.card.scenario == "first-shift" and app.top.card.passed


def test_first_steps_by_mouse(pilot, app):
    """Clicks alone: select, greet, two identifiers, flag the card; each step closes in turn."""
    app.push(DeskScreen(app, Session("first-shift", 1)))
    pilot.settle(2)
    desk = app.top
    guide = desk.guide
    _run(pilot, 1.0)
    assert guide.step is not None and guide.step.action == "acknowledge"
    task = guide.subject.task
    assert guide_overlay.target_keys(desk, guide) == [f"q-{task}"]
    pilot.click(f"q-{task}")
    assert desk.selected == task
    assert guide_overlay.target_keys(desk, guide) == ["act-greet"]
    pilot.click("act-greet")
    assert 0 in guide.done
    # The second patient is greeted too (already taught: no instruction, the clock runs).
    other = desk.session.advice()
    assert other.type == "acknowledge" and guide.step is None
    pilot.click(f"q-{other.task}")
    pilot.click("act-greet")
    _run(pilot, 1.0)
    assert guide.step is not None and guide.step.action == "check_identity"
    (row,) = guide_overlay.target_keys(desk, guide)  # back to the first patient
    pilot.click(row)
    assert guide_overlay.target_keys(desk, guide) == ["act-identity"]
    pilot.click("act-identity")
    (ring,) = guide_overlay.target_keys(desk, guide)  # the right option inside the sub-choice
    pilot.click(ring)
    assert 1 in guide.done
    # The card check follows at once (the clock still held); its field is the trainee's call,
    # so the ring stops at the button and the test picks the field it knows differs.
    assert guide.step is not None and guide.step.action == "flag_discrepancy"
    assert guide_overlay.target_keys(desk, guide) == ["act-flag"]
    pilot.click("act-flag")
    assert guide_overlay.target_keys(desk, guide) == []
    field = next(i for i, (_, cmd) in enumerate(desk.choice[1]) if cmd == guide.subject)
    pilot.click(f"choice-{field}")
    assert 2 in guide.done


def test_no_guide_outside_the_tutorial(pilot, app):
    """Other shifts, and the tutorial in assessment, show no instruction and hold nothing."""
    app.push(DeskScreen(app, Session("calm-morning", 1)))
    pilot.settle(2)
    _run(pilot, 2.0)
    assert app.top.guide is None and not app.top.session.holds


def test_guided_first_shift_at_200_percent_text(pilot, app):
    """At the largest text size every panel still fits beside what it points to."""
    app.settings.text_scale = 200
    app.settings_changed()
    app.push(DeskScreen(app, Session("first-shift", 1)))
    pilot.settle(2)
    desk = app.top
    titles = play_by_keys(pilot, app, desk)
    assert titles == [s.title for s in desk.session.scenario.tutorial]
