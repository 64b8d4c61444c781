"""Every content file is read strictly: values as written, never coerced.

Scenarios were made strict first; the same base (``simulator.contentmodel.Strict``) now holds
the assessments, the curriculum, the reference card, the learning path and the quiz bank,
so "yes" is never true, "2" never 2, 2.5 never an integer and NaN never a number anywhere.
"""

import inspect
import textwrap

import pytest
from pydantic import BaseModel

from simulator.contentmodel import Strict
from simulator.curriculum import models as curriculum_models
from simulator.curriculum import path as path_models
from simulator.curriculum import questions as question_models
from simulator.curriculum import reference as reference_models
from simulator.errors import ContentError
from simulator.records import assessment as assessment_models
from simulator.records.assessment import load_assessment_file
from simulator.scenarios import schema as scenario_models
from simulator.validation import load_model
from tests.records.quick import QUICK as ASSESSMENT

CONTENT_MODULES = [curriculum_models, path_models, question_models, reference_models,
                   assessment_models, scenario_models]

QUESTION = textwrap.dedent("""\
    items:
      - id: gl-strict
        kind: term_to_definition
        prompt: "Which best describes the EHR?"
        options:
          - {text: "The record system.", credit: 100}
          - {text: "A clearinghouse.", credit: 0}
          - {text: "The privacy notice.", credit: 0}
          - {text: "A superbill.", credit: 0}
        explanation: The EHR is the record system.
        competencies: [technology.check-in-records]
        domain: patient-encounter
        terms: [ehr]
    """)


def test_every_content_model_has_the_one_strict_base():
    """No content model keeps a looser base of its own."""
    loose = [f"{module.__name__}.{name}" for module in CONTENT_MODULES
             for name, cls in inspect.getmembers(module, inspect.isclass)
             if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
             and not issubclass(cls, Strict)]
    assert loose == []


@pytest.mark.parametrize(("old", "new", "field"), [
    ("hints: false", "hints: \"no\"", "hints"),
    ("hints: false", "hints: 0", "hints"),
    ("attempts_allowed: 3", "attempts_allowed: \"3\"", "attempts_allowed"),
    ("attempts_allowed: 3", "attempts_allowed: 3.0", "attempts_allowed"),
    ("time_limit_minutes: 60", "time_limit_minutes: .nan", "time_limit_minutes"),
    ("seed: 3", "seed: \"3\"", "seed"),
    ("{overall: 70}", "{overall: \"70\"}", "overall"),
])
def test_an_assessment_value_is_taken_as_written(tmp_path, old, new, field):
    """A quoted number, a number for true/false, 3.0 for 3, NaN: refused with the field."""
    path = tmp_path / "quick.yaml"
    path.write_text(ASSESSMENT.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_assessment_file(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and field in problem.path and problem.line > 1


@pytest.mark.parametrize(("old", "new", "field"), [
    ("credit: 100", "credit: \"100\"", "credit"),
    ("credit: 0}", "credit: 0.0}", "credit"),
    ("domain: patient-encounter", "domain: 3", "domain"),
    ("domain: patient-encounter", "domain: Patient-Encounter", "domain"),
])
def test_a_quiz_value_is_taken_as_written(tmp_path, old, new, field):
    """The quiz bank too: "100" is not 100, an NHA domain must be written exactly."""
    path = tmp_path / "strict.yaml"
    path.write_text(QUESTION.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_model(question_models.QuestionFile, path)
    assert any(field in p.path for p in caught.value.problems), caught.value.problems


def test_a_well_written_quiz_item_still_loads(tmp_path):
    """Strict is not stricter than the text: the enum's own value is accepted."""
    path = tmp_path / "strict.yaml"
    path.write_text(QUESTION, encoding="utf-8")
    (item,) = load_model(question_models.QuestionFile, path).items
    assert item.domain is curriculum_models.NhaDomain.PATIENT_ENCOUNTER


def test_a_learning_path_number_is_taken_as_written(tmp_path):
    """``min_passed: "2"`` in the learning path is refused, as it is everywhere else."""
    text = path_models.path_file().read_text(encoding="utf-8")
    assert "min_passed: 2}" in text
    path = tmp_path / "path.yaml"
    path.write_text(text.replace("min_passed: 2}", 'min_passed: "2"}', 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        path_models.load_path(path)
    assert any("min_passed" in p.path for p in caught.value.problems)
