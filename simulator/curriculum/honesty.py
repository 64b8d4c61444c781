"""Curriculum honesty: what the content claims is really there.

Four lints for ``frontdesk curriculum check``, each reported at the file and line of the
claim:

* a checklist item's ``shown_by`` evidence names a scenario, competency, scored check or quiz
  item that exists, and the scenario really scores that check;
* a scenario's ``objectives`` are competencies some scorer scores, and that this scenario
  puts at stake when it is played;
* every dialogue branches at least once on a harmful or critical reply (the person answers
  what was actually said instead of carrying on as if it were fine);
* a glossary definition reads plainly (see :data:`PLAIN`).

What "scored" means is read from the scoring code itself (:func:`scored_by_code`) and, per
scenario, from a few deterministic bot runs (:func:`scenario_evidence`), so the lint cannot
drift from what the scorers do.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulator.errors import Problem
from simulator.positions import Positions

#: Bots and seeds played to see what a scenario puts at stake. The expert shows what a
#: competent day earns; the novice and random bots make the mistakes that penalty-only
#: checks (scope of practice, misused actions) exist to catch.
EVIDENCE_RUNS: tuple[tuple[str, int], ...] = (
    ("expert", 1), ("expert", 2), ("novice", 1), ("novice", 2), ("random", 1), ("random", 2))

_COMPETENCY = re.compile(r"^[a-z]+\.[a-z0-9-]+$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Scored:
    """What the scoring code can score at all: competency ids and check codes."""

    competencies: frozenset[str]
    codes: frozenset[str]


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else None


def _scan(source: str, out_comp: set[str], out_codes: set[str]) -> None:
    """Collect the competency and code literals a module's scorers emit."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            args = node.args
            # Finding(dimension, competency, code, ...), _ob(code, dimension, competency, ...),
            # Misuse(code, dimension, competency, ...)
            where = {"Finding": (1, 2), "_ob": (2, 0), "Misuse": (2, 0)}.get(name)
            if where is None or len(args) <= max(where):
                continue
            comp, code = _literal(args[where[0]]), _literal(args[where[1]])
            if comp and _COMPETENCY.match(comp):
                out_comp.add(comp)
            if code and _CODE.match(code):
                out_codes.add(code)
        elif isinstance(node, (ast.Assign, ast.Dict)):
            # A competency picked per task kind (COMPETENCY_BY_KIND, ``competency = ...``).
            values = node.values if isinstance(node, ast.Dict) else [node.value]
            for value in values:
                text = _literal(value)
                if text and _COMPETENCY.match(text):
                    out_comp.add(text)


@lru_cache(maxsize=1)
def scored_by_code() -> Scored:
    """Every competency and check code the scorers (protocol and scoring) can emit."""
    import simulator.protocol
    import simulator.scoring

    comps: set[str] = set()
    codes: set[str] = set()
    files = [Path(simulator.protocol.__file__)]
    files += sorted(Path(simulator.scoring.__file__).parent.glob("*.py"))
    for path in files:
        if path.name == "texts.py":
            continue  # debrief words, not scorers
        _scan(path.read_text(encoding="utf-8"), comps, codes)
    from simulator.everyday.duties import DUTIES
    from simulator.protocol import MISUSES, POINTS

    codes |= set(POINTS) | set(MISUSES)
    comps |= {m.competency for m in MISUSES.values()}
    # The everyday desk's duties name their competencies in one table.
    comps |= {d.competency for d in DUTIES.values()}
    return Scored(frozenset(comps), frozenset(codes))


@dataclass
class Evidence:
    """What one scenario put at stake over :data:`EVIDENCE_RUNS`."""

    competencies: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)


def scenario_evidence(scenario: object) -> Evidence:
    """Play ``scenario`` with :data:`EVIDENCE_RUNS` and collect what was scored.

    A check counts when it had points at stake (possible > 0) in at least one run.
    """
    from simulator.bots import make_bot
    from simulator.engine.expand import expand
    from simulator.engine.runner import run_bot
    from simulator.scoring import collect_findings
    from simulator.scoring.compliance import SCOPE_VIOLATIONS
    from simulator.scoring.context import ScoreContext

    ev = Evidence()
    # A reply outside the desk's scope is at stake wherever one is on offer, whether or not
    # a bot happened to pick it.
    if any(choice.violation in SCOPE_VIOLATIONS
           for dlg in scenario.dialogues  # type: ignore[attr-defined]
           for beat in dlg.beats for choice in beat.choices):
        ev.competencies.add("privacy.scope-of-practice")
        ev.codes.add("scope_violation")
    for bot, seed in EVIDENCE_RUNS:
        shift, _ = run_bot(expand(scenario, seed), make_bot(bot, seed))  # type: ignore[arg-type]
        for f in collect_findings(ScoreContext(shift.x, shift.outcomes)):
            if f.possible > 0:
                ev.competencies.add(f.competency)
                ev.codes.add(f.code)
    return ev


# -- objectives --------------------------------------------------------------------------


def lint_objectives(pos: Positions, objectives: list[str], scored: Scored,
                    evidence: Evidence | None) -> list[Problem]:
    """Objectives no scorer scores, or that this scenario never puts at stake."""
    out = []
    for j, cid in enumerate(objectives):
        if cid not in scored.competencies:
            out.append(pos.problem(("objectives", j),
                                   f"objective '{cid}' is scored by no scorer",
                                   "drop it, or add a check that scores it"))
        elif evidence is not None and cid not in evidence.competencies:
            runs = len(EVIDENCE_RUNS)
            out.append(pos.problem(("objectives", j),
                                   f"objective '{cid}' is never at stake in this scenario "
                                   f"({runs} bot runs scored nothing for it)",
                                   "drop it, or add the event or task that tests it"))
    return out


