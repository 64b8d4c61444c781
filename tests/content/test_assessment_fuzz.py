"""Hypothesis on assessment files: whatever a trainer's file says, it is refused with
ContentError at its place, or every shift it names plays and scores under its pass marks in
bounded time; ``assessment create`` never shows a traceback.

The edits work on the parsed file, as the scenario fuzz does (a value replaced by an extreme
one, a key dropped, a list item doubled), so some edited files still load: those are sat
by the expert, part by part, and each case's CPU time is measured (the bound: 10 s).
"""

import json
import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.bots import make_bot
from simulator.cli import main
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.errors import ContentError
from simulator.records.assessment import (
    assessment_from_text,
    assessments_dir,
    load_assessment_file,
)
from simulator.scenarios import load_scenario
from simulator.scoring import score_shift
from simulator.yamlio import read_yaml_file
from tests.fuzzing import fixed, long

from .test_scenario_fuzz import CPU_LIMIT, _edit

FAST = fixed(25)
LONG = long(10_000)
#: The shipped assessment, and a one-part one on the shortest shift (cheap to sit).
BASES = [read_yaml_file(path)[0] for path in sorted(assessments_dir().glob("*.yaml"))] + [
    {"id": "quick", "title": "Quick check", "scenarios": [{"scenario": "calm-morning",
                                                            "seed": 3}],
     "pass_marks": {"overall": 70, "compliance": 80}, "time_limit_minutes": 60,
     "attempts_allowed": 3, "hints": False, "competency_floor": 50}]


def _case(tmp_path, monkeypatch, capsys, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    data = json.loads(json.dumps(BASES[seed % len(BASES)]))
    for _ in range(edits):
        data = _edit(data, rng)
    path = tmp_path / "fuzz.json"  # JSON is YAML: the loader reads it the same way
    text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    start = time.process_time()
    try:
        assessment, stored, _ = load_assessment_file(path)
    except ContentError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)
    else:
        # What the records keep is read back the same way.
        assert assessment_from_text(stored, "stored") == assessment
        for part in assessment.scenarios:
            shift, _ = run_bot(expand(load_scenario(part.scenario), part.seed),
                               make_bot("expert", part.seed))
            card = score_shift(shift, assessment.overrides())
            assert 0 <= card.overall <= 100
    used = time.process_time() - start
    assert used < CPU_LIMIT, f"{len(data.get('scenarios') or [])} parts took {used:.1f} s"
    with monkeypatch.context() as env:
        env.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
        code = main(["assessment", "create", str(path)])
    out = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in out.err


@FAST
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_edited_assessments_are_refused_or_sat_in_bounded_time(tmp_path, monkeypatch, capsys,
                                                               seed, edits):
    """A few value edits: ContentError, or every part plays and scores within the bound."""
    _case(tmp_path, monkeypatch, capsys, seed, edits)


@pytest.mark.slow
@LONG
@given(st.integers(0, 2**32), st.integers(1, 12))
def test_edited_assessments_long(tmp_path, monkeypatch, capsys, seed, edits):
    """Opt-in (make test-slow): 10,000 cases of the same."""
    _case(tmp_path, monkeypatch, capsys, seed, edits)
