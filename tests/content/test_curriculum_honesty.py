"""Curriculum honesty: evidence exists, objectives are scored, dialogues branch, words are plain."""

from pathlib import Path

import pytest

from simulator.commands import content
from simulator.curriculum import honesty
from simulator.curriculum.models import ChecklistFile, GlossaryFile
from simulator.scenarios.dialogue import Dialogue
from simulator.scenarios.schema import Scenario
from simulator.validation import validate_data
from simulator.yamlio import read_yaml_file

SCENARIOS = Path(__file__).resolve().parents[2] / "simulator" / "scenarios"


def _load(tmp_path: Path, name: str, text: str, model):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data, pos = read_yaml_file(path)
    return validate_data(model, data, pos), pos


# -- shown_by ----------------------------------------------------------------------------

CHECKLIST = """\
items:
""" + "".join(f"""\
  - id: item-{n}
    statement: A statement.
    guidance: Some guidance.
    competencies: [organization.prioritization]
    shown_by:
      - {{scenario: busy-monday, check: abandoned, says: real evidence}}
""" for n in range(6)) + """\
  - id: item-six
    statement: A statement.
    guidance: Some guidance.
    competencies: [organization.prioritization]
    shown_by:
      - {scenario: small-wins, says: a scenario that does not exist}
      - {scenario: busy-monday, check: made_up_check, says: a check nobody scores}
      - {scenario: busy-monday, check: referral, says: a check this scenario never scores}
      - {quiz: no-such-item, says: a quiz item that does not exist}
"""


def _shown_by_problems(tmp_path):
    checklist, pos = _load(tmp_path, "checklist.yaml", CHECKLIST, ChecklistFile)
    played = honesty.Evidence(competencies={"organization.phone-management"},
                              codes={"abandoned"})
    return honesty.lint_shown_by(pos, list(checklist.items), {"busy-monday": played},
                                 {"organization.prioritization"}, {"sj-real"},
                                 honesty.scored_by_code())


def test_shown_by_naming_nothing_real_is_reported_at_its_line(tmp_path):
    """Each missing scenario, unknown check, unscored check and quiz item is one problem."""
    problems = _shown_by_problems(tmp_path)
    messages = sorted(p.message for p in problems)
    assert messages == sorted([
        "no shipped scenario 'small-wins'",
        "no scored check 'made_up_check'",
        "scenario 'busy-monday' never scores 'referral'",
        "no quiz item 'no-such-item'",
    ])
    lines = {p.message: p.line for p in problems}
    assert lines["no shipped scenario 'small-wins'"] == 43
    assert lines["no quiz item 'no-such-item'"] == 46


def test_shipped_checklist_evidence_all_exists():
    """The shipped checklist points only at scenarios, checks and quiz items that exist."""
    from simulator.curriculum import load_curriculum
    from simulator.curriculum.questions import load_bank
    from simulator.scenarios import load_scenario_file, shipped_scenarios

    cur = load_curriculum()
    ids = {load_scenario_file(p).id for p in shipped_scenarios()}
    quiz = {q.id for q in load_bank()[0]}
    _, pos = read_yaml_file(Path(content.__file__).parents[2] / "curriculum" / "checklist.yaml")
    found = honesty.lint_shown_by(pos, list(cur.checklist), dict.fromkeys(ids),
                                  {c.id for c in cur.competencies}, quiz,
                                  honesty.scored_by_code())
    assert found == []


# -- objectives --------------------------------------------------------------------------


def test_scored_by_code_reads_the_scorers():
    """The scan finds obligations, findings and misuses, and nothing only the quiz tests."""
    scored = honesty.scored_by_code()
    assert {"technology.preauthorization", "crisis.red-flag-routing",
            "communication.deescalation", "privacy.scope-of-practice"} <= scored.competencies
    assert {"referral", "slow_response", "reply", "needless_referral"} <= scored.codes
    assert "technology.coding-terminology" not in scored.competencies
    assert "communication.plain-language" not in scored.competencies


