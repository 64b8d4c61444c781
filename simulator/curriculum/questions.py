"""The readiness-quiz item bank (``curriculum/questions/*.yaml``): models, loading, lint.

Four kinds of item: glossary both ways (one right answer of four), situational judgement
(four answers ranked best to worst, with partial credit), and checklist self-ratings
(a five-point Likert scale tied to one readiness checklist item).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.curriculum.models import CompetencyId, NhaDomain, Slug, Text
from simulator.errors import ContentError, Problem
from simulator.resources import data_dir
from simulator.scenarios.synthetic import synthetic_problems
from simulator.validation import validate_data
from simulator.yamlio import Positions, read_yaml_file

Kind = Literal["term_to_definition", "definition_to_term", "situational", "checklist"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer: its text, its credit (0-100) and, for situational items, its rank."""

    text: Text
    credit: int = Field(ge=0, le=100)
    rank: int | None = Field(None, ge=1, le=6)


class Question(_Strict):
    """One quiz item."""

    id: Slug
    kind: Kind
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=6)
    explanation: Text
    competencies: list[CompetencyId] = Field(min_length=1, max_length=4)
    domain: NhaDomain
    terms: list[Slug] = Field(default_factory=list, max_length=6)
    checklist: Slug | None = None
    evidence: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Question:
        credits = [o.credit for o in self.options]
        if self.kind in ("term_to_definition", "definition_to_term"):
            if len(self.options) != 4 or credits.count(100) != 1 or sum(credits) != 100:
                raise ValueError("a glossary item has 4 options, exactly one worth 100")
        elif self.kind == "situational":
            ranks = sorted(o.rank or 0 for o in self.options)
            if ranks != list(range(1, len(self.options) + 1)):
                raise ValueError("situational options need ranks 1..n, each used once")
            by_rank = [o.credit for o in sorted(self.options, key=lambda o: o.rank or 0)]
            if by_rank[0] != 100 or by_rank != sorted(by_rank, reverse=True):
                raise ValueError("credit must fall with rank, and the best answer earns 100")
        elif self.checklist is None:
            raise ValueError("a checklist item names its checklist entry (checklist: ...)")
        return self

    @property
    def best(self) -> int:
        """Index of the best option."""
        return max(range(len(self.options)), key=lambda i: self.options[i].credit)

    def credit(self, choice: int) -> int:
        """Credit (0-100) for answering option ``choice``."""
        return self.options[choice].credit


class QuestionFile(_Strict):
    """One file of items."""

    items: list[Question] = Field(min_length=1)


def questions_dir() -> Path:
    """The shipped item bank folder."""
    return data_dir("curriculum") / "questions"


def load_bank(folder: Path | None = None) -> tuple[list[Question], dict[str, Positions]]:
    """Load every item file, reporting every problem of every file at once."""
    folder = folder or questions_dir()
    items: list[Question] = []
    positions: dict[str, Positions] = {}
    problems: list[Problem] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ContentError.single(str(folder), "no question files (*.yaml) found")
    for path in files:
        display = f"curriculum/questions/{path.name}"
        try:
            data, pos = read_yaml_file(path, display=display)
            parsed = validate_data(QuestionFile, data, pos)
        except ContentError as exc:
            problems += exc.problems
            continue
        problems += synthetic_problems(data, pos)  # synthetic data only, as in scenarios
        positions[path.name] = pos
        items += parsed.items
    if problems:
        raise ContentError(problems)
    return items, positions


def lint_bank(items: list[Question], positions: dict[str, Positions], terms: set[str],
              competencies: set[str], checklist: set[str]) -> list[Problem]:
    """Check ids, references and coverage (every term and competency has items)."""
    out: list[Problem] = []
    seen: Counter[str] = Counter()
    by_file: list[tuple[Positions, int]] = []
    for pos in positions.values():
        count = sum(1 for key in pos.values if len(key) == 2 and key[0] == "items")
        by_file += [(pos, i) for i in range(count)]
    for item, (pos, i) in zip(items, by_file, strict=False):
        seen[item.id] += 1
        if seen[item.id] == 2:
            out.append(pos.problem(("items", i, "id"), f"id '{item.id}' is used twice"))
        for j, cid in enumerate(item.competencies):
            if cid not in competencies:
                out.append(pos.problem(("items", i, "competencies", j),
                                       f"no competency '{cid}'"))
        for j, tid in enumerate(item.terms):
            if tid not in terms:
                out.append(pos.problem(("items", i, "terms", j), f"no glossary term '{tid}'"))
        if item.checklist is not None and item.checklist not in checklist:
            out.append(pos.problem(("items", i, "checklist"),
                                   f"no checklist item '{item.checklist}'"))
    term_use = Counter(t for item in items for t in item.terms)
    comp_use = Counter(c for item in items for c in item.competencies)
    where = next(iter(positions.values()), None)
    for tid in sorted(terms - set(term_use)):
        if where is not None:
            out.append(where.problem((), f"glossary term '{tid}' has no quiz item",
                                     "write at least one item that tests it"))
    for cid in sorted(competencies):
        if comp_use[cid] < 3 and where is not None:
            out.append(where.problem((), f"competency '{cid}' has {comp_use[cid]} item(s)",
                                     "every competency needs at least 3"))
    return out
