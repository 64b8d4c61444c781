"""Seven scenarios' dialogues react to mistakes, and "authorization hold" keeps one meaning.

The dialogues of billing-dispute, insurance-heavy-day, clinician-out, ehr-downtime,
first-week-scheduling, power-outage and waiting-room-collapse each branch on a harmful reply
to a beat where the person answers what was said, and every such reaction beat lets the
trainee recover. "Authorization hold" is the article's term for a short pause on a patient's
account (the engine's billing or statement hold), never a service waiting for the payer's
prior authorization (DOMAIN.md section 5).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.engine.rules_dialogue import CRITICAL_ENDING
from simulator.resources import data_dir, scenarios_dir
from simulator.scenarios import load_scenario_file, shipped_scenarios
from simulator.scenarios.dialogue import Beat, Choice, Dialogue
from simulator.yamlio import read_yaml_file

FILES = ["billing-dispute", "insurance-heavy-day", "clinician-out", "ehr-downtime",
         "first-week-scheduling", "power-outage", "waiting-room-collapse"]

DIALOGUES: list[tuple[str, Dialogue]] = [
    (name, dlg) for name in FILES
    for dlg in load_scenario_file(scenarios_dir() / f"{name}.yaml").dialogues]
IDS = [f"{name}:{dlg.id}" for name, dlg in DIALOGUES]


def _default_next(dlg: Dialogue, i: int) -> str | None:
    return dlg.beats[i + 1].id if i + 1 < len(dlg.beats) else None


def _ends(choice: Choice) -> bool:
    """True when the engine ends the talk on this reply (an ending, or any critical reply).

    A critical reply the author let continue is turned into the person acting on it or the
    situation escalating (``CRITICAL_ENDING``), so its ``next:`` is never followed.
    """
    if choice.then != "continue":
        return True
    return choice.meaning == "critical" and (choice.violation or "") in CRITICAL_ENDING


def _successor(dlg: Dialogue, i: int, choice: Choice) -> str | None:
    """The beat the engine goes to after ``choice`` at beat ``i`` (None: the talk ends)."""
    if _ends(choice):
        return None
    return choice.next or _default_next(dlg, i)


def _branches(dlg: Dialogue) -> Iterator[tuple[int, Choice]]:
    """Harmful or critical replies the engine follows to a beat other than the next one."""
    for i, beat in enumerate(dlg.beats):
        for choice in beat.choices:
            if (choice.meaning in ("harmful", "critical") and choice.next is not None
                    and not _ends(choice) and choice.next != _default_next(dlg, i)):
                yield i, choice


def _main_line(dlg: Dialogue) -> set[str]:
    """The beats a trainee giving the first best reply at each beat passes through."""
    seen: list[str] = []
    i: int | None = 0
    while i is not None and dlg.beats[i].id not in seen:
        seen.append(dlg.beats[i].id)
        choices = dlg.beats[i].choices
        best = min((c for c in choices if c.meaning in ("best", "good")),
                   key=lambda c: c.meaning != "best")
        nxt = _successor(dlg, i, best)
        i = next((j for j, b in enumerate(dlg.beats) if b.id == nxt), None)
    return set(seen)


def _reaction_beats(dlg: Dialogue) -> set[str]:
    """Beats off the main line that a harmful or critical reply leads to."""
    main = _main_line(dlg)
    return {choice.next for _, choice in _branches(dlg) if choice.next and choice.next not in main}


def _beat(dlg: Dialogue, beat_id: str) -> Beat:
    return next(b for b in dlg.beats if b.id == beat_id)


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_dialogue_branches_on_a_harmful_reply(name: str, dlg: Dialogue) -> None:
    """At least one harmful or critical reply leads to a beat of its own, off the main line."""
    assert _reaction_beats(dlg), (
        f"{name}: dialogue '{dlg.id}' never branches on a harmful or critical reply")


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_every_next_names_a_beat_of_its_dialogue(name: str, dlg: Dialogue) -> None:
    """A ``next:`` points at a beat id of the same dialogue."""
    ids = {b.id for b in dlg.beats}
    for beat in dlg.beats:
        for choice in beat.choices:
            assert choice.next is None or choice.next in ids, (
                f"{name}: {dlg.id}/{beat.id}: next '{choice.next}' is not a beat")


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_no_reply_falls_off_the_end(name: str, dlg: Dialogue) -> None:
    """Every reply either goes to a beat or ends the talk on purpose (``then:``).

    A reaction beat sits after the main line, so a reply there that neither jumps back nor
    ends would drop out of the dialogue with an ending nobody wrote.
    """
    for i, beat in enumerate(dlg.beats):
        for choice in beat.choices:
            assert _ends(choice) or _successor(dlg, i, choice) is not None, (
                f"{name}: {dlg.id}/{beat.id}: '{choice.text[:40]}' falls off the end")


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_a_sound_reply_never_falls_into_a_reaction_beat(name: str, dlg: Dialogue) -> None:
    """A best or good reply never leads to a beat written as the answer to a mistake."""
    reactions = _reaction_beats(dlg)
    for i, beat in enumerate(dlg.beats):
        for choice in beat.choices:
            if choice.meaning in ("best", "good"):
                assert _successor(dlg, i, choice) not in reactions, (
                    f"{name}: {dlg.id}/{beat.id}: a {choice.meaning} reply goes to the "
                    f"reaction beat '{_successor(dlg, i, choice)}'")


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_a_reaction_beat_lets_the_trainee_recover(name: str, dlg: Dialogue) -> None:
    """Each reaction beat offers a best reply that rejoins the main line or ends it well."""
    reactions = _reaction_beats(dlg)
    for beat_id in reactions:
        beat = _beat(dlg, beat_id)
        i = dlg.beats.index(beat)
        recover = [c for c in beat.choices if c.meaning == "best" and (
            c.then == "resolved" or (not _ends(c) and _successor(dlg, i, c) not in reactions))]
        assert recover, f"{name}: {dlg.id}/{beat_id} offers no way back"


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_every_beat_is_reachable(name: str, dlg: Dialogue) -> None:
    """Walking every reply from the first beat reaches every beat."""
    seen, todo = {dlg.beats[0].id}, [0]
    index = {b.id: i for i, b in enumerate(dlg.beats)}
    while todo:
        i = todo.pop()
        for choice in dlg.beats[i].choices:
            nxt = _successor(dlg, i, choice)
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                todo.append(index[nxt])
    assert seen == set(index), f"{name}: {dlg.id}: unreachable {set(index) - seen}"


@pytest.mark.parametrize(("name", "dlg"), DIALOGUES, ids=IDS)
def test_a_declared_stage_is_one_its_best_reply_fits(name: str, dlg: Dialogue) -> None:
    """Where a beat names the stage its behaviour shows, the best reply is right for it."""
    for beat in dlg.beats:
        if beat.stage is not None:
            assert any(beat.stage in c.fits for c in beat.choices if c.meaning == "best"), (
                f"{name}: {dlg.id}/{beat.id}: no best reply fits stage {beat.stage}")


def test_reaction_beats_declare_the_stage_their_behaviour_shows() -> None:
    """A person answering a mistake is read by behaviour, not by the agitation sum."""
    for name, dlg in DIALOGUES:
        for beat_id in _reaction_beats(dlg):
            assert _beat(dlg, beat_id).stage is not None, f"{name}: {dlg.id}/{beat_id}"


# --- "Authorization hold": one meaning --------------------------------------------------------
HOLD = re.compile(r"authori[sz]ation hold", re.IGNORECASE)
PAYER_APPROVAL = re.compile(r"prior[- ]authori[sz]ation|pre-?authori[sz]ation|approv",
                            re.IGNORECASE)
STANDARD = re.compile(r"billing hold|statement hold", re.IGNORECASE)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _shipped_texts() -> list[tuple[str, str]]:
    files = [*shipped_scenarios(), data_dir("curriculum") / "glossary.yaml"]
    return [(path.name, text) for path in files for text in _strings(read_yaml_file(path)[0])]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())) if s]


def test_authorization_hold_is_never_the_payers_approval() -> None:
    """No shipped sentence uses "authorization hold" for a service waiting on prior auth."""
    for name, text in _shipped_texts():
        for sentence in _sentences(text):
            if HOLD.search(sentence):
                assert not PAYER_APPROVAL.search(sentence), f"{name}: {sentence}"


def test_scenarios_say_the_standard_words_beside_the_articles_term() -> None:
    """Where a scenario says "authorization hold", it also says billing or statement hold."""
    for path in shipped_scenarios():
        for text in _strings(read_yaml_file(path)[0]):
            if HOLD.search(text):
                assert STANDARD.search(text), f"{path.name}: {text[:80]}"


def test_the_glossary_entry_teaches_one_meaning_with_the_standard_words() -> None:
    """The article's term, marked as such, with billing/statement hold, prior auth and cards."""
    terms, _ = read_yaml_file(data_dir("curriculum") / "glossary.yaml")
    entry = next(t for t in terms["terms"] if t["id"] == "authorization-hold")
    assert entry["source"] == "article"
    assert {"billing hold", "statement hold"} <= {a.lower() for a in entry.get("aliases", [])}
    definition = " ".join(entry["definition"].split()).lower()
    assert "article" in definition and "account" in definition
    assert "billing hold" in definition and "statement hold" in definition
    assert "pending prior authorization" in definition
    assert "card" in definition
    assert STANDARD.search(entry["example"]) and not PAYER_APPROVAL.search(entry["example"])


def test_the_therapy_call_says_pending_prior_authorization() -> None:
    """The caller whose therapy waits on the payer hears the standard words, not the hold."""
    scn = load_scenario_file(scenarios_dir() / "insurance-heavy-day.yaml")
    dlg = next(d for d in scn.dialogues if d.id == "hold-on-therapy")
    words = " ".join([b.says for b in dlg.beats] + [c.text for b in dlg.beats
                                                     for c in b.choices])
    assert "pending prior authorization" in words.lower()
    assert not HOLD.search(words)


def test_the_engines_hold_is_still_placed_for_both_account_notes() -> None:
    """The two account-note events keep the engine's ``auth_hold`` problem id."""
    for name, event_id in (("billing-dispute", "balance-review-hold"),
                           ("insurance-heavy-day", "account-hold")):
        scn = load_scenario_file(scenarios_dir() / f"{name}.yaml")
        event = next(e for e in scn.events if e.id == event_id)
        assert getattr(event, "problem", None) == "auth_hold"
        assert event.note is not None and STANDARD.search(event.note)