def test_scan_picks_competencies_from_finding_and_obligation_calls():
    """A Finding(dim, competency, code) and an _ob(code, dim, competency) both count."""
    comps: set[str] = set()
    codes: set[str] = set()
    honesty._scan('Finding("accuracy", "alpha.one", "first_code", None)\n'
                  '_ob("second_code", "accuracy", "beta.two", 3)\n'
                  'print("gamma.three")\n', comps, codes)
    assert comps == {"alpha.one", "beta.two"}
    assert codes == {"first_code", "second_code"}


@pytest.mark.parametrize("scenario_id", ["calm-morning", "insurance-heavy-day"])
def test_every_finding_a_real_day_scores_is_known_to_the_scan(scenario_id):
    """What the scorers emit over real shifts is inside scored_by_code (the scan misses none)."""
    from simulator.scenarios import load_scenario

    scored = honesty.scored_by_code()
    ev = honesty.scenario_evidence(load_scenario(scenario_id))
    assert ev.competencies and ev.competencies <= scored.competencies
    assert ev.codes <= scored.codes


def test_an_objective_no_scorer_scores_is_reported(tmp_path):
    """An unscored objective and one the scenario never puts at stake are both reported."""
    text = (SCENARIOS / "calm-morning.yaml").read_text(encoding="utf-8")
    scn, pos = _load(tmp_path, "calm-morning.yaml", text, Scenario)
    objectives = [*scn.objectives, "technology.coding-terminology", "crisis.power-outage"]
    evidence = honesty.scenario_evidence(scn)
    problems = honesty.lint_objectives(pos, objectives, honesty.scored_by_code(), evidence)
    assert [p.message for p in problems] == [
        "objective 'technology.coding-terminology' is scored by no scorer",
        "objective 'crisis.power-outage' is never at stake in this scenario (6 bot runs "
        "scored nothing for it)"]


def test_shipped_objectives_are_all_scored():
    """Every shipped scenario's objectives are scored in that scenario."""
    from simulator.scenarios import shipped_scenarios

    scored = honesty.scored_by_code()
    problems = []
    for path in shipped_scenarios():
        data, pos = read_yaml_file(path)
        scn = validate_data(Scenario, data, pos)
        problems += honesty.lint_objectives(pos, list(scn.objectives), scored,
                                            honesty.scenario_evidence(scn))
    assert [str(p) for p in problems] == []


# -- branching ---------------------------------------------------------------------------

DIALOGUE = """\
id: fixture
speaker: patient
agitation: 40
beats:
  - id: first
    says: Why is this taking so long?
    choices:
      - {{text: "I'm sorry, about ten minutes.", fits: [defensive], agitation: -10,
          meaning: best, why: honest}}
      - {{text: "Everyone waits.", fits: [defensive], agitation: 10, meaning: harmful,
          violation: arguing, why: dismissive{first_next}}}
  - id: second
    says: Fine.
    choices:
      - {{text: "Thank you for waiting.", fits: [anxiety], agitation: -5, meaning: best, why: kind}}
      - {{text: "Sit down.", fits: [anxiety], agitation: 5, meaning: weak, why: curt}}
  - id: upset
    says: Don't talk to me like that.
    choices:
      - {{text: "You're right, I'm sorry.", fits: [defensive], agitation: -10,
          meaning: best, why: repairs}}
      - {{text: "Calm down.", fits: [defensive], agitation: 10, meaning: weak, why: curt}}
"""


@pytest.mark.parametrize(("first_next", "branches"), [
    ("", False),                             # no next: goes to the default beat
    (", next: second", False),               # next: is the default beat anyway
    (", next: upset", True),                 # the person reacts to what was said
    (", next: upset, then: escalated", False),  # ends the talk: no beat answers it
])
def test_a_dialogue_branches_only_when_a_harmful_reply_leads_elsewhere(
        tmp_path, first_next, branches):
    """Only a harmful/critical reply whose next: is not the default next beat counts."""
    dlg, pos = _load(tmp_path, "dialogue.yaml", DIALOGUE.format(first_next=first_next),
                     Dialogue)
    assert honesty.dialogue_branches(dlg) is branches


