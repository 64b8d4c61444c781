"""Dialogue content rules: conversations react to mistakes, and family disclosure is taught right.

Covers the seven scenarios whose dialogues were rewritten for issue 14 (busy-monday,
privacy-traps, go-live-check, threatening-visitor, telehealth-day, calm-morning,
first-shift). The rules checked here:

* every dialogue branches on a mistake: a harmful reply jumps (``next:``) to a reaction beat
  that is not simply the next beat in the list, so the person answers what was said;
* every ``next:`` names a beat of the same dialogue, reaction beats are entered only by a
  jump (never by falling through from the beat above), and every path ends;
* no reply in a family or friend disclosure dialogue says written permission is needed:
  HIPAA (45 CFR 164.510(b)) accepts the patient's spoken agreement, and provider-to-provider
  disclosure (164.506(c)) needs no authorization at all (DOMAIN.md section 4);
* in threatening-visitor, de-escalation can fail despite good technique, and the best
  replies then end the talk with the person asked to leave and police called.
"""

from __future__ import annotations

import re

import pytest

from simulator.engine import commands as c
from simulator.engine.rules_dialogue import current_beat
from simulator.scenarios import load_scenario
from simulator.scenarios.dialogue import Beat, Choice, Dialogue
from tests.core.shifts import at, event_task, expanded, outcomes, shown_position, start

SCENARIOS = ("busy-monday", "privacy-traps", "go-live-check", "threatening-visitor",
             "telehealth-day", "calm-morning", "first-shift")

#: Dialogues in which someone asks about a patient on the strength of a family tie, a
#: friendship, or (dental office) being another provider: none of them needs a signed form.
FAMILY_DISCLOSURE = {
    "busy-monday": ("spouse-results",),
    "privacy-traps": ("wife-on-phone", "eob-mother", "daughter-at-desk"),
    "threatening-visitor": ("policyholder-parent",),
    "go-live-check": ("dental-office-caller",),
    "telehealth-day": ("roommate-wants-link",),
}

#: Wording that presents written or signed permission as what unlocks the disclosure.
WRITTEN_PERMISSION = re.compile(
    r"\b(written|signed)\s+(okay|ok|permission|consent|authori[sz]ation|release)\b"
    r"|\bsigns?\s+(a|the|an|our)\s+(form|release|authori[sz]ation)\b"
    r"|\bif\s+(she|he|they)\s+signs?\b"
    r"|\bsigned\s+\w*\s*(form|release)\s+on\s+file\b",
    re.IGNORECASE)


def _dialogues() -> list[tuple[str, Dialogue]]:
    return [(sid, d) for sid in SCENARIOS for d in load_scenario(sid).dialogues]


DIALOGUES = _dialogues()
IDS = [f"{sid}:{d.id}" for sid, d in DIALOGUES]


def _follows(choice: Choice) -> bool:
    """True when the engine carries the talk on after this reply.

    A critical reply always ends the conversation (the engine turns it into the person
    acting on it, or an escalation), so only a non-critical ``continue`` reply is followed.
    """
    return choice.then == "continue" and choice.meaning != "critical"


def _target(dialogue: Dialogue, index: int, choice: Choice) -> int | None:
    """The beat index the talk goes to after ``choice`` at beat ``index`` (None: it ends)."""
    if not _follows(choice):
        return None
    if choice.next:
        return [b.id for b in dialogue.beats].index(choice.next)
    return index + 1 if index + 1 < len(dialogue.beats) else None


def _jumps_on_mistake(dialogue: Dialogue) -> list[tuple[Beat, Choice]]:
    """Harmful or critical replies that jump somewhere other than the next beat."""
    ids = [b.id for b in dialogue.beats]
    out = []
    for i, beat in enumerate(dialogue.beats):
        default = ids[i + 1] if i + 1 < len(ids) else None
        for ch in beat.choices:
            if ch.meaning in ("harmful", "critical") and ch.next and ch.next != default \
                    and _follows(ch):
                out.append((beat, ch))
    return out


