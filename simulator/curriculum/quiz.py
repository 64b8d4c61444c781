"""A quiz run: choose items, take answers, and report readiness per competency and domain.

Pure and deterministic: the items are chosen with a seeded stream; the report names the
scenarios and glossary terms that train each weak competency. :func:`quiz_context` loads
the shipped content a quiz needs (the one part that reads files), for both the terminal
quiz and the window.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import NamedTuple

from simulator.curriculum import Curriculum, load_curriculum
from simulator.curriculum.models import NHA_TITLES
from simulator.curriculum.questions import Question, load_bank

#: The heading shown above an item, by its kind.
KIND_LABEL = {"term_to_definition": "Glossary", "definition_to_term": "Glossary",
              "situational": "Situational judgement", "checklist": "Self-check"}


@dataclass
class Answer:
    """One answered item."""

    item: Question
    choice: int
    credit: int


@dataclass
class Readiness:
    """Score for one competency or NHA domain."""

    key: str
    title: str
    percent: int
    items: int
    scenarios: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


class QuizContext(NamedTuple):
    """What a quiz run and its readiness report need from the shipped content."""

    curriculum: Curriculum
    #: The question bank.
    bank: list[Question]
    #: Competency id -> title.
    titles: dict[str, str]
    #: Competency id -> ids of the shipped scenarios that have it as an objective.
    scenarios_for: dict[str, list[str]]
    #: Competency id -> glossary terms linked to it.
    terms_for: dict[str, list[str]]


def quiz_context() -> QuizContext:
    """Load the curriculum, the bank and the shipped scenarios, and index them by competency.

    Scenario and glossary lists keep the shipped order; the scenarios are loaded only here,
    so importing this module stays cheap.
    """
    from simulator.scenarios import load_scenario_file, shipped_scenarios

    cur = load_curriculum()
    bank, _ = load_bank()
    titles = {c.id: c.title for c in cur.competencies}
    scenarios_for: dict[str, list[str]] = {}
    for path in shipped_scenarios():
        scn = load_scenario_file(path)
        for cid in scn.objectives:
            scenarios_for.setdefault(cid, []).append(scn.id)
    terms_for: dict[str, list[str]] = {}
    for term in cur.glossary:
        for cid in term.competencies:
            terms_for.setdefault(cid, []).append(term.term)
    return QuizContext(cur, bank, titles, scenarios_for, terms_for)


def choose_items(bank: list[Question], count: int, seed: int, *,
                 competency: str | None = None, due_first: list[str] | None = None,
                 include_checklist: bool = True) -> list[Question]:
    """Pick ``count`` items: due reviews first, then a seeded mix of the rest.

    The mix takes situational items, glossary items and (once) the self-check items in
    roughly equal turns, so a short quiz still touches every kind.
    """
    rng = random.Random(f"{seed}:quiz")
    pool = [q for q in bank if competency is None or competency in q.competencies]
    if not include_checklist:
        pool = [q for q in pool if q.kind != "checklist"]
    by_id = {q.id: q for q in pool}
    chosen = [by_id[i] for i in (due_first or []) if i in by_id][:count]
    kinds: dict[str, list[Question]] = {}
    for q in sorted(pool, key=lambda q: q.id):
        if q not in chosen:
            kinds.setdefault(q.kind, []).append(q)
    for items in kinds.values():
        rng.shuffle(items)
    order = ["situational", "term_to_definition", "definition_to_term", "checklist"]
    while len(chosen) < count and any(kinds.values()):
        for kind in order:
            if kinds.get(kind) and len(chosen) < count:
                chosen.append(kinds[kind].pop())
    return chosen


def shuffled_options(item: Question, seed: int) -> list[int]:
    """Display order of an item's options (Likert scales keep their order)."""
    order = list(range(len(item.options)))
    if item.kind != "checklist":
        random.Random(f"{seed}:{item.id}").shuffle(order)
    return order


def readiness(answers: list[Answer], titles: dict[str, str],
              scenarios_for: dict[str, list[str]], terms_for: dict[str, list[str]],
              ) -> tuple[list[Readiness], list[Readiness]]:
    """Per-competency and per-domain readiness, weakest first."""
    comp: dict[str, list[int]] = {}
    dom: dict[str, list[int]] = {}
    for a in answers:
        for cid in a.item.competencies:
            comp.setdefault(cid, []).append(a.credit)
        dom.setdefault(a.item.domain.value, []).append(a.credit)
    by_comp = [Readiness(cid, titles.get(cid, cid), sum(v) // len(v), len(v),
                         scenarios_for.get(cid, [])[:3], terms_for.get(cid, [])[:3])
               for cid, v in comp.items()]
    by_dom = [Readiness(d, NHA_TITLES.get(d, d), sum(v) // len(v), len(v), [], [])
              for d, v in dom.items()]
    return (sorted(by_comp, key=lambda r: (r.percent, r.key)),
            sorted(by_dom, key=lambda r: (r.percent, r.key)))
