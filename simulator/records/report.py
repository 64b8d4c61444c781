"""Cohort reports for trainers: one self-contained HTML file, and a CSV of every attempt.

The HTML has no external parts (inline CSS, charts drawn here as inline SVG, no script),
so it can be mailed or archived as one file. It is rendered by Jinja2 with autoescaping on:
trainee names and feedback text are data, never markup. Sections:

* a row per trainee with the result of their LATEST sitting (a sitting is the rows sharing
  a ``sitting_id``, one per part), their next step (weakest competency, the scenario and
  quiz focus that train it), quiz results, and earlier sittings in a collapsed
  ``<details>`` (a retake that passes is what counts; the history stays one click away);
* a heatmap of trainees x competencies over each trainee's latest sitting, in a
  color-blind-safe sequential scale (viridis) with the number in every cell;
* histograms of the overall score and of each dimension, counts printed on the bars;
* an item analysis: which kinds of mistake and which moments of a shift (the same task of
  the same scenario and seed) trip the most attempts, and critical fails by rule. Every
  share is of ATTEMPTS: distinct attempts in which it happened / attempts;
* calibration sittings played by a bot, and attempts whose records do not verify, each in
  a section of its own and out of every count, chart and pass figure above.

Only scored attempts count (finished or expired); open ones are left out. Everything is
computed from the rows :meth:`~simulator.records.store.Store.attempts` returns (and the
quiz answers of ``Store.quiz_answers()``), so this module needs no SQL. Rows without the
``bot``/``verified`` keys (older stores) count as a person's verified attempt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from markupsafe import Markup

from simulator.protocol import DIMENSIONS
from simulator.records import report_labels as labels
from simulator.records.packing import is_mistake
from simulator.records.report_next import NextStep, QuizSummary, next_step, quiz_summaries

DIMENSION_NAMES = labels.DIMENSION_NAMES
#: Feedback codes that come from conversations (dialogue replies), for the item analysis.
DIALOGUE_CODES = frozenset({"reply", "agitation_rose", "conversation_unresolved"})
#: Cells of the competency heatmap are colored in ten bands (``h0`` .. ``h9``).
BANDS = 10
#: Viridis at ten even stops (dark purple = low, yellow = high): readable with every common
#: color-vision deficiency and in grayscale, unlike a red-green scale.
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779",
           "#6ece58", "#b5de2b", "#fde725")
#: The first band drawn with dark text (the rest are dark enough for white text).
LIGHT_FROM = 6
CSV_COLUMNS = ("attempt_id", "sitting_id", "part", "trainee", "trainee_id", "assessment_id",
               "scenario", "seed", "mode", "status", "created_at", "finished_at", "time_zone",
               "overall", "passed", *DIMENSIONS, "critical_fails", "commands", "registration",
               "bot", "verified", "verify_problem")
TOP_MOMENTS = 25

Progress = Callable[[int, int], None]


@dataclass
class Sitting:
    """One sitting of a trainee: its parts (attempt rows) in order."""

    sitting_id: str
    parts: list[dict[str, Any]] = field(default_factory=list)
    #: How many parts the assessment has (None: unknown, e.g. attempts outside one).
    expected: int | None = None
    #: A part of this sitting does not verify (it is listed apart, never a pass).
    tainted: bool = False

    @property
    def verdict(self) -> str:
        """PASS, FAIL, UNVERIFIED (a part does not verify) or INCOMPLETE (parts missing)."""
        if self.tainted:
            return "UNVERIFIED"
        if not all(bool(p["passed"]) and not p.get("critical_fails") for p in self.parts):
            return "FAIL"
        if self.expected is not None and len(self.parts) < self.expected:
            return "INCOMPLETE"
        return "PASS" if self.parts else "FAIL"

    @property
    def passed(self) -> bool:
        """Every part of the assessment played, verified and passed with no critical fail."""
        return self.verdict == "PASS"

    @property
    def at(self) -> str:
        """When the sitting ended (its last part's finish, else start)."""
        return max((p.get("finished_at") or p.get("created_at") or "") for p in self.parts)

    @property
    def started(self) -> str:
        """When its first part was created (what orders sittings)."""
        return min((p.get("created_at") or "") for p in self.parts)


@dataclass
class TraineeSummary:
    """One trainee's line in the report (people's verified attempts only)."""

    name: str
    trainee_id: str
    attempts: int = 0
    best: int = 0
    last: int = 0
    last_at: str = ""
    passed: bool = False
    critical_fails: int = 0
    sittings: list[Sitting] = field(default_factory=list)
    #: Competency shares (id -> [earned, possible]) of the latest sitting.
    shares: dict[str, list[int]] = field(default_factory=dict)
    next: NextStep | None = None
    quiz: QuizSummary | None = None

    @property
    def verdict(self) -> str:
        """The latest sitting's verdict (see :attr:`Sitting.verdict`)."""
        return self.latest.verdict if self.latest else "FAIL"

    @property
    def latest(self) -> Sitting | None:
        """The sitting the verdict, heatmap and next step are based on."""
        return self.sittings[-1] if self.sittings else None

    @property
    def earlier(self) -> list[Sitting]:
        """The sittings before the latest, newest first."""
        return self.sittings[-2::-1]


@dataclass
class Cohort:
    """Everything the report shows, computed from the attempts."""

    title: str
    trainees: list[TraineeSummary]
    attempts: int
    passed_attempts: int
    competencies: list[str]
    heat: list[tuple[str, list[int | None]]]
    overall_hist: list[int]
    dimension_hists: dict[str, list[int]]
    pass_marks: dict[str, int]
    mistakes: list[dict[str, Any]]
    moments: list[dict[str, Any]]
    criticals: list[dict[str, Any]]
    mean_overall: float
    median_overall: float
    open_attempts: int = 0
    calibration: list[dict[str, Any]] = field(default_factory=list)
    unverified: list[dict[str, Any]] = field(default_factory=list)


def scored(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The attempts that have a result (finished or expired, with a ScoreCard)."""
    return [r for r in rows if r.get("overall") is not None and r.get("scorecard")]


def bin_of(score: int) -> int:
    """The histogram bin (0-9) of a 0-100 score; 100 joins the 90s."""
    return min(BANDS - 1, max(0, int(score)) // 10)


def is_calibration(row: dict[str, Any]) -> bool:
    """A bot played it: it calibrates the scoring and is no trainee's result."""
    return bool(row.get("bot"))


def is_unverified(row: dict[str, Any]) -> bool:
    """Its signature or chain does not check out (a missing key counts as verified)."""
    return row.get("verified", True) is False


def aggregate(rows: list[dict[str, Any]], *, title: str = "All attempts",
              open_attempts: int = 0, progress: Progress | None = None,
              quiz_answers: Iterable[dict[str, Any]] = (),
              parts_expected: int | None = None) -> Cohort:
    """Compute the report's tables and charts from attempt dicts with their ScoreCards.

    Args:
        rows: Scored attempts, oldest first, as ``Store.attempts(scorecards=True)`` gives.
        title: The report's heading.
        open_attempts: How many attempts were left out because they are still open.
        progress: Called as ``progress(done, total)`` while attempts are processed.
        quiz_answers: ``Store.quiz_answers()`` rows, for each trainee's quiz results.
        parts_expected: How many parts a sitting of the assessment has (a sitting with
            fewer is INCOMPLETE, never a pass).
    """
    calibration = [r for r in rows if is_calibration(r)]
    unverified = [r for r in rows if not is_calibration(r) and is_unverified(r)]
    counted = [r for r in rows if not is_calibration(r) and not is_unverified(r)]
    tainted = {(r["trainee_id"], r.get("sitting_id") or r["attempt_id"]) for r in unverified}
    people: dict[str, TraineeSummary] = {}
    sittings: dict[tuple[str, str], Sitting] = {}
    overall_hist = [0] * BANDS
    dim_hists = {d: [0] * BANDS for d in DIMENSIONS}
    marks: Counter[tuple[str, int]] = Counter()
    kinds: dict[tuple[str, str], dict[str, Any]] = {}
    moments: dict[tuple[str, int, str, str], dict[str, Any]] = {}
    sat: Counter[tuple[str, int]] = Counter()
    crits: dict[str, dict[str, Any]] = {}
    competencies: set[str] = set()
    overalls: list[int] = []
    passed_attempts = 0
    total = len(rows)
    for done, row in enumerate(counted, 1):
        card = row["scorecard"]
        person = people.get(row["trainee_id"])
        if person is None:
            person = people[row["trainee_id"]] = TraineeSummary(row["trainee"],
                                                                row["trainee_id"])
        overall = int(row["overall"])
        overalls.append(overall)
        person.attempts += 1
        person.best = max(person.best, overall)
        person.last = overall
        person.last_at = row["finished_at"] or row["created_at"] or ""
        person.critical_fails += row["critical_fails"] or 0
        sid = row.get("sitting_id") or row["attempt_id"]
        sitting = sittings.get((row["trainee_id"], sid))
        if sitting is None:
            sitting = sittings[(row["trainee_id"], sid)] = Sitting(
                sid, expected=parts_expected, tainted=(row["trainee_id"], sid) in tainted)
            person.sittings.append(sitting)
        sitting.parts.append(row)
        passed_attempts += bool(row["passed"])
        overall_hist[bin_of(overall)] += 1
        for dim, value in (row["dimensions"] or {}).items():
            if value is not None:  # "not tested" in that shift: no score to count
                dim_hists.setdefault(dim, [0] * BANDS)[bin_of(value)] += 1
        for key, value in card.get("pass_marks", {}).items():
            marks[(key, value)] += 1
        _count_items(row, card, kinds, moments, crits)
        sat[(row["scenario"], row["seed"])] += 1
        if progress is not None:
            progress(done, total)
    quiz = quiz_summaries(quiz_answers)
    for person in people.values():
        person.sittings.sort(key=lambda s: s.started)  # rows are oldest first; be sure
        latest = person.latest
        assert latest is not None  # every person here has at least one counted row
        person.passed = latest.passed
        for part in latest.parts:
            for comp, share in part["scorecard"].get("competencies", {}).items():
                acc = person.shares.setdefault(comp, [0, 0])
                acc[0] += share["earned"]
                acc[1] += share["possible"]
        competencies.update(c for c, (_, possible) in person.shares.items() if possible)
        person.next = next_step(person.shares)
        person.quiz = quiz.get(person.trainee_id) or quiz.get(person.name)
    trainees = sorted(people.values(), key=lambda p: (p.name.casefold(), p.trainee_id))
    comp_list = sorted(competencies)
    heat = [(p.name, [_percent(p.shares.get(c)) for c in comp_list]) for p in trainees]
    if progress is not None and total:
        progress(total, total)
    attempts = len(counted)
    return Cohort(
        title=title, trainees=trainees, attempts=attempts, passed_attempts=passed_attempts,
        competencies=comp_list, heat=heat, overall_hist=overall_hist,
        dimension_hists=dim_hists, pass_marks=_common_marks(marks),
        mistakes=_mistakes(kinds, attempts, len(people)),
        moments=_moments(moments, sat), criticals=_criticals(crits, attempts),
        mean_overall=sum(overalls) / len(overalls) if overalls else 0.0,
        median_overall=_median(overalls), open_attempts=open_attempts,
        calibration=calibration, unverified=unverified)


def _count_items(row: dict[str, Any], card: dict[str, Any],
                 kinds: dict[tuple[str, str], dict[str, Any]],
                 moments: dict[tuple[str, int, str, str], dict[str, Any]],
                 crits: dict[str, dict[str, Any]]) -> None:
    """Add one attempt's mistakes and critical fails to the item analysis.

    Each kind and each moment records the SET of attempts it happened in: one attempt
    with three weak replies in the same conversation is one attempt tripped, not three.
    """
    attempt = row["attempt_id"]
    for item in card.get("feedback", ()):
        if not is_mistake(item):
            continue
        key = (item["code"], item["dimension"])
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = {"code": item["code"], "dimension": item["dimension"],
                                 "competency": item["competency"], "attempts": set(),
                                 "occurrences": 0, "critical": set(), "trainees": set(),
                                 "expert_move": item.get("expert_move", ""),
                                 "dialogue": item["code"] in DIALOGUE_CODES}
        kind["occurrences"] += item["count"]
        kind["attempts"].add(attempt)
        kind["trainees"].add(row["trainee_id"])
        if item.get("critical"):
            kind["critical"].add(attempt)
        if item.get("task"):
            mkey = (row["scenario"], row["seed"], item["task"], item["code"])
            moment = moments.get(mkey)
            if moment is None:
                moment = moments[mkey] = {
                    "scenario": row["scenario"], "seed": row["seed"], "task": item["task"],
                    "code": item["code"], "dimension": item["dimension"],
                    "clock": item["clock"], "what": item["what"], "attempts": set(),
                    "critical": set(), "dialogue": item["code"] in DIALOGUE_CODES}
            moment["attempts"].add(attempt)
            if item.get("critical"):
                moment["critical"].add(attempt)
    for fail in card.get("critical_fails", ()):
        crit = crits.get(fail["rule"])
        if crit is None:
            crit = crits[fail["rule"]] = {"rule": fail["rule"], "reason": fail["reason"],
                                          "count": 0, "attempts": set(), "trainees": set()}
        crit["count"] += 1
        crit["attempts"].add(attempt)
        crit["trainees"].add(row["trainee_id"])


def _percent(share: list[int] | None) -> int | None:
    if not share or not share[1]:
        return None
    return share[0] * 100 // share[1]


def _median(values: list[int]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _common_marks(marks: Counter[tuple[str, int]]) -> dict[str, int]:
    """The pass mark most attempts were scored against, per dimension (for the charts)."""
    best: dict[str, tuple[int, int]] = {}
    for (key, value), count in marks.items():
        if key not in best or count > best[key][0]:
            best[key] = (count, value)
    return {k: v for k, (_, v) in best.items()}


def _share(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, never above 100 (both count attempts)."""
    return min(100.0, part * 100 / whole) if whole else 0.0


def _mistakes(kinds: dict[tuple[str, str], dict[str, Any]], attempts: int,
              trainees: int) -> list[dict[str, Any]]:
    out = []
    for kind in kinds.values():
        people, tripped = len(kind["trainees"]), len(kind["attempts"])
        out.append({**kind, "attempts": tripped, "trainees": people,
                    "critical": len(kind["critical"]), "share": _share(tripped, attempts),
                    "trainee_share": _share(people, trainees)})
    out.sort(key=lambda k: (-k["attempts"], -k["occurrences"], k["code"], k["dimension"]))
    return out


def _moments(moments: dict[tuple[str, int, str, str], dict[str, Any]],
             sat: Counter[tuple[str, int]]) -> list[dict[str, Any]]:
    out = []
    for m in moments.values():
        taken, tripped = sat[(m["scenario"], m["seed"])], len(m["attempts"])
        out.append({**m, "attempts": tripped, "critical": len(m["critical"]), "taken": taken,
                    "share": _share(tripped, taken)})
    # Only moments several attempts met are a pattern; a one-off is an anecdote.
    out.sort(key=lambda m: (-m["attempts"], -m["share"], m["scenario"], m["seed"], m["task"],
                            m["code"]))
    return out[:TOP_MOMENTS]


def _criticals(crits: dict[str, dict[str, Any]], attempts: int) -> list[dict[str, Any]]:
    out = [{"rule": c["rule"], "reason": c["reason"], "count": c["count"],
            "attempts": len(c["attempts"]), "trainees": len(c["trainees"]),
            "share": _share(len(c["attempts"]), attempts)}
           for c in crits.values()]
    out.sort(key=lambda c: (-c["attempts"], c["rule"]))
    return out


# -- output (drawn by simulator.records.report_render) ---------------------------------------


def histogram_svg(counts: list[int], title: str, mark: int | None = None, *,
                  width: int = 360, height: int = 190) -> Markup:
    """A score histogram as inline SVG (see :func:`report_render.histogram_svg`)."""
    from simulator.records.report_render import histogram_svg as draw

    return draw(counts, title, mark, width=width, height=height)


def render_html(cohort: Cohort, generated_at: str, tz: tzinfo | None = None) -> str:
    """The report as one self-contained HTML page (see :func:`report_render.render_html`)."""
    from simulator.records.report_render import render_html as draw

    return draw(cohort, generated_at, tz)


def render_csv(rows: list[dict[str, Any]], tz: tzinfo | None = None) -> str:
    """One CSV row per attempt (see :func:`report_render.render_csv`)."""
    from simulator.records.report_render import render_csv as draw

    return draw(rows, tz)


def build_cohort(rows: list[dict[str, Any]], assessment: dict[str, Any] | None,
                 progress: Progress | None = None,
                 quiz_answers: Iterable[dict[str, Any]] = ()
                 ) -> tuple[Cohort, list[dict[str, Any]]]:
    """Split open from scored attempts and aggregate; return the cohort and scored rows."""
    done = scored(rows)
    if assessment is not None:
        title = f"{assessment['title']} ({assessment['id']})"
    else:
        title = "All attempts"
    expected = None
    if assessment is not None and assessment.get("yaml"):
        from simulator.records.assessment import assessment_from_text

        expected = len(assessment_from_text(assessment["yaml"], assessment["id"]).scenarios)
    cohort = aggregate(done, title=title, open_attempts=len(rows) - len(done),
                       progress=progress, quiz_answers=quiz_answers,
                       parts_expected=expected)
    return cohort, done


__all__ = ["Cohort", "Sitting", "TraineeSummary", "aggregate", "build_cohort", "histogram_svg",
           "is_mistake", "render_csv", "render_html", "scored"]
