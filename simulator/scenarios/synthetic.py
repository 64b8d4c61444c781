"""Synthetic data only (DOMAIN.md section 9): find real-looking personal data in content.

Authors write names, phone numbers and messages by hand in scenarios and quiz items; one
pasted from a real record must never ship. Phone numbers must be in the fictional
555-0100..555-0199 range, e-mail addresses at example.com, example.org or example.net, and
nothing may look like a Social Security number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from simulator.errors import Problem
from simulator.positions import PathKey, Positions

#: A US phone number, with or without area code, parentheses, dots or a leading 1.
PHONE = re.compile(r"(?<![\w-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])?(\d{3})[-. ](\d{4})"
                   r"(?![\w-])")
SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})")
SAFE_DOMAINS = frozenset({"example.com", "example.org", "example.net"})


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


def real_looking(text: str) -> list[str]:
    """What in ``text`` looks like real personal data, in words (empty when nothing does)."""
    found = []
    for match in SSN.finditer(text):
        found.append(f"'{match.group(0)}' looks like a Social Security number")
    for match in PHONE.finditer(text):
        exchange, line = match.group(1), match.group(2)
        if not (exchange == "555" and line.startswith("01")):
            found.append(f"'{match.group(0).strip()}' looks like a real phone number")
    for match in EMAIL.finditer(text):
        domain = match.group(1).lower()
        if domain not in SAFE_DOMAINS:
            found.append(f"'{match.group(0)}' looks like a real e-mail address")
    return found


def synthetic_problems(data: Any, pos: Positions, base: PathKey = ()) -> list[Problem]:
    """A problem at each string of ``data`` holding real-looking personal data."""
    out = []
    for path, text in _strings(data, base):
        for what in real_looking(text):
            out.append(pos.problem(path, what, "use only synthetic data: phone numbers "
                                   "555-0100 to 555-0199, e-mail at example.com, no SSNs"))
    return out
