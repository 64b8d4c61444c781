"""The exported JSON Schema and the loader agree: what one accepts, the other accepts.

Checked with a third-party validator (check-jsonschema, as an editor's or a CI's YAML check
would run it) on every shipped scenario and on files with one bad value each.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.errors import ContentError
from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenarios_dir

SCHEMA = scenarios_dir() / "scenario.schema.json"
#: One edit of calm-morning each, as (name, text in the file, replacement). Every one is
#: a value the schema can describe (a type, a pattern, a range), so both must refuse it.
BAD = [
    ("clock-out-of-range", 'start: "08:00"', 'start: "25:99"'),
    ("clock-not-a-time", 'start: "08:00"', 'start: "eight"'),
    ("integer-as-text", "difficulty: 1", 'difficulty: "1"'),
    ("boolean-as-text", "duty_clinician: true", 'duty_clinician: "yes"'),
    ("boolean-as-number", "duty_clinician: true", "duty_clinician: 1"),
    ("share-above-one", "no_show: 0.05", "no_show: 1.5"),
    ("number-as-text", "no_show: 0.05", 'no_show: "0.05"'),
    ("minutes-below-range", "minutes: 210", "minutes: 5"),
]


def _checker() -> list[str]:
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name(
        "check-jsonschema"))
    if not Path(found).exists():
        pytest.skip("check-jsonschema is not installed (make test installs it)")
    return [found, "--schemafile", str(SCHEMA)]


def _schema_accepts(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*_checker(), *map(str, paths)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_every_shipped_scenario_passes_the_schema():
    """The schema accepts every file the program ships (and the loader does)."""
    paths = sorted(scenarios_dir().glob("*.yaml"))
    done = _schema_accepts(*paths)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in paths:
        load_scenario_file(path)


@pytest.mark.parametrize(("name", "old", "new"), BAD, ids=[b[0] for b in BAD])
def test_schema_and_loader_refuse_the_same_bad_value(tmp_path, name, old, new):
    """One bad value: the loader refuses it with its place, the schema refuses it too."""
    text = resolve_scenario_path("calm-morning").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_scenario_file(path)
    assert caught.value.problems[0].line > 0
    done = _schema_accepts(path)
    assert done.returncode != 0, f"the schema accepts {new!r} but the loader refuses it"
