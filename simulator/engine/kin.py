"""Who a dialogue's speaker is to the task's person, and what that person must be like.

A scripted event with a dialogue attaches the exchange to one patient of the roster. When
the speaker is someone else ("caller (the patient's daughter)", "parent of an adult
patient"), the patient must fit what they say (the daughter's "dad" is a man old enough to
have an adult daughter) and the task's title says who is talking about whom.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Fit(NamedTuple):
    """What the task's person must be: sex ("f", "m" or None) and a birth-year range."""

    sex: str | None
    born: tuple[int, int] | None


#: Words in the speaker line or the opening beat, and the person they describe. The first
#: rule that matches decides; order runs from the most to the least specific.
_RULES: tuple[tuple[str, Fit], ...] = (
    (r"\bmy (dad|father)\b|\bhis authorization\b|\byour dad\b", Fit("m", (1940, 1966))),
    (r"\bmy (mom|mother|grandmother)\b", Fit("f", (1938, 1966))),
    # The caller who is "a patient's wife" is calling about her husband, and vice versa.
    (r"\bmy husband\b|\bpatient's wife\b", Fit("m", (1950, 1992))),
    (r"\bmy wife\b|\bpatient's husband\b", Fit("f", (1950, 1992))),
    (r"\bmy son is twenty\b|\bmy son\b.*\btwenty\b", Fit("m", (2005, 2006))),
    (r"\badult patient\b|\bmy youngest\b.*\btwenty\b", Fit(None, (2004, 2006))),
    (r"\bmy (twins|kids|son|daughter)\b|\bchild's\b|\bsports physical\b",
     Fit(None, (2011, 2019))),
    (r"\bgranddaughter\b|\bgrandson\b|\bretired\b", Fit(None, (1940, 1958))),
    (r"\bmy roommate\b|\bfriend's\b", Fit(None, (1990, 2004))),
    (r"\bthe man who\b", Fit("m", (1945, 1970))),
)
#: A speaker line that is about someone else, not the speaker's own visit.
_OTHER = re.compile(r"\b(of|for) (a|an|the) [^,()]*\bpatient\b|patient's|\bthe man who\b|"
                    r"\bchild's\b|\bfriend's\b|\bfrom a\b|\bparent\b|\bmother of\b")


#: Adults: anyone who phones, writes or walks in about their own care.
ADULT_BORN = (1938, 2007)
#: Visit types only some people book (a child's check, a pregnancy visit).
_VISIT_RULES: tuple[tuple[str, Fit], ...] = (
    (r"well-child|sports physical|pediatric", Fit(None, (2010, 2022))),
    (r"prenatal|well-woman", Fit("f", (1984, 2004))),
)


def fit_for_visit(type_name: str) -> Fit:
    """Who books a visit of this type: a child for a well-child check, else any adult."""
    low = type_name.lower()
    return next((fit for pattern, fit in _VISIT_RULES if re.search(pattern, low)),
                Fit(None, ADULT_BORN))


def fit_for(speaker: str, opening: str) -> Fit:
    """The person a dialogue is about, from its speaker line and first words."""
    text = f"{speaker} {opening}".lower()
    return next((fit for pattern, fit in _RULES if re.search(pattern, text)), Fit(None, None))


def speaks_for_self(speaker: str) -> bool:
    """True when the speaker is the task's patient ("patient of the absent doctor")."""
    return not _OTHER.search(speaker.lower())


def who(speaker: str, default: str = "patient") -> str:
    """How a task title names the speaker: ``default`` for the patient, else the speaker."""
    return default if speaks_for_self(speaker) else speaker
