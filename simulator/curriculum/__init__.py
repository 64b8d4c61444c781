"""The curriculum: competencies, glossary and readiness checklist, loaded and cross-checked.

Everything that scores or quizzes a trainee refers to these ids, so they are validated as
strictly as scenarios and linted for dangling references (glossary to competencies,
checklist to competencies, scenarios' objectives to competencies).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from simulator.curriculum.models import (
    NHA_WEIGHTS,
    ChecklistFile,
    ChecklistItem,
    Competency,
    CompetencyFile,
    GlossaryFile,
    GlossaryTerm,
    NhaDomain,
    Skill,
)
from simulator.errors import ContentError, Problem
from simulator.positions import Positions
from simulator.resources import data_dir
from simulator.validation import load_model, validate_data

__all__ = [
    "Curriculum",
    "Competency",
    "GlossaryTerm",
    "ChecklistItem",
    "NhaDomain",
    "Skill",
    "NHA_WEIGHTS",
    "load_curriculum",
    "check_curriculum",
    "unknown_id",
]


@dataclass(frozen=True)
class Curriculum:
    """The loaded curriculum, with lookups by id."""

    competencies: tuple[Competency, ...]
    glossary: tuple[GlossaryTerm, ...]
    checklist: tuple[ChecklistItem, ...]

    def competency(self, cid: str) -> Competency | None:
        """Return the competency with id ``cid``, or None."""
        return next((c for c in self.competencies if c.id == cid), None)

    def term(self, tid: str) -> GlossaryTerm | None:
        """Return the glossary term with id ``tid``, or None."""
        return next((t for t in self.glossary if t.id == tid), None)

    def to_json(self) -> dict:
        """Return the curriculum as plain JSON-ready data."""
        return {
            "glossary": [t.model_dump(mode="json") for t in self.glossary],
            "checklist": [c.model_dump(mode="json") for c in self.checklist],
            "competencies": [c.model_dump(mode="json") for c in self.competencies],
        }


def _load(root: Path, *, located: bool = False
          ) -> tuple[Curriculum, dict[str, Positions]]:
    """Load the three files; with ``located``, also their positions (for the lint)."""
    problems: list[Problem] = []
    loaded: dict[str, object] = {}
    positions: dict[str, Positions] = {}
    for name, model in (("competencies", CompetencyFile), ("glossary", GlossaryFile),
                        ("checklist", ChecklistFile)):
        path = root / f"{name}.yaml"
        display = f"curriculum/{name}.yaml"
        try:
            if located:
                from simulator.yamlio import read_yaml_file  # the lint parses; a load need not

                data, pos = read_yaml_file(path, display=display)
                loaded[name] = validate_data(model, data, pos)
                positions[name] = pos
            else:
                loaded[name] = load_model(model, path, display=display)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    cur = Curriculum(
        competencies=tuple(loaded["competencies"].competencies),  # type: ignore[attr-defined]
        glossary=tuple(loaded["glossary"].terms),  # type: ignore[attr-defined]
        checklist=tuple(loaded["checklist"].items),  # type: ignore[attr-defined]
    )
    return cur, positions


def load_curriculum(root: Path | None = None) -> Curriculum:
    """Load and validate the curriculum folder (the shipped one by default).

    Raises:
        ContentError: If any file is missing or invalid.

    """
    return _load(root or data_dir("curriculum"))[0]


def check_curriculum(root: Path | None = None) -> tuple[Curriculum, list[Problem]]:
    """Load the curriculum and lint its cross-references.

    Args:
        root: The curriculum folder (the shipped one by default). Scenario objectives are
            checked as each scenario loads (:func:`simulator.scenarios.objective_problems`).

    Returns:
        The curriculum and every problem found (empty when all is well).

    Raises:
        ContentError: If a file cannot be loaded at all.

    """
    cur, pos = _load(root or data_dir("curriculum"), located=True)
    comp_ids = {c.id for c in cur.competencies}
    term_ids = {t.id for t in cur.glossary}
    out: list[Problem] = []
    out += _dupes(pos["competencies"], "competencies", [c.id for c in cur.competencies])
    out += _dupes(pos["glossary"], "terms", [t.id for t in cur.glossary])
    out += _dupes(pos["checklist"], "items", [c.id for c in cur.checklist])
    for i, term in enumerate(cur.glossary):
        for j, cid in enumerate(term.competencies):
            if cid not in comp_ids:
                out.append(unknown_id(pos["glossary"], ("terms", i, "competencies", j),
                                    "competency", cid, comp_ids))
        for j, tid in enumerate(term.see_also):
            if tid not in term_ids:
                out.append(unknown_id(pos["glossary"], ("terms", i, "see_also", j),
                                    "glossary term", tid, term_ids))
    for i, item in enumerate(cur.checklist):
        for j, cid in enumerate(item.competencies):
            if cid not in comp_ids:
                out.append(unknown_id(pos["checklist"], ("items", i, "competencies", j),
                                    "competency", cid, comp_ids))
    used = {cid for t in cur.glossary for cid in t.competencies}
    for i, comp in enumerate(cur.competencies):
        if comp.id not in used:
            out.append(pos["competencies"].problem(
                ("competencies", i, "id"), f"competency '{comp.id}' has no glossary term",
                "link at least one glossary term to it"))
    return cur, out


def _dupes(pos: Positions, base: str, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, ident in enumerate(ids):
        if ident in seen:
            out.append(pos.problem((base, i, "id"), f"id '{ident}' is used twice",
                                   "ids must be unique"))
        seen.add(ident)
    return out


def unknown_id(pos: Positions, path: tuple, what: str, value: str, known: set[str],
               otherwise: str | None = None) -> Problem:
    """An id that names nothing known: "did you mean" the closest one, else ``otherwise``."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else otherwise or f"define the {what} first"
    return pos.problem(path, f"no {what} with id '{value}'", hint)
