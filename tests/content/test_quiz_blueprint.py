"""The quiz as a readiness check: blueprint draw, shuffling, self-ratings apart, the tells
lint, the cut score and the Ready / Not yet call, and quiz results per trainee."""

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from fractions import Fraction

import pytest

from simulator.cli import main
from simulator.curriculum import load_curriculum
from simulator.curriculum.models import NHA_WEIGHTS
from simulator.curriculum.questions import (
    best_is_fullest,
    best_is_longest,
    length_rank,
    lint_bank,
    load_bank,
    questions_dir,
)
from simulator.curriculum.quiz import (
    ANGOFF_BY_DOMAIN,
    CUT_SCORE,
    READY_MIN_ITEMS,
    Answer,
    attempt_record,
    blueprint_counts,
    choose_items,
    domain_counts,
    overall,
    readiness,
    self_check_items,
    shuffled_options,
    verdict,
)

BANK, POSITIONS = load_bank(located=True)
CUR = load_curriculum()
SCORED = [q for q in BANK if q.kind != "checklist"]


@pytest.mark.parametrize("count", [1, 7, 10, 20, 33, 50, 110])
def test_blueprint_counts_are_largest_remainder(count):
    """Counts add up, each is its share rounded down or up, and the leftovers go to the
    largest remainders."""
    counts = blueprint_counts(count)
    assert sum(counts.values()) == count
    exact = {d.value: Fraction(count * w, 100) for d, w in NHA_WEIGHTS.items()}
    for d, n in counts.items():
        assert n in (int(exact[d]), int(exact[d]) + 1)
    raised = [d for d in counts if counts[d] > int(exact[d])]
    kept = [d for d in counts if counts[d] == int(exact[d])]
    if raised and kept:
        assert min(exact[d] - int(exact[d]) for d in raised) >= \
            max(exact[d] - int(exact[d]) for d in kept)


def test_blueprint_counts_known_values():
    """20 items: 2/4/3/3/4/2/2; 110 items (the real test's length): 10/21/17/16/21/11/14."""
    assert list(blueprint_counts(20).values()) == [2, 4, 3, 3, 4, 2, 2]
    assert list(blueprint_counts(110).values()) == [10, 21, 17, 16, 21, 11, 14]


@pytest.mark.parametrize("seed", range(1, 13))
def test_quiz_draw_matches_the_blueprint(seed):
    """A 20-item quiz has the blueprint's count per domain, scored items only, no repeats,
    and never both glossary items of one term."""
    items = choose_items(BANK, 20, seed)
    assert domain_counts(items) == blueprint_counts(20)
    assert all(q.kind != "checklist" for q in items)
    assert len({q.id for q in items}) == 20
    terms = [t for q in items if q.kind != "situational" for t in q.terms[:1]]
    assert len(terms) == len(set(terms))


def test_draw_is_seeded_and_review_items_lead_within_the_blueprint():
    """Same seed, same quiz; another seed, another quiz; due items come first but the
    domain counts still follow the blueprint."""
    assert [q.id for q in choose_items(BANK, 20, 5)] == [q.id for q in choose_items(BANK, 20, 5)]
    assert [q.id for q in choose_items(BANK, 20, 5)] != [q.id for q in choose_items(BANK, 20, 6)]
    due = ["sj-birthday-rule-child", "sj-voicemail-message", "gl-ehr-define"]
    items = choose_items(BANK, 20, 5, due_first=due)
    assert {q.id for q in items[:3]} == set(due)
    assert domain_counts(items) == blueprint_counts(20)


def test_options_shuffle_per_run_and_replay_per_seed():
    """One seed always shows the same order; different runs (seeds) show different orders,
    review items included; Likert self-ratings keep their scale order."""
    item = next(q for q in BANK if q.id == "sj-spouse-wants-results")
    assert shuffled_options(item, 11) == shuffled_options(item, 11)
    orders = {tuple(shuffled_options(item, seed)) for seed in range(30)}
    assert len(orders) >= 10
    firsts = {shuffled_options(item, seed).index(item.best) for seed in range(30)}
    assert firsts == {0, 1, 2, 3}  # the best answer moves around
    check = self_check_items(BANK)[0]
    assert shuffled_options(check, 3) == list(range(len(check.options)))


