"""Scenario files: the schema, the strict loader, and the shipped scenarios.

Typical use::

    from simulator.scenarios import load_scenario
    scn = load_scenario("busy-monday")        # a shipped id, or a path to a .yaml file
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from simulator.errors import ContentError, Problem
from simulator.positions import Positions
from simulator.resources import data_dir, scenarios_dir
from simulator.scenarios.schema import Scenario
from simulator.validation import load_model

__all__ = [
    "Scenario",
    "load_scenario",
    "load_scenario_file",
    "shipped_scenarios",
    "scenario_json_schema",
    "scenario_digest",
    "resolve_scenario_path",
    "objective_problems",
]

SCHEMA_MODELINE = "# yaml-language-server: $schema=scenario.schema.json"


def shipped_scenarios() -> list[Path]:
    """Return the shipped scenario files, sorted by name."""
    return sorted(scenarios_dir().glob("*.yaml"))


def resolve_scenario_path(ref: str | Path) -> Path:
    """Turn a scenario id or a file path into a path.

    Raises:
        ContentError: If ``ref`` is neither an existing file nor a shipped id.

    """
    text = str(ref)
    path = Path(text)
    if path.suffix in (".yaml", ".yml") or path.exists() or "/" in text:
        return path
    candidate = scenarios_dir() / f"{text}.yaml"
    if candidate.is_file():
        return candidate
    known = ", ".join(p.stem for p in shipped_scenarios())
    raise ContentError([Problem("<command line>", 0, 0, "scenario",
                                f"no shipped scenario with id '{text}'",
                                f"known ids: {known}; or give a path to a .yaml file")])


def scenario_checks(scenario: Scenario, data: object, positions: Positions) -> list[Problem]:
    """A scenario's checks beyond its schema.

    The lint, the synthetic-data rules, and that every objective names a competency of the
    curriculum (the debrief maps scores to them).
    """
    # Imported here: a scenario from the content cache never needs them.
    from simulator.scenarios.lint import lint_scenario
    from simulator.scenarios.synthetic import synthetic_problems

    return (lint_scenario(scenario, positions) + synthetic_problems(data, positions)
            + objective_problems(scenario, positions))


def objective_problems(scenario: Scenario, positions: Positions) -> list[Problem]:
    """Each objective that names no competency of the shipped curriculum, at its line."""
    from simulator.curriculum import load_curriculum, unknown_id

    known = {c.id for c in load_curriculum().competencies}
    return [unknown_id(positions, ("objectives", i), "competency", cid, known,
                       "objectives name competencies in curriculum/competencies.yaml "
                       "(frontdesk curriculum list)")
            for i, cid in enumerate(scenario.objectives) if cid not in known]


def load_scenario_file(path: str | Path) -> Scenario:
    """Load, validate and lint one scenario file (cached by content; see contentcache).

    Raises:
        ContentError: With every problem found, each located by file and line.

    """
    # The objectives are checked against the competencies: a changed file checks again.
    competencies = data_dir("curriculum") / "competencies.yaml"
    depends = hashlib.sha256(competencies.read_bytes()).hexdigest()[:16]
    return load_model(Scenario, path, check=scenario_checks, depends=depends)


def load_scenario(ref: str | Path) -> Scenario:
    """Load a scenario by shipped id or by path."""
    return load_scenario_file(resolve_scenario_path(ref))


def scenario_digest(path: str | Path) -> str:
    """Return the sha256 of a scenario file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def scenario_json_schema() -> str:
    """Return the JSON Schema for scenario files, as stable, pretty JSON text."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Front Desk Simulator scenario"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
