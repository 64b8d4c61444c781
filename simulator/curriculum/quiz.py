"""A quiz run: choose items, take answers, and report readiness per competency and domain.

Pure and deterministic: the items are chosen with a seeded stream; the report names the
scenarios and glossary terms that train each weak competency. :func:`quiz_context` loads
the shipped content a quiz needs (the one part that reads files), for both the terminal
quiz and the window.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from simulator.curriculum import Curriculum, load_curriculum
from simulator.curriculum.models import NHA_TITLES, NHA_WEIGHTS, NhaDomain
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


def blueprint_counts(count: int, domains: list[str] | None = None) -> dict[str, int]:
    """Items per NHA CMAA domain for a quiz of ``count`` items (largest remainder).

    Each domain gets the whole part of its share of ``count``; the items left over go to
    the largest fractional parts (ties: the heavier domain, then test-plan order), so the
    counts add up to ``count`` and each is within one item of its exact share.

    Args:
        count: The quiz length.
        domains: Only these domains share the items (the others get none), for a bank
            that has run out of items in some domain; all seven by default.
    """
    weights = {d.value: w for d, w in NHA_WEIGHTS.items()
               if domains is None or d.value in domains}
    total = sum(weights.values())
    if total == 0 or count <= 0:
        return dict.fromkeys(weights, 0)
    exact = {d: Fraction(count * w, total) for d, w in weights.items()}
    counts = {d: int(x) for d, x in exact.items()}
    order = list(weights)
    left = sorted(order, key=lambda d: (-(exact[d] - counts[d]), -weights[d], order.index(d)))
    for d in left[:count - sum(counts.values())]:
        counts[d] += 1
    return counts


def _quotas(count: int, available: dict[str, int]) -> dict[str, int]:
    """Blueprint counts capped by what the bank holds, the excess shared by the others."""
    quotas = dict.fromkeys(available, 0)
    open_domains = [d for d, n in available.items() if n > 0]
    remaining = min(count, sum(available.values()))
    while remaining > 0 and open_domains:
        share = blueprint_counts(remaining, open_domains)
        for d, n in share.items():
            take = min(n, available[d] - quotas[d])
            quotas[d] += take
            remaining -= take
        open_domains = [d for d in open_domains if quotas[d] < available[d]]
    return quotas


def scored(bank: list[Question]) -> list[Question]:
    """The items that count toward the readiness score (everything but self-ratings)."""
    return [q for q in bank if q.kind != "checklist"]


def self_check_items(bank: list[Question]) -> list[Question]:
    """The readiness-checklist self-ratings, in bank order (asked apart, never scored)."""
    return [q for q in bank if q.kind == "checklist"]


def choose_items(bank: list[Question], count: int, seed: int, *,
                 competency: str | None = None,
                 due_first: list[str] | None = None) -> list[Question]:
    """Pick ``count`` scored items with a seeded stream, weighted by the CMAA blueprint.

    Each domain gets its :func:`blueprint_counts` share (a domain short of items passes
    its share on). Within a domain, items due for review come first, then situational and
    glossary items in turn, never both glossary items of one term (one gives the other
    away). Due items lead the quiz; the rest are in seeded order. With ``competency`` the
    quiz is focused practice: every item tests that competency and the blueprint is off.
    Self-ratings are never chosen here (see :func:`self_check_items`).
    """
    rng = random.Random(f"{seed}:quiz")
    pool = sorted(scored(bank), key=lambda q: q.id)
    due = list(due_first or [])
    if competency is not None:
        pool = [q for q in pool if competency in q.competencies]
        rng.shuffle(pool)
        first = [q for i in due for q in pool if q.id == i]
        return (first + [q for q in pool if q not in first])[:count]
    by_domain: dict[str, list[Question]] = {d.value: [] for d in NHA_WEIGHTS}
    for q in pool:
        by_domain[q.domain.value].append(q)
    quotas = _quotas(count, {d: len(qs) for d, qs in by_domain.items()})
    leading: list[Question] = []
    rest: list[Question] = []
    for domain, items in by_domain.items():
        rank = {i: n for n, i in enumerate(due)}
        overdue = sorted((q for q in items if q.id in rank), key=lambda q: rank[q.id])
        sj = [q for q in items if q.kind == "situational" and q.id not in rank]
        gl = [q for q in items if q.kind != "situational" and q.id not in rank]
        rng.shuffle(sj)
        rng.shuffle(gl)
        picked: list[Question] = []
        terms: set[str] = set()
        for q in overdue:
            if len(picked) < quotas[domain]:
                picked.append(q)
                terms.update(q.terms if q.kind != "situational" else ())
        lead = len(picked)
        turn = 0
        while len(picked) < quotas[domain] and (sj or gl):
            source = sj if (turn % 2 == 0 and sj) or not gl else gl
            turn += 1
            q = source.pop()
            if q.kind != "situational" and terms & set(q.terms):
                if not sj and not any(not terms & set(g.terms) for g in gl):
                    picked.append(q)  # nothing else left: a pair beats a short quiz
                continue
            picked.append(q)
            terms.update(q.terms if q.kind != "situational" else ())
        leading += picked[:lead]
        rest += picked[lead:]
    rng.shuffle(rest)
    return leading + rest


def domain_counts(items: list[Question]) -> dict[str, int]:
    """How many of ``items`` fall in each NHA domain, in test-plan order."""
    counts = {d.value: 0 for d in NHA_WEIGHTS}
    for q in items:
        counts[q.domain.value] += 1
    return counts


def shuffled_options(item: Question, seed: int) -> list[int]:
    """Display order of an item's options for one run (Likert scales keep their order).

    ``seed`` is the run's seed: the same run shows the same order every time it is drawn,
    a new run (a new seed) shuffles again, review items included.
    """
    order = list(range(len(item.options)))
    if item.kind != "checklist":
        random.Random(f"{seed}:{item.id}").shuffle(order)
    return order


def readiness(answers: list[Answer], titles: dict[str, str],
              scenarios_for: dict[str, list[str]], terms_for: dict[str, list[str]],
              ) -> tuple[list[Readiness], list[Readiness]]:
    """Per-competency and per-domain readiness, weakest first (self-ratings left out)."""
    comp: dict[str, list[int]] = {}
    dom: dict[str, list[int]] = {}
    for a in answers:
        if a.item.kind == "checklist":
            continue  # self-ratings are reported apart, never scored
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


# -- the readiness standard (docs/quiz.md says how it was set) ------------------------------

#: The team's modified-Angoff judgement per domain: the mean credit (0-100) a new hire who
#: is just ready to work the desk alone would earn on this bank's items in that domain.
#: A provisional standard set by the team, not a validated one (docs/quiz.md).
ANGOFF_BY_DOMAIN: dict[str, int] = {
    "foundational-knowledge": 65,
    "communication-professionalism": 70,
    "law-ethics-compliance": 75,
    "scheduling": 70,
    "patient-encounter": 75,
    "billing-revenue-cycle": 60,
    "practice-administration": 70,
}

#: The cut score: the blueprint-weighted mean of the judgements above (70 %).
CUT_SCORE: int = round(sum(NHA_WEIGHTS[NhaDomain(d)] * v for d, v in ANGOFF_BY_DOMAIN.items())
                       / sum(NHA_WEIGHTS.values()))

#: No domain may fall below this, whatever the total: one strong area must not hide a weak one.
DOMAIN_FLOOR = 50

#: A "Ready" call needs at least this many scored answers on a blueprint-weighted quiz
#: (fewer items say too little); shorter or focused quizzes can only say "Not yet".
READY_MIN_ITEMS = 20

#: Default quiz length: long enough for a "Ready" call.
DEFAULT_COUNT = READY_MIN_ITEMS


@dataclass
class Verdict:
    """The readiness call for one quiz attempt."""

    ready: bool
    score: int
    items: int
    #: Titles of the weakest domains (below the cut, else the lowest), weakest first.
    weakest: list[str]
    #: Why the call is what it is, in one sentence.
    reason: str

    @property
    def line(self) -> str:
        """The "Ready / Not yet" line shown to the trainee."""
        head = "Ready" if self.ready else "Not yet"
        return f"{head}: {self.score} % (cut score {CUT_SCORE} %). {self.reason}"


def overall(answers: list[Answer]) -> int:
    """The readiness score: mean credit of the scored answers (self-ratings left out)."""
    credits = [a.credit for a in answers if a.item.kind != "checklist"]
    return sum(credits) // len(credits) if credits else 0


def verdict(answers: list[Answer], *, focused: bool = False) -> Verdict:
    """Ready or not yet, against the cut score and the domain floor; names the weak domains.

    Args:
        answers: The attempt's answers; self-ratings are ignored.
        focused: The quiz kept to one competency (no blueprint), so it cannot say Ready.
    """
    _, domains = readiness(answers, {}, {}, {})
    score = overall(answers)
    count = sum(1 for a in answers if a.item.kind != "checklist")
    below = [r for r in domains if r.percent < CUT_SCORE]
    short = [r for r in domains if r.percent < 100]
    weak = (below or short)[:2]
    weakest = [r.title for r in weak]
    floor = [r for r in domains if r.percent < DOMAIN_FLOOR]
    named = " and ".join(f"{r.title} ({r.percent} %)" for r in weak)
    which = f"Weakest: {named}." if weak else "No weak domain."
    if focused:
        return Verdict(False, score, count, weakest, "A focused quiz practices one "
                       "competency; take a full quiz for a readiness call.")
    if count < READY_MIN_ITEMS:
        return Verdict(False, score, count, weakest, f"Only {count} scored item(s): a "
                       f"readiness call needs at least {READY_MIN_ITEMS}. {which}")
    if score < CUT_SCORE:
        return Verdict(False, score, count, weakest, which)
    if floor:
        low = " and ".join(f"{r.title} ({r.percent} %)" for r in floor[:2])
        return Verdict(False, score, count, weakest, f"Above the cut overall, but under "
                       f"{DOMAIN_FLOOR} % in {low}.")
    return Verdict(True, score, count, weakest, which)


def self_ratings(answers: list[Answer]) -> list[tuple[Question, str]]:
    """The self-check answers as (item, the chosen rating's words), for a separate report."""
    return [(a.item, a.item.options[a.choice].text) for a in answers
            if a.item.kind == "checklist"]


def attempt_record(answers: list[Answer], *, at: str, seed: int, asked: int,
                   focus: str | None = None) -> dict[str, Any]:
    """One attempt as plain data for the trainee's quiz history (progress store).

    Args:
        answers: Every answer given (self-ratings are stored apart from the score).
        at: When it ended, ISO 8601 UTC (the caller reads the clock).
        seed: The run's seed (the same seed replays the same items and option order).
        asked: How many scored items the quiz held (more than answered if stopped early).
        focus: The competency of a focused quiz, if any.
    """
    _, domains = readiness(answers, {}, {}, {})
    call = verdict(answers, focused=focus is not None)
    order = [d.value for d in NHA_WEIGHTS]
    return {
        "at": at, "seed": seed, "asked": asked, "answered": call.items, "focus": focus,
        "score": call.score, "cut": CUT_SCORE, "ready": call.ready, "reason": call.reason,
        "domains": {r.key: {"percent": r.percent, "items": r.items}
                    for r in sorted(domains, key=lambda r: order.index(r.key))},
        "self_check": {a.item.checklist: a.credit for a in answers
                       if a.item.kind == "checklist"},
    }
