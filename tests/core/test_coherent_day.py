"""A coherent day: who calls, what they book, how they greet, what they are called, and
the generator parts of dialogues that react (vague red flags, referral medicine lists)."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest

from simulator.bots import skills
from simulator.engine import commands as c
from simulator.engine import names
from simulator.engine.expand import expand
from simulator.engine.kin import fit_for, speaks_for_self
from simulator.engine.people import is_new_patient_type
from simulator.engine.phrases import CALLS, INBOX, RED_FLAGS, WALK_IN_REASONS, time_words
from simulator.model import ExpandedShift
from simulator.protocol import CALL_AGAIN_AFTER
from simulator.scenarios import load_scenario, shipped_scenarios
from simulator.scenarios.endless import (
    CRISIS_SITUATIONS,
    TEMPLATE_CLINIC,
    _forms,
    build_endless,
)
from simulator.scenarios.lint import (
    CRISIS_BUDGET,
    british_terms,
    coherence_problems,
    crisis_warnings,
)
from simulator.yamlio import read_yaml_file
from tests.core.shifts import event_task, last_rejection, outcomes, start

#: Generated-content scenarios with the most generated calls and several locales.
BUSY = ("busy-monday", "go-live-check", "waiting-room-collapse", "insurance-heavy-day")
SEEDS = (1, 2, 3, 4)


@cache
def _pack():
    return [load_scenario(p.stem) for p in shipped_scenarios()]


@cache
def _shift(sid: str, seed: int) -> ExpandedShift:
    return expand(load_scenario(sid), seed)


def _clock(x: ExpandedShift, tick: int) -> int:
    return (x.start_clock + tick) // 60


def _in_building(x: ExpandedShift) -> dict[str, list[tuple[int, int]]]:
    """From the shift's own tasks: when each patient is at the clinic."""
    slots = {s.id: s for s in x.slots}
    out: dict[str, list[tuple[int, int]]] = {}
    for t in x.tasks:
        if t.kind == "checkin" and t.patient_id:
            slot = slots[t.request["slot"]]
            out.setdefault(t.patient_id, []).append(
                (t.at, slot.start + slot.minutes * 60))
        elif t.kind == "walk_in" and t.patient_id and t.event_id is None:
            out.setdefault(t.patient_id, []).append((t.at, t.at + 60 * 60))
    return out


@pytest.mark.parametrize("sid", BUSY)
def test_nobody_phones_while_sitting_in_the_waiting_room(sid):
    """No generated caller is someone who is at the clinic for their visit at that moment."""
    for seed in SEEDS:
        x = _shift(sid, seed)
        here = _in_building(x)
        for t in x.tasks:
            if t.channel != "phone" or not t.patient_id:
                continue
            spans = here.get(t.patient_id, [])
            assert not any(a <= t.at < b for a, b in spans), (sid, seed, t.id, t.words)


@pytest.mark.parametrize("sid", BUSY)
def test_a_patient_seen_today_never_books_a_new_patient_visit(sid):
    """After checking in for an established visit, nobody phones to book as a new patient."""
    for seed in SEEDS:
        x = _shift(sid, seed)
        types = {k: v["name"] for k, v in x.appointment_types.items()}
        slots = {s.id: s for s in x.slots}
        seen: dict[str, int] = {}
        for t in x.tasks:
            if t.kind == "checkin" and not is_new_patient_type(
                    slots[t.request["slot"]].type_id):
                seen[t.patient_id] = min(seen.get(t.patient_id, t.at), t.at)
        for t in x.tasks:
            if t.kind != "call" or t.request.get("call_type") != "scheduling":
                continue
            visit = t.request.get("appointment_type")
            if t.patient_id in seen and seen[t.patient_id] < t.at:
                assert not is_new_patient_type(visit, types[visit]), (sid, seed, t.words)
            if t.truth.get("established"):
                assert not is_new_patient_type(visit, types[visit]), (sid, seed, t.words)


def test_calls_booked_days_ahead_never_ask_for_a_same_day_visit():
    """A caller booking ten business days out is not asking for a same-day sick visit."""
    for sid in BUSY:
        for seed in SEEDS:
            x = _shift(sid, seed)
            for t in x.tasks:
                if t.event_id is None and t.request.get("call_type") == "scheduling":
                    name = x.appointment_types[t.request["appointment_type"]]["name"]
                    assert "same-day" not in name.lower(), t.words


