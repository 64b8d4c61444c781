"""The readiness quiz: the bank, partial credit, FSRS scheduling, terminal and window."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from simulator.cli import main
from simulator.curriculum import load_curriculum
from simulator.curriculum.questions import Question, lint_bank, load_bank
from simulator.curriculum.quiz import Answer, choose_items, readiness
from simulator.curriculum.review import DeckStore, rating_for
from simulator.errors import ContentError

BANK, POSITIONS = load_bank(located=True)
CUR = load_curriculum()


def test_bank_validates_and_covers_the_curriculum():
    """120+ items; every term and competency (3+ each) has items; references resolve."""
    assert len(BANK) >= 120
    problems = lint_bank(BANK, POSITIONS, {t.id for t in CUR.glossary},
                         {c.id for c in CUR.competencies}, {c.id for c in CUR.checklist})
    assert problems == []
    kinds = {q.kind for q in BANK}
    assert kinds == {"term_to_definition", "definition_to_term", "situational", "checklist"}
    assert sum(q.kind == "checklist" for q in BANK) == 7


def test_ranked_items_give_partial_credit():
    """Situational answers earn credit by rank: best 100, partly right in between, worst 0."""
    item = next(q for q in BANK if q.kind == "situational")
    by_rank = sorted(range(len(item.options)), key=lambda i: item.options[i].rank)
    credits = [item.credit(i) for i in by_rank]
    assert credits[0] == 100 and credits == sorted(credits, reverse=True)
    assert 0 < credits[1] < 100 and item.best == by_rank[0]


def test_badly_ranked_item_is_rejected(tmp_path):
    """Credit that does not fall with rank is a content error, with file and line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("""items:
  - id: sj-bad
    kind: situational
    prompt: What now?
    options:
      - {text: A, credit: 50, rank: 1}
      - {text: B, credit: 100, rank: 2}
    explanation: Because.
    competencies: [crisis.red-flag-routing]
    domain: patient-encounter
""")
    with pytest.raises(ContentError) as exc:
        load_bank(tmp_path)
    text = str(exc.value)
    assert "bad.yaml:2:5: items[0]" in text and "credit must fall with rank" in text


def test_wrong_answer_comes_back_sooner(tmp_path):
    """With fuzzing off and UTC times, a wrong answer is due before a right one."""
    deck = DeckStore(tmp_path / "deck.sqlite", fuzzing=False)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    wrong = deck.review("ana", "gl-ehr-define", 0, now)
    right = deck.review("ana", "gl-hipaa-define", 100, now)
    assert wrong.due < right.due
    later = now + timedelta(minutes=5)
    assert "gl-ehr-define" in deck.due("ana", later)
    assert "gl-hipaa-define" not in deck.due("ana", later)
    assert rating_for(50).name == "Hard"
    with pytest.raises(ValueError):
        deck.review("ana", "x", 0, datetime(2026, 1, 1))
    deck.close()


def test_simulator_mistakes_join_the_deck(tmp_path):
    """A novice's debrief terms put matching items in the deck, due now."""
    from simulator.bots import make_bot
    from simulator.curriculum.mistakes import add_mistakes_to_deck, items_for_mistakes
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot
    from simulator.scenarios import load_scenario
    from simulator.scoring import score_shift

    shift, _ = run_bot(expand(load_scenario("busy-monday"), 3), make_bot("novice", 3))
    card = score_shift(shift)
    items = items_for_mistakes(card, BANK)
    assert items
    deck = DeckStore(tmp_path / "d.sqlite", fuzzing=False)
    now = datetime(2026, 11, 27, tzinfo=UTC)
    assert add_mistakes_to_deck(card, BANK, "ben", now, deck) == len(items)
    assert set(deck.due("ben", now)) == set(items)


def test_choose_items_is_seeded_and_focused():
    """The same seed gives the same items; --competency keeps to that competency."""
    a = choose_items(BANK, 10, 3)
    assert [q.id for q in a] == [q.id for q in choose_items(BANK, 10, 3)]
    assert [q.id for q in a] != [q.id for q in choose_items(BANK, 10, 4)]
    focus = choose_items(BANK, 5, 1, competency="crisis.red-flag-routing")
    assert all("crisis.red-flag-routing" in q.competencies for q in focus)


def test_readiness_lists_weakest_first():
    """The report orders competencies and domains weakest first."""
    items = [q for q in BANK if q.kind == "situational"][:4]
    answers = [Answer(q, 0, c) for q, c in zip(items, (100, 0, 50, 100), strict=True)]
    comps, domains = readiness(answers, {}, {}, {})
    assert [r.percent for r in comps] == sorted(r.percent for r in comps)
    assert [r.percent for r in domains] == sorted(r.percent for r in domains)


def test_scripted_terminal_quiz_ends_with_a_report(tmp_path):
    """Answers piped on stdin give a readiness report by competency and domain."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "simulator", "quiz", "--terminal", "--count",
                           "10", "--seed", "1", "--trainee", "dana", "--no-self-check"],
                          input="1\nnonsense\n2\n3\n1\n2\n4\n1\n2\n3\n1\n", text=True,
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "[10/10]" in out and "Please type a number" in out
    assert "Readiness report (10 scored answers)" in out
    assert "By competency, weakest first:" in out and "By NHA CMAA domain" in out
    # The deck and the answers live in the records store, not a separate review file.
    from simulator.records.store import Store

    store = Store(f"sqlite:///{tmp_path / 'frontdesk.sqlite'}", create=False)
    try:
        assert len(store.quiz_answers("dana")) == 10
        assert store.review_cards("dana")
    finally:
        store.close()
    assert not (tmp_path / "review.sqlite").exists()


def test_quiz_bank_json(capsys):
    """`quiz bank --json` prints id, kind, competencies, terms and domain per item."""
    assert main(["quiz", "bank", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(BANK)
    assert set(rows[0]) == {"id", "kind", "competencies", "terms", "domain"}


def test_quiz_rejects_unknown_competency(capsys):
    """An unknown --competency is bad input."""
    assert main(["quiz", "--terminal", "--competency", "nope.nothing"]) == 2


def test_question_model_forbids_unknown_keys():
    """Item files are strict like scenarios."""
    with pytest.raises(ValidationError):
        Question.model_validate({"id": "x", "kind": "checklist", "prompt": "p",
                                 "options": [{"text": "a", "credit": 0}] * 2,
                                 "explanation": "e", "competencies": ["a.b"],
                                 "domain": "scheduling", "checklist": "c", "surprise": 1})
