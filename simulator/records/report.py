"""Cohort reports for trainers: one self-contained HTML file, and a CSV of every attempt.

The HTML has no external parts (inline CSS, charts drawn here as inline SVG, no script),
so it can be mailed or archived as one file. It is rendered by Jinja2 with autoescaping on:
trainee names and feedback text are data, never markup. Sections:

* a row per trainee: attempts, best and last overall score, pass or fail;
* a heatmap of trainees x competencies (the ScoreCards' ``competencies`` shares, summed
  over each trainee's attempts);
* histograms of the overall score and of each dimension;
* an item analysis: which kinds of mistake (feedback ``code``) and which moments of a shift
  (the same task of the same scenario and seed, so the same event or conversation for
  everyone who sat it) trip the most attempts, and critical fails by rule.

Only scored attempts count (finished or expired); open ones are left out. Everything is
computed from the rows :meth:`~simulator.records.store.Store.attempts` returns, so this
module needs no SQL.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from simulator.protocol import DIMENSIONS

DIMENSION_NAMES = {"prioritization": "Prioritization", "accuracy": "Accuracy",
                   "deescalation": "De-escalation", "compliance": "Compliance"}
#: Feedback codes that come from conversations (dialogue replies), for the item analysis.
DIALOGUE_CODES = frozenset({"reply", "agitation_rose", "conversation_unresolved"})
#: Cells of the competency heatmap are coloured in ten bands (``h0`` .. ``h9``).
BANDS = 10
CSV_COLUMNS = ("attempt_id", "sitting_id", "part", "trainee", "trainee_id", "assessment_id",
               "scenario", "seed", "mode", "status", "created_at", "finished_at", "overall",
               "passed", *DIMENSIONS, "critical_fails", "commands", "registration")
TOP_MOMENTS = 25

Progress = Callable[[int, int], None]


@dataclass
class TraineeSummary:
    """One trainee's line in the report."""

    name: str
    trainee_id: str
    attempts: int = 0
    best: int = 0
    last: int = 0
    last_at: str = ""
    passed: bool = False
    critical_fails: int = 0
    sittings: dict[str, list[bool]] = field(default_factory=dict)
    shares: dict[str, list[int]] = field(default_factory=dict)


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