def _reaction_beats(dialogue: Dialogue) -> set[str]:
    return {ch.next for _, ch in _jumps_on_mistake(dialogue) if ch.next}


def claims_written_permission(text: str) -> bool:
    """True when a reply presents written or signed permission as the key to disclosure."""
    return bool(WRITTEN_PERMISSION.search(text))


@pytest.mark.parametrize(("sid", "dialogue"), DIALOGUES, ids=IDS)
def test_every_dialogue_branches_on_a_mistake(sid, dialogue):
    """A harmful reply leads to a beat where the person reacts, not to the next beat."""
    assert _jumps_on_mistake(dialogue), (
        f"{sid}: dialogue '{dialogue.id}' has no harmful reply with next: to a reaction beat")


@pytest.mark.parametrize(("sid", "dialogue"), DIALOGUES, ids=IDS)
def test_every_next_names_a_beat_of_the_same_dialogue(sid, dialogue):
    """A jump to a beat that does not exist would strand the conversation."""
    ids = {b.id for b in dialogue.beats}
    for beat in dialogue.beats:
        for ch in beat.choices:
            assert ch.next is None or ch.next in ids, (
                f"{sid}: '{dialogue.id}' beat '{beat.id}' jumps to unknown beat '{ch.next}'")


@pytest.mark.parametrize(("sid", "dialogue"), DIALOGUES, ids=IDS)
def test_reaction_beats_are_entered_only_by_a_jump(sid, dialogue):
    """Nobody falls into a reaction beat by list order, and a reaction never falls through.

    A reaction beat placed after the main line must not be reached from the beat above it
    by the default flow, and its own replies must say where they go (rejoin the main line
    or end), or the next beat in the list would play by accident.
    """
    reactions = _reaction_beats(dialogue)
    ids = [b.id for b in dialogue.beats]
    for i, beat in enumerate(dialogue.beats):
        for ch in beat.choices:
            t = _target(dialogue, i, ch)
            if t is not None and ids[t] in reactions:
                assert ch.next == ids[t], (
                    f"{sid}: '{dialogue.id}' beat '{beat.id}' falls into reaction beat "
                    f"'{ids[t]}' by list order")
        if beat.id in reactions:
            for ch in beat.choices:
                assert ch.next or not _follows(ch), (
                    f"{sid}: reaction beat '{beat.id}' has a reply with no next: or ending")


@pytest.mark.parametrize(("sid", "dialogue"), DIALOGUES, ids=IDS)
def test_every_beat_is_reachable_and_every_path_ends(sid, dialogue):
    """Walking every reply from the first beat reaches every beat and never loops."""
    seen: set[int] = set()

    def walk(i: int, trail: tuple[int, ...]) -> None:
        assert i not in trail, f"{sid}: '{dialogue.id}' loops back to '{dialogue.beats[i].id}'"
        seen.add(i)
        for ch in dialogue.beats[i].choices:
            t = _target(dialogue, i, ch)
            if t is not None:
                walk(t, (*trail, i))

    walk(0, ())
    missing = [b.id for j, b in enumerate(dialogue.beats) if j not in seen]
    assert not missing, f"{sid}: '{dialogue.id}' has unreachable beats {missing}"


@pytest.mark.parametrize(("sid", "dialogue"), DIALOGUES, ids=IDS)
def test_each_reaction_offers_a_way_back(sid, dialogue):
    """A reaction beat lets the trainee recover: a sound reply rejoins the talk or ends it well."""
    ids = [b.id for b in dialogue.beats]
    reactions = _reaction_beats(dialogue)
    for beat in dialogue.beats:
        if beat.id not in reactions:
            continue
        recover = [ch for ch in beat.choices if ch.meaning in ("best", "good")
                   and ((ch.next and ch.next not in reactions and ch.next in ids)
                        or ch.then in ("resolved", "asked_to_leave"))]
        assert recover, f"{sid}: reaction beat '{beat.id}' offers no way to recover"


