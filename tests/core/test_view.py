"""The view: what the trainee sees, and never the hidden truths."""

import dataclasses

from simulator.bots.expert import ExpertBot
from simulator.engine import commands as c
from simulator.engine import view as view_module
from simulator.engine.runner import run_bot
from tests.core.shifts import at, ehr_outage, event_task, expanded, find, start

VIEW_TYPES = [obj for obj in vars(view_module).values()
              if isinstance(obj, type) and dataclasses.is_dataclass(obj)
              and obj.__module__ == view_module.__name__]


def test_view_dataclasses_have_no_truth_fields():
    """No field of any view type is named after hidden truth."""
    assert {"View", "TaskView", "LineView", "PersonView", "DialogueView"} <= {
        t.__name__ for t in VIEW_TYPES}
    for view_type in VIEW_TYPES:
        names = [f.name for f in dataclasses.fields(view_type)]
        assert not [n for n in names if "truth" in n], view_type.__name__


def test_red_flag_call_shows_as_routine():
    """A red-flag call looks routine in the view: the words are the only clue."""
    spec = at(event_task(expanded(), "stroke-call"), 10)
    assert spec.urgency == "emergency"
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    task = shift.view().task(spec.id)
    assert task.urgency == "routine"
    assert "red_flag" not in task.request and "stroke_signs" not in repr(task)
    assert task.words == spec.words


def test_ringing_call_shows_only_the_caller_number():
    """Before answering, a call shows the line and number, not its words or request."""
    spec = at(find(expanded(), lambda t: t.kind == "call" and t.event_id is None), 10)
    shift = start(expanded(), spec)
    shift.advance(10)
    task = shift.view().task(spec.id)
    assert task.words == "" and task.request == {}
    assert spec.caller in task.title
    assert task.record is None


def test_planted_discrepancy_is_not_in_the_view():
    """The card and record are shown side by side; the planted mismatch is not named."""
    spec = at(event_task(expanded(), "transposed-id"), 10)
    shift = start(expanded(), spec)
    shift.advance(10)
    task = shift.view().task(spec.id)
    assert task.card is not None and task.record is not None
    assert task.card.member_id != task.record.record.member_id
    assert "discrepancy" not in repr(task) and "transposed" not in repr(task)


def test_authorization_is_unknown_until_verified():
    """Whether a requester is authorized shows only after VerifyAuthority."""
    spec = at(event_task(expanded(), "spouse-results"), 10)
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.view().task(spec.id).authorized is None
    shift.apply(c.VerifyAuthority(task=spec.id))
    assert shift.view().task(spec.id).authorized is False


def test_record_is_hidden_while_the_ehr_is_down():
    """With the EHR down the record panel is empty; the card is still in hand."""
    spec = at(find(expanded(), lambda t: t.kind == "checkin"), 10)
    shift = start(expanded(), spec, systems=[ehr_outage(0, 600)])
    shift.advance(10)
    task = shift.view().task(spec.id)
    assert task.record is None
    assert shift.view().ehr_up is False


class _Watcher(ExpertBot):
    """The expert, checking every view it is shown."""

    def __init__(self, seed):
        super().__init__(seed)
        self.views = 0

    def decide(self, view):
        text = repr(view)
        assert "truth" not in text
        assert "'red_flag'" not in text and "'discrepancy'" not in text
        for task in view.tasks:
            assert task.urgency != "emergency" or task.kind in ("medical_emergency", "threat")
        self.views += 1
        return super().decide(view)


def test_no_view_in_a_whole_shift_carries_hidden_truth():
    """Across a full busy-monday shift, no view ever shows a truth field or value."""
    bot = _Watcher(1)
    shift, _ = run_bot(expanded("busy-monday", 1), bot)
    assert shift.ended and bot.views > 100