# -- checklist evidence ------------------------------------------------------------------


def lint_shown_by(pos: Positions, items: list, scenarios: dict[str, Evidence | None],
                  competencies: set[str], quiz_items: set[str],
                  scored: Scored) -> list[Problem]:
    """Each ``shown_by`` entry points at things that exist, and the scenario scores the check.

    Args:
        pos: Positions of ``curriculum/checklist.yaml``.
        items: The checklist items.
        scenarios: Shipped scenario ids, each with its evidence (None: not played).
        competencies: Known competency ids.
        quiz_items: Known quiz item ids.
        scored: What the scorers can score.
    """
    out: list[Problem] = []
    for i, item in enumerate(items):
        for j, ev in enumerate(item.shown_by):
            at = ("items", i, "shown_by", j)
            if ev.scenario is not None and ev.scenario not in scenarios:
                out.append(pos.problem((*at, "scenario"), f"no shipped scenario '{ev.scenario}'",
                                       "name a scenario id (frontdesk scenario list)"))
            if ev.competency is not None and ev.competency not in competencies:
                out.append(pos.problem((*at, "competency"), f"no competency '{ev.competency}'"))
            if ev.quiz is not None and ev.quiz not in quiz_items:
                out.append(pos.problem((*at, "quiz"), f"no quiz item '{ev.quiz}'"))
            if ev.check is None:
                continue
            if ev.check not in scored.codes:
                out.append(pos.problem((*at, "check"), f"no scored check '{ev.check}'",
                                       "name a check code the debrief uses (e.g. abandoned, "
                                       "discrepancy_caught, conflict_routed)"))
                continue
            played = scenarios.get(ev.scenario) if ev.scenario else None
            if played is not None and ev.check not in played.codes:
                out.append(pos.problem((*at, "check"),
                                       f"scenario '{ev.scenario}' never scores '{ev.check}'",
                                       "point at a scenario that tests it"))
    return out


# -- dialogue branching ------------------------------------------------------------------

#: Reply meanings a dialogue must react to.
HURTFUL = ("harmful", "critical")


def dialogue_branches(dialogue: object) -> bool:
    """True when some harmful or critical reply leads to a beat other than the default next.

    The default next beat is the one listed after the reply's beat (none after the last).
    """
    beats = list(dialogue.beats)  # type: ignore[attr-defined]
    for i, beat in enumerate(beats):
        default = beats[i + 1].id if i + 1 < len(beats) else None
        for choice in beat.choices:
            if choice.meaning in HURTFUL and choice.then == "continue" and \
                    choice.next is not None and choice.next != default:
                return True
    return False


def lint_branching(pos: Positions, dialogues: Iterable[object]) -> list[Problem]:
    """A problem at each dialogue that never branches on a harmful or critical reply."""
    out = []
    for i, dlg in enumerate(dialogues):
        if not dialogue_branches(dlg):
            out.append(pos.problem(("dialogues", i, "id"),
                                   f"dialogue '{dlg.id}' never branches on a harmful or "  # type: ignore[attr-defined]
                                   "critical reply",
                                   "give one such reply a 'next:' beat where the person "
                                   "answers what was actually said"))
    return out


# -- plain language ----------------------------------------------------------------------

#: Plain-reading thresholds for a glossary definition (roughly US grade 8): the average
#: sentence at most ``words_per_sentence`` words, no sentence over ``longest_sentence``,
#: and at most ``long_word_share`` percent of words of three or more syllables. Desk words
#: such as "insurance" or "authorization" count as long, hence a share above a novel's.
PLAIN: dict[str, int] = {"words_per_sentence": 14, "longest_sentence": 22,
                         "long_word_share": 22}

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:]?")


def syllables(word: str) -> int:
    """A rough syllable count (vowel groups, with a silent final e)."""
    w = word.lower().strip("'-")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def reading_stats(text: str) -> dict[str, float]:
    """Words per sentence (mean and longest) and the share (%) of long words."""
    sentences = [s for s in _SENTENCE.findall(text) if _WORD.search(s)]
    counts = [len(_WORD.findall(s)) for s in sentences] or [0]
    words = _WORD.findall(text)
    # Acronyms (EHR, HIPAA, PCP) are read as letters or one word, not as long words.
    long = [w for w in words if not w.isupper() and syllables(w) >= 3]
    return {"words_per_sentence": sum(counts) / len(counts),
            "longest_sentence": max(counts),
            "long_word_share": 100 * len(long) / max(1, len(words))}


def lint_plain(pos: Positions, terms: list) -> list[Problem]:
    """A problem at each glossary definition above a :data:`PLAIN` threshold."""
    out = []
    for i, term in enumerate(terms):
        stats = reading_stats(term.definition)
        over = [f"{name.replace('_', ' ')} {stats[name]:.0f} (at most {limit})"
                for name, limit in PLAIN.items() if stats[name] > limit]
        if over:
            out.append(pos.problem(("terms", i, "definition"),
                                   f"'{term.id}' is not plain enough: " + ", ".join(over),
                                   "use shorter sentences and everyday words"))
    return out