@pytest.mark.parametrize(
    ("sid", "dialogue_id"),
    [(sid, did) for sid, dids in FAMILY_DISCLOSURE.items() for did in dids])
def test_no_family_disclosure_reply_claims_written_permission_is_required(sid, dialogue_id):
    """Family, friends and other providers are not told a signed form is what the law needs."""
    dialogue = next(d for d in load_scenario(sid).dialogues if d.id == dialogue_id)
    for beat in dialogue.beats:
        for ch in beat.choices:
            assert not claims_written_permission(ch.text), (
                f"{sid}: '{dialogue_id}' beat '{beat.id}' says written permission is needed: "
                f"{ch.text!r}")


@pytest.mark.parametrize("text", [
    "For privacy I can't discuss any patient's information unless she's given us written "
    "permission.",
    "I'm not able to share anything without his signed okay on file.",
    "If she signs a form naming you, we can talk anytime.",
    "I understand. Here's the authorization form; if they sign it, we can include you.",
    "She'd need to give written permission. Have her call us.",
])
def test_the_written_permission_check_catches_the_old_wording(text):
    """The check flags the wording these dialogues used before (so it can fail)."""
    assert claims_written_permission(text)


@pytest.mark.parametrize("text", [
    "She doesn't need to sign anything: if she tells us it's okay, even by phone, we'll note it.",
    "If he calls us, even on speaker with you beside him, and says it's okay, we can talk.",
])
def test_the_written_permission_check_accepts_a_spoken_okay(text):
    """Replies that teach the spoken okay are not flagged."""
    assert not claims_written_permission(text)


def _best_path(dialogue: Dialogue) -> list[Choice]:
    """The replies a trainee giving the first 'best' reply at every beat would give."""
    path, i = [], 0
    while i is not None:
        ch = next(ch for ch in dialogue.beats[i].choices if ch.meaning == "best")
        path.append(ch)
        i = _target(dialogue, i, ch)
    return path


def test_threatening_visitor_can_fail_despite_good_technique():
    """The best replies still end with the visitor asked to leave and police called."""
    dialogue = next(d for d in load_scenario("threatening-visitor").dialogues
                    if d.id == "looking-for-her")
    path = _best_path(dialogue)
    assert path[-1].then == "asked_to_leave"
    assert any(ch.action == "call_police" for ch in path)


def test_the_best_replies_to_the_visitor_end_with_police_called_in_the_engine():
    """Played through the engine, the best path records 911 and an asked-to-leave ending."""
    x = expanded("threatening-visitor")
    spec = at(event_task(x, "looking-for-her"), 10)
    shift = start(x, spec)
    shift.advance(12)
    while current_beat(shift, shift.tasks[spec.id]) is not None:
        best = shown_position(shift, spec.id, lambda ch: ch["meaning"] == "best")
        assert shift.apply(c.ChooseReply(task=spec.id, choice=best))
    ended = outcomes(shift, "ConversationEnded", spec.id)
    assert ended and ended[0]["result"] == "asked_to_leave"
    assert [o for o in outcomes(shift, "EmergencyCalled", spec.id) if o["via"] == "911"]


def test_a_harmful_reply_is_answered_and_the_talk_rejoins():
    """The husband told 'nothing I can do' says so; recovering brings the main line back."""
    x = expanded("busy-monday")
    spec = at(event_task(x, "spouse-results"), 10)
    shift = start(x, spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    state = shift.tasks[spec.id]
    harmful = shown_position(shift, spec.id, lambda ch: ch["meaning"] == "harmful")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=harmful))
    beat = current_beat(shift, state)
    assert beat is not None and beat["id"] == "nothing-you-can-do"
    assert "nothing you can do" in beat["says"].lower()
    best = shown_position(shift, spec.id, lambda ch: ch["meaning"] == "best")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=best))
    beat = current_beat(shift, state)
    assert beat is not None and beat["id"] == "i-have-her-birthday"
