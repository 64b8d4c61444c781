"""``frontdesk scenario ...`` and ``frontdesk curriculum ...``: read and check content."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.curriculum import check_curriculum
from simulator.errors import ContentError, Problem
from simulator.fileio import atomic_write_text
from simulator.scenarios import (
    load_scenario,
    load_scenario_file,
    objective_problems,
    scenario_json_schema,
    shipped_scenarios,
)
from simulator.scenarios.lint import curriculum_style_problems, style_problems, style_warnings
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes
from simulator.validation import validate_data
from simulator.yamlio import read_yaml_file


def scenario_validate(args: argparse.Namespace) -> int:
    """Validate scenario files; print every problem; exit 2 if any file is bad."""
    bad = 0
    check_curriculum()  # a broken curriculum is reported before any scenario
    for path in args.paths:
        try:
            scn = load_scenario_file(path)  # objectives are checked as the file loads
            unknown = style_problems(path, scenario=scn)  # US English, a coherent day
            if unknown:
                raise ContentError(unknown)
            for warning in style_warnings(path, scn):
                print(f"{warning} (warning)", file=sys.stderr)
        except ContentError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        if Path(path).stem != scn.id:
            print(f"{path}: warning: the file is named '{Path(path).stem}' but its id is "
                  f"'{scn.id}'; name the file {scn.id}.yaml so both find it", file=sys.stderr)
        print(f"{path}: ok ({scn.id}, {len(scn.events)} events, {len(scn.dialogues)} dialogues)")
    if bad:
        print(f"{bad} of {len(args.paths)} file(s) have problems", file=sys.stderr)
        return 2
    return 0


def scenario_schema(args: argparse.Namespace) -> int:
    """Print the scenario JSON Schema, or write it atomically to ``--out``."""
    text = scenario_json_schema()
    if args.out:
        try:
            atomic_write_text(args.out, text)
        except OSError as exc:
            raise ContentError.single(str(args.out), f"cannot write the schema ({exc.strerror})",
                                      hint="check that the folder exists and is writable"
                                      ) from None
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def scenario_show(args: argparse.Namespace) -> int:
    """Print one scenario in plain words (or as JSON)."""
    scn = load_scenario(args.scenario)
    if args.json:
        print(json.dumps(scn.model_dump(mode="json"), indent=2))
        return 0
    c = scn.clinic
    print(f"{scn.title}  [{scn.id}]  tier {scn.tier}, difficulty {scn.difficulty}/5")
    print(f"\n{scn.briefing}\n")
    end = clock_to_minutes(scn.shift.start) + scn.shift.minutes
    print(f"Shift: {scn.shift.start} to {end // 60:02d}:{end % 60:02d}, "
          f"{c.phone_lines} phone line{'s' * (c.phone_lines != 1)}, {len(c.providers)} "
          f"provider{'s' * (len(c.providers) != 1)}")
    for p in c.providers:
        print(f"  - {p.title} ({p.role}), {p.hours}, {round(p.booked * 100)} % booked")
    print("Objectives: " + ", ".join(scn.objectives))
    if scn.situations:
        print("Situations: " + ", ".join(scn.situations))
    print("\nScripted events:")
    for ev in sorted(scn.events, key=lambda e: clock_to_minutes(e.at)):
        detail = {k: v for k, v in ev.model_dump().items()
                  if k not in ("at", "kind", "id", "note") and v is not None}
        words = ", ".join(f"{k}={v}" for k, v in detail.items())
        print(f"  {ev.at}  {ev.kind:<20} {words}")
    return 0


def curriculum_check(args: argparse.Namespace) -> int:
    """Lint the curriculum, the question bank and every shipped scenario; exit 1 on problems.

    Besides cross-references this enforces what the content claims (objectives that are
    scored, checklist evidence that exists, dialogues that branch, plain glossary words)
    and the synthetic-data rules over the pack and the bank
    (:mod:`simulator.curriculum.honesty`, :mod:`simulator.scenarios.synthetic`).
    """
    from simulator.curriculum import honesty
    from simulator.curriculum.path import lint_path, load_path
    from simulator.curriculum.questions import lint_bank, load_bank

    problems: list[Problem] = []
    pack: list[tuple[Path, Scenario, object]] = []
    for path in shipped_scenarios():
        try:
            data, pos = read_yaml_file(path)
            scn = validate_data(Scenario, data, pos)
        except ContentError as exc:
            problems += exc.problems
            continue
        problems += _pack_problems(path, scn, data, pos)
        pack.append((path, scn, pos))
    cur, found = check_curriculum()
    problems += found
    problems += [p for _, scn, pos in pack for p in objective_problems(scn, pos)]
    problems += _curriculum_synthetic()
    # US English and a coherent day (simulator.scenarios.lint), pack and curriculum alike.
    problems += [p for path, scn, _ in pack for p in style_problems(path, scenario=scn)]
    problems += curriculum_style_problems()
    for path, scn, _ in pack:
        for warning in style_warnings(path, scn):
            print(f"{warning} (warning)", file=sys.stderr)

    quiz_ids: set[str] = set()
    try:
        bank, bank_pos = load_bank(located=True)
        quiz_ids = {q.id for q in bank}
        problems += lint_bank(bank, bank_pos, {t.id for t in cur.glossary},
                              {c.id for c in cur.competencies}, {c.id for c in cur.checklist})
    except ContentError as exc:
        problems += exc.problems

    scored = honesty.scored_by_code()
    evidence: dict[str, honesty.Evidence | None] = {}
    for path, scn, pos in pack:
        try:
            evidence[scn.id] = honesty.scenario_evidence(scn)
        except Exception as exc:  # noqa: BLE001 - an engine fault must not hide the lint
            evidence[scn.id] = None
            problems.append(Problem(str(path), 1, 1, "objectives",
                                    f"could not play the scenario to check its objectives "
                                    f"({type(exc).__name__}: {exc})", "fix the engine first"))
        problems += honesty.lint_objectives(pos, list(scn.objectives), scored,  # type: ignore[arg-type]
                                            evidence[scn.id])
        problems += honesty.lint_branching(pos, scn.dialogues)  # type: ignore[arg-type]
    from simulator.resources import data_dir

    _, check_pos = read_yaml_file(data_dir("curriculum") / "checklist.yaml",
                                  display="curriculum/checklist.yaml")
    problems += honesty.lint_shown_by(check_pos, list(cur.checklist), evidence,
                                      {c.id for c in cur.competencies}, quiz_ids, scored)
    _, gloss_pos = read_yaml_file(data_dir("curriculum") / "glossary.yaml",
                                  display="curriculum/glossary.yaml")
    problems += honesty.lint_plain(gloss_pos, list(cur.glossary))

    try:
        tiers = {scn.id: scn.tier for _, scn, _ in pack}
        problems += lint_path(load_path(), tiers, {c.id for c in cur.competencies})
    except ContentError as exc:
        problems += exc.problems
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"curriculum check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"curriculum ok: {len(cur.competencies)} competencies, {len(cur.glossary)} glossary "
          f"terms, {len(cur.checklist)} checklist items, {len(pack)} scenarios linked")
    return 0


def _pack_problems(path: Path, scn: Scenario, data: object, pos: object) -> list[Problem]:
    """What ``scenario validate`` reports for one shipped file.

    Cross-references, real-looking personal data (DOMAIN.md section 9), and a file name that
    differs from the id.
    """
    from simulator.scenarios.lint import lint_scenario
    from simulator.scenarios.synthetic import synthetic_problems

    out = lint_scenario(scn, pos) + synthetic_problems(data, pos)  # type: ignore[arg-type]
    if path.stem != scn.id:
        out.append(pos.problem(("id",), f"the file is named '{path.stem}' but its id is "  # type: ignore[attr-defined]
                               f"'{scn.id}'", f"name the file {scn.id}.yaml"))
    return out


def _curriculum_synthetic(root: Path | None = None) -> list[Problem]:
    """Real-looking personal data anywhere in the curriculum's own YAML files."""
    from simulator.resources import data_dir
    from simulator.scenarios.synthetic import synthetic_problems

    root = root or data_dir("curriculum")
    out: list[Problem] = []
    for path in sorted(root.glob("*.yaml")) + sorted((root / "assessments").glob("*.yaml")):
        try:
            data, pos = read_yaml_file(path, display=f"curriculum/{path.relative_to(root)}")
        except ContentError as exc:
            out += exc.problems
            continue
        out += synthetic_problems(data, pos)
    return out


def curriculum_list(args: argparse.Namespace) -> int:
    """Print the curriculum (JSON with ``--json``)."""
    cur, _ = check_curriculum()
    if args.json:
        print(json.dumps(cur.to_json(), indent=2, ensure_ascii=False))
        return 0
    print("Competencies:")
    for comp in cur.competencies:
        print(f"  {comp.id:<40} {comp.nha_domain.value:<32} {comp.title}")
    print(f"\nGlossary ({len(cur.glossary)} terms):")
    for term in cur.glossary:
        print(f"  {term.term}: {term.definition}")
    print("\nReadiness checklist:")
    for item in cur.checklist:
        print(f"  [ ] {item.statement}")
    return 0


