"""The cohort report's per-trainee table rows, built here rather than in the template.

Three tables have a row per trainee; at ten thousand trainees a template loop spends a
second on them. These functions write the same HTML with :func:`markupsafe.escape` on
every value that comes from the records (names, labels, titles), so nothing a trainee
typed can become markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

Filters = dict[str, Callable[[Any], str]]


def _verdict(passed: bool, verdict: str, tag: str) -> str:
    return (f'<{tag} class="pass">PASS</{tag}>' if passed
            else f'<{tag} class="fail">{escape(verdict)}</{tag}>')


def trainee_rows(trainees: list[Any], f: Filters) -> list[Markup]:
    """The "Trainees" table: result of the latest sitting, earlier ones folded away."""
    local, scenario = f["local"], f["scenario"]
    out = []
    for t in trainees:
        earlier = t.earlier
        if earlier:
            items = "".join(
                f"<li>{escape(local(s.at))}: {_verdict(s.passed, s.verdict, 'span')}\n("
                + "; ".join(f"{escape(scenario(p.scenario))} {p.overall}" for p in s.parts)
                + ")</li>\n" for s in earlier)
            folded = (f"<details><summary>{len(earlier)} earlier</summary><ul>\n{items}"
                      "</ul></details>")
        else:
            folded = '<span class="note">none</span>'
        out.append(Markup(
            f'<tr><td>{escape(t.name)}</td><td class="n">{len(t.sittings)}</td>'
            f'<td class="n">{t.attempts}</td>\n<td class="n">{t.best}</td>'
            f'<td class="n">{t.last}</td>\n{_verdict(t.passed, t.verdict, "td")}\n'
            f'<td class="n">{t.critical_fails}</td><td>{escape(local(t.last_at))}</td>\n'
            f"<td>{folded}</td></tr>"))
    return out


def next_rows(trainees: list[Any], f: Filters) -> list[Markup]:
    """The "Next steps" table: weakest competency, its practice scenario and quiz focus."""
    comp, domain = f["comp"], f["domain"]
    out = []
    for t in trainees:
        step = t.next
        if step is None:
            cells = '<td colspan="4" class="note">no competency scored yet</td>'
        else:
            if step.scenario:
                practice = (f'{escape(step.scenario.title)} <span class="note">(frontdesk play '
                            f"--scenario {escape(step.scenario.id)})</span>")
            else:
                practice = '<span class="note">no shipped scenario trains it</span>'
            if step.quiz_items:
                where = f", {escape(domain(step.domain))}" if step.domain else ""
                quiz = (f'{step.quiz_items} item(s){where} <span class="note">(frontdesk quiz '
                        f"--competency {escape(step.competency)})</span>")
            else:
                quiz = '<span class="note">no quiz items yet</span>'
            cells = (f'<td>{escape(comp(step.competency))}</td><td class="n">{step.percent}%'
                     f"</td>\n<td>{practice}</td>\n<td>{quiz}</td>")
        out.append(Markup(f"<tr><td>{escape(t.name)}</td>\n{cells}\n</tr>"))
    return out


def quiz_rows(trainees: list[Any], f: Filters) -> list[Markup]:
    """The "Quiz results" table: answers stored, share correct, by NHA domain."""
    domain = f["domain"]
    out = []
    for t in trainees:
        quiz = t.quiz
        if quiz and quiz.answered:
            domains = "; ".join(f"{escape(domain(d))} {n[1]}/{n[0]}"
                                for d, n in quiz.domains.items())
            cells = (f'<td class="n">{quiz.answered}</td><td class="n">{quiz.share}%</td>\n'
                     f"<td>{domains}</td>")
        else:
            cells = ('<td class="n">0</td><td class="n">–</td>'
                     '<td class="note">no quiz answers stored</td>')
        out.append(Markup(f"<tr><td>{escape(t.name)}</td>\n{cells}\n</tr>"))
    return out