def scored(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The attempts that have a result (finished or expired, with a ScoreCard)."""
    return [r for r in rows if r.get("overall") is not None and r.get("scorecard")]


def bin_of(score: int) -> int:
    """The histogram bin (0-9) of a 0-100 score; 100 joins the 90s."""
    return min(BANDS - 1, max(0, int(score)) // 10)


def aggregate(rows: list[dict[str, Any]], *, title: str = "All attempts",
              open_attempts: int = 0, progress: Progress | None = None) -> Cohort:
    """Compute the report's tables and charts from attempt dicts with their ScoreCards.

    Args:
        rows: Scored attempts, oldest first, as ``Store.attempts(scorecards=True)`` gives.
        title: The report's heading.
        open_attempts: How many attempts were left out because they are still open.
        progress: Called as ``progress(done, total)`` while attempts are processed.
    """
    people: dict[str, TraineeSummary] = {}
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
    for done, row in enumerate(rows, 1):
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
        person.sittings.setdefault(row["sitting_id"], []).append(bool(row["passed"]))
        passed_attempts += bool(row["passed"])
        overall_hist[bin_of(overall)] += 1
        for dim, value in (row["dimensions"] or {}).items():
            if value is not None:  # "not tested" in that shift: no score to count
                dim_hists.setdefault(dim, [0] * BANDS)[bin_of(value)] += 1
        for key, value in card.get("pass_marks", {}).items():
            marks[(key, value)] += 1
        for comp, share in card.get("competencies", {}).items():
            competencies.add(comp)
            acc = person.shares.setdefault(comp, [0, 0])
            acc[0] += share["earned"]
            acc[1] += share["possible"]
        _count_items(row, card, kinds, moments, crits)
        sat[(row["scenario"], row["seed"])] += 1
        if progress is not None:
            progress(done, total)
    for person in people.values():
        person.passed = any(all(parts) for parts in person.sittings.values())
    trainees = sorted(people.values(), key=lambda p: (p.name.casefold(), p.trainee_id))
    comp_list = sorted(competencies)
    heat = [(p.name, [_percent(p.shares.get(c)) for c in comp_list]) for p in trainees]
    return Cohort(
        title=title, trainees=trainees, attempts=total, passed_attempts=passed_attempts,
        competencies=comp_list, heat=heat, overall_hist=overall_hist,
        dimension_hists=dim_hists, pass_marks=_common_marks(marks),
        mistakes=_mistakes(kinds, total, len(people)),
        moments=_moments(moments, sat), criticals=_criticals(crits, total),
        mean_overall=sum(overalls) / len(overalls) if overalls else 0.0,
        median_overall=_median(overalls), open_attempts=open_attempts)


def _count_items(row: dict[str, Any], card: dict[str, Any],
                 kinds: dict[tuple[str, str], dict[str, Any]],
                 moments: dict[tuple[str, int, str, str], dict[str, Any]],
                 crits: dict[str, dict[str, Any]]) -> None:
    """Add one attempt's feedback items and critical fails to the item analysis."""
    seen_kinds: set[tuple[str, str]] = set()
    for item in card.get("feedback", ()):
        key = (item["code"], item["dimension"])
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = {"code": item["code"], "dimension": item["dimension"],
                                 "competency": item["competency"], "attempts": 0,
                                 "occurrences": 0, "critical": 0, "trainees": set(),
                                 "expert_move": item.get("expert_move", ""),
                                 "dialogue": item["code"] in DIALOGUE_CODES}
        kind["occurrences"] += item["count"]
        if key not in seen_kinds:
            seen_kinds.add(key)
            kind["attempts"] += 1
            kind["critical"] += bool(item.get("critical"))
            kind["trainees"].add(row["trainee_id"])
        if item.get("task"):
            mkey = (row["scenario"], row["seed"], item["task"], item["code"])
            moment = moments.get(mkey)
            if moment is None:
                moment = moments[mkey] = {
                    "scenario": row["scenario"], "seed": row["seed"], "task": item["task"],
                    "code": item["code"], "dimension": item["dimension"],
                    "clock": item["clock"], "what": item["what"], "attempts": 0,
                    "critical": 0, "dialogue": item["code"] in DIALOGUE_CODES}
            moment["attempts"] += 1
            moment["critical"] += bool(item.get("critical"))
    for fail in card.get("critical_fails", ()):
        crit = crits.get(fail["rule"])
        if crit is None:
            crit = crits[fail["rule"]] = {"rule": fail["rule"], "reason": fail["reason"],
                                          "count": 0, "attempts": set(), "trainees": set()}
        crit["count"] += 1
        crit["attempts"].add(row["attempt_id"])
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


def _mistakes(kinds: dict[tuple[str, str], dict[str, Any]], attempts: int,
              trainees: int) -> list[dict[str, Any]]:
    out = []
    for kind in kinds.values():
        people = len(kind.pop("trainees"))
        out.append({**kind, "trainees": people,
                    "share": kind["attempts"] * 100 / attempts if attempts else 0.0,
                    "trainee_share": people * 100 / trainees if trainees else 0.0})
    out.sort(key=lambda k: (-k["attempts"], -k["occurrences"], k["code"], k["dimension"]))
    return out


def _moments(moments: dict[tuple[str, int, str, str], dict[str, Any]],
             sat: Counter[tuple[str, int]]) -> list[dict[str, Any]]:
    out = []
    for m in moments.values():
        taken = sat[(m["scenario"], m["seed"])]
        out.append({**m, "taken": taken,
                    "share": m["attempts"] * 100 / taken if taken else 0.0})
    # Only moments several attempts met are a pattern; a one-off is an anecdote.
    out.sort(key=lambda m: (-m["attempts"], -m["share"], m["scenario"], m["seed"], m["task"],
                            m["code"]))
    return out[:TOP_MOMENTS]


def _criticals(crits: dict[str, dict[str, Any]], attempts: int) -> list[dict[str, Any]]:
    out = [{"rule": c["rule"], "reason": c["reason"], "count": c["count"],
            "attempts": len(c["attempts"]), "trainees": len(c["trainees"]),
            "share": len(c["attempts"]) * 100 / attempts if attempts else 0.0}
           for c in crits.values()]
    out.sort(key=lambda c: (-c["attempts"], c["rule"]))
    return out


# -- charts (inline SVG) ----------------------------------------------------------------------


def histogram_svg(counts: list[int], title: str, mark: int | None = None, *,
                  width: int = 360, height: int = 190) -> Markup:
    """A bar chart of ten 10-point score bins as inline SVG (no script, no external parts).

    Args:
        counts: Attempts per bin: 0-9, 10-19, ..., 90-100.
        title: The chart's accessible title (escaped here).
        mark: A pass mark to draw as a dashed line, if any.
        width: Width in pixels.
        height: Height in pixels.
    """
    left, right, top, bottom = 38, 8, 34, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts) if counts and max(counts) > 0 else 1
    bar_w = plot_w / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<text x="{left}" y="15" class="ct">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
             f'y2="{top + plot_h}" class="ax"/>',
             f'<text x="{left - 4}" y="{top + 4}" class="yl">{peak}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" class="yl">0</text>']
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + i * bar_w
        label = f"{i * 10}-{i * 10 + 9 if i < len(counts) - 1 else 100}: {count}"
        parts.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{bar_w - 2:.1f}" height="{h:.1f}" class="bar">'
                     f'<title>{label}</title></rect>')
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 13}" class="xl">{i * 10}</text>')
    parts.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 13}" class="xl">100</text>')
    if mark is not None:
        x = left + plot_w * max(0, min(100, mark)) / 100
        anchor = "end" if mark > 50 else "start"
        parts.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{top + plot_h}" '
                     f'class="mark"/><text x="{x:.1f}" y="{top - 10}" class="ml" '
                     f'text-anchor="{anchor}">pass mark {mark}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 3}" class="xl">'
                 'score</text></svg>')
    return Markup("".join(parts))


