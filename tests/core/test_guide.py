"""The tutorial guide: steps open on the expert's move, hold the clock, close when done."""

from __future__ import annotations

import pytest

from simulator.engine import commands as c
from simulator.errors import ContentError
from simulator.guide import HOLD_REASON, Guide, guided_seconds, how_words
from simulator.resources import scenarios_dir
from simulator.scenarios import load_scenario, load_scenario_file
from simulator.session import Session

ORDER = ["acknowledge", "check_identity", "flag_discrepancy", "collect_copay", "check_in",
         "confirm_insurance", "answer_call", "schedule", "route", "choose_reply",
         "hold_call", "instruct_911"]


@pytest.fixture(autouse=True)
def _own_folders(tmp_path, monkeypatch):
    """Practice scores go to a throwaway progress store."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path / "config"))


def _guided(seed: int = 1) -> tuple[Session, Guide]:
    session = Session("first-shift", seed)
    guide = Guide.for_session(session)
    assert guide is not None
    return session, guide


def _until_step(session: Session, guide: Guide, limit: float = 900.0) -> None:
    """Let real time pass (in 1 s ticks) until a step opens."""
    waited = 0.0
    while guide.update(session) is None:
        assert waited < limit and not session.shift.ended, "no step opened"
        session.tick(1.0)
        waited += 1.0


def _apply(session: Session, guide: Guide, command) -> bool:
    ok = session.apply(command)
    guide.applied(session, command, ok)
    return ok


def play_as_told(session: Session, guide: Guide, think: float = 3.0) -> list[str]:
    """A trainee who does each instruction, and otherwise the hint, after ``think`` seconds.

    Returns the action of every step as it opened.
    """
    opened = []
    while not session.shift.ended:
        step = guide.update(session)
        if step is not None:
            opened.append(step.action)
            _apply(session, guide, guide.subject)
            continue
        if session.advice() is None:
            session.tick(1.0)
            continue
        session.tick(think)
        if guide.update(session) is None and session.advice() is not None:
            _apply(session, guide, session.advice())
    return opened


def test_every_step_opens_once_in_the_order_of_the_file():
    """Following each instruction, the thirteen steps open in order, each once, then pass."""
    session, guide = _guided()
    assert [s.action for s in guide.steps] == ORDER
    assert play_as_told(session, guide) == ORDER
    assert guide.finished and guide.shown == list(range(len(ORDER)))
    assert session.scorecard().passed


def test_the_clock_stands_still_while_a_step_waits():
    """While a step is open the clock is held: real time passes, shift time does not."""
    session, guide = _guided()
    _until_step(session, guide)
    assert session.holds == {HOLD_REASON} and not session.fast_forward
    now = session.shift.now
    session.tick(120.0)
    assert session.shift.now == now


def test_doing_the_step_closes_it_and_starts_the_clock():
    """The trainee's accepted command of the step's type closes it and releases the hold."""
    session, guide = _guided()
    _until_step(session, guide)
    assert guide.step is not None and guide.step.action == "acknowledge"
    assert _apply(session, guide, guide.subject)
    assert guide.step is None and 0 in guide.done and not session.holds
    now = session.shift.now
    session.tick(2.0)
    assert session.shift.now > now


def test_something_else_leaves_the_instruction_up():
    """Another accepted command that does not change the right move leaves the step open."""
    session, guide = _guided()
    _until_step(session, guide)
    task = guide.subject.task
    # Checking identity before greeting is accepted, but greeting is still what is owed.
    assert _apply(session, guide, c.CheckIdentity(task=task, identifiers=("name", "dob")))
    assert guide.step is not None and guide.step.action == "acknowledge"
    assert session.holds == {HOLD_REASON}


def test_a_refused_command_leaves_the_instruction_up():
    """A command the shift refuses changes nothing: the same step stays, the clock held."""
    session, guide = _guided()
    _until_step(session, guide)
    assert not _apply(session, guide, c.HoldCall(line=1))  # no call on line 1
    assert guide.step is not None and guide.step.action == "acknowledge"
    assert session.holds == {HOLD_REASON}


def test_a_step_made_moot_goes_back_on_the_list():
    """When the trainee's move makes the step wrong, it closes undone and the clock runs."""
    session, guide = _guided()
    flag = ORDER.index("flag_discrepancy")
    while guide.update(session) is None or guide.active != flag:
        # Up to the card check, do what each instruction (or else the hint) says.
        move = guide.subject if guide.step is not None else session.advice()
        if move is None:
            session.tick(1.0)
        else:
            _apply(session, guide, move)
    # Confirming a card that differs is accepted (and wrong): flagging is no longer the move.
    assert _apply(session, guide, c.ConfirmInsurance(task=guide.subject.task))
    assert guide.step is None and flag not in guide.done and flag in guide.pending
    assert not session.holds


def test_the_guide_is_for_practice_only():
    """Assessment and watch sessions, and shifts without a tutorial, get no guide."""
    assert Guide.for_session(Session("first-shift", 1, mode="assessment",
                                     journal_dir=None)) is None
    assert Guide.for_session(Session("first-shift", 1, mode="watch")) is None
    assert Guide.for_session(Session("calm-morning", 1)) is None


def test_the_guide_is_deterministic():
    """Two sessions with the same seed and trainee moves open the same steps at the same ticks."""
    def run() -> tuple[list[int], str]:
        session, guide = _guided(3)
        play_as_told(session, guide)
        return guide.shown, session.shift.outcome_hash()

    assert run() == run()


def test_advice_is_asked_once_per_state():
    """Asking twice about one moment gives the same move, and the hint puts it in words."""
    session, guide = _guided()
    _until_step(session, guide)
    first = session.advice()
    assert session.advice() == first
    assert session.hint() is not None and session.advice() == first


def test_key_words_follow_the_trainees_bindings():
    """The key line names the trainee's own key, and the sub-choice to make."""
    words = how_words("check_identity", {"identity": "k"})
    assert words.startswith("Press K, or Tab to 'Check identity...'")
    assert "Name + date of birth" in words
    assert how_words("acknowledge", {}).startswith("Tab to 'Greet + give wait time'")


def test_guided_seconds_count_reading_every_step():
    """The instructions take a person a few minutes to read, on top of the shift itself."""
    steps = load_scenario("first-shift").tutorial
    assert 120 < guided_seconds(steps, {}) < 300


def test_a_step_naming_no_command_is_a_located_error(tmp_path):
    """A tutorial action that is not a desk command is reported at its line, with a guess."""
    body = (scenarios_dir() / "first-shift.yaml").read_text(encoding="utf-8")
    body = body.replace("id: first-shift", "id: bad", 1).replace(
        "  - action: answer_call\n", "  - action: answer\n", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_scenario_file(path)
    (problem,) = err.value.problems
    assert problem.line == body.splitlines().index("  - action: answer") + 1
    assert problem.path.startswith("tutorial")
    assert "'answer' is not a desk command" in problem.message
    assert "did you mean 'answer_call'?" in problem.message
