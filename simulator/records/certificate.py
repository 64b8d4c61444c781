"""PDF certificates for passed, signed attempts (fpdf2, Noto Sans so any name prints).

A certificate shows the trainee's display name, the assessment and shift, the date, the
score and the verdict, and the attempt id with its HMAC signature, so anyone holding the
records can check it with ``frontdesk verify ATTEMPT_ID``. It says plainly that the shift
is synthetic training data.

Fonts: Noto Sans Regular and Bold, which ship inside pygame_gui (found without importing
pygame). They cover Latin (Vietnamese included), Greek and Cyrillic; Georgian, Chinese,
Japanese and Korean names use pygame_gui's other Noto fonts as fallbacks, loaded only when
a name needs them. Arabic and Hebrew need text shaping (the optional ``uharfbuzz``
package); without it such a name is refused with a clear message rather than printed
wrongly.

A certificate is refused (:class:`Refused`) for an attempt that is open, failed, unsigned
or whose records no longer verify.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from simulator.errors import ContentError, Problem
from simulator.scoring.card import shown

#: Fallback fonts in pygame_gui's data folder, tried in this order for uncovered letters.
FALLBACKS = (("NotoGeorgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
             ("NotoSC", "NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"),
             ("NotoJP", "NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"),
             ("NotoKR", "NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"))
#: Right-to-left fallbacks, used only when text shaping (uharfbuzz) is available.
RTL_FALLBACKS = (("NotoArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
                 ("NotoHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"))
ATTEMPT_ID = re.compile(r"^[0-9a-f]{32}$")
DIMENSION_NAMES = {"prioritization": "Prioritization", "accuracy": "Accuracy",
                   "deescalation": "De-escalation", "compliance": "Compliance"}


class Refused(Exception):
    """No certificate for this attempt (open, failed, unsigned, or not verifying)."""


@dataclass
class CertificateData:
    """What a certificate prints."""

    name: str
    attempt_id: str
    signature: str
    overall: int
    passed: bool
    finished_at: str
    scenario_id: str
    scenario_title: str
    seed: int
    assessment_id: str | None = None
    assessment_title: str | None = None
    part: int = 0
    parts: int = 1
    dimensions: dict[str, int | None] = field(default_factory=dict)
    pass_marks: dict[str, int] = field(default_factory=dict)


def fonts_dir() -> Path:
    """pygame_gui's data folder, found without importing pygame_gui (which imports pygame)."""
    spec = importlib.util.find_spec("pygame_gui")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "data"
        if (folder / "NotoSans-Regular.ttf").is_file():
            return folder
    return Path(str(resources.files("pygame_gui.data")))


