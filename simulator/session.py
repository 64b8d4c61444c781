"""A playing session: one shift, its mode and pacing, its journal, and practice feedback.

The UI (and watch mode) drive a shift only through this class: ``apply`` a command,
``tick`` real time forward, read ``view()``. It has no pygame in it, so tests drive it
headless exactly as the desk does.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.bots import brief, make_bot
from simulator.bots.expert import ExpertBot
from simulator.engine import journal
from simulator.engine.clock import advance_real, needs_trainee
from simulator.engine.commands import COSTS, Command, TakeSafetyStep
from simulator.engine.expand import expand
from simulator.engine.shift import Shift
from simulator.engine.view import View
from simulator.lifesafety import safety_step
from simulator.scenarios import (
    Scenario,
    load_scenario_file,
    resolve_scenario_path,
    scenario_digest,
)
from simulator.scoring.moment import Moment, moment_feedback

#: Seed used in assessment mode unless an assessment names its own.
ASSESSMENT_SEED = 1000


#: A short practice message after a decision (tone good, bad or info, and its words).
Toast = Moment


@dataclass
class Session:
    """One shift being played at the desk."""

    scenario_ref: str | Scenario
    seed: int
    mode: str = "practice"
    untimed: bool = False
    trainee: str | None = None
    journal_dir: Path | None = None
    #: A records-store attempt: every command is committed there before it is applied.
    attempt: Any = None
    #: True when a records-store attempt will be attached (a sitting): then the store is
    #: the only recorder and no journal file is written.
    recorded: bool = False
    #: Rubric overrides (an assessment's pass marks) used when scoring.
    overrides: dict[str, Any] | None = None
    #: Makes the next part of an assessment sitting (None when this is the last).
    next_part: Any = None
    shift: Shift = field(init=False)
    log: list[tuple[int, Command]] = field(default_factory=list)
    toasts: list[Toast] = field(default_factory=list)
    #: Why the clock is stopped (the reference card in practice, a tutorial step); empty
    #: while it runs.
    holds: set[str] = field(default_factory=set)
    _carry: float = 0.0
    #: Checks already praised with their reason (later praise for them is one line).
    _told: set[str] = field(default_factory=set)
    #: The expert's advice and the state it was asked about (see ``advice``).
    _advice: Command | None = None
    _advice_key: tuple[int, int] | None = None
    _advice_count: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        if isinstance(self.scenario_ref, Scenario):
            # A generated scenario (endless practice) has no file: hash its JSON instead.
            self.scenario = self.scenario_ref
            text = self.scenario.model_dump_json().encode()
            self.scenario_sha = hashlib.sha256(text).hexdigest()
        else:
            path = resolve_scenario_path(self.scenario_ref)
            self.scenario = load_scenario_file(path)
            self.scenario_sha = scenario_digest(path)
        self.expanded = expand(self.scenario, self.seed)
        self.shift = Shift(self.expanded)
        self._advisor = brief(ExpertBot(self.seed), self.expanded)
        self._journal_path: Path | None = None
        self._journal_header: dict[str, Any] | None = None
        self._desk_key: Any = None
        if self.mode == "assessment":
            from simulator.records.keys import load_desk_key

            # A missing or exposed key stops an assessment before it starts, not at the end.
            self._desk_key = load_desk_key()
            if not self.recorded and self.attempt is None:
                self._open_journal()  # the header is on disk before the first command

    # -- time ----------------------------------------------------------------------------

    def tick(self, real_seconds: float, speed: float = 1.0) -> None:
        """Let real time pass on the desk's clock (``engine.clock``).

        Real time while anyone waits for the trainee, fast-forward while the desk is idle.
        Nothing passes when untimed or while the clock is held.
        """
        if self.untimed or self.shift.ended or self.holds:
            return
        self._carry = advance_real(self.shift, real_seconds * speed, self._carry)
        if self.shift.ended:
            self._close_journal()

    @property
    def fast_forward(self) -> bool:
        """Whether the clock is fast-forwarding now (the desk is idle and the clock runs)."""
        return not (self.untimed or self.holds or self.shift.ended
                    or needs_trainee(self.shift))

    def hold(self, reason: str) -> None:
        """Stop the clock for ``reason`` (it runs again once every reason is released)."""
        self.holds.add(reason)

    def release(self, reason: str) -> None:
        """Release one reason the clock was held."""
        self.holds.discard(reason)

    def wait(self) -> None:
        """Skip ahead to the next thing that happens (at most a minute)."""
        target = max(self.shift.now + 1, min(self.shift.next_event_at(), self.shift.now + 60))
        self.shift.advance(target)
        if self.shift.ended:
            self._close_journal()

    def finish(self) -> None:
        """End the shift now (the rest of the time passes with nothing done)."""
        self.shift.finish()
        self._close_journal()

    # -- commands -------------------------------------------------------------------------

    def apply(self, command: Command) -> bool:
        """Apply a command, journal it, and make a practice toast from what it caused."""
        before = len(self.shift.outcomes)
        self.log.append((self.shift.now, command))
        if self.attempt is not None:
            self.attempt.record(command)  # committed before the trainee sees its effect
        ok = self.shift.apply(command)
        self._append_journal(self.log[-1])
        if self.mode == "practice":
            toast = moment_feedback(self.expanded, self.shift.outcomes, before,
                                    frozenset(self._told))
            if toast:
                self.toasts.append(toast)
                if toast.tone == "good" and toast.code:
                    self._told.add(toast.code)
        if self.untimed and not self.shift.ended:
            # Untimed practice: the clock moves only as fast as the work does.
            self.shift.advance(self.shift.now + (COSTS[command.type] if ok else 3))
        if self.shift.ended:
            self._close_journal()
        return ok

    def view(self) -> View:
        """What the trainee sees now."""
        return self.shift.view()

    def hint(self) -> str | None:
        """Practice hint: what an expert would do next, in words (None in assessment)."""
        if self.mode != "practice" or self.shift.ended:
            return None
        command = self.advice()
        return describe(command, self.shift.view()) if command else None

    def advice(self) -> Command | None:
        """The expert's next move at the desk as it stands now (None once the shift is over).

        The hint and the tutorial guide both read it. The expert is asked once per state of
        the shift: it remembers what it advised (a call it screened, a script it read), so
        asking twice about one moment would move it on. A refused command changes nothing
        at the desk, so it does not count as a new state.
        """
        if self.shift.ended:
            return None
        outcomes = self.shift.outcomes
        seen, effects = self._advice_count
        effects += sum(1 for o in outcomes[seen:] if o["kind"] != "CommandRejected")
        self._advice_count = (len(outcomes), effects)
        key = (self.shift.now, effects)
        if self._advice_key != key:
            commands = self._advisor.decide(self.shift.view())
            self._advice = commands[0] if commands else None
            self._advice_key = key
        return self._advice

    def scorecard(self):
        """Score the finished shift (once) and store the result in the trainee's progress."""
        if getattr(self, "_card", None) is None:
            from simulator.progress import ProgressStore
            from simulator.scoring import score_shift

            self._card = score_shift(self.shift, self.overrides)
            if self.mode in ("practice", "assessment"):
                ProgressStore().record(self.trainee, self.scenario.id,
                                       list(self.scenario.situations), self._card.overall,
                                       self._card.passed)
        return self._card

    # -- journal --------------------------------------------------------------------------

    def _open_journal(self) -> None:
        base = self.journal_dir or default_journal_dir()
        base.mkdir(parents=True, exist_ok=True)
        name = f"{self.expanded.scenario_id}-seed{self.seed}-{len(os.listdir(base)) + 1}.jsonl"
        self._journal_path = base / name
        header = journal.dumps(self.expanded, [], "", 0, scenario_sha256=self.scenario_sha,
                               meta={"mode": self.mode, "trainee": self.trainee})
        self._journal_header = json.loads(header.splitlines()[0])
        with self._journal_path.open("w", encoding="utf-8") as fh:
            fh.write(header.splitlines()[0] + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _append_journal(self, entry: tuple[int, Command]) -> None:
        if self._journal_path is None:
            return
        tick, command = entry
        line = json.dumps({"type": "command", "tick": tick,
                           "command": command.model_dump(mode="json")},
                          sort_keys=True, separators=(",", ":"))
        with self._journal_path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _close_journal(self) -> None:
        if self.attempt is not None and self.shift.ended and not getattr(self, "_signed", 0):
            self._signed = 1
            self.attempt.finish()  # replay, score, sign and store in one transaction
        if self._journal_path is None or not self.shift.ended:
            return
        from simulator.records.journal_seal import signed_trailer

        assert self._journal_header is not None
        trailer = signed_trailer(self._journal_header, self.log, len(self.shift.outcomes),
                                 self.shift.outcome_hash(), self._desk_key)
        with self._journal_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(trailer, sort_keys=True, separators=(",", ":")) + "\n")
        self._journal_path = None

    @property
    def journal_path(self) -> Path | None:
        """The assessment journal being written (None in practice)."""
        return self._journal_path


