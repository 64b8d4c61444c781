"""Watch mode: a whole shift headless with its screenshots, and watch mode that teaches
(the bot's task is current, each action narrated, pause, step, speed, and replaying a
debrief's moment)."""

import os
import re
import subprocess
import sys

import pygame
import pytest

from simulator.session import Session
from simulator.ui.watch import MOMENT_LEAD, WatchScreen, watch_moment
from tests.ui.conftest import SHORT

#: A code name leaking into the words (slow_response, check_identity...).
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def test_watch_until_end_writes_screenshots(tmp_path):
    """`frontdesk watch --until-end --screenshots DIR` finishes and leaves PNGs."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "FRONTDESK_CONFIG_DIR": str(tmp_path / "cfg")}
    shots = tmp_path / "shots"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "watch", "--scenario", SHORT, "--speed", "20",
         "--until-end", "--screenshots", str(shots)],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert any(n.endswith("-desk.png") for n in names) and "99-debrief.png" in names
    assert any("dialogue" in n for n in names)


def test_watch_rejects_unknown_bot(capsys):
    """An unknown bot is bad input (exit 2)."""
    from simulator.cli import main

    assert main(["watch", "--scenario", "calm-morning", "--bot", "wizard"]) == 2
    assert "unknown bot" in capsys.readouterr().err


# -- watch mode that teaches -----------------------------------------------------------------


@pytest.fixture
def watch(app, pilot):
    """The expert watched on the short shift, at 1x."""
    screen = WatchScreen(app, SHORT, seed=1)
    app.push(screen)
    pilot.settle(2)
    return screen


def _play_until(pilot, screen, commands: int, limit: int = 400) -> None:
    for _ in range(limit):
        if screen.applied >= commands:
            return
        pilot.frame(dt=0.5)
    raise AssertionError(f"the bot applied {screen.applied} of {commands} commands")


def _task_of(screen, command):
    task = getattr(command, "task", None)
    if task is None and hasattr(command, "line"):
        line = next(ln for ln in screen.view.lines if ln.number == command.line)
        task = line.task
    return task


def test_the_default_watch_is_paced_for_a_person(watch, pilot):
    """At 1x, narrated actions are at least two real seconds apart."""
    pilot.frame(dt=0.0)
    seen, times, clock = watch.applied, [], 0.0
    for _ in range(600):
        pilot.frame(dt=0.1)
        clock += 0.1
        if watch.applied > seen:
            assert watch.applied == seen + 1  # never two actions in one tenth of a second
            seen = watch.applied
            times.append(clock)
        if len(times) >= 4:
            break
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) >= 3 and min(gaps) >= 2.0 - 1e-6


def test_each_action_is_narrated_and_its_task_is_current(watch, pilot):
    """After each command the bar says what was done and why; its task is the current one."""
    for n in range(1, 6):
        _play_until(pilot, watch, n)
        command = watch.session.log[-1][1]
        said = watch.toast
        assert said is not None and watch.toast_left > 0 and said.text.strip()
        assert not CODE.search(said.text), said.text
        task = _task_of(watch, command)
        if task and watch.view.task(task) is not None:
            assert watch.selected == task


def test_the_task_is_current_while_the_bot_works_it(watch, pilot):
    """Between choosing a command and applying it, the centre shows that command's task."""
    checked = 0
    for _ in range(200):
        pilot.frame(dt=0.25)
        if watch.pending is not None:
            task = _task_of(watch, watch.pending[0])
            if task and watch.view.task(task) is not None:
                assert watch.selected == task and watch.current_task() is not None
                checked += 1
    assert checked > 5


def test_space_pauses_the_shift_and_the_bot(watch, pilot):
    """Paused: no shift time passes and the bot does nothing; Space again plays on."""
    _play_until(pilot, watch, 1)
    pilot.press(pygame.K_SPACE)
    assert watch.paused and "paused" in watch.watch_status()
    now, applied = watch.session.shift.now, watch.applied
    for _ in range(40):
        pilot.frame(dt=0.5)
    assert (watch.session.shift.now, watch.applied) == (now, applied)
    pilot.press(pygame.K_SPACE)
    assert not watch.paused
    for _ in range(40):
        pilot.frame(dt=0.5)
    assert watch.session.shift.now > now


def test_n_steps_exactly_one_command_and_stays_paused(watch, pilot):
    """N plays one more command of the bot, then the watch stays paused."""
    pilot.press(pygame.K_SPACE)
    for _ in range(3):
        before = watch.applied
        pilot.press(pygame.K_n)
        assert watch.applied == before + 1 and watch.paused
        command = watch.session.log[-1][1]
        task = _task_of(watch, command)
        if task and watch.view.task(task) is not None:
            assert watch.selected == task
        now = watch.session.shift.now
        for _ in range(10):
            pilot.frame(dt=0.5)
        assert (watch.applied, watch.session.shift.now) == (before + 1, now)


def test_plus_and_minus_step_through_the_speeds(watch, pilot):
    """+ (or keypad +, or =) speeds up, - slows down, within 0.5x-16x; the line says so."""
    assert watch.speed == 1.0 and "1x" in watch.watch_status()
    pilot.press(pygame.K_PLUS)
    pilot.press(pygame.K_KP_PLUS)
    assert watch.speed == 4.0 and "4x" in watch.watch_status()
    pilot.press(pygame.K_MINUS)
    assert watch.speed == 2.0
    for _ in range(8):
        pilot.press(pygame.K_EQUALS)
    assert watch.speed == 16.0
    for _ in range(8):
        pilot.press(pygame.K_KP_MINUS)
    assert watch.speed == 0.5 and "0.5x" in watch.watch_status()


def test_keys_of_the_desk_do_not_act_for_the_bot(watch, pilot):
    """A watcher's desk keys (answer, greet) do not change the expert's shift."""
    pilot.press(pygame.K_SPACE)
    log = len(watch.session.log)
    pilot.press(pygame.K_a)
    pilot.press(pygame.K_g)
    assert len(watch.session.log) == log


def test_watch_the_expert_do_this_starts_just_before_the_moment(app, pilot):
    """From a finished session: same scenario and seed, paused a few seconds before the tick,
    saying which moment it is; Escape goes back to the screen it came from."""
    below = app.top
    played = Session(SHORT, 1)
    played.finish()
    screen = watch_moment(app, played, 600)
    pilot.settle(2)
    assert app.top is screen and screen.paused
    assert screen.session.seed == 1 and screen.session.scenario.id == played.scenario.id
    assert 600 - MOMENT_LEAD - 20 <= screen.session.shift.now <= 600
    assert "08:10" in screen.toast.text and screen.toast_left > 0
    now = screen.session.shift.now
    for _ in range(10):
        pilot.frame(dt=0.5)
    assert screen.session.shift.now == now  # it waits for the trainee
    pilot.press(pygame.K_n)
    assert screen.applied >= 1 and screen.paused
    pilot.press(pygame.K_ESCAPE)
    assert app.top is below


def test_a_moment_about_a_task_starts_where_that_task_began(app, pilot):
    """With the debrief item's task, the replay starts just before that task arrived."""
    played = Session(SHORT, 1)
    upset = next(t for t in played.expanded.tasks if t.kind == "angry_patient")
    screen = watch_moment(app, played, upset.at + 400, upset.id)
    pilot.settle(2)
    assert upset.at - MOMENT_LEAD - 20 <= screen.session.shift.now <= upset.at
    assert upset.title in screen.toast.text
