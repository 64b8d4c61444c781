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
from datetime import tzinfo
from typing import Any

from markupsafe import Markup

from simulator.protocol import DIMENSIONS
from simulator.records import report_labels as labels
from simulator.records import report_stats as stats
from simulator.records.packing import is_mistake, summary
from simulator.records.report_model import NOT_TESTED, Cohort, Part, Sitting, TraineeSummary
from simulator.records.report_next import next_step, quiz_summaries

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


def aggregate(rows: Iterable[dict[str, Any]], *, title: str = "All attempts",
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
    # The builder takes one trainee's attempts together (oldest first within each).
    rows = sorted(rows, key=lambda r: str(r.get("trainee_id")))
    builder = CohortBuilder(title=title, parts_expected=parts_expected,
                            quiz_answers=quiz_answers)
    for done, row in enumerate(rows, 1):
        card = row.get("scorecard") or {}
        builder.add(row, summary(card), card)
        if progress is not None:
            progress(done, len(rows))
    return builder.finish(open_attempts=open_attempts)


def _lean(row: dict[str, Any]) -> dict[str, Any]:
    """What a listed-apart attempt shows (no summary or ScoreCard kept)."""
    return {k: row.get(k) for k in LISTED_FIELDS}


#: The fields a calibration or unverified attempt is listed with.
LISTED_FIELDS = ("attempt_id", "trainee", "trainee_id", "sitting_id", "bot", "scenario",
                 "seed", "overall", "passed", "created_at", "finished_at", "verify_problem")


class CohortBuilder:
    """The cohort, built one attempt at a time (a report never holds every attempt).

    Feed :meth:`add` each scored attempt with its summary (``records.packing.summary``),
    one trainee's attempts together and in the order they were started; only counts, each
    trainee's sittings (a few numbers per part) and the percents of their latest sitting
    are kept. The long texts of the mistakes the report prints (the expert move,
    what happened) are taken from the ScoreCard when it is given, else fetched at the end
    through ``texts`` for the few attempts that first showed each one.
    """

    def __init__(self, *, title: str = "All attempts", parts_expected: int | None = None,
                 quiz_answers: Iterable[dict[str, Any]] = ()):
        self.title = title
        self.parts_expected = parts_expected
        self.quiz = quiz_summaries(quiz_answers)
        self.people: dict[str, TraineeSummary] = {}
        self.tainted: set[tuple[str, str]] = set()
        self.overall_hist = [0] * BANDS
        self.dim_hists = {d: [0] * BANDS for d in DIMENSIONS}
        #: How many attempts were scored against each set of pass marks.
        self.mark_sets: Counter[tuple[tuple[str, int], ...]] = Counter()
        self.kinds: dict[tuple[str, str], dict[str, Any]] = {}
        self.moments: dict[tuple[str, int, str, str], dict[str, Any]] = {}
        self.sat: Counter[tuple[str, int]] = Counter()
        self.crits: dict[str, dict[str, Any]] = {}
        self.overalls: list[int] = []
        self.passed_attempts = 0
        self.calibration: list[dict[str, Any]] = []
        self.unverified: list[dict[str, Any]] = []
        #: The trainee whose attempts are coming in (closed when the next one starts).
        self.current: TraineeSummary | None = None
        #: Each competency seen, by its index in :attr:`TraineeSummary.percents`.
        self.competency_index: dict[str, int] = {}
        self._names: dict[str, str] = {}

    def _name(self, text: str) -> str:
        """One shared copy of a repeated text (scenario and competency ids)."""
        return self._names.setdefault(text, text)

    def close(self) -> None:
        """The last trainee's attempts are all in (before :func:`report_split.merge`)."""
        if self.current is not None:
            self._close(self.current)
            self.current = None

    def _close(self, person: TraineeSummary) -> None:
        """A trainee's attempts are all in: keep their latest shares as percents only."""
        person.next = next_step(person.shares)
        index = self.competency_index
        for comp in person.shares:
            index.setdefault(comp, len(index))
        values = bytearray([NOT_TESTED]) * len(index)
        for comp, share in person.shares.items():
            percent = percent_of(share)
            if percent is not None:
                values[index[comp]] = percent
        person.percents = bytes(values)
        person.shares = {}

    def add(self, row: dict[str, Any], summary: dict[str, Any],
            card: dict[str, Any] | None = None) -> None:
        """Count one scored attempt (``row`` in the shape of ``Store.attempts``)."""
        if is_calibration(row):
            self.calibration.append(_lean(row))
            return
        trainee_id = row["trainee_id"]
        sid = row.get("sitting_id") or row["attempt_id"]
        if is_unverified(row):
            self.unverified.append(_lean(row))
            self.tainted.add((trainee_id, sid))
            found = self.people.get(trainee_id)
            for sitting in found.sittings if found else ():
                if sitting.sitting_id == sid:
                    sitting.tainted = True
            return
        person = self.people.get(trainee_id)
        if person is None:
            if self.current is not None:
                self._close(self.current)
            person = self.people[trainee_id] = TraineeSummary(row["trainee"], trainee_id)
            self.current = person
        overall = int(row["overall"])
        passed = bool(row["passed"])
        criticals = row["critical_fails"] or 0
        self.overalls.append(overall)
        person.attempts += 1
        if overall > person.best:
            person.best = overall
        person.last = overall
        created = row.get("created_at") or ""
        ended = row.get("finished_at") or created
        person.last_at = ended
        person.critical_fails += criticals
        sitting = next((s for s in reversed(person.sittings) if s.sitting_id == sid), None)
        if sitting is None:
            sitting = Sitting(sid, expected=self.parts_expected,
                              tainted=(trainee_id, sid) in self.tainted, started=created,
                              at=ended)
            latest = person.latest
            person.sittings.append(sitting)
            if latest is None or created >= latest.started:
                person.shares = {}  # a newer sitting: its shares are the ones shown
                person.latest_id = sid
        else:
            if created < sitting.started:
                sitting.started = created
            if ended > sitting.at:
                sitting.at = ended
        sitting.parts.append(Part(self._name(row["scenario"]), overall, passed, criticals))
        if person.latest_id == sid:
            shares = person.shares
            for comp, (earned, possible) in summary.get("competencies", {}).items():
                acc = shares.get(comp)
                if acc is None:
                    shares[comp] = [earned, possible]
                else:
                    acc[0] += earned
                    acc[1] += possible
        self.passed_attempts += passed
        self.overall_hist[bin_of(overall)] += 1
        hists = self.dim_hists
        for dim, value in (row["dimensions"] or {}).items():
            if value is not None:  # "not tested" in that shift: no score to count
                hist = hists.get(dim)
                if hist is None:
                    hist = hists[dim] = [0] * BANDS
                # bin_of, inlined: a quarter of a million calls in a large cohort
                hist[9 if value >= 90 else 0 if value < 0 else value // 10] += 1
        marks = summary.get("pass_marks")
        if marks:
            self.mark_sets[tuple(sorted(marks.items()))] += 1
        self._count_items(row, summary, card)
        self.sat[(row["scenario"], row["seed"])] += 1

    def _marks(self) -> Counter[tuple[str, int]]:
        """How many attempts were scored against each (dimension, pass mark)."""
        out: Counter[tuple[str, int]] = Counter()
        for marks, count in self.mark_sets.items():
            for mark in marks:
                out[mark] += count
        return out

    def _count_items(self, row: dict[str, Any], summary: dict[str, Any],
                     card: dict[str, Any] | None) -> None:
        """Add one attempt's mistakes and critical fails to the item analysis.

        Each kind and each moment counts the attempts it happened in: one attempt with
        three weak replies in the same conversation is one attempt tripped, not three.
        """
        attempt, trainee = row["attempt_id"], row["trainee_id"]
        feedback = (card or {}).get("feedback") or ()
        kinds, moments = self.kinds, self.moments
        for code, dimension, count, critical, index in summary.get("kinds", ()):
            kind = kinds.get((code, dimension))
            if kind is None:
                item = feedback[index] if index < len(feedback) else {}
                kind = kinds[(code, dimension)] = {
                    "code": code, "dimension": dimension,
                    "competency": item.get("competency"),
                    "attempts": 0, "occurrences": 0, "critical": 0, "trainees": 0,
                    "last_trainee": None, "expert_move": item.get("expert_move"),
                    "ref": (attempt, "feedback", index), "dialogue": code in DIALOGUE_CODES}
            kind["occurrences"] += count
            kind["attempts"] += 1
            kind["critical"] += critical
            if kind["last_trainee"] != trainee:  # a trainee's rows come together
                kind["last_trainee"] = trainee
                kind["trainees"] += 1
        scenario, seed = row["scenario"], row["seed"]
        for task, code, critical, index in summary.get("moments", ()):
            mkey = (scenario, seed, task, code)
            moment = moments.get(mkey)
            if moment is None:
                item = feedback[index] if index < len(feedback) else {}
                moment = moments[mkey] = {
                    "scenario": scenario, "seed": seed, "task": task, "code": code,
                    "dimension": item.get("dimension"), "clock": item.get("clock"),
                    "what": item.get("what"), "ref": (attempt, "feedback", index),
                    "attempts": 0, "critical": 0, "dialogue": code in DIALOGUE_CODES}
            moment["attempts"] += 1
            moment["critical"] += critical
        fails = (card or {}).get("critical_fails") or ()
        for rule, count, index in summary.get("criticals", ()):
            crit = self.crits.get(rule)
            if crit is None:
                fail = fails[index] if index < len(fails) else {}
                crit = self.crits[rule] = {"rule": rule, "reason": fail.get("reason"),
                                           "count": 0, "attempts": 0, "trainees": 0,
                                           "last_trainee": None,
                                           "ref": (attempt, "critical_fails", index)}
            crit["count"] += count
            crit["attempts"] += 1
            if crit["last_trainee"] != trainee:
                crit["last_trainee"] = trainee
                crit["trainees"] += 1

    def finish(self, *, open_attempts: int = 0,
               texts: Callable[[str], dict[str, Any] | None] | None = None) -> Cohort:
        """The cohort.

        Args:
            open_attempts: How many attempts were left out because they are open.
            texts: ``texts(attempt_id)`` gives an attempt's ScoreCard, for the printed texts
                :meth:`add` had no ScoreCard for.
        """
        self.close()
        for person in self.people.values():
            person.sittings.sort(key=lambda s: s.started)
            latest = person.latest
            assert latest is not None  # every person here has at least one counted row
            person.passed = latest.passed
            person.quiz = self.quiz.get(person.trainee_id) or self.quiz.get(person.name)
        trainees = sorted(self.people.values(), key=lambda p: (p.name.casefold(), p.trainee_id))
        tested = {i for p in trainees for i, v in enumerate(p.percents) if v != NOT_TESTED}
        comp_list = sorted(c for c, i in self.competency_index.items() if i in tested)
        where = [self.competency_index[c] for c in comp_list]
        heat = [(p.name, [None if i >= len(p.percents) or p.percents[i] == NOT_TESTED
                          else p.percents[i] for i in where]) for p in trainees]
        attempts = len(self.overalls)
        mistakes = stats.mistakes(self.kinds, attempts, len(self.people))
        moments = stats.moments(self.moments, self.sat, TOP_MOMENTS)
        crits = list(self.crits.values())
        cards: dict[str, dict[str, Any] | None] = {}
        _fill_texts(mistakes, ("competency", "expert_move"), texts, cards)
        _fill_texts(moments, ("dimension", "clock", "what"), texts, cards)
        _fill_texts(crits, ("reason",), texts, cards)
        return Cohort(
            title=self.title, trainees=trainees, attempts=attempts,
            passed_attempts=self.passed_attempts, competencies=comp_list, heat=heat,
            overall_hist=self.overall_hist, dimension_hists=self.dim_hists,
            pass_marks=stats.common_marks(self._marks()), mistakes=mistakes, moments=moments,
            criticals=stats.criticals(crits, attempts),
            mean_overall=sum(self.overalls) / attempts if attempts else 0.0,
            median_overall=stats.median(self.overalls), open_attempts=open_attempts,
            calibration=self.calibration, unverified=self.unverified)


def _fill_texts(items: list[dict[str, Any]], fields: tuple[str, ...],
                texts: Callable[[str], dict[str, Any] | None] | None,
                cards: dict[str, dict[str, Any] | None]) -> None:
    """Put the first-seen texts into the printed items that lack them.

    Each item's ``ref`` is (attempt id, ScoreCard list, index); ``cards`` keeps the
    ScoreCards fetched so far, so each is read once.
    """
    for item in items:
        attempt, where, index = item.pop("ref")
        if all(item.get(f) is not None for f in fields):
            continue
        if attempt not in cards:
            cards[attempt] = texts(attempt) if texts is not None else None
        listed = (cards[attempt] or {}).get(where) or ()
        source = listed[index] if index < len(listed) else {}
        for f in fields:
            if item.get(f) is None:
                item[f] = source.get(f, "")


def percent_of(share: list[int] | None) -> int | None:
    """A share's percent (None where nothing was possible)."""
    if not share or not share[1]:
        return None
    return share[0] * 100 // share[1]


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


def cohort_title(assessment: dict[str, Any] | None) -> tuple[str, int | None]:
    """The report's heading and how many parts a sitting of the assessment has."""
    if assessment is None:
        return "All attempts", None
    expected = None
    if assessment.get("yaml"):
        from simulator.records.assessment import assessment_from_text

        expected = len(assessment_from_text(assessment["yaml"], assessment["id"]).scenarios)
    return f"{assessment['title']} ({assessment['id']})", expected


def build_cohort(rows: list[dict[str, Any]], assessment: dict[str, Any] | None,
                 progress: Progress | None = None,
                 quiz_answers: Iterable[dict[str, Any]] = ()
                 ) -> tuple[Cohort, list[dict[str, Any]]]:
    """Split open from scored attempts and aggregate; return the cohort and scored rows."""
    done = scored(rows)
    title, expected = cohort_title(assessment)
    cohort = aggregate(done, title=title, open_attempts=len(rows) - len(done),
                       progress=progress, quiz_answers=quiz_answers,
                       parts_expected=expected)
    return cohort, done


__all__ = ["Cohort", "CohortBuilder", "Part", "Sitting", "TraineeSummary", "aggregate",
           "build_cohort", "cohort_title", "histogram_svg", "is_mistake", "quiz_summaries",
           "render_csv", "render_html", "scored"]
