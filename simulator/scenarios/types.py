"""Shared field types for content models: slugs, clock times, shares, the strict base."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from simulator.contentmodel import Slug, Strict, Text

__all__ = ["Slug", "Strict", "Text"]  # the content base and types, for the scenario models

CompetencyId = Annotated[str, StringConstraints(pattern=r"^[a-z]+\.[a-z0-9-]+$")]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Rate = Annotated[float, Field(ge=0.0, le=120.0)]

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def clock_to_minutes(value: str) -> int:
    """Convert "HH:MM" to minutes after midnight."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _check_clock(value: str) -> str:
    match = _CLOCK.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a clock time; write it as HH:MM, e.g. \"09:40\"")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _check_range(value: str) -> str:
    parts = value.split("-")
    if len(parts) != 2:
        raise ValueError(f"'{value}' is not a time range; write it as \"08:00-12:00\"")
    start, end = (_check_clock(p) for p in parts)
    if clock_to_minutes(end) <= clock_to_minutes(start):
        raise ValueError(f"'{value}' ends before it starts")
    return f"{start}-{end}"


#: The same rule as a pattern in the exported JSON Schema, so an editor or CI that checks
#: files with it refuses "25:99" as the loader does (whose message says how to write it).
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
RANGE_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]-([01]?[0-9]|2[0-3]):[0-5][0-9]$"
ClockTime = Annotated[str, AfterValidator(_check_clock),
                      WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN})]
TimeRange = Annotated[str, AfterValidator(_check_range),
                      WithJsonSchema({"type": "string", "pattern": RANGE_PATTERN})]


