"""Does everything fit? An audit of one drawn frame: text in its box, boxes apart.

The layout test (tests/ui/test_layout_fit.py) renders every screen and dialogue state at
100, 150 and 200 % text with an audit switched on, then asks :func:`problems`. While the
audit is on, :class:`TextCache` remembers which surfaces are text and any text it had to
cut short, and :class:`AuditSurface` remembers where each text surface was blitted.

Rules, in the words a person would use:
- no text is cut short with "...";
- every piece of text lies inside the smallest box (panel or button) its first pixel is
  in, and inside the window;
- two pieces of text in the same box do not overlap;
- a button's own label fits the button, and no two buttons overlap;
- two panels either nest or stay apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pygame


@dataclass
class FitAudit:
    """What one frame drew, as far as fitting goes."""

    texts: dict[int, str] = field(default_factory=dict)  # id(surface) -> its text
    clipped: list[str] = field(default_factory=list)
    blits: list[tuple[str, pygame.Rect, int]] = field(default_factory=list)  # text, rect, layer

    def reset_frame(self) -> None:
        """Forget what was drawn (the surfaces stay known as text)."""
        self.clipped.clear()
        self.blits.clear()


class AuditSurface(pygame.Surface):
    """A surface that records where known text surfaces are blitted on it.

    ``origin`` places this surface in the window (a canvas blitted at (0, 0) has (0, 0)),
    so recorded rects are window coordinates.
    """

    audit: FitAudit | None = None
    origin: tuple[int, int] = (0, 0)
    layer = 0

    def blit(self, source, dest, area=None, special_flags=0):  # type: ignore[override]
        """Blit as usual; note the rect when ``source`` is text."""
        rect = super().blit(source, dest, area, special_flags)
        audit = self.audit
        if audit is not None and id(source) in audit.texts and area is None:
            audit.blits.append((audit.texts[id(source)], rect.move(self.origin), self.layer))
        return rect


OVERLAY = 3  # the layer of a panel drawn over the screen (the tutorial's instruction card)


@contextmanager
def overlay(surface: pygame.Surface) -> Iterator[None]:
    """Mark what is drawn inside as an overlay: what it covers is hidden, not overlapped."""
    if not isinstance(surface, AuditSurface):
        yield
        return
    before, surface.layer = surface.layer, OVERLAY
    try:
        yield
    finally:
        surface.layer = before


def _smallest_box(boxes: list[pygame.Rect], point: tuple[int, int]) -> pygame.Rect | None:
    inside = [b for b in boxes if b.collidepoint(point)]
    return min(inside, key=lambda b: b.width * b.height) if inside else None


def problems(audit: FitAudit, window: pygame.Rect, panels: list[pygame.Rect],
             buttons: list[tuple[str, pygame.Rect, int]],
             overlays: list[pygame.Rect] | None = None) -> list[str]:
    """Every way this frame fails to fit, in words (empty when all fits).

    Args:
        audit: What the frame drew.
        window: The window's rect.
        panels: The screen's boxes that may hold text (panels, cards, text areas).
        buttons: Visible buttons as (label, rect, label width in pixels).
        overlays: Panels drawn over the screen: what lies under them is hidden.
    """
    overlays = overlays or []
    found: list[str] = [f"text cut short: {t!r}" for t in dict.fromkeys(audit.clipped)]
    button_rects = [rect for _, rect, _ in buttons]
    boxes = [window, *panels, *button_rects]
    by_box: dict[tuple, list[tuple[str, pygame.Rect]]] = {}
    for text, rect, layer in audit.blits:
        if not text.strip():
            continue
        if not window.contains(rect):
            found.append(f"text outside the window: {text!r} at {tuple(rect)}")
            continue
        if layer == 2:  # a caption: an overlay in its own backing box
            continue
        if layer != OVERLAY and rect.collidelist(overlays) != -1:
            continue  # covered by an overlay panel
        if layer == OVERLAY:
            box = _smallest_box(overlays, rect.topleft) or window
            if not box.contains(rect.inflate(-4, -4)):
                found.append(f"overlay text does not fit: {text!r} in {tuple(box)}")
            by_box.setdefault((tuple(box), layer), []).append((text, rect.inflate(-4, -4)))
            continue
        # A few pixels of a glyph's side bearing may cross the edge without being clipped.
        probe = rect.inflate(-4, -4) if rect.width > 8 and rect.height > 8 else rect
        box = _smallest_box(boxes, probe.topleft) or window
        if not box.contains(probe):
            found.append(f"text does not fit its box: {text!r} {tuple(rect)} in {tuple(box)}")
            continue
        if layer == 0 and box not in button_rects and probe.collidelist(button_rects) != -1:
            found.append(f"text under a button: {text!r} at {tuple(rect)}")
            continue
        by_box.setdefault((tuple(box), layer), []).append((text, probe))
    for items in by_box.values():
        for i, (text_a, a) in enumerate(items):
            for text_b, b in items[i + 1:]:
                if a.colliderect(b) and text_a != text_b:
                    found.append(f"texts overlap: {text_a!r} and {text_b!r}")
    for label, rect, width in buttons:
        if width > rect.width - 6:
            found.append(f"button label does not fit: {label!r} ({width} px in {rect.width})")
        if not window.contains(rect):
            found.append(f"button outside the window: {label!r} at {tuple(rect)}")
    for i, (label_a, a, _) in enumerate(buttons):
        for label_b, b, _ in buttons[i + 1:]:
            if a.colliderect(b):
                found.append(f"buttons overlap: {label_a!r} and {label_b!r}")
    for i, a in enumerate(panels):
        for b in panels[i + 1:]:
            if a.colliderect(b) and not (a.contains(b) or b.contains(a)):
                found.append(f"panels overlap: {tuple(a)} and {tuple(b)}")
    return found
