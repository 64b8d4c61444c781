"""The certificate's layout (fpdf2): A4 landscape, Noto Sans so any supported name prints.

Fonts come from ``assets/fonts`` (see ``fonts``): Noto Sans covers Latin (Vietnamese
included), Greek and Cyrillic; Georgian and Japanese fallbacks are loaded only when a name
needs them. Arabic and Hebrew need text shaping (the optional ``uharfbuzz`` package);
without it, or for letters no shipped font has, the name is refused with a clear message
rather than printed wrongly. The QR code (``segno``) is drawn as vector squares.
"""

from __future__ import annotations

import contextlib
import importlib.util
from datetime import datetime
from typing import Any

from simulator.errors import ContentError, Problem
from simulator.records.certificate import CertificateData
from simulator.records.codes import group
from simulator.records.fonts import FALLBACKS, MAIN, RTL_FALLBACKS, fonts_dir
from simulator.scoring.card import shown

DIMENSION_NAMES = {"prioritization": "Prioritization", "accuracy": "Accuracy",
                   "deescalation": "De-escalation", "compliance": "Compliance"}
INK = (27, 31, 36)
MUTED = (87, 96, 106)
BLUE = (40, 80, 130)


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
    pdf.add_font("Noto", "", str(folder / MAIN[0]))
    pdf.add_font("Noto", "B", str(folder / MAIN[1]))
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


def render(data: CertificateData) -> bytes:
    """The certificate as PDF bytes."""
    import segno
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    assessment = f"{data.assessment_title} ({data.assessment_id})"
    lines = [f"Part {i + 1}: {p.title} (scenario {p.scenario_id}, seed {p.seed}): "
             f"score {p.overall}" for i, p in enumerate(data.parts)]
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(22, 18, 22)
    _register_fonts(pdf, [data.name, assessment, *lines])
    pdf.set_title(f"Certificate: {data.name}")
    pdf.set_author("Front Desk Simulator")
    pdf.set_subject(f"{assessment}; sitting {data.sitting_id}")
    pdf.set_creator("Front Desk Simulator")
    with contextlib.suppress(TypeError, ValueError):
        pdf.set_creation_date(datetime.fromisoformat(data.finished_at))
    pdf.add_page()
    w, h = pdf.w, pdf.h
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, w - 20, h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, w - 26, h - 26)

    def line(text: str, size: float, style: str = "", gap: float = 0.0,
             color: tuple[int, int, int] = INK) -> None:
        pdf.set_font("Noto", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(gap)

    pdf.set_y(22)
    line("FRONT DESK SIMULATOR", 11, "B", 3, BLUE)
    line("Certificate of Achievement", 28, "B", 6)
    line("This certifies that", 13, "", 2, MUTED)
    size = 30.0
    pdf.set_font("Noto", "B", size)
    usable = w - pdf.l_margin - pdf.r_margin
    while size > 12 and pdf.get_string_width(data.name) > usable:
        size -= 1
        pdf.set_font("Noto", "B", size)
    line(data.name, size, "B", 3)
    line(f"passed every part of the assessment, with no critical fail, on "
         f"{_date(data.finished_at)}", 13, "", 2, MUTED)
    line(assessment, 17, "B", 2)
    for text, part in zip(lines, data.parts, strict=True):
        line(text, 11.5, "", 0.5)
        dims = "   ".join(f"{DIMENSION_NAMES.get(k, k)} {shown(v)}"
                           for k, v in part.dimensions.items())
        if dims:
            line(dims, 9.5, "", 1.5, MUTED)
    marks = ", ".join(f"{DIMENSION_NAMES.get(k, k).lower()} {v}"
                      for k, v in sorted(data.pass_marks.items()))
    if marks:
        line(f"Pass marks for each part: {marks}", 9.5, "", 0, MUTED)

    qr_size = 40.0
    top = h - 22 - qr_size
    _draw_qr(pdf, segno.make(data.code, error="m"), w - 22 - qr_size, top, qr_size)
    pdf.set_xy(22, top)
    text_w = w - 44 - qr_size - 6
    pdf.set_font("Noto", "B", 9)
    pdf.set_text_color(*INK)
    pdf.cell(text_w, 5, "Verification code (also in the QR code):", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.set_font("Noto", "", 7.5)
    pdf.multi_cell(text_w, 3.6, group(data.code), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font("Noto", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(text_w, 3.9, "Check it with: frontdesk verify CODE (no network needed; "
                   "on a desk that trusts the issuing desk's key). This PDF is not digitally "
                   "signed; the code is. Synthetic training data: the patients, calls and "
                   "events of these shifts are fictional. This certificate records a "
                   "simulator result, not a license or credential.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _draw_qr(pdf: Any, qr: Any, x: float, y: float, size: float) -> None:
    """Draw a QR code as filled squares (with its quiet zone) at (x, y)."""
    rows = list(qr.matrix_iter(scale=1, border=4))
    cell = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * cell, y + r * cell, (c - start) * cell, cell, style="F")
            else:
                c += 1


__all__ = ["render"]