# -- output -----------------------------------------------------------------------------------


def render_html(cohort: Cohort, generated_at: str) -> str:
    """The report as one self-contained HTML page (autoescaped)."""
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("simulator.records", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("cohort.html.j2")
    charts = {"overall": histogram_svg(cohort.overall_hist, "Overall score (all attempts)",
                                       cohort.pass_marks.get("overall")),
              "dimensions": [histogram_svg(counts, f"{DIMENSION_NAMES.get(dim, dim)} score",
                                           cohort.pass_marks.get(dim), width=300, height=170)
                             for dim, counts in cohort.dimension_hists.items()]}
    return template.render(c=cohort, charts=charts, generated_at=generated_at,
                           bands=BANDS, heat_rows=heat_rows(cohort))


def heat_rows(cohort: Cohort) -> list[Markup]:
    """The heatmap's table rows, built here (16,000 cells are slow in a template loop).

    Names are escaped with :func:`markupsafe.escape`; the cells hold only integers.
    """
    classes = [f"h{i}" for i in range(BANDS)]
    out = []
    for name, values in cohort.heat:
        cells = "".join('<td class="na">–</td>' if v is None else
                        f'<td class="{classes[bin_of(v)]}">{v}</td>' for v in values)
        out.append(Markup(f"<tr><td>{escape(name)}</td>{cells}</tr>"))
    return out


def render_csv(rows: list[dict[str, Any]]) -> str:
    """One CSV row per attempt (UTF-8 with a BOM so spreadsheet programs read names right).

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) get a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        dims = row.get("dimensions") or {}
        values = {**row, **{d: dims.get(d, "") for d in DIMENSIONS}}
        passed = row.get("passed")
        values["passed"] = "" if passed is None else ("yes" if passed else "no")
        writer.writerow([_cell(values.get(col)) for col in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def build_cohort(rows: list[dict[str, Any]], assessment: dict[str, Any] | None,
                 progress: Progress | None = None) -> tuple[Cohort, list[dict[str, Any]]]:
    """Split open from scored attempts and aggregate; return the cohort and scored rows."""
    done = scored(rows)
    if assessment is not None:
        title = f"{assessment['title']} ({assessment['id']})"
    else:
        title = "All attempts"
    cohort = aggregate(done, title=title, open_attempts=len(rows) - len(done),
                       progress=progress)
    return cohort, done


__all__ = ["Cohort", "TraineeSummary", "aggregate", "build_cohort", "histogram_svg",
           "render_csv", "render_html", "scored"]
