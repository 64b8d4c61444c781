"""The cohort report's advice and quiz columns: each trainee's next step and quiz results.

The next step names the trainee's weakest competency in their latest sitting, a shipped
scenario that trains it (one whose ``objectives`` list it, preferring scenarios that list it
first and gentler ones) and the quiz focus that drills it (``frontdesk quiz --competency``,
with how many items of the bank test it). Quiz results come from the answers the records
store holds (:meth:`~simulator.records.quiz_tables.QuizTablesMixin.quiz_answers`); an
answer counts as correct when it earned full credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any


@dataclass(frozen=True)
class ScenarioInfo:
    """What the report needs to know of a shipped scenario."""

    id: str
    title: str
    difficulty: int
    objectives: tuple[str, ...]
    practice: bool = True


@dataclass
class NextStep:
    """What one trainee should practise next."""

    competency: str
    percent: int
    scenario: ScenarioInfo | None
    quiz_items: int
    domain: str | None


@dataclass
class QuizSummary:
    """One trainee's stored quiz answers."""

    answered: int = 0
    correct: int = 0
    #: NHA domain -> [answered, correct], in the bank's domain order.
    domains: dict[str, list[int]] = field(default_factory=dict)

    @property
    def share(self) -> int:
        """Percent of answers that earned full credit."""
        return self.correct * 100 // self.answered if self.answered else 0


@cache
def shipped_scenarios() -> tuple[ScenarioInfo, ...]:
    """The shipped scenarios' ids, titles, difficulty and objectives (read, not expanded).

    Each file's facts come from the content cache when the file is unchanged.
    """
    from simulator.contentcache import cached, read_content_bytes
    from simulator.scenarios import shipped_scenarios as paths

    out = []
    for path in paths():
        try:
            raw = read_content_bytes(path)
            info = cached("report-scenario-info", raw, partial(_scenario_info, path, raw))
        except Exception:  # noqa: BLE001 - a broken file is linted elsewhere; skip it here
            continue
        if info is not None:
            out.append(info)
    return tuple(out)


def _scenario_info(path: Any, raw: bytes) -> ScenarioInfo | None:
    from simulator.yamlio import parse_yaml_bytes, parse_yaml_fast

    data = parse_yaml_fast(raw, str(path))
    if data is None:
        data, _ = parse_yaml_bytes(raw, str(path))
    if not isinstance(data, dict):
        return None
    modes = data.get("modes") or ["practice", "assessment"]
    return ScenarioInfo(str(data.get("id", path.stem)), str(data.get("title", "")),
                        int(data.get("difficulty") or 3),
                        tuple(str(o) for o in data.get("objectives") or ()),
                        "practice" in modes)


@cache
def question_bank() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """The item bank as ``(item id, competencies, NHA domain)`` (empty if it cannot load)."""
    from simulator.curriculum.questions import load_bank

    try:
        items, _ = load_bank()
    except Exception:  # noqa: BLE001 - the report still renders without quiz details
        return ()
    return tuple((q.id, tuple(q.competencies), str(q.domain)) for q in items)


def scenario_for(competency: str, scenarios: Iterable[ScenarioInfo]) -> ScenarioInfo | None:
    """The practice scenario for a competency: it is an objective, early in the list.

    Authors list a scenario's focus first, so the position of the competency among the
    objectives ranks the candidates; then the gentler scenario, then the id (for ties).
    """
    best: tuple[int, int, str] | None = None
    chosen = None
    for s in scenarios:
        if s.practice and competency in s.objectives:
            key = (s.objectives.index(competency), s.difficulty, s.id)
            if best is None or key < best:
                best, chosen = key, s
    return chosen


def next_step(shares: dict[str, list[int]], scenarios: Iterable[ScenarioInfo] | None = None,
              bank: Iterable[tuple[str, tuple[str, ...], str]] | None = None
              ) -> NextStep | None:
    """The weakest competency of a sitting (``shares``: id -> [earned, possible]).

    Ties go to the competency with the most points at stake (more evidence), then by id.
    """
    tested = [(e * 100 // p, -p, cid) for cid, (e, p) in shares.items() if p]
    if not tested:
        return None
    percent, _, cid = min(tested)
    if bank is None:
        count, domain = _bank_focus(cid)
    else:
        count, domain = _focus(cid, tuple(bank))
    return NextStep(cid, percent, scenario_for(cid, shipped_scenarios() if scenarios is None
                                               else scenarios), count, domain)


@cache
def _bank_focus(competency: str) -> tuple[int, str | None]:
    """:func:`_focus` in the shipped bank (the same for every trainee: asked once)."""
    return _focus(competency, question_bank())


def _focus(competency: str, bank: tuple[tuple[str, tuple[str, ...], str], ...]
           ) -> tuple[int, str | None]:
    """How many items drill a competency, and their most common NHA domain."""
    items = [domain for _, comps, domain in bank if competency in comps]
    domain = max(sorted(set(items)), key=items.count) if items else None
    return len(items), domain




def quiz_summaries(answers: Iterable[dict[str, Any]],
                   bank: Iterable[tuple[str, tuple[str, ...], str]] | None = None
                   ) -> dict[str, QuizSummary]:
    """Per trainee id (or display name when a row has none): answers, correct, by domain."""
    domain_of = {item_id: domain for item_id, _, domain in
                 (question_bank() if bank is None else bank)}
    out: dict[str, QuizSummary] = {}
    for row in answers:
        key = str(row.get("trainee_id") or row.get("trainee") or "")
        summary = out.setdefault(key, QuizSummary())
        right = int(row.get("credit") or 0) >= 100
        summary.answered += 1
        summary.correct += right
        domain = domain_of.get(str(row.get("item_id")), "other")
        acc = summary.domains.setdefault(domain, [0, 0])
        acc[0] += 1
        acc[1] += right
    for summary in out.values():
        summary.domains = dict(sorted(summary.domains.items()))
    return out
