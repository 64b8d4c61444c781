"""The readiness-quiz item bank (``curriculum/questions/*.yaml``): models, loading, lint.

Four kinds of item: glossary both ways (one right answer of four), situational judgement
(four answers ranked best to worst, with partial credit), and checklist self-ratings
(a five-point Likert scale tied to one readiness checklist item).
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.contentmodel import Lax, Strict
from simulator.curriculum.models import CompetencyId, NhaDomain, Slug, Text
from simulator.errors import ContentError, Problem
from simulator.resources import data_dir
from simulator.scenarios.synthetic import synthetic_problems
from simulator.validation import load_model, validate_data
from simulator.yamlio import Positions, read_yaml_file

Kind = Literal["term_to_definition", "definition_to_term", "situational", "checklist"]



class Option(Strict):
    """One answer: its text, its credit (0-100) and, for situational items, its rank."""

    text: Text
    credit: int = Field(ge=0, le=100)
    rank: int | None = Field(None, ge=1, le=6)


class Question(Strict):
    """One quiz item."""

    id: Slug
    kind: Kind
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=6)
    explanation: Text
    competencies: list[CompetencyId] = Field(min_length=1, max_length=4)
    domain: Annotated[NhaDomain, Lax]
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


class QuestionFile(Strict):
    """One file of items."""

    items: list[Question] = Field(min_length=1)


def questions_dir() -> Path:
    """The shipped item bank folder."""
    return data_dir("curriculum") / "questions"


def _bank_checks(_parsed: QuestionFile, data: object, pos: Positions) -> list[Problem]:
    """An item file's check beyond its schema: synthetic data only, as in scenarios."""
    return synthetic_problems(data, pos)


def load_bank(folder: Path | None = None, *, located: bool = False
              ) -> tuple[list[Question], dict[str, Positions]]:
    """Load every item file, reporting every problem of every file at once.

    Args:
        folder: The item bank folder (the shipped one by default).
        located: Also return each file's positions (for :func:`lint_bank`); without it the
            files come from the content cache and the positions are left out.

    """
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
            if not located:
                items += load_model(QuestionFile, path, display=display,
                                    check=_bank_checks).items
                continue
            data, pos = read_yaml_file(path, display=display)
            parsed = validate_data(QuestionFile, data, pos)
        except ContentError as exc:
            problems += exc.problems
            continue
        problems += _bank_checks(parsed, data, pos)
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
    out += lint_tells(items, by_file)
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


#: The most a file's items of one kind may give away the answer by its shape (DOMAIN.md:
#: a test-wise guesser who always picks the longest or the fullest option must not pass).
TELL_LIMIT = Fraction(1, 3)

#: What makes an option sound "complete": list separators and chained steps.
_CLAUSE = re.compile(r",|;|:|\band\b|\bthen\b|\bor\b")


def clause_count(text: str) -> int:
    """How many list separators and chained steps an option has (its "completeness")."""
    return len(_CLAUSE.findall(text))


def best_is_longest(item: Question) -> bool:
    """True when no other option is at least as long as the best one."""
    best = len(item.options[item.best].text)
    return all(len(o.text) < best for i, o in enumerate(item.options) if i != item.best)


def best_is_fullest(item: Question) -> bool:
    """True when the best option chains strictly more steps than every other option."""
    best = clause_count(item.options[item.best].text)
    return all(clause_count(o.text) < best for i, o in enumerate(item.options)
               if i != item.best)


def lint_tells(items: list[Question], by_file: list[tuple[Positions, int]]) -> list[Problem]:
    """Per file and kind: the best answer is the longest, or the fullest, in at most a third.

    Self-ratings have no best answer and are skipped. Each problem names the items that
    give their answer away, so an author knows which options to rebalance.
    """
    groups: dict[tuple[str, str], tuple[Positions, list[Question]]] = {}
    for item, (pos, _) in zip(items, by_file, strict=False):
        if item.kind != "checklist":
            groups.setdefault((pos.file, item.kind), (pos, []))[1].append(item)
    out: list[Problem] = []
    for (_, kind), (pos, group) in sorted(groups.items()):
        out += _length_rank_tell(kind, pos, group)
        for test, what in ((best_is_longest, "longest"), (best_is_fullest, "fullest-sounding "
                                                                           "(most clauses)")):
            hits = [q.id for q in group if test(q)]
            if Fraction(len(hits), len(group)) > TELL_LIMIT:
                allowed = int(len(group) * TELL_LIMIT)
                out.append(pos.problem(
                    (), f"{kind} items: the best answer is the {what} option in "
                        f"{len(hits)} of {len(group)} (at most {allowed} allowed)",
                    "rebalance options (make a wrong one as long or as detailed) in: "
                    + ", ".join(hits[:8]) + (" ..." if len(hits) > 8 else "")))
    return out


def length_rank(item: Question) -> int:
    """Where the best option stands by length: 0 longest, 1 second longest, and so on."""
    order = sorted(range(len(item.options)), key=lambda i: -len(item.options[i].text))
    return order.index(item.best)


def _length_rank_tell(kind: str, pos: Positions, group: list[Question]) -> list[Problem]:
    """No one length place (say "always the second longest") may hold over half the items.

    Rebalancing only the longest option can move the tell one place down; a guesser who
    learns "second longest" must not pass either.
    """
    ranks = Counter(length_rank(q) for q in group)
    place, hits = ranks.most_common(1)[0]
    if len(group) < 4 or hits * 2 <= len(group):
        return []
    ids = [q.id for q in group if length_rank(q) == place]
    return [pos.problem((), f"{kind} items: the best answer is length place {place + 1} "
                            f"(1 = longest) in {hits} of {len(group)} (at most half allowed)",
                        "vary where the best answer falls by length, e.g. in: "
                        + ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else ""))]
