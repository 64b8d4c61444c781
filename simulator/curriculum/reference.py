"""The in-shift reference card (``curriculum/reference.yaml``): its prose, and the rules it quotes.

The card's words are content a trainer can edit; the rule values it quotes are not. The
identifiers that count come from :data:`simulator.protocol.VALID_IDENTIFIERS`, the red-flag
symptoms from :data:`simulator.engine.phrases.RED_FLAGS`, and the Good Faith Estimate's
threshold from :data:`simulator.protocol.ESTIMATE_MIN_DAYS`. The file only names them in
plain words, and the loader checks that it names each one exactly once, so a rule is
written in one place and the card can never drift from what the shift scores.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from simulator.contentmodel import Strict
from simulator.curriculum.models import Text
from simulator.engine.phrases import RED_FLAGS
from simulator.errors import Problem
from simulator.everyday.rules import MSP_EMPLOYER_SIZE, RECORDS_DAYS
from simulator.positions import Positions
from simulator.protocol import ESTIMATE_MIN_DAYS, VALID_IDENTIFIERS
from simulator.resources import data_dir
from simulator.validation import load_model

DISPLAY = "curriculum/reference.yaml"
#: Placeholders each text may use, filled from the protocol when the card is built.
PLACEHOLDERS = {"identifiers": "the identifiers that count, in plain words",
                "days": "the Good Faith Estimate threshold in business days",
                "records_days": "days to answer a request for records",
                "msp_size": "employees at which an employer plan pays before Medicare"}



class Section(Strict):
    """A heading and its text (the text may hold {placeholders})."""

    heading: Text
    text: Text


class RedFlagSection(Section):
    """The red-flag list: plain names keyed by the symptoms the shift knows, and a caution."""

    symptoms: dict[str, Text]
    caution: Text


class IdentitySection(Section):
    """The two-identifier rule: plain names keyed by the identifiers the protocol accepts."""

    names: dict[str, Text]


class ReferenceFile(Strict):
    """The whole file."""

    title: Text
    scope: Text
    identity: IdentitySection
    red_flags: RedFlagSection
    emergency_script: Section
    privacy_script: Section
    estimate: Section
    owed: Section
    coverage: Section
    consent_and_records: Section


@dataclass(frozen=True)
class CardSection:
    """One section of the card, ready to show: heading, paragraphs, bullets, a closing note."""

    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ReferenceCard:
    """The card as the desk shows it."""

    title: str
    scope: str
    sections: tuple[CardSection, ...]


def reference_file() -> Path:
    """The shipped reference file."""
    return data_dir("curriculum") / "reference.yaml"


def _cover(names: dict[str, str], wanted: list[str], where: tuple[str, ...],
           what: str, source: str, pos: Positions) -> list[Problem]:
    """Problems when ``names`` does not name every one of ``wanted`` exactly."""
    out = []
    for key in names:
        if key not in wanted:
            out.append(pos.problem((*where, key), f"'{key}' is not {what}",
                                   f"use the ids in {source}: " + ", ".join(wanted),
                                   prefer_key=True))
    missing = [k for k in wanted if k not in names]
    if missing:
        out.append(pos.problem(where, f"no plain name for {what} " + ", ".join(missing),
                               f"add '{missing[0]}: ...' (the list comes from {source})",
                               prefer_key=True))
    return out


def _placeholders(data: ReferenceFile, pos: Positions) -> list[Problem]:
    """Problems for unknown {placeholders}, or a rule's number written out by hand."""
    out = []
    for name in ("identity", "red_flags", "emergency_script", "privacy_script", "estimate",
                 "owed", "coverage", "consent_and_records"):
        text = getattr(data, name).text
        try:
            used = {field for _, field, _, _ in string.Formatter().parse(text) if field}
        except ValueError as exc:
            out.append(pos.problem((name, "text"), f"a brace is not closed ({exc})",
                                   "write placeholders as {days}; double a literal brace"))
            continue
        for field in sorted(used - set(PLACEHOLDERS)):
            out.append(pos.problem((name, "text"), f"unknown placeholder '{{{field}}}'",
                                   "use one of: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)))
    if "{days}" not in data.estimate.text:
        out.append(pos.problem(("estimate", "text"), "the estimate rule's threshold is missing",
                               "write {days} where the number of business days goes (it "
                               "comes from simulator/protocol.py)"))
    return out


def _reference_checks(data: ReferenceFile, _raw: object, pos: Positions) -> list[Problem]:
    """The card's checks beyond its schema: it covers the protocol and fills every blank."""
    problems = _cover(data.identity.names, sorted(VALID_IDENTIFIERS), ("identity", "names"),
                      "an accepted identifier", "simulator/protocol.py VALID_IDENTIFIERS", pos)
    problems += _cover(data.red_flags.symptoms, list(RED_FLAGS), ("red_flags", "symptoms"),
                       "a red-flag symptom", "simulator/engine/phrases.py RED_FLAGS", pos)
    return problems + _placeholders(data, pos)


def load_reference(path: Path | None = None) -> ReferenceCard:
    """Load, check and fill in the reference card.

    Args:
        path: A reference file to read instead of the shipped one.

    Returns:
        The card, with the protocol's values in place.

    Raises:
        ContentError: With every problem, each located by file and line.
    """
    display = DISPLAY if path is None else str(path)
    data = load_model(ReferenceFile, path or reference_file(), display=display,
                      check=_reference_checks)
    # The file's order is the reading order; which ids appear is the protocol's business.
    idents = list(data.identity.names.values())
    values = {"identifiers": ", ".join(idents[:-1]) + " or " + idents[-1],
              "days": str(ESTIMATE_MIN_DAYS), "records_days": str(RECORDS_DAYS),
              "msp_size": str(MSP_EMPLOYER_SIZE)}

    def fill(section: Section, items: tuple[str, ...] = (), note: str = "") -> CardSection:
        # A blank line in a folded YAML block is a newline: one paragraph per line.
        paragraphs = tuple(p.strip() for p in section.text.format(**values).split("\n"))
        return CardSection(section.heading, tuple(p for p in paragraphs if p), items, note)

    flags = data.red_flags
    return ReferenceCard(data.title, data.scope, (
        fill(data.identity),
        fill(flags, tuple(flags.symptoms.values()), flags.caution),
        fill(data.emergency_script),
        fill(data.privacy_script),
        fill(data.estimate),
        fill(data.owed),
        fill(data.coverage),
        fill(data.consent_and_records),
    ))