@pytest.mark.parametrize("sid", BUSY + ("calm-morning", "first-week-scheduling"))
def test_greetings_and_mealtimes_fit_the_hour(sid):
    """No 'good morning' after noon, no 'good afternoon' before it, no unfilled field."""
    for seed in SEEDS:
        x = _shift(sid, seed)
        for t in x.tasks:
            words = t.words.lower()
            minute = _clock(x, t.at)
            assert "{" not in t.words, t.words
            if "good morning" in words:
                assert minute < 12 * 60, (minute, t.words)
            if "good afternoon" in words and t.event_id is None:
                assert 12 * 60 <= minute < 17 * 60, (minute, t.words)
            if t.event_id is None and "since lunch" in words:
                assert minute >= 12 * 60 + 30, (minute, t.words)


def test_time_words_follow_the_clock():
    """The time words change at noon and at five."""
    assert time_words(9 * 60)["greeting"] == "Good morning"
    assert time_words(14 * 60)["greeting"] == "Good afternoon"
    assert time_words(17 * 60 + 30)["greeting"] == "Good evening"
    assert time_words(9 * 60)["meal"] == "breakfast"
    assert time_words(15 * 60)["later"] == "later today"


def test_vietnamese_names_are_vietnamese():
    """A vi_VN patient has a Vietnamese family, middle and given name, never John or Jane."""
    scn = load_scenario("busy-monday")
    scn = scn.model_copy(update={"patients": scn.patients.model_copy(
        update={"locales": ["vi_VN"]})})
    x = expand(scn, 5)
    assert len(x.patients) > 20
    given = set(names.VI_GIVEN_F + names.VI_GIVEN_M)
    for p in x.patients:
        family, middle, first = p.name.split()
        assert family in names.VI_FAMILY and first in given, p.name
        assert middle in names.VI_MIDDLE_F + names.VI_MIDDLE_M, p.name
        assert "John" not in p.name and "Jane" not in p.name
    # The caller goes by the given name: "Hi, this is Lan", not "this is Nguyễn".
    for t in x.tasks:
        if t.kind == "call" and t.patient_id and "this is " in t.words:
            patient = next(p for p in x.patients if p.id == t.patient_id)
            spoken = t.words.split("this is ")[1].split(".")[0]
            assert spoken == patient.name.split()[-1], (spoken, patient.name)


def test_es_mx_family_names_are_spelled_right():
    """Faker's misspelled 'Rodríquez' never reaches a patient."""
    assert names.mend("es_MX", "Rodríquez") == "Rodríguez"
    for seed in SEEDS:
        for p in _shift("busy-monday", seed).patients:
            assert "Rodríquez" not in p.name and "Villareal" not in p.name


def test_the_ui_font_draws_vietnamese_diacritics():
    """The Noto Sans the UI uses has every letter of the Vietnamese name lists."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or spec.origin is None:
        pytest.skip("pygame_gui not installed")
    font = Path(spec.origin).parent / "data" / "NotoSans-Regular.ttf"
    cmap = ttlib.TTFont(str(font)).getBestCmap()
    letters = set("".join(names.VI_FAMILY + names.VI_MIDDLE_F + names.VI_MIDDLE_M
                          + names.VI_GIVEN_F + names.VI_GIVEN_M))
    assert not [ch for ch in letters if ord(ch) not in cmap]


def test_a_dialogue_about_a_relative_is_attached_to_someone_who_fits():
    """The daughter's 'dad' is an older man; the mother's 'son is twenty' is about 20."""
    x = _shift("busy-monday", 1)
    stroke = event_task(x, "stroke-call")
    dad = next(p for p in x.patients if p.id == stroke.patient_id)
    assert int(dad.dob[:4]) <= 1966
    for seed in SEEDS:
        x = _shift("privacy-traps", seed)
        task = next(t for t in x.tasks if t.dialogue_id == "eob-mother")
        son = next(p for p in x.patients if p.id == task.patient_id)
        assert 2005 <= int(son.dob[:4]) <= 2006


def test_a_task_title_says_who_speaks_when_it_is_not_the_patient():
    """An upset parent about a child's visit is titled as the parent, not 'Upset patient'."""
    x = _shift("waiting-room-collapse", 1)
    titles = [t.title for t in x.tasks if t.kind == "angry_patient"]
    assert any(title.startswith("Upset parent") for title in titles), titles
    assert speaks_for_self("patient of the absent doctor")
    assert not speaks_for_self("caller (the patient's daughter)")
    assert fit_for("caller who says she is a patient's wife", "My husband saw").sex == "m"
    assert fit_for("caller who says he is a patient's husband", "about my wife").sex == "f"
    for seed in SEEDS:
        x = _shift("busy-monday", seed)
        wife = next(p for p in x.patients if p.id == event_task(x, "spouse-results").patient_id)
        assert _is_female(x, wife.name), wife.name


