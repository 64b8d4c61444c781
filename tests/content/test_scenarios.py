"""The shipped scenarios validate, and the committed JSON Schema matches the models."""

import json
import subprocess
import sys

import pytest

from simulator.cli import main
from simulator.resources import scenarios_dir
from simulator.scenarios import (
    SCHEMA_MODELINE,
    load_scenario,
    load_scenario_file,
    scenario_json_schema,
    shipped_scenarios,
)
from simulator.scenarios.events import EVENT_KINDS
from simulator.scenarios.lint import CRISIS_KINDS

SHIPPED = shipped_scenarios()


def test_at_least_the_two_starter_scenarios_ship():
    """The calm morning and the busy Monday are shipped."""
    ids = {p.stem for p in SHIPPED}
    assert {"calm-morning", "busy-monday"} <= ids


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_validates(path):
    """Every shipped scenario loads, and its id matches its file name."""
    scn = load_scenario_file(path)
    assert scn.id == path.stem


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_starts_with_modeline(path):
    """Every shipped scenario starts with the yaml-language-server modeline."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_MODELINE


def test_busy_monday_is_an_everyday_day_of_many_kinds():
    """The busy Monday mixes most everyday event kinds but holds a single clinic-wide crisis."""
    scn = load_scenario("busy-monday")
    kinds = set(scn.event_kinds)
    # The transactional desk's events have scenarios of their own (registration-morning, ...).
    from simulator.engine.scripted_everyday import KINDS as DESK_WORK

    everyday = set(EVENT_KINDS) - CRISIS_KINDS - DESK_WORK
    assert len(kinds & everyday) >= len(everyday) - 1
    assert len(kinds & CRISIS_KINDS) == 1


def test_committed_schema_is_in_sync():
    """simulator/scenarios/scenario.schema.json equals what the models export."""
    committed = (scenarios_dir() / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == scenario_json_schema(), (
        "run: frontdesk scenario schema --out simulator/scenarios/scenario.schema.json")


def test_schema_command_writes_file(tmp_path, capsys):
    """`scenario schema --out` writes valid JSON Schema."""
    out = tmp_path / "s.json"
    assert main(["scenario", "schema", "--out", str(out)]) == 0
    schema = json.loads(out.read_text())
    assert schema["additionalProperties"] is False
    assert "events" in schema["properties"]


def test_schema_out_to_missing_folder_is_bad_input(tmp_path, capsys):
    """Writing the schema into a missing folder exits 2 and writes nothing."""
    out = tmp_path / "missing" / "s.json"
    assert main(["scenario", "schema", "--out", str(out)]) == 2
    assert not out.parent.exists()
    assert "cannot write" in capsys.readouterr().err


def test_scenario_list_json_shape(capsys):
    """`scenario list --json` prints id, title, difficulty and event kinds."""
    assert main(["scenario", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} >= {"calm-morning", "busy-monday"}
    for row in rows:
        assert {"id", "title", "difficulty", "event_kinds"} <= set(row)
        assert 1 <= row["difficulty"] <= 5


def test_scenario_show_prints_events(capsys):
    """`scenario show` describes the scenario and its timeline."""
    assert main(["scenario", "show", "busy-monday"]) == 0
    out = capsys.readouterr().out
    assert "Scripted events:" in out and "clinician_callout" in out


def test_unknown_scenario_id_is_bad_input(capsys):
    """An unknown id exits 2 and lists the known ids."""
    assert main(["scenario", "show", "no-such-thing"]) == 2
    assert "busy-monday" in capsys.readouterr().err


def test_scenarios_import_without_pygame():
    """The scenario layer imports with pygame unavailable."""
    code = ("import sys; sys.modules['pygame'] = None; sys.modules['pygame_gui'] = None\n"
            "import simulator.scenarios, simulator.curriculum, simulator.cli\n"
            "simulator.scenarios.load_scenario('busy-monday')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