def _answers(credits: dict[str, int]) -> list[Answer]:
    by_id = {q.id: q for q in BANK}
    return [Answer(by_id[i], by_id[i].best, c) for i, c in credits.items()]


def test_self_ratings_never_count_toward_readiness():
    """Self-ratings change neither the score, the domains nor the verdict."""
    scored = {q.id: 0 for q in choose_items(BANK, 20, 2)}
    base = _answers(scored)
    checks = [Answer(q, 4, 100) for q in self_check_items(BANK)]
    assert overall(base + checks) == overall(base) == 0
    assert verdict(base + checks).score == 0
    _, dom_a = readiness(base + checks, {}, {}, {})
    _, dom_b = readiness(base, {}, {}, {})
    assert [(r.key, r.percent, r.items) for r in dom_a] == \
        [(r.key, r.percent, r.items) for r in dom_b]
    record = attempt_record(base + checks, at="2026-12-03T10:00:00+00:00", seed=2, asked=20)
    assert record["answered"] == 20 and record["score"] == 0
    assert len(record["self_check"]) == 7


def test_terminal_quiz_keeps_self_ratings_out_of_the_deck(tmp_path):
    """A terminal run answers 5 scored items and 7 self-ratings: the deck holds the 5."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "simulator", "quiz", "--terminal", "--count",
                           "5", "--seed", "3", "--trainee", "rosa"], input="1\n" * 12,
                          text=True, capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Self-check ratings (your own view, reported apart, not in the score)" in proc.stdout
    assert "Not yet" in proc.stdout and "readiness call needs at least 20" in proc.stdout
    from simulator.records.store import Store

    store = Store(f"sqlite:///{tmp_path / 'frontdesk.sqlite'}", create=False)
    try:
        ids = {item for item, _ in store.review_cards("rosa")}
        answered = store.quiz_answers("rosa")
    finally:
        store.close()
    assert len(ids) == 5 and len(answered) == 5
    assert not any(i.startswith("ck-") for i in ids)


def test_cut_score_and_ready_call():
    """The cut is the blueprint-weighted mean of the written judgements; Ready needs the
    cut, the floor in every domain and at least 20 scored answers."""
    weighted = sum(NHA_WEIGHTS[d] * ANGOFF_BY_DOMAIN[d.value] for d in NHA_WEIGHTS) / 100
    assert CUT_SCORE == round(weighted) == 70
    items = [q.id for q in choose_items(BANK, 20, 4)]
    assert verdict(_answers(dict.fromkeys(items, 100))).ready
    assert verdict(_answers(dict.fromkeys(items, 100))).line.startswith("Ready: 100 %")
    low = verdict(_answers(dict.fromkeys(items, 50)))
    assert not low.ready and low.line.startswith("Not yet: 50 %") and "Weakest:" in low.line
    short = verdict(_answers(dict.fromkeys(items[:READY_MIN_ITEMS - 1], 100)))
    assert not short.ready and "at least 20" in short.reason
    by_id = {q.id: q for q in BANK}
    one_bad = {i: (0 if by_id[i].domain.value == "billing-revenue-cycle" else 100)
               for i in items}
    call = verdict(_answers(one_bad))
    assert call.score >= CUT_SCORE and not call.ready
    assert "Billing and revenue cycle" in call.reason
    assert not verdict(_answers(dict.fromkeys(items, 100)), focused=True).ready


def test_bank_passes_the_tells_lint_and_the_lint_can_fail(tmp_path):
    """The shipped bank passes; a file whose best answers are all the longest (and fullest,
    and so always in one length place) is reported."""
    terms = {t.id for t in CUR.glossary}
    comps = {c.id for c in CUR.competencies}
    checks = {c.id for c in CUR.checklist}
    tells = [p for p in lint_bank(BANK, POSITIONS, terms, comps, checks)
             if "longest" in p.message or "fullest" in p.message]
    assert tells == []
    for kind in ("situational", "term_to_definition", "definition_to_term"):
        group = [q for q in BANK if q.kind == kind]
        assert sum(map(best_is_longest, group)) * 3 <= len(group)
        assert sum(map(best_is_fullest, group)) * 3 <= len(group)
        assert max(Counter(map(length_rank, group)).values()) * 2 <= len(group)
    items = "".join(f"""
  - id: sj-tell-{n}
    kind: situational
    prompt: What now?
    options:
      - {{text: "Do it, then tell the clinician, and log it.", credit: 100, rank: 1}}
      - {{text: "Do a thing.", credit: 50, rank: 2}}
      - {{text: "Do less.", credit: 0, rank: 3}}
    explanation: Because.
    competencies: [crisis.red-flag-routing]
    domain: patient-encounter
