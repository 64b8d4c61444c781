"""Tolerant matching of typed data: "St." and "Street", letter case and accents never count.

MOSS-style simulators are hated for marking "123 Main St." wrong against "123 Main Street";
this module decides whether two typed values mean the same thing.
"""

from __future__ import annotations

import re
import unicodedata

_ABBREVIATIONS = {
    "st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive",
    "blvd": "boulevard", "ln": "lane", "ct": "court", "apt": "apartment", "ste": "suite",
    "n": "north", "s": "south", "e": "east", "w": "west", "hwy": "highway", "pl": "place",
}


def normalize(text: str) -> str:
    """Fold case, accents, punctuation, spacing and common abbreviations."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def same_text(typed: str, expected: str) -> bool:
    """Return True when ``typed`` means the same as ``expected``."""
    return normalize(typed) == normalize(expected)


def same_date(typed: str, expected: str) -> bool:
    """Compare dates written as YYYY-MM-DD, MM/DD/YYYY or with other separators."""
    return _date_key(typed) == _date_key(expected) and _date_key(expected) is not None


def _date_key(text: str) -> tuple[int, int, int] | None:
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) != 3:
        return None
    if parts[0] > 31:  # year first
        year, month, day = parts
    else:  # US style month/day/year
        month, day, year = parts
    return (year, month, day)
