"""Assessment files: strict loading, every mistake located by file, line and column."""

import textwrap

import pytest

from simulator.cli import main
from simulator.errors import ContentError
from simulator.pacing import expected_minutes
from simulator.records.assessment import assessments_dir, load_assessment_file
from simulator.records.store import Store
from simulator.scenarios import load_scenario


def _write(tmp_path, text):
    path = tmp_path / "a.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _problems(path):
    with pytest.raises(ContentError) as info:
        load_assessment_file(path)
    return [str(p) for p in info.value.problems]


def test_shipped_go_live_example_validates():
    """curriculum/assessments/go-live.yaml: go-live-check and busy-monday, 120 min, 2 tries."""
    assessment, text, sha = load_assessment_file(assessments_dir() / "go-live.yaml")
    assert [(p.scenario, p.seed) for p in assessment.scenarios] == [
        ("go-live-check", 1000), ("busy-monday", 2024)]
    assert assessment.time_limit_minutes == 120 and assessment.attempts_allowed == 2
    assert assessment.hints is False and assessment.pass_marks["overall"] == 80
    assert text.startswith("#") and len(sha) == 64


def test_unknown_key_is_located_with_a_suggestion(tmp_path):
    """A misspelled key is reported at its line and column with 'did you mean'."""
    path = _write(tmp_path, """\
        id: x
        title: X
        scenarios:
          - {scenario: calm-morning, seed: 1}
        pass_mark: {overall: 70}
        """)
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:5:1: pass_mark: unknown field")
    assert "did you mean 'pass_marks'?" in problem


def test_wrong_type_is_located(tmp_path):
    """A seed that is not a number is reported at its value."""
    path = _write(tmp_path, """\
        id: x
        title: X
        scenarios:
          - scenario: calm-morning
            seed: soon
        """)
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:5:11: scenarios[0].seed:")


def test_every_problem_is_reported_at_once(tmp_path):
    """Several mistakes: each one reported, in line order."""
    path = _write(tmp_path, """\
        id: Not A Slug
        title: X
        scenarios: []
        pass_marks: {overall: 170}
        hints: maybe
        """)
    problems = _problems(path)
    assert [p.split(":")[1] for p in problems] == ["1", "3", "4", "5"]


def test_unknown_scenario_is_located(tmp_path):
    """A scenario id that is not shipped: its line, and the closest shipped id."""
    path = _write(tmp_path, """\
        id: x
        title: X
        scenarios:
          - {scenario: calm-morning, seed: 1}
          - {scenario: busy-mondy, seed: 2}
        """)
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:5:16: scenarios[1].scenario: no shipped scenario")
    assert "did you mean 'busy-monday'?" in problem


def test_time_limit_shorter_than_the_shifts(tmp_path):
    """A limit shorter than the shifts take to play is pointed out at the limit."""
    path = _write(tmp_path, """\
        id: x
        title: X
        scenarios:
          - {scenario: busy-monday, seed: 1}
        time_limit_minutes: 5
        """)
    (problem,) = _problems(path)
    minutes = expected_minutes(load_scenario("busy-monday"))
    assert minutes > 5
    assert problem.startswith(f"{path}:5:21: time_limit_minutes: the shifts take about "
                              f"{minutes} minutes for a person to play")


def test_repeated_part_is_located(tmp_path):
    """The same scenario and seed twice is reported at the repeat."""
    path = _write(tmp_path, """\
        id: x
        title: X
        scenarios:
          - {scenario: calm-morning, seed: 1}
          - {scenario: calm-morning, seed: 1}
        """)
    (problem,) = _problems(path)
    assert ":5:5: scenarios[1]: repeats scenarios[0]" in problem


def test_yaml_safety_rules_apply(tmp_path):
    """The strict loader's rules hold: duplicate keys are refused with both lines."""
    path = _write(tmp_path, "id: x\ntitle: X\nid: y\n")
    (problem,) = _problems(path)
    assert ":3:1: id: duplicate key 'id'" in problem and "line 1" in problem


def test_create_with_a_bad_file_exits_2_and_writes_nothing(tmp_path, data_dir, capsys):
    """A bad file: exit 2, FILE:LINE:COL on stderr, and no database is even created."""
    path = _write(tmp_path, "id: x\ntitle: X\nscenarios:\n  - {scenario: calm-morning}\n")
    assert main(["assessment", "create", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:4:5: scenarios[0].seed: required field is missing")
    assert "Traceback" not in err
    assert not (data_dir / "frontdesk.sqlite").exists()


def test_missing_file_exits_2(capsys):
    """A path that does not exist: exit 2, 'no such file'."""
    assert main(["assessment", "create", "nowhere/a.yaml"]) == 2
    assert "nowhere/a.yaml:1:1: no such file" in capsys.readouterr().err


def test_create_by_shipped_id_and_again_is_a_no_op(capsys):
    """'create go-live' finds the shipped file; creating it again changes nothing."""
    assert main(["assessment", "create", "go-live"]) == 0
    assert capsys.readouterr().out.startswith("stored go-live")
    assert main(["assessment", "create", "go-live"]) == 0
    assert capsys.readouterr().out.startswith("already stored, unchanged")


def test_changed_definition_under_the_same_id_is_refused(quick_file, capsys):
    """Results keep pointing at what was taken: a changed file needs a new id."""
    assert main(["assessment", "create", str(quick_file)]) == 0
    quick_file.write_text(quick_file.read_text().replace("overall: 70", "overall: 60"))
    assert main(["assessment", "create", str(quick_file)]) == 2
    err = capsys.readouterr().err
    assert "already stored with different content" in err and "new id" in err
    store = Store()
    assert "overall: 70" in store.assessment("quick")["yaml"]
