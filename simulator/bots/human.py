"""The human-paced expert: the expert's decisions at the speed of a competent person.

It is the trainer's evidence that a person, not only a program, can pass a shift. Each
decision comes after the time a person needs for it: reading every new line and every reply
option shown (230 words a minute), about 1.5 s per click or key (one more to open a task
that is not the current one, and one more for a sub-choice such as the identifiers or a
route), and a couple of seconds to compare a card with a record or to find a slot. The
runner lets that real time pass on the desk's clock (``engine.clock``), so the delay is
lived exactly as a trainee at the window lives it.
"""

from __future__ import annotations

from simulator.bots.expert import ExpertBot
from simulator.engine.commands import Command
from simulator.engine.view import TaskView, View

#: Reading speed of an adult reading plain text (words per minute).
READING_WPM = 230
#: One click or key press, including the glance that finds it.
CLICK_SECONDS = 1.5
#: Comparing a card with the record, or scanning the schedule for a slot.
COMPARE_SECONDS = 2.0
#: Commands whose button opens a sub-choice first (a second click).
TWO_STEP = frozenset({"check_identity", "flag_discrepancy", "route", "transfer_call",
                      "call_support", "fix_telehealth", "call_emergency", "schedule",
                      "reschedule"})
#: Commands that need a comparison or a search before the click.
COMPARING = frozenset({"confirm_insurance", "flag_discrepancy", "schedule", "reschedule",
                       "reconcile", "verify_authority"})
#: The 911 script a person reads out to a red-flag caller (its words are read aloud).
SCRIPT_911_WORDS = 45
#: Typing speed of a competent front-desk typist copying from a sheet (characters a second,
#: about 40 words a minute).
TYPING_CPS = 3.3
#: Field kinds a person types (the rest are picked with a key or a click).
TYPED = frozenset({"text", "person", "address", "date", "phone", "money", "number"})


def reading_seconds(text: str) -> float:
    """Seconds a person needs to read ``text`` once."""
    return len(text.split()) * 60 / READING_WPM


def form_seconds(form: str, fields: dict[str, str]) -> float:
    """Seconds a person needs to fill in a desk form.

    A key to reach each field, the typing of every typed field (after a look at the sheet it
    comes from), and a key for each pick.
    """
    from simulator.everyday.forms import FORMS

    seconds = 0.0
    for f in FORMS[form].fields:
        seconds += CLICK_SECONDS
        if f.kind in TYPED:
            seconds += COMPARE_SECONDS + len(fields.get(f.name, "")) / TYPING_CPS
    return seconds


class HumanPacedExpert:
    """The expert's choices, one at a time, each after a person's reading and clicking time.

    Args:
        seed: The shift's seed (the expert's own stream).
        speed: 1.0 for a typical competent person; 1.5 for someone half again as slow,
            0.75 for a quick one. Every delay is multiplied by it.
    """

    name = "human-expert"
    pace = 1.0

    def __init__(self, seed: int, speed: float = 1.0):
        if not 0.25 <= speed <= 4.0:
            raise ValueError(f"speed {speed} is outside 0.25-4.0 (1.0 is a typical person)")
        self.expert = ExpertBot(seed)
        self.speed = speed
        self._read: set[tuple[str, str]] = set()

    def study(self, dialogues) -> None:
        """Hand the expert the dialogues (what a trained person knows about replies)."""
        self.expert.study(dialogues)

    def decide(self, view: View) -> list[Command]:
        """The expert's next decision (one command at most)."""
        return self.expert.decide(view)[:1]

    def seconds_before(self, view: View, command: Command) -> float:
        """Real seconds a person spends reading and clicking before ``command`` lands."""
        task_id = getattr(command, "task", None)
        task = view.task(task_id) if task_id else None
        if task is None and command.type in ("hold_call", "end_call", "transfer_call"):
            line = next((ln for ln in view.lines if ln.number == getattr(command, "line", 0)),
                        None)
            task = view.task(line.task) if line and line.task else None
        seconds = CLICK_SECONDS
        if task_id and task_id != view.focus:
            seconds += CLICK_SECONDS  # open the task first
        if command.type in TWO_STEP:
            seconds += CLICK_SECONDS
        if command.type in COMPARING:
            seconds += COMPARE_SECONDS
        if task is not None:
            seconds += self._unread(task)
        if command.type == "instruct_911":
            seconds += SCRIPT_911_WORDS * 60 / READING_WPM
        if command.type == "check_eligibility":
            seconds += COMPARE_SECONDS  # read the portal's answer
        if command.type == "submit_form":
            seconds += form_seconds(command.form, command.fields)
        return seconds * self.speed

    def _unread(self, task: TaskView) -> float:
        """Reading time for what this task shows that has not been read yet."""
        texts = [task.words]
        if task.dialogue is not None:
            texts += [task.dialogue.says, *task.dialogue.choices]
        seconds = 0.0
        for text in texts:
            key = (task.id, text)
            if text and key not in self._read:
                self._read.add(key)
                seconds += reading_seconds(text)
        return seconds