def _is_female(x: ExpandedShift, name: str) -> bool:
    """Whether a generated name is a woman's (Vietnamese given name, or Faker's lists)."""
    from faker import Faker

    parts = name.split()
    if len(parts) == 3 and parts[0] in names.VI_FAMILY:
        return parts[2] in names.VI_GIVEN_F
    for locale in load_scenario(x.scenario_id).patients.locales:
        for provider in Faker(locale).providers:
            if parts[0] in getattr(provider, "first_names_female", ()):
                return True
    return False


def test_red_flags_include_vague_and_atypical_callers():
    """Vague changes in a person and heart attacks without chest pain are on the list."""
    stroke = " ".join(RED_FLAGS["stroke_signs"]).lower()
    assert "not himself" in stroke and "making sense" in stroke
    atypical = [w for w in RED_FLAGS["chest_pain"] if "chest" not in w.lower()]
    assert len(atypical) >= 2
    assert any("back" in w or "shoulder blades" in w for w in atypical)
    assert any("breath" in w or "winded" in w for w in atypical)
    for phrases in RED_FLAGS.values():
        for words in phrases:
            assert skills.hears_red_flag(words), words
    for phrases in CALLS.values():
        for words in phrases:
            assert not skills.hears_red_flag(words), words
    for words in WALK_IN_REASONS:
        assert not skills.hears_red_flag(words), words


def test_every_referral_lists_medicines_so_a_list_is_not_the_tell():
    """Routine referrals carry medicine lists too, and they still go to scheduling."""
    listed = routine = 0
    for sid in BUSY:
        for seed in SEEDS:
            for t in _shift(sid, seed).tasks:
                if t.kind != "inbox" or t.request.get("item") != "referral":
                    continue
                assert "Current medications:" in t.words, t.words
                listed += 1
                if not t.truth.get("conflict") and t.request.get("medications"):
                    routine += 1
                    assert t.truth["route"] == "scheduling"
                    assert not any(m in " ".join(t.request["medications"])
                                   for m in skills.HIGH_ALERT_MEDS)
    assert listed and routine


def test_generated_text_is_us_english():
    """Phrase banks and every generated task's words have no British forms."""
    banks = [w for v in CALLS.values() for w in v] + [w for v in RED_FLAGS.values() for w in v]
    banks += list(WALK_IN_REASONS) + [text for v in INBOX.values() for text, _ in v]
    for words in banks:
        assert not british_terms(words), words
    for sid in BUSY:
        x = _shift(sid, 1)
        for t in x.tasks:
            if t.dialogue_id is None:
                assert not british_terms(t.words), t.words


def test_the_lint_finds_british_forms():
    """Mum, car park, lift, rota, queue and colour are flagged; US forms and ids are not."""
    hits = [w.lower() for w, _ in british_terms(
        "Your Mum parked in the car park, took the lift, checked the rota, joined the queue "
        "and liked the colour of your mobile.")]
    assert hits == ["mum", "car park", "the lift", "rota", "the queue", "colour",
                    "your mobile"]
    assert not british_terms("Mom parked in the parking lot, took the elevator, checked the "
                             "schedule, waited in line, and can't lift her arm. Call my "
                             "mobile phone. Check the work queue. The visit was cancelled.")


