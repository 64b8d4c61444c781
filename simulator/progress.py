"""Each trainee's progress: passed scenarios, trainer unlocks, shift scores, quiz attempts.

One small interface (:class:`ProgressStore`) so the path, the picker and endless practice
do not care where progress lives. It lives in the records store
(:class:`~simulator.records.store.Store`: SQLite in the data folder, or the database
``FRONTDESK_DB`` / ``--db`` names), as append-only rows of ``progress_events``
(:mod:`simulator.records.progress_tables`), so desks sharing one PostgreSQL database share
progress and a trainer sees it.

Progress is a convenience: a database that cannot be opened, read or written (read-only,
locked, unreachable) never stops play. The problem is printed on stderr once and progress
is kept in memory for the rest of the run, as with the JSON file this store replaces. A
``progress.json`` left in the data folder by an older version is imported once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.errors import ContentError

if TYPE_CHECKING:
    from simulator.records.progress_tables import Event
    from simulator.records.store import Store

DEFAULT_TRAINEE = "local"
LEGACY_FILE = "progress.json"

#: Problems already printed in this process: each UI screen opens its own store, and a
#: broken database should be reported once, not at every screen.
_REPORTED: set[str] = set()


def progress_path() -> Path:
    """Where an older version kept progress (FRONTDESK_DATA_DIR overrides, for tests)."""
    from simulator.records.store import data_dir

    return data_dir() / LEGACY_FILE


def _report(message: str) -> None:
    if message not in _REPORTED:
        _REPORTED.add(message)
        print(message, file=sys.stderr)


class ProgressStore:
    """Read and update progress for any number of trainees.

    Args:
        store: An open records store (not closed by this one); None opens the default
            (``FRONTDESK_DB``, else SQLite in the data folder).
        strict: Raise database problems as :class:`~simulator.errors.ContentError` instead
            of carrying on in memory (for a trainer's command, which must not claim a
            change it could not store).
        legacy: An older progress file to import once (default: ``progress.json`` in the
            data folder).
        clock: The current UTC time (the records layer reads the clock; tests pass one).
    """

    def __init__(self, store: Store | None = None, *, strict: bool = False,
                 legacy: Path | None = None,
                 clock: Callable[[], datetime] | None = None):
        from simulator.records.timeutil import utc_now

        self.strict = strict
        self.clock = clock or utc_now
        self.legacy = legacy or progress_path()
        self.owns = store is None
        self.store: Store | None = None
        self.writable = True  # False after a failed write: the rest stays in memory
        self._memory: list[Event] = []  # what could not be stored (or read from the file)
        self._seen: dict[str | None, list[Event]] = {}  # the last rows read, per query
        try:
            self.store = self._open(store)
        except ContentError as exc:
            self._fail(exc)
            self._memory = self._legacy_events()
        if self.store is not None and self.legacy.is_file():
            try:
                self._import(self.store)
            except ContentError as exc:  # tried again next time; meanwhile read the file
                problem = exc.problems[0].message if exc.problems else str(exc)
                _report(f"{self.legacy}: not imported yet ({problem}); read from the file "
                        "for now")
                self._memory = self._legacy_events()

    def _open(self, given: Store | None) -> Store:
        from simulator.records import progress_tables as pt

        store = given if given is not None else pt.open_default_store()
        try:
            pt.ensure_tables(store)
        except ContentError:
            if self.owns:
                store.close()
            raise
        return store

    def _import(self, store: Store) -> None:
        from simulator.records.progress_tables import import_legacy

        result = import_legacy(store, self.legacy, self.clock(), DEFAULT_TRAINEE)
        if result.status == "imported":
            _report(f"{self.legacy}: copied {result.entries} progress entries into the "
                    f"records database ({store.display}); the file is now "
                    f"{self.legacy.name}.imported")
        elif result.status == "unreadable":
            _report(f"{self.legacy}: skipped, not a progress file ({result.reason}); it is "
                    "left in place and not read again")

    def _legacy_events(self) -> list[Event]:
        """The older file's entries, to play on with when the database is unavailable."""
        from simulator.records.progress_tables import parse_legacy

        try:
            return parse_legacy(self.legacy.read_text(encoding="utf-8"), DEFAULT_TRAINEE)
        except (OSError, ValueError):
            return []

    def _fail(self, exc: ContentError, *, reading: bool = True) -> None:
        """Report a database problem once; stop writing, and after a failed read stop reading.

        A locked or read-only database usually still reads: the trainee then keeps seeing
        what is stored plus what this session could only keep in memory.
        """
        if self.strict:
            raise exc
        problem = exc.problems[0] if exc.problems else None
        where = f"{problem.file}: {problem.message}" if problem else str(exc)
        _report(f"{where}; progress is kept for this session only")
        self.writable = False
        if reading:
            if self.store is not None and self.owns:
                self.store.close()
            self.store = None

    def close(self) -> None:
        """Close the records store if this progress store opened it."""
        if self.store is not None and self.owns:
            self.store.close()
        self.store = None

    # -- rows in and out ----------------------------------------------------------------

    def _add(self, event: Event) -> None:
        from simulator.records.progress_tables import add_events

        if self.store is not None and self.writable:
            try:
                add_events(self.store, [event], self.clock())
                return
            except ContentError as exc:
                self._fail(exc, reading=False)
        self._memory.append(event)

    def _events(self, trainee: str | None, kinds: tuple[str, ...]) -> list[Event]:
        """Rows of one trainee (None: everyone), oldest first, then what is only in memory."""
        from simulator.records.progress_tables import read_events

        key = trainee
        if self.store is not None:
            try:
                self._seen[key] = read_events(self.store, trainee)
            except ContentError as exc:
                self._fail(exc)
        rows = self._seen.get(key, []) + [
            e for e in self._memory if trainee is None or e.trainee == trainee]
        return [e for e in rows if e.kind in kinds]

    # -- the interface the path, the picker and endless practice use --------------------

    def record(self, trainee: str | None, scenario_id: str, situations: list[str],
               overall: int, passed: bool) -> None:
        """Store one finished shift."""
        from simulator.records.progress_tables import Event

        self._add(Event(trainee or DEFAULT_TRAINEE, "shift", scenario_id=scenario_id,
                        payload={"situations": list(situations), "overall": int(overall),
                                 "passed": bool(passed)}))

    def unlock(self, trainee: str | None, tier: str) -> None:
        """A trainer opens a tier for a trainee (a second unlock of the same tier is a no-op)."""
        from simulator.records.progress_tables import Event

        if tier not in self.overrides(trainee):
            self._add(Event(trainee or DEFAULT_TRAINEE, "unlock", tier=tier))

    def passed(self, trainee: str | None) -> set[str]:
        """Scenario ids the trainee has passed."""
        return {e.scenario_id for e in self._events(trainee or DEFAULT_TRAINEE,
                                                    ("shift", "pass"))
                if e.scenario_id and (e.kind == "pass" or (e.payload or {}).get("passed"))}

    def overrides(self, trainee: str | None) -> set[str]:
        """Tiers a trainer unlocked."""
        return {e.tier for e in self._events(trainee or DEFAULT_TRAINEE, ("unlock",))
                if e.tier}

    def history(self, trainee: str | None) -> list[dict[str, Any]]:
        """Every finished shift, oldest first.

        Each: ``scenario``, ``situations``, ``overall`` and ``passed``.
        """
        out = []
        for e in self._events(trainee or DEFAULT_TRAINEE, ("shift",)):
            payload = e.payload or {}
            out.append({"scenario": e.scenario_id,
                        "situations": list(payload.get("situations") or []),
                        "overall": payload.get("overall", 0),
                        "passed": bool(payload.get("passed"))})
        return out

    def record_quiz(self, trainee: str | None, attempt: dict[str, Any]) -> None:
        """Store one quiz attempt (see :func:`simulator.curriculum.quiz.attempt_record`).

        A new row: a shift finished on another desk or in another window meanwhile is
        kept, and a trainer reading the same records database sees the attempt.
        """
        from simulator.records.progress_tables import Event

        self._add(Event(trainee or DEFAULT_TRAINEE, "quiz", payload=dict(attempt)))

    def quiz_attempts(self, trainee: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Quiz attempts by trainee name, oldest first; one trainee's only when named."""
        out: dict[str, list[dict[str, Any]]] = {}
        for e in self._events(trainee, ("quiz",)):
            out.setdefault(e.trainee, []).append(dict(e.payload or {}))
        return {name: out[name] for name in sorted(out)}
