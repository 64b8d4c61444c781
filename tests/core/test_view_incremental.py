"""The live view: kept up to date from what changed, always equal to one built from scratch."""

import dataclasses

import pytest

from simulator.bots import make_bot
from simulator.bots.adversaries import ADVERSARIES
from simulator.engine import commands as c
from simulator.engine import view as view_module
from simulator.engine.commands import Command
from simulator.engine.expand import expand
from simulator.engine.live_view import maker
from simulator.engine.runner import run_bot
from simulator.engine.shift import Shift
from simulator.engine.view import View, build_view
from simulator.scenarios import load_scenario_file, shipped_scenarios
from tests.core.shifts import expanded, find, start

SHIPPED = shipped_scenarios()
BOTS = ("expert", "novice", "random", "human-expert")
SEEDS = (1, 2)


def difference(live: View, fresh: View) -> str:
    """The first field where two views differ, in words (empty when they are equal)."""
    for f in dataclasses.fields(View):
        a, b = getattr(live, f.name), getattr(fresh, f.name)
        if a == b:
            continue
        if f.name == "tasks" and len(a) == len(b):
            for ta, tb in zip(a, b, strict=True):
                for g in dataclasses.fields(ta):
                    if getattr(ta, g.name) != getattr(tb, g.name):
                        return (f"task {ta.id}.{g.name}: live {getattr(ta, g.name)!r}, "
                                f"fresh {getattr(tb, g.name)!r}")
        return f"{f.name}: live {a!r}, fresh {b!r}"
    return ""


class Checked:
    """A bot whose every view is first compared with a view of the shift built afresh."""

    def __init__(self, bot, shifts: list[Shift]):
        self.bot = bot
        self.shifts = shifts  # the runner's shift, caught when it first asks for a view
        self.checked = 0

    def __getattr__(self, name):
        return getattr(self.bot, name)

    def decide(self, view: View) -> list[Command]:
        shift = self.shifts[-1]
        fresh = build_view(shift)
        assert view == fresh, f"at tick {shift.now}: {difference(view, fresh)}"
        self.checked += 1
        return self.bot.decide(view)


def play_checked(x, bot) -> int:
    """Play ``x`` with ``bot``, checking the live view before every decision."""
    shifts: list[Shift] = []
    real_view = Shift.view

    def view(self):
        if not shifts or shifts[-1] is not self:
            shifts.append(self)
        return real_view(self)

    checked = Checked(bot, shifts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Shift, "view", view)
        shift, _ = run_bot(x, checked)
    assert shift.ended and shifts == [shift]
    assert build_view(shift) == shift.view()
    return checked.checked


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("bot", BOTS)
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_live_view_equals_a_fresh_view_at_every_step(path, bot, seed):
    """Every view a bot is given equals the view built from scratch at that moment."""
    x = expand(load_scenario_file(path), seed)
    assert play_checked(x, make_bot(bot, seed)) > 10


@pytest.mark.parametrize("name", sorted(ADVERSARIES))
def test_live_view_keeps_up_with_odd_players(name):
    """Players that hold, hang up, spam and are refused see the view built from scratch."""
    assert play_checked(expanded("power-outage", 1), ADVERSARIES[name](1)) > 10


def test_a_change_the_view_missed_is_caught():
    """The check fails when the live view keeps a part that did change."""
    x = expanded()
    shift = Shift(x)
    shift.advance(find(x, lambda t: t.channel == "desk").at)
    before = shift.view()
    task = next(t for t in before.tasks if t.channel == "desk")
    shift.tasks[task.id].acknowledged = True  # behind the engine's back: no outcome
    assert shift.view() != build_view(shift)


def test_unchanged_parts_are_reused():
    """With only time passing, the next view reuses the tasks, lines and paper it had."""
    x = expanded()
    spec = find(x, lambda t: t.channel == "desk")
    shift = start(x, spec)
    shift.advance(spec.at)
    first = shift.view()
    shift.advance(spec.at + 1)
    second = shift.view()
    assert second.now == first.now + 1
    assert second.tasks is first.tasks and second.lines is first.lines
    assert second.paper is first.paper and second.slots is first.slots
    shift.apply(c.AcknowledgeArrival(task=spec.id))
    third = shift.view()
    assert third.tasks is not second.tasks and third.task(spec.id).acknowledged
    assert third.lines is second.lines


def test_views_are_read_only():
    """A view and its parts cannot be changed by whoever reads them."""
    x = expanded()
    spec = find(x, lambda t: t.channel == "desk")
    shift = start(x, spec)
    shift.advance(spec.at)
    view = shift.view()
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.now = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.tasks[0].status = "resolved"  # type: ignore[misc]
    assert isinstance(view.tasks, tuple) and isinstance(view.lines, tuple)


@pytest.mark.parametrize("cls", [View, view_module.TaskView])
def test_the_fast_constructor_builds_the_same_frozen_view(cls):
    """``maker(cls)`` gives what the dataclass gives, takes exactly its fields, stays frozen."""
    values = {f.name: f"value of {f.name}" for f in dataclasses.fields(cls)}
    built = maker(cls)(**values)
    assert type(built) is cls and built == cls(**values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, dataclasses.fields(cls)[0].name, "x")
    with pytest.raises(TypeError):
        maker(cls)(**{**values, "extra": 1})
    missing = dict(values)
    missing.pop(next(iter(missing)))
    with pytest.raises(TypeError):
        maker(cls)(**missing)