def test_scenario_validate_reports_british_english_at_its_line(tmp_path, capsys):
    """`scenario validate` names the file and line of a British form and fails."""
    from simulator.cli import main
    from tests.content.test_bad_input import MINIMAL

    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL.replace("briefing: A very small clinic.",
                                    "briefing: >-\n  A very small clinic.\n  Mum waits in "
                                    "the car park."))
    assert main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:" in err and "'Mum'" in err and "Mom" in err
    assert f"{path}:5:" in err and "'car park'" in err


def test_a_core_day_is_not_every_crisis_at_once():
    """Every shipped day keeps its tier's crisis budget; a core day with two is flagged."""
    path = Path(shipped_scenarios()[0]).parent / "busy-monday.yaml"
    _, pos = read_yaml_file(path)
    busy = load_scenario("busy-monday")
    assert not crisis_warnings(busy, pos)
    collapse = next(ev for ev in load_scenario("waiting-room-collapse").events
                    if ev.kind == "medical_emergency")
    crowded = busy.model_copy(update={"events": [*busy.events, collapse]})
    found = crisis_warnings(crowded, pos)
    assert any("at most 1 clinic-wide" in p.message for p in found)
    for scn in _pack():
        assert not crisis_warnings(scn, pos), scn.id


def test_a_greeting_that_does_not_fit_its_event_time_is_flagged():
    """'Good morning' in a dialogue whose event is at 14:00 is reported at its line."""
    scn = load_scenario("calm-morning")
    dlg = scn.dialogues[0]
    beat = dlg.beats[0].model_copy(update={"says": "Good morning! " + dlg.beats[0].says})
    ev = next(e for e in scn.events if getattr(e, "dialogue", None) == dlg.id)
    late = scn.model_copy(update={
        "dialogues": [dlg.model_copy(update={"beats": [beat, *dlg.beats[1:]]})],
        "events": [ev.model_copy(update={"at": "14:00"})]})
    _, pos = read_yaml_file(Path(shipped_scenarios()[0]).parent / "calm-morning.yaml")
    found = coherence_problems(late, pos)
    assert [p.message for p in found] == ["'good morning' at 14:00"]
    early = late.model_copy(update={"events": [ev.model_copy(update={"at": "09:30"})]})
    assert not coherence_problems(early, pos)


@pytest.mark.parametrize("difficulty", [1, 2, 3, 4, 5])
def test_endless_crisis_density_follows_its_tier(difficulty):
    """Endless practice up to difficulty 3 is a core day with at most one crisis."""
    for seed in range(25):
        scn = build_endless(_pack(), difficulty, seed)
        assert scn.tier == ("core" if difficulty <= 3 else "crisis")
        crises = [s for s in scn.situations if s in CRISIS_SITUATIONS]
        assert len(crises) <= CRISIS_BUDGET[scn.tier], (seed, scn.situations)


def test_endless_dialogues_name_only_its_own_clinicians():
    """A reused dialogue never names a clinician of the scenario it came from."""
    ours = {form for p in TEMPLATE_CLINIC["providers"] for form in _forms(p["title"])}
    theirs = {p.title for scn in _pack() for p in scn.clinic.providers} - ours
    theirs |= {_forms(p.title)[1] for scn in _pack() for p in scn.clinic.providers
               if not p.title.startswith("Dr. ")} - ours
    for difficulty in (1, 3, 5):
        for seed in range(20):
            scn = build_endless(_pack(), difficulty, seed)
            text = json.dumps([d.model_dump(mode="json") for d in scn.dialogues])
            leaked = [n for n in theirs if re.search(rf"\b{re.escape(n)}\b", text)]
            assert not leaked, (difficulty, seed, leaked)


def test_new_patient_visits_are_thirty_to_sixty_minutes():
    """DOMAIN.md section 10: new-patient visits run 30-60 minutes, in endless practice too."""
    template = {t["id"]: t["minutes"] for t in TEMPLATE_CLINIC["appointment_types"]}
    assert 30 <= template["new-patient"] <= 60
    for scn in _pack():
        for t in scn.clinic.appointment_types:
            if is_new_patient_type(t.id, t.name):
                assert 30 <= t.minutes <= 60, (scn.id, t.id, t.minutes)


