"""Wall-clock helpers for the records (the records layer may read the clock; the core never)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def utc_now() -> datetime:
    """The current wall-clock time, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A UTC ISO 8601 string with whole seconds (these sort correctly as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def local_text(text: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC time for people: local time with the zone (``3 Dec 2026 14:30 CET``).

    Args:
        text: A stored ISO 8601 time (None or unparsable text is returned as is, or '').
        tz: The zone to show (the machine's local zone when None).
    """
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    shown = moment.astimezone(tz)
    return f"{shown.day} {shown:%b %Y %H:%M} {shown.tzname() or ''}".rstrip()
