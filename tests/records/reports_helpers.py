"""A small recorded cohort for the report, certificate and xAPI tests (built once, copied)."""

import os
import shutil
from pathlib import Path

from tests.records.quick import QUICK  # noqa: E402

#: Trainee -> bot. The names check escaping and fonts; the novice fails 'quick'.
COHORT = {"Ada": "novice", "<script>alert(1)</script>": "expert", "Dương Thị Hà": "expert"}


def build_cohort(folder: Path) -> Path:
    """Record one sitting of 'quick' per COHORT trainee in ``folder`` (its data folder)."""
    from simulator.cli import main

    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    old = os.environ.get("FRONTDESK_DATA_DIR")
    os.environ["FRONTDESK_DATA_DIR"] = str(folder)
    try:
        assert main(["assessment", "create", str(folder / "quick.yaml")]) == 0
        for name, bot in COHORT.items():
            sit_as_person(name, bot)
    finally:
        if old is None:
            del os.environ["FRONTDESK_DATA_DIR"]
        else:
            os.environ["FRONTDESK_DATA_DIR"] = old
    return folder


def sit_as_person(name: str, policy: str, assessment_id: str = "quick") -> list[dict]:
    """Record a sitting as a person's (no ``bot`` on the rows), the bot policy at the keys.

    ``frontdesk assessment run --bot`` stores calibration sittings, which reports keep
    apart; a trainee's own sitting is played in the window, so tests drive the same
    records calls headless.
    """
    from simulator.bots import make_bot
    from simulator.engine.expand import expand
    from simulator.records.assessment import assessment_from_text
    from simulator.records.attempts import start
    from simulator.records.runner import play_bot
    from simulator.records.store import Store
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest

    store = Store()
    try:
        row = store.assessment(assessment_id)
        assessment = assessment_from_text(row["yaml"], assessment_id)
        sitting, results = None, []
        for index, part in enumerate(assessment.scenarios):
            path = resolve_scenario_path(part.scenario)
            expanded = expand(load_scenario_file(path), part.seed)
            attempt = start(store, expanded, trainee=name, scenario_sha256=scenario_digest(path),
                            mode="assessment", assessment_id=assessment_id,
                            assessment_sha256=row["sha256"], overrides=assessment.overrides(),
                            part=index, sitting_id=sitting)
            sitting = sitting or attempt.id
            play_bot(attempt, make_bot(policy, expanded.seed))
            results.append(attempt.finish())
        return results
    finally:
        store.close()


_BUILT: list[Path] = []


def cohort_template(tmp_path_factory) -> Path:
    """The recorded cohort, built once per test session and shared by the test files."""
    if not _BUILT:
        _BUILT.append(build_cohort(tmp_path_factory.mktemp("cohort")))
    return _BUILT[0]


def copy_cohort(template: Path, data_dir: Path) -> dict[str, dict]:
    """Copy the recorded cohort into a test's data folder; return its attempts by trainee."""
    for path in [*template.glob("frontdesk.sqlite*"), template / "desk.key",
                 template / "trusted-desks.json"]:
        shutil.copy2(path, data_dir / path.name)
    from simulator.records.store import Store

    store = Store()
    try:
        return {row["trainee"]: row for row in store.attempts("quick")}
    finally:
        store.close()


# -- hand-built attempt rows (the shape Store.attempts(scorecards=True) gives) ---------------


def feedback(code="identity", *, task="t1", count=1, impact=4, critical=False,
             what="Check-in: Ann Lee: handled after checking only name.",
             competency="privacy.identity-verification", dimension="compliance"):
    """One ScoreCard feedback item."""
    return {"code": code, "dimension": dimension, "competency": competency, "clock": "09:00",
            "t": 3600, "task": task, "count": count, "what": what, "why": "", "terms": [],
            "expert_move": "Confirm two identifiers.", "impact": impact, "critical": critical,
            "gap": False, "note": None}


def reply(meaning, task="t7"):
    """A dialogue-reply feedback item rated ``meaning`` by its author (as scoring words it)."""
    return feedback("reply", task=task, impact=1 if meaning == "good" else 3,
                    competency="communication.deescalation", dimension="deescalation",
                    what=f'Billing dispute: to "Why?" you replied "Let me check" '
                         f"({meaning} for someone at the defensive stage).")


def attempt(n, trainee="Ada", *, sitting=None, part=0, overall=50, passed=None,
            shares=None, items=(), fails=(), scenario="calm-morning", seed=3,
            finished_at="2026-12-03T08:30:00+00:00", **extra):
    """A scored attempt row with its ScoreCard; ``shares`` is competency -> (earned, possible)."""
    shares = shares or {"privacy.identity-verification": (5, 10)}
    card = {"competencies": {c: {"earned": e, "possible": p, "percent": e * 100 // p}
                             for c, (e, p) in shares.items()},
            "feedback": list(items), "pass_marks": {"overall": 70},
            "critical_fails": [{"rule": r, "reason": "because", "task": "t1"} for r in fails]}
    row = {"attempt_id": f"a{n:031d}", "sitting_id": sitting or f"s{n}", "part": part,
           "trainee": trainee, "trainee_id": f"id-{trainee}", "assessment_id": "quick",
           "scenario": scenario, "seed": seed, "mode": "assessment", "status": "finished",
           "overall": overall, "passed": overall >= 70 if passed is None else passed,
           "dimensions": {"compliance": overall}, "critical_fails": len(fails),
           "commands": 10, "registration": None, "created_at": finished_at,
           "deadline_at": None, "finished_at": finished_at, "scorecard": card}
    row.update(extra)
    return row
