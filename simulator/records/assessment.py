"""Assessment files: which shifts a trainee plays, with which seeds, and what passes.

An assessment reads like this (``curriculum/assessments/go-live.yaml`` is a worked
example)::

    id: go-live
    title: Go-live sign-off
    scenarios:
      - {scenario: go-live-check, seed: 1000}
      - {scenario: busy-monday, seed: 2024}
    pass_marks: {overall: 80, compliance: 85}
    time_limit_minutes: 120
    attempts_allowed: 2
    hints: false

Files are read with the strict YAML loader and validated by :class:`Assessment`, so every
mistake is reported as ``FILE:LINE:COL: field: problem (hint)``; a lint pass then checks
that each scenario is shipped, allows assessment mode and fits in the time limit.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from simulator.contentmodel import Slug, Strict, Text
from simulator.errors import ContentError, Problem
from simulator.positions import Positions
from simulator.protocol import Dimension
from simulator.validation import load_model, validate_data

Mark = Literal[Dimension, "overall"]


class AssessmentPart(Strict):
    """One shift of an assessment: a shipped scenario and the fixed seed everyone gets."""

    scenario: Slug
    seed: int = Field(ge=0, le=2**31 - 1)


class Assessment(Strict):
    """An assessment definition, as a trainer writes it."""

    id: Slug
    title: Text
    scenarios: list[AssessmentPart] = Field(min_length=1, max_length=20)
    pass_marks: dict[Mark, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)
    time_limit_minutes: int | None = Field(None, ge=1, le=1440,
                                           description="Wall-clock limit for a sitting.")
    attempts_allowed: int = Field(1, ge=1, le=100)
    hints: bool = False
    competency_floor: int | None = Field(
        None, ge=0, le=100,
        description="A competency tested in a shift and scored below this fails it.")

    def overrides(self) -> dict[str, Any]:
        """The rubric override for scoring: this assessment's pass marks and floor."""
        return {"pass_marks": dict(self.pass_marks), "competency_floor": self.competency_floor}


def assessments_dir() -> Path:
    """The folder of shipped assessment files."""
    from simulator.resources import data_dir

    return data_dir("curriculum") / "assessments"


def resolve_assessment_path(ref: str) -> Path:
    """A path as given, or a shipped assessment id (``go-live``) turned into its file."""
    path = Path(ref)
    if path.exists() or "/" in ref or path.suffix in (".yaml", ".yml"):
        return path
    shipped = assessments_dir() / f"{ref}.yaml"
    return shipped if shipped.is_file() else path


def load_assessment_file(path: str | Path) -> tuple[Assessment, str, str]:
    """Load, validate and lint one assessment file.

    Returns:
        The assessment, the file's text and the SHA-256 of its bytes.

    Raises:
        ContentError: With every problem, each located by file, line and column.
    """
    assessment = load_model(Assessment, path)
    raw = Path(path).read_bytes()
    problems = lint_assessment(assessment)
    if problems:
        from simulator.yamlio import read_yaml_file

        _, positions = read_yaml_file(path)
        raise ContentError([p(positions) for p in problems])
    return assessment, raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()


def assessment_from_text(text: str, name: str) -> Assessment:
    """Validate stored assessment text (as kept in the records database).

    Through the content cache, by the text's digest: verifying an attempt reads the title
    of the definition it was taken under, and the same text is never parsed twice.
    """
    from simulator.contentcache import cached

    raw = text.encode("utf-8")
    return cached(f"{Assessment.__module__}.{Assessment.__qualname__}:stored", raw,
                  lambda: _from_bytes(raw, name))


def _from_bytes(raw: bytes, name: str) -> Assessment:
    from simulator.yamlio import parse_yaml_bytes  # a cached text needs no YAML parser

    data, positions = parse_yaml_bytes(raw, name)
    return validate_data(Assessment, data, positions)


def lint_assessment(assessment: Assessment) -> list[Any]:
    """Cross-reference problems, as functions from file positions to a :class:`Problem`."""
    from simulator.pacing import expected_minutes
    from simulator.scenarios import load_scenario_file, shipped_scenarios

    shipped = {p.stem: p for p in shipped_scenarios()}
    out = []
    seen: dict[tuple[str, int], int] = {}
    play_seconds = 0
    for i, part in enumerate(assessment.scenarios):
        where = ("scenarios", i, "scenario")
        if part.scenario not in shipped:
            close = difflib.get_close_matches(part.scenario, list(shipped), n=1)
            hint = f"did you mean '{close[0]}'?" if close else \
                "shipped: " + ", ".join(sorted(shipped))
            out.append(_at(where, f"no shipped scenario '{part.scenario}'", hint))
            continue
        scenario = load_scenario_file(shipped[part.scenario])
        if "assessment" not in scenario.modes:
            out.append(_at(where, f"scenario '{part.scenario}' is for practice only",
                           "choose a scenario whose modes include assessment"))
        key = (part.scenario, part.seed)
        if key in seen:
            out.append(_at(("scenarios", i), f"repeats scenarios[{seen[key]}] with the same "
                           "seed", "use another seed or remove it"))
        seen.setdefault(key, i)
        play_seconds += expected_minutes(scenario) * 60
    limit = assessment.time_limit_minutes
    if limit is not None and not out and play_seconds > limit * 60:
        out.append(_at(("time_limit_minutes",),
                       f"the shifts take about {-(-play_seconds // 60)} minutes for a "
                       f"person to play, longer than the {limit}-minute limit",
                       "raise the limit or drop a scenario"))
    return out


def _at(path: tuple[str | int, ...], message: str, hint: str) -> Any:
    def problem(positions: Positions) -> Problem:
        return positions.problem(path, message, hint)

    return problem


__all__ = ["Assessment", "AssessmentPart", "assessment_from_text", "assessments_dir",
           "load_assessment_file", "lint_assessment", "resolve_assessment_path"]