def _callout_with_voicemail():
    for seed in range(1, 30):
        x = _shift("busy-monday", seed) if seed <= 4 else expand(load_scenario("busy-monday"),
                                                                 seed)
        callout = event_task(x, "lindqvist-out")
        if callout.truth.get("no_answer"):
            return x, callout
    raise AssertionError("no call-out patient ever lets the call go to voicemail")


def test_a_callout_patient_who_does_not_answer_gets_a_voicemail_then_a_second_call():
    """No answer: a voicemail (not yet told), no redial at once, reached on a later call."""
    x, callout = _callout_with_voicemail()
    slot_id = callout.truth["no_answer"][0]
    system = next(s for s in x.systems if s.kind == "clinician_callout")
    callout = callout.model_copy(update={"at": 0})
    shift = start(x, callout, systems=[system.model_copy(update={"at": 0})])
    shift.advance(5)
    assert shift.apply(c.Reschedule(task=callout.id, appointment=slot_id,
                                    provider="dr-lindqvist", days_out=1))
    shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
    left = outcomes(shift, "PatientNotified", callout.id)
    assert [o["voicemail"] for o in left] == [True]
    assert slot_id not in shift.tasks[callout.id].notes.get("notified", set())
    assert shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id)) is False
    assert "try this patient later" in last_rejection(shift)
    shift.advance(5 + CALL_AGAIN_AFTER)
    assert shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
    assert [o["voicemail"] for o in outcomes(shift, "PatientNotified", callout.id)] == [
        True, False]


def test_a_voicemail_alone_does_not_earn_the_notification():
    """Scoring counts a patient as told only once a call reached them."""
    from simulator.scoring import score_shift

    x, callout = _callout_with_voicemail()
    slot_id = callout.truth["no_answer"][0]
    system = next(s for s in x.systems if s.kind == "clinician_callout")
    callout = callout.model_copy(update={"at": 0, "request": {**callout.request,
                                                              "slots": [slot_id]}})
    results = []
    for second_call in (False, True):
        shift = start(x, callout, systems=[system.model_copy(update={"at": 0})])
        shift.advance(5)
        shift.apply(c.Reschedule(task=callout.id, appointment=slot_id,
                                 provider="dr-lindqvist", days_out=1))
        shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
        if second_call:
            shift.advance(5 + CALL_AGAIN_AFTER)
            shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
        shift.finish()
        results.append(score_shift(shift).overall)
    assert results[1] > results[0]


def test_cancelling_a_called_out_visit_without_rebooking_costs():
    """A call-out visit cancelled instead of moved leaves the patient with no visit: it
    scores below moving it."""
    from simulator.scoring import score_shift

    x = _shift("busy-monday", 1)
    callout = event_task(x, "lindqvist-out")
    answered = [s for s in callout.request["slots"] if s not in callout.truth["no_answer"]]
    slot_id = answered[0]
    system = next(s for s in x.systems if s.kind == "clinician_callout")
    callout = callout.model_copy(update={"at": 0, "request": {**callout.request,
                                                              "slots": [slot_id]}})
    scores = []
    for cancel in (True, False):
        shift = start(x, callout, systems=[system.model_copy(update={"at": 0})])
        shift.advance(5)
        if cancel:
            shift.apply(c.Cancel(task=callout.id, appointment=slot_id))
        else:
            shift.apply(c.Reschedule(task=callout.id, appointment=slot_id,
                                     provider="dr-lindqvist", days_out=1))
        shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
        shift.finish()
        scores.append(score_shift(shift).overall)
    assert scores[0] < scores[1]


def test_callers_are_adults_and_child_visits_are_for_children():
    """Nobody under 18 phones about their own care; a well-child check is for a child."""
    for sid in ("clinician-out", "waiting-room-collapse", "busy-monday"):
        for seed in SEEDS:
            x = _shift(sid, seed)
            born = {p.id: int(p.dob[:4]) for p in x.patients}
            for t in x.tasks:
                if t.channel == "phone" and t.event_id is None and t.patient_id:
                    assert born[t.patient_id] <= 2007, (sid, seed, t.words)
            for slot in x.slots:
                if slot.patient_id and slot.type_id in ("well-child", "sports-physical"):
                    assert born[slot.patient_id] >= 2010, (sid, seed, slot.id)
