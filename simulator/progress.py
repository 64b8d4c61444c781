"""Each trainee's progress: passed scenarios, trainer unlocks, shift scores, quiz attempts.

One small interface (:class:`ProgressStore`) so the path, the picker and endless practice
do not care where progress lives. This implementation keeps a JSON file in the platform's
data folder, written atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from simulator.fileio import atomic_write_text

DEFAULT_TRAINEE = "local"


def progress_path() -> Path:
    """Where progress lives (FRONTDESK_DATA_DIR overrides, for tests)."""
    base = os.environ.get("FRONTDESK_DATA_DIR") or user_data_dir("frontdesk-simulator")
    return Path(base) / "progress.json"


class ProgressStore:
    """Read and update progress for any number of trainees."""

    def __init__(self, path: Path | None = None):
        self.path = path or progress_path()
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def _trainee(self, trainee: str | None) -> dict[str, Any]:
        return self.data.setdefault(trainee or DEFAULT_TRAINEE,
                                    {"passed": [], "unlocked": [], "history": []})

    def record(self, trainee: str | None, scenario_id: str, situations: list[str],
               overall: int, passed: bool) -> None:
        """Store one finished shift."""
        entry = self._trainee(trainee)
        entry["history"].append({"scenario": scenario_id, "situations": list(situations),
                                 "overall": overall, "passed": passed})
        if passed and scenario_id not in entry["passed"]:
            entry["passed"].append(scenario_id)
        self._save()

    def unlock(self, trainee: str | None, tier: str) -> None:
        """A trainer opens a tier for a trainee."""
        entry = self._trainee(trainee)
        if tier not in entry["unlocked"]:
            entry["unlocked"].append(tier)
        self._save()

    def passed(self, trainee: str | None) -> set[str]:
        """Scenario ids the trainee has passed."""
        return set(self._trainee(trainee)["passed"])

    def overrides(self, trainee: str | None) -> set[str]:
        """Tiers a trainer unlocked."""
        return set(self._trainee(trainee)["unlocked"])

    def history(self, trainee: str | None) -> list[dict[str, Any]]:
        """Every finished shift, oldest first."""
        return list(self._trainee(trainee)["history"])

    def record_quiz(self, trainee: str | None, attempt: dict[str, Any]) -> None:
        """Store one quiz attempt (see :func:`simulator.curriculum.quiz.attempt_record`).

        The file is read again first, so a shift finished in another window since this
        store was opened is kept, then written atomically like the rest.
        """
        self._reload()
        self._trainee(trainee).setdefault("quiz", []).append(dict(attempt))
        self._save()

    def quiz_attempts(self, trainee: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Quiz attempts by trainee name, oldest first; one trainee's only when named."""
        names = [trainee] if trainee is not None else sorted(self.data)
        return {name: list(self.data.get(name, {}).get("quiz", [])) for name in names
                if self.data.get(name, {}).get("quiz")}

    def _reload(self) -> None:
        # An unreadable file keeps what is in memory; it is replaced on save.
        with contextlib.suppress(OSError, ValueError):
            self.data = json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(self.data, indent=2, sort_keys=True))
        except OSError:
            pass  # progress is a convenience; a read-only home must not stop play
