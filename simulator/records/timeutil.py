"""Wall-clock helpers for the records (the records layer may read the clock; the core never)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current wall-clock time, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A UTC ISO 8601 string with whole seconds (these sort correctly as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