def test_a_dialogue_that_never_branches_is_reported_at_its_id(tmp_path):
    """The problem names the dialogue and sits on its id line."""
    text = "dialogues:\n" + "".join(
        "    " + line if i else "  - " + line
        for i, line in enumerate(DIALOGUE.format(first_next="").splitlines(keepends=True)))
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    data, pos = read_yaml_file(path)
    dlg = validate_data(Dialogue, data["dialogues"][0], pos)
    problems = honesty.lint_branching(pos, [dlg])
    assert len(problems) == 1 and problems[0].line == 2
    assert "'fixture' never branches" in problems[0].message


# -- plain language ----------------------------------------------------------------------

GLOSSARY = """\
terms:
  - id: plain
    term: plain
    definition: A short word list. It has two short sentences.
    example: An example.
    competencies: [organization.prioritization]
    source: common
  - id: dense
    term: dense
    definition: >-
      The comprehensive administrative documentation requirement mandating organizational
      verification of individualized authorization preceding reimbursement eligibility
      determination for specialized diagnostic intervention procedures.
    example: An example.
    competencies: [organization.prioritization]
    source: common
"""


def test_a_dense_definition_fails_the_plain_language_check(tmp_path):
    """Long sentences of long words are reported; a short plain one is not."""
    glossary, pos = _load(tmp_path, "glossary.yaml", GLOSSARY, GlossaryFile)
    problems = honesty.lint_plain(pos, list(glossary.terms))
    assert len(problems) == 1 and "'dense' is not plain enough" in problems[0].message
    assert problems[0].line == 10


def test_reading_stats_count_sentences_and_long_words():
    """Two sentences of 4 words; 'insurance' and 'authorize' are long, 'HIPAA' is not."""
    stats = honesty.reading_stats("Check the insurance card. HIPAA rules authorize this.")
    assert stats["words_per_sentence"] == 4
    assert stats["longest_sentence"] == 4
    assert stats["long_word_share"] == 25


def test_shipped_glossary_reads_plainly_except_the_term_rewritten_elsewhere():
    """Every shipped definition meets the plain-language thresholds."""
    from simulator.curriculum import load_curriculum

    _, pos = read_yaml_file(Path(content.__file__).parents[2] / "curriculum" / "glossary.yaml")
    terms = [t for t in load_curriculum().glossary if t.id != "authorization-hold"]
    assert [p.message for p in honesty.lint_plain(pos, terms)] == []


# -- item 8 over the pack ----------------------------------------------------------------


def test_curriculum_check_reports_real_looking_data_and_a_misnamed_file(tmp_path):
    """A shipped-looking scenario with a real phone number, under the wrong name, is reported."""
    text = (SCENARIOS / "calm-morning.yaml").read_text(encoding="utf-8")
    text = text.replace("Your first morning on the desk",
                        "Call 312-555-2368. Your first morning on the desk")
    path = tmp_path / "calm-morning-copy.yaml"
    path.write_text(text, encoding="utf-8")
    data, pos = read_yaml_file(path)
    scn = validate_data(Scenario, data, pos)
    messages = [p.message for p in content._pack_problems(path, scn, data, pos)]
    assert any("looks like a real phone number" in m for m in messages)
    assert any("named 'calm-morning-copy' but its id is 'calm-morning'" in m for m in messages)


def test_curriculum_files_are_checked_for_real_looking_data(tmp_path):
    """An e-mail address at a real domain in a curriculum file is reported with its line."""
    root = tmp_path / "curriculum"
    (root / "assessments").mkdir(parents=True)
    (root / "glossary.yaml").write_text(
        "terms:\n  - id: x\n    example: Write to maria@gmail.com today.\n", encoding="utf-8")
    problems = content._curriculum_synthetic(root)
    assert len(problems) == 1 and problems[0].line == 3
    assert "real e-mail address" in problems[0].message


def test_shipped_curriculum_and_pack_hold_only_synthetic_data():
    """No shipped scenario or curriculum file has real-looking personal data or a misnamed file."""
    from simulator.scenarios import shipped_scenarios

    problems = content._curriculum_synthetic()
    for path in shipped_scenarios():
        data, pos = read_yaml_file(path)
        problems += content._pack_problems(path, validate_data(Scenario, data, pos), data, pos)
    assert [str(p) for p in problems] == []