""" for n in range(4))
    (tmp_path / "tells.yaml").write_text("items:" + items)
    bank, pos = load_bank(tmp_path, located=True)
    found = [str(p) for p in lint_bank(bank, pos, terms, comps, checks)]
    assert any("longest option in 4 of 4" in p and "tells.yaml" in p for p in found)
    assert any("fullest-sounding" in p for p in found)
    assert any("length place 1 (1 = longest) in 4 of 4" in p for p in found)
    for q in bank:  # one place down is the same tell
        assert length_rank(q) == 0


def test_new_items_cover_the_everyday_desk(tmp_path):
    """40+ new items: scheduling, patient encounter, Medicare and coordination of benefits."""
    shutil.copy(questions_dir() / "everyday-desk.yaml", tmp_path)
    new, _ = load_bank(tmp_path)
    assert len(new) >= 40
    domains = {q.domain.value for q in new}
    assert {"scheduling", "patient-encounter", "billing-revenue-cycle"} <= domains
    text = " ".join(q.prompt + " ".join(o.text for o in q.options) for q in new)
    for topic in ("ABN", "MBI", "Medicare Secondary Payer", "Annual Wellness Visit",
                  "birthday", "subscriber", "workers' comp", "car crash"):
        assert topic in text, topic


def test_family_and_voicemail_items_keep_law_and_policy_apart():
    """The two law items say what HIPAA allows and what is office policy, and the best
    answer never claims the law demands written permission."""
    by_id = {q.id: q for q in BANK}
    for item_id in ("sj-spouse-wants-results", "sj-voicemail-message",
                    "sj-reminder-call-roommate"):
        item = by_id[item_id]
        assert "HIPAA" in item.explanation and "policy" in item.explanation
        assert "written" not in item.options[item.best].text.lower()
    contact = by_id["sj-emergency-contact-asks-results"]
    assert "HIPAA accepts a spoken okay" in contact.explanation
    spouse = by_id["sj-spouse-wants-results"]
    assert "list" in spouse.options[spouse.best].text  # check who she named first


def test_quiz_results_per_trainee(tmp_path, capsys, monkeypatch):
    """Attempts are stored with the trainee's name and listed per trainee, text and JSON."""
    from simulator.progress import ProgressStore

    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path))
    items = [q.id for q in choose_items(BANK, 20, 9)]
    store = ProgressStore()
    store.record("ana", "calm-morning", [], 80, True)
    store.record_quiz("ana", attempt_record(_answers(dict.fromkeys(items, 100)),
                                            at="2026-12-01T09:00:00+00:00", seed=9, asked=20))
    ProgressStore().record_quiz("ben", attempt_record(_answers(dict.fromkeys(items, 40)),
                                                      at="2026-12-02T10:30:00+00:00",
                                                      seed=9, asked=20))
    kept = ProgressStore()
    assert kept.passed("ana") == {"calm-morning"}  # the shift survived the quiz writes
    assert set(kept.quiz_attempts()) == {"ana", "ben"}
    assert main(["quiz", "results", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ana"][0]["ready"] is True and data["ben"][0]["ready"] is False
    assert data["ben"][0]["domains"]["scheduling"]["items"] == 3
    assert main(["quiz", "results", "--trainee", "ben"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the listing wraps at 88 columns
    assert "ben: 1 attempt(s)" in out and "2026-12-02 10:30 UTC" in out
    assert "Not yet" in out and "ana:" not in out and "Scheduling 40 %" in out
    assert main(["quiz", "results", "--trainee", "nobody"]) == 0
    assert "No quiz attempts stored for 'nobody'" in capsys.readouterr().out


def test_a_run_without_seed_prints_one_to_replay(tmp_path):
    """No --seed: a fresh seed per run, printed so the run can be replayed."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path)}
    seeds = set()
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "simulator", "quiz", "--terminal",
                               "--count", "1", "--no-self-check"], input="1\n", text=True,
                              capture_output=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        head = proc.stdout.splitlines()[0]
        seeds.add(head.split("repeat with --seed ")[1].rstrip(").").split(";")[0])
    assert len(seeds) == 2