def default_journal_dir() -> Path:
    """Where assessment journals go (FRONTDESK_DATA_DIR overrides, for tests)."""
    from simulator.datadir import data_dir

    return data_dir() / "journals"


def bot_session(scenario_ref: str, seed: int, bot: str) -> tuple[Session, Any]:
    """A practice session plus the bot that will play it (for watch mode)."""
    session = Session(scenario_ref, seed, mode="watch")
    return session, brief(make_bot(bot, seed), session.expanded)


def describe(command: Command, view: View) -> str:
    """Put a command into plain words for a hint."""
    task = view.task(getattr(command, "task", "") or "")
    who = f" for {task.title}" if task else ""
    words = {
        "answer_call": f"Answer line {getattr(command, 'line', '')}",
        "hold_call": f"Put line {getattr(command, 'line', '')} on hold to screen the ringing line",
        "end_call": f"End the call on line {getattr(command, 'line', '')}",
        "transfer_call": f"Transfer line {getattr(command, 'line', '')} to "
                         f"{getattr(command, 'to', '')}",
        "acknowledge": f"Greet and give a wait time{who}",
        "check_identity": f"Check two identifiers{who}",
        "confirm_insurance": f"Compare the card with the record{who}",
        "flag_discrepancy": f"Something on the card differs from the record{who}",
        "request_preauth": f"This visit needs pre-authorization{who}",
        "check_referral": f"The plan needs a PCP referral for this visit{who}",
        "collect_copay": f"Collect the copay{who}",
        "check_in": f"Check in{who}",
        "schedule": f"Book the visit{who}",
        "reschedule": f"Move the visit{who}",
        "notify_patient": "Tell the patient their visit moved",
        "instruct_911": "These sound like emergency symptoms: read the 911 script",
        "call_emergency": ("Call 911 now" if getattr(command, "via", "") == "911"
                           else "Call the code now"),
        "safety_step": "Life safety first: " + (
            safety_step(command.step).label.lower() if isinstance(command, TakeSafetyStep)
            else ""),
        "move_bystanders": "Move the family and onlookers back",
        "silent_alarm": "Press the silent alarm",
        "switch_to_paper": "Switch to paper mode",
        "reconcile": "Enter the paper records now that the EHR is back",
        "call_support": f"Call {getattr(command, 'who', '')}",
        "reroute_calls": "Forward the lines to the office cell phone",
        "choose_reply": "Pick the reply that fits how upset they are",
        "verify_authority": "Check whether they are authorized before saying anything",
        "route": f"Route it to {getattr(command, 'to', '')}",
        "issue_estimate": "Self-pay: offer a Good Faith Estimate",
    }
    return words.get(command.type, command.type.replace("_", " ").capitalize())
