"""Certificates: one per assessment sitting, only when the whole sitting passed and verifies.

A certificate is issued for a sitting (every part of an assessment, played in order) when:

* every part the assessment lists is stored, finished and passed, with no critical fail;
* a person played it (a bot's sitting is calibration, never certified);
* every part verifies in full (seals, chain, replay and re-score: see ``verify``).

It prints the trainee's name, the assessment, each part's score, the date, and a
verification code with its QR code (``codes``), signed by this desk's key when the
certificate is made, that ``frontdesk verify CODE`` checks offline. The PDF itself is not
signed: the code is what proves it. The layout is in ``certificate_pdf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import ContentError, Problem

ATTEMPT_ID = re.compile(r"^[0-9a-f]{32}$")


class Refused(Exception):
    """No certificate for this sitting (open, failed, a bot's, or not verifying)."""


@dataclass(frozen=True)
class PartResult:
    """One shift of the sitting, as the certificate prints it."""

    scenario_id: str
    title: str
    seed: int
    overall: int
    dimensions: dict[str, int | None] = field(default_factory=dict)


@dataclass
class CertificateData:
    """What a certificate prints."""

    name: str
    sitting_id: str
    assessment_id: str
    assessment_title: str
    finished_at: str
    parts: list[PartResult]
    pass_marks: dict[str, int] = field(default_factory=dict)
    code: str = ""

    @property
    def overall(self) -> int:
        """The lowest part score (every part had to pass)."""
        return min(p.overall for p in self.parts)


def _sitting_rows(store: Any, some_id: str) -> list[dict[str, Any]]:
    """The parts of the sitting that ``some_id`` (a sitting or attempt id) belongs to."""
    rows = store.attempts(sitting_id=some_id)
    if not rows:
        one = store.attempts(attempt_id=some_id)
        if one:
            rows = store.attempts(sitting_id=one[0]["sitting_id"])
    return sorted(rows, key=lambda r: r["part"])


def sitting_problems(store: Any, sitting_id: str) -> list[str]:
    """Every reason the sitting cannot be certified (empty when it can)."""
    from simulator.records.assessment import assessment_from_text
    from simulator.records.verify import check_attempt

    rows = _sitting_rows(store, sitting_id)
    if not rows:
        return [f"no stored sitting '{sitting_id}'"]
    first = rows[0]
    if not first["assessment_id"]:
        return ["certificates are for assessment sittings; this attempt was not part of one"]
    stored = store.assessment(first["assessment_id"])
    if stored is None:
        return [f"assessment '{first['assessment_id']}' is no longer stored"]
    assessment = assessment_from_text(stored["yaml"], first["assessment_id"])
    out = []
    bots = sorted({r["bot"] for r in rows if r.get("bot")})
    if bots:
        out.append(f"the {', '.join(bots)} bot played this sitting: it is a calibration "
                   "run, not a trainee's result")
    wanted = len(assessment.scenarios)
    parts = {r["part"] for r in rows}
    if len(parts) < wanted:
        out.append(f"only {len(parts)} of the assessment's {wanted} parts were played")
    for row in rows:
        label = f"part {row['part'] + 1} ({row['scenario']})"
        if row["status"] == "open":
            out.append(f"{label} is still open")
        elif not row["passed"]:
            out.append(f"{label} did not pass (score {row['overall']})")
        elif row["critical_fails"]:
            out.append(f"{label} has a critical fail")
    if out:
        return out
    for row in rows:
        ok, lines = check_attempt(store, row["attempt_id"])
        if not ok:
            out.append(f"part {row['part'] + 1} does not verify: " + "; ".join(lines))
    return out


def certificate_data(store: Any, some_id: str) -> CertificateData:
    """Gather and check what the certificate for a sitting needs, and sign its code.

    Args:
        store: The records store.
        some_id: The sitting id, or the id of any of its attempts.

    Raises:
        ContentError: For a malformed or unknown id (bad input), or a missing desk key.
        Refused: If the sitting cannot be certified (the reasons are in the message).
    """
    import json

    from simulator.records.codes import make_code
    from simulator.records.keys import load_desk_key

    if not ATTEMPT_ID.match(some_id):
        raise ContentError([Problem("<command line>", 0, 0, "SITTING_ID",
                                    f"'{some_id}' is not a sitting or attempt id (32 hex "
                                    "digits)", "see 'frontdesk assessment results ID'")])
    rows = _sitting_rows(store, some_id)
    if not rows:
        raise ContentError([Problem(store.display, 0, 0, "SITTING_ID",
                                    f"no stored sitting or attempt '{some_id}'",
                                    "check the id, or pass --db for another database")])
    key = load_desk_key()
    problems = sitting_problems(store, rows[0]["sitting_id"])
    if problems:
        raise Refused("; ".join(problems))
    stored = store.assessment(rows[0]["assessment_id"])
    parts = []
    for row in rows:
        header = json.loads(store.attempt_row(row["attempt_id"])["journal_header"])
        parts.append(PartResult(row["scenario"], header.get("shift", {}).get("title")
                                or row["scenario"], row["seed"], row["overall"],
                                row["dimensions"] or {}))
    card = store.attempt(rows[0]["attempt_id"])["scorecard"] or {}
    finished = max(str(r["finished_at"]) for r in rows)
    data = CertificateData(name=rows[0]["trainee"], sitting_id=rows[0]["sitting_id"],
                           assessment_id=rows[0]["assessment_id"],
                           assessment_title=stored["title"], finished_at=finished,
                           parts=parts, pass_marks=card.get("pass_marks", {}))
    data.code = make_code({"v": 1, "n": data.name, "a": data.assessment_id,
                           "t": data.assessment_title, "s": data.sitting_id,
                           "d": finished[:10],
                           "p": [[p.scenario_id, p.overall] for p in parts]}, key)
    return data


def render_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (see ``certificate_pdf``)."""
    from simulator.records.certificate_pdf import render

    return render(data)


__all__ = ["CertificateData", "PartResult", "Refused", "certificate_data", "render_pdf",
           "sitting_problems"]