def _date(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    return f"{moment.day} {moment:%B %Y}"


def _needs_rtl(char: str) -> bool:
    return "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufefc"


def _register_fonts(pdf: Any, texts: list[str]) -> None:
    """Register Noto Sans, plus only the fallbacks the texts need; refuse unprintable text."""
    folder = fonts_dir()
    pdf.add_font("Noto", "", str(folder / "NotoSans-Regular.ttf"))
    pdf.add_font("Noto", "B", str(folder / "NotoSans-Bold.ttf"))
    covered = set(pdf.fonts["noto"].cmap)
    missing = {c for text in texts for c in text if not c.isspace() and ord(c) not in covered}
    if not missing:
        return
    candidates = list(FALLBACKS)
    if any(_needs_rtl(c) for c in missing):
        if not importlib.util.find_spec("uharfbuzz"):
            _unprintable({c for c in missing if _needs_rtl(c)})
        pdf.set_text_shaping(True)
        candidates = list(RTL_FALLBACKS) + candidates
    used = []
    for family, regular, bold in candidates:
        if not missing:
            break
        if not (folder / regular).is_file():
            continue
        pdf.add_font(family, "", str(folder / regular))
        cmap = set(pdf.fonts[family.lower()].cmap)
        if missing & {chr(c) for c in cmap}:
            if (folder / bold).is_file():
                pdf.add_font(family, "B", str(folder / bold))
            used.append(family)
            missing = {c for c in missing if ord(c) not in cmap}
    if missing:
        _unprintable(missing)
    pdf.set_fallback_fonts(used, exact_match=False)


def _unprintable(letters: set[str]) -> None:
    rtl = any(_needs_rtl(c) for c in letters)
    raise ContentError([Problem(
        "<records>", 0, 0, "trainee", "the certificate fonts cannot print these letters of "
        f"the name or titles: {' '.join(sorted(letters))}",
        "install the optional 'uharfbuzz' package for right-to-left names" if rtl
        else "store the trainee under a name in a supported script")])


def render_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (A4 landscape)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    assessment = (f"{data.assessment_title} ({data.assessment_id})" if data.assessment_id
                  else "a practice shift")
    shift = (f"Shift {data.part + 1} of {data.parts}: " if data.parts > 1 else "Shift: ") + \
        f"{data.scenario_title} (scenario {data.scenario_id}, seed {data.seed})"
    dims = "   ".join(f"{DIMENSION_NAMES.get(k, k)} {shown(v)}"
                       for k, v in data.dimensions.items())
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(22, 18, 22)
    _register_fonts(pdf, [data.name, assessment, shift])
    pdf.set_title(f"Certificate: {data.name}")
    pdf.set_author("Front Desk Simulator")
    pdf.set_subject(f"{assessment}; attempt {data.attempt_id}")
    pdf.set_creator("Front Desk Simulator")
    with contextlib.suppress(TypeError, ValueError):
        pdf.set_creation_date(datetime.fromisoformat(data.finished_at))
    pdf.add_page()
    w, h = pdf.w, pdf.h
    pdf.set_draw_color(40, 80, 130)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, w - 20, h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, w - 26, h - 26)

    def line(text: str, size: float, style: str = "", gap: float = 0.0,
             color: tuple[int, int, int] = (27, 31, 36)) -> None:
        pdf.set_font("Noto", style, size)
        pdf.set_text_color(*color)
        pdf.cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    pdf.set_y(24)
    line("FRONT DESK SIMULATOR", 11, "B", 4, (40, 80, 130))
    line("Certificate of Achievement", 30, "B", 8)
    line("This certifies that", 13, "", 3, (87, 96, 106))
    size = 30.0
    pdf.set_text_color(27, 31, 36)
    pdf.set_font("Noto", "B", size)
    usable = w - pdf.l_margin - pdf.r_margin
    while size > 12 and pdf.get_string_width(data.name) > usable:
        size -= 1
        pdf.set_font("Noto", "B", size)
    pdf.multi_cell(0, size * 0.5, data.name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    line("passed", 13, "", 2, (87, 96, 106))
    pdf.set_text_color(27, 31, 36)
    pdf.set_font("Noto", "B", 17)
    pdf.multi_cell(0, 9, assessment, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Noto", "", 12)
    pdf.multi_cell(0, 6.5, shift, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    mark = data.pass_marks.get("overall")
    verdict = "PASS" if data.passed else "FAIL"
    line(f"Score {data.overall} / 100: {verdict}" + (f" (pass mark {mark})" if mark else ""),
         15, "B", 2, (17, 99, 41) if data.passed else (164, 14, 38))
    if dims:
        line(dims, 11, "", 2, (87, 96, 106))
    line(f"Date: {_date(data.finished_at)}", 12, "", 0)

    pdf.set_y(h - 52)
    pdf.set_text_color(27, 31, 36)
    pdf.set_font("Noto", "", 9)
    rows = (("Attempt", data.attempt_id),
            ("Signature (HMAC-SHA256)", data.signature),
            ("Check it", f"frontdesk verify {data.attempt_id}"))
    for label, value in rows:
        pdf.set_font("Noto", "B", 9)
        pdf.cell(48, 5, label + ":", new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_font("Noto", "", 9)
        pdf.cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("Noto", "", 8.5)
    pdf.set_text_color(87, 96, 106)
    pdf.multi_cell(0, 4.3, "Synthetic training data: the patients, calls and events of this "
                   "shift are fictional. This certificate records a simulator result, not a "
                   "license. The signature is checked against the training records with the "
                   "command above.", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def certificate_data(store: Any, attempt_id: str) -> CertificateData:
    """Gather and check what a certificate for one attempt needs.

    Raises:
        ContentError: For a malformed or unknown attempt id (bad input).
        Refused: If the attempt is open, failed, unsigned, or its records do not verify.
    """
    from simulator.records.verify import check_attempt

    if not ATTEMPT_ID.match(attempt_id):
        raise ContentError([Problem("<command line>", 0, 0, "ATTEMPT_ID",
                                    f"'{attempt_id}' is not an attempt id (32 hex digits)",
                                    "see 'frontdesk assessment results ID'")])
    row = store.attempt_row(attempt_id)
    if row is None:
        raise ContentError([Problem(store.display, 0, 0, "ATTEMPT_ID",
                                    f"no stored attempt '{attempt_id}'",
                                    "check the id, or pass --db for another database")])
    if row["status"] == "open":
        raise Refused(f"attempt {attempt_id} is still open: there is no result yet")
    if not row["passed"]:
        raise Refused(f"attempt {attempt_id} did not pass (score {row['overall']}): "
                      "certificates are only issued for passed attempts")
    if not row["signature"]:
        raise Refused(f"attempt {attempt_id} is not signed, so a certificate could not be "
                      "checked")
    ok, lines = check_attempt(store, attempt_id)
    if not ok:
        raise Refused(f"attempt {attempt_id} does not verify: " + "; ".join(lines))
    header = json.loads(row["journal_header"])
    card = json.loads(row["scorecard"])
    (attempt,) = store.attempts(attempt_id=attempt_id)
    title, parts = None, 1
    if row["assessment_id"]:
        stored = store.assessment(row["assessment_id"])
        if stored is not None:
            from simulator.records.assessment import assessment_from_text

            title = stored["title"]
            parts = len(assessment_from_text(stored["yaml"], row["assessment_id"]).scenarios)
    return CertificateData(
        name=attempt["trainee"], attempt_id=attempt_id, signature=row["signature"],
        overall=row["overall"], passed=bool(row["passed"]),
        finished_at=row["finished_at"] or row["created_at"], scenario_id=row["scenario_id"],
        scenario_title=header.get("shift", {}).get("title") or row["scenario_id"],
        seed=row["seed"], assessment_id=row["assessment_id"], assessment_title=title,
        part=row["part"], parts=max(parts, row["part"] + 1),
        dimensions=card.get("dimensions", {}), pass_marks=card.get("pass_marks", {}))


__all__ = ["CertificateData", "Refused", "certificate_data", "fonts_dir", "render_pdf"]
