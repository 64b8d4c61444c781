"""Drawing the cohort report: inline SVG histograms, the heatmap rows, the HTML and the CSV.

Kept apart from :mod:`simulator.records.report` (which computes the figures) so each stays
small. Times are shown in a time zone the caller passes (the machine's local zone by
default), with the zone's name, so a test can pin it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import tzinfo
from typing import Any

from markupsafe import Markup, escape

from simulator.protocol import DIMENSIONS
from simulator.records import report_labels as labels
from simulator.records.report import BANDS, CSV_COLUMNS, LIGHT_FROM, VIRIDIS, Cohort, bin_of


def histogram_svg(counts: list[int], title: str, mark: int | None = None, *,
                  width: int = 360, height: int = 190) -> Markup:
    """A bar chart of ten 10-point score bins as inline SVG (no script, no external parts).

    Each bar carries its count printed above it, so the chart reads without hovering.

    Args:
        counts: Attempts per bin: 0-9, 10-19, ..., 90-100.
        title: The chart's accessible title (escaped here).
        mark: A pass mark to draw as a dashed line, if any.
        width: Width in pixels.
        height: Height in pixels.
    """
    left, right, top, bottom = 38, 14, 40, 30
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
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" '
                         f'class="bc">{count}</text>')
        if i % 2 == 0:  # every 20 points: "90" and "100" would run into each other
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 13}" class="xl">{i * 10}</text>')
    parts.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 13}" class="xl">100</text>')
    if mark is not None:
        x = left + plot_w * max(0, min(100, mark)) / 100
        anchor = "end" if mark > 50 else "start"
        parts.append(f'<line x1="{x:.1f}" y1="{top - 14}" x2="{x:.1f}" y2="{top + plot_h}" '
                     f'class="mark"/><text x="{x - 3 if mark > 50 else x + 3:.1f}" '
                     f'y="{top - 16}" class="ml" text-anchor="{anchor}">pass mark {mark}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 3}" class="xl">'
                 'score</text></svg>')
    return Markup("".join(parts))


def heat_style(value: int) -> str:
    """The inline style of a heatmap cell: its viridis band and a readable text color."""
    band = bin_of(value)
    ink = "#000" if band >= LIGHT_FROM else "#fff"
    return f"background:{VIRIDIS[band]};color:{ink}"


def heat_rows(cohort: Cohort) -> list[Markup]:
    """The heatmap's table rows, built here (16,000 cells are slow in a template loop).

    Names are escaped with :func:`markupsafe.escape`; the cells hold only integers, each
    printed in its cell so the color is never the only carrier of the value.
    """
    styles = [heat_style(b * 10) for b in range(BANDS)]
    out = []
    for name, values in cohort.heat:
        cells = "".join('<td class="na">–</td>' if v is None else
                        f'<td style="{styles[bin_of(v)]}">{v}</td>' for v in values)
        out.append(Markup(f"<tr><th scope=\"row\">{escape(name)}</th>{cells}</tr>"))
    return out


def legend() -> list[tuple[str, str]]:
    """The heat legend: (band label, style) for each of the ten bands."""
    return [(f"{b * 10}-{b * 10 + 9 if b < BANDS - 1 else 100}", heat_style(b * 10))
            for b in range(BANDS)]


def render_html(cohort: Cohort, generated_at: str, tz: tzinfo | None = None) -> str:
    """The report as one self-contained HTML page (see :func:`html_parts`)."""
    return "".join(html_parts(cohort, generated_at, tz))


def html_parts(cohort: Cohort, generated_at: str, tz: tzinfo | None = None
               ) -> Iterator[str]:
    """The report as one self-contained HTML page (autoescaped).

    Args:
        cohort: The computed report.
        generated_at: When it was made (UTC ISO 8601).
        tz: The zone times are shown in (the machine's local zone by default).
    """
    from jinja2 import Environment, PackageLoader

    from simulator.records.report_next import shipped_scenarios

    zone = tz or labels.local_zone()
    env = Environment(loader=PackageLoader("simulator.records", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    titles = {s.id: s.title for s in shipped_scenarios()}
    env.filters.update(
        local=lambda v: labels.local_time(v, zone), mistake=labels.mistake_label,
        comp=labels.competency_label, dim=labels.dimension_label, rule=labels.rule_label,
        domain=labels.domain_label, scenario=lambda sid: titles.get(sid) or sid)
    template = env.get_template("cohort.html.j2")
    charts = {"overall": histogram_svg(cohort.overall_hist, "Overall score",
                                       cohort.pass_marks.get("overall")),
              "dimensions": [histogram_svg(counts, f"{labels.dimension_label(dim)} score",
                                           cohort.pass_marks.get(dim), width=300, height=170)
                             for dim, counts in cohort.dimension_hists.items()]}
    made = labels.parse_time(generated_at)
    zone_label = labels.zone_name(made.astimezone(zone)) if made else str(zone)
    from simulator.records.report_rows import next_rows, quiz_rows, trainee_rows

    return template.generate(c=cohort, charts=charts, generated_at=generated_at,
                             zone=zone_label, legend=legend(), heat_rows=heat_rows(cohort),
                             trainee_rows=trainee_rows(cohort.trainees, env.filters),
                             next_rows=next_rows(cohort.trainees, env.filters),
                             quiz_rows=quiz_rows(cohort.trainees, env.filters))


def render_csv(rows: list[dict[str, Any]], tz: tzinfo | None = None) -> str:
    """One CSV row per attempt (UTF-8 with a BOM so spreadsheet programs read names right).

    Times are local (``2026-12-03 09:30:00``) with the zone in ``time_zone``, which a
    spreadsheet parses; ``bot`` names the bot of a calibration sitting, ``verified`` is
    ``yes``/``no`` and ``verify_problem`` says why not. Text cells that a spreadsheet would
    run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return) get a leading apostrophe.
    """
    buffer = io.StringIO()
    table = CsvTable(buffer, tz)
    for row in rows:
        table.add(row)
    return buffer.getvalue()


class CsvTable:
    """The CSV of :func:`render_csv`, written row by row to an open text file."""

    def __init__(self, out: Any, tz: tzinfo | None = None, *, heading: bool = True):
        self.zone = tz or labels.local_zone()
        self.writer = csv.writer(out, lineterminator="\r\n")
        if heading:  # off for a part written elsewhere and appended (see report_split)
            out.write("\ufeff")
            self.writer.writerow(CSV_COLUMNS)

    def add(self, row: dict[str, Any]) -> None:
        """Write one attempt's line."""
        dims = row.get("dimensions") or {}
        passed = row.get("passed")
        created = labels.parse_time(row.get("created_at"))
        local = created.astimezone(self.zone) if created else None
        special = {
            "passed": "" if passed is None else ("yes" if passed else "no"),
            "verified": "no" if row.get("verified", True) is False else "yes",
            "bot": row.get("bot") or "", "verify_problem": row.get("verify_problem") or "",
            "created_at": labels.stamp(local) if local else (row.get("created_at") or ""),
            "finished_at": labels.local_stamp(row.get("finished_at"), self.zone),
            "time_zone": f"{labels.zone_name(local)} {labels.offset_text(local)}".strip()
            if local else ""}
        self.writer.writerow([
            special[col] if how == 0 else
            dims.get(col, "") if how == 1 else
            _cell(row.get(col)) if how == 2 else
            ("" if (value := row.get(col)) is None else value)
            for col, how in _PLAN])


_DIMS = frozenset(DIMENSIONS)
_SPECIAL = frozenset({"passed", "verified", "bot", "verify_problem", "created_at",
                      "finished_at", "time_zone"})
#: The CSV columns that can hold text (numbers need no formula guard).
_TEXT = frozenset(CSV_COLUMNS) - {"part", "seed", "overall", *DIMENSIONS, "critical_fails",
                                  "commands"}


#: How each CSV column is filled: 0 worked out per row, 1 a dimension score, 2 text (with
#: the formula guard), 3 a number as stored.
_PLAN = tuple((col, 0 if col in _SPECIAL else 1 if col in _DIMS else 2 if col in _TEXT else 3)
              for col in CSV_COLUMNS)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
