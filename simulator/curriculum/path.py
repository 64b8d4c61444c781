"""The progression path (``curriculum/path.yaml``): tiers, unlock rules, what each checks."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from simulator.contentmodel import Strict
from simulator.curriculum.models import CompetencyId, Slug, Text
from simulator.errors import Problem
from simulator.resources import data_dir
from simulator.validation import load_model
from simulator.yamlio import read_yaml_file


class Unlock(Strict):
    """What opens a tier: passing ``min_passed`` scenarios of tier ``after``."""

    after: Slug | None = None
    min_passed: int = Field(0, ge=0, le=50)


class Tier(Strict):
    """One step of the path."""

    id: Slug
    title: Text
    summary: Text
    scenarios: list[Slug] = Field(min_length=1)
    unlock: Unlock = Unlock()
    checks: list[CompetencyId] = Field(min_length=1)


class LearningPath(Strict):
    """The whole path, in order."""

    tiers: list[Tier] = Field(min_length=1)

    def tier_of(self, scenario_id: str) -> Tier | None:
        """The tier a scenario belongs to."""
        return next((t for t in self.tiers if scenario_id in t.scenarios), None)

    def unlocked(self, passed: set[str], overrides: set[str]) -> list[str]:
        """Tier ids open to a trainee who passed ``passed`` (plus trainer overrides)."""
        open_ids: list[str] = []
        for tier in self.tiers:
            rule = tier.unlock
            if rule.after is None or tier.id in overrides:
                open_ids.append(tier.id)
                continue
            before = next((t for t in self.tiers if t.id == rule.after), None)
            done = len(passed & set(before.scenarios)) if before else 0
            if rule.after in open_ids and done >= rule.min_passed:
                open_ids.append(tier.id)
        return open_ids


def path_file() -> Path:
    """The shipped path file."""
    return data_dir("curriculum") / "path.yaml"


def load_path(path: Path | None = None) -> LearningPath:
    """Load and validate the path (raises ContentError with lines on problems)."""
    return load_model(LearningPath, path or path_file(), display="curriculum/path.yaml")


def lint_path(lp: LearningPath, scenario_tiers: dict[str, str], competencies: set[str],
              path: Path | None = None) -> list[Problem]:
    """Cross-check the path with the shipped scenarios and the competencies."""
    _, pos = read_yaml_file(path or path_file(), display="curriculum/path.yaml")
    out: list[Problem] = []
    seen: dict[str, str] = {}
    tier_ids = [t.id for t in lp.tiers]
    for i, tier in enumerate(lp.tiers):
        if tier.unlock.after is not None and tier.unlock.after not in tier_ids[:i]:
            out.append(pos.problem(("tiers", i, "unlock", "after"),
                                   f"'{tier.unlock.after}' is not an earlier tier",
                                   "name a tier listed above this one"))
        for j, sid in enumerate(tier.scenarios):
            if sid not in scenario_tiers:
                out.append(pos.problem(("tiers", i, "scenarios", j),
                                       f"no shipped scenario '{sid}'"))
            elif scenario_tiers[sid] != tier.id:
                out.append(pos.problem(("tiers", i, "scenarios", j),
                                       f"'{sid}' says tier '{scenario_tiers[sid]}'",
                                       "make the scenario's tier match the path"))
            if sid in seen:
                out.append(pos.problem(("tiers", i, "scenarios", j),
                                       f"'{sid}' is already in tier '{seen[sid]}'"))
            seen[sid] = tier.id
        for j, cid in enumerate(tier.checks):
            if cid not in competencies:
                out.append(pos.problem(("tiers", i, "checks", j), f"no competency '{cid}'"))
    for sid in sorted(set(scenario_tiers) - set(seen)):
        out.append(pos.problem(("tiers",), f"shipped scenario '{sid}' is on no tier",
                               "add it to the tier its file names"))
    return out
